//! The pairing handbook's rules: P1 (an active pairing cadre), P2/P3 (the cadence of tier A and B),
//! P4 (no obvious errors: the 手册审核 list), D1–D5 (a newly identified monitored household's cadre and
//! measure, the quarterly risk-elimination assessment, a developmental measure, 兜底保障) and I1
//! (三类人群). Also 待办: what each household owes, counted by the same functions.
//!
//! Pure functions of the records below, the parameters and the day checked, so the laptop and the
//! county get the same findings from the same records.

use super::{dates_zh, Finding, Period, RuleParams, Status};
use crate::handbook::{format_yuan, income_sums, quarter_of, AssessmentResult, IncomeItem, MeasureCategory, MeasureStatus, SignRole, Signable};
use crate::household::{Category, RiskStatus, Tier};
use crate::visit::VisitRecord;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use rustc_hash::{FxHashMap, FxHashSet};
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
    /// Present members on the roster today.
    pub size: i64,
    /// The day each member who has left the roster left (`left_on`), one entry a member.
    pub members_left: Vec<NaiveDate>,
}

/// The household's size on `day`: the `present` members (today) and those of `left` who left after
/// `day` (a member leaving on `day` is gone that day).
pub fn size_on(present: i64, left: &[NaiveDate], day: NaiveDate) -> i64 {
    present + left.iter().filter(|l| **l > day).count() as i64
}

impl HandbookHousehold {
    /// Members on the roster on `day` (an income accounting compares its household size with this,
    /// on its own date, not with today's roster).
    pub fn size_on(&self, day: NaiveDate) -> i64 {
        size_on(self.size, &self.members_left, day)
    }

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

/// A household on the handbook: 监测户 or 脱贫户, still present on `day`.
pub fn on_handbook(h: &HandbookHousehold, day: NaiveDate) -> bool {
    matches!(h.category, Category::Monitored | Category::Lifted) && present(h, day)
}

fn present(h: &HandbookHousehold, day: NaiveDate) -> bool {
    h.left_on.is_none_or(|l| l > day)
}

/// D1's deadline: `identified_on` + `pairing.assign_within_days` calendar days.
pub fn d1_deadline(h: &HandbookHousehold, p: &RuleParams) -> Option<NaiveDate> {
    plus_days(h.identified_on?, p.assign_within_days)
}

/// D2's deadline: `identified_on` + `measure.within_days` calendar days.
pub fn d2_deadline(h: &HandbookHousehold, p: &RuleParams) -> Option<NaiveDate> {
    plus_days(h.identified_on?, p.measure_within_days)
}

fn plus_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(chrono::Duration::days(n))
}

fn zh(d: NaiveDate) -> String {
    crate::date::format_date_zh(d)
}

