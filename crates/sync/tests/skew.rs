//! Schema skew: a newer app's tables, columns and header fields reach an older one, which applies what
//! it knows, keeps the rest as it came, and passes it on; a bundle needing a newer reader says 请升级.

mod common;

use common::*;
use ed25519_dalek::Signer;
use zhucun_store::sync as ss;
use zhucun_store::Store;
use zhucun_sync::{bundle, ops};

/// Write a change as a newer app would have (columns and tables this one does not have).
fn newer_change(s: &Store, tbl: &str, row: &str, op: i64, scope: &str, fields: &str) {
    let d = ss::device(s.read()).unwrap();
    s.read()
        .execute(
            "INSERT INTO sync_change (seq, hlc, tbl, row_id, op, scope, fields) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![d.next_seq, d.hlc + 1, tbl, row, op, scope, fields],
        )
        .unwrap();
    s.read().execute("UPDATE sync_device SET next_seq = next_seq + 1, hlc = hlc + 1", []).unwrap();
}

#[test]
fn unknown_tables_and_columns_are_kept_and_passed_on() {
    let mut county = county();
    let mut a = laptop(&mut county);
    let mut b = laptop(&mut county);
    round_trip(&mut county, &mut a);
    round_trip(&mut county, &mut b);

    // The county (a newer app) changes a household with a column this app lacks, and writes a row of a
    // table this app lacks.
    newer_change(&county, "household", "h1", 2, "d-vil", r#"{"phone":[2,"13911112222"],"wechat":[2,"wx-h1"]}"#);
    newer_change(&county, "visit_photo", "p1", 1, "d-vil", r#"{"household_id":[1,"h1"],"taken_on":[1,"2024-09-01"]}"#);
    let id = ss::device(a.read()).unwrap().id;
    let back = ops::export_for_peer(&county, &id).unwrap();
    let r = ops::import_bytes(&mut a, &back.bytes).unwrap();
    assert_eq!(r.kept_unknown, 2);
    let phone: String = a.read().query_row("SELECT phone FROM household WHERE id = 'h1'", [], |r| r.get(0)).unwrap();
    assert_eq!(phone, "13911112222", "the known column is applied");
    let kept: Vec<String> =
        a.read().prepare("SELECT fields FROM sync_relay WHERE origin <> ?1 ORDER BY seq").unwrap().query_map([&id], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(kept.len(), 2, "both kept as they came: {kept:?}");
    assert!(kept[0].contains("wx-h1") && kept[1].contains("taken_on"));
    let wechat: String =
        a.read().query_row("SELECT value FROM sync_field WHERE row_id = 'h1' AND col = 'wechat'", [], |r| r.get(0)).unwrap();
    assert_eq!(wechat, "wx-h1");

    // A newer laptop's team change with an extra column goes through this (older) county to laptop B.
    let team = team_id(&a);
    {
        let mut w = a.write().unwrap();
        zhucun_store::members::add_member(
            &mut w,
            &zhucun_store::members::NewMember { team_id: &team, name: "甲", role: "队员", from_date: "2024-03-01", to_date: None, phone: None, unit: None },
        )
        .unwrap();
        w.commit().unwrap();
    }
    let member: String = a.read().query_row("SELECT id FROM team_member", [], |r| r.get(0)).unwrap();
    {
        let mut w = a.write().unwrap();
        w.update(zhucun_store::Table::TeamMember, &member, &[("role", zhucun_store::Value::Text("队长".into()))]).unwrap();
        w.commit().unwrap();
    }
    newer_change(&a, "team_member", &member, 2, "d-vil", r#"{"duty":[2,"产业帮扶"]}"#);
    round_trip(&mut county, &mut a);
    round_trip(&mut county, &mut b);
    let role: String = b.read().query_row("SELECT role FROM team_member", [], |r| r.get(0)).unwrap();
    assert_eq!(role, "队长");
    let duty: String = b.read().query_row("SELECT value FROM sync_field WHERE col = 'duty'", [], |r| r.get(0)).unwrap();
    assert_eq!(duty, "产业帮扶", "the unknown column travelled through the county to the other laptop");
    assert_eq!(content(&a), content(&b));
}

#[test]
fn a_header_field_this_reader_does_not_know_is_ignored() {
    let mut county = county();
    let mut a = laptop(&mut county);
    round_trip(&mut county, &mut a);
    let keys = ops::ensure_keys(&a).unwrap();
    let county_keys = ops::ensure_keys(&county).unwrap();
    let out = ops::export_to_county(&a).unwrap();
    let plain = bundle::decrypt(&out.bytes, &county_keys.age).unwrap();
    let opened = bundle::parse_plain(&plain).unwrap();
    // Re-write the header as a newer writer would: one more key in the map, signed again.
    let mut head: ciborium::Value = ciborium::from_reader(&opened.signed[16..]).unwrap();
    if let ciborium::Value::Map(m) = &mut head {
        m.push((ciborium::Value::Text("priority".into()), ciborium::Value::Integer(3.into())));
    }
    let mut head_bytes = Vec::new();
    ciborium::into_writer(&head, &mut head_bytes).unwrap();
    let mut newer = Vec::new();
    newer.extend_from_slice(bundle::MAGIC);
    newer.extend_from_slice(&plain[8..12]);
    newer.extend_from_slice(&(head_bytes.len() as u32).to_le_bytes());
    newer.extend_from_slice(&head_bytes);
    let sig = keys.sign.sign(&newer);
    newer.extend_from_slice(&sig.to_bytes());
    newer.extend_from_slice(&opened.body);
    let file = bundle::encrypt(&newer, &[county_keys.public().age]).unwrap();
    ops::import_bytes(&mut county, &file).expect("read despite the unknown header field");

    // With min_reader raised it is refused with 请升级, and nothing changes.
    newer[10] = 9;
    let file = bundle::encrypt(&newer, &[county_keys.public().age]).unwrap();
    let before = everything(&county);
    let e = ops::import_bytes(&mut county, &file).unwrap_err();
    assert_eq!(e.code(), "sync.needs_newer");
    assert!(e.message_zh().contains("请升级"));
    assert_eq!(before, everything(&county));
}
