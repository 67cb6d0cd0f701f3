//! The demo village shows the pairing handbook part-way through the year: plans, measures, contacts,
//! evaluations, assessments, last year's income and signatures, with some 手册审核 lines of several
//! kinds (not hundreds), and 清除演示数据 still empties it all.

use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use zhucun_core::{demo_reset, demo_team, handbook};
use zhucun_store::Store;

fn count(store: &Store, table: &str) -> i64 {
    store
        .read()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_demo_village_has_handbooks_part_way_through_the_year_and_is_still_cleared_whole() {
    let today = NaiveDate::from_ymd_opt(2024, 9, 15).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let t = std::time::Instant::now();
    demo_team::load_demo_village(&mut store, 300, 300, 1, today).unwrap();
    let all = t.elapsed();
    let t = std::time::Instant::now();
    let mut roster_only = Store::open_in_memory().unwrap();
    zhucun_core::roster::load_demo(&mut roster_only, 300, 300, 1).unwrap();
    eprintln!(
        "demo village with team and handbooks loaded in {all:?} (the roster alone {:?})",
        t.elapsed()
    );

    let (plans, measures, incomes, sigs, evals, assessments) = (
        count(&store, "handbook_plan"),
        count(&store, "measure"),
        count(&store, "income"),
        count(&store, "signature"),
        count(&store, "evaluation"),
        count(&store, "assessment"),
    );
    eprintln!("plans {plans}, measures {measures}, incomes {incomes}, signatures {sigs}, evaluations {evals}, assessments {assessments}");
    assert!(
        plans > 50 && measures > plans && incomes > 40 && evals > 0 && assessments > 0,
        "{plans} {measures} {incomes} {evals} {assessments}"
    );
    assert!(sigs > 2 * plans, "signatures on most entries: {sigs}");
    let contacts: i64 = store.read().query_row("SELECT count(*) FROM visit WHERE cadre_id IS NOT NULL", [], |r| r.get(0)).unwrap();
    let signed_contacts: i64 = store.read().query_row("SELECT count(DISTINCT row_id) FROM signature WHERE tbl = 'visit'", [], |r| r.get(0)).unwrap();
    eprintln!("cadre contacts {contacts}, signed {signed_contacts}");
    assert!(contacts > 300 && signed_contacts * 10 > contacts * 9, "the cadres' contacts, nearly all signed: {signed_contacts}/{contacts}");

    // 手册审核: some lines of several kinds, not hundreds.
    let audit = handbook::audit(&store, 2024, today).unwrap();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &audit {
        *kinds.entry(a.code.as_str()).or_default() += 1;
    }
    eprintln!("audit 2024: {} lines {kinds:?}", audit.len());
    assert!(
        audit.len() >= 4 && audit.len() < 100,
        "{} lines: {kinds:?}",
        audit.len()
    );
    assert!(kinds.contains_key("P4.unsigned"), "{kinds:?}");
    assert!(kinds.contains_key("P2.month_visit"), "{kinds:?}");
    assert!(kinds.keys().any(|k| *k == "D2" || *k == "D4"), "{kinds:?}");
    let last_year = handbook::audit(&store, 2023, today).unwrap();
    assert!(last_year.len() < 150, "2023: {} lines", last_year.len());
    // 待办 for the month has something to show.
    assert!(!handbook::due(&store, "2024-09", None, today)
        .unwrap()
        .is_empty());

    // Loading twice adds nothing (the team exists): deterministic and not doubled.
    demo_team::load_demo_team(&mut store, today).unwrap();
    assert_eq!(count(&store, "handbook_plan"), plans);
    // The same on a database file, as `zhucun demo` and the app's first start load it.
    let dir = tempfile::tempdir().unwrap();
    let mut again = Store::open(&dir.path().join("demo.db")).unwrap();
    let t = std::time::Instant::now();
    demo_team::load_demo_village(&mut again, 300, 300, 1, today).unwrap();
    eprintln!("on a file: {:?}", t.elapsed());
    assert_eq!(
        (
            count(&again, "measure"),
            count(&again, "signature"),
            count(&again, "visit")
        ),
        (measures, sigs, count(&store, "visit"))
    );

    // Still the demo, and cleared whole.
    assert!(demo_reset::is_demo(&store).unwrap());
    demo_reset::clear_demo(&mut store).unwrap();
    for t in [
        "handbook_plan",
        "measure",
        "evaluation",
        "assessment",
        "income",
        "signature",
        "signature_image",
        "visit",
        "household",
    ] {
        assert_eq!(count(&store, t), 0, "{t} emptied");
    }
    assert!(!demo_reset::is_demo(&store).unwrap());
}

#[test]
fn the_demo_loads_on_any_day_of_the_year_with_a_bounded_audit() {
    for day in ["2026-12-01", "2025-01-01", "2024-04-01", "2024-06-30"] {
        let today = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let mut store = Store::open_in_memory().unwrap();
        demo_team::load_demo_village(&mut store, 300, 300, 1, today)
            .unwrap_or_else(|e| panic!("{day}: {e:?}"));
        assert!(count(&store, "handbook_plan") > 50, "{day}");
        let audit = handbook::audit(&store, today.year(), today).unwrap();
        let unsigned = audit.iter().filter(|a| a.code == "P4.unsigned").count();
        assert!(
            audit.len() < 100 && unsigned < 40,
            "{day}: {} lines, {unsigned} unsigned",
            audit.len()
        );
        assert!(zhucun_core::demo_reset::is_demo(&store).unwrap(), "{day}");
    }
}
