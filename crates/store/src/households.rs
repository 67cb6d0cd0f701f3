//! Queries behind the 农户 pages: villages, the filtered household list, one household in full.
//! ID numbers leave this module masked; only export reads them whole.

use crate::error::{Result, StoreError};
use crate::roster::{parse_col, parse_day};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zhucun_domain::household::{Category, MonitorCategory, RiskStatus, RiskType, Tier};
use zhucun_domain::idcard::{mask, Sex};
use zhucun_domain::params::param_def;
use zhucun_domain::person::{age_on, Health, Labour, Relation, Schooling};
use zhucun_domain::roster::RosterHousehold;

/// A parameter's value: the stored override, else the default from the domain.
pub fn param_u32(conn: &Connection, key: &str) -> Result<u32> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT value FROM parameter WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    let text = stored.or_else(|| param_def(key).map(|d| d.default.to_string())).unwrap_or_default();
    text.trim().parse().map_err(|_| StoreError::BadColumn { column: "parameter.value", value: format!("{key}={text}") })
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub households: u32,
}

/// A village with its groups, for the village picker and the group filter.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct VillageSummary {
    pub id: String,
    pub township: String,
    pub name: String,
    pub households: u32,
    pub persons: u32,
    pub groups: Vec<GroupSummary>,
}

pub fn villages(conn: &Connection) -> Result<Vec<VillageSummary>> {
    let mut stmt = conn.prepare(
        "SELECT v.id, t.name, v.name,
                (SELECT count(*) FROM household h WHERE h.village_id = v.id),
                (SELECT count(*) FROM person p JOIN household h ON h.id = p.household_id WHERE h.village_id = v.id AND p.left_on IS NULL)
         FROM division v JOIN division t ON t.id = v.parent_id
         WHERE v.level = '村' ORDER BY t.name, v.name",
    )?;
    let mut groups = conn.prepare(
        "SELECT g.id, g.name, (SELECT count(*) FROM household h WHERE h.group_id = g.id)
         FROM division g WHERE g.parent_id = ?1 AND g.level = '组' ORDER BY length(g.name), g.name",
    )?;
    let rows: Vec<(String, String, String, u32, u32)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|(id, township, name, households, persons)| {
            let gs = groups
                .query_map([&id], |r| Ok(GroupSummary { id: r.get(0)?, name: r.get(1)?, households: r.get(2)? }))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(VillageSummary { id, township, name, households, persons, groups: gs })
        })
        .collect()
}

/// What the 农户 list is filtered by. Empty fields do not filter.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct HouseholdFilter {
    pub village_id: Option<String>,
    pub group_id: Option<String>,
    pub category: Option<Category>,
    pub tier: Option<Tier>,
    /// Name of any member or of the pairing cadre, 户编号, the tail of an ID number, part of the
    /// household's phone number (4 digits or more), or the pinyin initials of a member's name (hxp).
    pub query: Option<String>,
    pub offset: u32,
    /// 0 means all.
    pub limit: u32,
}

/// One line of the 农户 list.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HouseholdRow {
    pub id: String,
    pub number: String,
    pub township: String,
    pub village: String,
    pub group: String,
    pub head_name: Option<String>,
    /// The head's ID number, masked: 430527********123X.
    pub head_id_masked: Option<String>,
    pub members: u32,
    pub category: Category,
    pub monitor_category: Option<MonitorCategory>,
    pub risk_status: Option<RiskStatus>,
    pub tier: Tier,
    pub cadre: Option<String>,
    pub away: bool,
    pub no_labour: bool,
    /// When a search found the household through a member other than the head: who, with the
    /// relation (胡小明（之子）).
    pub matched: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CategoryCounts {
    pub lifted: u32,
    pub monitored: u32,
    pub ordinary: u32,
    pub tier_a: u32,
    pub tier_b: u32,
}

