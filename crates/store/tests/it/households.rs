use crate::{day, roster_of};
use zhucun_domain::demo::generate;
use zhucun_domain::household::{Category, Tier};
use zhucun_store::households::{household_detail, list_households, villages, HouseholdFilter};
use zhucun_store::roster::apply_roster;
use zhucun_store::Store;

fn demo_store(n: usize) -> (Store, Vec<zhucun_domain::roster::RosterHousehold>) {
    let mut store = Store::open_in_memory().unwrap();
    let hhs = generate(n, 1);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster_of(&hhs), day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    (store, hhs)
}

#[test]
fn list_masks_every_id_number() {
    let (store, _) = demo_store(60);
    let page = list_households(store.read(), &HouseholdFilter::default(), day(2024, 9, 1)).unwrap();
    assert_eq!(page.total, 60);
    for row in &page.rows {
        let m = row.head_id_masked.as_deref().unwrap();
        assert_eq!(&m[6..14], "********", "the middle of every ID number is masked: {m}");
    }
}

#[test]
fn search_by_name_number_and_id_tail() {
    let (store, hhs) = demo_store(60);
    let target = &hhs[17];
    let find = |q: &str| {
        let f = HouseholdFilter { query: Some(q.to_string()), ..Default::default() };
        list_households(store.read(), &f, day(2024, 9, 1)).unwrap()
    };
    let by_name = find(&target.persons[0].name);
    assert!(by_name.rows.iter().any(|r| r.number == target.number), "search by the head's name finds the household");
    let by_number = find(&target.number);
    assert_eq!(by_number.rows.len(), 1);
    let idn = target.persons.last().unwrap().id_number.as_str().to_lowercase();
    let tail = &idn[idn.len() - 6..];
    assert!(find(tail).rows.iter().any(|r| r.number == target.number), "search by the last 6 characters of any member's ID (lower-case x too)");
    assert_eq!(find("%").total, 0, "LIKE wildcards in the query are matched literally");
}

#[test]
fn filters_by_group_category_and_tier() {
    let (store, hhs) = demo_store(300);
    let v = &villages(store.read()).unwrap()[0];
    assert_eq!(v.groups.len(), 8);
    let g = &v.groups[2];
    let f = HouseholdFilter { village_id: Some(v.id.clone()), group_id: Some(g.id.clone()), ..Default::default() };
    let page = list_households(store.read(), &f, day(2024, 9, 1)).unwrap();
    assert_eq!(page.total, g.households);
    assert!(page.rows.iter().all(|r| r.group == g.name));

    let f = HouseholdFilter { category: Some(Category::Monitored), ..Default::default() };
    let page = list_households(store.read(), &f, day(2024, 9, 1)).unwrap();
    let want = hhs.iter().filter(|h| h.category == Category::Monitored).count() as u32;
    assert_eq!(page.total, want);
    assert_eq!(page.counts.monitored, want, "counts are given before the category filter");

    let f = HouseholdFilter { tier: Some(Tier::A), limit: 5, ..Default::default() };
    let page = list_households(store.read(), &f, day(2024, 9, 1)).unwrap();
    assert!(page.rows.len() <= 5 && page.rows.iter().all(|r| r.tier == Tier::A && r.category == Category::Monitored));
    assert_eq!(page.total, page.counts.tier_a);
}

#[test]
fn household_page_has_members_and_pairing() {
    let (store, hhs) = demo_store(30);
    let paired = hhs.iter().find(|h| h.pairing.is_some()).unwrap();
    let f = HouseholdFilter { query: Some(paired.number.clone()), ..Default::default() };
    let id = list_households(store.read(), &f, day(2024, 9, 1)).unwrap().rows[0].id.clone();
    let d = household_detail(store.read(), &id, day(2024, 9, 1)).unwrap();
    assert_eq!(d.members.len(), paired.persons.len());
    assert_eq!(d.pairings.len(), 1);
    assert_eq!(d.pairings[0].cadre_name, paired.pairing.as_ref().unwrap().cadre_name);
    assert!(d.members.iter().all(|m| m.id_masked.contains("********")));
    assert_eq!(household_detail(store.read(), "nope", day(2024, 9, 1)).unwrap_err().code(), "db.not_found");
}
