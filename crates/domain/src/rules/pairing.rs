//! The pairing handbook's rules: P1 (an active pairing cadre), P2/P3 (the cadence of tier A and B),
//! P4 (no obvious errors: the 手册审核 list), D1–D5 (a newly identified monitored household's cadre and
//! measure, the quarterly risk-elimination assessment, a developmental measure, 兜底保障) and I1
//! (三类人群). Also 待办: what each household owes, counted by the same functions.
//!
//! Pure functions of the records below, the parameters and the day checked, so the laptop and the
//! county get the same findings from the same records.

use super::{Finding, Period, RuleParams};
use crate::handbook::{AssessmentResult, IncomeItem, MeasureCategory, MeasureStatus, SignRole, Signable};
use crate::household::{Category, RiskStatus, Tier};
use crate::visit::VisitRecord;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A household as the handbook rules read it.
#[derive(Clone, Debug, PartialEq)]
pub struct HandbookHousehold {
    pub id: String,
    /// 户编号.
    pub number: String,
    pub head: String,
    pub group: String,
    pub category: Category,
    /// 识别日期 (monitored households).
    pub identified_on: Option<NaiveDate>,
    pub risk: Option<RiskStatus>,
    pub eliminated_on: Option<NaiveDate>,
    /// 全家外出 and since when (a remote contact still counts for P3 either way).
    pub away: bool,
    pub away_since: Option<NaiveDate>,
    /// 无劳动能力户 (the roster's flag).
    pub no_labour: bool,
    /// Some present member has labour capacity (普通, 技能, 弱或半 劳动力) — D4.
    pub has_labour: bool,
    /// 兜底保障 (D5).
    pub bottom_support: bool,
    /// Every member has left by this day.
    pub left_on: Option<NaiveDate>,
    /// Present members on the roster today (the income accounting's default household size).
    pub size: i64,
}

impl HandbookHousehold {
    /// The tier on `day` (`tier.boundary_months`).
    pub fn tier(&self, day: NaiveDate, boundary_months: u32) -> Tier {
        Tier::of(self.category, self.risk, self.eliminated_on, day, boundary_months)
    }
}

