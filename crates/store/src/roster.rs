//! Applying a checked roster (花名册) to the database, and reading it back for export.
//!
//! Households are keyed by 户编号 and persons by ID number, so importing the same file twice changes
//! nothing, and next month's file changes exactly what changed. Persons missing from a household that
//! the file lists are marked as having left (never deleted); a change of pairing cadre ends the old
//! pairing and starts a new one, so the history stays.

use crate::error::{Result, StoreError};
use crate::writer::{flag, opt_text, text, Table, Writer};
use chrono::{Days, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use zhucun_domain::division::{DivisionLevel, COUNTY_CODE, COUNTY_NAME};
use zhucun_domain::household::{Category, MonitorCategory, RiskStatus};
use zhucun_domain::idcard::IdNumber;
use zhucun_domain::ids::{CadreId, DivisionId, HouseholdId, PairingId, PersonId};
use zhucun_domain::person::{Health, Labour, Relation, Schooling};
use zhucun_domain::roster::{Roster, RosterHousehold, RosterPairing, RosterPerson};

/// What an import did (or, in a dry run, would do).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ImportCounts {
    pub households_added: u32,
    pub households_changed: u32,
    pub households_unchanged: u32,
    pub persons_added: u32,
    pub persons_changed: u32,
    pub persons_left: u32,
    pub pairings_started: u32,
    pub pairings_ended: u32,
    pub cadres_added: u32,
    pub divisions_added: u32,
}

/// One field that an import changed, for the report ("户…：风险状态 未消除 → 已消除").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FieldChange {
    pub household_number: String,
    /// The person's name, for a person's field.
    pub person: Option<String>,
    pub field: String,
    pub before: String,
    pub after: String,
}

/// At most this many field changes are listed in a report; the counts are always complete.
pub const MAX_LISTED_CHANGES: usize = 500;

#[derive(Default)]
struct Ctx {
    divisions: HashMap<(String, String), String>,
    cadres: HashMap<(String, String), String>,
    counts: ImportCounts,
    changes: Vec<FieldChange>,
    changes_total: usize,
    /// Field changes are listed only for households that existed before this import.
    listing: bool,
}

/// Apply a checked roster inside the writer's transaction. `today` dates the departures and ended
/// pairings that the import itself decides.
pub fn apply_roster(w: &mut Writer<'_>, roster: &Roster, today: NaiveDate) -> Result<(ImportCounts, Vec<FieldChange>, usize)> {
    let mut ctx = Ctx::default();
    let county = division(w, &mut ctx, DivisionLevel::County, None, COUNTY_NAME)?;
    for hh in &roster.households {
        let township = division(w, &mut ctx, DivisionLevel::Township, Some(&county), &hh.township)?;
        let village = division(w, &mut ctx, DivisionLevel::Village, Some(&township), &hh.village)?;
        let group = division(w, &mut ctx, DivisionLevel::Group, Some(&village), &hh.group)?;
        apply_household(w, &mut ctx, hh, &village, &group, today)?;
    }
    Ok((ctx.counts, ctx.changes, ctx.changes_total))
}

fn division(w: &mut Writer<'_>, ctx: &mut Ctx, level: DivisionLevel, parent: Option<&str>, name: &str) -> Result<String> {
    let key = (parent.unwrap_or("").to_string(), name.to_string());
    if let Some(id) = ctx.divisions.get(&key) {
        return Ok(id.clone());
    }
    let found: Option<String> = w
        .conn()
        .prepare_cached("SELECT id FROM division WHERE ifnull(parent_id, '') = ?1 AND name = ?2")?
        .query_row(params![key.0, key.1], |r| r.get(0))
        .optional()?;
    let id = match found {
        Some(id) => id,
        None => {
            let id = DivisionId::new().to_string();
            let code = (level == DivisionLevel::County).then_some(COUNTY_CODE);
            w.insert(
                Table::Division,
                &id,
                &[("level", text(level.label())), ("parent_id", opt_text(parent)), ("name", text(name)), ("code", opt_text(code))],
            )?;
            ctx.counts.divisions_added += 1;
            id
        }
    };
    ctx.divisions.insert(key, id.clone());
    Ok(id)
}

