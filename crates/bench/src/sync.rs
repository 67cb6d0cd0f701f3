//! Sync: importing a 200,000-change bundle against plain prepared inserts of the same rows, re-importing
//! it, its size against the zstd-compressed CSV of the same records, and 200 laptops uploading to the
//! real `zhucun-server` at once.

use crate::{median, Args};
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;
use zhucun_store::sync as ss;
use zhucun_store::{Store, Table};
use zhucun_sync::{bundle, client, ops};

/// Households in the one-village county whose return bundle is measured (≈ 5.2 changes per household).
const VILLAGE_HOUSEHOLDS: usize = 38_500;

fn county(dir: &Path, name: &str, households: usize, village_size: usize) -> Result<Store> {
    let mut c = Store::open(&dir.join(name))?;
    ops::init_county(&c)?;
    zhucun_core::roster::load_demo(&mut c, households, village_size, 1)?;
    Ok(c)
}

fn enrolled_laptop(county: &mut Store, path: &Path, village: &str) -> Result<Store> {
    let (file, _) = ops::create_enrollment(county, village, None)?;
    let mut l = Store::open(path)?;
    ops::enroll(&mut l, &file)?;
    Ok(l)
}

fn first_village(s: &Store) -> Result<String> {
    Ok(zhucun_store::households::villages(s.read())?.first().context("a village")?.name.clone())
}

/// The rows a bundle creates, parsed beforehand, written with plain prepared INSERTs: the fastest any
/// import could write them.
fn plain_inserts(path: &Path, sections: &[ss::Section]) -> Result<f64> {
    drop(Store::open(path)?);
    let mut c = rusqlite::Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "NORMAL")?;
    c.pragma_update(None, "foreign_keys", true)?;
    c.pragma_update(None, "cache_size", -65536)?;
    // (SQL text, row id, values): the SQL for each column set is built beforehand too.
    let mut rows: Vec<(String, String, Vec<rusqlite::types::Value>)> = Vec::new();
    for s in sections {
        for ch in &s.changes {
            let t = Table::from_name(&ch.tbl).context("table")?;
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&ch.fields)?;
            let cols: Vec<&str> = t.columns().iter().copied().filter(|c| map.contains_key(*c)).collect();
            let values = cols
                .iter()
                .map(|col| match map.get(*col).map(|v| &v[1]) {
                    Some(serde_json::Value::String(s)) => rusqlite::types::Value::Text(s.clone()),
                    Some(serde_json::Value::Number(n)) => rusqlite::types::Value::Integer(n.as_i64().unwrap_or(0)),
                    _ => rusqlite::types::Value::Null,
                })
                .collect();
            let marks: Vec<String> = (2..=cols.len() + 1).map(|i| format!("?{i}")).collect();
            let sql = format!("INSERT INTO {} ({}, {}) VALUES (?1, {})", t.name(), t.key(), cols.join(", "), marks.join(", "));
            rows.push((sql, ch.row_id.clone(), values));
        }
    }
    let started = Instant::now();
    let tx = c.transaction()?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for (sql, id, values) in &rows {
        let idv = rusqlite::types::Value::Text(id.clone());
        tx.prepare_cached(sql)?.execute(rusqlite::params_from_iter(std::iter::once(&idv).chain(values.iter())))?;
    }
    tx.commit()?;
    Ok(started.elapsed().as_secs_f64())
}

/// The same records as CSV (table, id, then the values in column order), zstd level 3 (its default).
fn csv_zstd(sections: &[ss::Section]) -> Result<usize> {
    csv_zstd_level(sections, 3)
}

fn csv_zstd_level(sections: &[ss::Section], level: i32) -> Result<usize> {
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    for s in sections {
        for ch in &s.changes {
            let t = Table::from_name(&ch.tbl).context("table")?;
            let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&ch.fields)?;
            let mut rec = vec![ch.tbl.clone(), ch.row_id.clone()];
            for col in t.columns() {
                rec.push(match map.get(*col).map(|v| &v[1]) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                });
            }
            w.write_record(&rec)?;
        }
    }
    let text = w.into_inner()?;
    Ok(zstd::bulk::compress(&text, level)?.len())
}

