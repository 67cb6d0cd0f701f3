//! 结对帮扶手册: every SQL of the handbook's own parts (plans, measures, evaluations, assessments,
//! income accountings, signatures and their images), what the handbook rules read
//! ([`records`], one scan per table, no query per household), one household's entries for the
//! handbook page, and the pairing change of `zhucun pairing set`. Contacts are visits
//! (`crate::visits`). Nothing is deleted: 作废 sets `voided_on` (the use cases trace it), and voided
//! rows are left out of every read here except [`entry`].

use crate::error::{Result, StoreError};
use crate::writer::{opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};
use zhucun_domain::handbook::{items_from_json, parse_quarter, AssessmentResult, IncomeItem, MeasureCategory, MeasureStatus, SignRole, Signable};
use zhucun_domain::household::{Category, RiskStatus};
use zhucun_domain::person::{Labour, Relation};
use zhucun_domain::rules::pairing::{
    AssessmentRecord, EvaluationRecord, HandbookHousehold, HandbookRecords, IncomeRecord, MeasureRecord, PairingRecord, PlanRecord, SignatureRecord,
};

/// `YYYY-MM-DD` as stored.
use crate::visits::day;

/// A text column read without copying it (the enum and date columns of a county's year of entries).
fn txt<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> Result<&'r str> {
    Ok(r.get_ref(i)?.as_str().unwrap_or(""))
}

fn opt_day(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(day)
}

fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Everything the handbook rules read, of one village (`None`: every village, the county) — the
/// visits only within `visits` (`[from, to]`; `None`: all). Voided rows are left out everywhere, and
/// rows whose wording this app does not know (a newer app's) are skipped rather than failing the check.
pub fn records(conn: &Connection, village: Option<&str>, visits: Option<(NaiveDate, NaiveDate)>) -> Result<HandbookRecords> {
    std::thread::scope(|scope| {
        // The two largest tables (signatures and visits) are read beside the rest, on a second
        // read-only connection to the same file, when there is one (a county's year: a million
        // signatures). Inside a transaction (a batch, the demo's load) a second connection would not
        // see what the transaction wrote, so then, and for an in-memory database, they are read in turn.
        let side = conn.path().filter(|p| !p.is_empty() && conn.is_autocommit()).and_then(|path| {
            let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let second = Connection::open_with_flags(path, flags).ok()?;
            second.busy_timeout(std::time::Duration::from_secs(5)).ok()?;
            Some(scope.spawn(move || -> Result<(Vec<SignatureRecord>, Vec<zhucun_domain::visit::VisitRecord>)> {
                Ok((all_signatures(&second)?, visit_rows(&second, visits)?))
            }))
        });
        records_with(conn, village, visits, side)
    })
}

/// The order in which a household's entries of one year are read, the one the handbook shows last
/// ([`plan_of_year`], [`income_of_year`], and [`records`] keeping only that one).
const LATEST_LAST: &str = "ORDER BY ifnull(created_at, ''), id";

/// Push `item`, read in [`LATEST_LAST`] order, replacing an earlier one with the same `key`.
fn latest<T>(out: &mut Vec<T>, at: &mut HashMap<(String, i32), usize>, key: (String, i32), item: T) {
    match at.get(&key) {
        Some(&i) => out[i] = item,
        None => {
            at.insert(key, out.len());
            out.push(item);
        }
    }
}

type Side<'s> = std::thread::ScopedJoinHandle<'s, Result<(Vec<SignatureRecord>, Vec<zhucun_domain::visit::VisitRecord>)>>;

fn all_signatures(conn: &Connection) -> Result<Vec<SignatureRecord>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached("SELECT id, household_id, tbl, row_id, role, signed_on FROM signature WHERE voided_on IS NULL")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let (Ok(entry), Ok(role), Some(signed_on)) = (Signable::parse(txt(r, 2)?), SignRole::parse(txt(r, 4)?), day(txt(r, 5)?)) else {
            continue;
        };
        out.push(SignatureRecord { id: r.get(0)?, household_id: r.get(1)?, entry, row_id: r.get(3)?, role, signed_on });
    }
    Ok(out)
}

fn visit_rows(conn: &Connection, visits: Option<(NaiveDate, NaiveDate)>) -> Result<Vec<zhucun_domain::visit::VisitRecord>> {
    let (from, to) = visits.unwrap_or((NaiveDate::MIN, NaiveDate::MAX));
    let (from, to) = (from.max(NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(from)), to.min(NaiveDate::from_ymd_opt(2999, 12, 31).unwrap_or(to)));
    crate::visits::visit_records(conn, from, to)
}

