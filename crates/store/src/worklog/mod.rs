//! Work logs, leave, meetings, parameters and the holiday calendar: the rows, and the reading of them
//! into the rule engine's [`Records`].
//!
//! One module per kind: `logs`, `leave`, `meetings`, `settings` (parameters and holidays), `records`
//! (what the rule engine reads); the team lookups they share are here.

mod leave;
mod logs;
mod meetings;
mod records;
mod settings;

pub use leave::*;
pub use logs::*;
pub use meetings::*;
pub use records::*;
pub use settings::*;

use crate::error::{Result, StoreError};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use crate::writer::Writer;
use serde::{Deserialize, Serialize};

fn date(column: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::BadColumn { column, value: s.to_string() })
}

fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

fn json_text(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// Refuse a write for a member this database does not have.
fn require_member(w: &Writer, member_id: &str) -> Result<()> {
    let found: Option<String> = w.conn().query_row("SELECT id FROM team_member WHERE id = ?1", [member_id], |r| r.get(0)).optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(StoreError::NotFound { what: format!("工作队员 {member_id}") }),
    }
}

pub fn team_of_member(conn: &Connection, member_id: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT team_id FROM team_member WHERE id = ?1", [member_id], |r| r.get(0)).optional()?)
}

/// A team with the names of its village and township, for ledger headings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TeamInfo {
    pub id: String,
    pub village: String,
    pub township: String,
}

pub fn teams(conn: &Connection) -> Result<Vec<TeamInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, ifnull(v.name, ''), ifnull(tw.name, '') FROM team t LEFT JOIN division v ON v.id = t.village_id
         LEFT JOIN division tw ON tw.id = v.parent_id ORDER BY tw.name, v.name, t.id",
    )?;
    let rows = stmt.query_map([], |r| Ok(TeamInfo { id: r.get(0)?, village: r.get(1)?, township: r.get(2)? }))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn team_ids(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM team ORDER BY id")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn member_names(conn: &Connection) -> Result<std::collections::HashMap<String, String>> {
    let mut stmt = conn.prepare_cached("SELECT m.id, c.name FROM team_member m JOIN cadre c ON c.id = m.cadre_id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
