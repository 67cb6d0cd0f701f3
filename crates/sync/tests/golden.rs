//! Golden bundles: files written once by this format's writer and checked in, with the outcome each
//! must have. They freeze the format: a change that breaks reading them fails here, and the way
//! forward is a new format version, not new golden files.
//!
//! Regenerate (only when deliberately adding a case): `UPDATE_GOLDEN=1 cargo test -p zhucun-sync --test golden`.

mod common;

use common::*;
use std::path::PathBuf;
use zhucun_store::sync as ss;
use zhucun_store::{Store, Table, Value};
use zhucun_sync::{bundle, ops, SyncError};

// Test-only keys: never used outside these files.
const COUNTY_ID: &str = "county-golden";
const COUNTY_SIGN: [u8; 32] = [1; 32];
const COUNTY_AGE: &str = "AGE-SECRET-KEY-1UZRPLH3JN3F7YC6ZEPD0Y0K8DLPY5HWLP0DXMYRYSSLKPK62GXGQH5D875";
const LAPTOP_ID: &str = "laptop-golden";
const LAPTOP_SIGN: [u8; 32] = [2; 32];
const LAPTOP_AGE: &str = "AGE-SECRET-KEY-17YU3ZTRY0A2VNS33E9Y6FV3GN46A7T4PFK7VVEHJ0YZZA7NQVR6SQ4VVG7";
const FORGER_SIGN: [u8; 32] = [3; 32];
const OTHER_AGE: &str = "AGE-SECRET-KEY-1ZR09NXT6KGYHFA8CKXQSMZJA4Q6AK4JW74PQF4P7K4N7TDJVQ3WSNC7ACS";
const TEAM: &str = "team-golden";

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn keys(sign: [u8; 32], age: &str) -> bundle::Keys {
    bundle::Keys::from_parts(&sign, age).unwrap()
}

/// The county as the golden files expect it: fixed id and keys, the team, the laptop registered.
fn county_fixture() -> Store {
    let c = county_as(with_identity(Store::open_in_memory().unwrap(), COUNTY_ID, COUNTY_SIGN, COUNTY_AGE));
    let mut c = c;
    let mut w = c.write().unwrap();
    w.insert(Table::Team, TEAM, &[("village_id", Value::Text("d-vil".into())), ("backing_units", Value::Text("[]".into()))]).unwrap();
    w.commit().unwrap();
    let lk = keys(LAPTOP_SIGN, LAPTOP_AGE).public();
    ss::add_peer(
        c.read(),
        &ss::Peer {
            id: LAPTOP_ID.into(),
            role: ss::Role::Laptop,
            village_id: Some("d-vil".into()),
            sign_pk: lk.sign,
            age_recipient: lk.age,
            enrolled_at: "2024-09-01T00:00:00.000Z".into(),
            revoked_at: None,
            last_seen: None,
        },
    )
    .unwrap();
    c
}

fn generate() {
    let mut county = county_fixture();
    let mut laptop = with_identity(Store::open_in_memory().unwrap(), LAPTOP_ID, LAPTOP_SIGN, LAPTOP_AGE);
    let (enrollment, _) = ops::create_enrollment(&mut county, VILLAGE, None).unwrap();
    ops::enroll(&mut laptop, &enrollment).unwrap();
    let mut w = laptop.write().unwrap();
    w.insert(Table::Cadre, "cadre-golden", &[("name", Value::Text("干部甲".into())), ("unit", Value::Null), ("phone", Value::Text("13800000000".into()))]).unwrap();
    w.insert(
        Table::TeamMember,
        "member-golden",
        &[
            ("team_id", Value::Text(TEAM.into())),
            ("cadre_id", Value::Text("cadre-golden".into())),
            ("role", Value::Text("第一书记".into())),
            ("from_date", Value::Text("2024-03-01".into())),
            ("to_date", Value::Null),
        ],
    )
    .unwrap();
    w.commit().unwrap();
    let ok = ops::export_to_county(&laptop).unwrap().bytes;
    let county_keys = keys(COUNTY_SIGN, COUNTY_AGE);
    let county_recipient = vec![county_keys.public().age];
    let plain = bundle::decrypt(&ok, &county_keys.age).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir().join(name), bytes).unwrap();
    write("ok.zhcb", &ok);
    write("truncated.zhcb", &ok[..ok.len() / 2]);
    let mut corrupt = ok.clone();
    let mid = corrupt.len() * 2 / 3;
    corrupt[mid] ^= 0x10;
    write("corrupt.zhcb", &corrupt);
    // Same content, signature damaged: as if forged by someone who knows the county's public key.
    let mut forged = plain.clone();
    let opened = bundle::parse_plain(&plain).unwrap();
    let sig_at = opened.signed.len();
    forged[sig_at] ^= 0x01;
    write("bad-signature.zhcb", &bundle::encrypt(&forged, &county_recipient).unwrap());
    write("wrong-recipient.zhcb", &bundle::encrypt(&plain, &[keys(FORGER_SIGN, OTHER_AGE).public().age]).unwrap());
    // A device the county never enrolled, signing with its own key.
    let mut header = opened.header.clone();
    header.sender = "stranger".into();
    header.enroll = None;
    let raw = zstd::bulk::decompress(&opened.body, header.body_raw_len as usize).unwrap();
    let stranger = bundle::seal_plain(&mut header, &raw, &keys(FORGER_SIGN, OTHER_AGE).sign, bundle::FORMAT).unwrap();
    write("unknown-device.zhcb", &bundle::encrypt(&stranger, &county_recipient).unwrap());
    // Written by a future app whose readers must be at least version 2.
    let mut header = opened.header.clone();
    let newer = bundle::seal_plain(&mut header, &raw, &keys(LAPTOP_SIGN, LAPTOP_AGE).sign, 2).unwrap();
    write("needs-newer.zhcb", &bundle::encrypt(&newer, &county_recipient).unwrap());
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("golden file {name}: {e}"))
}