fn records_with(conn: &Connection, village: Option<&str>, visits: Option<(NaiveDate, NaiveDate)>, side: Option<Side<'_>>) -> Result<HandbookRecords> {
    let mut out = HandbookRecords::default();

    // Persons, one scan: the head, labour capacity, present size and the day the last one left.
    struct People {
        head: Option<(bool, i64, String)>,
        present: i64,
        has_labour: bool,
        last_left: Option<NaiveDate>,
        left: Vec<NaiveDate>,
    }
    let mut people: HashMap<String, People> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT household_id, name, relation, ord, labour, left_on FROM person")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let hid = txt(r, 0)?;
            let p = match people.get_mut(hid) {
                Some(p) => p,
                None => people.entry(hid.to_string()).or_insert(People { head: None, present: 0, has_labour: false, last_left: None, left: Vec::new() }),
            };
            if let Some(l) = r.get_ref(5)?.as_str_or_null().ok().flatten() {
                let l = day(l);
                if l > p.last_left {
                    p.last_left = l;
                }
                p.left.extend(l);
                continue;
            }
            p.present += 1;
            if r.get_ref(4)?.as_str_or_null().ok().flatten().and_then(|l| Labour::parse(l).ok()).is_some_and(Labour::has_capacity) {
                p.has_labour = true;
            }
            // The head among the present members, else the first listed.
            let is_head = Relation::parse(txt(r, 2)?).ok() == Some(Relation::Head);
            let ord: i64 = r.get(3)?;
            let better = match &p.head {
                None => true,
                Some((h, o, _)) => (is_head && !h) || (is_head == *h && ord < *o),
            };
            if better {
                p.head = Some((is_head, ord, r.get(1)?));
            }
        }
    }

    let mut ids: HashSet<String> = HashSet::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT h.id, h.number, ifnull(g.name, ''), h.category, h.identified_on, h.risk_status, h.eliminated_on, h.away, h.away_since,
                    h.no_labour, h.bottom_support
             FROM household h LEFT JOIN division g ON g.id = h.group_id
             WHERE ?1 IS NULL OR h.village_id = ?1 ORDER BY g.name, h.number",
        )?;
        let mut rows = stmt.query([village])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let Ok(category) = Category::parse(txt(r, 3)?) else { continue };
            let risk = r.get::<_, Option<String>>(5)?.and_then(|v| RiskStatus::parse(&v).ok());
            let p = people.remove(&id);
            let (head, size, has_labour, left_on, members_left) = match p {
                Some(p) => (p.head.map(|h| h.2).unwrap_or_default(), p.present, p.has_labour, if p.present == 0 { p.last_left } else { None }, p.left),
                None => (String::new(), 0, false, None, Vec::new()),
            };
            ids.insert(id.clone());
            out.households.push(HandbookHousehold {
                id,
                number: r.get(1)?,
                head,
                group: r.get(2)?,
                category,
                identified_on: opt_day(r.get(4)?),
                risk,
                eliminated_on: opt_day(r.get(6)?),
                away: r.get::<_, i64>(7)? != 0,
                away_since: opt_day(r.get(8)?),
                no_labour: r.get::<_, i64>(9)? != 0,
                has_labour,
                bottom_support: r.get::<_, i64>(10)? != 0,
                left_on,
                size,
                members_left,
            });
        }
    }
    let keep = |h: &str| village.is_none() || ids.contains(h);

    {
        let mut stmt = conn.prepare_cached(
            "SELECT p.id, p.household_id, p.cadre_id, ifnull(c.name, ''), p.start_date, p.end_date FROM pairing p LEFT JOIN cadre c ON c.id = p.cadre_id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            if !keep(&household_id) {
                continue;
            }
            let Some(start) = day(txt(r, 4)?) else { continue };
            out.pairings.push(PairingRecord { id: r.get(0)?, household_id, cadre_id: r.get(2)?, cadre_name: r.get(3)?, start, end: opt_day(r.get(5)?) });
        }
    }
    {
        // The year's plan is the one the handbook shows (the latest written, [`plan_of_year`]): a
        // second one of the same year (two laptops) is not asked to be signed nor counted.
        let mut stmt = conn.prepare_cached(&format!("SELECT id, household_id, year, date FROM handbook_plan WHERE voided_on IS NULL {LATEST_LAST}"))?;
        let mut rows = stmt.query([])?;
        let mut at: HashMap<(String, i32), usize> = HashMap::new();
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            let Some(date) = day(txt(r, 3)?) else { continue };
            if keep(&household_id) {
                let p = PlanRecord { id: r.get(0)?, household_id, year: r.get(2)?, date };
                latest(&mut out.plans, &mut at, (p.household_id.clone(), p.year), p);
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached("SELECT id, household_id, category, from_date, to_date, status FROM measure WHERE voided_on IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            let (Ok(category), Some(from), Ok(status)) =
                (MeasureCategory::parse(txt(r, 2)?), day(txt(r, 3)?), MeasureStatus::parse(txt(r, 5)?))
            else {
                continue;
            };
            if keep(&household_id) {
                out.measures.push(MeasureRecord { id: r.get(0)?, household_id, category, from, to: opt_day(r.get(4)?), status });
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached("SELECT id, household_id, quarter, date FROM evaluation WHERE voided_on IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            let (Ok(quarter), Some(date)) = (parse_quarter(txt(r, 2)?), day(txt(r, 3)?)) else { continue };
            if keep(&household_id) {
                out.evaluations.push(EvaluationRecord { id: r.get(0)?, household_id, quarter, date });
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached("SELECT id, household_id, quarter, date, result FROM assessment WHERE voided_on IS NULL")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            let (Ok(quarter), Some(date), Ok(result)) =
                (parse_quarter(txt(r, 2)?), day(txt(r, 3)?), AssessmentResult::parse(txt(r, 4)?))
            else {
                continue;
            };
            if keep(&household_id) {
                out.assessments.push(AssessmentRecord { id: r.get(0)?, household_id, quarter, date, result });
            }
        }
    }
    {
        let mut stmt = conn.prepare_cached(
            &format!("SELECT id, household_id, year, date, items, costs_fen, size, size_reason, total_fen, net_fen, per_capita_fen FROM income WHERE voided_on IS NULL {LATEST_LAST}"),
        )?;
        let mut rows = stmt.query([])?;
        // As plans: the accounting the handbook shows ([`income_of_year`]), one per household and year.
        let mut at: HashMap<(String, i32), usize> = HashMap::new();
        while let Some(r) = rows.next()? {
            let household_id: String = r.get(1)?;
            let Some(date) = day(txt(r, 3)?) else { continue };
            if keep(&household_id) {
                let key = (household_id.clone(), r.get(2)?);
                let record = IncomeRecord {
                    id: r.get(0)?,
                    household_id,
                    year: r.get(2)?,
                    date,
                    items: items_from_json(txt(r, 4)?),
                    costs: r.get(5)?,
                    size: r.get(6)?,
                    size_reason: r.get(7)?,
                    total: r.get(8)?,
                    net: r.get(9)?,
                    per_capita: r.get(10)?,
                };
                latest(&mut out.incomes, &mut at, key, record);
            }
        }
    }
    let (signatures, all_visits) = match side {
        Some(side) => side.join().map_err(|_| StoreError::BadColumn { column: "signature", value: "读取线程失败".into() })??,
        None => (all_signatures(conn)?, visit_rows(conn, visits)?),
    };
    out.signatures = signatures.into_iter().filter(|x| keep(&x.household_id)).collect();
    out.visits = all_visits.into_iter().filter(|v| keep(&v.household_id)).collect();
    {
        let mut stmt = conn.prepare_cached("SELECT id, cadre_id FROM team_member")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            out.member_cadres.insert(r.get(0)?, r.get(1)?);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// The entries as written and as read back.

/// 帮扶计划 / 年度巩固计划 of one household and year.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRow {
    pub id: String,
    pub household_id: String,
    pub year: i32,
    pub date: String,
    pub goals: String,
    pub planned: String,
    pub created_at: Option<String>,
}

pub struct PlanFields<'a> {
    pub household_id: &'a str,
    pub year: i32,
    pub date: NaiveDate,
    pub goals: &'a str,
    pub planned: &'a str,
}

impl PlanFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("year", Value::Integer(i64::from(self.year))),
            ("date", text(self.date.to_string())),
            ("goals", text(self.goals)),
            ("planned", text(self.planned)),
        ]
    }
}

