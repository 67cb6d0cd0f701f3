//! A county with two villages and laptops enrolled in the first, on real (in-memory) SQLite stores.
#![allow(dead_code)]

use zhucun_store::sync as ss;
use zhucun_store::{Store, Table, Value};
use zhucun_sync::ops;

pub const VILLAGE: &str = "梅坪村";
pub const HOUSEHOLDS: [&str; 5] = ["h1", "h2", "h3", "h4", "h5"];

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

pub fn county() -> Store {
    county_as(Store::open_in_memory().unwrap())
}

/// Give a fresh store a fixed device id and keys (golden files need them fixed).
pub fn with_identity(s: Store, id: &str, sign: [u8; 32], age_key: &str) -> Store {
    s.read().execute("UPDATE sync_device SET id = ?1", [id]).unwrap();
    ss::set_keys(s.read(), &sign, age_key).unwrap();
    s
}

/// Build the county's two villages in a fresh store.
pub fn county_as(mut c: Store) -> Store {
    ops::init_county(&c).unwrap();
    let mut w = c.write().unwrap();
    let div = |w: &mut zhucun_store::Writer, id: &str, level: &str, parent: Option<&str>, name: &str| {
        w.insert(
            Table::Division,
            id,
            &[
                ("level", t(level)),
                ("parent_id", parent.map_or(Value::Null, t)),
                ("name", t(name)),
                ("code", Value::Null),
                ("village_kind", if level == "村" { t("脱贫村") } else { Value::Null }),
            ],
        )
        .unwrap();
    };
    div(&mut w, "d-county", "县", None, "绥宁县");
    div(&mut w, "d-town", "乡镇", Some("d-county"), "长铺镇");
    div(&mut w, "d-vil", "村", Some("d-town"), VILLAGE);
    div(&mut w, "d-grp", "组", Some("d-vil"), "1组");
    div(&mut w, "d-vil2", "村", Some("d-town"), "田心村");
    div(&mut w, "d-grp2", "组", Some("d-vil2"), "1组");
    for (i, h) in HOUSEHOLDS.iter().enumerate() {
        household(&mut w, h, &format!("430527000000{i}"), "d-vil", "d-grp");
    }
    household(&mut w, "hx", "4305270000099", "d-vil2", "d-grp2");
    w.commit().unwrap();
    c
}

fn household(w: &mut zhucun_store::Writer, id: &str, number: &str, village: &str, group: &str) {
    w.insert(
        Table::Household,
        id,
        &[
            ("number", t(number)),
            ("village_id", t(village)),
            ("group_id", t(group)),
            ("category", t("一般农户")),
            ("phone", Value::Null),
            ("address", Value::Null),
        ],
    )
    .unwrap();
}

/// A new laptop enrolled in [`VILLAGE`].
pub fn laptop(county: &mut Store) -> Store {
    let (bytes, _) = ops::create_enrollment(county, VILLAGE, None).unwrap();
    let mut l = Store::open_in_memory().unwrap();
    ops::enroll(&mut l, &bytes).unwrap();
    l
}

/// Laptop → county → laptop, as on a USB stick.
pub fn round_trip(county: &mut Store, laptop: &mut Store) {
    let out = ops::export_to_county(laptop).unwrap();
    let r = ops::import_bytes(county, &out.bytes).unwrap();
    let back = ops::export_for_peer(county, &r.sender).unwrap();
    ops::import_bytes(laptop, &back.bytes).unwrap();
}

pub fn team_id(l: &Store) -> String {
    ss::device(l.read()).unwrap().team_id.unwrap()
}

/// Every synced row, one line each, in a fixed order; rows of other villages left out.
pub fn content(s: &Store) -> String {
    ss::content_digest(s.read())
        .unwrap()
        .lines()
        .filter(|l| !l.contains("d-vil2") && !l.contains("\"hx\"") && !l.contains("d-grp2"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The whole database file's rows, for "nothing changed" checks.
pub fn everything(s: &Store) -> String {
    let mut out = ss::content_digest(s.read()).unwrap();
    for table in ["sync_change", "sync_relay", "sync_field", "sync_received", "sync_ack", "sync_tombstone", "sync_proposal", "sync_peer"] {
        let mut stmt = s.read().prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..n {
                let v: Value = r.get(i).unwrap();
                out.push_str(&format!("|{v:?}"));
            }
            out.push('\n');
        }
    }
    out.push_str(&format!("{:?}", ss::device(s.read()).unwrap().next_seq));
    out
}
