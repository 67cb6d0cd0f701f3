//! 问题台账: problems of a household or of the village, found on a visit, at a meeting, by an
//! inspection …, kept until closed (销号) item by item with a resolution, a date and an approver (L1).
//! A problem is never deleted: one entered by mistake is voided (作废: `voided_on` set, the row kept
//! with its 修改记录).
//!
//! The store writes what it is given; `zhucun_core::problems` checks it first (and the visit save,
//! which opens problems in its own transaction, calls [`add_problem`] with the same checks).

use crate::error::{Result, StoreError};
use crate::writer::{opt_text, text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use zhucun_domain::visit::{ProblemCategory, ProblemSource, ProblemStatus};

/// A problem as it is first written: status 待整改.
#[derive(Clone, Debug)]
pub struct NewProblem<'a> {
    pub village_id: &'a str,
    /// The household, for a household's problem; `None` for the village's.
    pub household_id: Option<&'a str>,
    /// The visit that found it, when found on a visit.
    pub visit_id: Option<&'a str>,
    pub source: ProblemSource,
    pub category: ProblemCategory,
    /// 存在问题: what was found.
    pub description: &'a str,
    pub found_on: NaiveDate,
    /// 责任人.
    pub owner: &'a str,
    /// 整改时限.
    pub deadline: Option<NaiveDate>,
}

impl NewProblem<'_> {
    /// The columns a 修改 may change, as written: what an edit compares with the row.
    pub fn fields(&self) -> Vec<(&'static str, Value)> {
        vec![
            ("village_id", text(self.village_id)),
            ("household_id", opt_text(self.household_id)),
            ("source", text(self.source.label())),
            ("category", text(self.category.label())),
            ("description", text(self.description)),
            ("found_on", text(self.found_on.to_string())),
            ("owner", text(self.owner)),
            ("deadline", opt_text(self.deadline.map(|d| d.to_string()))),
        ]
    }
}

/// Write a new problem (status 待整改) in `w`'s transaction; returns its id.
pub fn add_problem(w: &mut Writer, p: &NewProblem) -> Result<String> {
    let id = uuid::Uuid::now_v7().to_string();
    let mut fields = p.fields();
    fields.push(("visit_id", opt_text(p.visit_id)));
    fields.push(("status", text(ProblemStatus::Open.label())));
    w.insert(Table::Problem, &id, &fields)?;
    Ok(id)
}

/// The columns of a 修改 ([`NewProblem::fields`]) written as given. `zhucun_core::problems::update`
/// writes them with a trace instead; this is for callers that trace themselves.
pub fn update_problem(w: &mut Writer, id: &str, p: &NewProblem) -> Result<()> {
    require(w.conn(), id)?;
    let changed = w.changed_fields(Table::Problem, id, &p.fields())?.unwrap_or_default();
    w.update(Table::Problem, id, &changed)
}

/// The fields of 开始整改 (待整改 → 整改中).
pub fn start_fields() -> Vec<(&'static str, Value)> {
    vec![("status", text(ProblemStatus::InProgress.label()))]
}

/// The fields of 销号 (L1: all three required; the caller checks them).
pub fn close_fields(resolution: &str, closed_on: NaiveDate, approver: &str) -> Vec<(&'static str, Value)> {
    vec![
        ("status", text(ProblemStatus::Closed.label())),
        ("resolution", text(resolution)),
        ("closed_on", text(closed_on.to_string())),
        ("approver", text(approver)),
    ]
}

/// The fields of 作废.
pub fn void_fields(on: NaiveDate) -> Vec<(&'static str, Value)> {
    vec![("voided_on", text(on.to_string()))]
}

fn require(conn: &Connection, id: &str) -> Result<()> {
    let found: Option<String> = conn.query_row("SELECT id FROM problem WHERE id = ?1", [id], |r| r.get(0)).optional()?;
    found.map(|_| ()).ok_or_else(|| StoreError::NotFound { what: format!("problem {id}") })
}