fn date_value(d: Option<NaiveDate>) -> Value {
    opt_text(d.map(|d| d.to_string()))
}

fn household_fields(hh: &RosterHousehold, village: &str, group: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("number", text(&hh.number)),
        ("village_id", text(village)),
        ("group_id", text(group)),
        ("category", text(hh.category.label())),
        ("monitor_category", opt_text(hh.monitor_category.map(|c| c.label()))),
        ("identified_on", date_value(hh.identified_on)),
        ("risk_status", opt_text(hh.risk_status.map(|c| c.label()))),
        ("eliminated_on", date_value(hh.eliminated_on)),
        ("away", flag(hh.away)),
        ("no_labour", flag(hh.no_labour)),
        ("phone", opt_text(hh.phone.clone())),
    ]
}

fn person_fields(p: &RosterPerson, household: &str, ord: usize) -> Vec<(&'static str, Value)> {
    vec![
        ("household_id", text(household)),
        ("ord", Value::Integer(ord as i64)),
        ("name", text(&p.name)),
        ("id_number", text(p.id_number.as_str())),
        ("disability", opt_text(p.id_number.disability().map(|(c, g)| format!("{c}{g}")))),
        ("sex", text(p.id_number.sex().label())),
        ("birth_date", text(p.id_number.birth_date().to_string())),
        ("relation", text(p.relation.label())),
        ("labour", opt_text(p.labour.map(|c| c.label()))),
        ("health", opt_text(p.health.map(|c| c.label()))),
        ("schooling", opt_text(p.schooling.map(|c| c.label()))),
        ("left_on", Value::Null),
    ]
}

/// Chinese label of a column, for the change report.
fn column_label(col: &str) -> &str {
    match col {
        "village_id" => "村",
        "group_id" => "组",
        "category" => "户类别",
        "monitor_category" => "监测类别",
        "identified_on" => "识别日期",
        "risk_status" => "风险状态",
        "eliminated_on" => "消除日期",
        "away" => "全家外出",
        "no_labour" => "整户无劳动能力",
        "phone" => "联系电话",
        "household_id" => "所在户",
        "ord" => "排列顺序",
        "name" => "姓名",
        "disability" => "残疾证等级",
        "relation" => "与户主关系",
        "labour" => "劳动技能",
        "health" => "健康状况",
        "schooling" => "在校情况",
        "left_on" => "减少日期",
        "start_date" => "结对开始日期",
        other => other,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => "…".to_string(),
    }
}

