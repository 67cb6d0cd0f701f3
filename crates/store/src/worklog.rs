//! Work logs, leave, meetings, parameters and the holiday calendar: the rows, and the reading of them
//! into the rule engine's [`Records`].

use crate::error::{Result, StoreError};
use crate::writer::{flag, opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::{CalendarDay, DayKind};
use zhucun_domain::params::PARAMS;
use zhucun_domain::rules::{DayLog, Leave, Meeting, Member, Records, RuleParams, Team};
use zhucun_domain::team::TeamRole;
use zhucun_domain::worklog::{Half, HalfDay, LeaveKind, LeaveSpan, LogStatus, MeetingKind};

fn date(column: &'static str, s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| StoreError::BadColumn { column, value: s.to_string() })
}

fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

fn json_text(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

// ---------------------------------------------------------------------------------------------------
// Work logs

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
/// Returns the log's id.
pub fn set_log(w: &mut Writer, input: &LogInput) -> Result<String> {
    let exists: Option<String> = w.conn().query_row("SELECT id FROM team_member WHERE id = ?1", [input.member_id], |r| r.get(0)).optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: format!("工作队员 {}", input.member_id) });
    }
    let at = w.at().to_string();
    let cats = json_text(input.categories);
    match log_id(w.conn(), input.member_id, input.date)? {
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            w.insert(
                Table::WorkLog,
                &id,
                &[
                    ("member_id", text(input.member_id)),
                    ("date", text(input.date.to_string())),
                    ("status", text(input.status.label())),
                    ("night", flag(input.night)),
                    ("content", text(input.content)),
                    ("categories", text(cats)),
                    ("updated_at", text(at)),
                ],
            )?;
            Ok(id)
        }
        Some(id) => {
            let (status, night, content, categories): (String, i64, String, String) = w.conn().query_row(
                "SELECT status, night, content, categories FROM work_log WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            let mut fields = Vec::new();
            if status != input.status.label() {
                fields.push(("status", text(input.status.label())));
            }
            if (night != 0) != input.night {
                fields.push(("night", flag(input.night)));
            }
            if content != input.content {
                fields.push(("content", text(input.content)));
            }
            if json_list(&categories) != input.categories {
                fields.push(("categories", text(cats)));
            }
            if !fields.is_empty() {
                fields.push(("updated_at", text(at)));
                w.update(Table::WorkLog, &id, &fields)?;
            }
            Ok(id)
        }
    }
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
        "SELECT l.id, l.member_id, ifnull(c.name, ''), l.date, l.status, l.night, l.content, l.categories, l.updated_at
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
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------------
// Leave

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveRow {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub kind: String,
    pub from_date: String,
    pub from_half: String,
    pub to_date: String,
    pub to_half: String,
    /// Length in days, in half-day steps (calendar days).
    pub days: f64,
    pub reason: String,
    pub requested_on: String,
    /// 乡镇 or 县委组织部, from the length when requested.
    pub approval_level: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub returned_on: Option<String>,
    pub cancelled_on: Option<String>,
    /// 待审批 / 已批准 / 已销假 / 已撤回.
    pub state: String,
}

impl LeaveRow {
    pub fn span(&self) -> Result<LeaveSpan> {
        let half = |s: &str| Half::parse(s).map_err(|_| StoreError::BadColumn { column: "leave_request.half", value: s.to_string() });
        let from = HalfDay { date: date("leave_request.from_date", &self.from_date)?, half: half(&self.from_half)? };
        let to = HalfDay { date: date("leave_request.to_date", &self.to_date)?, half: half(&self.to_half)? };
        LeaveSpan::new(from, to).map_err(|_| StoreError::BadColumn { column: "leave_request.to_date", value: self.to_date.clone() })
    }
}

pub struct LeaveInput<'a> {
    pub member_id: &'a str,
    pub kind: LeaveKind,
    pub span: LeaveSpan,
    pub reason: &'a str,
    pub requested_on: NaiveDate,
    pub approval_level: &'a str,
}

