//! 走访: household visits as the 走访情况登记表 records them, and what the visit rules (V1–V3) read.
//! A visit is never deleted: 删除 sets `voided_on` (with a correction naming what it held); a voided
//! visit counts for no rule and prints in no register.

use crate::error::{Result, StoreError};
use crate::writer::{opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use zhucun_domain::household::Category;
use zhucun_domain::visit::{counts, Check, VisitHousehold, VisitMode, VisitRecord};

/// One visit as the screens, the register and the CLI show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct VisitRow {
    pub id: String,
    pub household_id: String,
    /// 户编号.
    pub household_number: String,
    /// The head of the household (户主), empty when the roster names none.
    pub head_name: String,
    pub group_id: String,
    /// 组.
    pub group: String,
    pub village_id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 入户 / 电话 / 微信 / 视频 (canonical wording).
    pub mode: String,
    /// Visiting team members (ids) and their names, in the same order.
    pub members: Vec<String>,
    pub member_names: Vec<String>,
    /// The household's pairing cadre, when they visited.
    pub cadre_id: Option<String>,
    pub cadre_name: Option<String>,
    /// 走访对象: the person met.
    pub met: String,
    pub checks: Vec<Check>,
    /// 政策宣传: which 明白纸 were handed over, which policies explained.
    pub policies: String,
    /// 群众诉求.
    pub requests: String,
    /// 走访情况 (free text).
    pub content: String,
    /// 下一步.
    pub next_step: String,
    /// It counts for V1/V2 (V3: in person, or remote while the household was whole-family-away).
    pub counts: bool,
    /// The household was whole-family-away (全家外出) on the visit's day.
    pub away: bool,
    /// The day it was first written (`YYYY-MM-DD`, the writing laptop's date).
    pub created_at: Option<String>,
    /// The day it was deleted (作废); it then counts nowhere.
    pub voided_on: Option<String>,
}

impl VisitRow {
    /// The visitors as a line: 张三、李四、王五（结对干部）.
    pub fn visitors(&self) -> String {
        let mut v = self.member_names.clone();
        if let Some(c) = &self.cadre_name {
            if !v.contains(c) {
                v.push(format!("{c}（结对干部）"));
            }
        }
        v.join("、")
    }

    /// 胡新平户 (the number when there is no head).
    pub fn household_label(&self) -> String {
        if self.head_name.is_empty() {
            format!("{}户", self.household_number)
        } else {
            format!("{}户", self.head_name)
        }
    }
}

/// A visit as written (what an edit compares with the row).
pub struct VisitFields<'a> {
    pub household_id: &'a str,
    pub date: NaiveDate,
    pub mode: VisitMode,
    pub members: &'a [String],
    pub cadre_id: Option<&'a str>,
    pub met: &'a str,
    pub checks: &'a [Check],
    pub policies: &'a str,
    pub requests: &'a str,
    pub content: &'a str,
    pub next_step: &'a str,
}

impl VisitFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("date", text(self.date.to_string())),
            ("mode", text(self.mode.label())),
            ("members", text(serde_json::to_string(self.members).unwrap_or_else(|_| "[]".into()))),
            ("cadre_id", opt_text(self.cadre_id)),
            ("met", text(self.met)),
            ("checks", text(serde_json::to_string(self.checks).unwrap_or_else(|_| "[]".into()))),
            ("policies", text(self.policies)),
            ("requests", text(self.requests)),
            ("content", text(self.content)),
            ("next_step", text(self.next_step)),
        ]
    }
}

/// Write a new visit in `w`'s transaction; `written` is the laptop's date. Returns its id.
pub fn add_visit(w: &mut Writer, v: &VisitFields, written: NaiveDate) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let mut fields = v.fields();
    fields.push(("created_at", text(written.to_string())));
    w.insert(Table::Visit, &id, &fields)?;
    Ok(id)
}

/// What to list.
#[derive(Clone, Debug, Default)]
pub struct VisitQuery<'a> {
    pub household_id: Option<&'a str>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Visits this team member made.
    pub member_id: Option<&'a str>,
    /// Voided visits too (marked).
    pub voided: bool,
}

