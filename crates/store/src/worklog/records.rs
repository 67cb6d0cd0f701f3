//! The records the rule engine reads, read in one pass per kind (a county's year at a time).

use crate::error::{Result, StoreError};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use zhucun_domain::rules::{DayLog, Leave, Meeting, Member, Records, Team};
use zhucun_domain::team::TeamRole;
use zhucun_domain::worklog::{LogStatus, MeetingKind};
use super::{date, leaves, LeaveRow};

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
    Ok(leaves(conn, from, to)?.iter().filter_map(LeaveRow::record).collect())
}

/// Meetings in `[from, to]`, voided ones left out, with their minutes (M1 reads them).
pub fn meeting_records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<Meeting>> {
    let mut out = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT id, team_id, kind, date, topic, host_id, minutes FROM meeting WHERE date BETWEEN ?1 AND ?2 AND voided_on IS NULL ORDER BY date, id")?;
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(row) = rows.next()? {
        let (id, team_id, kind, d, topic, host_id, minutes): (String, String, String, String, String, Option<String>, String) =
            (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?, row.get(5)?, row.get(6)?);
        let (Ok(kind), Ok(date)) = (MeetingKind::parse(&kind), iso_date("meeting.date", &d)) else { continue };
        out.push(Meeting { id, team_id, kind, date, topic, host_id, minutes });
    }
    Ok(out)
}
