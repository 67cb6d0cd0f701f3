use crate::{day, roster_of};
use zhucun_domain::demo::generate;
use zhucun_domain::household::{Category, RiskStatus};
use zhucun_domain::roster::RosterPairing;
use zhucun_store::roster::{apply_roster, read_roster};
use zhucun_store::Store;

fn change_log_len(store: &Store) -> i64 {
    store.read().query_row("SELECT count(*) FROM sync_change", [], |r| r.get(0)).unwrap()
}

#[test]
fn importing_the_same_roster_twice_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let roster = roster_of(&generate(40, 5));
    let mut w = store.write().unwrap();
    let (first, _, _) = apply_roster(&mut w, &roster, day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    assert_eq!(first.households_added, 40);
    let logged = change_log_len(&store);

    let mut w = store.write().unwrap();
    let (second, changes, _) = apply_roster(&mut w, &roster, day(2024, 10, 1)).unwrap();
    w.commit().unwrap();
    assert_eq!(second.households_unchanged, 40, "a second import of the same file finds every household unchanged");
    assert_eq!((second.households_added, second.households_changed, second.persons_added, second.persons_changed, second.persons_left), (0, 0, 0, 0, 0));
    assert!(changes.is_empty(), "no field changes are reported: {changes:?}");
    assert_eq!(change_log_len(&store), logged, "and nothing is written");
}

#[test]
fn next_months_roster_updates_exactly_what_changed() {
    let mut store = Store::open_in_memory().unwrap();
    let mut hhs = generate(30, 9);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster_of(&hhs), day(2024, 9, 1)).unwrap();
    w.commit().unwrap();

    // Next month: one household becomes monitored, one person leaves a household, one cadre changes.
    let big = hhs.iter().position(|h| h.persons.len() >= 3).unwrap();
    let gone = hhs[big].persons.pop().unwrap();
    let ord = hhs.iter().position(|h| h.category == Category::Ordinary).unwrap();
    hhs[ord].category = Category::Monitored;
    hhs[ord].monitor_category = Some(zhucun_domain::household::MonitorCategory::Sudden);
    hhs[ord].identified_on = Some(day(2024, 9, 20));
    hhs[ord].risk_status = Some(RiskStatus::Open);
    let paired = hhs.iter().position(|h| h.pairing.is_some()).unwrap();
    hhs[paired].pairing = Some(RosterPairing { cadre_name: "新干部".into(), cadre_unit: Some("县财政局".into()), cadre_phone: Some("13900000000".into()), start: day(2024, 10, 1) });

    let mut w = store.write().unwrap();
    let (c, changes, _) = apply_roster(&mut w, &roster_of(&hhs), day(2024, 10, 5)).unwrap();
    w.commit().unwrap();
    assert_eq!(c.households_changed, if big == ord || big == paired || ord == paired { 2 } else { 3 });
    assert_eq!(c.persons_left, 1, "the person missing from the file has left the household");
    assert_eq!((c.pairings_ended, c.pairings_started), (1, 1), "a new cadre ends one pairing and starts another");
    assert!(changes.iter().any(|f| f.field == "户类别" && f.before == "一般农户" && f.after == "监测户"), "{changes:?}");

    let left: Option<String> = store
        .read()
        .query_row("SELECT left_on FROM person WHERE id_number = ?1", [gone.id_number.as_str()], |r| r.get(0))
        .unwrap();
    assert_eq!(left.as_deref(), Some("2024-10-05"), "kept, with the day it left");
    let history: Vec<(String, Option<String>)> = store
        .read()
        .prepare("SELECT start_date, end_date FROM pairing p JOIN household h ON h.id = p.household_id WHERE h.number = ?1 ORDER BY start_date")
        .unwrap()
        .query_map([&hhs[paired].number], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(history.len(), 2, "pairing history is kept");
    assert_eq!(history[0].1.as_deref(), Some("2024-09-30"), "the old pairing ends the day before the new one starts");
    assert_eq!(history[1], ("2024-10-01".to_string(), None));
}

#[test]
fn export_reads_back_what_was_imported() {
    let mut store = Store::open_in_memory().unwrap();
    let hhs = generate(25, 2);
    let roster = roster_of(&hhs);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster, day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    let mut back = read_roster(store.read(), None).unwrap();
    let mut want = roster.households.clone();
    for h in want.iter_mut().chain(back.iter_mut()) {
        h.first_row = 0;
        for p in &mut h.persons {
            p.row = 0;
        }
    }
    want.sort_by(|a, b| a.number.cmp(&b.number));
    back.sort_by(|a, b| a.number.cmp(&b.number));
    assert_eq!(back, want, "the export layout round-trips every field");
}

