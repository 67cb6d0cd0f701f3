//! 待办 and 手册审核 over a whole county, and the handbook's PDF.
//!
//! The county: 100,000 households in 334 villages; 10% monitored (half with risk not eliminated), 25%
//! 脱贫户, the rest 一般农户 — about 35,000 handbooks, each with a year of entries: a pairing, a plan,
//! two measures, a contact by the cadre every month (in person for tier A), four quarterly evaluations
//! (tier A), four risk-elimination assessments (risk open), an income accounting, and both signatures
//! on most entries. Measured: `due` for the whole team and `audit` for the year as the app and the
//! county server call them (SQLite → records → items). Baseline: one SQL `GROUP BY` counting the same
//! entries per household, nothing else. Goal: under one second each.
//!
//! The PDF: one household's handbook and a 300-household village's, against typst alone typesetting
//! the same pages. Goals: under 0.5 s and under 30 s.

use crate::{median, Args};
use anyhow::Result;
use chrono::{Datelike, Days, NaiveDate};
use std::time::Instant;
use zhucun_domain::handbook::{income_sums, items_json, IncomeItem};
use zhucun_store::{Store, Table, Value};

const HOUSEHOLDS: usize = 100_000;
const VILLAGE: usize = 300;

fn t(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

fn i(n: i64) -> Value {
    Value::Integer(n)
}

/// Counts of what was built.
struct Built {
    handbooks: usize,
    entries: usize,
    signatures: usize,
}

/// A county's households and a year of their handbooks in a fresh database file. Deterministic.
fn build(path: &std::path::Path, households: usize) -> Result<(Store, Built)> {
    let mut store = Store::open(path)?;
    let mut w = store.write()?;
    let mut b = Built { handbooks: 0, entries: 0, signatures: 0 };
    w.insert(Table::Division, "county", &[("level", t("县")), ("parent_id", Value::Null), ("name", t("示范县")), ("code", Value::Null), ("village_kind", Value::Null)])?;
    w.insert(Table::Division, "town", &[("level", t("乡镇")), ("parent_id", t("county")), ("name", t("示范镇")), ("code", Value::Null), ("village_kind", Value::Null)])?;
    // One signature drawn on the pad, used by every signature (content-addressed: stored once).
    let pad = signature_png()?;
    let image = pad.sha256.clone();
    w.insert(
        Table::SignatureImage,
        &image,
        &[
            ("household_id", t("h0")),
            ("mime", t(pad.mime)),
            ("width", i(i64::from(pad.width))),
            ("height", i(i64::from(pad.height))),
            ("bytes", i(pad.bytes.len() as i64)),
            ("data", t(pad.base64())),
        ],
    )?;
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let sign = |w: &mut zhucun_store::Writer, b: &mut Built, h: &str, tbl: &str, row: &str, date: NaiveDate, n: usize| -> Result<()> {
        for (k, role) in ["帮扶责任人", "农户"].iter().enumerate() {
            // About one entry in twelve lacks the household's signature.
            if k == 1 && n % 12 == 5 {
                continue;
            }
            w.insert(
                Table::Signature,
                &format!("{row}-s{k}"),
                &[
                    ("household_id", t(h)),
                    ("tbl", t(tbl)),
                    ("row_id", t(row)),
                    ("role", t(*role)),
                    ("signer", t("签名人")),
                    ("signed_on", t(date.to_string())),
                    ("method", t("屏幕签名")),
                    ("image", t(&image)),
                ],
            )?;
            b.signatures += 1;
        }
        Ok(())
    };
    let mut cadres = std::collections::HashSet::new();
    for n in 0..households {
        let v = format!("v{}", n / VILLAGE);
        let g = format!("{v}-g{}", (n % VILLAGE) / 40);
        if n % VILLAGE == 0 {
            w.insert(Table::Division, &v, &[("level", t("村")), ("parent_id", t("town")), ("name", t(format!("第{}村", n / VILLAGE))), ("code", Value::Null), ("village_kind", t("脱贫村"))])?;
            w.insert(Table::Team, &format!("team-{v}"), &[("village_id", t(&v)), ("backing_units", t("[]"))])?;
        }
        if (n % VILLAGE) % 40 == 0 {
            w.insert(Table::Division, &g, &[("level", t("组")), ("parent_id", t(&v)), ("name", t(format!("{}组", (n % VILLAGE) / 40 + 1))), ("code", Value::Null), ("village_kind", Value::Null)])?;
        }
        let (category, risk) = match n % 20 {
            0 => ("监测户", Some("未消除")),
            1 => ("监测户", Some("已消除")),
            2..=6 => ("脱贫户", None),
            _ => ("一般农户", None),
        };
        let h = format!("h{n}");
        let identified = start + Days::new((n % 200) as u64);
        w.insert(
            Table::Household,
            &h,
            &[
                ("number", t(format!("4305270{n:09}"))),
                ("village_id", t(&v)),
                ("group_id", t(&g)),
                ("category", t(category)),
                ("identified_on", if category == "监测户" { t(identified.to_string()) } else { Value::Null }),
                ("risk_status", risk.map_or(Value::Null, t)),
                ("eliminated_on", if risk == Some("已消除") { t("2023-06-30") } else { Value::Null }),
                ("no_labour", i(i64::from(n % 37 == 0))),
                ("bottom_support", i(i64::from(n % 74 == 0))),
            ],
        )?;
        for k in 0..2 {
            w.insert(
                Table::Person,
                &format!("{h}-p{k}"),
                &[
                    ("household_id", t(&h)),
                    ("ord", i(k)),
                    ("name", t(if k == 0 { "户主甲" } else { "成员乙" })),
                    ("id_number", t(format!("43052719{n:08}{k:02}"))),
                    ("sex", t(if k == 0 { "男" } else { "女" })),
                    ("birth_date", t("1970-01-01")),
                    ("relation", t(if k == 0 { "户主" } else { "配偶" })),
                    ("labour", t("普通劳动力")),
                    ("health", t("健康")),
                ],
            )?;
        }
        if category == "一般农户" {
            continue;
        }
        b.handbooks += 1;
        let cadre = format!("c{}", n / 10);
        if cadres.insert(cadre.clone()) {
            w.insert(Table::Cadre, &cadre, &[("name", t(format!("干部{}", n / 10))), ("unit", t("县直单位")), ("phone", t("13800000000"))])?;
        }
        w.insert(Table::Pairing, &format!("{h}-pair"), &[("household_id", t(&h)), ("cadre_id", t(&cadre)), ("start_date", t("2023-01-01")), ("end_date", Value::Null)])?;
        let tier_a = risk == Some("未消除");
        let plan = format!("{h}-plan");
        w.insert(Table::Plan, &plan, &[("household_id", t(&h)), ("year", i(2024)), ("date", t("2024-01-15")), ("goals", t("稳定增收")), ("planned", t("产业、就业"))])?;
        sign(&mut w, &mut b, &h, "handbook_plan", &plan, NaiveDate::from_ymd_opt(2024, 1, 15).unwrap(), n)?;
        b.entries += 1;
        for k in 0..2 {
            let cat = if k == 0 { "产业" } else { "健康" };
            w.insert(
                Table::Measure,
                &format!("{h}-m{k}"),
                &[("household_id", t(&h)), ("category", t(cat)), ("content", t("发放产业奖补")), ("amount_fen", i(200_000)), ("from_date", t("2024-02-01")), ("to_date", Value::Null), ("status", t("落实中"))],
            )?;
            b.entries += 1;
        }
        for m in 0..12u32 {
            let d = start + chrono::Months::new(m) + Days::new((n % 25) as u64);
            // Tier A in person every month; tier B by phone, in person once a quarter.
            let mode = if tier_a || m % 3 == 1 { "入户" } else { "电话" };
            let id = format!("{h}-v{m}");
            w.insert(
                Table::Visit,
                &id,
                &[("household_id", t(&h)), ("date", t(d.to_string())), ("mode", t(mode)), ("members", t("[]")), ("cadre_id", t(&cadre)), ("checks", t("[]"))],
            )?;
            sign(&mut w, &mut b, &h, "visit", &id, d, n + m as usize)?;
            b.entries += 1;
        }
        for q in 1..=4u32 {
            let d = NaiveDate::from_ymd_opt(2024, q * 3, 20).unwrap();
            if tier_a {
                let id = format!("{h}-e{q}");
                w.insert(Table::Evaluation, &id, &[("household_id", t(&h)), ("quarter", t(format!("2024-Q{q}"))), ("date", t(d.to_string())), ("changes", t("收入稳定")), ("income_trend", t("持平")), ("risk", t("无新增风险"))])?;
                sign(&mut w, &mut b, &h, "evaluation", &id, d, n + q as usize)?;
                let id = format!("{h}-a{q}");
                w.insert(Table::Assessment, &id, &[("household_id", t(&h)), ("quarter", t(format!("2024-Q{q}"))), ("date", t(d.to_string())), ("result", t("继续监测")), ("reasons", t("收入未稳定超过监测线")), ("assessors", t("甲、乙"))])?;
                sign(&mut w, &mut b, &h, "assessment", &id, d, n + q as usize)?;
                b.entries += 2;
            }
        }
        // Most households have their income accounted by December.
        if n % 9 != 3 {
            let items = [(IncomeItem::Wage, 2_400_000 + (n as i64 % 1000) * 100), (IncomeItem::Crops, 360_000), (IncomeItem::Pension, 240_000)];
            let s = income_sums(&items, 80_000, 2);
            let id = format!("{h}-inc");
            let d = NaiveDate::from_ymd_opt(2024, 12, 5).unwrap();
            w.insert(
                Table::Income,
                &id,
                &[
                    ("household_id", t(&h)),
                    ("year", i(2024)),
                    ("date", t(d.to_string())),
                    ("items", t(items_json(&items))),
                    ("costs_fen", i(80_000)),
                    ("size", i(2)),
                    ("size_reason", Value::Null),
                    ("total_fen", i(s.total)),
                    ("net_fen", i(s.net)),
                    ("per_capita_fen", i(s.per_capita)),
                ],
            )?;
            sign(&mut w, &mut b, &h, "income", &id, d, n)?;
            b.entries += 1;
        }
    }
    w.commit()?;
    Ok((store, b))
}

pub fn run(args: &Args) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let t0 = Instant::now();
    let (store, b) = build(&dir.path().join("county.db"), HOUSEHOLDS)?;
    let built = t0.elapsed().as_secs_f64();
    eprintln!("handbook: built {HOUSEHOLDS} households, {} handbooks, {} entries, {} signatures in {built:.1} s", b.handbooks, b.entries, b.signatures);
    let today = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
    assert_eq!(today.year(), 2024);

    // The parts: reading the records from SQLite, and the rules alone over records in memory.
    let range = zhucun_domain::rules::Period::Year { year: 2024 }.range();
    let params = zhucun_store::worklog::rule_params(store.read())?;
    let mut read = Vec::new();
    let mut records = zhucun_store::handbook::records(store.read(), None, Some(range))?;
    for _ in 0..args.runs {
        let t = Instant::now();
        records = zhucun_store::handbook::records(store.read(), None, Some(range))?;
        read.push(t.elapsed().as_secs_f64());
    }
    let read = median(read);
    let month = zhucun_domain::rules::Period::month(2024, 12);
    let mut engine_due = Vec::new();
    let mut engine_audit = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let n = zhucun_domain::rules::pairing::due(&records, month, None, &params, today).len();
        engine_due.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let m = zhucun_domain::rules::pairing::audit(&records, 2024, &params, today).len();
        engine_audit.push(t.elapsed().as_secs_f64());
        assert!(n > 0 && m > 0);
    }
    let (engine_due, engine_audit) = (median(engine_due), median(engine_audit));
    drop(records);

    // 待办 for the whole county's teams for December (its quarter and the year), as the app calls it.
    let mut due_items = 0;
    let mut due = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        due_items = zhucun_core::handbook::due(&store, "2024-12", None, today)?.len();
        due.push(t.elapsed().as_secs_f64());
    }
    let due = median(due);

    // 手册审核 for 2024.
    let mut audit_items = 0;
    let mut audit = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        audit_items = zhucun_core::handbook::audit(&store, 2024, today)?.len();
        audit.push(t.elapsed().as_secs_f64());
    }
    let audit = median(audit);

    // Baseline: count the same entries per household in SQL, nothing else.
    let mut base = Vec::new();
    for _ in 0..args.runs {
        let t = Instant::now();
        let mut rows = 0usize;
        for sql in [
            "SELECT household_id, substr(date, 1, 7), count(*) FROM visit WHERE voided_on IS NULL AND date BETWEEN '2024-01-01' AND '2024-12-31' GROUP BY 1, 2",
            "SELECT household_id, quarter, count(*) FROM evaluation WHERE voided_on IS NULL GROUP BY 1, 2",
            "SELECT household_id, quarter, count(*) FROM assessment WHERE voided_on IS NULL GROUP BY 1, 2",
            "SELECT household_id, count(*) FROM income WHERE voided_on IS NULL GROUP BY 1",
            "SELECT tbl, row_id, count(*) FROM signature WHERE voided_on IS NULL GROUP BY 1, 2",
        ] {
            let mut stmt = store.read().prepare(sql)?;
            rows += stmt.query_map([], |r| r.get::<_, i64>(2).or_else(|_| r.get::<_, i64>(1)))?.count();
        }
        assert!(rows > b.handbooks);
        base.push(t.elapsed().as_secs_f64());
    }
    let base = median(base);

    let goal = |ok: bool| if ok { "✅" } else { "❌" };
    let mut md = String::new();
    md.push_str("## 结对帮扶手册: 待办 and 手册审核 over a whole county\n\n");
    md.push_str(&format!(
        "{HOUSEHOLDS} households, {} handbooks (10% monitored, 25% 脱贫户), {} dated entries of 2024 and {} signatures in a real SQLite \
         file (built in {built:.1} s). 待办 for every team for December 2024 (with its quarter and the year) on 2024-12-20: {due_items} items; \
         手册审核 for 2024: {audit_items} lines.\n\n",
        b.handbooks, b.entries, b.signatures
    ));
    md.push_str("| measure | time | vs baseline |\n|---|---|---|\n");
    md.push_str(&format!("| baseline: SQL GROUP BYs counting the same visits, evaluations, assessments, incomes and signatures per household | {:.0} ms | 1.00 |\n", base * 1000.0));
    md.push_str(&format!("| reading the records from SQLite (households, persons, pairings, every entry and signature) | {:.0} ms | {:.2}× |\n", read * 1000.0, read / base));
    md.push_str(&format!("| the rules alone, records in memory: 待办 / 审核 | {:.0} ms / {:.0} ms | {:.2}× / {:.2}× |\n", engine_due * 1000.0, engine_audit * 1000.0, engine_due / base, engine_audit / base));
    md.push_str(&format!("| **待办 (`zhucun due`): SQLite → records → items** | **{:.0} ms** | {:.2}× |\n", due * 1000.0, due / base));
    md.push_str(&format!("| **手册审核 (`zhucun handbook audit`): SQLite → records → lines** | **{:.0} ms** | {:.2}× |\n\n", audit * 1000.0, audit / base));
    md.push_str(&format!("Goals: each under one second: 待办 {:.2} s {}, 审核 {:.2} s {}.\n\n", due, goal(due < 1.0), audit, goal(audit < 1.0)));
    drop(store);
    md.push_str(&pdf(args)?);
    Ok(md)
}