const SELECT: &str = "SELECT x.id, x.household_id, h.number, x.date, x.mode, x.members, x.cadre_id, x.met, x.checks, x.policies, x.requests,
        x.content, x.next_step, x.created_at, x.voided_on, ifnull(h.group_id, ''), ifnull(g.name, ''), ifnull(h.village_id, ''),
        h.away, h.away_since
     FROM visit x LEFT JOIN household h ON h.id = x.household_id LEFT JOIN division g ON g.id = h.group_id";

struct Names {
    members: HashMap<String, String>,
    cadres: HashMap<String, String>,
    heads: HashMap<String, String>,
}

fn names(conn: &Connection) -> Result<Names> {
    let map = |sql: &str| -> Result<HashMap<String, String>> {
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok(Names {
        members: map("SELECT m.id, c.name FROM team_member m JOIN cadre c ON c.id = m.cadre_id")?,
        cadres: map("SELECT id, name FROM cadre")?,
        heads: heads(conn)?,
    })
}

/// The head's name of every household (户主 among the current members; else the first listed).
pub fn heads(conn: &Connection) -> Result<HashMap<String, String>> {
    // Ordered so that the one to show comes last and wins: the head, else the first listed.
    let mut stmt = conn.prepare_cached("SELECT household_id, name FROM person WHERE left_on IS NULL ORDER BY household_id, relation = '户主', ord DESC")?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        out.insert(r.get::<_, String>(0)?, r.get::<_, String>(1)?);
    }
    Ok(out)
}

/// `YYYY-MM-DD` without the format machinery: a county's year of visits is read in one go.
pub(crate) fn day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> { b[r].iter().try_fold(0u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))) };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// The visiting members as stored: a JSON array of ids (most often one or two).
fn members_of(s: &str) -> Vec<String> {
    if s == "[]" {
        return Vec::new();
    }
    serde_json::from_str(s).unwrap_or_default()
}

fn row(r: &Row, n: &Names) -> rusqlite::Result<VisitRow> {
    let household_id: String = r.get(1)?;
    let members: Vec<String> = serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default();
    let cadre_id: Option<String> = r.get(6)?;
    let mode_text: String = r.get(4)?;
    let mode = VisitMode::parse(&mode_text).ok();
    let date: String = r.get(3)?;
    let away_flag: Option<i64> = r.get(18)?;
    let away_since: Option<String> = r.get(19)?;
    let d = day(&date);
    let away = away_flag.unwrap_or(0) != 0 && d.is_some_and(|d| away_since.as_deref().and_then(day).is_none_or(|s| s <= d));
    Ok(VisitRow {
        id: r.get(0)?,
        household_number: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        head_name: n.heads.get(&household_id).cloned().unwrap_or_default(),
        household_id,
        group_id: r.get(15)?,
        group: r.get(16)?,
        village_id: r.get(17)?,
        date,
        mode: mode.map_or(mode_text, |m| m.label().to_string()),
        member_names: members.iter().map(|m| n.members.get(m).cloned().unwrap_or_else(|| "（已移除的队员）".into())).collect(),
        members,
        cadre_name: cadre_id.as_ref().and_then(|c| n.cadres.get(c).cloned()),
        cadre_id,
        met: r.get(7)?,
        checks: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
        policies: r.get(9)?,
        requests: r.get(10)?,
        content: r.get(11)?,
        next_step: r.get(12)?,
        counts: mode.is_some_and(|m| m.in_person()) || away,
        away,
        created_at: r.get(13)?,
        voided_on: r.get(14)?,
    })
}

/// Visits as asked, in date order (then as written).
pub fn visits(conn: &Connection, q: &VisitQuery) -> Result<Vec<VisitRow>> {
    let n = names(conn)?;
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR x.household_id = ?1) AND (?2 IS NULL OR x.date >= ?2) AND (?3 IS NULL OR x.date <= ?3)
         AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(x.members) WHERE value = ?4)) {} ORDER BY x.date, x.id",
        if q.voided { "" } else { "AND x.voided_on IS NULL" }
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![q.household_id, q.from.map(|d| d.to_string()), q.to.map(|d| d.to_string()), q.member_id],
        |r| row(r, &n),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One visit, voided or not.