fn md(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

fn subject(h: &HandbookHousehold) -> String {
    if h.head.is_empty() {
        format!("{}户", h.number)
    } else {
        format!("{}户（{}）", h.head, h.number)
    }
}

/// A类监测户, B类脱贫户.
fn kind_zh(h: &HandbookHousehold, t: Tier) -> String {
    let tier = match t {
        Tier::A => "A类",
        Tier::B => "B类",
        Tier::None => "",
    };
    format!("{tier}{}", h.category.label())
}

fn month_end(d: NaiveDate) -> NaiveDate {
    Period::month(d.year(), d.month()).range().1
}

/// Every record, by household, indexed once (the county runs these over ~100,000 households).
struct Index<'a> {
    pairings: FxHashMap<&'a str, Vec<&'a PairingRecord>>,
    plans: FxHashMap<&'a str, Vec<&'a PlanRecord>>,
    measures: FxHashMap<&'a str, Vec<&'a MeasureRecord>>,
    evaluations: FxHashMap<&'a str, Vec<&'a EvaluationRecord>>,
    assessments: FxHashMap<&'a str, Vec<&'a AssessmentRecord>>,
    incomes: FxHashMap<&'a str, Vec<&'a IncomeRecord>>,
    visits: FxHashMap<&'a str, Vec<&'a VisitRecord>>,
    signed: FxHashSet<(Signable, &'a str, SignRole)>,
    member_cadres: &'a HashMap<String, String>,
}

fn group<'a, T>(rows: &'a [T], key: impl Fn(&'a T) -> &'a str, order: impl Fn(&T, &T) -> std::cmp::Ordering) -> FxHashMap<&'a str, Vec<&'a T>> {
    let mut m: FxHashMap<&str, Vec<&T>> = FxHashMap::default();
    for r in rows {
        m.entry(key(r)).or_default().push(r);
    }
    for v in m.values_mut() {
        v.sort_by(|a, b| order(a, b));
    }
    m
}

impl<'a> Index<'a> {
    fn new(r: &'a HandbookRecords) -> Index<'a> {
        Index {
            pairings: group(&r.pairings, |x| x.household_id.as_str(), |a, b| (a.start, &a.id).cmp(&(b.start, &b.id))),
            plans: group(&r.plans, |x| x.household_id.as_str(), |a, b| (a.date, &a.id).cmp(&(b.date, &b.id))),
            measures: group(&r.measures, |x| x.household_id.as_str(), |a, b| (a.from, &a.id).cmp(&(b.from, &b.id))),
            evaluations: group(&r.evaluations, |x| x.household_id.as_str(), |a, b| (a.date, &a.id).cmp(&(b.date, &b.id))),
            assessments: group(&r.assessments, |x| x.household_id.as_str(), |a, b| (a.date, &a.id).cmp(&(b.date, &b.id))),
            incomes: group(&r.incomes, |x| x.household_id.as_str(), |a, b| (a.date, &a.id).cmp(&(b.date, &b.id))),
            visits: group(&r.visits, |x| x.household_id.as_str(), |a, b| (a.date, &a.id).cmp(&(b.date, &b.id))),
            signed: r.signatures.iter().map(|s| (s.entry, s.row_id.as_str(), s.role)).collect(),
            member_cadres: &r.member_cadres,
        }
    }

    fn pairings(&self, id: &str) -> &[&'a PairingRecord] {
        self.pairings.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn plans(&self, id: &str) -> &[&'a PlanRecord] {
        self.plans.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn measures(&self, id: &str) -> &[&'a MeasureRecord] {
        self.measures.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn evaluations(&self, id: &str) -> &[&'a EvaluationRecord] {
        self.evaluations.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn assessments(&self, id: &str) -> &[&'a AssessmentRecord] {
        self.assessments.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn incomes(&self, id: &str) -> &[&'a IncomeRecord] {
        self.incomes.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }
    fn visits(&self, id: &str) -> &[&'a VisitRecord] {
        self.visits.get(id).map(|v| v.as_slice()).unwrap_or(&[])
    }

    /// The pairing active on `day`, the latest started when two overlap.
    fn active(&self, id: &str, day: NaiveDate) -> Option<&'a PairingRecord> {
        self.pairings(id).iter().rev().find(|p| p.active_on(day)).copied()
    }

    /// `v` was made by `cadre`: its `cadre_id`, or a visiting team member who is that cadre.
    fn made_by(&self, v: &VisitRecord, cadre: &str) -> bool {
        v.cadre_id.as_deref() == Some(cadre) || v.members.iter().any(|m| self.member_cadres.get(m).is_some_and(|c| c == cadre))
    }

    /// The pairing whose cadre made `v` while paired with the household (a contact by the pairing cadre).
    fn by_cadre(&self, v: &VisitRecord) -> Option<&'a PairingRecord> {
        self.pairings(&v.household_id)
            .iter()
            .rev()
            .find(|p| p.active_on(v.date) && self.made_by(v, &p.cadre_id))
            .copied()
    }

    /// Visits by the pairing cadre in `[a, b]` (in person only when asked), in date order.
    fn cadre_visits(&self, id: &str, a: NaiveDate, b: NaiveDate, in_person: bool) -> Vec<(&'a VisitRecord, &'a PairingRecord)> {
        self.visits(id)
            .iter()
            .filter(|v| a <= v.date && v.date <= b && (!in_person || v.mode.in_person()))
            .filter_map(|v| self.by_cadre(v).map(|p| (*v, p)))
            .collect()
    }

    /// A visit made by a cadre of one of the household's pairings, on a day that cadre was not paired.
    fn unpaired_cadre_visits(&self, id: &str, a: NaiveDate, b: NaiveDate) -> Vec<(&'a VisitRecord, &'a PairingRecord)> {
        let ps = self.pairings(id);
        self.visits(id)
            .iter()
            .filter(|v| a <= v.date && v.date <= b && self.by_cadre(v).is_none())
            .filter_map(|v| ps.iter().find(|p| self.made_by(v, &p.cadre_id)).map(|p| (*v, *p)))
            .collect()
    }

    fn missing_roles(&self, entry: Signable, row: &str) -> Vec<SignRole> {
        [SignRole::Cadre, SignRole::Household].into_iter().filter(|r| !self.signed.contains(&(entry, row, *r))).collect()
    }

    /// D1 met: a pairing started on or before the deadline and not ended before identification.
    fn d1_met(&self, h: &HandbookHousehold, deadline: NaiveDate) -> Option<&'a PairingRecord> {
        let from = h.identified_on.unwrap_or(deadline);
        self.pairings(&h.id).iter().find(|p| p.start <= deadline && p.end.is_none_or(|e| e >= from)).copied()
    }

    /// D2 met: a measure whose `from` is on or before the deadline.
    fn d2_met(&self, h: &HandbookHousehold, deadline: NaiveDate) -> Option<&'a MeasureRecord> {
        self.measures(&h.id).iter().find(|m| m.from <= deadline).copied()
    }
}

/// Visits as a finding lists them: 9月3日入户（张三）.
fn visits_zh(vs: &[(&VisitRecord, &PairingRecord)]) -> String {
    vs.iter().map(|(v, p)| format!("{}{}（{}）", md(v.date), v.mode.label(), p.cadre_name)).collect::<Vec<_>>().join("、")
}

fn days_of(vs: &[(&VisitRecord, &PairingRecord)]) -> i64 {
    let mut d: Vec<NaiveDate> = vs.iter().map(|(v, _)| v.date).collect();
    d.dedup();
    d.len() as i64
}

#[allow(clippy::too_many_arguments)]
fn finding(rule: &str, h: &HandbookHousehold, period: &str, required: i64, found: i64, explain: String, records: Vec<String>, in_progress: bool) -> Finding {
    Finding {
        rule: rule.into(),
        subject: h.id.clone(),
        subject_label: h.number.clone(),
        period: period.into(),
        required,
        found,
        status: Status::of(required, found),
        explain,
        records,
        in_progress,
    }
}

/// The households of the handbook that a period's rules read: on the handbook on the reference day,
/// a monitored household identified by then.
fn handbook_households<'r>(records: &'r HandbookRecords, reference: NaiveDate, p: &RuleParams) -> impl Iterator<Item = (&'r HandbookHousehold, Tier)> + use<'r> {
    let months = p.tier_boundary_months;
    records
        .households
        .iter()
        .filter(move |h| on_handbook(h, reference) && !(h.category == Category::Monitored && h.identified_on.is_some_and(|i| i > reference)))
        .map(move |h| (h, h.tier(reference, months)))
        .filter(|(_, t)| *t != Tier::None)
}

/// Findings for `period` by its kind: a month gives P1 (on the month's last day or `today`), the
/// monthly visit/contact of P2/P3 and D1/D2 for households whose deadline falls in it; a quarter the
/// evaluation (P2), the in-person visit (P3) and D3; a year the plan and the income accounting.
pub fn check(records: &HandbookRecords, period: Period, params: &RuleParams, today: NaiveDate) -> Vec<Finding> {
    let idx = Index::new(records);
    let (a, b) = period.range();
    let reference = b.min(today);
    let in_progress = today <= b;
    let label = period.label_zh();
    let text = period.to_string();
    let mut out = Vec::new();
    match period {
        Period::Month { .. } => {
            for (h, tier) in handbook_households(records, reference, params) {
                let who = subject(h);
                // P1.
                let active: Vec<&PairingRecord> = idx.pairings(&h.id).iter().filter(|p| p.active_on(reference)).copied().collect();
                let d1 = d1_deadline(h, params).filter(|d| *d >= reference && h.category == Category::Monitored);
                let (required, why) = match (d1, active.is_empty()) {
                    (Some(d), true) => (0, format!("该户{}识别为监测户，{}前确定结对干部即可（D1），本月P1不作要求", zh(h.identified_on.unwrap_or(d)), zh(d))),
                    _ => (1, format!("{}在{}应有结对干部", kind_zh(h, tier), zh(reference))),
                };
                let got = if active.is_empty() {
                    "没有有效的结对".to_string()
                } else {
                    format!(
                        "结对干部：{}",
                        active.iter().map(|p| format!("{}（{}起）", p.cadre_name, zh(p.start))).collect::<Vec<_>>().join("、")
                    )
                };
                out.push(finding("P1", h, &text, required, active.len() as i64, format!("{label}{who}：{why}；{got}。"), active.iter().map(|p| p.id.clone()).collect(), in_progress));
                // P2.visit / P3.contact.
                let (rule, in_person, want) = match tier {
                    Tier::A => ("P2.visit", true, "A类户每月至少1次结对干部入户走访"),
                    _ => ("P3.contact", false, "B类户每月至少1次结对干部联系（入户、电话、微信、视频均可）"),
                };
                let counted = idx.cadre_visits(&h.id, a, b, in_person);
                let n = days_of(&counted);
                let mut got = if counted.is_empty() { "没有结对干部的走访联系".to_string() } else { format!("计入{}次：{}", n, visits_zh(&counted)) };
                let others: Vec<&VisitRecord> =
                    idx.visits(&h.id).iter().filter(|v| a <= v.date && v.date <= b && !counted.iter().any(|(c, _)| c.id == v.id)).copied().collect();
                if !others.is_empty() {
                    let ds: Vec<NaiveDate> = others.iter().map(|v| v.date).collect();
                    let not = if in_person { "不是结对干部当日的入户走访" } else { "不是当日结对干部的走访联系" };
                    got.push_str(&format!("；{}的走访{}次不计入：{not}", dates_zh(&ds), others.len()));
                }
                out.push(finding(rule, h, &text, 1, n, format!("{label}{who}：{want}；{got}。"), counted.iter().map(|(v, _)| v.id.clone()).collect(), in_progress));
                // D1 / D2 with their deadline in the month.
                if h.category != Category::Monitored {
                    continue;
                }
                let Some(ident) = h.identified_on else { continue };
                if let Some(d) = d1_deadline(h, params).filter(|d| a <= *d && *d <= b) {
                    let met = idx.d1_met(h, d);
                    let got = match met {
                        Some(p) => format!("{}于{}起结对，计入", p.cadre_name, zh(p.start)),
                        None => {
                            let late: Vec<String> = idx.pairings(&h.id).iter().filter(|p| p.start > d).map(|p| format!("{}于{}起结对（晚于期限）", p.cadre_name, zh(p.start))).collect();
                            if late.is_empty() { "没有结对".to_string() } else { late.join("、") }
                        }
                    };
                    out.push(finding(
                        "D1",
                        h,
                        &text,
                        1,
                        met.is_some() as i64,
                        format!("{who}：{}识别为监测户，应在{}日内（{}前）确定结对干部；{got}。", zh(ident), params.assign_within_days, zh(d)),
                        met.map(|p| vec![p.id.clone()]).unwrap_or_default(),
                        today <= d,
                    ));
                }
                if let Some(d) = d2_deadline(h, params).filter(|d| a <= *d && *d <= b) {
                    let met = idx.d2_met(h, d);
                    let got = match met {
                        Some(m) => format!("{}帮扶措施自{}起，计入", m.category.label(), zh(m.from)),
                        None => {
                            let late: Vec<String> = idx.measures(&h.id).iter().filter(|m| m.from > d).map(|m| format!("{}措施自{}起（晚于期限）", m.category.label(), zh(m.from))).collect();
                            if late.is_empty() { "没有帮扶措施".to_string() } else { late.join("、") }
                        }
                    };
                    out.push(finding(
                        "D2",
                        h,
                        &text,
                        1,
                        met.is_some() as i64,
                        format!("{who}：{}识别为监测户，应在{}日内（{}前）落实至少1项帮扶措施；{got}。", zh(ident), params.measure_within_days, zh(d)),
                        met.map(|m| vec![m.id.clone()]).unwrap_or_default(),
                        today <= d,
                    ));
                }
            }
        }
        Period::Quarter { .. } => {
            for (h, tier) in handbook_households(records, reference, params) {
                let who = subject(h);
                if tier == Tier::A {
                    let ev: Vec<&EvaluationRecord> = idx.evaluations(&h.id).iter().filter(|e| e.quarter == period).copied().collect();
                    let got = if ev.is_empty() { "没有本季度的帮扶成效评估".to_string() } else { format!("帮扶成效评估：{}", ev.iter().map(|e| md(e.date)).collect::<Vec<_>>().join("、")) };
                    out.push(finding("P2.evaluation", h, &text, 1, ev.len() as i64, format!("{label}{who}：A类户每季度1次帮扶成效评估；{got}。"), ev.iter().map(|e| e.id.clone()).collect(), in_progress));
                } else {
                    let counted = idx.cadre_visits(&h.id, a, b, true);
                    let n = days_of(&counted);
                    let mut got = if counted.is_empty() { "没有结对干部的入户走访".to_string() } else { format!("计入{}次：{}", n, visits_zh(&counted)) };
                    let remote = idx.cadre_visits(&h.id, a, b, false).len() - counted.len();
                    if remote > 0 {
                        got.push_str(&format!("；另有结对干部的电话、微信或视频联系{remote}次不计入：本条要求入户"));
                    }
                    out.push(finding("P3.visit", h, &text, 1, n, format!("{label}{who}：B类户每季度至少1次结对干部入户走访；{got}。"), counted.iter().map(|(v, _)| v.id.clone()).collect(), in_progress));
                }
                if h.category == Category::Monitored && h.risk == Some(RiskStatus::Open) {
                    let asm: Vec<&AssessmentRecord> = idx.assessments(&h.id).iter().filter(|x| x.quarter == period).copied().collect();
                    let got = if asm.is_empty() {
                        "没有本季度的风险消除评估".to_string()
                    } else {
                        format!("风险消除评估{}次：{}", asm.len(), asm.iter().map(|x| format!("{}（{}）", md(x.date), x.result.label())).collect::<Vec<_>>().join("、"))
                    };
                    out.push(finding(
                        "D3",
                        h,
                        &text,
                        params.assessments_per_quarter,
                        asm.len() as i64,
                        format!("{label}{who}：风险未消除的监测户每季度{}次风险消除评估；{got}。", params.assessments_per_quarter),
                        asm.iter().map(|x| x.id.clone()).collect(),
                        in_progress,
                    ));
                }
            }
        }
        Period::Year { year } => {
            for (h, tier) in handbook_households(records, reference, params) {
                let who = subject(h);
                let (p, plan_zh) = if tier == Tier::A { ("P2", "帮扶计划") } else { ("P3", "巩固计划") };
                let plans: Vec<&PlanRecord> = idx.plans(&h.id).iter().filter(|x| x.year == year).copied().collect();
                let got = if plans.is_empty() { format!("没有{year}年的计划") } else { format!("{}年计划：{}制定", year, plans.iter().map(|x| zh(x.date)).collect::<Vec<_>>().join("、")) };
                out.push(finding(&format!("{p}.plan"), h, &text, 1, plans.len() as i64, format!("{label}{who}：{}每年制定{plan_zh}；{got}。", kind_zh(h, tier)), plans.iter().map(|x| x.id.clone()).collect(), in_progress));
                let inc: Vec<&IncomeRecord> = idx.incomes(&h.id).iter().filter(|x| x.year == year).copied().collect();
                let got = if inc.is_empty() {
                    format!("没有{year}年的收入核算")
                } else {
                    format!("{}年收入核算：{}，人均纯收入{}元", year, inc.iter().map(|x| zh(x.date)).collect::<Vec<_>>().join("、"), format_yuan(inc[inc.len() - 1].per_capita))
                };
                out.push(finding(&format!("{p}.income"), h, &text, 1, inc.len() as i64, format!("{label}{who}：{}每年核算一次家庭收入；{got}。", kind_zh(h, tier)), inc.iter().map(|x| x.id.clone()).collect(), in_progress));
            }
        }
        Period::Week { .. } | Period::Half { .. } => {}
    }
    out
}

/// A developmental measure that holds on `day`: its `to` not before the day (or none).
fn developmental_on<'a>(idx: &Index<'a>, h: &HandbookHousehold, day: NaiveDate) -> Vec<&'a MeasureRecord> {
    idx.measures(&h.id).iter().filter(|m| m.category.developmental() && m.to.is_none_or(|t| day <= t)).copied().collect()
}

fn d4_applies(h: &HandbookHousehold) -> bool {
    h.category == Category::Monitored && h.risk == Some(RiskStatus::Open) && h.has_labour && !h.no_labour
}

fn d5_applies(h: &HandbookHousehold) -> bool {
    h.category == Category::Monitored && h.risk == Some(RiskStatus::Open) && h.no_labour
}

/// D4 and D5 (warnings) on `day`.
pub fn warnings(records: &HandbookRecords, day: NaiveDate) -> Vec<Finding> {
    let idx = Index::new(records);
    let text = day.to_string();
    let mut out = Vec::new();
    for h in records.households.iter().filter(|h| on_handbook(h, day)) {
        let who = subject(h);
        if d4_applies(h) {
            let ms = developmental_on(&idx, h, day);
            let got = if ms.is_empty() {
                "没有有效的开发式帮扶措施（产业、就业、公益岗位、金融）".to_string()
            } else {
                format!("开发式措施：{}", ms.iter().map(|m| format!("{}（{}起）", m.category.label(), zh(m.from))).collect::<Vec<_>>().join("、"))
            };
            out.push(finding("D4", h, &text, 1, ms.len() as i64, format!("{}{who}：有劳动能力、风险未消除的监测户应有至少1项开发式帮扶措施；{got}。", zh(day)), ms.iter().map(|m| m.id.clone()).collect(), false));
        }
        if d5_applies(h) {
            let got = if h.bottom_support { "已纳入兜底保障" } else { "未标记兜底保障" };
            out.push(finding("D5", h, &text, 1, h.bottom_support as i64, format!("{}{who}：无劳动能力、风险未消除的监测户应纳入兜底保障；{got}。", zh(day)), Vec::new(), false));
        }
    }
    out
}

/// A dated entry of the handbook, as the audit and 待办 walk them.
struct Entry<'a> {
    table: Signable,
    id: &'a str,
    date: NaiveDate,
    /// The plan's or income's year, the evaluation's or assessment's quarter.
    of: Option<Period>,
}

