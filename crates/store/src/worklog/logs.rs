//! Work logs (驻村帮扶工作日志): one per member and day.

use crate::error::Result;
use crate::writer::{flag, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zhucun_domain::worklog::LogStatus;
use super::{json_list, json_text, require_member};

/// One day's log as the screens show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LogRow {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub date: String,
    pub status: String,
    pub night: bool,
    pub content: String,
    pub categories: Vec<String>,
    pub updated_at: String,
    /// The day the log was first written (`YYYY-MM-DD`, the writing laptop's local date); null for a
    /// log written before this was kept. Later than `date`: the log was back-filled (补填).
    pub created_at: Option<String>,
}

pub struct LogInput<'a> {
    pub member_id: &'a str,
    pub date: NaiveDate,
    pub status: LogStatus,
    pub night: bool,
    pub content: &'a str,
    pub categories: &'a [String],
}

/// The log of a member's day, if any (the newest row when two laptops both started it).
pub fn log_id(conn: &Connection, member_id: &str, date: NaiveDate) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM work_log WHERE member_id = ?1 AND date = ?2 ORDER BY id DESC LIMIT 1")?
        .query_row(params![member_id, date.to_string()], |r| r.get(0))
        .optional()?)
}

/// Set a member's log for a day: a new row, or only the fields that changed of the existing one.
/// Returns the log's id. The day it was first written is not kept (see [`set_log_written`]).
pub fn set_log(w: &mut Writer, input: &LogInput) -> Result<String> {
    set_log_written(w, input, None)
}

/// [`set_log`], keeping `written` (the local date of writing) as the day a new log was first written;
/// an existing log keeps its own.
pub fn set_log_written(w: &mut Writer, input: &LogInput, written: Option<NaiveDate>) -> Result<String> {
    require_member(w, input.member_id)?;
    let at = text(w.at());
    let fields = [
        ("status", text(input.status.label())),
        ("night", flag(input.night)),
        ("content", text(input.content)),
        ("categories", text(json_text(input.categories))),
    ];
    match log_id(w.conn(), input.member_id, input.date)? {
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let mut row = vec![("member_id", text(input.member_id)), ("date", text(input.date.to_string()))];
            row.extend(fields);
            row.push(("updated_at", at));
            if let Some(d) = written {
                row.push(("created_at", text(d.to_string())));
            }
            w.insert(Table::WorkLog, &id, &row)?;
            Ok(id)
        }
        Some(id) => {
            let mut changed = w.changed_fields(Table::WorkLog, &id, &fields)?.unwrap_or_default();
            if !changed.is_empty() {
                changed.push(("updated_at", at));
                w.update(Table::WorkLog, &id, &changed)?;
            }
            Ok(id)
        }
    }
}

/// Delete a member's log of a day (every row of it, when two laptops both started the day): the
/// deletions are synced as tombstones. Returns how many rows went.
pub fn delete_log(w: &mut Writer, member_id: &str, date: NaiveDate) -> Result<usize> {
    let ids: Vec<String> = {
        let mut stmt = w.conn().prepare_cached("SELECT id FROM work_log WHERE member_id = ?1 AND date = ?2")?;
        let rows = stmt.query_map(params![member_id, date.to_string()], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in &ids {
        w.delete(Table::WorkLog, id)?;
    }
    Ok(ids.len())
}

/// Logs between two dates (inclusive), of one member or all; one per member and day.
pub fn logs(conn: &Connection, member_id: Option<&str>, from: NaiveDate, to: NaiveDate) -> Result<Vec<LogRow>> {
    let mut out: Vec<LogRow> = Vec::new();
    for row in all_logs(conn, member_id, from, to)? {
        // Rows of a member and day come newest first: keep the first.
        if out.last().is_some_and(|l| l.member_id == row.member_id && l.date == row.date) {
            continue;
        }
        out.push(row);
    }
    Ok(out)
}

/// A member's latest log before `date` (of the day's rows, the one that counts).
pub fn previous_log(conn: &Connection, member_id: &str, date: NaiveDate) -> Result<Option<LogRow>> {
    let last: Option<String> = conn
        .prepare_cached("SELECT max(date) FROM work_log WHERE member_id = ?1 AND date < ?2")?
        .query_row(params![member_id, date.to_string()], |r| r.get(0))?;
    let Some(day) = last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()) else { return Ok(None) };
    Ok(logs(conn, Some(member_id), day, day)?.into_iter().next())
}

/// The rows of a member's day that lost to the day's log (two laptops both wrote the day before they
/// synced) and say something else: nothing typed is lost, the 今日 page offers them.
pub fn other_logs(conn: &Connection, member_id: &str, date: NaiveDate) -> Result<Vec<LogRow>> {
    let mut rows = all_logs(conn, Some(member_id), date, date)?.into_iter();
    let Some(winner) = rows.next() else { return Ok(Vec::new()) };
    Ok(rows
        .filter(|r| (&r.status, r.night, &r.content, &r.categories) != (&winner.status, winner.night, &winner.content, &winner.categories))
        .collect())
}

/// Every log row between two dates, newest row of a member's day first.
fn all_logs(conn: &Connection, member_id: Option<&str>, from: NaiveDate, to: NaiveDate) -> Result<Vec<LogRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.member_id, ifnull(c.name, ''), l.date, l.status, l.night, l.content, l.categories, l.updated_at, l.created_at
         FROM work_log l LEFT JOIN team_member m ON m.id = l.member_id LEFT JOIN cadre c ON c.id = m.cadre_id
         WHERE l.date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR l.member_id = ?3)
         ORDER BY l.date, l.member_id, l.id DESC",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string(), member_id], |r| {
        Ok(LogRow {
            id: r.get(0)?,
            member_id: r.get(1)?,
            member_name: r.get(2)?,
            date: r.get(3)?,
            status: r.get(4)?,
            night: r.get::<_, i64>(5)? != 0,
            content: r.get(6)?,
            categories: json_list(&r.get::<_, String>(7)?),
            updated_at: r.get(8)?,
            created_at: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