/// A page of the filtered list with the total and the counts per category and tier (before the category
/// and tier filters, so the filter buttons can show them).
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HouseholdPage {
    pub rows: Vec<HouseholdRow>,
    pub total: u32,
    pub counts: CategoryCounts,
    /// The day the tiers were computed for.
    pub reference_day: NaiveDate,
}

fn like_pattern(q: &str) -> String {
    let escaped = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// The first letters of each character's readings (胡 → [h], 曾 → [z, c]); a character without a
/// reading (a Latin letter, a digit) stands for itself.
fn initials(name: &str) -> Vec<Vec<char>> {
    use pinyin::ToPinyinMulti;
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .map(|c| match c.to_pinyin_multi() {
            Some(multi) => {
                let mut letters: Vec<char> = multi.into_iter().filter_map(|p| p.first_letter().chars().next()).collect();
                letters.dedup();
                letters
            }
            None => vec![c.to_ascii_lowercase()],
        })
        .collect()
}

/// A query of 2 to 8 Latin letters is read as pinyin initials (hxp).
fn initials_query(q: &str) -> Option<String> {
    let q = q.trim().to_ascii_lowercase();
    (2..=8).contains(&q.len()).then_some(()).filter(|_| q.chars().all(|c| c.is_ascii_lowercase())).map(|_| q)
}

/// Do the name's initials begin with `q` (lower-case letters), by any reading of each character?
/// 胡新平 matches h, hx and hxp.
pub fn initials_match(name: &str, q: &str) -> bool {
    let ini = initials(name);
    q.chars().count() <= ini.len() && q.chars().zip(ini.iter()).all(|(c, set)| set.contains(&c))
}

/// The households with a current member whose name's initials begin with `q` (one pass over the
/// names of the village, or of all villages; initials are computed here, not stored: see below).
fn households_by_initials(conn: &Connection, village_id: Option<&str>, q: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.household_id, p.name FROM person p JOIN household h ON h.id = p.household_id
         WHERE p.left_on IS NULL AND (?1 IS NULL OR h.village_id = ?1)",
    )?;
    let mut out: Vec<String> = Vec::new();
    let mut rows = stmt.query([village_id])?;
    while let Some(r) = rows.next()? {
        let name: String = r.get(1)?;
        if initials_match(&name, q) {
            let id: String = r.get(0)?;
            if out.last() != Some(&id) {
                out.push(id);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Which current member other than the head the query found in a household, as 胡小明（之子）.
fn matched_member(conn: &Connection, household_id: &str, name_q: &str, id_tail: Option<&str>, ini: Option<&str>) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, relation, id_number FROM person WHERE household_id = ?1 AND left_on IS NULL ORDER BY relation <> '户主', ord",
    )?;
    let mut rows = stmt.query([household_id])?;
    while let Some(r) = rows.next()? {
        let (name, relation, id_number): (String, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let hit = name.contains(name_q)
            || id_tail.is_some_and(|t| id_number.ends_with(t))
            || ini.is_some_and(|q| initials_match(&name, q));
        if hit {
            // The head found: nothing to say, the row shows the head.
            return Ok((relation != "户主").then(|| format!("{name}（{relation}）")));
        }
    }
    Ok(None)
}

pub fn list_households(conn: &Connection, filter: &HouseholdFilter, today: NaiveDate) -> Result<HouseholdPage> {
    let boundary = param_u32(conn, "tier.boundary_months")?;
    let raw = filter.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let query = raw.map(|q| q.replace('x', "X"));
    let pattern = raw.map(like_pattern);
    // The tail of an ID number: at least 4 characters, digits or a final X.
    let id_tail = query
        .as_deref()
        .filter(|q| q.len() >= 4 && q.chars().all(|c| c.is_ascii_digit() || c == 'X'))
        .map(|q| format!("%{q}"));
    // Part of the household's phone number: 4 digits or more.
    let phone = raw.filter(|q| q.len() >= 4 && q.chars().all(|c| c.is_ascii_digit())).map(like_pattern);
    // Pinyin initials: computed from the names at query time (a county's 150,000 names take a few
    // tens of milliseconds), so no column, migration or sync of derived data is needed.
    let ini = raw.and_then(initials_query);
    let by_initials = match &ini {
        Some(q) => Some(serde_json::to_string(&households_by_initials(conn, filter.village_id.as_deref(), q)?).map_err(|e| {
            StoreError::BadColumn { column: "person.name", value: e.to_string() }
        })?),
        None => None,
    };
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.number, t.name, v.name, g.name, h.category, h.monitor_category, h.risk_status,
                h.eliminated_on, h.away, h.no_labour,
                (SELECT p.name FROM person p WHERE p.household_id = h.id AND p.relation = '户主' AND p.left_on IS NULL LIMIT 1),
                (SELECT p.id_number FROM person p WHERE p.household_id = h.id AND p.relation = '户主' AND p.left_on IS NULL LIMIT 1),
                (SELECT count(*) FROM person p WHERE p.household_id = h.id AND p.left_on IS NULL),
                (SELECT c.name FROM pairing pr JOIN cadre c ON c.id = pr.cadre_id
                  WHERE pr.household_id = h.id AND pr.end_date IS NULL ORDER BY pr.start_date DESC LIMIT 1)
         FROM household h
         JOIN division g ON g.id = h.group_id
         JOIN division v ON v.id = h.village_id
         JOIN division t ON t.id = v.parent_id
         WHERE (?1 IS NULL OR h.village_id = ?1)
           AND (?2 IS NULL OR h.group_id = ?2)
           AND (?3 IS NULL
                OR h.number LIKE ?3 ESCAPE '\\'
                OR EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id
                           AND (p.name LIKE ?3 ESCAPE '\\' OR (?4 IS NOT NULL AND p.id_number LIKE ?4)))
                OR EXISTS (SELECT 1 FROM pairing pr JOIN cadre c ON c.id = pr.cadre_id
                           WHERE pr.household_id = h.id AND pr.end_date IS NULL AND c.name LIKE ?3 ESCAPE '\\')
                OR (?5 IS NOT NULL AND h.phone LIKE ?5 ESCAPE '\\')
                OR (?6 IS NOT NULL AND h.id IN (SELECT value FROM json_each(?6))))
         ORDER BY t.name, v.name, length(g.name), g.name, h.number",
    )?;
    let mut counts = CategoryCounts::default();
    let mut rows = Vec::new();
    let mut mapped = stmt.query(params![filter.village_id, filter.group_id, pattern, id_tail, phone, by_initials])?;
    while let Some(r) = mapped.next()? {
        let category = parse_col("household.category", &r.get::<_, String>(5)?, Category::parse)?;
        let risk_status = r.get::<_, Option<String>>(7)?.map(|v| parse_col("household.risk_status", &v, RiskStatus::parse)).transpose()?;
        let eliminated = r.get::<_, Option<String>>(8)?.map(|v| parse_day("household.eliminated_on", &v)).transpose()?;
        let tier = Tier::of(category, risk_status, eliminated, today, boundary);
        match category {
            Category::Lifted => counts.lifted += 1,
            Category::Monitored => counts.monitored += 1,
            Category::Ordinary => counts.ordinary += 1,
        }
        match tier {
            Tier::A => counts.tier_a += 1,
            Tier::B => counts.tier_b += 1,
            Tier::None => {}
        }
        if filter.category.is_some_and(|c| c != category) || filter.tier.is_some_and(|t| t != tier) {
            continue;
        }
        rows.push(HouseholdRow {
            id: r.get(0)?,
            number: r.get(1)?,
            township: r.get(2)?,
            village: r.get(3)?,
            group: r.get(4)?,
            category,
            monitor_category: r.get::<_, Option<String>>(6)?.map(|v| parse_col("household.monitor_category", &v, MonitorCategory::parse)).transpose()?,
            risk_status,
            tier,
            away: r.get(9)?,
            no_labour: r.get(10)?,
            head_name: r.get(11)?,
            head_id_masked: r.get::<_, Option<String>>(12)?.map(|s| mask(&s)),
            members: r.get(13)?,
            cadre: r.get(14)?,
            matched: None,
        });
    }
    let total = rows.len() as u32;
    let start = (filter.offset as usize).min(rows.len());
    let end = if filter.limit == 0 { rows.len() } else { (start + filter.limit as usize).min(rows.len()) };
    let mut rows: Vec<HouseholdRow> = rows.drain(start..end).collect();
    // Only the rows shown say which member was found.
    if let (Some(raw), Some(q)) = (raw, query.as_deref()) {
        let tail = id_tail.as_deref().map(|_| q);
        for row in &mut rows {
            row.matched = matched_member(conn, &row.id, raw, tail, ini.as_deref())?;
        }
    }
    Ok(HouseholdPage { rows, total, counts, reference_day: today })
}

/// A member as the household page shows it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub id_masked: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub age: u32,
    pub relation: Relation,
    pub labour: Option<Labour>,
    pub health: Option<Health>,
    pub schooling: Option<Schooling>,
    /// Disability certificate category and grade (e.g. "42": 4类2级), when known.
    pub disability: Option<String>,
    pub left_on: Option<NaiveDate>,
}