/// A pairing (结对) of a household with a cadre, `[start, end]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairingRecord {
    pub id: String,
    pub household_id: String,
    pub cadre_id: String,
    pub cadre_name: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl PairingRecord {
    pub fn active_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlanRecord {
    pub id: String,
    pub household_id: String,
    pub year: i32,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MeasureRecord {
    pub id: String,
    pub household_id: String,
    pub category: MeasureCategory,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub status: MeasureStatus,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EvaluationRecord {
    pub id: String,
    pub household_id: String,
    /// A `Period::Quarter`.
    pub quarter: Period,
    pub date: NaiveDate,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AssessmentRecord {
    pub id: String,
    pub household_id: String,
    /// A `Period::Quarter`.
    pub quarter: Period,
    pub date: NaiveDate,
    pub result: AssessmentResult,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IncomeRecord {
    pub id: String,
    pub household_id: String,
    pub year: i32,
    pub date: NaiveDate,
    pub items: Vec<(IncomeItem, i64)>,
    pub costs: i64,
    /// The household size used.
    pub size: i64,
    pub size_reason: Option<String>,
    /// As stored when saved (the audit recomputes them).
    pub total: i64,
    pub net: i64,
    pub per_capita: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SignatureRecord {
    pub id: String,
    pub household_id: String,
    pub entry: Signable,
    pub row_id: String,
    pub role: SignRole,
    pub signed_on: NaiveDate,
}

/// Everything the handbook rules read (voided rows left out by the store).
#[derive(Clone, Debug, Default)]
pub struct HandbookRecords {
    pub households: Vec<HandbookHousehold>,
    pub pairings: Vec<PairingRecord>,
    pub plans: Vec<PlanRecord>,
    pub measures: Vec<MeasureRecord>,
    pub evaluations: Vec<EvaluationRecord>,
    pub assessments: Vec<AssessmentRecord>,
    pub incomes: Vec<IncomeRecord>,
    pub signatures: Vec<SignatureRecord>,
    /// The visit register (contacts are visits).
    pub visits: Vec<VisitRecord>,
    /// Team member id → their cadre id: a visit by a team member who is also the household's pairing
    /// cadre is a visit by the cadre.
    pub member_cadres: HashMap<String, String>,
}

/// One line of the 手册审核 list: an obvious error, pointing at the entry to fix.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AuditItem {
    /// A stable code: `P4.unsigned`, `P4.sums`, `P4.per_capita`, `P4.future`, `P4.before_pairing`,
    /// `P2.month_visit`, `D2`, `D4`, `D5`, `P2.income` / `P3.income`, …
    pub code: String,
    pub household_id: String,
    /// 户编号.
    pub number: String,
    pub head: String,
    /// The entry to fix (a `Signable` table name, `measure`, `household`, or empty for one missing).
    pub entry: String,
    pub entry_id: Option<String>,
    pub date: Option<NaiveDate>,
    /// What is wrong, one Chinese sentence.
    pub message: String,
    /// How to fix it.
    pub fix: String,
}

/// What to do about a due item (the one click).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum DueAction {
    Pairing,
    Plan,
    Measure,
    Visit,
    Contact,
    Evaluation,
    Assessment,
    Income,
    Sign,
}

/// One thing a household owes (待办).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DueItem {
    /// The rule: `P1`, `P2.visit`, `P3.contact`, `D1`, `D3`, `P4.unsigned`, …
    pub rule: String,
    pub household_id: String,
    pub number: String,
    pub head: String,
    pub group: String,
    /// The pairing cadre's id and name, when paired.
    pub cadre_id: Option<String>,
    pub cadre: Option<String>,
    /// The period owed: `2024-09`, `2024-Q3`, `2024`.
    pub period: String,
    /// Due by this day (end of the period, or a D1/D2 deadline).
    pub due_by: NaiveDate,
    /// Past `due_by` on the day asked.
    pub overdue: bool,
    /// One Chinese sentence: why it is owed.
    pub reason: String,
    pub action: DueAction,
    /// For `Sign`: the entry to sign.
    pub entry: Option<String>,
    pub entry_id: Option<String>,
}

/// Findings for `period` by its kind: a month gives P1 (on the month's last day or `today`), the
/// monthly visit/contact of P2/P3 and D1/D2 for households whose deadline falls in it; a quarter the
/// evaluation (P2), the in-person visit (P3) and D3; a year the plan and the income accounting.
pub fn check(records: &HandbookRecords, period: Period, params: &RuleParams, today: NaiveDate) -> Vec<Finding> {
    let _ = (records, period, params, today);
    unimplemented!("filled in by the rules of issue 12")
}

/// D4 and D5 (warnings) on `day`.
pub fn warnings(records: &HandbookRecords, day: NaiveDate) -> Vec<Finding> {
    let _ = (records, day);
    unimplemented!("filled in by the rules of issue 12")
}

/// The 手册审核 list for `year` on `today` (P4, the month without a cadre's in-person visit of tier A,
/// D2, D4, D5, the missing income accounting once the year is over or its accounting is due).
pub fn audit(records: &HandbookRecords, year: i32, params: &RuleParams, today: NaiveDate) -> Vec<AuditItem> {
    let _ = (records, year, params, today);
    unimplemented!("filled in by the rules of issue 12")
}

/// 待办 on `today` for `month` (its quarter and year too): what each household owes, and what is
/// overdue; `cadre` keeps the households paired with that cadre (the "me" of 今日).
pub fn due(records: &HandbookRecords, month: Period, cadre: Option<&str>, params: &RuleParams, today: NaiveDate) -> Vec<DueItem> {
    let _ = (records, month, cadre, params, today);
    unimplemented!("filled in by the rules of issue 12")
}
