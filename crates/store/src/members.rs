//! Team members (驻村工作队员): a cadre assigned to the village's team for a period.

use crate::error::{Result, StoreError};
use crate::writer::{opt_text, text, Table, Writer};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

/// A member as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberRow {
    pub id: String,
    pub team_id: String,
    pub cadre_id: String,
    pub name: String,
    pub role: String,
    pub from_date: String,
    pub to_date: Option<String>,
    pub phone: Option<String>,
    pub unit: Option<String>,
    pub village: String,
    /// 性别: 男 / 女 (None: not written).
    pub sex: Option<String>,
    /// 出生年月, YYYY-MM.
    pub birth_month: Option<String>,
    /// 政治面貌.
    pub politics: Option<String>,
    /// 原单位及职务, as written (the 派出单位 is `unit`).
    pub post: Option<String>,
}

pub struct NewMember<'a> {
    pub team_id: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub from_date: &'a str,
    pub to_date: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub unit: Option<&'a str>,
}

/// What the 人员信息台账 asks of a member beyond name, unit and phone (kept on the cadre).
#[derive(Clone, Copy, Debug, Default)]
pub struct MemberDetails<'a> {
    pub sex: Option<&'a str>,
    pub birth_month: Option<&'a str>,
    pub politics: Option<&'a str>,
    pub post: Option<&'a str>,
}

/// The team of a village, made if the village has none yet.
pub fn team_of_village(w: &mut Writer, village_id: &str) -> Result<String> {
    let found: Option<String> =
        w.conn().query_row("SELECT id FROM team WHERE village_id = ?1 ORDER BY id LIMIT 1", [village_id], |r| r.get(0)).optional()?;
    if let Some(t) = found {
        return Ok(t);
    }
    let id = uuid::Uuid::now_v7().to_string();
    w.insert(Table::Team, &id, &[("village_id", text(village_id)), ("backing_units", text("[]"))])?;
    Ok(id)
}

/// Add a member: a new cadre (or the cadre with the same name and phone) and an assignment.
pub fn add_member(w: &mut Writer, m: &NewMember) -> Result<String> {
    add_member_with(w, m, &MemberDetails::default())
}

/// [`add_member`] with the member's details. A cadre found by name and phone (the same person, as
/// the roster merge keys cadres) keeps what it has: only its empty fields (派出单位, 性别, 出生年月,
/// 政治面貌, 原单位及职务) are filled from what is given, never overwritten — the cadre may be a
/// pairing's, as the county's roster has it.
pub fn add_member_with(w: &mut Writer, m: &NewMember, d: &MemberDetails) -> Result<String> {
    let exists: Option<String> = w.conn().query_row("SELECT id FROM team WHERE id = ?1", [m.team_id], |r| r.get(0)).optional()?;
    if exists.is_none() {
        return Err(StoreError::NotFound { what: "本村的工作队".into() });
    }
    let cadre: Option<String> = w
        .conn()
        .query_row("SELECT id FROM cadre WHERE name = ?1 AND ifnull(phone, '') = ifnull(?2, '') ORDER BY id LIMIT 1", rusqlite::params![m.name, m.phone], |r| r.get(0))
        .optional()?;
    let cadre_id = match cadre {
        Some(c) => {
            let offered = [("unit", m.unit), ("sex", d.sex), ("birth_month", d.birth_month), ("politics", d.politics), ("post", d.post)];
            let stored: Vec<Option<String>> = w.conn().query_row("SELECT unit, sex, birth_month, politics, post FROM cadre WHERE id = ?1", [&c], |r| {
                (0..offered.len()).map(|i| r.get(i)).collect()
            })?;
            let empty = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
            let fill: Vec<(&'static str, rusqlite::types::Value)> = stored
                .iter()
                .zip(offered)
                .filter(|(now, _)| empty(now))
                .filter_map(|(_, (k, v))| v.filter(|t| !t.trim().is_empty()).map(|v| (k, text(v))))
                .collect();
            if !fill.is_empty() {
                w.update(Table::Cadre, &c, &fill)?;
            }
            c
        }
        None => {
            let id = uuid::Uuid::now_v7().to_string();
            let mut fields = vec![("name", text(m.name)), ("unit", opt_text(m.unit)), ("phone", opt_text(m.phone))];
            let details = [("sex", d.sex), ("birth_month", d.birth_month), ("politics", d.politics), ("post", d.post)];
            fields.extend(details.iter().filter(|(_, v)| v.is_some()).map(|(k, v)| (*k, opt_text(*v))));
            w.insert(Table::Cadre, &id, &fields)?;
            id
        }
    };
    let id = uuid::Uuid::now_v7().to_string();
    w.insert(
        Table::TeamMember,
        &id,
        &[
            ("team_id", text(m.team_id)),
            ("cadre_id", text(cadre_id)),
            ("role", text(m.role)),
            ("from_date", text(m.from_date)),
            ("to_date", opt_text(m.to_date)),
        ],
    )?;
    Ok(id)
}

pub fn list_members(conn: &Connection) -> Result<Vec<MemberRow>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.team_id, c.id, c.name, m.role, m.from_date, m.to_date, c.phone, c.unit, ifnull(v.name, ''), c.sex, c.birth_month, c.politics, c.post
         FROM team_member m JOIN cadre c ON c.id = m.cadre_id JOIN team t ON t.id = m.team_id LEFT JOIN division v ON v.id = t.village_id
         ORDER BY v.name, CASE m.role WHEN '第一书记' THEN 0 WHEN '队长' THEN 1 ELSE 2 END, m.from_date, c.name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(MemberRow {
            id: r.get(0)?,
            team_id: r.get(1)?,
            cadre_id: r.get(2)?,
            name: r.get(3)?,
            role: r.get(4)?,
            from_date: r.get(5)?,
            to_date: r.get(6)?,
            phone: r.get(7)?,
            unit: r.get(8)?,
            village: r.get(9)?,
            sex: r.get(10)?,
            birth_month: r.get(11)?,
            politics: r.get(12)?,
            post: r.get(13)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Is the cadre also someone else's: a pairing's (帮扶责任人) or another assignment's?
pub fn cadre_shared(conn: &Connection, cadre_id: &str, member_id: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM pairing WHERE cadre_id = ?1) OR EXISTS (SELECT 1 FROM team_member WHERE cadre_id = ?1 AND id <> ?2)",
        rusqlite::params![cadre_id, member_id],
        |r| r.get(0),
    )?)
}

/// The member's records before `date` (YYYY-MM-DD): work logs, leaves (neither withdrawn nor
/// voided) starting before it, and meetings (not voided) they hosted — how many, and the first day.
pub fn records_before(conn: &Connection, member_id: &str, date: &str) -> Result<(u32, Option<String>)> {
    Ok(conn.query_row(
        "SELECT count(*), min(d) FROM (
             SELECT date AS d FROM work_log WHERE member_id = ?1 AND date < ?2
             UNION ALL SELECT from_date FROM leave_request WHERE member_id = ?1 AND from_date < ?2 AND cancelled_on IS NULL AND voided_on IS NULL
             UNION ALL SELECT date FROM meeting WHERE host_id = ?1 AND date < ?2 AND voided_on IS NULL)",
        rusqlite::params![member_id, date],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// The member's work logs after `date` (YYYY-MM-DD): how many, and the first one's day.
pub fn logs_after(conn: &Connection, member_id: &str, date: &str) -> Result<(u32, Option<String>)> {
    Ok(conn.query_row("SELECT count(*), min(date) FROM work_log WHERE member_id = ?1 AND date > ?2", rusqlite::params![member_id, date], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?)
}
