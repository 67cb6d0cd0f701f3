//! The handbook rules' read: what a write transaction wrote is seen by a read inside it.

use zhucun_store::{Store, Table, Value};

fn t(s: &str) -> Value {
    Value::Text(s.into())
}

fn visit(w: &mut zhucun_store::Writer, id: &str) {
    w.insert(Table::Visit, id, &[("household_id", t("h1")), ("date", t("2024-09-02")), ("mode", t("入户")), ("members", t("[]")), ("checks", t("[]"))]).unwrap();
}

#[test]
fn records_inside_a_transaction_see_its_writes_and_outside_see_the_committed() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("z.db")).unwrap();
    {
        let mut w = store.write().unwrap();
        w.insert(Table::Division, "v", &[("level", t("村")), ("parent_id", Value::Null), ("name", t("青坡演示村")), ("code", Value::Null), ("village_kind", Value::Null)]).unwrap();
        w.insert(Table::Division, "g", &[("level", t("组")), ("parent_id", t("v")), ("name", t("1组")), ("code", Value::Null), ("village_kind", Value::Null)]).unwrap();
        w.insert(Table::Household, "h1", &[("number", t("4305270001")), ("village_id", t("v")), ("group_id", t("g")), ("category", t("脱贫户"))]).unwrap();
        visit(&mut w, "committed");
        w.commit().unwrap();
    }
    // Outside a transaction (the second connection may be used): the committed visit.
    let r = zhucun_store::handbook::records(store.read(), None, None).unwrap();
    assert_eq!(r.visits.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(), ["committed"]);
    // Inside one: the visit written but not yet committed is read too (the demo's load and batches
    // read what they wrote).
    let mut w = store.write().unwrap();
    visit(&mut w, "pending");
    let r = zhucun_store::handbook::records(w.conn(), None, None).unwrap();
    let mut ids: Vec<&str> = r.visits.iter().map(|v| v.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["committed", "pending"]);
}
