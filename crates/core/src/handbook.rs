//! 结对帮扶手册 (issue 12): the use cases of the handbook's own parts — the pairing change, plans,
//! measures, quarterly evaluations and risk-elimination assessments, the annual income accounting,
//! signatures — the pairing checks (P1–P3, D1–D5), 待办, 手册审核, and the handbook of a household as
//! the page shows it and the PDF prints it ([`handbook`]).
//!
//! A handbook contact is a visit: [`contact_add`] is [`crate::visits::add_visit`] with the household's
//! pairing cadre on that date. Every use case checks first and writes in one transaction; a refusal
//! changes nothing. Edits and voids leave a 修改记录 ([`crate::corrections`]).

use crate::corrections::{update_traced, Correction, Trace};
use crate::error::{refused, CoreError, Result};
use crate::handbook_view::*;
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::handbook::{
    focus_flags, income_sums, parse_quarter, quarter_text, AssessmentResult, IncomeItem, MeasureCategory, MeasureStatus, SignMethod, SignRole, Signable, MAX_FEN,
};
use zhucun_domain::household::{Category, RiskStatus, Tier};
use zhucun_domain::rules::pairing::{self as rules, AuditItem, DueItem, HandbookRecords};
use zhucun_domain::rules::{Finding, Period};
use zhucun_domain::visit::VisitMode;
use zhucun_store::corrections::CorrectionChange;
use zhucun_store::handbook as sh;
use zhucun_store::visits as sv;
use zhucun_store::worklog as wl;
use zhucun_store::{Store, Table, Value, Writer};

const TEXT_MAX: usize = 2000;
const NAME_MAX: usize = 40;
const UNIT_MAX: usize = 100;

// ---------------------------------------------------------------------------------------------
// Inputs.

/// A new 帮扶措施 (`zhucun measure add`, the handbook page).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct MeasureInput {
    /// The household's id or 户编号.
    pub number: String,
    /// 产业 / 就业 / … (the national list).
    pub category: String,
    pub content: String,
    /// In 分, optional, ≥ 0.
    #[serde(default)]
    pub amount_fen: Option<i64>,
    pub from: NaiveDate,
    #[serde(default)]
    pub to: Option<NaiveDate>,
    /// 计划 / 落实中 / 已落实; none: 计划.
    #[serde(default)]
    pub status: Option<String>,
}

/// What a 修改 of a measure changes; `None` keeps the field as it is.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct MeasureEdit {
    pub category: Option<String>,
    pub content: Option<String>,
    pub amount_fen: Option<i64>,
    /// Remove the amount.
    pub clear_amount: bool,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Remove the end date.
    pub clear_to: bool,
    pub status: Option<String>,
}

/// A 帮扶成效评估 as the form sends it.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct EvaluationInput {
    pub number: String,
    /// `2024-Q3` (also `2024年第三季度`).
    pub quarter: String,
    pub date: NaiveDate,
    /// What changed.
    pub changes: String,
    #[serde(default)]
    pub income_trend: String,
    /// Remaining risk.
    #[serde(default)]
    pub risk: String,
}

/// A 风险消除评估 (D3).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct AssessmentInput {
    pub number: String,
    pub quarter: String,
    pub date: NaiveDate,
    /// 建议消除 / 继续监测.
    pub result: String,
    pub reasons: String,
    #[serde(default)]
    pub assessors: String,
}

/// The 年度收入核算 as typed: every line in 分.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomeInput {
    pub number: String,
    pub year: i32,
    pub items: Vec<(IncomeItem, i64)>,
    /// 生产经营性支出, in 分.
    #[serde(default)]
    pub costs_fen: i64,
    /// The household size used, when it differs from the roster's present members (a reason needed).
    #[serde(default)]
    pub size: Option<i64>,
    #[serde(default)]
    pub size_reason: Option<String>,
    pub date: NaiveDate,
}

/// A signature on one dated entry.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct SignInput {
    pub entry: Signable,
    pub row_id: String,
    pub role: SignRole,
    pub signer: String,
    pub method: SignMethod,
    /// The PNG (pad) or the JPEG/PNG photo as read.
    pub image: Vec<u8>,
    pub date: NaiveDate,
}

/// What a save of an income accounting answers: its id and the sums as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct IncomeSaved {
    pub id: String,
    pub sums: zhucun_domain::handbook::IncomeSums,
    pub size: i64,
    /// Whether an earlier accounting of the year was corrected (修改) rather than a new one written.
    pub updated: bool,
}

// ---------------------------------------------------------------------------------------------
// Checks shared by the use cases.

fn household(store: &Store, key: &str) -> Result<sv::VisitTarget> {
    let key = key.trim();
    sv::target(store.read(), key)?.ok_or_else(|| {
        refused("handbook.household_unknown", format!("没有户编号为“{}”的农户：请检查户编号，或从农户列表中选择。", zhucun_domain::text::excerpt(key)))
    })
}

fn not_future(what: &str, d: NaiveDate, today: NaiveDate) -> Result<()> {
    if d > today {
        return Err(refused("handbook.future", format!("{what}{}还没到：请写实际的日期。如果今天确实是这一天，请检查电脑的日期设置。", zh(d))));
    }
    Ok(())
}

fn bounded(what: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(refused("handbook.text_long", format!("{what}写得太长了：请不超过{max}个字，详细材料可另附。")));
    }
    Ok(t.to_string())
}

fn team(store: &Store, village_id: &str) -> Result<String> {
    Ok(zhucun_store::problems::team_of_village(store.read(), village_id)?.unwrap_or_default())
}

/// A quarter as typed that has begun by `today`.
fn begun_quarter(text: &str, today: NaiveDate, what: &str) -> Result<Period> {
    let q = parse_quarter(text)?;
    let (start, _) = q.range();
    if start > today {
        return Err(refused(
            "handbook.quarter_future",
            format!("{}还没开始：{what}只能写已开始的季度（本季度或以前的季度）。", q.label_zh()),
        ));
    }
    Ok(q)
}

