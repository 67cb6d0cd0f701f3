//! 走访进度 over a whole county: 100,000 households in 334 villages (10% monitored, the rest 脱贫户 and
//! 一般农户), a year of visits (each monitored household every month, the others about three times),
//! about 400,000 visits in a real SQLite file. Measured: the engine alone (V1 for each month and V2 for
//! the year, records in memory) and the whole check as the app and the county server run it (reading
//! households and visits from SQLite, then the rules). Baseline: one plain SQL `GROUP BY` counting the
//! same visits per household and month. Goal: under one second end to end.

use crate::{median, Args};
use anyhow::Result;
use chrono::{Days, NaiveDate};
use std::time::Instant;
use zhucun_domain::rules::visits::{v1, v2};
use zhucun_domain::rules::Period;
use zhucun_store::visits as sv;
use zhucun_store::worklog as wl;
use zhucun_store::{Store, Table, Value};

const HOUSEHOLDS: usize = 100_000;
const VILLAGE: usize = 300;

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

/// A county's households and their year of visits in a fresh database file. Deterministic.
fn build(path: &std::path::Path) -> Result<(Store, usize)> {
    let mut store = Store::open(path)?;
    let mut w = store.write()?;
    w.insert(Table::Division, "county", &[("level", t("县")), ("parent_id", Value::Null), ("name", t("绥宁县")), ("code", Value::Null), ("village_kind", Value::Null)])?;
    w.insert(Table::Division, "town", &[("level", t("乡镇")), ("parent_id", t("county")), ("name", t("长铺镇")), ("code", Value::Null), ("village_kind", Value::Null)])?;
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let mut visits = 0;
    for i in 0..HOUSEHOLDS {
        let v = format!("v{}", i / VILLAGE);
        let g = format!("{v}-g{}", (i % VILLAGE) / 40);
        if i % VILLAGE == 0 {
            w.insert(Table::Division, &v, &[("level", t("村")), ("parent_id", t("town")), ("name", t(format!("第{}村", i / VILLAGE))), ("code", Value::Null), ("village_kind", t("脱贫村"))])?;
        }
        if (i % VILLAGE) % 40 == 0 {
            w.insert(Table::Division, &g, &[("level", t("组")), ("parent_id", t(&v)), ("name", t(format!("{}组", (i % VILLAGE) / 40 + 1))), ("code", Value::Null), ("village_kind", Value::Null)])?;
        }
        let category = match i % 10 {
            0 => "监测户",
            1..=5 => "脱贫户",
            _ => "一般农户",
        };
        let h = format!("h{i}");
        w.insert(
            Table::Household,
            &h,
            &[
                ("number", t(format!("4305270{i:09}"))),
                ("village_id", t(&v)),
                ("group_id", t(&g)),
                ("category", t(category)),
                ("away", Value::Integer(i64::from(i % 23 == 0))),
            ],
        )?;
        let times = if category == "监测户" { 12 } else { (i % 5) as u64 + 1 };
        for k in 0..times {
            let d = if category == "监测户" { start + chrono::Months::new(k as u32) + Days::new((i % 25) as u64) } else { start + Days::new((i as u64 * 13 + k * 97) % 360) };
            let mode = if (i + k as usize) % 9 == 0 { "电话" } else { "入户" };
            w.insert(
                Table::Visit,
                &format!("{h}-{k}"),
                &[("household_id", t(&h)), ("date", t(d.to_string())), ("mode", t(mode)), ("members", t("[\"m1\"]")), ("checks", t("[]"))],
            )?;
            visits += 1;
        }
    }
    w.commit()?;
    Ok((store, visits))
}

pub fn run(args: &Args) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let t0 = Instant::now();
    let (store, visits) = build(&dir.path().join("county.db"))?;
    let built = t0.elapsed().as_secs_f64();
    eprintln!("visits: built {HOUSEHOLDS} households, {visits} visits in {built:.1} s");
    let today = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
    let (ya, yb) = Period::Year { year: 2024 }.range();
    let params = wl::rule_params(store.read())?;
    let months: Vec<Period> = (1..=12).map(|m| Period::month(2024, m)).collect();

    // The engine alone.
    let households = sv::visit_households(store.read())?;
    let records = sv::visit_records(store.read(), ya, yb)?;
    let mut findings = 0;
    let mut engine = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        findings = months.iter().map(|m| v1(&households, &records, *m, &params, today).len()).sum::<usize>();
        findings += v2(&households, &records, ya, yb, today).len();
        engine.push(t.elapsed().as_secs_f64());
    }
    let engine = median(engine);

    // As the app and the county server run it: households and visits read from SQLite, then the rules.
    let mut whole = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let households = sv::visit_households(store.read())?;
        let records = sv::visit_records(store.read(), ya, yb)?;
        let mut n = months.iter().map(|m| v1(&households, &records, *m, &params, today).len()).sum::<usize>();
        n += v2(&households, &records, ya, yb, today).len();
        assert_eq!(n, findings);
        whole.push(t.elapsed().as_secs_f64());
    }
    let whole = median(whole);

    // The use cases as the CLI calls them, one month and the year (each reads what it needs).
    let mut one = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let n = zhucun_core::visits::check_visits(&store, "2024-09", today)?.len() + zhucun_core::visits::check_coverage(&store, Some(ya), Some(yb), today)?.len();
        assert!(n > 0);
        one.push(t.elapsed().as_secs_f64());
    }
    let one = median(one);

    // Baseline: count the same visits per household and month in SQL, nothing else.
    let mut base = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let mut stmt = store.read().prepare(
            "SELECT household_id, substr(date, 1, 7), count(*) FROM visit WHERE voided_on IS NULL AND date BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, 2",
        )?;
        let groups = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?.count();
        assert!(groups > HOUSEHOLDS / 10);
        base.push(t.elapsed().as_secs_f64());
    }
    let base = median(base);

    let goal = |ok: bool| if ok { "✅" } else { "❌" };
    let mut md = String::new();
    md.push_str("## 走访进度: a whole county's year of visits\n\n");
    md.push_str(&format!(
        "{HOUSEHOLDS} households ({} monitored), {visits} visits in 2024, in a real SQLite file (built in {built:.1} s). \
         Checked: V1 for each month of 2024 and V2 for the year, {findings} findings in all.\n\n",
        HOUSEHOLDS / 10
    ));
    md.push_str("| measure | time | vs baseline |\n|---|---|---|\n");
    md.push_str(&format!("| baseline: one SQL GROUP BY counting the same visits per household and month | {:.0} ms | 1.00 |\n", base * 1000.0));
    md.push_str(&format!("| the engine alone (records in memory, 12 months of V1 and the year's V2) | {:.0} ms | {:.2}× |\n", engine * 1000.0, engine / base));
    md.push_str(&format!(
        "| **the whole check (SQLite → records → findings, 12 months of V1 and the year's V2)** | **{:.0} ms** | {:.2}× |\n",
        whole * 1000.0,
        whole / base
    ));
    md.push_str(&format!("| `check visits` for one month plus `check coverage` for the year, as the CLI and server run them | {:.0} ms | {:.2}× |\n\n", one * 1000.0, one / base));
    md.push_str(&format!("Goal: coverage of the whole county's year under one second end to end: {:.2} s {}.\n\n", whole, goal(whole < 1.0)));
    Ok(md)
}
