//! A backlog bigger than one bundle (signature photos: base64 text that does not compress) goes in
//! several bundles, each under the size a receiver accepts, and arrives whole and once: at the county,
//! and relayed from it to a second laptop of the village. A bundle that arrives ahead of the one before
//! it is skipped as a gap (nothing of it applied) and taken when it comes again after.

mod common;

use common::*;
use std::path::Path;
use zhucun_store::sync as ss;
use zhucun_store::{Store, Table, Value};
use zhucun_sync::bundle::MAX_BUNDLE;
use zhucun_sync::ops;

const ROWS: usize = 300;
const ROW_TEXT: usize = 150 * 1024;

fn t(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Base64-looking text that zstd cannot shrink much (like a JPEG in base64).
fn noise(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ALPHABET[(x >> 58) as usize] as char
        })
        .collect()
}

fn laptop_at(county: &mut Store, path: &Path) -> Store {
    let (bytes, _) = ops::create_enrollment(county, VILLAGE, None).unwrap();
    let mut l = Store::open(path).unwrap();
    ops::enroll(&mut l, &bytes).unwrap();
    l
}

/// Write the photos through the Writer: the first 100 in one transaction (a run larger than nothing
/// but still under a bundle), the rest ten to a transaction.
fn write_images(l: &mut Store) {
    let batch = |l: &mut Store, i: &mut usize, n: usize| {
        let mut w = l.write().unwrap();
        for _ in 0..n {
            let data = noise(*i as u64 + 1, ROW_TEXT);
            w.insert(
                Table::SignatureImage,
                &format!("img-{i:04}"),
                &[
                    ("household_id", t("h1")),
                    ("mime", t("image/jpeg")),
                    ("width", Value::Integer(1200)),
                    ("height", Value::Integer(400)),
                    ("bytes", Value::Integer((ROW_TEXT * 3 / 4) as i64)),
                    ("data", Value::Text(data)),
                ],
            )
            .unwrap();
            *i += 1;
        }
        w.commit().unwrap();
    };
    let mut i = 0;
    batch(l, &mut i, 100);
    while i < ROWS {
        batch(l, &mut i, 10);
    }
}

/// The photos a store holds: (id, length, hash of the data), by id.
fn images(s: &Store) -> Vec<(String, i64, String)> {
    let mut stmt = s.read().prepare("SELECT id, length(data), data FROM signature_image ORDER BY id").unwrap();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?))).unwrap();
    rows.map(|r| {
        let (id, n, d) = r.unwrap();
        (id, n, blake3::hash(d.as_bytes()).to_hex().to_string())
    })
    .collect()
}

fn count(s: &Store) -> i64 {
    s.read().query_row("SELECT count(*) FROM signature_image", [], |r| r.get(0)).unwrap()
}