pub fn add_leave(w: &mut Writer, l: &LeaveInput) -> Result<String> {
    let exists: Option<String> = w.conn().query_row("SELECT id FROM team_member WHERE id = ?1", [l.member_id], |r| r.get(0)).optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: format!("工作队员 {}", l.member_id) });
    }
    let id = uuid::Uuid::now_v7().to_string();
    w.insert(
        Table::Leave,
        &id,
        &[
            ("member_id", text(l.member_id)),
            ("kind", text(l.kind.label())),
            ("from_date", text(l.span.from.date.to_string())),
            ("from_half", text(l.span.from.half.label())),
            ("to_date", text(l.span.to.date.to_string())),
            ("to_half", text(l.span.to.half.label())),
            ("reason", text(l.reason)),
            ("requested_on", text(l.requested_on.to_string())),
            ("approval_level", text(l.approval_level)),
        ],
    )?;
    Ok(id)
}

const LEAVE_SELECT: &str = "SELECT l.id, l.member_id, ifnull(c.name, ''), l.kind, l.from_date, l.from_half, l.to_date, l.to_half, l.reason,
        l.requested_on, l.approval_level, l.approved_by, l.approved_on, l.returned_on, l.cancelled_on
     FROM leave_request l LEFT JOIN team_member m ON m.id = l.member_id LEFT JOIN cadre c ON c.id = m.cadre_id";

fn leave_row(r: &rusqlite::Row) -> rusqlite::Result<LeaveRow> {
    let mut row = LeaveRow {
        id: r.get(0)?,
        member_id: r.get(1)?,
        member_name: r.get(2)?,
        kind: r.get(3)?,
        from_date: r.get(4)?,
        from_half: r.get(5)?,
        to_date: r.get(6)?,
        to_half: r.get(7)?,
        days: 0.0,
        reason: r.get(8)?,
        requested_on: r.get(9)?,
        approval_level: r.get(10)?,
        approved_by: r.get(11)?,
        approved_on: r.get(12)?,
        returned_on: r.get(13)?,
        cancelled_on: r.get(14)?,
        state: String::new(),
    };
    row.days = row.span().map(|s| s.days()).unwrap_or(0.0);
    // An approval wins over a withdrawal made on another laptop before the two met: the approver
    // decided, and a withdrawal is refused once a leave is approved.
    row.state = match (&row.cancelled_on, &row.approved_by, &row.returned_on) {
        (_, Some(_), None) => "已批准",
        (_, Some(_), Some(_)) => "已销假",
        (Some(_), None, _) => "已撤回",
        (None, None, _) => "待审批",
    }
    .to_string();
    Ok(row)
}

pub fn leave(conn: &Connection, id: &str) -> Result<LeaveRow> {
    conn.query_row(&format!("{LEAVE_SELECT} WHERE l.id = ?1"), [id], leave_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: format!("请假记录 {id}") })
}