#[test]
fn golden_bundles_have_their_outcomes() {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        generate();
    }
    let refused: [(&str, &str); 6] = [
        ("truncated.zhcb", "sync.truncated"),
        ("corrupt.zhcb", "sync.corrupt"),
        ("bad-signature.zhcb", "sync.bad_signature"),
        ("wrong-recipient.zhcb", "sync.wrong_recipient"),
        ("unknown-device.zhcb", "sync.unknown_device"),
        ("needs-newer.zhcb", "sync.needs_newer"),
    ];
    let mut county = county_fixture();
    for (name, code) in refused {
        let before = everything(&county);
        let e = ops::import_bytes(&mut county, &read(name)).expect_err(name);
        assert_eq!(e.code(), code, "{name}: {e:?}");
        assert!(e.keeps_file(), "{name}: the file is kept for inspection");
        assert!(!e.message_zh().is_empty());
        assert_eq!(before, everything(&county), "{name} changed nothing");
    }
    let needs = ops::import_bytes(&mut county, &read("needs-newer.zhcb")).unwrap_err();
    assert!(needs.message_zh().contains("请升级"), "{}", needs.message_zh());

    // ok, then the same file again: nothing more.
    let r = ops::import_bytes(&mut county, &read("ok.zhcb")).unwrap();
    assert_eq!((r.applied, r.duplicates, r.proposals), (2, 0, 0));
    let name: String = county.read().query_row("SELECT name FROM cadre WHERE id = 'cadre-golden'", [], |r| r.get(0)).unwrap();
    assert_eq!(name, "干部甲");
    let before = content(&county);
    let again = ops::import_bytes(&mut county, &read("ok.zhcb")).unwrap();
    assert_eq!((again.applied, again.duplicates), (0, 2));
    assert_eq!(before, content(&county), "a repeated bundle changes no data");

    // Revoked: the same good file is refused.
    assert!(ops::revoke(&county, LAPTOP_ID).unwrap());
    let e = ops::import_bytes(&mut county, &read("ok.zhcb")).unwrap_err();
    assert_eq!(e.code(), "sync.revoked");
}

#[test]
fn the_golden_bundle_reads_back_field_by_field() {
    let county_keys = keys(COUNTY_SIGN, COUNTY_AGE);
    let plain = bundle::decrypt(&read("ok.zhcb"), &county_keys.age).unwrap();
    let opened = bundle::parse_plain(&plain).unwrap();
    assert_eq!(opened.min_reader, 1);
    assert_eq!(&plain[..8], bundle::MAGIC);
    let h = &opened.header;
    assert_eq!(h.sender, LAPTOP_ID);
    assert_eq!(h.sender_role, ss::Role::Laptop);
    assert_eq!(h.recipients, vec![COUNTY_ID.to_string()]);
    assert_eq!(h.sections, vec![(LAPTOP_ID.to_string(), 1, 2, 2)]);
    assert!(h.enroll.is_some(), "an unconfirmed laptop carries its enrollment claim");
    let sections = opened.verify(&keys(LAPTOP_SIGN, LAPTOP_AGE).public().sign).unwrap();
    let c = &sections[0].changes;
    assert_eq!((c[0].tbl.as_str(), c[0].row_id.as_str(), c[0].op), ("cadre", "cadre-golden", 1));
    assert_eq!(c[0].fields, r#"{"name":[1,"干部甲"],"unit":[1,null],"phone":[1,"13800000000"]}"#);
    assert_eq!(c[1].tbl, "team_member");
    assert_eq!(c[1].scope, "d-vil");
    // Any other key does not verify it.
    assert!(matches!(opened.verify(&keys(FORGER_SIGN, OTHER_AGE).public().sign), Err(SyncError::BadSignature)));
}