/// 帮扶措施.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRow {
    pub id: String,
    pub household_id: String,
    pub category: String,
    pub content: String,
    pub amount_fen: Option<i64>,
    pub from_date: String,
    pub to_date: Option<String>,
    pub status: String,
    pub created_at: Option<String>,
}

pub struct MeasureFields<'a> {
    pub household_id: &'a str,
    pub category: MeasureCategory,
    pub content: &'a str,
    pub amount_fen: Option<i64>,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub status: MeasureStatus,
}

impl MeasureFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("category", text(self.category.label())),
            ("content", text(self.content)),
            ("amount_fen", self.amount_fen.map_or(Value::Null, Value::Integer)),
            ("from_date", text(self.from.to_string())),
            ("to_date", opt_text(self.to.map(|d| d.to_string()))),
            ("status", text(self.status.label())),
        ]
    }
}

/// 帮扶成效评估.
#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationRow {
    pub id: String,
    pub household_id: String,
    pub quarter: String,
    pub date: String,
    pub changes: String,
    pub income_trend: String,
    pub risk: String,
    pub created_at: Option<String>,
}

pub struct EvaluationFields<'a> {
    pub household_id: &'a str,
    /// `2024-Q3`.
    pub quarter: &'a str,
    pub date: NaiveDate,
    pub changes: &'a str,
    pub income_trend: &'a str,
    pub risk: &'a str,
}