/// One pairing, current or past.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct PairingView {
    pub cadre_name: String,
    pub cadre_unit: Option<String>,
    pub cadre_phone: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// One household in full.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HouseholdDetail {
    pub id: String,
    pub number: String,
    pub township: String,
    pub village: String,
    pub group: String,
    pub category: Category,
    pub monitor_category: Option<MonitorCategory>,
    pub identified_on: Option<NaiveDate>,
    pub risk_status: Option<RiskStatus>,
    pub eliminated_on: Option<NaiveDate>,
    /// 风险类型 (up to five; empty for households that are not monitored).
    pub risk_types: Vec<RiskType>,
    pub tier: Tier,
    /// When a tier A household moves to tier B (6 months after elimination), if it will.
    pub tier_b_from: Option<NaiveDate>,
    pub away: bool,
    pub no_labour: bool,
    pub phone: Option<String>,
    pub members: Vec<PersonView>,
    /// Persons a later roster no longer listed.
    pub former_members: Vec<PersonView>,
    /// Newest first.
    pub pairings: Vec<PairingView>,
    /// Its visits, latest first (voided ones left out).
    pub visits: Vec<crate::visits::VisitRow>,
    /// The latest visit's day (any mode), and the latest in person.
    pub last_visit: Option<NaiveDate>,
    pub last_in_person: Option<NaiveDate>,
    /// 三保障 and water (义务教育, 基本医疗, 住房安全, 饮水安全) as the latest visit that looked at each
    /// found them.
    pub latest_checks: Vec<zhucun_domain::visit::Check>,
    /// Problems of the household in the 问题台账 not yet closed (销号) nor voided.
    pub open_problems: u32,
    /// What the visit rules still ask of it (本月走访1次, 2024年度内走访1次): filled by
    /// `zhucun_core::visits::household_detail` (the rules are not the store's), empty here.
    pub owed: Vec<String>,
}