fn table_of(entry: Signable) -> Table {
    match entry {
        Signable::Visit => Table::Visit,
        Signable::Plan => Table::Plan,
        Signable::Evaluation => Table::Evaluation,
        Signable::Assessment => Table::Assessment,
        Signable::Income => Table::Income,
    }
}

/// The Chinese name of a handbook column, as 修改记录 shows it.
pub fn field_label(column: &str) -> String {
    match column {
        "year" => "年度",
        "date" => "日期",
        "goals" => "帮扶目标",
        "planned" => "计划措施",
        "category" => "措施类别",
        "content" => "措施内容",
        "amount_fen" => "金额（分）",
        "from_date" => "开始日期",
        "to_date" => "结束日期",
        "status" => "落实情况",
        "quarter" => "季度",
        "changes" => "帮扶成效",
        "income_trend" => "收入变化",
        "risk" => "存在风险",
        "result" => "评估结论",
        "reasons" => "评估理由",
        "assessors" => "评估人",
        "items" => "收入明细",
        "costs_fen" => "生产经营性支出（分）",
        "size" => "家庭人口",
        "size_reason" => "人口调整原因",
        "total_fen" => "年收入（分）",
        "net_fen" => "纯收入（分）",
        "per_capita_fen" => "人均纯收入（分）",
        "signer" => "签名人",
        "voided_on" => "作废日期",
        other => other,
    }
    .to_string()
}

/// The reason of the 作废 of a signature whose entry was edited after it was signed.
pub const RESIGN_REASON: &str = "内容已修改，需重新签名";

/// Called by every edit path of a signable entry ([`Signable`]: visit, plan, evaluation, assessment,
/// income), in the edit's own transaction, with the changes the edit wrote: when anything changed,
/// the entry's live signatures (both roles) are voided, each traced (作废, [`RESIGN_REASON`]) — a
/// signature vouches for what was signed, not for what the entry says after a correction. An edit that
/// changed nothing voids nothing. Returns how many were voided.
pub fn void_signatures_on_edit(
    w: &mut Writer,
    entry: Signable,
    row_id: &str,
    team: &str,
    by: &str,
    changes: &[CorrectionChange],
    today: NaiveDate,
) -> Result<usize> {
    if changes.is_empty() {
        return Ok(0);
    }
    let mut live = Vec::new();
    for role in [SignRole::Cadre, SignRole::Household] {
        live.extend(sh::signatures_of(w.conn(), entry, row_id, role)?);
    }
    for s in &live {
        let c = Correction { table: Table::Signature, id: &s.id, team_id: team, action: "作废", by, reason: RESIGN_REASON };
        let held = vec![CorrectionChange { field: "签名".into(), before: Some(format!("{}（{}，{}）", s.signer, s.role, s.signed_on)), after: None }];
        update_traced(w, &c, &[("voided_on", Value::Text(today.to_string()))], field_label, held)?;
    }
    Ok(live.len())
}

// ---------------------------------------------------------------------------------------------
// Pairing.

/// `zhucun pairing set`: the household's pairing cadre from `from` on. The current pairing ends on the
/// day before; the cadre is reused when one with the same name and phone exists (as the roster merge
/// does), else added. The pairing table is roster data owned by the county: on an enrolled laptop
/// this change is sent to the county as a proposal with the next sync (the county applies it or
/// rejects it, as with every roster edit), nothing more to do here.
pub fn pairing_set(store: &mut Store, number: &str, cadre_name: &str, unit: &str, phone: &str, from: NaiveDate, today: NaiveDate) -> Result<HandbookPairing> {
    let _ = today;
    let h = household(store, number)?;
    let name = cadre_name.trim();
    if name.is_empty() {
        return Err(refused("pairing.name", "请写明结对帮扶干部的姓名。"));
    }
    if name.chars().count() > NAME_MAX {
        return Err(refused("pairing.name", format!("姓名写得太长了：请只写姓名（不超过{NAME_MAX}个字）。")));
    }
    let unit = bounded("工作单位", unit, UNIT_MAX)?;
    let phone = zhucun_domain::phone::normalize_phone(phone).map_err(|_| {
        refused(
            "pairing.phone",
            format!("联系电话“{}”不对：请写11位手机号（如13812345678）或带区号的座机号（如0745-1234567）。", zhucun_domain::text::excerpt(phone.trim())),
        )
    })?;
    let current = sh::pairings(store.read(), &h.id)?.into_iter().find(|p| p.end.is_none());
    let open = match &current {
        Some(c) => {
            let start = NaiveDate::parse_from_str(&c.start, "%Y-%m-%d")
                .map_err(|_| CoreError::Store(zhucun_store::StoreError::BadColumn { column: "pairing.start_date", value: c.start.clone() }))?;
            if from <= start {
                return Err(refused(
                    "pairing.before_current",
                    format!("新的结对开始日期{}不晚于现在的结对（{}，{}起）：请写{}以后的日期。", zh(from), c.name, zh(start), zh(start)),
                ));
            }
            if c.name == name && c.phone == phone {
                return Err(refused("pairing.same", format!("{name}已经是这户的结对帮扶干部（{}起），不用重新结对。", zh(start))));
            }
            let end = from.checked_sub_days(Days::new(1)).unwrap_or(from);
            Some((c.id.clone(), end))
        }
        None => None,
    };
    let mut w = store.write()?;
    let id = sh::change_pairing(&mut w, &h.id, open.as_ref().map(|(i, e)| (i.as_str(), *e)), name, &unit, &phone, from)?;
    w.commit()?;
    let p = sh::pairings(store.read(), &h.id)?.into_iter().find(|p| p.id == id).ok_or_else(|| refused("handbook.lost", "保存后未能读回，请重试。"))?;
    pairing_view(p)
}

fn pairing_view(p: sh::PairingRow) -> Result<HandbookPairing> {
    let d = |s: &str| -> Result<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| CoreError::Store(zhucun_store::StoreError::BadColumn { column: "pairing.date", value: s.to_string() }))
    };
    Ok(HandbookPairing { start: d(&p.start)?, end: p.end.as_deref().map(d).transpose()?, id: p.id, cadre_id: p.cadre_id, name: p.name, unit: p.unit, phone: p.phone })
}