#[test]
fn a_backlog_bigger_than_a_bundle_goes_in_several_each_under_the_limit_and_arrives_whole_once() {
    let tmp = tempfile::tempdir().unwrap();
    let mut county = county_as(Store::open(&tmp.path().join("county.db")).unwrap());
    let mut l1 = laptop_at(&mut county, &tmp.path().join("l1.db"));
    round_trip(&mut county, &mut l1);
    write_images(&mut l1);
    let written = images(&l1);
    assert_eq!(written.len(), ROWS);
    let backlog = ss::pending(l1.read()).unwrap();
    assert!(backlog >= ROWS as i64);

    // The first export to a stick: one file under the limit, and it says more is pending.
    let stick = tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let report = ops::export_file(&l1, &stick).unwrap();
    assert!(report.bytes < MAX_BUNDLE, "{} bytes", report.bytes);
    assert!(report.left > 0 && report.changes > 0, "{report:?}");
    assert_eq!(report.changes + report.left, backlog as u64, "every pending change is in the file or left for the next");
    assert_eq!(report.pending, backlog, "nothing is confirmed before the county has it");
    let events = ss::events(l1.read(), 5).unwrap();
    assert!(events.iter().any(|e| e.message.contains(&format!("还有 {} 条改动待下次同步", report.left))), "{events:?}");
    // Exporting again before the county's return bundle came back sends the same changes again.
    let again = ops::export_to_county(&l1).unwrap();
    assert_eq!((again.changes, again.left), (report.changes, report.left));

    // Stick rounds until nothing is left: every bundle under the limit, each county import applies.
    let mut bundles: Vec<Vec<u8>> = vec![std::fs::read(&report.file).unwrap()];
    let county_before = tmp.path().join("county-before.db");
    county.read().execute("VACUUM INTO ?1", [county_before.to_str().unwrap()]).unwrap();
    let mut applied = 0u64;
    let mut rounds = 0;
    loop {
        rounds += 1;
        assert!(rounds < 10, "the backlog drains");
        let bytes = bundles.last().unwrap().clone();
        assert!((bytes.len() as u64) < MAX_BUNDLE, "bundle {rounds}: {} bytes", bytes.len());
        let r = ops::import_bytes(&mut county, &bytes).unwrap();
        assert_eq!((r.gaps, r.duplicates), (0, 0), "round {rounds}");
        applied += r.applied;
        let back = ops::export_for_peer(&county, &r.sender).unwrap();
        ops::import_bytes(&mut l1, &back.bytes).unwrap();
        let out = ops::export_to_county(&l1).unwrap();
        if out.changes == 0 {
            assert_eq!(out.left, 0);
            break;
        }
        bundles.push(out.bytes);
    }
    assert!(bundles.len() >= 2, "45 MB of photos cannot go in one bundle");
    assert_eq!(applied, backlog as u64);
    assert_eq!(ss::pending(l1.read()).unwrap(), 0, "the county confirmed everything");
    assert_eq!(images(&county), written, "every photo once, as written");

    // Out of order, on a copy of the county from before the first bundle: a bundle ahead of the one
    // before it applies nothing (a gap); in order afterwards, everything arrives, and a repeat is a duplicate.
    let mut copy = Store::open(&county_before).unwrap();
    let r = ops::import_bytes(&mut copy, &bundles[1]).unwrap();
    assert_eq!((r.applied, r.gaps), (0, 1), "{r:?}");
    assert_eq!(count(&copy), 0, "nothing of a bundle out of order is taken");
    let first = ops::import_bytes(&mut copy, &bundles[0]).unwrap();
    assert!(first.applied > 0 && first.gaps == 0);
    let n0 = count(&copy);
    assert!(n0 > 0 && n0 < ROWS as i64);
    let r = ops::import_bytes(&mut copy, &bundles[0]).unwrap();
    assert_eq!((r.applied, r.duplicates), (0, first.applied), "a repeat changes nothing");
    for b in &bundles[1..] {
        let r = ops::import_bytes(&mut copy, b).unwrap();
        assert_eq!(r.gaps, 0);
    }
    assert_eq!(images(&copy), written, "in order after all: every photo once");

    // Relayed to a second laptop of the village: its first return bundles carry every photo, each
    // under the limit, saying how many are still held back; over rounds it gets them all.
    let mut l2 = laptop_at(&mut county, &tmp.path().join("l2.db"));
    let mut rounds = 0;
    let mut more_seen = false;
    loop {
        rounds += 1;
        assert!(rounds < 10, "the relay drains");
        let out = ops::export_to_county(&l2).unwrap();
        let r = ops::import_bytes(&mut county, &out.bytes).unwrap();
        let back = ops::export_for_peer(&county, &r.sender).unwrap();
        assert!((back.bytes.len() as u64) < MAX_BUNDLE, "return bundle {rounds}: {} bytes", back.bytes.len());
        let got = ops::import_bytes(&mut l2, &back.bytes).unwrap();
        assert_eq!(got.more, back.left, "the laptop is told what is held back");
        more_seen |= got.more > 0;
        if back.left == 0 {
            break;
        }
    }
    assert!(more_seen && rounds >= 2, "the relay needed several bundles ({rounds})");
    assert_eq!(images(&l2), written, "the second laptop has every photo once");
    assert_eq!(content(&l2), content(&l1), "and the same data as the first");
}

