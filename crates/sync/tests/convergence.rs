//! Convergence under a hostile courier: three laptops and the county make random edits; bundles are
//! duplicated, reordered, dropped, truncated, bit-flipped and replayed; laptop clocks are wrong by up
//! to a year. A damaged bundle must be refused without changing anything; after a final full exchange
//! every replica holds the same content and records the same conflicts, and every pair of same-field
//! edits made without seeing each other is among them.

mod common;

use common::*;
use proptest::prelude::*;
use std::collections::BTreeSet;
use zhucun_store::sync as ss;
use zhucun_store::{Store, Table, Value};
use zhucun_sync::ops;

const YEAR_MS: i64 = 365 * 24 * 3600 * 1000;

#[derive(Clone, Debug)]
enum Action {
    AddMember { laptop: usize, name: u8 },
    EditMember { laptop: usize, pick: usize, role: u8 },
    EditCadrePhone { laptop: usize, pick: usize, phone: u8 },
    DeleteMember { laptop: usize, pick: usize },
    ProposeHousehold { laptop: usize, pick: usize, phone: u8 },
    CountyEditHousehold { pick: usize, phone: u8 },
    CountyParam { value: u8 },
    Export { laptop: usize },
    Return { laptop: usize },
    Deliver { parcel: usize, damage: Damage },
    Decide { accept: bool },
    /// A clean exchange (a laptop online for a moment), so that edits of shared rows become likely.
    RoundTrip { laptop: usize },
}

#[derive(Clone, Debug)]
enum Damage {
    None,
    Truncate(usize),
    BitFlip(usize, u8),
}

fn action() -> impl Strategy<Value = Action> {
    let l = 0..3usize;
    prop_oneof![
        3 => (l.clone(), 0..4u8).prop_map(|(laptop, name)| Action::AddMember { laptop, name }),
        3 => (l.clone(), any::<usize>(), 0..3u8).prop_map(|(laptop, pick, role)| Action::EditMember { laptop, pick, role }),
        2 => (l.clone(), any::<usize>(), 0..3u8).prop_map(|(laptop, pick, phone)| Action::EditCadrePhone { laptop, pick, phone }),
        1 => (l.clone(), any::<usize>()).prop_map(|(laptop, pick)| Action::DeleteMember { laptop, pick }),
        2 => (l.clone(), 0..5usize, 0..3u8).prop_map(|(laptop, pick, phone)| Action::ProposeHousehold { laptop, pick, phone }),
        2 => (0..5usize, 0..3u8).prop_map(|(pick, phone)| Action::CountyEditHousehold { pick, phone }),
        1 => (0..3u8).prop_map(|value| Action::CountyParam { value }),
        4 => l.clone().prop_map(|laptop| Action::Export { laptop }),
        4 => l.prop_map(|laptop| Action::Return { laptop }),
        8 => (any::<usize>(), prop_oneof![
                6 => Just(Damage::None),
                1 => any::<usize>().prop_map(Damage::Truncate),
                1 => (any::<usize>(), 1..=255u8).prop_map(|(at, bit)| Damage::BitFlip(at, bit)),
            ]).prop_map(|(parcel, damage)| Action::Deliver { parcel, damage }),
        1 => any::<bool>().prop_map(|accept| Action::Decide { accept }),
        4 => (0..3usize).prop_map(|laptop| Action::RoundTrip { laptop }),
    ]
}

struct World {
    county: Store,
    laptops: Vec<Store>,
    /// (destination: None = county, Some(i) = laptop i, bytes)
    parcels: Vec<(Option<usize>, Vec<u8>)>,
}

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