impl EvaluationFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("quarter", text(self.quarter)),
            ("date", text(self.date.to_string())),
            ("changes", text(self.changes)),
            ("income_trend", text(self.income_trend)),
            ("risk", text(self.risk)),
        ]
    }
}

/// 风险消除评估.
#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentRow {
    pub id: String,
    pub household_id: String,
    pub quarter: String,
    pub date: String,
    pub result: String,
    pub reasons: String,
    pub assessors: String,
    pub created_at: Option<String>,
}

pub struct AssessmentFields<'a> {
    pub household_id: &'a str,
    pub quarter: &'a str,
    pub date: NaiveDate,
    pub result: AssessmentResult,
    pub reasons: &'a str,
    pub assessors: &'a str,
}

impl AssessmentFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("quarter", text(self.quarter)),
            ("date", text(self.date.to_string())),
            ("result", text(self.result.label())),
            ("reasons", text(self.reasons)),
            ("assessors", text(self.assessors)),
        ]
    }
}

/// 年度收入核算 as stored (the sums as computed when saved).
#[derive(Clone, Debug, PartialEq)]
pub struct IncomeRow {
    pub id: String,
    pub household_id: String,
    pub year: i32,
    pub date: String,
    pub items: Vec<(IncomeItem, i64)>,
    pub costs_fen: i64,
    pub size: i64,
    pub size_reason: Option<String>,
    pub total_fen: i64,
    pub net_fen: i64,
    pub per_capita_fen: i64,
    pub created_at: Option<String>,
}

pub struct IncomeFields<'a> {
    pub household_id: &'a str,
    pub year: i32,
    pub date: NaiveDate,
    pub items: &'a [(IncomeItem, i64)],
    pub costs_fen: i64,
    pub size: i64,
    pub size_reason: Option<&'a str>,
    pub total_fen: i64,
    pub net_fen: i64,
    pub per_capita_fen: i64,
}

impl IncomeFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("year", Value::Integer(i64::from(self.year))),
            ("date", text(self.date.to_string())),
            ("items", text(zhucun_domain::handbook::items_json(self.items))),
            ("costs_fen", Value::Integer(self.costs_fen)),
            ("size", Value::Integer(self.size)),
            ("size_reason", opt_text(self.size_reason)),
            ("total_fen", Value::Integer(self.total_fen)),
            ("net_fen", Value::Integer(self.net_fen)),
            ("per_capita_fen", Value::Integer(self.per_capita_fen)),
        ]
    }
}

/// A signature on one entry.
#[derive(Clone, Debug, PartialEq)]
pub struct SignatureRow {
    pub id: String,
    pub household_id: String,
    pub tbl: String,
    pub row_id: String,
    pub role: String,
    pub signer: String,
    pub signed_on: String,
    pub method: String,
    pub image: String,
}

