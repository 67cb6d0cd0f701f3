//! Applying a checked roster (花名册) to the database, and reading it back for export.
//!
//! Households are keyed by 户编号 and persons by ID number, so importing the same file twice changes
//! nothing, and next month's file changes exactly what changed. Persons missing from a household that
//! the file lists are marked as having left (never deleted); a change of pairing cadre ends the old
//! pairing and starts a new one, so the history stays.

use crate::error::{Result, StoreError};
use crate::households::{household_from_row, HOUSEHOLD_SELECT};
use crate::writer::{flag, opt_text, text, Table, Writer};
use chrono::{Days, NaiveDate};
use rusqlite::types::Value;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use zhucun_domain::division::{DivisionLevel, COUNTY_CODE, COUNTY_NAME};
use zhucun_domain::household::Category;
use zhucun_domain::idcard::IdNumber;
use zhucun_domain::ids::{CadreId, DivisionId, HouseholdId, PairingId, PersonId};
use zhucun_domain::person::{Health, Labour, Relation, Schooling};
use zhucun_domain::roster::{join_risk_types, Roster, RosterHousehold, RosterPairing, RosterPerson};

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

/// The roster as the database holds it, loaded once at the start of an import and kept up to date as
/// the import writes, so that a county-sized file needs no query per row.
#[derive(Default)]
struct Known {
    /// (parent id or "", name) → division id
    divisions: HashMap<(String, String), String>,
    division_names: HashMap<String, String>,
    /// 户编号 → (household id, values in `HOUSEHOLD_COLS` order)
    households: HashMap<String, (String, Vec<Value>)>,
    household_numbers: HashMap<String, String>,
    /// 18-character ID number → (person id, values in `PERSON_COLS` order)
    persons: HashMap<String, (String, Vec<Value>)>,
    /// household id → ID numbers of the persons not marked as left when the import began
    active: HashMap<String, Vec<String>>,
    /// household id → its open pairing
    open_pairings: HashMap<String, OpenPairing>,
    /// cadre key (see `cadre_key`) → (cadre id, unit)
    cadres: HashMap<(String, String), (String, Option<String>)>,
}

#[derive(Clone)]
struct OpenPairing {
    id: String,
    cadre_id: String,
    start: String,
    cadre_name: String,
}

const HOUSEHOLD_COLS: [&str; 12] =
    ["number", "village_id", "group_id", "category", "monitor_category", "identified_on", "risk_status", "eliminated_on", "away", "no_labour", "phone", "risk_types"];
/// Where `risk_types` sits in `HOUSEHOLD_COLS`: a sheet without the optional column keeps the stored value.
const H_RISK_TYPES: usize = 11;
const PERSON_COLS: [&str; 12] =
    ["household_id", "ord", "name", "id_number", "disability", "sex", "birth_date", "relation", "labour", "health", "schooling", "left_on"];
const P_HOUSEHOLD: usize = 0;
const P_NAME: usize = 2;
const P_LEFT_ON: usize = 11;

fn cadre_key(name: &str, unit: Option<&str>, phone: Option<&str>) -> (String, String) {
    match phone {
        Some(phone) => (name.to_string(), format!("tel:{phone}")),
        None => (name.to_string(), format!("unit:{}", unit.unwrap_or_default())),
    }
}