pub fn visit(conn: &Connection, id: &str) -> Result<Option<VisitRow>> {
    let n = names(conn)?;
    let mut stmt = conn.prepare_cached(&format!("{SELECT} WHERE x.id = ?1"))?;
    Ok(stmt.query_row([id], |r| row(r, &n)).optional()?)
}

/// What a visit save checks of its household: it exists; its village; its head.
#[derive(Clone, Debug)]
pub struct VisitTarget {
    pub id: String,
    pub number: String,
    pub village_id: String,
    pub head: String,
    pub away: bool,
    pub away_since: Option<NaiveDate>,
}

/// The household by id or by 户编号.
pub fn target(conn: &Connection, id_or_number: &str) -> Result<Option<VisitTarget>> {
    let found: Option<(String, String, String, i64, Option<String>)> = conn
        .query_row(
            "SELECT id, number, village_id, away, away_since FROM household WHERE id = ?1 OR number = ?1 ORDER BY id = ?1 DESC LIMIT 1",
            [id_or_number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .optional()?;
    let Some((id, number, village_id, away, since)) = found else { return Ok(None) };
    let head: Option<String> = conn
        .query_row(
            "SELECT name FROM person WHERE household_id = ?1 AND left_on IS NULL ORDER BY relation <> '户主', ord LIMIT 1",
            [&id],
            |r| r.get(0),
        )
        .optional()?;
    Ok(Some(VisitTarget { id, number, village_id, head: head.unwrap_or_default(), away: away != 0, away_since: since.as_deref().and_then(day) }))
}

/// The household's pairing cadre on `on` (the newest pairing that holds that day): id and name.
pub fn pairing_cadre(conn: &Connection, household_id: &str, on: NaiveDate) -> Result<Option<(String, String)>> {
    Ok(conn
        .query_row(
            "SELECT c.id, c.name FROM pairing p JOIN cadre c ON c.id = p.cadre_id
             WHERE p.household_id = ?1 AND p.start_date <= ?2 AND (p.end_date IS NULL OR p.end_date >= ?2)
             ORDER BY p.start_date DESC LIMIT 1",
            params![household_id, on.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Every household as the visit rules read it (with head, group and the day every member left).
/// Wording this app does not know leaves a household out rather than failing the check.
pub fn visit_households(conn: &Connection) -> Result<Vec<VisitHousehold>> {
    let heads = heads(conn)?;
    let mut left: HashMap<String, Option<NaiveDate>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT household_id, sum(left_on IS NULL), max(left_on) FROM person GROUP BY household_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (h, present, last): (String, i64, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            if present == 0 {
                left.insert(h, last.as_deref().and_then(day));
            }
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.number, ifnull(g.name, ''), h.category, h.identified_on, h.away, h.away_since
         FROM household h LEFT JOIN division g ON g.id = h.group_id ORDER BY g.name, h.number",
    )?;
    let mut out = Vec::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, number, group, category, identified, away, since): (String, String, String, String, Option<String>, i64, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?);
        let Ok(category) = Category::parse(&category) else { continue };
        out.push(VisitHousehold {
            head: heads.get(&id).cloned().unwrap_or_default(),
            left_on: left.get(&id).copied().flatten(),
            id,
            number,
            group,
            category,
            identified_on: identified.as_deref().and_then(day),
            away: away != 0,
            away_since: since.as_deref().and_then(day),
        });
    }
    Ok(out)
}

/// Visits in `[from, to]` as the rules read them, in no particular order, voided ones left out (and rows
/// this app cannot read).
pub fn visit_records(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<VisitRecord>> {
    // Over a long range (a year) one pass over the table is faster than the date index's lookups.
    let long = (to - from).num_days() > 62;
    let mut stmt = conn.prepare_cached(if long {
        "SELECT id, household_id, date, mode, members, cadre_id FROM visit NOT INDEXED WHERE date BETWEEN ?1 AND ?2 AND voided_on IS NULL"
    } else {
        "SELECT id, household_id, date, mode, members, cadre_id FROM visit WHERE date BETWEEN ?1 AND ?2 AND voided_on IS NULL"
    })?;
    let mut out = Vec::new();
    let mut rows = stmt.query(params![from.to_string(), to.to_string()])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> Result<&str> { r.get_ref(i)?.as_str().map_err(|e| StoreError::BadColumn { column: "visit", value: e.to_string() }) };
        let (Some(date), Ok(mode)) = (day(text(2)?), VisitMode::parse(text(3)?)) else { continue };
        out.push(VisitRecord { id: r.get(0)?, household_id: r.get(1)?, date, mode, members: members_of(text(4)?), cadre_id: r.get(5)? });
    }
    Ok(out)
}

/// The latest counted-or-not visit day of every household (voided left out), up to `to`.
pub fn last_visits(conn: &Connection, to: NaiveDate) -> Result<HashMap<String, NaiveDate>> {
    let mut stmt = conn.prepare_cached("SELECT household_id, max(date) FROM visit WHERE voided_on IS NULL AND date <= ?1 GROUP BY household_id")?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([to.to_string()])?;
    while let Some(r) = rows.next()? {
        if let Some(d) = day(&r.get::<_, String>(1)?) {
            out.insert(r.get(0)?, d);
        }
    }
    Ok(out)
}

/// Whether a household's visit of that day counts (V3), by the household's current flag.
pub fn counts_for(h: &VisitHousehold, v: &VisitRecord) -> bool {
    counts(v, h)
}

/// A household as the coverage list and the picker show it.
#[derive(Clone, Debug)]
pub struct HouseholdBrief {
    pub id: String,
    pub number: String,
    pub group_id: String,
    pub group: String,
    pub village_id: String,
    pub phone: Option<String>,
    /// The head's ID number (the picker searches its tail; never shown).
    pub head_id_number: String,
    pub cadre: Option<(String, String)>,
}

/// Every household's group, phone and current pairing cadre.
pub fn briefs(conn: &Connection, on: NaiveDate) -> Result<HashMap<String, HouseholdBrief>> {
    let mut cadres: HashMap<String, (String, String)> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT p.household_id, c.id, c.name FROM pairing p JOIN cadre c ON c.id = p.cadre_id
             WHERE p.start_date <= ?1 AND (p.end_date IS NULL OR p.end_date >= ?1) ORDER BY p.start_date",
        )?;
        let mut rows = stmt.query([on.to_string()])?;
        while let Some(r) = rows.next()? {
            cadres.insert(r.get(0)?, (r.get(1)?, r.get(2)?));
        }
    }
    let mut ids: HashMap<String, String> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT household_id, id_number FROM person WHERE left_on IS NULL AND relation = '户主'")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            ids.insert(r.get(0)?, r.get(1)?);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.number, ifnull(h.group_id, ''), ifnull(g.name, ''), h.village_id, h.phone FROM household h LEFT JOIN division g ON g.id = h.group_id",
    )?;
    let mut out = HashMap::new();
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        out.insert(
            id.clone(),
            HouseholdBrief {
                number: r.get(1)?,
                group_id: r.get(2)?,
                group: r.get(3)?,
                village_id: r.get(4)?,
                phone: r.get(5)?,
                head_id_number: ids.remove(&id).unwrap_or_default(),
                cadre: cadres.remove(&id),
                id,
            },
        );
    }
    Ok(out)
}

/// Set a household's 全家外出 flag and the day it holds from (county-owned: on an enrolled laptop the
/// change goes to the county as a proposal, like every roster edit).
pub fn set_away(w: &mut Writer, household_id: &str, away: bool, since: Option<NaiveDate>) -> Result<bool> {
    let fields = [("away", Value::Integer(i64::from(away))), ("away_since", opt_text(since.map(|d| d.to_string())))];
    let Some(changed) = w.changed_fields(Table::Household, household_id, &fields)? else {
        return Err(StoreError::NotFound { what: "这一户".into() });
    };
    if changed.is_empty() {
        return Ok(false);
    }
    w.update(Table::Household, household_id, &changed)?;
    Ok(true)
}