pub fn run(args: &Args) -> Result<String> {
    let dir = tempfile::tempdir()?;
    eprintln!("sync: building a county with one {VILLAGE_HOUSEHOLDS}-household village …");
    let mut c = county(dir.path(), "county.db", VILLAGE_HOUSEHOLDS, VILLAGE_HOUSEHOLDS)?;
    let village = first_village(&c)?;
    let probe = enrolled_laptop(&mut c, &dir.path().join("probe.db"), &village)?;
    let hello = ops::export_to_county(&probe)?;
    let r = ops::import_bytes(&mut c, &hello.bytes)?;
    let ret = ops::export_for_peer(&c, &r.sender)?;
    let changes = ret.changes;
    let county_keys = ops::ensure_keys(&c)?;
    let _ = county_keys;
    // Decode once (with the laptop's key) for the baseline and the CSV comparison.
    let lkeys = ops::ensure_keys(&probe)?;
    let plain = bundle::decrypt(&ret.bytes, &lkeys.age)?;
    let opened = bundle::parse_plain(&plain)?;
    let sections = opened.verify(&ss::peer(probe.read(), &ss::device(probe.read())?.county_id.context("county")?)?.context("peer")?.sign_pk)?;
    drop(probe);

    let mut t_plain = Vec::new();
    let mut t_import = Vec::new();
    let mut t_again = Vec::new();
    for run in 0..args.runs {
        eprintln!("sync run {} of {} …", run + 1, args.runs);
        t_plain.push(plain_inserts(&dir.path().join(format!("plain{run}.db")), &sections)?);
        // A laptop that has just been enrolled by the same county, receiving the same bundle.
        std::fs::copy(dir.path().join("probe.db"), dir.path().join(format!("l{run}.db")))?;
        let mut l = Store::open(&dir.path().join(format!("l{run}.db")))?;
        let t = Instant::now();
        let rep = ops::import_bytes(&mut l, &ret.bytes)?;
        t_import.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(rep.applied == changes, "every change applied ({} of {changes})", rep.applied);
        let t = Instant::now();
        let rep = ops::import_bytes(&mut l, &ret.bytes)?;
        t_again.push(t.elapsed().as_secs_f64());
        anyhow::ensure!(rep.applied == 0 && rep.duplicates == changes, "nothing new the second time");
    }
    let (plain_s, import_s, again_s) = (median(t_plain), median(t_import), median(t_again));
    let csv_z = csv_zstd(&sections)?;
    let csv_same_level = csv_zstd_level(&sections, bundle::ZSTD_LEVEL)?;
    let size_ratio = ret.bytes.len() as f64 / csv_z as f64;

    let load = server_load(args, dir.path())?;

    let rate = |s: f64| changes as f64 / s;
    let mut md = String::new();
    md.push_str("\n## Sync\n\n");
    md.push_str(&format!(
        "A county with one {VILLAGE_HOUSEHOLDS}-household demo village; a newly enrolled laptop receives its first return bundle: \
         **{changes} changes** (divisions, cadres, households, persons, pairings), {:.1} MB on the stick. Import = decrypt (age), \
         check the signature and hash, decompress, decode, and apply in one transaction with the merge rules.\n\n",
        ret.bytes.len() as f64 / 1e6
    ));
    md.push_str("| measurement | time | changes/s | ratio | goal |\n|---|---|---|---|---|\n");
    md.push_str(&format!(
        "| baseline: plain prepared INSERTs of the same rows into the same tables (rows already parsed) | {plain_s:.2} s | {:.0} | 1 | |\n",
        rate(plain_s)
    ));
    md.push_str(&format!(
        "| importing the bundle | {import_s:.2} s | {:.0} | **{:.2} of the plain rate** | ≥ 0.5 {} |\n",
        rate(import_s),
        plain_s / import_s,
        if plain_s / import_s >= 0.5 { "✅" } else { "❌" }
    ));
    md.push_str(&format!(
        "| re-importing the same bundle (everything already had) | {again_s:.2} s | {:.0} | **{:.2}× the plain rate** | ≥ 2 {} |\n",
        rate(again_s),
        plain_s / again_s,
        if plain_s / again_s >= 2.0 { "✅" } else { "❌" }
    ));
    md.push_str(&format!(
        "\n| size | bytes | ratio | goal |\n|---|---|---|---|\n| the same records as CSV (table, id, values), zstd at its default level 3 | {csv_z} | 1 | |\n| the bundle (zstd level {}, encrypted, signed) | {} | **{size_ratio:.2}** | ≤ 1.2 {} |\n| for comparison: the CSV at the bundle's zstd level {} | {csv_same_level} | {:.2} | |\n",
        bundle::ZSTD_LEVEL,
        ret.bytes.len(),
        if size_ratio <= 1.2 { "✅" } else { "❌" },
        bundle::ZSTD_LEVEL,
        ret.bytes.len() as f64 / csv_same_level as f64
    ));
    md.push_str(&load);
    Ok(md)
}