impl Entry<'_> {
    /// 2024年9月12日的走访联系, 2024年3月25日的2024年第一季度帮扶成效评估.
    fn name(&self) -> String {
        let of = self.of.map(|p| p.label_zh()).unwrap_or_default();
        format!("{}的{of}{}", zh(self.date), self.table.label_zh())
    }
}

/// The household's signable entries of `year`: plans and incomes of the year, evaluations and
/// assessments of its quarters, visits by the pairing cadre dated in it.
fn entries_of<'a>(idx: &Index<'a>, id: &str, year: i32) -> Vec<Entry<'a>> {
    let mut out: Vec<Entry> = Vec::new();
    let q_year = |q: Period| match q {
        Period::Quarter { year, .. } => year,
        other => other.range().0.year(),
    };
    for x in idx.plans(id).iter().filter(|x| x.year == year) {
        out.push(Entry { table: Signable::Plan, id: &x.id, date: x.date, of: Some(Period::Year { year: x.year }) });
    }
    for x in idx.evaluations(id).iter().filter(|x| q_year(x.quarter) == year) {
        out.push(Entry { table: Signable::Evaluation, id: &x.id, date: x.date, of: Some(x.quarter) });
    }
    for x in idx.assessments(id).iter().filter(|x| q_year(x.quarter) == year) {
        out.push(Entry { table: Signable::Assessment, id: &x.id, date: x.date, of: Some(x.quarter) });
    }
    for x in idx.incomes(id).iter().filter(|x| x.year == year) {
        out.push(Entry { table: Signable::Income, id: &x.id, date: x.date, of: Some(Period::Year { year: x.year }) });
    }
    let (a, b) = Period::Year { year }.range();
    for (v, _) in idx.cadre_visits(id, a, b, false) {
        out.push(Entry { table: Signable::Visit, id: &v.id, date: v.date, of: None });
    }
    out
}