fn load_known(conn: &rusqlite::Connection) -> Result<Known> {
    let mut k = Known::default();
    let mut stmt = conn.prepare("SELECT id, ifnull(parent_id, ''), name FROM division")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, parent, name): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        k.division_names.insert(id.clone(), name.clone());
        k.divisions.insert((parent, name), id);
    }
    let sql = format!("SELECT id, {} FROM household", HOUSEHOLD_COLS.join(", "));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let values = (1..=HOUSEHOLD_COLS.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
        let number = value_text(&values[0]);
        k.household_numbers.insert(id.clone(), number.clone());
        k.households.insert(number, (id, values));
    }
    let sql = format!("SELECT id, {} FROM person", PERSON_COLS.join(", "));
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let values = (1..=PERSON_COLS.len()).map(|i| r.get::<_, Value>(i)).collect::<rusqlite::Result<Vec<_>>>()?;
        let idn = value_text(&values[3]);
        if values[P_LEFT_ON] == Value::Null {
            k.active.entry(value_text(&values[P_HOUSEHOLD])).or_default().push(idn.clone());
        }
        k.persons.insert(idn, (id, values));
    }
    let mut stmt = conn.prepare(
        "SELECT p.id, p.household_id, p.cadre_id, p.start_date, c.name FROM pairing p JOIN cadre c ON c.id = p.cadre_id
         WHERE p.end_date IS NULL ORDER BY p.start_date",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        // Ordered by start: the latest open pairing of a household wins.
        let open = OpenPairing { id: r.get(0)?, cadre_id: r.get(2)?, start: r.get(3)?, cadre_name: r.get(4)? };
        k.open_pairings.insert(r.get(1)?, open);
    }
    let mut stmt = conn.prepare("SELECT id, name, unit, phone FROM cadre")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (id, name, unit, phone): (String, String, Option<String>, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        k.cadres.insert(cadre_key(&name, unit.as_deref(), phone.as_deref()), (id, unit));
    }
    Ok(k)
}

#[derive(Default)]
struct Ctx {
    known: Known,
    counts: ImportCounts,
    changes: Vec<FieldChange>,
    changes_total: usize,
    /// Field changes are listed only for households that existed before this import.
    listing: bool,
}

/// Apply a checked roster inside the writer's transaction. `today` dates the departures and ended
/// pairings that the import itself decides.
pub fn apply_roster(w: &mut Writer<'_>, roster: &Roster, today: NaiveDate) -> Result<(ImportCounts, Vec<FieldChange>, usize)> {
    let mut ctx = Ctx { known: load_known(w.conn())?, ..Default::default() };
    let county = division(w, &mut ctx, DivisionLevel::County, None, COUNTY_NAME)?;
    // Rosters list a group's households together: remember the last group's ids.
    let mut last: Option<(&str, &str, &str, String, String)> = None;
    for hh in &roster.households {
        let (village, group) = match &last {
            Some((t, v, g, vid, gid)) if *t == hh.township && *v == hh.village && *g == hh.group => (vid.clone(), gid.clone()),
            _ => {
                let township = division(w, &mut ctx, DivisionLevel::Township, Some(&county), &hh.township)?;
                let village = division(w, &mut ctx, DivisionLevel::Village, Some(&township), &hh.village)?;
                let group = division(w, &mut ctx, DivisionLevel::Group, Some(&village), &hh.group)?;
                last = Some((&hh.township, &hh.village, &hh.group, village.clone(), group.clone()));
                (village, group)
            }
        };
        apply_household(w, &mut ctx, hh, &village, &group, roster.has_risk_types, today)?;
    }
    Ok((ctx.counts, ctx.changes, ctx.changes_total))
}

fn division(w: &mut Writer<'_>, ctx: &mut Ctx, level: DivisionLevel, parent: Option<&str>, name: &str) -> Result<String> {
    let key = (parent.unwrap_or("").to_string(), name.to_string());
    if let Some(id) = ctx.known.divisions.get(&key) {
        return Ok(id.clone());
    }
    let id = DivisionId::new().to_string();
    let code = (level == DivisionLevel::County).then_some(COUNTY_CODE);
    w.insert(
        Table::Division,
        &id,
        &[("level", text(level.label())), ("parent_id", opt_text(parent)), ("name", text(name)), ("code", opt_text(code))],
    )?;
    ctx.counts.divisions_added += 1;
    ctx.known.division_names.insert(id.clone(), name.to_string());
    ctx.known.divisions.insert(key, id.clone());
    Ok(id)
}

fn date_value(d: Option<NaiveDate>) -> Value {
    opt_text(d.map(|d| d.to_string()))
}

