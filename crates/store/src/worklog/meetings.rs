//! Meetings: weekly meetings, party lectures, policy study and others.

use crate::error::{Result, StoreError};
use crate::writer::{opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zhucun_domain::worklog::MeetingKind;
use super::{json_list, json_text, member_names};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MeetingRow {
    pub id: String,
    pub team_id: String,
    pub kind: String,
    pub date: String,
    pub topic: String,
    pub host_id: Option<String>,
    pub host_name: Option<String>,
    pub attendees: Vec<String>,
    pub attendee_names: Vec<String>,
    pub minutes: String,
}

pub struct MeetingInput<'a> {
    pub team_id: &'a str,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub topic: &'a str,
    pub host_id: Option<&'a str>,
    pub attendees: &'a [String],
    pub minutes: &'a str,
}

pub fn add_meeting(w: &mut Writer, m: &MeetingInput) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    w.insert(
        Table::Meeting,
        &id,
        &[
            ("team_id", text(m.team_id)),
            ("kind", text(m.kind.label())),
            ("date", text(m.date.to_string())),
            ("topic", text(m.topic)),
            ("host_id", opt_text(m.host_id)),
            ("attendees", text(json_text(m.attendees))),
            ("minutes", text(m.minutes)),
        ],
    )?;
    Ok(id)
}

pub fn delete_meeting(w: &mut Writer, id: &str) -> Result<()> {
    let found: Option<String> = w.conn().query_row("SELECT id FROM meeting WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    if found.is_none() {
        return Err(StoreError::NotFound { what: format!("会议记录 {id}") });
    }
    w.delete(Table::Meeting, id)
}

/// Meetings between two dates, in date order, with the names of host and attendees.
pub fn meetings(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingRow>> {
    let names = member_names(conn)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, team_id, kind, date, topic, host_id, attendees, minutes FROM meeting WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id",
    )?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
        let attendees = json_list(&r.get::<_, String>(6)?);
        let host_id: Option<String> = r.get(5)?;
        Ok(MeetingRow {
            id: r.get(0)?,
            team_id: r.get(1)?,
            kind: r.get(2)?,
            date: r.get(3)?,
            topic: r.get(4)?,
            host_name: host_id.as_ref().and_then(|h| names.get(h).cloned()),
            host_id,
            attendee_names: attendees.iter().map(|a| names.get(a).cloned().unwrap_or_else(|| "（已移除的队员）".into())).collect(),
            attendees,
            minutes: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