/// 200 laptops, one per village, post their bundles to the real server at once.
fn server_load(args: &Args, dir: &Path) -> Result<String> {
    const LAPTOPS: usize = 200;
    eprintln!("sync: county of {LAPTOPS} villages for the server load …");
    let mut c = county(dir, "load-county.db", LAPTOPS * 300, 300)?;
    let villages = zhucun_store::households::villages(c.read())?;
    anyhow::ensure!(villages.len() >= LAPTOPS, "one village per laptop");
    let mut laptops = Vec::new();
    for (i, v) in villages.iter().take(LAPTOPS).enumerate() {
        let mut l = enrolled_laptop(&mut c, &dir.join(format!("load{i}.db")), &v.id)?;
        zhucun_core::members::add_member(
            &mut l,
            &zhucun_core::members::MemberInput {
                name: format!("队员{i}"),
                role: "队员".into(),
                from: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).context("date")?,
                to: None,
                phone: None,
                unit: None,
                village_id: None,
                ..Default::default()
            },
        )?;
        laptops.push(l);
    }
    drop(c);
    let server_bin = args.bin_dir.join("zhucun-server");
    let mut child = Command::new(&server_bin)
        .arg("--db")
        .arg(dir.join("load-county.db"))
        .args(["serve", "--listen", "127.0.0.1:0", "--uploads-per-address", "1000"]) // 200 laptops, all from loopback
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("start {}", server_bin.display()))?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("stdout")?).read_line(&mut line)?;
    let url = line.trim().rsplit(' ').next().context("url")?.to_string();
    let bundles: Vec<Vec<u8>> = laptops.iter().map(|l| ops::export_to_county(l).map(|o| o.bytes)).collect::<Result<_, _>>()?;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(LAPTOPS));
    let started = Instant::now();
    let handles: Vec<_> = laptops
        .into_iter()
        .zip(bundles)
        .map(|(mut l, b)| {
            let url = url.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || -> Result<(f64, u64), String> {
                barrier.wait();
                let t = Instant::now();
                let answer = client::post_bundle(&url, &b).map_err(|e| e.to_string())?;
                let r = client::finish(&mut l, &url, 2, &answer).map_err(|e| e.to_string())?;
                if r.received.pending != 0 {
                    return Err(format!("pending {} after sync", r.received.pending));
                }
                Ok((t.elapsed().as_secs_f64(), r.received.applied))
            })
        })
        .collect();
    let mut lat = Vec::new();
    let mut errors = Vec::new();
    let mut received = 0;
    for h in handles {
        match h.join() {
            Ok(Ok((s, n))) => {
                lat.push(s);
                received += n;
            }
            Ok(Err(e)) => errors.push(e),
            Err(_) => errors.push("thread panicked".into()),
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let _ = child.kill();
    let _ = child.wait();
    lat.sort_by(|a, b| a.total_cmp(b));
    let p = |q: f64| lat.get(((lat.len() as f64 - 1.0) * q) as usize).copied().unwrap_or(f64::NAN);
    let mut md = String::new();
    md.push_str(&format!(
        "\n**Server load.** {LAPTOPS} laptops (one per village of a {}-household county), each with 2 new changes and its first \
         download of its village (≈ {} changes each), post their bundles to the real `zhucun-server` ({}) on 127.0.0.1 at the \
         same moment and import the answers: **{} errors** (goal: none {}), all done in {wall:.1} s; latency per laptop \
         median {:.2} s, 95th percentile {:.2} s, max {:.2} s. The server applies bundles one at a time (one SQLite writer), \
         so the latency is the queue.\n",
        LAPTOPS * 300,
        received / LAPTOPS.max(1) as u64,
        if server_bin.to_string_lossy().contains("release") { "release build" } else { "debug build as `make` builds it" },
        errors.len(),
        if errors.is_empty() { "✅" } else { "❌" },
        p(0.5),
        p(0.95),
        p(1.0)
    ));
    if let Some(e) = errors.first() {
        md.push_str(&format!("\nFirst error: {e}\n"));
    }
    Ok(md)
}