fn role_zh(r: SignRole) -> &'static str {
    match r {
        SignRole::Cadre => "帮扶责任人",
        SignRole::Household => "农户",
    }
}

struct Audit<'h> {
    h: &'h HandbookHousehold,
    out: Vec<(String, AuditItem)>,
}

impl Audit<'_> {
    fn push(&mut self, code: &str, entry: &str, entry_id: Option<&str>, date: Option<NaiveDate>, message: String, fix: String) {
        let h = self.h;
        self.out.push((
            h.group.clone(),
            AuditItem {
                code: code.into(),
                household_id: h.id.clone(),
                number: h.number.clone(),
                head: h.head.clone(),
                entry: entry.into(),
                entry_id: entry_id.map(str::to_string),
                date,
                message,
                fix,
            },
        ));
    }
}

/// The 手册审核 list for `year` on `today` (P4, the month without a cadre's in-person visit of tier A,
/// D2, D4, D5, the missing income accounting once the year is over or its accounting is due).
pub fn audit(records: &HandbookRecords, year: i32, params: &RuleParams, today: NaiveDate) -> Vec<AuditItem> {
    let idx = Index::new(records);
    let (ya, yb) = Period::Year { year }.range();
    let mut all: Vec<(String, AuditItem)> = Vec::new();
    for h in records.households.iter().filter(|h| matches!(h.category, Category::Monitored | Category::Lifted) && present(h, ya)) {
        let mut au = Audit { h, out: Vec::new() };
        let first_pairing = idx.pairings(&h.id).first().map(|p| p.start);
        // P4.unsigned and P4.before_pairing over the year's entries.
        for e in entries_of(&idx, &h.id, year) {
            for role in idx.missing_roles(e.table, e.id) {
                let fix = match role {
                    SignRole::Household => format!("在结对手册的{}中请农户签名，或上传签名照片", e.table.label_zh()),
                    SignRole::Cadre => format!("帮扶责任人在结对手册的{}中签名，或上传签名照片", e.table.label_zh()),
                };
                au.push("P4.unsigned", e.table.label(), Some(e.id), Some(e.date), format!("{}缺少{}签名", e.name(), role_zh(role)), fix);
            }
            if e.table != Signable::Visit && first_pairing.is_some_and(|s| e.date < s) {
                let s = first_pairing.unwrap_or(e.date);
                au.push("P4.before_pairing", e.table.label(), Some(e.id), Some(e.date), format!("{}早于该户结对开始的{}", e.name(), zh(s)), format!("核对并改正{}的日期（不能早于结对开始）", e.table.label_zh()));
            }
        }
        for (v, p) in idx.unpaired_cadre_visits(&h.id, ya, yb) {
            let start = idx.pairings(&h.id).iter().filter(|x| x.cadre_id == p.cadre_id).map(|x| x.start).min().unwrap_or(p.start);
            if v.date < start {
                au.push(
                    "P4.before_pairing",
                    Signable::Visit.label(),
                    Some(&v.id),
                    Some(v.date),
                    format!("{}的走访联系早于{}与该户结对开始的{}", zh(v.date), p.cadre_name, zh(start)),
                    "核对并改正走访联系的日期或走访人（不能早于该干部结对开始）".into(),
                );
            }
        }
        for m in idx.measures(&h.id).iter().filter(|m| m.from.year() == year && first_pairing.is_some_and(|s| m.from < s)) {
            au.push(
                "P4.before_pairing",
                "measure",
                Some(&m.id),
                Some(m.from),
                format!("{}起的{}帮扶措施早于该户结对开始的{}", zh(m.from), m.category.label(), zh(first_pairing.unwrap_or(m.from))),
                "核对并改正帮扶措施的开始日期（不能早于结对开始）".into(),
            );
        }
        // P4.future: any entry dated after today.
        let mut future: Vec<(Signable, &str, NaiveDate, &str)> = Vec::new();
        future.extend(idx.plans(&h.id).iter().map(|x| (Signable::Plan, x.id.as_str(), x.date, Signable::Plan.label_zh())));
        future.extend(idx.evaluations(&h.id).iter().map(|x| (Signable::Evaluation, x.id.as_str(), x.date, Signable::Evaluation.label_zh())));
        future.extend(idx.assessments(&h.id).iter().map(|x| (Signable::Assessment, x.id.as_str(), x.date, Signable::Assessment.label_zh())));
        future.extend(idx.incomes(&h.id).iter().map(|x| (Signable::Income, x.id.as_str(), x.date, Signable::Income.label_zh())));
        for v in idx.visits(&h.id).iter().filter(|v| v.date > today && idx.by_cadre(v).is_some()) {
            future.push((Signable::Visit, v.id.as_str(), v.date, Signable::Visit.label_zh()));
        }
        for (t, id, d, name) in future.into_iter().filter(|x| x.2 > today) {
            au.push("P4.future", t.label(), Some(id), Some(d), format!("{}的日期{}晚于今天", name, zh(d)), format!("改正{}的日期（不能晚于今天{}）", name, zh(today)));
        }
        // A measure still 计划 may start later; one 落实中 or 已落实 cannot have begun after today.
        for m in idx.measures(&h.id).iter().filter(|m| m.from > today && m.status != MeasureStatus::Planned) {
            au.push(
                "P4.future",
                "measure",
                Some(&m.id),
                Some(m.from),
                format!("{}帮扶措施的开始日期{}晚于今天", m.category.label(), zh(m.from)),
                format!("改正帮扶措施的开始日期（不能晚于今天{}）；尚未开始的措施可标记为计划", zh(today)),
            );
        }
        // P4.sums and P4.per_capita.
        for x in idx.incomes(&h.id).iter().filter(|x| x.year == year) {
            let s = income_sums(&x.items, x.costs, x.size);
            if (s.total, s.net, s.per_capita) != (x.total, x.net, x.per_capita) {
                au.push(
                    "P4.sums",
                    Signable::Income.label(),
                    Some(&x.id),
                    Some(x.date),
                    format!(
                        "{}年收入核算的合计与明细不符：按明细年收入{}元、纯收入{}元、人均纯收入{}元，记录为{}元、{}元、{}元",
                        x.year,
                        format_yuan(s.total),
                        format_yuan(s.net),
                        format_yuan(s.per_capita),
                        format_yuan(x.total),
                        format_yuan(x.net),
                        format_yuan(x.per_capita)
                    ),
                    "打开该收入核算核对各项金额后重新保存，合计按明细重新计算".into(),
                );
            }
            let reason = x.size_reason.as_deref().is_some_and(|r| !r.trim().is_empty());
            // The roster as it was on the accounting's date (a member who left since still counted).
            let roster = h.size_on(x.date);
            if x.size <= 0 {
                au.push("P4.per_capita", Signable::Income.label(), Some(&x.id), Some(x.date), format!("{}年收入核算的家庭人口为{}人，无法计算人均纯收入", x.year, x.size), format!("填写家庭人口（户籍在册{roster}人）"));
            } else if x.size != roster && !reason {
                au.push(
                    "P4.per_capita",
                    Signable::Income.label(),
                    Some(&x.id),
                    Some(x.date),
                    format!("{}年收入核算按{}人计算人均，与核算日户籍在册{roster}人不符，且未说明原因", x.year, x.size),
                    format!("改为{roster}人重新计算，或填写人口不同的原因"),
                );
            }
        }
        // P2.month_visit: tier A months that ended without the cadre's in-person visit.
        let mut visited = [false; 13];
        for (v, _) in idx.cadre_visits(&h.id, ya, yb, true) {
            visited[v.date.month() as usize] = true;
        }
        for m in 1..=12 {
            let (a, b) = Period::month(year, m).range();
            if b >= today || !present(h, a) || (h.category == Category::Monitored && h.identified_on.is_some_and(|i| i > b)) {
                continue;
            }
            if h.tier(b, params.tier_boundary_months) != Tier::A || !idx.pairings(&h.id).iter().any(|p| p.start <= b && p.end.is_none_or(|e| e >= a)) {
                continue;
            }
            if !visited[m as usize] {
                au.push(
                    "P2.month_visit",
                    "",
                    None,
                    Some(b),
                    format!("{year}年{m}月没有结对干部入户走访"),
                    "当月确有入户走访的，在走访登记中补录并写明结对干部；确未走访的不能补记，说明原因并从本月起每月入户走访".into(),
                );
            }
        }
        // D2, D4, D5.
        if h.category == Category::Monitored {
            // A late measure is reported in the audit of the year the deadline falls in, not again
            // every later year; a household still without any measure is reported every year after.
            let none = idx.measures(&h.id).is_empty();
            if let Some(d) = d2_deadline(h, params).filter(|d| *d < today && (d.year() == year || (d.year() < year && none))) {
                if idx.d2_met(h, d).is_none() {
                    match idx.measures(&h.id).iter().map(|m| m.from).min() {
                        // A measure exists but began after the deadline: late, not missing.
                        Some(first) => au.push(
                            "D2",
                            "measure",
                            None,
                            Some(d),
                            format!("措施晚于期限：识别为监测户后应在{}日内（{}前）落实帮扶措施，最早的措施{}才开始", params.measure_within_days, zh(d), zh(first)),
                            "核对最早一项帮扶措施的开始日期；确实晚于期限的，说明原因".into(),
                        ),
                        None => au.push(
                            "D2",
                            "measure",
                            None,
                            Some(d),
                            format!("识别为监测户{}日后（{}前）仍没有帮扶措施", params.measure_within_days, zh(d)),
                            "在结对手册的帮扶措施中登记已落实的措施及其开始日期".into(),
                        ),
                    }
                }
            }
        }
        if present(h, today) && d4_applies(h) && developmental_on(&idx, h, today).is_empty() {
            au.push("D4", "measure", None, Some(today), "有劳动能力、风险未消除，但没有有效的开发式帮扶措施".into(), "增加一项产业、就业、公益岗位或金融帮扶措施".into());
        }
        if present(h, today) && d5_applies(h) && !h.bottom_support {
            au.push("D5", "household", None, Some(today), "无劳动能力、风险未消除，但未纳入兜底保障".into(), "核实后在农户信息中标记兜底保障".into());
        }
        // The year's income accounting once the year is over.
        if today > yb && present(h, yb) && !(h.category == Category::Monitored && h.identified_on.is_some_and(|i| i > yb)) {
            let tier = h.tier(yb, params.tier_boundary_months);
            if tier != Tier::None && !idx.incomes(&h.id).iter().any(|x| x.year == year) {
                let code = if tier == Tier::A { "P2.income" } else { "P3.income" };
                au.push(code, Signable::Income.label(), None, None, format!("缺少{year}年度收入核算"), format!("在结对手册中完成{year}年度收入核算，农户与帮扶责任人签名"));
            }
        }
        all.extend(au.out);
    }
    all.sort_by(|(ga, a), (gb, b)| (ga, &a.number, a.date.is_none(), a.date, &a.code, &a.entry_id).cmp(&(gb, &b.number, b.date.is_none(), b.date, &b.code, &b.entry_id)));
    all.into_iter().map(|(_, a)| a).collect()
}