pub struct SignatureFields<'a> {
    pub household_id: &'a str,
    pub entry: Signable,
    pub row_id: &'a str,
    pub role: SignRole,
    pub signer: &'a str,
    pub signed_on: NaiveDate,
    pub method: zhucun_domain::handbook::SignMethod,
    /// The image's SHA-256 (hex).
    pub image: &'a str,
}

impl SignatureFields<'_> {
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("household_id", text(self.household_id)),
            ("tbl", text(self.entry.label())),
            ("row_id", text(self.row_id)),
            ("role", text(self.role.label())),
            ("signer", text(self.signer)),
            ("signed_on", text(self.signed_on.to_string())),
            ("method", text(self.method.label())),
            ("image", text(self.image)),
        ]
    }
}

fn add(w: &mut Writer, table: Table, mut fields: Vec<(&'static str, Value)>, written: NaiveDate) -> Result<String> {
    let id = new_id();
    fields.push(("created_at", text(written.to_string())));
    w.insert(table, &id, &fields)?;
    Ok(id)
}

/// Write a new plan; `written` is the laptop's date. Returns its id.
pub fn add_plan(w: &mut Writer, f: &PlanFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Plan, f.fields(), written)
}

pub fn add_measure(w: &mut Writer, f: &MeasureFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Measure, f.fields(), written)
}

pub fn add_evaluation(w: &mut Writer, f: &EvaluationFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Evaluation, f.fields(), written)
}

pub fn add_assessment(w: &mut Writer, f: &AssessmentFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Assessment, f.fields(), written)
}

pub fn add_income(w: &mut Writer, f: &IncomeFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Income, f.fields(), written)
}

pub fn add_signature(w: &mut Writer, f: &SignatureFields, written: NaiveDate) -> Result<String> {
    add(w, Table::Signature, f.fields(), written)
}

/// One entry of a handbook table (voided or not): its household and the day it was voided.
pub fn entry(conn: &Connection, table: Table, id: &str) -> Result<Option<(String, Option<String>)>> {
    let sql = match table {
        Table::Plan | Table::Measure | Table::Evaluation | Table::Assessment | Table::Income | Table::Signature | Table::Visit => {
            format!("SELECT household_id, voided_on FROM {} WHERE id = ?1", table.name())
        }
        other => return Err(StoreError::NotFound { what: format!("{}的记录", other.name()) }),
    };
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

// ---------------------------------------------------------------------------------------------
// One household's entries (the handbook page), voided rows left out.

const PLAN_SELECT: &str = "SELECT id, household_id, year, date, goals, planned, created_at FROM handbook_plan";
const MEASURE_SELECT: &str = "SELECT id, household_id, category, content, amount_fen, from_date, to_date, status, created_at FROM measure";
const EVALUATION_SELECT: &str = "SELECT id, household_id, quarter, date, changes, income_trend, risk, created_at FROM evaluation";
const ASSESSMENT_SELECT: &str = "SELECT id, household_id, quarter, date, result, reasons, assessors, created_at FROM assessment";
const INCOME_SELECT: &str =
    "SELECT id, household_id, year, date, items, costs_fen, size, size_reason, total_fen, net_fen, per_capita_fen, created_at FROM income";
const SIGNATURE_SELECT: &str = "SELECT id, household_id, tbl, row_id, role, signer, signed_on, method, image FROM signature";

fn plan_row(r: &rusqlite::Row) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow { id: r.get(0)?, household_id: r.get(1)?, year: r.get(2)?, date: r.get(3)?, goals: r.get(4)?, planned: r.get(5)?, created_at: r.get(6)? })
}

fn measure_row(r: &rusqlite::Row) -> rusqlite::Result<MeasureRow> {
    Ok(MeasureRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        category: r.get(2)?,
        content: r.get(3)?,
        amount_fen: r.get(4)?,
        from_date: r.get(5)?,
        to_date: r.get(6)?,
        status: r.get(7)?,
        created_at: r.get(8)?,
    })
}

