//! Roster import, export and the demo village: one path for all three, so the demo enters the database
//! exactly as a county file does.

use crate::error::CoreError;
use crate::error::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::Path;
use zhucun_domain::roster::{check_sheet, headers, row_cells, Checked, RowIssue, Sheet};
use zhucun_roster::{read_file, FileInfo};
use zhucun_store::roster::{apply_roster, read_roster, FieldChange, ImportCounts};
use zhucun_store::Store;

/// At most this many problems are listed; the total is always given.
pub const MAX_LISTED_ISSUES: usize = 1000;

/// The report of an import (or a dry run, or a refused file).
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportReport {
    pub file_name: String,
    /// xlsx, xls, csv or demo.
    pub format: String,
    pub encoding: Option<String>,
    pub sheet_name: Option<String>,
    pub dry_run: bool,
    /// True when the roster was valid (and, unless a dry run, written).
    pub ok: bool,
    pub rows: u32,
    pub households: u32,
    pub persons: u32,
    pub ignored_columns: Vec<String>,
    pub issues: Vec<RowIssue>,
    pub issues_total: u32,
    /// What the import did or would do; absent when the file was refused.
    pub counts: Option<ImportCounts>,
    pub changes: Vec<FieldChange>,
    pub changes_total: u32,
}

impl ImportReport {
    /// The report as a clerk reads it on the command line.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let fmt = match (&self.encoding, &self.sheet_name) {
            (Some(e), _) => format!("{}，{e}", self.format),
            (None, Some(n)) => format!("{}，工作表“{n}”", self.format),
            _ => self.format.clone(),
        };
        s.push_str(&format!("文件：{}（{fmt}）\n", self.file_name));
        s.push_str(&format!("数据行：{}，户数：{}，人数：{}\n", self.rows, self.households, self.persons));
        if !self.ignored_columns.is_empty() {
            s.push_str(&format!("已忽略的列：{}\n", self.ignored_columns.join("、")));
        }
        if !self.ok {
            s.push_str(&format!("\n发现 {} 处问题，本次没有导入任何数据。请改正后重新导入：\n", self.issues_total));
            for i in &self.issues {
                let at = match (i.row, i.column.is_empty()) {
                    (0, _) => "整个文件".to_string(),
                    (r, true) => format!("第{r}行"),
                    (r, false) => format!("第{r}行「{}」列", i.column),
                };
                let value = if i.value.is_empty() { String::new() } else { format!("（值：{}）", i.value) };
                s.push_str(&format!("  {at}{value}：{}。{}\n", i.problem, i.fix));
            }
            if self.issues_total as usize > self.issues.len() {
                s.push_str(&format!("  ……另有 {} 处问题未列出\n", self.issues_total as usize - self.issues.len()));
            }
            return s;
        }
        if let Some(c) = &self.counts {
            let verb = if self.dry_run { "试导入（未写入）" } else { "已导入" };
            s.push_str(&format!(
                "\n{verb}：新增 {} 户，变化 {} 户，无变化 {} 户；新增 {} 人，信息变化 {} 人，减少 {} 人；新结对 {}，结束结对 {}\n",
                c.households_added, c.households_changed, c.households_unchanged, c.persons_added, c.persons_changed, c.persons_left, c.pairings_started, c.pairings_ended
            ));
        }
        if !self.changes.is_empty() {
            s.push_str("变化明细：\n");
            for f in &self.changes {
                let who = f.person.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
                s.push_str(&format!("  户{}{who}：{} {} → {}\n", f.household_number, f.field, show(&f.before), show(&f.after)));
            }
            if self.changes_total as usize > self.changes.len() {
                s.push_str(&format!("  ……另有 {} 处变化未列出\n", self.changes_total as usize - self.changes.len()));
            }
        }
        s
    }
}

fn show(v: &str) -> &str {
    if v.is_empty() {
        "（空）"
    } else {
        v
    }
}

/// Import a roster file. A file with any problem writes nothing; a dry run writes nothing either but
/// reports exactly what the import would do.
pub fn import_roster_file(store: &mut Store, path: &Path, dry_run: bool, today: NaiveDate) -> Result<ImportReport> {
    let (sheet, info) = read_file(path)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    import_sheet(store, &sheet, info, &name, dry_run, today)
}

