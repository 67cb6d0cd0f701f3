//! 修改记录: the trace of every correction of a team record (migration 0007). A correction row is
//! written in the same transaction as the edit it describes and never changed afterwards.

use crate::error::Result;
use crate::writer::{text, Table, Writer};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// One field of a correction: its label for people and its value before and after, as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CorrectionChange {
    pub field: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A correction as 修改记录 lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct CorrectionRow {
    pub id: String,
    pub tbl: String,
    pub row_id: String,
    /// UTC, ISO 8601.
    pub at: String,
    /// Who made it, as they wrote their name ("" when not asked: a parameter changed from the CLI).
    pub by: String,
    /// The laptop (device id) that made it.
    pub device: String,
    /// Made on this laptop.
    pub here: bool,
    /// 修改 / 作废 / 离队 / 参数修改 …
    pub action: String,
    pub reason: String,
    pub changes: Vec<CorrectionChange>,
}

pub struct NewCorrection<'a> {
    /// The team the record belongs to ("" for a county-wide record such as a parameter).
    pub team_id: &'a str,
    pub table: Table,
    pub row_id: &'a str,
    pub by: &'a str,
    pub action: &'a str,
    pub reason: &'a str,
    pub changes: &'a [CorrectionChange],
}

/// Write a correction in the writer's transaction.
pub fn add(w: &mut Writer, c: &NewCorrection) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let changes = serde_json::to_string(c.changes).expect("plain strings serialize");
    let (at, device) = (w.at().to_string(), w.origin().to_string());
    w.insert(
        Table::Correction,
        &id,
        &[
            ("team_id", text(c.team_id)),
            ("tbl", text(c.table.name())),
            ("row_id", text(c.row_id)),
            ("at", text(at)),
            ("by_name", text(c.by)),
            ("device", text(device)),
            ("action", text(c.action)),
            ("reason", text(c.reason)),
            ("changes", text(changes)),
        ],
    )?;
    Ok(id)
}

const SELECT: &str = "SELECT x.id, x.tbl, x.row_id, x.at, x.by_name, x.device, x.device = (SELECT id FROM sync_device), x.action, x.reason, x.changes FROM correction x";

fn row(r: &rusqlite::Row) -> rusqlite::Result<CorrectionRow> {
    let changes: String = r.get(9)?;
    Ok(CorrectionRow {
        id: r.get(0)?,
        tbl: r.get(1)?,
        row_id: r.get(2)?,
        at: r.get(3)?,
        by: r.get(4)?,
        device: r.get(5)?,
        here: r.get(6)?,
        action: r.get(7)?,
        reason: r.get(8)?,
        // Written by this code or by another laptop's: a value this app cannot read shows as no change.
        changes: serde_json::from_str(&changes).unwrap_or_default(),
    })
}

/// The corrections of one record, newest first.
pub fn for_row(conn: &Connection, table: Table, row_id: &str) -> Result<Vec<CorrectionRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE x.tbl = ?1 AND x.row_id = ?2 ORDER BY x.at DESC, x.id DESC"))?;
    let rows = stmt.query_map(params![table.name(), row_id], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The newest corrections of one kind of record (every kind when `table` is `None`).
pub fn recent(conn: &Connection, table: Option<Table>, limit: u32) -> Result<Vec<CorrectionRow>> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE (?1 IS NULL OR x.tbl = ?1) ORDER BY x.at DESC, x.id DESC LIMIT ?2"))?;
    let rows = stmt.query_map(params![table.map(Table::name), limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The current values of some columns of a row, or `None` when there is no such row (what a
/// correction compares its new values with).
pub fn current(w: &Writer, table: Table, key: &str, cols: &[&'static str]) -> Result<Option<Vec<rusqlite::types::Value>>> {
    use rusqlite::OptionalExtension;
    let sql = format!("SELECT {} FROM {} WHERE {} = ?1", cols.join(", "), table.name(), table.key());
    Ok(w.conn().prepare_cached(&sql)?.query_row([key], |r| (0..cols.len()).map(|i| r.get(i)).collect()).optional()?)
}