fn evaluation_row(r: &rusqlite::Row) -> rusqlite::Result<EvaluationRow> {
    Ok(EvaluationRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        quarter: r.get(2)?,
        date: r.get(3)?,
        changes: r.get(4)?,
        income_trend: r.get(5)?,
        risk: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn assessment_row(r: &rusqlite::Row) -> rusqlite::Result<AssessmentRow> {
    Ok(AssessmentRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        quarter: r.get(2)?,
        date: r.get(3)?,
        result: r.get(4)?,
        reasons: r.get(5)?,
        assessors: r.get(6)?,
        created_at: r.get(7)?,
    })
}

fn income_row(r: &rusqlite::Row) -> rusqlite::Result<IncomeRow> {
    Ok(IncomeRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        year: r.get(2)?,
        date: r.get(3)?,
        items: items_from_json(r.get_ref(4)?.as_str().unwrap_or("")),
        costs_fen: r.get(5)?,
        size: r.get(6)?,
        size_reason: r.get(7)?,
        total_fen: r.get(8)?,
        net_fen: r.get(9)?,
        per_capita_fen: r.get(10)?,
        created_at: r.get(11)?,
    })
}

fn signature_row(r: &rusqlite::Row) -> rusqlite::Result<SignatureRow> {
    Ok(SignatureRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        tbl: r.get(2)?,
        row_id: r.get(3)?,
        role: r.get(4)?,
        signer: r.get(5)?,
        signed_on: r.get(6)?,
        method: r.get(7)?,
        image: r.get(8)?,
    })
}