/// A problem as the 问题台账 page, the CLI and the ledger show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProblemRow {
    pub id: String,
    pub village_id: String,
    pub village_name: String,
    pub township: String,
    pub household_id: Option<String>,
    /// 户编号, for a household's problem.
    pub household_number: Option<String>,
    /// The household head's name (户主), for a household's problem.
    pub head_name: Option<String>,
    pub group_id: Option<String>,
    /// 组, for a household's problem.
    pub group_name: Option<String>,
    pub visit_id: Option<String>,
    /// The date of the visit that found it.
    pub visit_date: Option<String>,
    /// Canonical wording of 来源, 类别 and 状态 (a stored variant reads as its canonical word).
    pub source: String,
    pub category: String,
    pub description: String,
    pub found_on: String,
    pub owner: String,
    pub deadline: Option<String>,
    pub status: String,
    pub resolution: Option<String>,
    pub closed_on: Option<String>,
    pub approver: Option<String>,
    pub voided_on: Option<String>,
    /// Not closed, not voided, and its deadline before the day asked (已超期): the item, not a person.
    pub overdue: bool,
}

/// What a list of problems asks. Every filter is optional; voided problems only when asked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct ProblemFilter {
    /// 待整改, 整改中 or 已销号; also "未销号" (both open states).
    pub status: Option<String>,
    pub category: Option<String>,
    pub group_id: Option<String>,
    pub household_id: Option<String>,
    /// Only those overdue on the day asked.
    pub overdue: bool,
    /// Voided ones too (marked).
    pub voided: bool,
}

const COLUMNS: &str = "p.id, p.village_id, v.name, t.name, p.household_id, h.number,
    (SELECT x.name FROM person x WHERE x.household_id = p.household_id AND x.relation = '户主' AND x.left_on IS NULL ORDER BY x.ord LIMIT 1),
    h.group_id, g.name, p.visit_id, vi.date, p.source, p.category, p.description, p.found_on, p.owner, p.deadline,
    p.status, p.resolution, p.closed_on, p.approver, p.voided_on";

const FROM: &str = "FROM problem p
    LEFT JOIN division v ON v.id = p.village_id
    LEFT JOIN division t ON t.id = v.parent_id
    LEFT JOIN household h ON h.id = p.household_id
    LEFT JOIN division g ON g.id = h.group_id
    LEFT JOIN visit vi ON vi.id = p.visit_id";

fn canonical<T>(s: String, parse: impl Fn(&str) -> std::result::Result<T, zhucun_domain::DomainError>, label: impl Fn(T) -> &'static str) -> String {
    parse(&s).map_or(s, |v| label(v).to_string())
}

/// Overdue on `today`: open (not 已销号, not voided) and its deadline before `today`.
pub fn is_overdue(status: &str, deadline: Option<&str>, voided: bool, today: NaiveDate) -> bool {
    let closed = ProblemStatus::parse(status).is_ok_and(|s| s == ProblemStatus::Closed);
    !closed && !voided && deadline.and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).is_some_and(|d| d < today)
}

fn row(r: &Row, today: NaiveDate) -> rusqlite::Result<ProblemRow> {
    let status = canonical(r.get(17)?, ProblemStatus::parse, ProblemStatus::label);
    let deadline: Option<String> = r.get(16)?;
    let voided_on: Option<String> = r.get(21)?;
    Ok(ProblemRow {
        id: r.get(0)?,
        village_id: r.get(1)?,
        village_name: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
        township: r.get::<_, Option<String>>(3)?.unwrap_or_default(),
        household_id: r.get(4)?,
        household_number: r.get(5)?,
        head_name: r.get(6)?,
        group_id: r.get(7)?,
        group_name: r.get(8)?,
        visit_id: r.get(9)?,
        visit_date: r.get(10)?,
        source: canonical(r.get(11)?, ProblemSource::parse, ProblemSource::label),
        category: canonical(r.get(12)?, ProblemCategory::parse, ProblemCategory::label),
        description: r.get(13)?,
        found_on: r.get(14)?,
        owner: r.get(15)?,
        overdue: is_overdue(&status, deadline.as_deref(), voided_on.is_some(), today),
        deadline,
        status,
        resolution: r.get(18)?,
        closed_on: r.get(19)?,
        approver: r.get(20)?,
        voided_on,
    })
}