/// The household columns that the household page and the export both read, with the division names.
pub(crate) const HOUSEHOLD_SELECT: &str = "SELECT h.id, h.number, t.name, v.name, g.name, h.category, h.monitor_category,
        h.identified_on, h.risk_status, h.eliminated_on, h.away, h.no_labour, h.phone, h.risk_types
     FROM household h
     JOIN division g ON g.id = h.group_id
     JOIN division v ON v.id = h.village_id
     JOIN division t ON t.id = v.parent_id";

/// One row of `HOUSEHOLD_SELECT`: the household id and its roster fields, every value checked (persons
/// and pairing are left empty).
pub(crate) fn household_from_row(r: &rusqlite::Row<'_>) -> Result<(String, RosterHousehold)> {
    Ok((
        r.get(0)?,
        RosterHousehold {
            first_row: 0,
            number: r.get(1)?,
            township: r.get(2)?,
            village: r.get(3)?,
            group: r.get(4)?,
            category: parse_col("household.category", &r.get::<_, String>(5)?, Category::parse)?,
            monitor_category: r.get::<_, Option<String>>(6)?.map(|v| parse_col("household.monitor_category", &v, MonitorCategory::parse)).transpose()?,
            identified_on: r.get::<_, Option<String>>(7)?.map(|v| parse_day("household.identified_on", &v)).transpose()?,
            risk_status: r.get::<_, Option<String>>(8)?.map(|v| parse_col("household.risk_status", &v, RiskStatus::parse)).transpose()?,
            eliminated_on: r.get::<_, Option<String>>(9)?.map(|v| parse_day("household.eliminated_on", &v)).transpose()?,
            risk_types: parse_stored_risk_types(&r.get::<_, String>(13)?)?,
            away: r.get(10)?,
            no_labour: r.get(11)?,
            phone: r.get(12)?,
            pairing: None,
            persons: Vec::new(),
        },
    ))
}