fn list<T>(conn: &Connection, sql: &str, p: impl rusqlite::Params, f: fn(&rusqlite::Row) -> rusqlite::Result<T>) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(p, f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The household's plans of `year`, the year's plan (the latest written) last.
pub fn plans(conn: &Connection, household_id: &str, year: i32) -> Result<Vec<PlanRow>> {
    list(conn, &format!("{PLAN_SELECT} WHERE household_id = ?1 AND year = ?2 AND voided_on IS NULL {LATEST_LAST}"), params![household_id, year], plan_row)
}

/// The household's measures, by start.
pub fn measures(conn: &Connection, household_id: &str) -> Result<Vec<MeasureRow>> {
    list(conn, &format!("{MEASURE_SELECT} WHERE household_id = ?1 AND voided_on IS NULL ORDER BY from_date, id"), [household_id], measure_row)
}

/// The household's evaluations whose quarter starts with `prefix` (`2024-` for a year, `2024-Q3`), by quarter.
pub fn evaluations(conn: &Connection, household_id: &str, prefix: &str) -> Result<Vec<EvaluationRow>> {
    list(
        conn,
        &format!("{EVALUATION_SELECT} WHERE household_id = ?1 AND substr(quarter, 1, length(?2)) = ?2 AND voided_on IS NULL ORDER BY quarter, date, id"),
        params![household_id, prefix],
        evaluation_row,
    )
}

pub fn assessments(conn: &Connection, household_id: &str, prefix: &str) -> Result<Vec<AssessmentRow>> {
    list(
        conn,
        &format!("{ASSESSMENT_SELECT} WHERE household_id = ?1 AND substr(quarter, 1, length(?2)) = ?2 AND voided_on IS NULL ORDER BY quarter, date, id"),
        params![household_id, prefix],
        assessment_row,
    )
}

/// The household's accountings of `year`, the latest written last.
pub fn incomes(conn: &Connection, household_id: &str, year: i32) -> Result<Vec<IncomeRow>> {
    list(conn, &format!("{INCOME_SELECT} WHERE household_id = ?1 AND year = ?2 AND voided_on IS NULL {LATEST_LAST}"), params![household_id, year], income_row)
}

/// The household's signatures (every entry), oldest first.
pub fn signatures(conn: &Connection, household_id: &str) -> Result<Vec<SignatureRow>> {
    list(conn, &format!("{SIGNATURE_SELECT} WHERE household_id = ?1 AND voided_on IS NULL ORDER BY signed_on, ifnull(created_at, ''), id"), [household_id], signature_row)
}

/// The signatures of one entry in one role, oldest first.
pub fn signatures_of(conn: &Connection, entry: Signable, row_id: &str, role: SignRole) -> Result<Vec<SignatureRow>> {
    list(
        conn,
        &format!("{SIGNATURE_SELECT} WHERE tbl = ?1 AND row_id = ?2 AND role = ?3 AND voided_on IS NULL ORDER BY signed_on, ifnull(created_at, ''), id"),
        params![entry.label(), row_id, role.label()],
        signature_row,
    )
}

pub fn plan(conn: &Connection, id: &str) -> Result<Option<PlanRow>> {
    Ok(conn.prepare_cached(&format!("{PLAN_SELECT} WHERE id = ?1 AND voided_on IS NULL"))?.query_row([id], plan_row).optional()?)
}

pub fn measure(conn: &Connection, id: &str) -> Result<Option<MeasureRow>> {
    Ok(conn.prepare_cached(&format!("{MEASURE_SELECT} WHERE id = ?1 AND voided_on IS NULL"))?.query_row([id], measure_row).optional()?)
}

pub fn evaluation(conn: &Connection, id: &str) -> Result<Option<EvaluationRow>> {
    Ok(conn.prepare_cached(&format!("{EVALUATION_SELECT} WHERE id = ?1 AND voided_on IS NULL"))?.query_row([id], evaluation_row).optional()?)
}

pub fn assessment(conn: &Connection, id: &str) -> Result<Option<AssessmentRow>> {
    Ok(conn.prepare_cached(&format!("{ASSESSMENT_SELECT} WHERE id = ?1 AND voided_on IS NULL"))?.query_row([id], assessment_row).optional()?)
}

pub fn income(conn: &Connection, id: &str) -> Result<Option<IncomeRow>> {
    Ok(conn.prepare_cached(&format!("{INCOME_SELECT} WHERE id = ?1 AND voided_on IS NULL"))?.query_row([id], income_row).optional()?)
}

/// The household's evaluation of one quarter, if any (one per household and quarter).
pub fn evaluation_of_quarter(conn: &Connection, household_id: &str, quarter: &str) -> Result<Option<EvaluationRow>> {
    Ok(evaluations(conn, household_id, quarter)?.into_iter().find(|e| e.quarter == quarter))
}

/// The household's latest accounting of `year`, if any.
pub fn income_of_year(conn: &Connection, household_id: &str, year: i32) -> Result<Option<IncomeRow>> {
    Ok(incomes(conn, household_id, year)?.pop())
}

/// The household's latest plan of `year`, if any.
pub fn plan_of_year(conn: &Connection, household_id: &str, year: i32) -> Result<Option<PlanRow>> {
    Ok(plans(conn, household_id, year)?.pop())
}

/// What the handbook shows of the household beyond the household page: its address, 兜底保障, and
/// each person's 务工情况 (by person id).
pub struct HouseholdExtras {
    pub address: String,
    pub bottom_support: bool,
    pub employment: HashMap<String, String>,
}

pub fn household_extras(conn: &Connection, household_id: &str) -> Result<HouseholdExtras> {
    let (address, bottom): (Option<String>, i64) = conn
        .prepare_cached("SELECT address, bottom_support FROM household WHERE id = ?1")?
        .query_row([household_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: "这一户".into() })?;
    let mut employment = HashMap::new();
    let mut stmt = conn.prepare_cached("SELECT id, ifnull(employment, '') FROM person WHERE household_id = ?1")?;
    let mut rows = stmt.query([household_id])?;
    while let Some(r) = rows.next()? {
        employment.insert(r.get(0)?, r.get(1)?);
    }
    Ok(HouseholdExtras { address: address.unwrap_or_default(), bottom_support: bottom != 0, employment })
}

/// The households of a group (by the group's id or name; within `village` when given), by 户编号,
/// each with its village (a group name such as 2组 recurs in every village of a county).
pub fn group_households(conn: &Connection, group: &str, village: Option<&str>) -> Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT h.id, h.village_id FROM household h JOIN division g ON g.id = h.group_id
         WHERE (g.id = ?1 OR g.name = ?1) AND (?2 IS NULL OR h.village_id = ?2) ORDER BY h.number",
    )?;
    let rows = stmt.query_map(params![group, village], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// Pairings (county-owned roster data: on an enrolled laptop these writes reach the county as
// proposals, like every roster edit).

/// A pairing with its cadre.
#[derive(Clone, Debug, PartialEq)]
pub struct PairingRow {
    pub id: String,
    pub cadre_id: String,
    pub name: String,
    pub unit: String,
    pub phone: String,
    pub start: String,
    pub end: Option<String>,
}

/// The household's pairings, the open one first, then by start, newest first.
pub fn pairings(conn: &Connection, household_id: &str) -> Result<Vec<PairingRow>> {
    list(
        conn,
        "SELECT p.id, p.cadre_id, ifnull(c.name, ''), ifnull(c.unit, ''), ifnull(c.phone, ''), p.start_date, p.end_date
         FROM pairing p LEFT JOIN cadre c ON c.id = p.cadre_id WHERE p.household_id = ?1
         ORDER BY p.end_date IS NULL DESC, p.start_date DESC, p.id DESC",
        [household_id],
        |r| Ok(PairingRow { id: r.get(0)?, cadre_id: r.get(1)?, name: r.get(2)?, unit: r.get(3)?, phone: r.get(4)?, start: r.get(5)?, end: r.get(6)? }),
    )
}

/// The cadre with this name and phone (the same person, as the roster merge and the member list
/// reuse them): id and unit.
pub fn cadre_by_name_phone(conn: &Connection, name: &str, phone: &str) -> Result<Option<(String, Option<String>)>> {
    Ok(conn
        .prepare_cached("SELECT id, unit FROM cadre WHERE name = ?1 AND ifnull(phone, '') = ?2 ORDER BY id LIMIT 1")?
        .query_row(params![name, phone], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// End the open pairing `id` on `end` and start a new one of `cadre` (found by name and phone, else
/// added; its unit filled when it had none) on `start`. Returns the new pairing's id.
pub fn change_pairing(w: &mut Writer, household_id: &str, open: Option<(&str, NaiveDate)>, name: &str, unit: &str, phone: &str, start: NaiveDate) -> Result<String> {
    let cadre_id = match cadre_by_name_phone(w.conn(), name, phone)? {
        Some((id, had)) => {
            if had.as_deref().unwrap_or("").is_empty() && !unit.is_empty() {
                w.update(Table::Cadre, &id, &[("unit", text(unit))])?;
            }
            id
        }
        None => {
            let id = zhucun_domain::ids::CadreId::new().to_string();
            let unit = (!unit.is_empty()).then_some(unit);
            w.insert(Table::Cadre, &id, &[("name", text(name)), ("unit", opt_text(unit)), ("phone", text(phone))])?;
            id
        }
    };
    if let Some((open_id, end)) = open {
        w.update(Table::Pairing, open_id, &[("end_date", text(end.to_string()))])?;
    }
    let id = zhucun_domain::ids::PairingId::new().to_string();
    w.insert(
        Table::Pairing,
        &id,
        &[("household_id", text(household_id)), ("cadre_id", text(&cadre_id)), ("start_date", text(start.to_string())), ("end_date", Value::Null)],
    )?;
    Ok(id)
}

/// Set a household's 兜底保障 flag (county-owned roster data, like [`crate::visits::set_away`]).
/// Returns whether it changed.
pub fn set_bottom_support(w: &mut Writer, household_id: &str, on: bool) -> Result<bool> {
    let fields = [("bottom_support", Value::Integer(i64::from(on)))];
    let Some(changed) = w.changed_fields(Table::Household, household_id, &fields)? else {
        return Err(StoreError::NotFound { what: "这一户".into() });
    };
    if changed.is_empty() {
        return Ok(false);
    }
    w.update(Table::Household, household_id, &changed)?;
    Ok(true)
}

// ---------------------------------------------------------------------------------------------
// Signature images, content-addressed.

/// A prepared image to keep once.
pub struct NewImage<'a> {
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: &'a str,
    pub household_id: &'a str,
    pub mime: &'a str,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    /// The bytes in base64.
    pub base64: &'a str,
}

/// Keep the image unless one with its SHA-256 is already kept. Returns whether it was added.
pub fn put_image(w: &mut Writer, img: &NewImage) -> Result<bool> {
    let have: Option<i64> = w.conn().prepare_cached("SELECT 1 FROM signature_image WHERE id = ?1")?.query_row([img.sha256], |r| r.get(0)).optional()?;
    if have.is_some() {
        return Ok(false);
    }
    w.insert(
        Table::SignatureImage,
        img.sha256,
        &[
            ("household_id", text(img.household_id)),
            ("mime", text(img.mime)),
            ("width", Value::Integer(img.width)),
            ("height", Value::Integer(img.height)),
            ("bytes", Value::Integer(img.bytes)),
            ("data", text(img.base64)),
        ],
    )?;
    Ok(true)
}

/// The image kept under `sha`: its MIME type and its bytes in base64.
pub fn image(conn: &Connection, sha: &str) -> Result<Option<(String, String)>> {
    Ok(conn.prepare_cached("SELECT mime, data FROM signature_image WHERE id = ?1")?.query_row([sha], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
}

/// How many images are kept (tests and the status line).
pub fn image_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM signature_image", [], |r| r.get(0))?)
}