#[test]
fn a_single_change_larger_than_the_budget_goes_alone_and_nothing_is_skipped() {
    // A small budget, so that a 150 KB photo is larger than a bundle's share.
    let tmp = tempfile::tempdir().unwrap();
    let mut county = county_as(Store::open(&tmp.path().join("county.db")).unwrap());
    let mut l1 = laptop_at(&mut county, &tmp.path().join("l1.db"));
    round_trip(&mut county, &mut l1);
    let mut w = l1.write().unwrap();
    for i in 0..5 {
        w.insert(
            Table::SignatureImage,
            &format!("big-{i}"),
            &[
                ("household_id", t("h1")),
                ("mime", t("image/png")),
                ("width", Value::Integer(10)),
                ("height", Value::Integer(10)),
                ("bytes", Value::Integer(1)),
                ("data", Value::Text(noise(i, ROW_TEXT))),
            ],
        )
        .unwrap();
    }
    w.commit().unwrap();
    // Visits-sized small rows after the photos, in their own transaction.
    let mut w = l1.write().unwrap();
    for i in 0..3 {
        w.insert(
            Table::SignatureImage,
            &format!("small-{i}"),
            &[
                ("household_id", t("h1")),
                ("mime", t("image/png")),
                ("width", Value::Integer(1)),
                ("height", Value::Integer(1)),
                ("bytes", Value::Integer(1)),
                ("data", t("iVBORw0KGgo=")),
            ],
        )
        .unwrap();
    }
    w.commit().unwrap();
    let mut sizes = Vec::new();
    loop {
        let out = ops::export_to_county_within(&l1, 64 * 1024).unwrap();
        if out.changes == 0 {
            break;
        }
        sizes.push(out.changes);
        let r = ops::import_bytes(&mut county, &out.bytes).unwrap();
        assert_eq!(r.gaps, 0);
        let back = ops::export_for_peer(&county, &r.sender).unwrap();
        ops::import_bytes(&mut l1, &back.bytes).unwrap();
        assert!(sizes.len() < 20);
    }
    assert_eq!(sizes, vec![1, 1, 1, 1, 1, 3], "each photo alone, then the small transaction whole");
    assert_eq!(images(&county), images(&l1));
    assert_eq!(count(&county), 8);
}

/// A county server of a few lines on a local port: each POST is a laptop's bundle, imported; the
/// answer is the laptop's return bundle, as `zhucun-server` does.
fn serve(county: Store) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let county = std::sync::Mutex::new(county);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let l = line.trim_end().to_ascii_lowercase();
                if l.is_empty() {
                    break;
                }
                if let Some(v) = l.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0u8; len];
            reader.read_exact(&mut body).unwrap();
            let mut c = county.lock().unwrap();
            let r = ops::import_bytes(&mut c, &body).unwrap();
            let back = ops::export_for_peer(&c, &r.sender).unwrap();
            assert!((back.bytes.len() as u64) < MAX_BUNDLE);
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", back.bytes.len());
            stream.write_all(head.as_bytes()).unwrap();
            stream.write_all(&back.bytes).unwrap();
        }
    });
    url
}

#[test]
fn over_http_one_sync_drains_a_backlog_in_both_directions() {
    let tmp = tempfile::tempdir().unwrap();
    let mut county = county_as(Store::open(&tmp.path().join("county.db")).unwrap());
    let mut l1 = laptop_at(&mut county, &tmp.path().join("l1.db"));
    let mut l2 = laptop_at(&mut county, &tmp.path().join("l2.db"));
    let url = serve(county);
    zhucun_sync::client::sync_now(&mut l1, Some(&url)).unwrap();
    write_images(&mut l1);
    let backlog = ss::pending(l1.read()).unwrap() as u64;
    let r = zhucun_sync::client::sync_now(&mut l1, Some(&url)).unwrap();
    assert_eq!(r.sent, backlog, "everything went in one sync, over several exchanges");
    assert_eq!(r.received.pending, 0, "and the county confirmed it all");
    let r = zhucun_sync::client::sync_now(&mut l2, Some(&url)).unwrap();
    assert_eq!(r.received.more, 0, "nothing is left at the county for the second laptop");
    assert!(r.received.applied >= ROWS as u64);
    assert_eq!(images(&l2), images(&l1), "the second laptop has every photo once after one sync");
    let events = ss::events(l2.read(), 20).unwrap();
    assert!(events.iter().filter(|e| e.kind == "http").count() >= 2, "it took several exchanges: {events:?}");
}
