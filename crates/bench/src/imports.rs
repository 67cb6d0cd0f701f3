//! Roster import against plain inserts, and xlsx import against merely reading the sheet.

use crate::{median, Args};
use anyhow::Result;
use chrono::NaiveDate;
use rusqlite::params;
use std::path::Path;
use std::time::Instant;
use zhucun_core::roster::{import_roster_file, write_demo_file};
use zhucun_domain::roster::{check_sheet, Roster};
use zhucun_store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 9, 15).unwrap_or_default()
}

/// Plain prepared inserts of the same households, persons and pairings into the same schema, rows
/// already parsed: the fastest any import could write them.
fn plain_inserts(path: &Path, roster: &Roster) -> Result<f64> {
    let store = Store::open(path)?;
    drop(store);
    let mut c = rusqlite::Connection::open(path)?;
    c.pragma_update(None, "journal_mode", "WAL")?;
    c.pragma_update(None, "synchronous", "NORMAL")?;
    c.pragma_update(None, "foreign_keys", true)?;
    // Divisions and one cadre exist beforehand, as the import creates them once per village.
    let tx = c.transaction()?;
    tx.execute("INSERT INTO division (id, level, name) VALUES ('c', '县', '绥宁县')", [])?;
    tx.execute("INSERT INTO division (id, level, parent_id, name) VALUES ('t', '乡镇', 'c', '武阳镇')", [])?;
    tx.execute("INSERT INTO division (id, level, parent_id, name) VALUES ('v', '村', 't', '村')", [])?;
    tx.execute("INSERT INTO division (id, level, parent_id, name) VALUES ('g', '组', 'v', '1组')", [])?;
    tx.execute("INSERT INTO cadre (id, name) VALUES ('k', '干部')", [])?;
    tx.commit()?;
    let started = Instant::now();
    let tx = c.transaction()?;
    {
        let mut hh = tx.prepare(
            "INSERT INTO household (id, number, village_id, group_id, category, monitor_category, identified_on, risk_status, eliminated_on, away, no_labour, phone)
             VALUES (?1, ?2, 'v', 'g', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut person = tx.prepare(
            "INSERT INTO person (id, household_id, ord, name, id_number, disability, sex, birth_date, relation, labour, health, schooling, left_on)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, NULL)",
        )?;
        let mut pairing = tx.prepare("INSERT INTO pairing (id, household_id, cadre_id, start_date, end_date) VALUES (?1, ?2, 'k', ?3, NULL)")?;
        for h in &roster.households {
            let hid = uuid::Uuid::now_v7().to_string();
            hh.execute(params![
                hid,
                h.number,
                h.category.label(),
                h.monitor_category.map(|c| c.label()),
                h.identified_on.map(|d| d.to_string()),
                h.risk_status.map(|c| c.label()),
                h.eliminated_on.map(|d| d.to_string()),
                h.away,
                h.no_labour,
                h.phone
            ])?;
            for (i, p) in h.persons.iter().enumerate() {
                person.execute(params![
                    uuid::Uuid::now_v7().to_string(),
                    hid,
                    i as i64,
                    p.name,
                    p.id_number.as_str(),
                    p.id_number.disability().map(|(c, g)| format!("{c}{g}")),
                    p.id_number.sex().label(),
                    p.id_number.birth_date().to_string(),
                    p.relation.label(),
                    p.labour.map(|c| c.label()),
                    p.health.map(|c| c.label()),
                    p.schooling.map(|c| c.label())
                ])?;
            }
            if let Some(p) = &h.pairing {
                pairing.execute(params![uuid::Uuid::now_v7().to_string(), hid, p.start.to_string()])?;
            }
        }
    }
    tx.commit()?;
    Ok(started.elapsed().as_secs_f64())
}

fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(f64, T)> {
    let started = Instant::now();
    let v = f()?;
    Ok((started.elapsed().as_secs_f64(), v))
}

pub fn run(args: &Args) -> Result<String> {
    let dir = tempfile::tempdir()?;
    let csv = dir.path().join("roster.csv");
    let xlsx = dir.path().join("roster.xlsx");
    let n = args.households;
    eprintln!("generating a {n}-household roster …");
    let rows = write_demo_file(&csv, n, 300, 1)?;
    write_demo_file(&xlsx, n, 300, 1)?;
    let csv_mb = std::fs::metadata(&csv)?.len() as f64 / 1e6;
    let xlsx_mb = std::fs::metadata(&xlsx)?.len() as f64 / 1e6;
    let (sheet, _) = zhucun_roster::read_file(&csv)?;
    let checked = check_sheet(&sheet, today());
    anyhow::ensure!(checked.issues.is_empty(), "the generated roster must be valid");
    let persons = checked.roster.person_count;

    let mut read_csv = Vec::new();
    let mut check = Vec::new();
    let mut plain = Vec::new();
    let mut import = Vec::new();
    let mut again = Vec::new();
    let mut read = Vec::new();
    let mut ximport = Vec::new();
    for run in 0..args.runs {
        eprintln!("run {} of {} …", run + 1, args.runs);
        read_csv.push(timed(|| Ok(zhucun_roster::read_file(&csv)?))?.0);
        check.push(timed(|| Ok(check_sheet(&sheet, today())))?.0);
        plain.push(plain_inserts(&dir.path().join(format!("plain{run}.db")), &checked.roster)?);
        let db = dir.path().join(format!("csv{run}.db"));
        let mut store = Store::open(&db)?;
        let (t, report) = timed(|| Ok(import_roster_file(&mut store, &csv, false, today())?))?;
        anyhow::ensure!(report.ok && report.counts.as_ref().map(|c| c.households_added as usize) == Some(n), "import must add every household");
        import.push(t);
        let (t, report) = timed(|| Ok(import_roster_file(&mut store, &csv, false, today())?))?;
        anyhow::ensure!(report.counts.as_ref().map(|c| c.households_unchanged as usize) == Some(n), "re-import changes nothing");
        again.push(t);
        let (t, cells) = timed(|| {
            use calamine::{open_workbook_auto, Reader};
            let mut wb = open_workbook_auto(&xlsx)?;
            let name = wb.sheet_names()[0].clone();
            let range = wb.worksheet_range(&name)?;
            Ok(range.rows().map(|r| r.iter().filter(|c| !matches!(c, calamine::Data::Empty)).count()).sum::<usize>())
        })?;
        anyhow::ensure!(cells > 0);
        read.push(t);
        let mut xstore = Store::open(&dir.path().join(format!("xlsx{run}.db")))?;
        let (t, report) = timed(|| Ok(import_roster_file(&mut xstore, &xlsx, false, today())?))?;
        anyhow::ensure!(report.ok, "xlsx import must succeed");
        ximport.push(t);
    }
    let (plain, import, again, read, ximport) = (median(plain), median(import), median(again), median(read), median(ximport));
    let (read_csv, check) = (median(read_csv), median(check));
    let rate = |t: f64| rows as f64 / t;
    let mut md = String::new();
    md.push_str(&format!(
        "## Roster import\n\nA generated roster of {n} households ({persons} persons, {rows} rows; CSV {csv_mb:.1} MB, xlsx {xlsx_mb:.1} MB), \
         imported into a fresh database file (WAL, foreign keys on) through the real path: read, check every cell, merge, \
         write with the change log, commit.\n\n"
    ));
    md.push_str("| measurement | time | rows/s | ratio to baseline | goal |\n|---|---|---|---|---|\n");
    md.push_str(&format!("| baseline: plain prepared inserts of the same households, persons and pairings (rows already parsed) | {plain:.2} s | {:.0} | 1 | |\n", rate(plain)));
    md.push_str(&format!(
        "| CSV import, new database | {import:.2} s | {:.0} | {:.2} of the plain rate | ≥ 0.5 {} |\n",
        rate(import),
        plain / import,
        if plain / import >= 0.5 { "✅" } else { "❌" }
    ));
    md.push_str(&format!("| … of which reading and decoding the CSV | {read_csv:.2} s | | | |\n"));
    md.push_str(&format!("| … of which checking every cell (ID numbers, dates, wording, households) | {check:.2} s | | | |\n"));
    md.push_str(&format!("| CSV re-import of the same file (nothing changes) | {again:.2} s | {:.0} | {:.2} of the plain rate | |\n", rate(again), plain / again));
    md.push_str(&format!("| baseline: reading the same sheet with calamine (open, load the range, visit every cell) | {read:.2} s | {:.0} | 1 | |\n", rate(read)));
    md.push_str(&format!(
        "| xlsx import, new database | {ximport:.2} s | {:.0} | {:.2}× the read time | ≤ 1.5× {} |\n\n",
        rate(ximport),
        ximport / read,
        if ximport / read <= 1.5 { "✅" } else { "❌" }
    ));
    md.push_str(&format!(
        "Writing the same rows with plain prepared inserts alone takes {:.2}× the time calamine needs to read the sheet, \
         and our import writes a change-log row for every row as well. An import that reads the whole sheet before \
         writing (which all-or-nothing checking does today) therefore cannot reach 1.5×; only overlapping the write \
         with the read — streaming the sheet and writing households as they complete inside the one transaction, \
         rolled back at the first bad row — could approach it.\n\n",
        plain / read
    ));
    Ok(md)
}