/// Leaves that touch `[from, to]`, newest first.
pub fn leaves(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeaveRow>> {
    let mut stmt = conn.prepare_cached(&format!("{LEAVE_SELECT} WHERE l.from_date <= ?2 AND l.to_date >= ?1 ORDER BY l.from_date DESC, l.id DESC"))?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], leave_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Update some columns of a leave.
pub fn update_leave(w: &mut Writer, id: &str, fields: &[(&'static str, rusqlite::types::Value)]) -> Result<()> {
    w.update(Table::Leave, id, fields)
}

// ---------------------------------------------------------------------------------------------------
// Meetings

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

// ---------------------------------------------------------------------------------------------------
// Parameters and the holiday calendar

/// A parameter as the 设置 page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ParamRow {
    pub key: String,
    pub value: String,
    pub default: String,
    pub unit: String,
    pub label: String,
    pub source: String,
    /// The stored value differs from the default.
    pub changed: bool,
}

pub fn params_list(conn: &Connection) -> Result<Vec<ParamRow>> {
    let stored = stored_params(conn)?;
    Ok(PARAMS
        .iter()
        .map(|p| {
            let (value, source) = match stored.get(p.key) {
                Some((v, s)) => (v.clone(), s.clone().unwrap_or_else(|| p.source.to_string())),
                None => (p.default.to_string(), p.source.to_string()),
            };
            ParamRow {
                key: p.key.into(),
                changed: value != p.default,
                value,
                default: p.default.into(),
                unit: p.unit.into(),
                label: p.label.into(),
                source,
            }
        })
        .collect())
}

fn stored_params(conn: &Connection) -> Result<std::collections::HashMap<String, (String, Option<String>)>> {
    let mut stmt = conn.prepare_cached("SELECT key, value, source FROM parameter")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Store a parameter's value (the caller has checked the key and the value), with where it comes from.
pub fn set_param(w: &mut Writer, key: &str, value: &str, source: &str) -> Result<()> {
    let current: Option<(String, Option<String>)> =
        w.conn().query_row("SELECT value, source FROM parameter WHERE key = ?1", [key], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match current {
        None => w.insert(Table::Parameter, key, &[("value", text(value)), ("source", text(source))]),
        Some((v, s)) => {
            let mut fields = Vec::new();
            if v != value {
                fields.push(("value", text(value)));
            }
            if s.as_deref() != Some(source) {
                fields.push(("source", text(source)));
            }
            w.update(Table::Parameter, key, &fields)
        }
    }
}

pub fn rule_params(conn: &Connection) -> Result<RuleParams> {
    let stored = stored_params(conn)?;
    Ok(RuleParams::resolve(|k| stored.get(k).map(|(v, _)| v.clone())))
}

/// The county's edits of the built-in holiday calendar.
pub fn holiday_overrides(conn: &Connection) -> Result<Vec<CalendarDay>> {
    let mut stmt = conn.prepare_cached("SELECT date, kind, name FROM holiday ORDER BY date")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (d, kind, name) = row?;
        // A kind this app does not know (a newer app's) is skipped, not fatal.
        if let (Ok(date), Ok(kind)) = (NaiveDate::parse_from_str(&d, "%Y-%m-%d"), DayKind::parse(&kind)) {
            out.push(CalendarDay { date, kind, name });
        }
    }
    Ok(out)
}

pub fn set_holiday(w: &mut Writer, day: &CalendarDay) -> Result<()> {
    let key = day.date.to_string();
    let current: Option<(String, String)> =
        w.conn().query_row("SELECT kind, name FROM holiday WHERE date = ?1", [&key], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    match current {
        None => w.insert(Table::Holiday, &key, &[("kind", text(day.kind.label())), ("name", text(day.name.clone()))]),
        Some((k, n)) => {
            let mut fields = Vec::new();
            if k != day.kind.label() {
                fields.push(("kind", text(day.kind.label())));
            }
            if n != day.name {
                fields.push(("name", text(day.name.clone())));
            }
            w.update(Table::Holiday, &key, &fields)
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// The records the rules read

/// Every team, member, log, leave and meeting that touches `[from, to]`. Rows with wording this app does
/// not know (a newer app's) are left out rather than failing the whole check.
pub fn records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Records> {
    let mut r = team_records(conn, from, to)?;
    r.logs = day_logs(conn, from, to)?;
    r.leaves = leave_records(conn, from, to)?;
    r.meetings = meeting_records(conn, from, to)?;
    Ok(r)
}

/// Teams, and the members assigned at some point of `[from, to]`.
pub fn team_records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Records> {
    let mut r = Records::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT t.id, ifnull(v.name, '') FROM team t LEFT JOIN division v ON v.id = t.village_id ORDER BY v.name, t.id",
        )?;
        let rows = stmt.query_map([], |row| Ok(Team { id: row.get(0)?, label: format!("{}驻村工作队", row.get::<_, String>(1)?) }))?;
        r.teams = rows.collect::<rusqlite::Result<_>>()?;
    }
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, c.name, m.role, m.team_id, m.from_date, m.to_date FROM team_member m JOIN cadre c ON c.id = m.cadre_id
         WHERE m.from_date <= ?2 AND (m.to_date IS NULL OR m.to_date >= ?1)
         ORDER BY m.team_id, CASE m.role WHEN '第一书记' THEN 0 WHEN '队长' THEN 1 ELSE 2 END, m.from_date, c.name",
    )?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(row) = rows.next()? {
        let (id, name, role, team_id, f, t): (String, String, String, String, String, Option<String>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?);
        let Ok(role) = TeamRole::parse(&role) else { continue };
        let (Ok(from), Ok(to)) = (date("team_member.from_date", &f), t.as_deref().map(|t| date("team_member.to_date", t)).transpose()) else {
            continue;
        };
        r.members.push(Member { id, name, role, team_id, from, to });
    }
    Ok(r)
}

/// `YYYY-MM-DD` without the format machinery: the logs of a county's year are read in one go.
fn iso_date(column: &'static str, s: &str) -> Result<NaiveDate> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b.get(r.clone())?.iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Ok(date);
            }
        }
    }
    Err(StoreError::BadColumn { column, value: s.to_string() })
}

/// One log per member and day (the newest row when two laptops both wrote the day).
pub fn day_logs(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<DayLog>> {
    let mut out: Vec<DayLog> = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, member_id, date, status, night FROM work_log WHERE date BETWEEN ?1 AND ?2 ORDER BY member_id, date, id DESC")?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> Result<&str> {
            row.get_ref(i)?.as_str().map_err(|e| StoreError::BadColumn { column: "work_log", value: e.to_string() })
        };
        let Ok(status) = LogStatus::parse(text(3)?) else { continue };
        // A row this app cannot read (a damaged date) is left out, as unknown wording is.
        let Ok(date) = iso_date("work_log.date", text(2)?) else { continue };
        let member_id = text(1)?;
        if out.last().is_some_and(|l: &DayLog| l.member_id == member_id && l.date == date) {
            continue;
        }
        let member_id = match out.last() {
            Some(l) if l.member_id == member_id => l.member_id.clone(),
            _ => member_id.to_string(),
        };
        out.push(DayLog { id: row.get(0)?, member_id, date, status, night: row.get::<_, i64>(4)? != 0 });
    }
    Ok(out)
}