/// `household.risk_types` as stored: canonical labels joined by 、, empty for none.
fn parse_stored_risk_types(v: &str) -> Result<Vec<RiskType>> {
    v.split('、').filter(|t| !t.is_empty()).map(|t| parse_col("household.risk_types", t, RiskType::parse)).collect()
}

pub fn household_detail(conn: &Connection, id: &str, today: NaiveDate) -> Result<HouseholdDetail> {
    let boundary = param_u32(conn, "tier.boundary_months")?;
    let mut stmt = conn.prepare_cached(&format!("{HOUSEHOLD_SELECT} WHERE h.id = ?1"))?;
    let mut rows = stmt.query([id])?;
    let row = rows.next()?.ok_or_else(|| StoreError::NotFound { what: "这一户".to_string() })?;
    let (hid, hh) = household_from_row(row)?;
    drop(rows);
    let RosterHousehold { number, township, village, group, category, monitor_category, identified_on, risk_status, eliminated_on, risk_types, away, no_labour, phone, .. } = hh;
    let tier = Tier::of(category, risk_status, eliminated_on, today, boundary);
    let tier_b_from = match (tier, eliminated_on) {
        (Tier::A, Some(e)) => Some(zhucun_domain::date::add_months(e, boundary)),
        _ => None,
    };

    let mut stmt = conn.prepare_cached(
        "SELECT id, name, id_number, sex, birth_date, relation, labour, health, schooling, disability, left_on
         FROM person WHERE household_id = ?1 ORDER BY left_on IS NOT NULL, ord, birth_date",
    )?;
    let mut members = Vec::new();
    let mut former_members = Vec::new();
    let mut q = stmt.query([&hid])?;
    while let Some(r) = q.next()? {
        let birth_date = parse_day("person.birth_date", &r.get::<_, String>(4)?)?;
        let sex = match r.get::<_, String>(3)?.as_str() {
            "男" => Sex::Male,
            "女" => Sex::Female,
            other => return Err(StoreError::BadColumn { column: "person.sex", value: other.to_string() }),
        };
        let left_on = r.get::<_, Option<String>>(10)?.map(|v| parse_day("person.left_on", &v)).transpose()?;
        let view = PersonView {
            id: r.get(0)?,
            name: r.get(1)?,
            id_masked: mask(&r.get::<_, String>(2)?),
            sex,
            birth_date,
            age: age_on(birth_date, today),
            relation: parse_col("person.relation", &r.get::<_, String>(5)?, Relation::parse)?,
            labour: r.get::<_, Option<String>>(6)?.map(|v| parse_col("person.labour", &v, Labour::parse)).transpose()?,
            health: r.get::<_, Option<String>>(7)?.map(|v| parse_col("person.health", &v, Health::parse)).transpose()?,
            schooling: r.get::<_, Option<String>>(8)?.map(|v| parse_col("person.schooling", &v, Schooling::parse)).transpose()?,
            disability: r.get(9)?,
            left_on,
        };
        if left_on.is_some() {
            former_members.push(view);
        } else {
            members.push(view);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.name, c.unit, c.phone, p.start_date, p.end_date FROM pairing p JOIN cadre c ON c.id = p.cadre_id
         WHERE p.household_id = ?1 ORDER BY p.end_date IS NULL DESC, p.start_date DESC",
    )?;
    let pairings = stmt
        .query_map([&hid], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?, r.get::<_, Option<String>>(4)?)))?
        .map(|row| {
            let (cadre_name, cadre_unit, cadre_phone, start, end) = row?;
            Ok(PairingView {
                cadre_name,
                cadre_unit,
                cadre_phone,
                start: parse_day("pairing.start_date", &start)?,
                end: end.map(|e| parse_day("pairing.end_date", &e)).transpose()?,
            })
        })
        .collect::<Result<_>>()?;
    let mut visits = crate::visits::visits(conn, &crate::visits::VisitQuery { household_id: Some(&hid), ..Default::default() })?;
    visits.reverse();
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let last_visit = visits.first().and_then(|v| day(&v.date));
    let last_in_person = visits.iter().find(|v| v.mode == zhucun_domain::visit::VisitMode::InPerson.label()).and_then(|v| day(&v.date));
    let mut latest_checks: Vec<zhucun_domain::visit::Check> = Vec::new();
    use zhucun_domain::visit::{CheckItem, CheckState};
    for item in [CheckItem::Schooling, CheckItem::Medical, CheckItem::Housing, CheckItem::Water] {
        if let Some(c) = visits.iter().find_map(|v| v.checks.iter().find(|c| c.item == item && c.state != CheckState::Unchecked)) {
            latest_checks.push(c.clone());
        }
    }
    let open_problems: u32 = conn.query_row(
        "SELECT count(*) FROM problem WHERE household_id = ?1 AND voided_on IS NULL AND status <> ?2",
        rusqlite::params![hid, zhucun_domain::visit::ProblemStatus::Closed.label()],
        |r| r.get(0),
    )?;
    Ok(HouseholdDetail {
        id: hid,
        number,
        township,
        village,
        group,
        category,
        monitor_category,
        identified_on,
        risk_status,
        eliminated_on,
        risk_types,
        tier,
        tier_b_from,
        away,
        no_labour,
        phone,
        members,
        former_members,
        pairings,
        visits,
        last_visit,
        last_in_person,
        latest_checks,
        open_problems,
        owed: Vec::new(),
    })
}

/// Counts for `doctor` and the start page.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct StoreCounts {
    pub villages: u32,
    pub households: u32,
    pub persons: u32,
    pub cadres: u32,
    pub pairings_open: u32,
    pub changes: u32,
    pub imports: u32,
}

pub fn counts(conn: &Connection) -> Result<StoreCounts> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM division WHERE level = '村'),
                (SELECT count(*) FROM household),
                (SELECT count(*) FROM person WHERE left_on IS NULL),
                (SELECT count(*) FROM cadre),
                (SELECT count(*) FROM pairing WHERE end_date IS NULL),
                (SELECT count(*) FROM sync_change),
                (SELECT count(*) FROM roster_import)",
        [],
        |r| {
            Ok(StoreCounts {
                villages: r.get(0)?,
                households: r.get(1)?,
                persons: r.get(2)?,
                cadres: r.get(3)?,
                pairings_open: r.get(4)?,
                changes: r.get(5)?,
                imports: r.get(6)?,
            })
        },
    )?)
}
