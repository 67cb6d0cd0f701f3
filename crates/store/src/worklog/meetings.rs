//! Meetings: weekly meetings, party lectures, policy study and others. A meeting recorded by mistake
//! is voided (作废: `voided_on` set, the row kept with its 修改记录), never deleted.

use crate::error::Result;
use crate::writer::{opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use zhucun_domain::worklog::MeetingKind;
use super::{json_list, json_text, member_names};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct MeetingRow {
    pub id: String,
    pub team_id: String,
    /// The canonical wording (a stored 屋场会 or 院落会（屋场会） reads as 院落会).
    pub kind: String,
    pub date: String,
    pub topic: String,
    /// 地点
    pub place: String,
    pub host_id: Option<String>,
    pub host_name: Option<String>,
    pub attendees: Vec<String>,
    pub attendee_names: Vec<String>,
    /// Who took part besides the team (村两委、群众代表 …), as written.
    pub others: String,
    /// How many took part besides the team, when known.
    pub others_count: Option<i64>,
    pub minutes: String,
    /// The day it was voided (作废); it then counts for no rule and prints in no ledger.
    pub voided_on: Option<String>,
}

pub struct MeetingInput<'a> {
    pub team_id: &'a str,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub topic: &'a str,
    pub place: &'a str,
    pub host_id: Option<&'a str>,
    pub attendees: &'a [String],
    pub others: &'a str,
    pub others_count: Option<i64>,
    pub minutes: &'a str,
}

impl MeetingInput<'_> {
    /// The columns as written (team and voided_on aside): what an edit compares with the row.
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("kind", text(self.kind.label())),
            ("date", text(self.date.to_string())),
            ("topic", text(self.topic)),
            ("place", text(self.place)),
            ("host_id", opt_text(self.host_id)),
            ("attendees", text(json_text(self.attendees))),
            ("others", text(self.others)),
            ("others_count", self.others_count.map_or(Value::Null, Value::Integer)),
            ("minutes", text(self.minutes)),
        ]
    }
}

pub fn add_meeting(w: &mut Writer, m: &MeetingInput) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let mut fields = vec![("team_id", text(m.team_id))];
    fields.extend(m.fields());
    w.insert(Table::Meeting, &id, &fields)?;
    Ok(id)
}

const COLUMNS: &str = "id, team_id, kind, date, topic, host_id, attendees, minutes, place, others, others_count, voided_on";

fn row(r: &Row, names: &HashMap<String, String>) -> rusqlite::Result<MeetingRow> {
    let attendees = json_list(&r.get::<_, String>(6)?);
    let host_id: Option<String> = r.get(5)?;
    let kind: String = r.get(2)?;
    Ok(MeetingRow {
        id: r.get(0)?,
        team_id: r.get(1)?,
        kind: MeetingKind::parse(&kind).map_or(kind, |k| k.label().to_string()),
        date: r.get(3)?,
        topic: r.get(4)?,
        place: r.get(8)?,
        host_name: host_id.as_ref().and_then(|h| names.get(h).cloned()),
        host_id,
        attendee_names: attendees.iter().map(|a| names.get(a).cloned().unwrap_or_else(|| "（已移除的队员）".into())).collect(),
        attendees,
        others: r.get(9)?,
        others_count: r.get(10)?,
        minutes: r.get(7)?,
        voided_on: r.get(11)?,
    })
}

/// Meetings between two dates, in date order, with the names of host and attendees; voided ones
/// left out (what the ledgers and the 今日 page show).
pub fn meetings(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingRow>> {
    meetings_with_voided(conn, from, to, false)
}

/// [`meetings`], the voided ones too when `voided` (the 会议 page lists them, marked, with their trace).
pub fn meetings_with_voided(conn: &Connection, from: NaiveDate, to: NaiveDate, voided: bool) -> Result<Vec<MeetingRow>> {
    let names = member_names(conn)?;
    let sql = format!(
        "SELECT {COLUMNS} FROM meeting WHERE date BETWEEN ?1 AND ?2 {} ORDER BY date, id",
        if voided { "" } else { "AND voided_on IS NULL" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| row(r, &names))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One meeting, voided or not.
pub fn meeting(conn: &Connection, id: &str) -> Result<Option<MeetingRow>> {
    let names = member_names(conn)?;
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM meeting WHERE id = ?1"))?;
    Ok(stmt.query_row([id], |r| row(r, &names)).optional()?)
}