fn import_sheet(store: &mut Store, sheet: &Sheet, info: FileInfo, name: &str, dry_run: bool, today: NaiveDate) -> Result<ImportReport> {
    let me = zhucun_store::sync::device(store.read())?;
    if me.enrolled() {
        return Err(CoreError::RosterFromCounty);
    }
    let Checked { roster, mut issues } = check_sheet(sheet, today);
    let mut report = ImportReport {
        file_name: name.to_string(),
        format: info.format,
        encoding: info.encoding,
        sheet_name: info.sheet_name,
        dry_run,
        ok: issues.is_empty(),
        rows: sheet.rows.len() as u32,
        households: roster.households.len() as u32,
        persons: roster.person_count as u32,
        ignored_columns: roster.ignored_columns.clone(),
        issues_total: issues.len() as u32,
        issues: Vec::new(),
        counts: None,
        changes: Vec::new(),
        changes_total: 0,
    };
    if !issues.is_empty() {
        issues.truncate(MAX_LISTED_ISSUES);
        report.issues = issues;
        return Ok(report);
    }
    let mut w = store.write()?;
    let (counts, changes, total) = apply_roster(&mut w, &roster, today)?;
    report.counts = Some(counts);
    report.changes = changes;
    report.changes_total = total as u32;
    if dry_run {
        w.rollback()?;
    } else {
        let summary = serde_json::to_string(&report.counts).unwrap_or_default();
        w.record_import(&uuid::Uuid::now_v7().to_string(), name, &summary)?;
        w.commit()?;
    }
    Ok(report)
}

/// The demo roster as a sheet in the import layout.
pub fn demo_sheet(households: usize, per_village: usize, seed: u64) -> Sheet {
    let hhs = zhucun_domain::demo::generate_villages(households, per_village, seed);
    let mut rows = Vec::with_capacity(hhs.len() * 4 + 1);
    rows.push((1, headers()));
    for hh in &hhs {
        for p in &hh.persons {
            rows.push((rows.len() + 1, row_cells(hh, p)));
        }
    }
    Sheet::from_rows(rows)
}

/// Load the demo village through the import path.
pub fn load_demo(store: &mut Store, households: usize, per_village: usize, seed: u64) -> Result<ImportReport> {
    let sheet = demo_sheet(households, per_village, seed);
    let info = FileInfo { format: "demo".into(), encoding: None, sheet_name: None, bytes: 0 };
    import_sheet(store, &sheet, info, &format!("演示数据（{households}户，种子{seed}）"), false, zhucun_domain::demo::reference_day())
}

/// Write the demo roster to a file (.csv or .xlsx by extension), for benchmarks and training.
pub fn write_demo_file(path: &Path, households: usize, per_village: usize, seed: u64) -> Result<u32> {
    let sheet = demo_sheet(households, per_village, seed);
    let rows: Vec<Vec<String>> = sheet.rows.into_iter().map(|(_, r)| r).collect();
    write_rows(path, &sheet.headers, &rows, "演示花名册")?;
    Ok(rows.len() as u32)
}

fn write_rows(path: &Path, headers: &[String], rows: &[Vec<String>], title: &str) -> Result<()> {
    let is_csv = path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        zhucun_roster::write_csv(path, headers, rows)?;
    } else {
        zhucun_roster::write_xlsx(path, headers, rows, title)?;
    }
    Ok(())
}

/// What an export wrote.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ExportSummary {
    pub path: String,
    pub households: u32,
    pub persons: u32,
}

/// Export the roster (one village, or all) in the import layout: .xlsx, or .csv by extension.
pub fn export_roster(store: &Store, path: &Path, village: Option<&str>) -> Result<ExportSummary> {
    let hhs = read_roster(store.read(), village)?;
    let rows: Vec<Vec<String>> = hhs.iter().flat_map(|hh| hh.persons.iter().map(move |p| row_cells(hh, p))).collect();
    write_rows(path, &headers(), &rows, "花名册")?;
    Ok(ExportSummary { path: path.display().to_string(), households: hhs.len() as u32, persons: rows.len() as u32 })
}

/// The empty template that `assets/` ships: the header row only.
pub fn write_template(path: &Path) -> Result<()> {
    zhucun_roster::write_xlsx(path, &headers(), &[], "花名册模板")?;
    Ok(())
}