fn ids(s: &Store, table: &str) -> Vec<String> {
    let mut stmt = s.read().prepare(&format!("SELECT id FROM {table} ORDER BY id")).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

impl World {
    fn new(skews: [i64; 3]) -> World {
        let mut county = county();
        let mut laptops: Vec<Store> = (0..3).map(|_| laptop(&mut county)).collect();
        for (l, skew) in laptops.iter_mut().zip(skews) {
            l.set_clock_skew_ms(skew);
            round_trip(&mut county, l);
        }
        World { county, laptops, parcels: Vec::new() }
    }

    fn act(&mut self, a: &Action) {
        match a {
            Action::AddMember { laptop, name } => {
                let l = &mut self.laptops[*laptop];
                let team = team_id(l);
                let mut w = l.write().unwrap();
                let cadre = uuid::Uuid::now_v7().to_string();
                w.insert(Table::Cadre, &cadre, &[("name", t(&format!("干部{name}"))), ("unit", Value::Null), ("phone", Value::Null)]).unwrap();
                let m = uuid::Uuid::now_v7().to_string();
                w.insert(
                    Table::TeamMember,
                    &m,
                    &[("team_id", t(&team)), ("cadre_id", t(&cadre)), ("role", t("队员")), ("from_date", t("2024-03-01")), ("to_date", Value::Null)],
                )
                .unwrap();
                w.commit().unwrap();
            }
            Action::EditMember { laptop, pick, role } => {
                let l = &mut self.laptops[*laptop];
                let members = ids(l, "team_member");
                if members.is_empty() {
                    return;
                }
                let id = &members[pick % members.len()];
                let mut w = l.write().unwrap();
                w.update(Table::TeamMember, id, &[("role", t(["第一书记", "队长", "队员"][*role as usize]))]).unwrap();
                w.commit().unwrap();
            }
            Action::EditCadrePhone { laptop, pick, phone } => {
                let l = &mut self.laptops[*laptop];
                let cadres = ids(l, "cadre");
                if cadres.is_empty() {
                    return;
                }
                let id = &cadres[pick % cadres.len()];
                let mut w = l.write().unwrap();
                w.update(Table::Cadre, id, &[("phone", t(&format!("1380000000{phone}")))]).unwrap();
                w.commit().unwrap();
            }
            Action::DeleteMember { laptop, pick } => {
                let l = &mut self.laptops[*laptop];
                let members = ids(l, "team_member");
                if members.is_empty() {
                    return;
                }
                let id = &members[pick % members.len()];
                let mut w = l.write().unwrap();
                w.delete(Table::TeamMember, id).unwrap();
                w.commit().unwrap();
            }
            Action::ProposeHousehold { laptop, pick, phone } => {
                let l = &mut self.laptops[*laptop];
                let mut w = l.write().unwrap();
                w.update(Table::Household, HOUSEHOLDS[*pick], &[("phone", t(&format!("1390000000{phone}")))]).unwrap();
                w.commit().unwrap();
            }
            Action::CountyEditHousehold { pick, phone } => {
                let mut w = self.county.write().unwrap();
                w.update(Table::Household, HOUSEHOLDS[*pick], &[("address", t(&format!("{phone}号")))]).unwrap();
                w.commit().unwrap();
            }
            Action::CountyParam { value } => {
                let exists = !ids_param(&self.county).is_empty();
                let mut w = self.county.write().unwrap();
                if exists {
                    w.update(Table::Parameter, "attendance.month_days", &[("value", t(&format!("{}", 18 + value)))]).unwrap();
                } else {
                    w.insert(Table::Parameter, "attendance.month_days", &[("value", t(&format!("{}", 18 + value))), ("source", Value::Null)]).unwrap();
                }
                w.commit().unwrap();
            }
            Action::Export { laptop } => {
                let out = ops::export_to_county(&self.laptops[*laptop]).unwrap();
                self.parcels.push((None, out.bytes));
            }
            Action::Return { laptop } => {
                let id = ss::device(self.laptops[*laptop].read()).unwrap().id;
                // The county knows a laptop only after its first bundle; the setup made sure of that.
                let out = ops::export_for_peer(&self.county, &id).unwrap();
                self.parcels.push((Some(*laptop), out.bytes));
            }
            Action::Deliver { parcel, damage } => {
                if self.parcels.is_empty() {
                    return;
                }
                let (to, bytes) = self.parcels[parcel % self.parcels.len()].clone();
                let mut bytes = bytes;
                let damaged = match damage {
                    Damage::None => false,
                    Damage::Truncate(at) => {
                        bytes.truncate(at % bytes.len());
                        true
                    }
                    Damage::BitFlip(at, bit) => {
                        let i = at % bytes.len();
                        bytes[i] ^= bit;
                        true
                    }
                };
                let store = match to {
                    None => &mut self.county,
                    Some(i) => &mut self.laptops[i],
                };
                let before = everything(store);
                let result = ops::import_bytes(store, &bytes);
                if damaged {
                    assert!(result.is_err(), "a damaged bundle must be refused");
                }
                if let Err(e) = result {
                    assert!(e.keeps_file(), "refusal of a damaged file: {e:?}");
                    assert_eq!(before, everything(store), "a refused bundle changed the database ({e:?})");
                }
            }
            Action::Decide { accept } => decide_all(&mut self.county, *accept),
            Action::RoundTrip { laptop } => round_trip(&mut self.county, &mut self.laptops[*laptop]),
        }
    }

    /// Everyone sends everything, the county decides, everyone receives; twice, so that decisions and
    /// relayed changes made in the first round arrive too.
    fn settle(&mut self) {
        for _ in 0..2 {
            for l in &mut self.laptops {
                let out = ops::export_to_county(l).unwrap();
                ops::import_bytes(&mut self.county, &out.bytes).unwrap();
            }
            decide_all(&mut self.county, true);
            for l in &mut self.laptops {
                let id = ss::device(l.read()).unwrap().id;
                let out = ops::export_for_peer(&self.county, &id).unwrap();
                ops::import_bytes(l, &out.bytes).unwrap();
            }
        }
    }
}

fn ids_param(s: &Store) -> Vec<String> {
    let mut stmt = s.read().prepare("SELECT key FROM parameter").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn decide_all(county: &mut Store, accept: bool) {
    let open = ss::proposals(county.read(), true).unwrap();
    let mut w = county.write().unwrap();
    for p in open {
        w.decide_proposal(&p.origin, p.seq, accept).unwrap();
    }
    w.commit().unwrap();
}

/// Conflicts on team data as (table, row, column, version, values).
fn team_conflicts(s: &Store) -> BTreeSet<(String, String, String, i64, BTreeSet<Option<String>>)> {
    ss::conflicts(s.read(), true)
        .unwrap()
        .into_iter()
        .filter(|c| c.tbl == "team_member" || c.tbl == "cadre")
        .map(|c| (c.tbl, c.row_id, c.col, c.ver, c.values.into_iter().map(|v| v.value).collect()))
        .collect()
}

/// The conflicts that must exist, computed from the county's copy of every team change (laptops') (not from the
/// field table the view reads): same field, same version, different devices, different values.
fn expected_conflicts(county: &Store) -> BTreeSet<(String, String, String, i64, BTreeSet<Option<String>>)> {
    use std::collections::BTreeMap;
    let mut by_field: BTreeMap<(String, String, String, i64), Vec<(String, Option<String>)>> = BTreeMap::new();
    let mut stmt = county.read().prepare("SELECT origin, tbl, row_id, fields FROM sync_relay WHERE op = 2 AND tbl IN ('team_member', 'cadre')").unwrap();
    let rows: Vec<(String, String, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap().map(|r| r.unwrap()).collect();
    for (origin, tbl, row, fields) in rows {
        let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&fields).unwrap();
        for (col, v) in map {
            let ver = v[0].as_i64().unwrap();
            let value = v[1].as_str().map(str::to_string);
            by_field.entry((tbl.clone(), row.clone(), col, ver)).or_default().push((origin.clone(), value));
        }
    }
    by_field
        .into_iter()
        .filter(|(_, vals)| {
            let origins: BTreeSet<_> = vals.iter().map(|v| &v.0).collect();
            let values: BTreeSet<_> = vals.iter().map(|v| &v.1).collect();
            origins.len() > 1 && values.len() > 1
        })
        .map(|((t, r, c, v), vals)| (t, r, c, v, vals.into_iter().map(|v| v.1).collect()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn replicas_converge_whatever_the_courier_does(
        skews in [-YEAR_MS..YEAR_MS, -YEAR_MS..YEAR_MS, -YEAR_MS..YEAR_MS],
        actions in proptest::collection::vec(action(), 1..80),
    ) {
        let mut world = World::new(skews);
        for a in &actions {
            world.act(a);
        }
        world.settle();
        let reference = content(&world.county);
        for (i, l) in world.laptops.iter().enumerate() {
            prop_assert_eq!(&content(l), &reference, "laptop {} differs from the county", i);
        }
        let expected = expected_conflicts(&world.county);
        prop_assert_eq!(&team_conflicts(&world.county), &expected);
        for l in &world.laptops {
            prop_assert_eq!(&team_conflicts(l), &expected);
            prop_assert_eq!(ss::pending(l.read()).unwrap(), 0);
        }
        // Nothing of the other village reached a laptop.
        for l in &world.laptops {
            let n: i64 = l.read().query_row("SELECT count(*) FROM household WHERE village_id = 'd-vil2'", [], |r| r.get(0)).unwrap();
            prop_assert_eq!(n, 0);
        }
    }
}

#[test]
fn concurrent_edits_of_one_field_are_a_conflict_everywhere_and_resolving_it_settles_it() {
    let mut world = World::new([0, YEAR_MS / 2, -YEAR_MS / 2]);
    world.act(&Action::AddMember { laptop: 0, name: 1 });
    world.settle();
    // Laptops 1 and 2 change the same member's role without seeing each other.
    world.act(&Action::EditMember { laptop: 1, pick: 0, role: 0 });
    world.act(&Action::EditMember { laptop: 2, pick: 0, role: 1 });
    world.settle();
    let c = team_conflicts(&world.county);
    assert_eq!(c.len(), 1, "one conflict: {c:?}");
    for l in &world.laptops {
        assert_eq!(team_conflicts(l), c);
        assert_eq!(content(l), content(&world.county));
    }
    let open = ss::conflicts(world.laptops[0].read(), false).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].values.len(), 2, "both values are kept");
    assert_eq!(open[0].label.as_deref(), Some("干部1"), "the list names the member, not an id");
    // Laptop 0 keeps the loser's value; after an exchange the conflict is resolved everywhere.
    let loser = open[0].values.iter().find(|v| !v.winner).unwrap().clone();
    {
        let l = &mut world.laptops[0];
        let mut w = l.write().unwrap();
        w.resolve_conflict(&open[0].tbl, &open[0].row_id, &open[0].col, open[0].ver, &loser.origin).unwrap();
        w.commit().unwrap();
    }
    world.settle();
    for s in world.laptops.iter().chain(std::iter::once(&world.county)) {
        assert!(ss::conflicts(s.read(), false).unwrap().is_empty(), "resolved everywhere");
        let role: String = s.read().query_row("SELECT role FROM team_member", [], |r| r.get(0)).unwrap();
        assert_eq!(Some(role), loser.value);
    }
}

#[test]
fn a_rejected_proposal_is_undone_on_the_laptop_and_an_accepted_one_reaches_the_others() {
    let mut world = World::new([0, 0, 0]);
    world.act(&Action::ProposeHousehold { laptop: 0, pick: 0, phone: 1 });
    world.act(&Action::ProposeHousehold { laptop: 1, pick: 1, phone: 2 });
    for i in 0..2 {
        let out = ops::export_to_county(&world.laptops[i]).unwrap();
        let r = ops::import_bytes(&mut world.county, &out.bytes).unwrap();
        assert_eq!(r.proposals, 1, "roster edits from a laptop are held as proposals");
    }
    let phone = |s: &Store, h: &str| -> Option<String> { s.read().query_row("SELECT phone FROM household WHERE id = ?1", [h], |r| r.get(0)).unwrap() };
    assert_eq!(phone(&world.county, "h1"), None, "the county has not applied it yet");
    let open = ss::proposals(world.county.read(), true).unwrap();
    let from0 = open.iter().find(|p| p.row_id == "h1").unwrap();
    let from1 = open.iter().find(|p| p.row_id == "h2").unwrap();
    {
        let mut w = world.county.write().unwrap();
        w.decide_proposal(&from0.origin, from0.seq, false).unwrap();
        w.decide_proposal(&from1.origin, from1.seq, true).unwrap();
        w.commit().unwrap();
    }
    world.settle();
    for s in world.laptops.iter().chain(std::iter::once(&world.county)) {
        assert_eq!(phone(s, "h1"), None, "rejected: undone on the laptop that proposed it");
        assert_eq!(phone(s, "h2").as_deref(), Some("13900000002"), "accepted: everywhere");
    }
}