/// The problems the filter asks, in order of finding (found date, then id); `overdue` computed
/// against `today`.
pub fn problems(conn: &Connection, f: &ProblemFilter, today: NaiveDate) -> Result<Vec<ProblemRow>> {
    let mut sql = format!("SELECT {COLUMNS} {FROM} WHERE 1 = 1");
    let mut args: Vec<Value> = Vec::new();
    let mut arg = |sql: &mut String, cond: &str, v: &str| {
        args.push(text(v));
        sql.push_str(&format!(" AND {cond} ?{}", args.len()));
    };
    if !f.voided {
        sql.push_str(" AND p.voided_on IS NULL");
    }
    // Status and category are compared on their canonical wording, so a stored variant still matches.
    let mut status: Option<Vec<ProblemStatus>> = None;
    if let Some(s) = f.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let bad = |_| StoreError::BadColumn { column: "status", value: s.to_string() };
        status = Some(if s == "未销号" { vec![ProblemStatus::Open, ProblemStatus::InProgress] } else { vec![ProblemStatus::parse(s).map_err(bad)?] });
    }
    let category = match f.category.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(c) => Some(ProblemCategory::parse(c).map_err(|_| StoreError::BadColumn { column: "category", value: c.to_string() })?),
        None => None,
    };
    if let Some(g) = &f.group_id {
        arg(&mut sql, "h.group_id =", g);
    }
    if let Some(h) = &f.household_id {
        arg(&mut sql, "p.household_id =", h);
    }
    sql.push_str(" ORDER BY p.found_on, p.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| row(r, today))?;
    let mut out = Vec::new();
    for r in rows {
        let r = r?;
        if status.as_ref().is_some_and(|s| !s.iter().any(|s| s.label() == r.status)) {
            continue;
        }
        if category.is_some_and(|c| c.label() != r.category) {
            continue;
        }
        if f.overdue && !r.overdue {
            continue;
        }
        out.push(r);
    }
    Ok(out)
}

/// One problem, voided or not.
pub fn problem(conn: &Connection, id: &str, today: NaiveDate) -> Result<Option<ProblemRow>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} {FROM} WHERE p.id = ?1"))?;
    Ok(stmt.query_row([id], |r| row(r, today)).optional()?)
}