/// Leaves touching `[from, to]`, withdrawn ones left out.
pub fn leave_records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Leave>> {
    let mut out = Vec::new();
    for l in leaves(conn, from, to)? {
        if l.state == "已撤回" {
            continue;
        }
        let (Ok(kind), Ok(span)) = (LeaveKind::parse(&l.kind), l.span()) else { continue };
        let opt_date = |s: &Option<String>, c| s.as_deref().map(|s| date(c, s)).transpose();
        let (Ok(approved_on), Ok(returned_on)) = (opt_date(&l.approved_on, "leave_request.approved_on"), opt_date(&l.returned_on, "leave_request.returned_on"))
        else {
            continue;
        };
        out.push(Leave {
            level: zhucun_domain::worklog::ApprovalLevel::parse(&l.approval_level),
            kind,
            span,
            approved_on,
            returned_on,
            approved_by: l.approved_by,
            id: l.id,
            member_id: l.member_id,
        });
    }
    Ok(out)
}

pub fn meeting_records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Meeting>> {
    let mut out = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, team_id, kind, date, topic, host_id FROM meeting WHERE date BETWEEN ?1 AND ?2 ORDER BY date, id")?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(row) = rows.next()? {
        let (id, team_id, kind, d, topic, host_id): (String, String, String, String, String, Option<String>) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?);
        let (Ok(kind), Ok(date)) = (MeetingKind::parse(&kind), iso_date("meeting.date", &d)) else { continue };
        out.push(Meeting { id, team_id, kind, date, topic, host_id });
    }
    Ok(out)
}