fn household_values(hh: &RosterHousehold, village: &str, group: &str) -> Vec<Value> {
    vec![
        text(&hh.number),
        text(village),
        text(group),
        text(hh.category.label()),
        opt_text(hh.monitor_category.map(|c| c.label())),
        date_value(hh.identified_on),
        opt_text(hh.risk_status.map(|c| c.label())),
        date_value(hh.eliminated_on),
        flag(hh.away),
        flag(hh.no_labour),
        opt_text(hh.phone.clone()),
        text(join_risk_types(&hh.risk_types)),
    ]
}

fn person_values(p: &RosterPerson, household: &str, ord: usize) -> Vec<Value> {
    vec![
        text(household),
        Value::Integer(ord as i64),
        text(&p.name),
        text(p.id_number.as_str()),
        opt_text(p.id_number.disability().map(|(c, g)| format!("{c}{g}"))),
        text(p.id_number.sex().label()),
        text(p.id_number.birth_date().to_string()),
        text(p.relation.label()),
        opt_text(p.labour.map(|c| c.label())),
        opt_text(p.health.map(|c| c.label())),
        opt_text(p.schooling.map(|c| c.label())),
        Value::Null,
    ]
}

fn pairs(cols: &[&'static str], values: Vec<Value>) -> Vec<(&'static str, Value)> {
    cols.iter().copied().zip(values).collect()
}

/// Columns whose value differs: (column index, old value).
fn changed(old: &[Value], new: &[Value]) -> Vec<usize> {
    old.iter().zip(new).enumerate().filter(|(_, (a, b))| a != b).map(|(i, _)| i).collect()
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
        "risk_types" => "风险类型",
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

fn flag_text(v: &Value) -> String {
    match v {
        Value::Integer(0) => "否".to_string(),
        Value::Integer(_) => "是".to_string(),
        other => value_text(other),
    }
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

fn apply_household(w: &mut Writer<'_>, ctx: &mut Ctx, hh: &RosterHousehold, village: &str, group: &str, has_risk_types: bool, today: NaiveDate) -> Result<()> {
    let mut values = household_values(hh, village, group);
    let mut changed_any = false;
    let (hid, was_present) = match ctx.known.households.get(&hh.number).cloned() {
        None => {
            let id = HouseholdId::new().to_string();
            // The file lists each household once, so a new one need not be remembered.
            w.insert(Table::Household, &id, &pairs(&HOUSEHOLD_COLS, values))?;
            ctx.counts.households_added += 1;
            (id, false)
        }
        Some((id, old)) => {
            ctx.listing = true;
            // A sheet without 风险类型 keeps the stored ones, unless the household is no longer monitored.
            if !has_risk_types && hh.category == Category::Monitored {
                values[H_RISK_TYPES] = old[H_RISK_TYPES].clone();
            }
            let diff = changed(&old, &values);
            if !diff.is_empty() {
                changed_any = true;
                for &i in &diff {
                    let (before, after) = match HOUSEHOLD_COLS[i] {
                        "village_id" | "group_id" => (ctx.known.division_names.get(&value_text(&old[i])).cloned().unwrap_or_default(), ctx.known.division_names.get(&value_text(&values[i])).cloned().unwrap_or_default()),
                        "away" | "no_labour" => (flag_text(&old[i]), flag_text(&values[i])),
                        _ => (value_text(&old[i]), value_text(&values[i])),
                    };
                    note(ctx, &hh.number, None, column_label(HOUSEHOLD_COLS[i]), before, after);
                }
                let upd: Vec<(&'static str, Value)> = diff.iter().map(|&i| (HOUSEHOLD_COLS[i], values[i].clone())).collect();
                w.update(Table::Household, &id, &upd)?;
                ctx.known.households.insert(hh.number.clone(), (id.clone(), values));
            }
            (id, true)
        }
    };
    ctx.listing = was_present;

    // Persons.
    let mut in_file: HashSet<&str> = HashSet::default();
    for (ord, p) in hh.persons.iter().enumerate() {
        in_file.insert(p.id_number.as_str());
        let values = person_values(p, &hid, ord);
        match ctx.known.persons.get(p.id_number.as_str()).cloned() {
            None => {
                // Each ID number appears once in a checked file: a new person need not be remembered.
                let pid = PersonId::new().to_string();
                w.insert(Table::Person, &pid, &pairs(&PERSON_COLS, values))?;
                ctx.counts.persons_added += 1;
                changed_any = true;
            }
            Some((pid, old)) => {
                let diff = changed(&old, &values);
                if diff.is_empty() {
                    continue;
                }
                let visible: Vec<usize> = diff.iter().copied().filter(|&i| PERSON_COLS[i] != "ord").collect();
                if !visible.is_empty() {
                    ctx.counts.persons_changed += 1;
                    changed_any = true;
                }
                for &i in &visible {
                    let (before, after) = match PERSON_COLS[i] {
                        "household_id" => (ctx.known.household_numbers.get(&value_text(&old[i])).cloned().unwrap_or_default(), hh.number.clone()),
                        "left_on" => (format!("{}减少", value_text(&old[i])), "重新列入".to_string()),
                        _ => (value_text(&old[i]), value_text(&values[i])),
                    };
                    note(ctx, &hh.number, Some(&p.name), column_label(PERSON_COLS[i]), before, after);
                }
                let upd: Vec<(&'static str, Value)> = diff.iter().map(|&i| (PERSON_COLS[i], values[i].clone())).collect();
                w.update(Table::Person, &pid, &upd)?;
                ctx.known.persons.insert(p.id_number.as_str().to_string(), (pid, values));
            }
        }
    }
    // Persons no longer listed in this household have left it (death, marriage, moving out), unless this
    // import has already moved them to another household.
    if was_present {
        let listed_before = ctx.known.active.get(&hid).cloned().unwrap_or_default();
        for idn in listed_before {
            if in_file.contains(idn.as_str()) {
                continue;
            }
            let Some((pid, values)) = ctx.known.persons.get_mut(&idn) else { continue };
            if value_text(&values[P_HOUSEHOLD]) != hid || values[P_LEFT_ON] != Value::Null {
                continue;
            }
            values[P_LEFT_ON] = text(today.to_string());
            let (pid, name) = (pid.clone(), value_text(&values[P_NAME]));
            w.update(Table::Person, &pid, &[("left_on", text(today.to_string()))])?;
            ctx.counts.persons_left += 1;
            changed_any = true;
            note(ctx, &hh.number, Some(&name), "家庭成员", "在册".to_string(), format!("{today}减少"));
        }
    }

    if apply_pairing(w, ctx, &hid, &hh.number, hh.pairing.as_ref(), today)? {
        changed_any = true;
    }
    // A household inserted by this import counts as added, not as changed.
    if was_present {
        if changed_any {
            ctx.counts.households_changed += 1;
        } else {
            ctx.counts.households_unchanged += 1;
        }
    }
    Ok(())
}

/// The cadre of a pairing: keyed by name and phone (or name and unit when no phone is given).
fn cadre(w: &mut Writer<'_>, ctx: &mut Ctx, p: &RosterPairing) -> Result<String> {
    let key = cadre_key(&p.cadre_name, p.cadre_unit.as_deref(), p.cadre_phone.as_deref());
    if let Some((id, unit)) = ctx.known.cadres.get(&key).cloned() {
        if unit != p.cadre_unit && p.cadre_unit.is_some() {
            w.update(Table::Cadre, &id, &[("unit", opt_text(p.cadre_unit.clone()))])?;
            ctx.known.cadres.insert(key, (id.clone(), p.cadre_unit.clone()));
        }
        return Ok(id);
    }
    let id = CadreId::new().to_string();
    w.insert(
        Table::Cadre,
        &id,
        &[("name", text(&p.cadre_name)), ("unit", opt_text(p.cadre_unit.clone())), ("phone", opt_text(p.cadre_phone.clone()))],
    )?;
    ctx.counts.cadres_added += 1;
    ctx.known.cadres.insert(key, (id.clone(), p.cadre_unit.clone()));
    Ok(id)
}

/// Bring the household's open pairing in line with the roster. Returns whether anything changed.
fn apply_pairing(w: &mut Writer<'_>, ctx: &mut Ctx, hid: &str, number: &str, want: Option<&RosterPairing>, today: NaiveDate) -> Result<bool> {
    let open = ctx.known.open_pairings.get(hid).cloned();
    let want_cadre = match want {
        Some(p) => Some(cadre(w, ctx, p)?),
        None => None,
    };
    match (open, want, want_cadre) {
        (None, None, _) => Ok(false),
        (Some(o), Some(p), Some(want_cid)) if o.cadre_id == want_cid => {
            if o.start != p.start.to_string() {
                w.update(Table::Pairing, &o.id, &[("start_date", text(p.start.to_string()))])?;
                note(ctx, number, None, "结对开始日期", o.start.clone(), p.start.to_string());
                ctx.known.open_pairings.insert(hid.to_string(), OpenPairing { start: p.start.to_string(), ..o });
                return Ok(true);
            }
            Ok(false)
        }
        (open, want, want_cid) => {
            if let Some(o) = &open {
                let end_on = match want {
                    Some(p) => p.start.checked_sub_days(Days::new(1)).unwrap_or(p.start),
                    None => today,
                };
                let start_date = NaiveDate::parse_from_str(&o.start, "%Y-%m-%d")
                    .map_err(|_| StoreError::BadColumn { column: "pairing.start_date", value: o.start.clone() })?;
                let end_on = end_on.max(start_date);
                w.update(Table::Pairing, &o.id, &[("end_date", text(end_on.to_string()))])?;
                ctx.known.open_pairings.remove(hid);
                ctx.counts.pairings_ended += 1;
                if want.is_none() {
                    note(ctx, number, None, "帮扶责任人", o.cadre_name.clone(), String::new());
                }
            }
            if let (Some(p), Some(cid)) = (want, want_cid) {
                let id = PairingId::new().to_string();
                w.insert(
                    Table::Pairing,
                    &id,
                    &[("household_id", text(hid)), ("cadre_id", text(&cid)), ("start_date", text(p.start.to_string())), ("end_date", Value::Null)],
                )?;
                ctx.counts.pairings_started += 1;
                let before = open.map(|o| o.cadre_name).unwrap_or_default();
                note(ctx, number, None, "帮扶责任人", before, p.cadre_name.clone());
                ctx.known.open_pairings.insert(hid.to_string(), OpenPairing { id, cadre_id: cid, start: p.start.to_string(), cadre_name: p.cadre_name.clone() });
            }
            Ok(true)
        }
    }
}

/// Read the roster back, in the import layout, for export. `village` limits it to one village.
pub fn read_roster(conn: &rusqlite::Connection, village: Option<&str>) -> Result<Vec<RosterHousehold>> {
    let far_future = NaiveDate::MAX;
    let mut hh_stmt = conn.prepare(&format!("{HOUSEHOLD_SELECT} WHERE ?1 IS NULL OR h.village_id = ?1 ORDER BY t.name, v.name, h.number"))?;
    let mut person_stmt = conn.prepare(
        "SELECT name, id_number, disability, relation, labour, health, schooling FROM person
         WHERE household_id = ?1 AND left_on IS NULL ORDER BY ord",
    )?;
    let mut pairing_stmt = conn.prepare(
        "SELECT c.name, c.unit, c.phone, p.start_date FROM pairing p JOIN cadre c ON c.id = p.cadre_id
         WHERE p.household_id = ?1 AND p.end_date IS NULL ORDER BY p.start_date DESC LIMIT 1",
    )?;
    let mut rows = Vec::new();
    let mut q = hh_stmt.query([village])?;
    while let Some(r) = q.next()? {
        rows.push(household_from_row(r)?);
    }
    drop(q);
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