/// The problems a month's 问题台账 prints: every one open at some time in `from..=to` (found by
/// `to`, and not closed before `from`), voided ones left out; in order of finding.
pub fn problems_open_between(conn: &Connection, from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Result<Vec<ProblemRow>> {
    let sql = format!(
        "SELECT {COLUMNS} {FROM} WHERE p.voided_on IS NULL AND p.found_on <= ?2
           AND (p.closed_on IS NULL OR p.closed_on >= ?1) ORDER BY p.found_on, p.id"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([from.to_string(), to.to_string()], |r| row(r, today))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The village of a household, when the household exists.
pub fn village_of_household(conn: &Connection, household_id: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT village_id FROM household WHERE id = ?1", [household_id], |r| r.get(0)).optional()?)
}

/// The team of a village, when it has one (a problem's corrections belong to it).
pub fn team_of_village(conn: &Connection, village_id: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id FROM team WHERE village_id = ?1 ORDER BY id LIMIT 1", [village_id], |r| r.get(0)).optional()?)
}

/// A household as 修改记录 names it: 户编号 and head (`0101 胡新平`).
pub fn household_label(conn: &Connection, household_id: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT h.number, (SELECT x.name FROM person x WHERE x.household_id = h.id AND x.relation = '户主' AND x.left_on IS NULL ORDER BY x.ord LIMIT 1)
             FROM household h WHERE h.id = ?1",
            [household_id],
            |r| Ok(format!("{} {}", r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?.unwrap_or_default()).trim().to_string()),
        )
        .optional()?)
}

/// A household's id from its 户编号.
pub fn household_by_number(conn: &Connection, number: &str) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT id FROM household WHERE number = ?1", [number], |r| r.get(0)).optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_problem_is_written_listed_filtered_and_closed() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        let mut w = s.write().unwrap();
        w.insert(Table::Division, "t1", &[("name", text("黄桥镇")), ("level", text("乡镇"))]).unwrap();
        w.insert(Table::Division, "v1", &[("name", text("兴隆村")), ("level", text("村")), ("parent_id", text("t1"))]).unwrap();
        let p = NewProblem {
            village_id: "v1",
            household_id: None,
            visit_id: None,
            source: ProblemSource::SelfCheck,
            category: ProblemCategory::Environment,
            description: "村部旁垃圾未清运",
            found_on: d("2024-09-02"),
            owner: "李娟",
            deadline: Some(d("2024-09-10")),
        };
        let id = add_problem(&mut w, &p).unwrap();
        let later = add_problem(&mut w, &NewProblem { description: "路灯损坏", found_on: d("2024-09-05"), deadline: None, ..p.clone() }).unwrap();
        w.commit().unwrap();

        let all = problems(s.read(), &ProblemFilter::default(), d("2024-09-20")).unwrap();
        assert_eq!(all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), vec![id.as_str(), later.as_str()]);
        assert_eq!((all[0].status.as_str(), all[0].village_name.as_str(), all[0].township.as_str()), ("待整改", "兴隆村", "黄桥镇"));
        assert!(all[0].overdue && !all[1].overdue, "overdue: deadline before today, none without a deadline");
        assert!(!problems(s.read(), &ProblemFilter::default(), d("2024-09-10")).unwrap()[0].overdue, "the deadline day itself is not overdue");
        let over = problems(s.read(), &ProblemFilter { overdue: true, ..Default::default() }, d("2024-09-20")).unwrap();
        assert_eq!(over.len(), 1);
        assert!(problems(s.read(), &ProblemFilter { category: Some("住房安全".into()), ..Default::default() }, d("2024-09-20")).unwrap().is_empty());
        assert!(problems(s.read(), &ProblemFilter { status: Some("不存在".into()), ..Default::default() }, d("2024-09-20")).is_err());

        let mut w = s.write().unwrap();
        w.update(Table::Problem, &id, &close_fields("已清运", d("2024-09-08"), "周建国")).unwrap();
        w.update(Table::Problem, &later, &void_fields(d("2024-09-06"))).unwrap();
        w.commit().unwrap();
        let closed = problem(s.read(), &id, d("2024-09-20")).unwrap().unwrap();
        assert_eq!((closed.status.as_str(), closed.overdue, closed.approver.as_deref()), ("已销号", false, Some("周建国")));
        assert_eq!(problems(s.read(), &ProblemFilter { status: Some("未销号".into()), ..Default::default() }, d("2024-09-20")).unwrap().len(), 0);
        assert_eq!(problems(s.read(), &ProblemFilter { voided: true, ..Default::default() }, d("2024-09-20")).unwrap().len(), 2);
        // The month's ledger: open some time in the month; closed before it or voided left out.
        assert_eq!(problems_open_between(s.read(), d("2024-09-01"), d("2024-09-30"), d("2024-09-20")).unwrap().len(), 1);
        assert!(problems_open_between(s.read(), d("2024-10-01"), d("2024-10-31"), d("2024-10-20")).unwrap().is_empty());
        assert!(problems_open_between(s.read(), d("2024-08-01"), d("2024-08-31"), d("2024-08-20")).unwrap().is_empty());
    }
}