/// A 600×200 pad drawing (a few dark strokes on transparent), as the app stores it.
fn signature_png() -> Result<zhucun_core::sig_image::PreparedImage> {
    let mut img = image::RgbaImage::new(600, 200);
    for x in 40..560u32 {
        let y = 100.0 + 50.0 * ((x as f64) / 37.0).sin() * ((x as f64) / 210.0).cos();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(199), image::Rgba([20, 20, 30, 255]));
        }
    }
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)?;
    Ok(zhucun_core::sig_image::prepare(&png, 1200, 200)?)
}

/// The PDF of one household and of a 300-household village, against typst alone on the same pages.
fn pdf(args: &Args) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let (store, b) = build(&dir.path().join("village.db"), VILLAGE)?;
    let today = NaiveDate::from_ymd_opt(2024, 12, 20).unwrap();
    let t = Instant::now();
    let printer = zhucun_print::Printer::new()?;
    let fonts = t.elapsed().as_secs_f64();
    let image = |sha: &str| zhucun_core::handbook::signature_image(&store, sha).ok().flatten();
    // A tier A household (a year of monthly visits, four evaluations and assessments) and the village.
    let one = vec![zhucun_core::handbook::handbook(&store, "4305270000000000", 2024, today)?];
    let mut numbers: Vec<String> = Vec::new();
    {
        let mut stmt = store.read().prepare("SELECT number FROM household WHERE category <> '一般农户' ORDER BY number")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for r in rows {
            numbers.push(r?);
        }
    }
    let t = Instant::now();
    let village: Vec<_> = numbers.iter().map(|n| zhucun_core::handbook::handbook(&store, n, 2024, today)).collect::<Result<_, _>>()?;
    let views = t.elapsed().as_secs_f64();

    let time = |books: &[zhucun_core::handbook_view::HandbookView], runs: usize| -> Result<(f64, f64, usize)> {
        let (mut whole, mut alone, mut bytes) = (Vec::new(), Vec::new(), 0);
        for _ in 0..runs {
            printer.forget();
            let t = Instant::now();
            let pdf = printer.handbooks(books, &image)?;
            whole.push(t.elapsed().as_secs_f64());
            bytes = pdf.len();
            let job = printer.prepare(books, &image)?;
            printer.forget();
            let t = Instant::now();
            printer.typeset_only(&job)?;
            alone.push(t.elapsed().as_secs_f64());
        }
        Ok((median(whole), median(alone), bytes))
    };
    // The first print of a session also parses the fonts it uses: timed apart, then every run is warm
    // in that sense and cold in typst's memoisation.
    let t = Instant::now();
    printer.handbooks(&one, &image)?;
    let first = t.elapsed().as_secs_f64();
    let (one_whole, one_alone, one_bytes) = time(&one, args.runs)?;
    let (v_whole, v_alone, v_bytes) = time(&village, 1.max(args.runs / 3))?;

    let goal = |ok: bool| if ok { "✅" } else { "❌" };
    let mut md = String::new();
    md.push_str("## 结对帮扶手册: the PDF

");
    md.push_str(&format!(
        "A 300-household village with {} handbooks and their year of entries (every contact, evaluation and income signed on the pad, one image stored once). Timed from cold (typst's memoisation cleared before each run); the baseline is typst alone typesetting the same prepared pages. Building the village's {} views from SQLite took {:.0} ms and is not included.\n\n",
        b.handbooks,
        village.len(),
        views * 1000.0
    ));
    md.push_str("| print | zhucun (view → data → typst → PDF) | typst alone, same pages | ratio | PDF size |\n|---|---|---|---|---|\n");
    md.push_str(&format!("| one household (tier A, a full year) | {:.0} ms | {:.0} ms | {:.2}× | {} KB |\n", one_whole * 1000.0, one_alone * 1000.0, one_whole / one_alone, one_bytes / 1024));
    md.push_str(&format!("| the village ({} handbooks) | {:.1} s | {:.1} s | {:.2}× | {} KB |\n\n", village.len(), v_whole, v_alone, v_whole / v_alone, v_bytes / 1024));
    md.push_str(&format!(
        "Loading the fonts (`Printer::new`, once per session) took {:.0} ms; the session's first print of one household, which also parses the glyphs it uses, {:.0} ms.\n\n",
        fonts * 1000.0,
        first * 1000.0
    ));
    md.push_str(&format!("Goals: one household under 0.5 s: {:.2} s {}; a 300-household village under 30 s: {:.1} s {}.\n\n", one_whole, goal(one_whole < 0.5), v_whole, goal(v_whole < 30.0)));
    Ok(md)
}