/// 待办 on `today` for `month` (its quarter and year too): what each household owes, and what is
/// overdue; `cadre` keeps the households paired with that cadre (the "me" of 今日).
pub fn due(records: &HandbookRecords, month: Period, cadre: Option<&str>, params: &RuleParams, today: NaiveDate) -> Vec<DueItem> {
    let idx = Index::new(records);
    let (ma, mb) = month.range();
    let month = Period::month(ma.year(), ma.month());
    let (ma, mb) = (ma, mb.min(month.range().1));
    let year = ma.year();
    let quarter = quarter_of(ma);
    let (qa, qb) = quarter.range();
    let yb = Period::Year { year }.range().1;
    let mut out: Vec<DueItem> = Vec::new();
    for h in records.households.iter().filter(|h| on_handbook(h, today) && !(h.category == Category::Monitored && h.identified_on.is_some_and(|i| i > today))) {
        let tier = h.tier(today, params.tier_boundary_months);
        if tier == Tier::None {
            continue;
        }
        let active = idx.active(&h.id, today);
        if let Some(c) = cadre {
            if active.is_none_or(|p| p.cadre_id != c) {
                continue;
            }
        }
        let kind = kind_zh(h, tier);
        let item = |rule: &str, period: String, due_by: NaiveDate, overdue: bool, reason: String, action: DueAction| DueItem {
            rule: rule.into(),
            household_id: h.id.clone(),
            number: h.number.clone(),
            head: h.head.clone(),
            group: h.group.clone(),
            cadre_id: active.map(|p| p.cadre_id.clone()),
            cadre: active.map(|p| p.cadre_name.clone()),
            period,
            due_by,
            overdue,
            reason,
            action,
            entry: None,
            entry_id: None,
        };
        let monitored = h.category == Category::Monitored;
        if active.is_none() {
            match d1_deadline(h, params).filter(|_| monitored) {
                Some(d) if idx.d1_met(h, d).is_none() || d >= today => {
                    let past = today > d;
                    let reason = if past {
                        format!("{kind}识别后{}日内应确定结对干部，已超过期限（{}）", params.assign_within_days, md(d))
                    } else {
                        format!("{kind}识别后{}日内需确定结对干部（至{}）", params.assign_within_days, md(d))
                    };
                    out.push(item("D1", Period::month(d.year(), d.month()).to_string(), d, past, reason, DueAction::Pairing));
                }
                _ => out.push(item("P1", month.to_string(), today, true, format!("{kind}现在没有结对干部，需确定结对干部"), DueAction::Pairing)),
            }
        }
        if monitored && idx.measures(&h.id).is_empty() {
            if let Some(d) = d2_deadline(h, params) {
                let past = today > d;
                let reason = if past {
                    format!("{kind}识别后{}日内应落实帮扶措施，已超过期限（{}）", params.measure_within_days, zh(d))
                } else {
                    format!("{kind}识别后{}日内需落实至少1项帮扶措施（至{}）", params.measure_within_days, md(d))
                };
                out.push(item("D2", Period::month(d.year(), d.month()).to_string(), d, past, reason, DueAction::Measure));
            }
        }
        // This month's visit or contact.
        let (rule, in_person, action, what) = if tier == Tier::A {
            ("P2.visit", true, DueAction::Visit, "结对干部入户走访1次")
        } else {
            ("P3.contact", false, DueAction::Contact, "结对干部联系1次（入户、电话、微信、视频均可）")
        };
        if idx.cadre_visits(&h.id, ma, mb, in_person).is_empty() {
            out.push(item(rule, month.to_string(), mb, today > mb, format!("{kind}本月还需{what}（至{}）", md(mb)), action));
        }
        // This quarter's.
        let qtext = quarter.to_string();
        if tier == Tier::A {
            if !idx.evaluations(&h.id).iter().any(|e| e.quarter == quarter) {
                out.push(item("P2.evaluation", qtext.clone(), qb, today > qb, format!("{kind}本季度还需帮扶成效评估1次（至{}）", md(qb)), DueAction::Evaluation));
            }
        } else if idx.cadre_visits(&h.id, qa, qb, true).is_empty() {
            out.push(item("P3.visit", qtext.clone(), qb, today > qb, format!("{kind}本季度还需结对干部入户走访1次（至{}）", md(qb)), DueAction::Visit));
        }
        if monitored && h.risk == Some(RiskStatus::Open) {
            let n = idx.assessments(&h.id).iter().filter(|x| x.quarter == quarter).count() as i64;
            if n < params.assessments_per_quarter {
                out.push(item("D3", qtext, qb, today > qb, format!("{kind}本季度还需风险消除评估{}次（至{}）", params.assessments_per_quarter - n, md(qb)), DueAction::Assessment));
            }
        }
        // This year's plan and income, last year's income.
        let p = if tier == Tier::A { "P2" } else { "P3" };
        if !idx.plans(&h.id).iter().any(|x| x.year == year) {
            out.push(item(&format!("{p}.plan"), year.to_string(), yb, today > yb, format!("{kind}还需制定{year}年帮扶计划（至12月31日）"), DueAction::Plan));
        }
        let oct = NaiveDate::from_ymd_opt(year, 10, 1).unwrap_or(yb);
        if today >= oct && !idx.incomes(&h.id).iter().any(|x| x.year == year) {
            out.push(item(&format!("{p}.income"), year.to_string(), yb, today > yb, format!("{kind}还需完成{year}年度收入核算（至12月31日）"), DueAction::Income));
        }
        let last_end = Period::Year { year: year - 1 }.range().1;
        let existed = !(monitored && h.identified_on.is_some_and(|i| i > last_end)) && present(h, last_end);
        if existed && today > last_end && !idx.incomes(&h.id).iter().any(|x| x.year == year - 1) {
            out.push(item(&format!("{p}.income"), (year - 1).to_string(), last_end, true, format!("{kind}缺少{}年度收入核算，已逾期", year - 1), DueAction::Income));
        }
        // Unsigned entries of the year, one item each.
        for e in entries_of(&idx, &h.id, year) {
            let missing = idx.missing_roles(e.table, e.id);
            if missing.is_empty() {
                continue;
            }
            let by = month_end(e.date);
            let who: Vec<&str> = missing.iter().map(|r| role_zh(*r)).collect();
            let mut it = item("P4.unsigned", Period::month(e.date.year(), e.date.month()).to_string(), by, today > by, format!("{}还需{}签名", e.name(), who.join("和")), DueAction::Sign);
            it.entry = Some(e.table.label().to_string());
            it.entry_id = Some(e.id.to_string());
            out.push(it);
        }
    }
    out.sort_by(|a, b| (!a.overdue, a.due_by, &a.group, &a.number, &a.rule, &a.entry_id).cmp(&(!b.overdue, b.due_by, &b.group, &b.number, &b.rule, &b.entry_id)));
    out
}