/// The fields of `desired` whose stored value differs, with the stored value.
fn diff(w: &Writer<'_>, table: Table, id: &str, desired: &[(&'static str, Value)]) -> Result<Vec<(&'static str, Value, Value)>> {
    let cols: Vec<&str> = desired.iter().map(|(c, _)| *c).collect();
    let sql = format!("SELECT {} FROM {} WHERE id = ?1", cols.join(", "), table.name());
    let current: Vec<Value> = w
        .conn()
        .prepare_cached(&sql)?
        .query_row([id], |r| (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>())?;
    Ok(desired
        .iter()
        .zip(current)
        .filter(|((_, want), have)| want != have)
        .map(|((c, want), have)| (*c, have, want.clone()))
        .collect())
}

fn note(ctx: &mut Ctx, number: &str, person: Option<&str>, field: &str, before: String, after: String) {
    if !ctx.listing {
        return;
    }
    ctx.changes_total += 1;
    if ctx.changes.len() < MAX_LISTED_CHANGES {
        ctx.changes.push(FieldChange {
            household_number: number.to_string(),
            person: person.map(str::to_string),
            field: field.to_string(),
            before,
            after,
        });
    }
}

fn apply_household(w: &mut Writer<'_>, ctx: &mut Ctx, hh: &RosterHousehold, village: &str, group: &str, today: NaiveDate) -> Result<()> {
    let fields = household_fields(hh, village, group);
    let existing: Option<String> = w
        .conn()
        .prepare_cached("SELECT id FROM household WHERE number = ?1")?
        .query_row([&hh.number], |r| r.get(0))
        .optional()?;
    let mut changed = false;
    let was_present = existing.is_some();
    ctx.listing = was_present;
    let hid = match existing {
        None => {
            let id = HouseholdId::new().to_string();
            w.insert(Table::Household, &id, &fields)?;
            ctx.counts.households_added += 1;
            id
        }
        Some(id) => {
            let d = diff(w, Table::Household, &id, &fields)?;
            if !d.is_empty() {
                changed = true;
                for (c, before, after) in &d {
                    let (before, after) = match *c {
                        "village_id" | "group_id" => (division_name(w, before)?, division_name(w, after)?),
                        _ => (value_text(before), value_text(after)),
                    };
                    note(ctx, &hh.number, None, column_label(c), before, after);
                }
                let upd: Vec<(&'static str, Value)> = d.into_iter().map(|(c, _, v)| (c, v)).collect();
                w.update(Table::Household, &id, &upd)?;
            }
            id
        }
    };

    // Persons.
    let mut in_file: HashSet<String> = HashSet::new();
    for (ord, p) in hh.persons.iter().enumerate() {
        in_file.insert(p.id_number.as_str().to_string());
        let fields = person_fields(p, &hid, ord);
        let existing: Option<String> = w
            .conn()
            .prepare_cached("SELECT id FROM person WHERE id_number = ?1")?
            .query_row([p.id_number.as_str()], |r| r.get(0))
            .optional()?;
        match existing {
            None => {
                w.insert(Table::Person, &PersonId::new().to_string(), &fields)?;
                ctx.counts.persons_added += 1;
                changed = true;
            }
            Some(pid) => {
                let d = diff(w, Table::Person, &pid, &fields)?;
                if !d.is_empty() {
                    let visible: Vec<_> = d.iter().filter(|(c, _, _)| *c != "ord").collect();
                    if !visible.is_empty() {
                        ctx.counts.persons_changed += 1;
                        changed = true;
                    }
                    for (c, before, after) in visible {
                        let (before, after) = match *c {
                            "household_id" => (household_number(w, before)?, hh.number.clone()),
                            "left_on" => (format!("{}减少", value_text(before)), "重新列入".to_string()),
                            _ => (value_text(before), value_text(after)),
                        };
                        note(ctx, &hh.number, Some(&p.name), column_label(c), before, after);
                    }
                    let upd: Vec<(&'static str, Value)> = d.into_iter().map(|(c, _, v)| (c, v)).collect();
                    w.update(Table::Person, &pid, &upd)?;
                }
            }
        }
    }
    // Persons no longer listed in this household have left it (death, marriage, moving out).
    let active: Vec<(String, String, String)> = w
        .conn()
        .prepare_cached("SELECT id, id_number, name FROM person WHERE household_id = ?1 AND left_on IS NULL")?
        .query_map([&hid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (pid, idn, name) in active {
        if !in_file.contains(&idn) {
            w.update(Table::Person, &pid, &[("left_on", text(today.to_string()))])?;
            ctx.counts.persons_left += 1;
            changed = true;
            note(ctx, &hh.number, Some(&name), "家庭成员", "在册".to_string(), format!("{today}减少"));
        }
    }

    if apply_pairing(w, ctx, &hid, &hh.number, hh.pairing.as_ref(), today)? {
        changed = true;
    }
    // A household inserted by this import counts as added, not as changed.
    if was_present {
        if changed {
            ctx.counts.households_changed += 1;
        } else {
            ctx.counts.households_unchanged += 1;
        }
    }
    Ok(())
}

fn division_name(w: &Writer<'_>, id: &Value) -> Result<String> {
    let Value::Text(id) = id else { return Ok(String::new()) };
    Ok(w.conn()
        .prepare_cached("SELECT name FROM division WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

fn household_number(w: &Writer<'_>, id: &Value) -> Result<String> {
    let Value::Text(id) = id else { return Ok(String::new()) };
    Ok(w.conn()
        .prepare_cached("SELECT number FROM household WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The cadre of a pairing: keyed by name and phone (or name and unit when no phone is given).
fn cadre(w: &mut Writer<'_>, ctx: &mut Ctx, p: &RosterPairing) -> Result<String> {
    let key = match &p.cadre_phone {
        Some(phone) => (p.cadre_name.clone(), format!("tel:{phone}")),
        None => (p.cadre_name.clone(), format!("unit:{}", p.cadre_unit.clone().unwrap_or_default())),
    };
    if let Some(id) = ctx.cadres.get(&key) {
        return Ok(id.clone());
    }
    let found: Option<(String, Option<String>)> = match &p.cadre_phone {
        Some(phone) => w
            .conn()
            .prepare_cached("SELECT id, unit FROM cadre WHERE name = ?1 AND phone = ?2")?
            .query_row(params![p.cadre_name, phone], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
        None => w
            .conn()
            .prepare_cached("SELECT id, unit FROM cadre WHERE name = ?1 AND phone IS NULL AND ifnull(unit, '') = ?2")?
            .query_row(params![p.cadre_name, p.cadre_unit.clone().unwrap_or_default()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    };
    let id = match found {
        Some((id, unit)) => {
            if unit != p.cadre_unit && p.cadre_unit.is_some() {
                w.update(Table::Cadre, &id, &[("unit", opt_text(p.cadre_unit.clone()))])?;
            }
            id
        }
        None => {
            let id = CadreId::new().to_string();
            w.insert(
                Table::Cadre,
                &id,
                &[("name", text(&p.cadre_name)), ("unit", opt_text(p.cadre_unit.clone())), ("phone", opt_text(p.cadre_phone.clone()))],
            )?;
            ctx.counts.cadres_added += 1;
            id
        }
    };
    ctx.cadres.insert(key, id.clone());
    Ok(id)
}

/// Bring the household's open pairing in line with the roster. Returns whether anything changed.
fn apply_pairing(w: &mut Writer<'_>, ctx: &mut Ctx, hid: &str, number: &str, want: Option<&RosterPairing>, today: NaiveDate) -> Result<bool> {
    let open: Option<(String, String, String, String)> = w
        .conn()
        .prepare_cached(
            "SELECT p.id, p.cadre_id, p.start_date, c.name FROM pairing p JOIN cadre c ON c.id = p.cadre_id
             WHERE p.household_id = ?1 AND p.end_date IS NULL ORDER BY p.start_date DESC LIMIT 1",
        )?
        .query_row([hid], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    let want_cadre = match want {
        Some(p) => Some(cadre(w, ctx, p)?),
        None => None,
    };
    match (open, want, want_cadre) {
        (None, None, _) => Ok(false),
        (Some((pid, cid, start, _)), Some(p), Some(want_cid)) if cid == want_cid => {
            if start != p.start.to_string() {
                w.update(Table::Pairing, &pid, &[("start_date", text(p.start.to_string()))])?;
                note(ctx, number, None, "结对开始日期", start, p.start.to_string());
                return Ok(true);
            }
            Ok(false)
        }
        (open, want, want_cid) => {
            if let Some((pid, _, start, old_name)) = &open {
                let end_on = match want {
                    Some(p) => p.start.checked_sub_days(Days::new(1)).unwrap_or(p.start),
                    None => today,
                };
                let start_date = NaiveDate::parse_from_str(start, "%Y-%m-%d")
                    .map_err(|_| StoreError::BadColumn { column: "pairing.start_date", value: start.clone() })?;
                let end_on = end_on.max(start_date);
                w.update(Table::Pairing, pid, &[("end_date", text(end_on.to_string()))])?;
                ctx.counts.pairings_ended += 1;
                if want.is_none() {
                    note(ctx, number, None, "帮扶责任人", old_name.clone(), String::new());
                }
            }
            if let (Some(p), Some(cid)) = (want, want_cid) {
                w.insert(
                    Table::Pairing,
                    &PairingId::new().to_string(),
                    &[("household_id", text(hid)), ("cadre_id", text(cid)), ("start_date", text(p.start.to_string())), ("end_date", Value::Null)],
                )?;
                ctx.counts.pairings_started += 1;
                let before = open.map(|o| o.3).unwrap_or_default();
                note(ctx, number, None, "帮扶责任人", before, p.cadre_name.clone());
            }
            Ok(true)
        }
    }
}

/// Read the roster back, in the import layout, for export. `village` limits it to one village.
pub fn read_roster(conn: &rusqlite::Connection, village: Option<&str>) -> Result<Vec<RosterHousehold>> {
    let far_future = NaiveDate::MAX;
    let mut hh_stmt = conn.prepare(
        "SELECT h.id, h.number, t.name, v.name, g.name, h.category, h.monitor_category, h.identified_on,
                h.risk_status, h.eliminated_on, h.away, h.no_labour, h.phone
         FROM household h
         JOIN division g ON g.id = h.group_id
         JOIN division v ON v.id = h.village_id
         JOIN division t ON t.id = v.parent_id
         WHERE ?1 IS NULL OR h.village_id = ?1
         ORDER BY t.name, v.name, h.number",
    )?;
    let mut person_stmt = conn.prepare(
        "SELECT name, id_number, disability, relation, labour, health, schooling FROM person
         WHERE household_id = ?1 AND left_on IS NULL ORDER BY ord",
    )?;
    let mut pairing_stmt = conn.prepare(
        "SELECT c.name, c.unit, c.phone, p.start_date FROM pairing p JOIN cadre c ON c.id = p.cadre_id
         WHERE p.household_id = ?1 AND p.end_date IS NULL ORDER BY p.start_date DESC LIMIT 1",
    )?;
    let rows: Vec<(String, RosterHousehold)> = hh_stmt
        .query_map([village], |r| {
            Ok((
                r.get::<_, String>(0)?,
                (
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                    r.get::<_, Option<String>>(9)?,
                    r.get::<_, bool>(10)?,
                    r.get::<_, bool>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ),
            ))
        })?
        .map(|row| {
            let (id, (number, township, village, group, category, mc, ident, risk, elim, away, no_labour, phone)) = row?;
            Ok((
                id,
                RosterHousehold {
                    first_row: 0,
                    number,
                    township,
                    village,
                    group,
                    category: parse_col("household.category", &category, Category::parse)?,
                    monitor_category: mc.map(|v| parse_col("household.monitor_category", &v, MonitorCategory::parse)).transpose()?,
                    identified_on: ident.map(|v| parse_day("household.identified_on", &v)).transpose()?,
                    risk_status: risk.map(|v| parse_col("household.risk_status", &v, RiskStatus::parse)).transpose()?,
                    eliminated_on: elim.map(|v| parse_day("household.eliminated_on", &v)).transpose()?,
                    away,
                    no_labour,
                    phone,
                    pairing: None,
                    persons: Vec::new(),
                },
            ))
        })
        .collect::<Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, mut hh) in rows {
        let persons = person_stmt.query_map([&id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for p in persons {
            let (name, idn, disability, relation, labour, health, schooling) = p?;
            let full = format!("{idn}{}", disability.unwrap_or_default());
            let id_number = IdNumber::parse(&full, far_future)
                .map_err(|_| StoreError::BadColumn { column: "person.id_number", value: zhucun_domain::idcard::mask(&idn) })?;
            hh.persons.push(RosterPerson {
                row: 0,
                name,
                id_number,
                relation: parse_col("person.relation", &relation, Relation::parse)?,
                labour: labour.map(|v| parse_col("person.labour", &v, Labour::parse)).transpose()?,
                health: health.map(|v| parse_col("person.health", &v, Health::parse)).transpose()?,
                schooling: schooling.map(|v| parse_col("person.schooling", &v, Schooling::parse)).transpose()?,
            });
        }
        hh.pairing = pairing_stmt
            .query_row([&id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?)))
            .optional()?
            .map(|(cadre_name, cadre_unit, cadre_phone, start)| -> Result<RosterPairing> {
                Ok(RosterPairing { cadre_name, cadre_unit, cadre_phone, start: parse_day("pairing.start_date", &start)? })
            })
            .transpose()?;
        out.push(hh);
    }
    Ok(out)
}

pub(crate) fn parse_col<T>(column: &'static str, v: &str, f: impl Fn(&str) -> std::result::Result<T, zhucun_domain::DomainError>) -> Result<T> {
    f(v).map_err(|_| StoreError::BadColumn { column, value: v.to_string() })
}

pub(crate) fn parse_day(column: &'static str, v: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| StoreError::BadColumn { column, value: v.to_string() })
}