// ---------------------------------------------------------------------------------------------
// Plan.

/// The year's 帮扶计划 / 年度巩固计划: one per household and year; a second save corrects the first
/// (only the changed fields, with a 修改记录 naming `trace.by`). Returns the plan's id.
#[allow(clippy::too_many_arguments)]
pub fn plan_set(store: &mut Store, number: &str, year: i32, goals: &str, planned: &str, date: NaiveDate, trace: &Trace, today: NaiveDate) -> Result<String> {
    let h = household(store, number)?;
    not_future("计划日期", date, today)?;
    if year < date.year() - 1 || year > date.year() + 1 {
        return Err(refused("plan.year", format!("{year}年的计划写在{}不对：计划的年度应为填写日期的当年（年底可写下一年）。", zh(date))));
    }
    let goals = bounded("帮扶目标", goals, TEXT_MAX)?;
    let planned = bounded("计划措施", planned, TEXT_MAX)?;
    if goals.is_empty() && planned.is_empty() {
        return Err(refused("plan.empty", "请写明帮扶目标或计划措施（至少一项）。"));
    }
    let fields = sh::PlanFields { household_id: &h.id, year, date, goals: &goals, planned: &planned };
    match sh::plan_of_year(store.read(), &h.id, year)? {
        Some(existing) => {
            let by = trace.by()?;
            let team = team(store, &h.village_id)?;
            let mut w = store.write()?;
            let c = Correction { table: Table::Plan, id: &existing.id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
            let cols: Vec<_> = fields.fields().into_iter().filter(|(c, _)| *c != "household_id").collect();
            let changes = update_traced(&mut w, &c, &cols, field_label, vec![])?;
            void_signatures_on_edit(&mut w, Signable::Plan, &existing.id, &team, by, &changes, today)?;
            w.commit()?;
            Ok(existing.id)
        }
        None => {
            let mut w = store.write()?;
            let id = sh::add_plan(&mut w, &fields, today)?;
            w.commit()?;
            Ok(id)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Measures.

fn category(text: &str) -> Result<MeasureCategory> {
    MeasureCategory::parse(text.trim()).map_err(|_| {
        refused(
            "measure.category",
            format!("措施类别“{}”不在全国系统的类别中：请从以下类别中选择：{}。", zhucun_domain::text::excerpt(text.trim()), MeasureCategory::allowed()),
        )
    })
}

fn status(text: Option<&str>) -> Result<MeasureStatus> {
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(MeasureStatus::Planned),
        Some(s) => MeasureStatus::parse(s).map_err(|_| {
            refused("measure.status", format!("落实情况“{}”不对：请选择{}。", zhucun_domain::text::excerpt(s), MeasureStatus::allowed()))
        }),
    }
}

fn amount(fen: Option<i64>) -> Result<Option<i64>> {
    match fen {
        Some(f) if f < 0 => Err(refused("measure.amount", "金额不能是负数：请写投入的金额（元），没有金额的留空。")),
        Some(f) if f > MAX_FEN => Err(refused("measure.amount", "金额超过1亿元，可能多写了几位：请检查。")),
        other => Ok(other),
    }
}

fn measure_dates(from: NaiveDate, to: Option<NaiveDate>) -> Result<()> {
    if let Some(t) = to {
        if t < from {
            return Err(refused("measure.dates", format!("结束日期{}早于开始日期{}：请检查日期。", zh(t), zh(from))));
        }
    }
    Ok(())
}

fn content(text: &str) -> Result<String> {
    let c = bounded("措施内容", text, TEXT_MAX)?;
    if c.is_empty() {
        return Err(refused("measure.content", "请写明帮扶措施的内容（做什么，如“发放鸡苗200只”）。"));
    }
    Ok(c)
}

/// Add a measure. Returns its id.
pub fn measure_add(store: &mut Store, input: &MeasureInput, today: NaiveDate) -> Result<String> {
    let h = household(store, &input.number)?;
    let cat = category(&input.category)?;
    let content = content(&input.content)?;
    let amount_fen = amount(input.amount_fen)?;
    measure_dates(input.from, input.to)?;
    let status = status(input.status.as_deref())?;
    let f = sh::MeasureFields { household_id: &h.id, category: cat, content: &content, amount_fen, from: input.from, to: input.to, status };
    let mut w = store.write()?;
    let id = sh::add_measure(&mut w, &f, today)?;
    w.commit()?;
    Ok(id)
}

fn live_measure(store: &Store, id: &str) -> Result<sh::MeasureRow> {
    sh::measure(store.read(), id)?.ok_or_else(|| refused("measure.unknown", "没有这条帮扶措施（可能已作废），请刷新后再试。"))
}

fn village_of(store: &Store, household_id: &str) -> Result<String> {
    Ok(sv::target(store.read(), household_id)?.map(|t| t.village_id).unwrap_or_default())
}

/// Correct a measure (修改, also just its status): only the changed fields, with a 修改记录.
pub fn measure_set(store: &mut Store, id: &str, edit: &MeasureEdit, trace: &Trace, today: NaiveDate) -> Result<HandbookMeasure> {
    let _ = today;
    let by = trace.by()?;
    let row = live_measure(store, id)?;
    let cat = category(edit.category.as_deref().unwrap_or(&row.category))?;
    let content = content(edit.content.as_deref().unwrap_or(&row.content))?;
    let amount_fen = if edit.clear_amount { None } else { amount(edit.amount_fen.or(row.amount_fen))? };
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let from = edit.from.or_else(|| parse(&row.from_date)).ok_or_else(|| refused("measure.dates", "请写明措施的开始日期。"))?;
    let to = if edit.clear_to { None } else { edit.to.or_else(|| row.to_date.as_deref().and_then(parse)) };
    measure_dates(from, to)?;
    let status = status(Some(edit.status.as_deref().unwrap_or(&row.status)))?;
    let f = sh::MeasureFields { household_id: &row.household_id, category: cat, content: &content, amount_fen, from, to, status };
    let team = team(store, &village_of(store, &row.household_id)?)?;
    let mut w = store.write()?;
    let c = Correction { table: Table::Measure, id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
    let cols: Vec<_> = f.fields().into_iter().filter(|(c, _)| *c != "household_id").collect();
    update_traced(&mut w, &c, &cols, field_label, vec![])?;
    w.commit()?;
    Ok(measure_view(&live_measure(store, id)?))
}

/// 作废 a measure entered by mistake (a reason required): it stays, marked, and counts nowhere.
pub fn measure_void(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<()> {
    void(store, "measure", id, trace, today)
}

/// 作废 one handbook entry (`tbl`: handbook_plan, measure, evaluation, assessment, income, signature),
/// a reason required; the row stays with `voided_on` and a 修改记录 of what it held.
pub fn void(store: &mut Store, tbl: &str, id: &str, trace: &Trace, today: NaiveDate) -> Result<()> {
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let table = match Table::from_name(tbl) {
        Some(t @ (Table::Plan | Table::Measure | Table::Evaluation | Table::Assessment | Table::Income | Table::Signature)) => t,
        _ => return Err(refused("handbook.entry_kind", format!("“{}”不是手册中可作废的记录。", zhucun_domain::text::excerpt(tbl)))),
    };
    let (household_id, voided) = sh::entry(store.read(), table, id)?.ok_or_else(|| refused("handbook.entry_unknown", "没有这条记录（可能编号写错了），请刷新后再试。"))?;
    if let Some(on) = voided {
        return Err(refused("handbook.entry_voided", format!("这条记录已于{on}作废。")));
    }
    let team = team(store, &village_of(store, &household_id)?)?;
    let mut w = store.write()?;
    let c = Correction { table, id, team_id: &team, action: "作废", by, reason };
    update_traced(&mut w, &c, &[("voided_on", Value::Text(today.to_string()))], field_label, vec![])?;
    w.commit()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Evaluations and assessments.

struct CheckedEvaluation {
    household: sv::VisitTarget,
    quarter: String,
    changes: String,
    income_trend: String,
    risk: String,
}

fn check_evaluation(store: &Store, input: &EvaluationInput, today: NaiveDate) -> Result<CheckedEvaluation> {
    let household = household(store, &input.number)?;
    let q = begun_quarter(&input.quarter, today, "成效评估")?;
    not_future("评估日期", input.date, today)?;
    if input.date < q.range().0 {
        return Err(refused("handbook.before_quarter", format!("评估日期{}早于{}：评估在季度开始之后进行。", zh(input.date), q.label_zh())));
    }
    let changes = bounded("帮扶成效", &input.changes, TEXT_MAX)?;
    if changes.is_empty() {
        return Err(refused("evaluation.changes", "请写明本季度帮扶带来的变化（帮扶成效）。"));
    }
    Ok(CheckedEvaluation {
        household,
        quarter: quarter_text(q),
        changes,
        income_trend: bounded("收入变化", &input.income_trend, TEXT_MAX)?,
        risk: bounded("存在风险", &input.risk, TEXT_MAX)?,
    })
}

fn evaluation_exists() -> CoreError {
    refused("evaluation.exists", "本季度已有评估，请修改那一条。")
}

/// Add the quarter's 帮扶成效评估 (one per household and quarter; the quarter begun). Returns its id.
pub fn evaluation_add(store: &mut Store, input: &EvaluationInput, today: NaiveDate) -> Result<String> {
    let c = check_evaluation(store, input, today)?;
    if sh::evaluation_of_quarter(store.read(), &c.household.id, &c.quarter)?.is_some() {
        return Err(evaluation_exists());
    }
    let f = sh::EvaluationFields { household_id: &c.household.id, quarter: &c.quarter, date: input.date, changes: &c.changes, income_trend: &c.income_trend, risk: &c.risk };
    let mut w = store.write()?;
    let id = sh::add_evaluation(&mut w, &f, today)?;
    w.commit()?;
    Ok(id)
}

/// Correct an evaluation (修改) with a 修改记录.
pub fn evaluation_edit(store: &mut Store, id: &str, input: &EvaluationInput, trace: &Trace, today: NaiveDate) -> Result<()> {
    let by = trace.by()?;
    let row = sh::evaluation(store.read(), id)?.ok_or_else(|| refused("evaluation.unknown", "没有这条成效评估（可能已作废），请刷新后再试。"))?;
    let c = check_evaluation(store, input, today)?;
    if c.household.id != row.household_id {
        return Err(refused("handbook.household_changed", "修改时不能换成另一户：请在那一户的手册中新增。"));
    }
    if sh::evaluation_of_quarter(store.read(), &row.household_id, &c.quarter)?.is_some_and(|e| e.id != id) {
        return Err(evaluation_exists());
    }
    let f = sh::EvaluationFields { household_id: &row.household_id, quarter: &c.quarter, date: input.date, changes: &c.changes, income_trend: &c.income_trend, risk: &c.risk };
    let team = team(store, &c.household.village_id)?;
    let mut w = store.write()?;
    let corr = Correction { table: Table::Evaluation, id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
    let cols: Vec<_> = f.fields().into_iter().filter(|(c, _)| *c != "household_id").collect();
    let changes = update_traced(&mut w, &corr, &cols, field_label, vec![])?;
    void_signatures_on_edit(&mut w, Signable::Evaluation, id, &team, by, &changes, today)?;
    w.commit()?;
    Ok(())
}

/// Add a 风险消除评估 (D3) for a monitored household. Returns its id.
pub fn assessment_add(store: &mut Store, input: &AssessmentInput, today: NaiveDate) -> Result<String> {
    let h = household(store, &input.number)?;
    let category: Option<String> = zhucun_store::households::household_detail(store.read(), &h.id, today).ok().map(|d| d.category.label().to_string());
    if category.as_deref() != Some(Category::Monitored.label()) {
        return Err(refused("assessment.not_monitored", "风险消除评估只对监测户：这一户不是监测户，不需要评估。"));
    }
    let q = begun_quarter(&input.quarter, today, "风险消除评估")?;
    not_future("评估日期", input.date, today)?;
    if input.date < q.range().0 {
        return Err(refused("handbook.before_quarter", format!("评估日期{}早于{}：评估在季度开始之后进行。", zh(input.date), q.label_zh())));
    }
    let result = AssessmentResult::parse(input.result.trim())
        .map_err(|_| refused("assessment.result", format!("评估结论“{}”不对：请选择{}。", zhucun_domain::text::excerpt(input.result.trim()), AssessmentResult::allowed())))?;
    let reasons = bounded("评估理由", &input.reasons, TEXT_MAX)?;
    if reasons.is_empty() {
        return Err(refused("assessment.reasons", "请写明评估的理由（收入、三保障和饮水安全、风险是否稳定消除）。"));
    }
    let assessors = bounded("评估人", &input.assessors, 200)?;
    let quarter = quarter_text(q);
    let f = sh::AssessmentFields { household_id: &h.id, quarter: &quarter, date: input.date, result, reasons: &reasons, assessors: &assessors };
    let mut w = store.write()?;
    let id = sh::add_assessment(&mut w, &f, today)?;
    w.commit()?;
    Ok(id)
}

// ---------------------------------------------------------------------------------------------
// Income.

/// The roster's members of a household on `day` (an accounting's date): those present now and those
/// who left after `day` ([`rules::size_on`], the rule P4.per_capita compares with).
fn roster_size(detail: &zhucun_store::households::HouseholdDetail, day: NaiveDate) -> i64 {
    let left: Vec<NaiveDate> = detail.former_members.iter().filter_map(|p| p.left_on).collect();
    rules::size_on(detail.members.len() as i64, &left, day)
}

/// Save the year's 年度收入核算: checked, the sums computed (never typed) and stored with it. A second
/// accounting of the same year corrects the first (修改, traced).
pub fn income_set(store: &mut Store, input: &IncomeInput, trace: &Trace, today: NaiveDate) -> Result<IncomeSaved> {
    let h = household(store, &input.number)?;
    if input.year > today.year() {
        return Err(refused("income.future_year", format!("{}年还没到：收入核算只能写今年或以前的年度。", input.year)));
    }
    not_future("核算日期", input.date, today)?;
    if input.date.year() < input.year {
        return Err(refused("income.date", format!("核算日期{}早于{}年：核算在年度内或年度结束之后进行。", zh(input.date), input.year)));
    }
    let mut seen: Vec<IncomeItem> = Vec::new();
    for (item, fen) in &input.items {
        if *fen < 0 {
            return Err(refused("income.negative", format!("“{}”的金额是负数：收入各项不能为负，没有这项收入的写0。", item.label())));
        }
        if *fen > MAX_FEN {
            return Err(refused("income.too_large", format!("“{}”的金额超过1亿元，可能多写了几位：请检查。", item.label())));
        }
        if seen.contains(item) {
            return Err(refused("income.item_twice", format!("“{}”写了两次：每项只写一次（合计后再写）。", item.label())));
        }
        seen.push(*item);
    }
    if input.costs_fen < 0 {
        return Err(refused("income.negative", "生产经营性支出是负数：请写实际支出，没有的写0。"));
    }
    if input.costs_fen > MAX_FEN {
        return Err(refused("income.too_large", "生产经营性支出超过1亿元，可能多写了几位：请检查。"));
    }
    let roster = roster_size(&zhucun_store::households::household_detail(store.read(), &h.id, today)?, input.date);
    let reason = input.size_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let (size, size_reason) = match input.size {
        Some(s) if s <= 0 => return Err(refused("income.size", format!("家庭人口{s}不对：至少1人。"))),
        Some(s) if s > 100 => return Err(refused("income.size", format!("家庭人口{s}人不对：请检查。"))),
        Some(s) if s != roster => match reason {
            None => {
                return Err(refused(
                    "income.size_reason",
                    format!("家庭人口写{s}人，与核算日{}花名册在册的{roster}人不同：请写明原因（如“长子年中分户”），或改为{roster}人。", zh(input.date)),
                ))
            }
            Some(r) => (s, Some(bounded("人口调整原因", r, 200)?)),
        },
        Some(s) => (s, None),
        None if roster <= 0 => {
            return Err(refused("income.size", "花名册上这一户已没有在册人口：请写明核算用的家庭人口，并说明原因。"));
        }
        None => (roster, None),
    };
    let sums = income_sums(&input.items, input.costs_fen, size);
    let f = sh::IncomeFields {
        household_id: &h.id,
        year: input.year,
        date: input.date,
        items: &input.items,
        costs_fen: input.costs_fen,
        size,
        size_reason: size_reason.as_deref(),
        total_fen: sums.total,
        net_fen: sums.net,
        per_capita_fen: sums.per_capita,
    };
    match sh::income_of_year(store.read(), &h.id, input.year)? {
        Some(existing) => {
            let by = trace.by()?;
            let team = team(store, &h.village_id)?;
            let mut w = store.write()?;
            let c = Correction { table: Table::Income, id: &existing.id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
            let cols: Vec<_> = f.fields().into_iter().filter(|(c, _)| *c != "household_id").collect();
            let changes = update_traced(&mut w, &c, &cols, field_label, vec![])?;
            void_signatures_on_edit(&mut w, Signable::Income, &existing.id, &team, by, &changes, today)?;
            w.commit()?;
            Ok(IncomeSaved { id: existing.id, sums, size, updated: true })
        }
        None => {
            let mut w = store.write()?;
            let id = sh::add_income(&mut w, &f, today)?;
            w.commit()?;
            Ok(IncomeSaved { id, sums, size, updated: false })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Contacts (visits).

/// A contact added from the handbook: a visit of the visit register (it shows there too), with the
/// household's pairing cadre on that date as the visitor (besides any team members named).
pub fn contact_add(store: &mut Store, input: &crate::visits::VisitInput, today: NaiveDate) -> Result<zhucun_store::visits::VisitRow> {
    let mut v = input.clone();
    v.cadre = true;
    crate::visits::add_visit(store, &v, today)
}

// ---------------------------------------------------------------------------------------------
// Signatures.

fn param_u32(store: &Store, key: &str) -> Result<u32> {
    Ok(zhucun_store::households::param_u32(store.read(), key)?)
}

/// Sign an entry (cadre or household): the image checked and scaled down (`signature.photo_max_px`,
/// `signature.max_kb`), kept once by its SHA-256; an earlier signature of the same role on the entry
/// is voided (traced). Returns the signature's id.
pub fn sign(store: &mut Store, input: &SignInput, today: NaiveDate) -> Result<String> {
    not_future("签名日期", input.date, today)?;
    let signer = input.signer.trim();
    if signer.is_empty() {
        return Err(refused("sign.signer", "请写明签名人的姓名（按手印的写户主或家庭成员的姓名）。"));
    }
    if signer.chars().count() > NAME_MAX {
        return Err(refused("sign.signer", format!("签名人写得太长了：请只写姓名（不超过{NAME_MAX}个字）。")));
    }
    let table = table_of(input.entry);
    let (household_id, voided) = sh::entry(store.read(), table, input.row_id.trim())?
        .ok_or_else(|| refused("sign.entry_unknown", format!("没有要签名的这条{}（可能已删除），请刷新后再试。", input.entry.label_zh())))?;
    if let Some(on) = voided {
        return Err(refused("sign.entry_voided", format!("这条{}已于{on}作废，不能再签名。", input.entry.label_zh())));
    }
    let max_px = param_u32(store, "signature.photo_max_px")?;
    let max_kb = param_u32(store, "signature.max_kb")?;
    let img = crate::sig_image::prepare(&input.image, max_px, max_kb).map_err(CoreError::Image)?;
    let earlier = sh::signatures_of(store.read(), input.entry, input.row_id.trim(), input.role)?;
    let team = team(store, &village_of(store, &household_id)?)?;
    let b64 = img.base64();
    let mut w = store.write()?;
    sh::put_image(
        &mut w,
        &sh::NewImage {
            sha256: &img.sha256,
            household_id: &household_id,
            mime: img.mime,
            width: i64::from(img.width),
            height: i64::from(img.height),
            bytes: img.bytes.len() as i64,
            base64: &b64,
        },
    )?;
    for e in &earlier {
        let c = Correction { table: Table::Signature, id: &e.id, team_id: &team, action: "作废", by: signer, reason: "重新签名" };
        let held = vec![CorrectionChange { field: "签名".into(), before: Some(format!("{}（{}，{}）", e.signer, e.role, e.signed_on)), after: None }];
        update_traced(&mut w, &c, &[("voided_on", Value::Text(today.to_string()))], field_label, held)?;
    }
    let f = sh::SignatureFields {
        household_id: &household_id,
        entry: input.entry,
        row_id: input.row_id.trim(),
        role: input.role,
        signer,
        signed_on: input.date,
        method: input.method,
        image: &img.sha256,
    };
    let id = sh::add_signature(&mut w, &f, today)?;
    w.commit()?;
    Ok(id)
}

/// The bytes of a kept signature image (for the PDF and the page) — `None` when none is kept under
/// `sha` or what is kept does not hold (bytes not matching their SHA-256, not a PNG or JPEG, larger
/// than `signature.photo_max_px`: a row synced from a peer is checked here, the one reader): the page
/// and the print then say 签名图像缺失/与记录不符.
pub fn signature_image(store: &Store, sha: &str) -> Result<Option<Vec<u8>>> {
    let sha = sha.trim();
    let Some(bytes) = sh::image(store.read(), sha)?.and_then(|(_, data)| crate::sig_image::decode_base64(&data)) else {
        return Ok(None);
    };
    let max_px = param_u32(store, "signature.photo_max_px")?;
    Ok(crate::sig_image::kept_ok(&bytes, sha, max_px).then_some(bytes))
}

/// Set a household's 兜底保障 flag (roster data owned by the county: on an enrolled laptop a proposal).
/// Returns whether it changed.
pub fn set_bottom_support(store: &mut Store, number: &str, on: bool) -> Result<bool> {
    let h = household(store, number)?;
    let mut w = store.write()?;
    let changed = sh::set_bottom_support(&mut w, &h.id, on)?;
    w.commit()?;
    Ok(changed)
}

// ---------------------------------------------------------------------------------------------
// Checks, 待办, audit.

fn year_range(year: i32) -> Result<(NaiveDate, NaiveDate)> {
    if !(1900..=2100).contains(&year) {
        return Err(refused("handbook.year", format!("年度{year}不对：请写四位年份，如2024。")));
    }
    Ok(Period::Year { year }.range())
}

fn load(store: &Store, year: i32) -> Result<HandbookRecords> {
    let (a, b) = year_range(year)?;
    Ok(sh::records(store.read(), None, Some((a, b)))?)
}

fn params(store: &Store) -> Result<zhucun_domain::rules::RuleParams> {
    Ok(wl::rule_params(store.read())?)
}

fn year_of(p: Period) -> i32 {
    p.range().0.year()
}

/// `zhucun check pairing --period`: the findings of P1–P3 and D1–D3 by the period's kind, and for a
/// month also the D4/D5 warnings on the month's last day (or today, when earlier).
pub fn check_pairing(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    let p = match parse_quarter(period) {
        Ok(q) => q,
        Err(_) => Period::parse(period.trim())?,
    };
    let records = load(store, year_of(p))?;
    let params = params(store)?;
    let mut out = rules::check(&records, p, &params, today);
    if let Period::Month { .. } = p {
        out.extend(rules::warnings(&records, p.range().1.min(today)));
    }
    Ok(out)
}

/// 待办 for the month (`YYYY-MM`): everything owed, or the households of one cadre — `cadre` is a
/// cadre's id or a team member's id (the member's cadre).
pub fn due(store: &Store, month: &str, cadre: Option<&str>, today: NaiveDate) -> Result<Vec<DueItem>> {
    let p = crate::attendance::month(month)?;
    let records = load(store, year_of(p))?;
    let params = params(store)?;
    let cadre = cadre.map(str::trim).filter(|c| !c.is_empty()).map(|c| records.member_cadres.get(c).cloned().unwrap_or_else(|| c.to_string()));
    Ok(rules::due(&records, p, cadre.as_deref(), &params, today))
}

/// 手册审核 for `year`: every obvious error across the data, each pointing at its entry.
pub fn audit(store: &Store, year: i32, today: NaiveDate) -> Result<Vec<AuditItem>> {
    let records = load(store, year)?;
    Ok(rules::audit(&records, year, &params(store)?, today))
}

// ---------------------------------------------------------------------------------------------
// The handbook view.

fn day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn bad(column: &'static str, value: &str) -> CoreError {
    CoreError::Store(zhucun_store::StoreError::BadColumn { column, value: value.to_string() })
}

fn need_day(column: &'static str, s: &str) -> Result<NaiveDate> {
    day(s).ok_or_else(|| bad(column, s))
}

/// Only this household's records (the rules over one handbook).
fn only(records: &HandbookRecords, hid: &str) -> HandbookRecords {
    HandbookRecords {
        households: records.households.iter().filter(|h| h.id == hid).cloned().collect(),
        pairings: records.pairings.iter().filter(|x| x.household_id == hid).cloned().collect(),
        plans: records.plans.iter().filter(|x| x.household_id == hid).cloned().collect(),
        measures: records.measures.iter().filter(|x| x.household_id == hid).cloned().collect(),
        evaluations: records.evaluations.iter().filter(|x| x.household_id == hid).cloned().collect(),
        assessments: records.assessments.iter().filter(|x| x.household_id == hid).cloned().collect(),
        incomes: records.incomes.iter().filter(|x| x.household_id == hid).cloned().collect(),
        signatures: records.signatures.iter().filter(|x| x.household_id == hid).cloned().collect(),
        visits: records.visits.iter().filter(|x| x.household_id == hid).cloned().collect(),
        member_cadres: records.member_cadres.clone(),
    }
}

/// The household's handbook for `year` as the page shows it and the PDF prints it.
pub fn handbook(store: &Store, number: &str, year: i32, today: NaiveDate) -> Result<HandbookView> {
    let h = household(store, number)?;
    let (a, b) = year_range(year)?;
    let village = (!h.village_id.is_empty()).then_some(h.village_id.as_str());
    let all = sh::records(store.read(), village, Some((a, b)))?;
    let records = only(&all, &h.id);
    let params = params(store)?;
    build_view(store, &h, &records, year, today, &params)
}

/// Every household's handbook of a group (by the group's id or name), by 户编号, for printing.
pub fn handbook_group(store: &Store, group: &str, year: i32, today: NaiveDate) -> Result<Vec<HandbookView>> {
    let ids = sh::group_households(store.read(), group.trim(), None)?;
    if ids.is_empty() {
        return Err(refused("handbook.group_unknown", format!("没有“{}”这个组（或组里没有农户）：请写组名（如“2组”）或从列表中选择。", zhucun_domain::text::excerpt(group.trim()))));
    }
    let mut villages: Vec<&str> = ids.iter().map(|(_, v)| v.as_str()).collect();
    villages.sort_unstable();
    villages.dedup();
    if villages.len() > 1 {
        return Err(refused(
            "handbook.group_many",
            format!("有{}个村都有“{}”：请从列表中选择组（按组的编号），或在那个村的电脑上打印。", villages.len(), zhucun_domain::text::excerpt(group.trim())),
        ));
    }
    let (a, b) = year_range(year)?;
    let all = sh::records(store.read(), villages.first().copied(), Some((a, b)))?;
    let params = params(store)?;
    let mut out = Vec::with_capacity(ids.len());
    for (id, _) in ids {
        let h = household(store, &id)?;
        let records = only(&all, &id);
        out.push(build_view(store, &h, &records, year, today, &params)?);
    }
    Ok(out)
}

fn signature_view(s: &sh::SignatureRow) -> Result<SignatureView> {
    Ok(SignatureView {
        id: s.id.clone(),
        role: s.role.clone(),
        signer: s.signer.clone(),
        signed_on: need_day("signature.signed_on", &s.signed_on)?,
        method: s.method.clone(),
        image: s.image.clone(),
    })
}

fn measure_view(m: &sh::MeasureRow) -> HandbookMeasure {
    let cat = MeasureCategory::parse(&m.category).ok();
    HandbookMeasure {
        id: m.id.clone(),
        category: cat.map_or(m.category.clone(), |c| c.label().to_string()),
        kind: cat.map(|c| c.kind_zh().to_string()).unwrap_or_default(),
        content: m.content.clone(),
        amount_fen: m.amount_fen,
        from: day(&m.from_date).unwrap_or(NaiveDate::MIN),
        to: m.to_date.as_deref().and_then(day),
        status: m.status.clone(),
    }
}

fn build_view(store: &Store, h: &sv::VisitTarget, records: &HandbookRecords, year: i32, today: NaiveDate, params: &zhucun_domain::rules::RuleParams) -> Result<HandbookView> {
    let conn = store.read();
    let (ya, yb) = year_range(year)?;
    let detail = zhucun_store::households::household_detail(conn, &h.id, today)?;
    let extras = sh::household_extras(conn, &h.id)?;

    // Signatures by entry: the latest of each role.
    let mut signed: HashMap<(String, String), Signatures> = HashMap::new();
    for s in sh::signatures(conn, &h.id)? {
        let v = signature_view(&s)?;
        let e = signed.entry((s.tbl.clone(), s.row_id.clone())).or_default();
        match SignRole::parse(&s.role) {
            Ok(SignRole::Cadre) => e.cadre = Some(v),
            Ok(SignRole::Household) => e.household = Some(v),
            Err(_) => {}
        }
    }
    let sigs = |entry: Signable, id: &str| signed.get(&(entry.label().to_string(), id.to_string())).cloned().unwrap_or_default();

    let tier = detail.tier;
    let cover = HandbookCover {
        household_id: h.id.clone(),
        number: detail.number.clone(),
        head: h.head.clone(),
        township: detail.township.clone(),
        village: detail.village.clone(),
        group: detail.group.clone(),
        address: extras.address.clone(),
        phone: detail.phone.clone().unwrap_or_default(),
        category: detail.category.label().to_string(),
        monitor_category: detail.monitor_category.map(|m| m.label().to_string()).unwrap_or_default(),
        identified_on: detail.identified_on,
        risk: detail.risk_status.map(|r| r.label().to_string()).unwrap_or_default(),
        eliminated_on: detail.eliminated_on,
        risk_types: detail.risk_types.iter().map(|r| r.label().to_string()).collect(),
        tier: match tier {
            Tier::A => "A",
            Tier::B => "B",
            Tier::None => "",
        }
        .to_string(),
        tier_zh: match tier {
            Tier::A => "重点帮扶（A类：每月入户走访，每季度成效评估）",
            Tier::B => "巩固联系（B类：每月联系，每季度入户走访）",
            Tier::None => "一般农户（不建手册）",
        }
        .to_string(),
        no_labour: detail.no_labour,
        bottom_support: extras.bottom_support,
        away: detail.away,
    };

    let members = detail
        .members
        .iter()
        .chain(detail.former_members.iter())
        .map(|p| HandbookMember {
            name: p.name.clone(),
            relation: p.relation.label().to_string(),
            sex: p.sex.label().to_string(),
            age: i64::from(p.age),
            id_masked: p.id_masked.clone(),
            labour: p.labour.map(|l| l.label().to_string()).unwrap_or_default(),
            health: p.health.map(|l| l.label().to_string()).unwrap_or_default(),
            schooling: p.schooling.map(|l| l.label().to_string()).unwrap_or_default(),
            employment: extras.employment.get(&p.id).cloned().unwrap_or_default(),
            left_on: p.left_on,
        })
        .collect();

    let pairings = sh::pairings(conn, &h.id)?.into_iter().map(pairing_view).collect::<Result<Vec<_>>>()?;

    let plan = sh::plan_of_year(conn, &h.id, year)?
        .map(|p| -> Result<HandbookPlan> {
            Ok(HandbookPlan {
                date: need_day("handbook_plan.date", &p.date)?,
                title: if tier == Tier::A { "帮扶计划" } else { "年度巩固计划" }.to_string(),
                goals: p.goals.clone(),
                planned: p.planned.clone(),
                signatures: sigs(Signable::Plan, &p.id),
                id: p.id,
            })
        })
        .transpose()?;

    let measures = sh::measures(conn, &h.id)?
        .iter()
        .filter(|m| day(&m.from_date).is_some_and(|f| f <= yb) && m.to_date.as_deref().and_then(day).is_none_or(|t| t >= ya))
        .map(measure_view)
        .collect();

    // Contacts: the household's visits of the year from the visit register, typed once there.
    let q = sv::VisitQuery { household_id: Some(&h.id), from: Some(ya), to: Some(yb), member_id: None, voided: false };
    let mut contacts = Vec::new();
    for v in sv::visits(conn, &q)? {
        let date = need_day("visit.date", &v.date)?;
        let pairing_cadre = records.pairings.iter().filter(|p| p.active_on(date)).max_by_key(|p| p.start).map(|p| p.cadre_id.clone());
        let by_cadre = pairing_cadre.as_ref().is_some_and(|c| {
            v.cadre_id.as_ref() == Some(c) || v.members.iter().any(|m| records.member_cadres.get(m) == Some(c))
        });
        contacts.push(HandbookContact {
            in_person: VisitMode::parse(&v.mode).is_ok_and(|m| m.in_person()),
            visitors: v.visitors(),
            by_cadre,
            content: v.content.clone(),
            next_step: v.next_step.clone(),
            signatures: sigs(Signable::Visit, &v.id),
            mode: v.mode.clone(),
            date,
            id: v.id,
        });
    }

    let prefix = format!("{year}-");
    let evaluations = sh::evaluations(conn, &h.id, &prefix)?
        .into_iter()
        .map(|e| -> Result<HandbookEvaluation> {
            Ok(HandbookEvaluation {
                date: need_day("evaluation.date", &e.date)?,
                signatures: sigs(Signable::Evaluation, &e.id),
                quarter: e.quarter,
                changes: e.changes,
                income_trend: e.income_trend,
                risk: e.risk,
                id: e.id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let assessments = sh::assessments(conn, &h.id, &prefix)?
        .into_iter()
        .map(|e| -> Result<HandbookAssessment> {
            Ok(HandbookAssessment {
                date: need_day("assessment.date", &e.date)?,
                signatures: sigs(Signable::Assessment, &e.id),
                quarter: e.quarter,
                result: e.result,
                reasons: e.reasons,
                assessors: e.assessors,
                id: e.id,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let monitored = detail.category == Category::Monitored;
    let assessments_apply = monitored && detail.risk_status != Some(RiskStatus::Eliminated);

    let income = match sh::income_of_year(conn, &h.id, year)? {
        None => None,
        Some(i) => {
            let lines = IncomeItem::ALL
                .iter()
                .map(|item| IncomeLine { item: *item, kind: item.kind(), fen: i.items.iter().filter(|(x, _)| x == item).map(|(_, f)| *f).sum() })
                .collect();
            let sums = income_sums(&i.items, i.costs_fen, i.size);
            let previous = sh::income_of_year(conn, &h.id, year - 1)?.map(|p| p.per_capita_fen);
            let flags = focus_flags(sums.per_capita, previous, params.focus_line_yuan * 100, monitored);
            Some(HandbookIncome {
                date: need_day("income.date", &i.date)?,
                year,
                lines,
                sums,
                size: i.size,
                roster_size: roster_size(&detail, need_day("income.date", &i.date)?),
                size_reason: i.size_reason.clone(),
                previous_per_capita: previous,
                change_fen: previous.map(|p| sums.per_capita - p),
                flags_zh: flags.labels_zh(params.focus_line_yuan),
                flags,
                signatures: sigs(Signable::Income, &i.id),
                id: i.id,
            })
        }
    };

    let audit = rules::audit(records, year, params, today).into_iter().filter(|a| a.household_id == h.id).collect();

    Ok(HandbookView {
        year,
        as_of: today,
        cover,
        pairings,
        members,
        plan,
        measures,
        contacts,
        evaluations,
        assessments,
        assessments_apply,
        income,
        audit,
    })
}
