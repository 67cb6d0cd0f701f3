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

/// A demo village where household 17 is 胡新平's (户主) with his son 胡小明, and phone 13907391234.
fn hu_store() -> (Store, String) {
    use zhucun_domain::person::Relation;
    let mut store = Store::open_in_memory().unwrap();
    let mut hhs = generate(60, 1);
    // Nobody else answers to the names or initials used below.
    for h in hhs.iter_mut() {
        for p in h.persons.iter_mut() {
            if p.name.starts_with('胡') {
                p.name = format!("李{}", p.name.chars().skip(1).collect::<String>());
            }
        }
        if h.phone.as_deref().is_some_and(|p| p.contains("1391234")) {
            h.phone = None;
        }
    }
    let target = &mut hhs[17];
    target.phone = Some("13907391234".into());
    let head = target.persons.iter_mut().find(|p| p.relation == Relation::Head).unwrap();
    head.name = "胡新平".into();
    let other = target.persons.iter_mut().find(|p| p.relation != Relation::Head).expect("a household of two or more");
    other.name = "胡小明".into();
    let number = target.number.clone();
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster_of(&hhs), day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    (store, number)
}

fn search(store: &Store, q: &str) -> zhucun_store::households::HouseholdPage {
    let f = HouseholdFilter { query: Some(q.to_string()), ..Default::default() };
    list_households(store.read(), &f, day(2024, 9, 1)).unwrap()
}

#[test]
fn pinyin_initials_find_a_household() {
    use zhucun_store::households::initials_match;
    assert!(initials_match("胡新平", "hxp"));
    assert!(initials_match("胡新平", "hx"));
    assert!(!initials_match("胡新平", "hxq"));
    assert!(!initials_match("胡新平", "hxpp"));
    // A surname of two readings: 曾 is zeng and ceng.
    assert!(initials_match("曾国华", "zgh") && initials_match("曾国华", "cgh"));

    let (store, number) = hu_store();
    let page = search(&store, "hxp");
    assert_eq!(page.rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(), vec![number.as_str()]);
    assert_eq!(page.rows[0].matched, None, "the head matched: the row shows him already");
    assert_eq!(search(&store, "HXP").total, 1, "upper-case letters too");
    let page = search(&store, "hxm");
    assert_eq!(page.total, 1);
    assert!(page.rows[0].matched.as_deref().unwrap().starts_with("胡小明（"), "{:?}", page.rows[0].matched);
    assert!(page.rows.iter().all(|r| r.head_id_masked.as_deref().unwrap().contains("********")));
}

#[test]
fn a_member_who_is_not_the_head_is_named_on_the_row() {
    let (store, number) = hu_store();
    let page = search(&store, "胡小明");
    assert_eq!(page.total, 1);
    assert_eq!(page.rows[0].number, number);
    let m = page.rows[0].matched.clone().unwrap();
    assert!(m.starts_with("胡小明（") && m.ends_with('）'), "{m}");
    assert_eq!(search(&store, "胡新平").rows[0].matched, None);
    // Found by its number: nobody to name.
    assert_eq!(search(&store, &number).rows[0].matched, None);
}

#[test]
fn part_of_the_household_phone_finds_it() {
    let (store, number) = hu_store();
    for q in ["13907391234", "1234", "0739123"] {
        let page = search(&store, q);
        assert!(page.rows.iter().any(|r| r.number == number), "{q} finds the household by its phone");
    }
    assert_eq!(search(&store, "99999999").total, 0);
}

#[test]
fn searching_by_initials_stays_fast_for_a_county() {
    // 40,000 households (about 150,000 names): the initials pass must not make the list slow.
    let mut store = Store::open_in_memory().unwrap();
    let hhs = generate(40_000, 7);
    let mut w = store.write().unwrap();
    apply_roster(&mut w, &roster_of(&hhs), day(2024, 9, 1)).unwrap();
    w.commit().unwrap();
    let f = |q: &str| HouseholdFilter { query: Some(q.to_string()), limit: 50, ..Default::default() };
    let plain = std::time::Instant::now();
    list_households(store.read(), &f("张"), day(2024, 9, 1)).unwrap();
    let plain = plain.elapsed();
    let t = std::time::Instant::now();
    let page = list_households(store.read(), &f("zxm"), day(2024, 9, 1)).unwrap();
    let ini = t.elapsed();
    eprintln!("search 张: {plain:?}; zxm: {ini:?} ({} found)", page.total);
    assert!(ini < plain * 3 + std::time::Duration::from_millis(500), "initials {ini:?} against a name search {plain:?}");
}