#[test]
fn a_person_who_moves_to_another_household_is_moved_not_marked_as_left() {
    let mut store = Store::open_in_memory().unwrap();
    let mut hhs = generate(20, 4);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster_of(&hhs), day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    // A daughter marries into another household of the village (分户/嫁入): both orders of processing.
    for (from, to) in [(0usize, 5usize), (12, 3)] {
        let Some(pos) = hhs[from].persons.iter().position(|p| p.relation != zhucun_domain::person::Relation::Head) else { continue };
        let mut moved = hhs[from].persons.remove(pos);
        moved.relation = zhucun_domain::person::Relation::DaughterInLaw;
        let idn = moved.id_number.as_str().to_string();
        hhs[to].persons.push(moved);
        let mut w = store.write().unwrap();
        let (c, changes, _) = apply_roster(&mut w, &roster_of(&hhs), day(2024, 10, 1)).unwrap();
        w.commit().unwrap();
        assert_eq!(c.persons_left, 0, "moving is not leaving");
        assert!(changes.iter().any(|f| f.field == "所在户" && f.before == hhs[from].number && f.after == hhs[to].number), "{changes:?}");
        let (number, left): (String, Option<String>) = store
            .read()
            .query_row("SELECT h.number, p.left_on FROM person p JOIN household h ON h.id = p.household_id WHERE p.id_number = ?1", [&idn], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        assert_eq!((number, left), (hhs[to].number.clone(), None));
    }
}

#[test]
fn risk_types_are_stored_once_reported_when_they_change_and_kept_by_a_sheet_without_them() {
    use zhucun_domain::household::RiskType;
    let mut store = Store::open_in_memory().unwrap();
    let mut hhs = generate(300, 5);
    let m = hhs.iter().position(|h| h.category == Category::Monitored).expect("the demo has monitored households");
    hhs[m].risk_types = vec![RiskType::Illness, RiskType::Schooling];
    let roster = roster_of(&hhs);
    assert!(roster.has_risk_types);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster, day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    let stored: String = store.read().query_row("SELECT risk_types FROM household WHERE number = ?1", [&hhs[m].number], |r| r.get(0)).unwrap();
    assert_eq!(stored, "因病、因学", "canonical labels joined by 、");
    let logged = change_log_len(&store);

    // The same file again: nothing.
    let mut w = store.write().unwrap();
    let (again, changes, _) = apply_roster(&mut w, &roster, day(2024, 10, 1)).unwrap();
    w.commit().unwrap();
    assert_eq!((again.households_changed, again.households_unchanged), (0, 300));
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(change_log_len(&store), logged);

    // A change is reported with the column's name.
    hhs[m].risk_types = vec![RiskType::Illness, RiskType::LackOfLabour];
    let mut w = store.write().unwrap();
    let (c, changes, _) = apply_roster(&mut w, &roster_of(&hhs), day(2024, 10, 5)).unwrap();
    w.commit().unwrap();
    assert_eq!(c.households_changed, 1);
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!((changes[0].household_number.as_str(), changes[0].field.as_str(), changes[0].before.as_str(), changes[0].after.as_str()), (hhs[m].number.as_str(), "风险类型", "因病、因学", "因病、缺劳动力"));

    // A sheet without the column leaves them as they are.
    let mut without = roster_of(&hhs);
    without.has_risk_types = false;
    for h in &mut without.households {
        h.risk_types.clear();
    }
    let mut w = store.write().unwrap();
    let (c, changes, _) = apply_roster(&mut w, &without, day(2024, 10, 6)).unwrap();
    w.commit().unwrap();
    assert_eq!(c.households_changed, 0, "{changes:?}");
    let detail = zhucun_store::households::household_detail(store.read(), &store.read().query_row("SELECT id FROM household WHERE number = ?1", [&hhs[m].number], |r| r.get::<_, String>(0)).unwrap(), day(2024, 10, 6)).unwrap();
    assert_eq!(detail.risk_types, vec![RiskType::Illness, RiskType::LackOfLabour], "and the household page reads them");
    let back = read_roster(store.read(), None).unwrap();
    assert_eq!(back.iter().find(|h| h.number == hhs[m].number).unwrap().risk_types, vec![RiskType::Illness, RiskType::LackOfLabour], "the export writes them back");

    // A household no longer monitored loses them, even from a sheet without the column.
    let h = &mut hhs[m];
    (h.category, h.monitor_category, h.identified_on, h.risk_status, h.eliminated_on) = (Category::Lifted, None, None, None, None);
    h.risk_types.clear();
    let mut without = roster_of(&hhs);
    without.has_risk_types = false;
    let mut w = store.write().unwrap();
    let (_, changes, _) = apply_roster(&mut w, &without, day(2024, 10, 7)).unwrap();
    w.commit().unwrap();
    assert!(changes.iter().any(|c| c.field == "风险类型" && c.before == "因病、缺劳动力" && c.after.is_empty()), "{changes:?}");
}
