//! 走访: recording a visit once and finding it everywhere it belongs (V4: the visitors' work logs of the
//! day; the household's page; the visit register), the visit checks V1–V3 and 走访进度 (coverage): what
//! `zhucun visit|check visits|check coverage` and the app's 走访 pages call.

use crate::corrections::{diff, update_traced, Correction, Trace};
use crate::error::{refused, Result};
use crate::members::{check_assigned, member};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::household::Category;
use zhucun_domain::rules::visits as v_rules;
use zhucun_domain::rules::{Finding, Status};
use zhucun_domain::visit::{Check, CheckItem, CheckState, ProblemCategory, ProblemSource, VisitMode};
use zhucun_domain::worklog::{LogStatus, WorkCategory};
use zhucun_store::corrections::CorrectionChange;
use zhucun_store::visits::{self as sv, VisitFields, VisitQuery, VisitRow};
use zhucun_store::worklog as wl;
use zhucun_store::{Store, Table, Value, Writer};

/// One check as the form sends it: the item and its result in Chinese (or ok/problem/unchecked), a
/// note where there is a problem.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct CheckInput {
    pub item: String,
    pub state: String,
    #[serde(default)]
    pub note: String,
}

/// A problem found on the visit, opened in the 问题台账 by the same save (source 走访, status 待整改).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct NewVisitProblem {
    /// 问题类别 (义务教育 / 基本医疗 / …); none: 其他.
    pub category: Option<String>,
    /// 存在问题: what was found.
    pub description: String,
    /// 整改时限.
    pub deadline: Option<NaiveDate>,
    /// 责任人.
    #[serde(default)]
    pub owner: String,
}

/// What the 走访 form (and `zhucun visit add|edit`) sends.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct VisitInput {
    /// The household's id, or its 户编号.
    pub household_id: String,
    pub date: NaiveDate,
    /// 入户 / 电话 / 微信 / 视频.
    pub mode: String,
    /// Visiting team members (ids).
    #[serde(default)]
    pub members: Vec<String>,
    /// The household's pairing cadre on that date visited (often not a team member).
    #[serde(default)]
    pub cadre: bool,
    /// 走访对象: the person met.
    #[serde(default)]
    pub met: String,
    #[serde(default)]
    pub checks: Vec<CheckInput>,
    /// 政策宣传: 明白纸 handed over, policies explained.
    #[serde(default)]
    pub policies: String,
    /// 群众诉求.
    #[serde(default)]
    pub requests: String,
    /// 走访情况.
    #[serde(default)]
    pub content: String,
    /// 下一步.
    #[serde(default)]
    pub next_step: String,
    /// Problems to open in the 问题台账 with this save.
    #[serde(default)]
    pub problems: Vec<NewVisitProblem>,
}

/// Which visits to list.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct VisitFilter {
    /// The household's id or 户编号.
    pub household_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Visits made by this team member.
    pub member_id: Option<String>,
}

/// 走访进度 of one group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CoverageGroup {
    pub group_id: String,
    pub group: String,
    pub monitored_visited: u32,
    pub monitored_total: u32,
    pub covered_visited: u32,
    pub covered_total: u32,
}

/// A household still owed a visit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct OwedHousehold {
    pub household_id: String,
    /// 户编号.
    pub number: String,
    pub head: String,
    pub group_id: String,
    pub group: String,
    pub phone: Option<String>,
    pub category: Category,
    /// The latest visit (any mode, counted or not).
    pub last_visit: Option<NaiveDate>,
    /// V1, V2 or both.
    pub rules: Vec<String>,
    /// What is owed: 本月走访1次 / 2024年度内走访1次.
    pub owed: String,
    /// What to look at: the problems the latest visit found, else the plan's checks.
    pub to_check: String,
    /// Whole-family-away today: a phone, WeChat or video visit counts.
    pub away: bool,
    /// The pairing cadre today.
    pub cadre_name: Option<String>,
}

/// 走访进度: the month's monitored households (V1) and the window's 脱贫户 and 一般农户 (V2).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Coverage {
    /// `2024-09`.
    pub period: String,
    pub monitored_visited: u32,
    /// Monitored households required this month (those exempt left out).
    pub monitored_total: u32,
    pub window_from: NaiveDate,
    pub window_to: NaiveDate,
    /// 2024年度 / 2024年7月29日至2024年10月31日.
    pub window_label: String,
    pub covered_visited: u32,
    pub covered_total: u32,
    pub groups: Vec<CoverageGroup>,
    /// Households still owed a visit, by group and 户编号.
    pub owed: Vec<OwedHousehold>,
}

/// A household in the visit form's picker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct VisitPick {
    pub household_id: String,
    pub number: String,
    pub head: String,
    pub group: String,
    pub category: Category,
    pub phone: Option<String>,
    /// Still owed a visit this month (V1) or in the window (V2).
    pub owed: bool,
    pub last_visit: Option<NaiveDate>,
    /// Whole-family-away today (a remote visit counts).
    pub away: bool,
    /// The 全家外出 flag and the day it holds from (null: from before any visit), so the form can say
    /// before saving whether a remote visit on the chosen day counts (V3).
    pub away_flag: bool,
    pub away_since: Option<NaiveDate>,
    /// The pairing cadre today.
    pub cadre_id: Option<String>,
    pub cadre_name: Option<String>,
}

const MET_MAX: usize = 40;
const TEXT_MAX: usize = 1000;
const CONTENT_MAX: usize = 3000;
const NOTE_MAX: usize = 200;
const PROBLEM_MAX: usize = 500;
const OWNER_MAX: usize = 40;

/// A visit as it will be written: checked, trimmed, its household known.
struct Checked {
    household: sv::VisitTarget,
    mode: VisitMode,
    members: Vec<String>,
    cadre_id: Option<String>,
    met: String,
    checks: Vec<Check>,
    policies: String,
    requests: String,
    content: String,
    next_step: String,
    problems: Vec<(ProblemCategory, String, Option<NaiveDate>, String)>,
}

impl Checked {
    fn fields(&self, date: NaiveDate) -> VisitFields<'_> {
        VisitFields {
            household_id: &self.household.id,
            date,
            mode: self.mode,
            members: &self.members,
            cadre_id: self.cadre_id.as_deref(),
            met: &self.met,
            checks: &self.checks,
            policies: &self.policies,
            requests: &self.requests,
            content: &self.content,
            next_step: &self.next_step,
        }
    }
}

fn bounded(what: &str, s: &str, max: usize) -> Result<String> {
    let t = s.trim();
    if t.chars().count() > max {
        return Err(refused("visit.text_long", format!("{what}写得太长了：请不超过{max}个字。")));
    }
    Ok(t.to_string())
}

/// What adding and editing both check. Nothing is written.
fn check(store: &Store, input: &VisitInput, today: NaiveDate) -> Result<Checked> {
    let key = input.household_id.trim();
    let household = sv::target(store.read(), key)?.ok_or_else(|| {
        refused("visit.household_unknown", format!("没有户编号为“{}”的农户：请从列表中选择农户，或用户编号、户主姓名查找。", zhucun_domain::text::excerpt(key)))
    })?;
    if input.date > today {
        return Err(refused("visit.future", format!("{}还没到：走访之后再登记。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let mode = VisitMode::parse(&input.mode)?;
    let mut members: Vec<String> = Vec::new();
    for id in &input.members {
        let m = member(store, id.trim())?;
        check_assigned(&m, input.date)?;
        if !members.contains(&m.id) {
            members.push(m.id);
        }
    }
    let cadre_id = if input.cadre {
        match sv::pairing_cadre(store.read(), &household.id, input.date)? {
            Some((id, _)) => Some(id),
            None => {
                return Err(refused(
                    "visit.no_cadre",
                    format!("{}户{}没有结对帮扶干部，不能登记“结对干部走访”：请选择走访的队员。", household.head, zh(input.date)),
                ))
            }
        }
    } else {
        None
    };
    if members.is_empty() && cadre_id.is_none() {
        return Err(refused("visit.no_visitor", "请选择走访人：至少一名工作队员，或该户的结对帮扶干部。"));
    }
    let mut checks: Vec<Check> = Vec::new();
    for c in &input.checks {
        let item = CheckItem::parse(&c.item)?;
        let state = CheckState::parse(&c.state)?;
        let note = bounded(&format!("“{}”的说明", item.label()), &c.note, NOTE_MAX)?;
        if state == CheckState::Problem && note.is_empty() {
            return Err(refused("visit.check_note", format!("“{}”选了有问题：请写明是什么问题（如“屋顶漏雨”）。", item.label())));
        }
        checks.retain(|x| x.item != item);
        checks.push(Check { item, state, note });
    }
    checks.sort_by_key(|c| c.item);
    let mut problems = Vec::new();
    for p in &input.problems {
        let description = bounded("问题描述", &p.description, PROBLEM_MAX)?;
        if description.is_empty() {
            return Err(refused("visit.problem_text", "要记入问题台账的问题请写明存在什么问题；不记入的请删掉这一条。"));
        }
        let category = match p.category.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(c) => ProblemCategory::parse(c)?,
            // The category of the one check found a problem, when there is one; else 其他.
            None => {
                let found: Vec<CheckItem> = input
                    .checks
                    .iter()
                    .filter(|c| CheckState::parse(&c.state) == Ok(CheckState::Problem))
                    .filter_map(|c| CheckItem::parse(&c.item).ok())
                    .collect();
                match found.as_slice() {
                    [one] => ProblemCategory::of_check(*one),
                    _ => ProblemCategory::Other,
                }
            }
        };
        if p.deadline.is_some_and(|d| d < input.date) {
            return Err(refused("visit.problem_deadline", "整改时限不能早于走访日期。"));
        }
        problems.push((category, description, p.deadline, bounded("责任人", &p.owner, OWNER_MAX)?));
    }
    Ok(Checked {
        household,
        mode,
        members,
        cadre_id,
        met: bounded("走访对象", &input.met, MET_MAX)?,
        checks,
        policies: bounded("政策宣传", &input.policies, TEXT_MAX)?,
        requests: bounded("群众诉求", &input.requests, TEXT_MAX)?,
        content: bounded("走访情况", &input.content, CONTENT_MAX)?,
        next_step: bounded("下一步", &input.next_step, TEXT_MAX)?,
        problems,
    })
}

/// V4: every visiting team member's log of the day. An in-person visit creates the log as 在村
/// ("入户走访胡新平户", category 入户走访) when the member has none that day and the text is long enough
/// for `log.min_content_chars`; an existing log is left as it is (the visit shows with it, linked by
/// member and day).
fn ensure_logs_with(w: &mut Writer, c: &Checked, date: NaiveDate, today: NaiveDate) -> Result<()> {
    if !c.mode.in_person() {
        return Ok(());
    }
    let min = zhucun_store::households::param_u32(w.conn(), "log.min_content_chars")? as usize;
    let who = if c.household.head.is_empty() { c.household.number.clone() } else { c.household.head.clone() };
    let mut text = format!("入户走访{who}户");
    if text.chars().filter(|ch| !ch.is_whitespace()).count() < min && !c.content.is_empty() {
        text = format!("{text}：{}", c.content);
    }
    if text.chars().filter(|ch| !ch.is_whitespace()).count() < min {
        return Ok(());
    }
    let categories = vec![WorkCategory::Visits.label().to_string()];
    for m in &c.members {
        if wl::log_id(w.conn(), m, date)?.is_some() {
            continue;
        }
        let input = wl::LogInput { member_id: m, date, status: LogStatus::InVillage, night: false, content: &text, categories: &categories };
        wl::set_log_written(w, &input, Some(today))?;
    }
    Ok(())
}

/// The problems of the save, into the 问题台账 (source 走访, status 待整改, village of the household),
/// through the problem ledger's own insert.
fn open_problems(w: &mut Writer, c: &Checked, visit_id: &str, date: NaiveDate) -> Result<()> {
    for (category, description, deadline, owner) in &c.problems {
        let p = zhucun_store::problems::NewProblem {
            village_id: &c.household.village_id,
            household_id: Some(&c.household.id),
            visit_id: Some(visit_id),
            source: ProblemSource::Visit,
            category: *category,
            description,
            found_on: date,
            owner,
            deadline: *deadline,
        };
        zhucun_store::problems::add_problem(w, &p)?;
    }
    Ok(())
}

/// Record a visit: checked, written, the visitors' logs of the day made (V4) and the problems opened,
/// all in one transaction; a refusal writes nothing.
pub fn add_visit(store: &mut Store, input: &VisitInput, today: NaiveDate) -> Result<VisitRow> {
    let c = check(store, input, today)?;
    let mut w = store.write()?;
    let id = sv::add_visit(&mut w, &c.fields(input.date), today)?;
    ensure_logs_with(&mut w, &c, input.date, today)?;
    open_problems(&mut w, &c, &id, input.date)?;
    w.commit()?;
    visit(store, &id)
}

/// A day's visits as the work log shows them: 走访：胡新平户（入户）、李四户（电话）.
pub fn visits_line<'a>(visits: impl Iterator<Item = &'a VisitRow>) -> Option<String> {
    let parts: Vec<String> = visits.map(|v| format!("{}（{}）", v.household_label(), v.mode)).collect();
    (!parts.is_empty()).then(|| format!("走访：{}", parts.join("、")))
}

/// One visit, voided or not.
pub fn visit(store: &Store, id: &str) -> Result<VisitRow> {
    sv::visit(store.read(), id)?.ok_or_else(|| refused("visit.unknown", "没有这条走访记录（可能已在另一台电脑上删除），请刷新后再试。"))
}

fn correctable(store: &Store, id: &str) -> Result<VisitRow> {
    let row = visit(store, id)?;
    if let Some(on) = &row.voided_on {
        return Err(refused("visit.voided", format!("这条走访记录已于{on}删除，不能再修改。")));
    }
    Ok(row)
}

/// The Chinese name of a visit's column, as 修改记录 shows it.
pub fn field_label(column: &str) -> String {
    match column {
        "household_id" => "农户",
        "date" => "走访日期",
        "mode" => "走访方式",
        "members" => "走访队员",
        "cadre_id" => "结对干部",
        "met" => "走访对象",
        "checks" => "走访内容",
        "policies" => "政策宣传",
        "requests" => "群众诉求",
        "content" => "走访情况",
        "next_step" => "下一步",
        "voided_on" => "删除日期",
        other => other,
    }
    .to_string()
}

/// The checks as a line: 义务教育正常、住房安全有问题（屋顶漏雨）.
pub fn checks_text(checks: &[Check]) -> String {
    checks
        .iter()
        .map(|c| if c.note.is_empty() { format!("{}{}", c.item.label(), c.state.label()) } else { format!("{}{}（{}）", c.item.label(), c.state.label(), c.note) })
        .collect::<Vec<_>>()
        .join("、")
}

fn team_of(store: &Store, row: &VisitRow) -> Result<String> {
    for m in &row.members {
        if let Some(t) = wl::team_of_member(store.read(), m)? {
            return Ok(t);
        }
    }
    Ok(zhucun_store::sync::device(store.read())?.team_id.or_else(|| wl::team_ids(store.read()).ok().and_then(|t| t.into_iter().next())).unwrap_or_default())
}

/// Correct a visit (修改): checked as a new one, only the changed fields written, one 修改记录 with who,
/// why and each field before and after (visitors and cadre by name, checks as a line).
pub fn update_visit(store: &mut Store, id: &str, input: &VisitInput, trace: &Trace, today: NaiveDate) -> Result<VisitRow> {
    let by = trace.by()?;
    let before = correctable(store, id)?;
    let c = check(store, input, today)?;
    let team = team_of(store, &before)?;
    let new = c.fields(input.date);
    let (shown_apart, rest): (Vec<_>, Vec<_>) =
        new.fields().into_iter().partition(|(col, _)| matches!(*col, "household_id" | "members" | "cadre_id" | "checks"));
    let mut w = store.write()?;
    let moved = diff(&w, Table::Visit, id, &shown_apart, field_label)?.unwrap_or_default();
    let mut extra = Vec::new();
    if !moved.is_empty() {
        let cols: Vec<(&'static str, Value)> = moved.iter().map(|(f, _)| f.clone()).collect();
        w.update(Table::Visit, id, &cols)?;
        let cadre_name = |cid: &Option<String>| -> Option<String> {
            cid.as_ref().and_then(|_| sv::pairing_cadre(w.conn(), &c.household.id, input.date).ok().flatten().map(|x| x.1))
        };
        for (col, _) in &cols {
            extra.push(match *col {
                "household_id" => CorrectionChange {
                    field: field_label(col),
                    before: Some(format!("{}（{}）", before.household_label(), before.household_number)),
                    after: Some(format!("{}户（{}）", c.household.head, c.household.number)),
                },
                "members" => {
                    let all = zhucun_store::members::list_members(w.conn())?;
                    let names: Vec<String> = c.members.iter().filter_map(|m| all.iter().find(|x| &x.id == m).map(|x| x.name.clone())).collect();
                    CorrectionChange {
                        field: field_label(col),
                        before: Some(before.member_names.join("、")).filter(|s| !s.is_empty()),
                        after: Some(names.join("、")).filter(|s| !s.is_empty()),
                    }
                }
                "cadre_id" => CorrectionChange { field: field_label(col), before: before.cadre_name.clone(), after: cadre_name(&c.cadre_id) },
                _ => CorrectionChange {
                    field: field_label(col),
                    before: Some(checks_text(&before.checks)).filter(|s| !s.is_empty()),
                    after: Some(checks_text(&c.checks)).filter(|s| !s.is_empty()),
                },
            });
        }
    }
    let correction = Correction { table: Table::Visit, id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
    let changes = update_traced(&mut w, &correction, &rest, field_label, extra)?;
    // A cadre contact is a signed handbook entry: a correction voids its signatures.
    crate::handbook::void_signatures_on_edit(&mut w, zhucun_domain::handbook::Signable::Visit, id, &team, by, &changes, today)?;
    ensure_logs_with(&mut w, &c, input.date, today)?;
    open_problems(&mut w, &c, id, input.date)?;
    w.commit()?;
    visit(store, id)
}

/// Delete (删除) a visit recorded by mistake: the row stays with `voided_on`, counts for no rule and
/// shows nowhere; 修改记录 keeps who, why and what it held. The logs it made stay (the member edits them).
pub fn delete_visit(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<()> {
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let before = correctable(store, id)?;
    let team = team_of(store, &before)?;
    let held = vec![
        CorrectionChange { field: "农户".into(), before: Some(format!("{}（{}）", before.household_label(), before.household_number)), after: None },
        CorrectionChange { field: field_label("date"), before: Some(before.date.clone()), after: None },
        CorrectionChange { field: field_label("mode"), before: Some(before.mode.clone()), after: None },
        CorrectionChange { field: "走访人".into(), before: Some(before.visitors()).filter(|s| !s.is_empty()), after: None },
        CorrectionChange { field: field_label("checks"), before: Some(checks_text(&before.checks)).filter(|s| !s.is_empty()), after: None },
        CorrectionChange { field: field_label("content"), before: Some(before.content.clone()).filter(|s| !s.is_empty()), after: None },
    ];
    let mut w = store.write()?;
    let correction = Correction { table: Table::Visit, id, team_id: &team, action: "删除", by, reason };
    update_traced(&mut w, &correction, &[("voided_on", Value::Text(today.to_string()))], field_label, held)?;
    w.commit()?;
    Ok(())
}

/// Visits as asked (voided ones left out), in date order.
pub fn list_visits(store: &Store, filter: &VisitFilter) -> Result<Vec<VisitRow>> {
    let household = match filter.household_id.as_deref().map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) => Some(
            sv::target(store.read(), h)?
                .ok_or_else(|| refused("visit.household_unknown", format!("没有户编号为“{}”的农户。", zhucun_domain::text::excerpt(h))))?
                .id,
        ),
        None => None,
    };
    let q = VisitQuery { household_id: household.as_deref(), from: filter.from, to: filter.to, member_id: filter.member_id.as_deref(), voided: false };
    Ok(sv::visits(store.read(), &q)?)
}

/// V1 for every monitored household for the month `period` (YYYY-MM).
pub fn check_visits(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    let p = crate::attendance::month(period)?;
    let (a, b) = p.range();
    let params = wl::rule_params(store.read())?;
    let households = sv::visit_households(store.read())?;
    let visits = sv::visit_records(store.read(), a, b)?;
    Ok(v_rules::v1(&households, &visits, p, &params, today))
}

/// The coverage window: the given dates, else `visit.window` for the year of `day`.
pub fn window(store: &Store, from: Option<NaiveDate>, to: Option<NaiveDate>, day: NaiveDate) -> Result<(NaiveDate, NaiveDate)> {
    let (da, db) = wl::rule_params(store.read())?.visit_window.range(day);
    let (a, b) = (from.unwrap_or(da), to.unwrap_or(db));
    if a > b {
        return Err(refused("visit.window_order", format!("覆盖期的开始日期（{}）晚于结束日期（{}）。", zh(a), zh(b))));
    }
    Ok((a, b))
}

/// V2 for every 脱贫户 and 一般农户 over the window (`visit.window` for today's year when not given).
pub fn check_coverage(store: &Store, from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Result<Vec<Finding>> {
    let (a, b) = window(store, from, to, today)?;
    let households = sv::visit_households(store.read())?;
    let visits = sv::visit_records(store.read(), a, b)?;
    Ok(v_rules::v2(&households, &visits, a, b, today))
}

/// [`check_coverage`] with the window's dates as written (`zhucun-server check coverage --from --to`).
pub fn check_coverage_written(store: &Store, from: Option<&str>, to: Option<&str>, today: NaiveDate) -> Result<Vec<Finding>> {
    let from = from.map(zhucun_domain::date::parse_date).transpose()?;
    let to = to.map(zhucun_domain::date::parse_date).transpose()?;
    check_coverage(store, from, to, today)
}

/// The household's page (一户一画像) with what the visit rules still ask of it this month (V1) and in
/// the coverage window (V2).
pub fn household_detail(store: &Store, id: &str, today: NaiveDate) -> Result<zhucun_store::households::HouseholdDetail> {
    let mut d = zhucun_store::households::household_detail(store.read(), id, today)?;
    let month = zhucun_domain::rules::Period::month(today.year(), today.month());
    let (ma, mb) = month.range();
    let (wa, wb) = window(store, None, None, today)?;
    let households: Vec<_> = sv::visit_households(store.read())?.into_iter().filter(|h| h.id == d.id).collect();
    let visits: Vec<_> = sv::visit_records(store.read(), ma.min(wa), mb.max(wb))?.into_iter().filter(|v| v.household_id == d.id).collect();
    let params = wl::rule_params(store.read())?;
    let label = v_rules_window_label(wa, wb);
    for f in v_rules::v1(&households, &visits, month, &params, today) {
        if f.status == Status::Short {
            d.owed.push(format!("本月走访{}次", f.required - f.found));
        }
    }
    for f in v_rules::v2(&households, &visits, wa, wb, today) {
        if f.status == Status::Short {
            d.owed.push(format!("{label}内走访1次"));
        }
    }
    Ok(d)
}

const ALL_CHECKS: &str = "家庭变化、义务教育、基本医疗、住房安全、饮水安全、收入与风险线索";

/// 走访进度 for the month `period` and the coverage window (the given dates, else `visit.window` for
/// the month's year).
pub fn coverage(store: &Store, period: &str, window_from: Option<NaiveDate>, window_to: Option<NaiveDate>, today: NaiveDate) -> Result<Coverage> {
    coverage_with(store, period, window_from, window_to, today, true)
}

/// [`coverage`]; `to_check` false leaves out what to look at (the picker does not show it).
fn coverage_with(store: &Store, period: &str, window_from: Option<NaiveDate>, window_to: Option<NaiveDate>, today: NaiveDate, to_check: bool) -> Result<Coverage> {
    let p = crate::attendance::month(period)?;
    let (ma, mb) = p.range();
    let (wa, wb) = window(store, window_from, window_to, ma)?;
    let params = wl::rule_params(store.read())?;
    let households = sv::visit_households(store.read())?;
    let visits = sv::visit_records(store.read(), ma.min(wa), mb.max(wb))?;
    let v1 = v_rules::v1(&households, &visits, p, &params, today);
    let v2 = v_rules::v2(&households, &visits, wa, wb, today);
    let on = today.min(mb.max(wb));
    let briefs = sv::briefs(store.read(), on)?;
    let last = sv::last_visits(store.read(), today)?;
    let latest = if to_check { latest_problems(store)? } else { HashMap::new() };
    let by_id: HashMap<&str, &zhucun_domain::visit::VisitHousehold> = households.iter().map(|h| (h.id.as_str(), h)).collect();
    let mut groups: Vec<CoverageGroup> = Vec::new();
    let mut owed: HashMap<String, OwedHousehold> = HashMap::new();
    let label = v_rules_window_label(wa, wb);
    for (f, monitored) in v1.iter().map(|f| (f, true)).chain(v2.iter().map(|f| (f, false))) {
        if f.status == Status::Exempt {
            continue;
        }
        let Some(h) = by_id.get(f.subject.as_str()) else { continue };
        let brief = briefs.get(&h.id);
        let (gid, gname) = brief.map_or((String::new(), h.group.clone()), |b| (b.group_id.clone(), b.group.clone()));
        let g = match groups.iter_mut().position(|g| g.group_id == gid) {
            Some(i) => &mut groups[i],
            None => {
                groups.push(CoverageGroup { group_id: gid.clone(), group: gname.clone(), monitored_visited: 0, monitored_total: 0, covered_visited: 0, covered_total: 0 });
                groups.last_mut().expect("just pushed")
            }
        };
        let ok = f.status == Status::Ok;
        if monitored {
            g.monitored_total += 1;
            g.monitored_visited += u32::from(ok);
        } else {
            g.covered_total += 1;
            g.covered_visited += u32::from(ok);
        }
        if ok {
            continue;
        }
        let what = if monitored { format!("本月走访{}次", f.required - f.found) } else { format!("{label}内走访1次") };
        let e = owed.entry(h.id.clone()).or_insert_with(|| OwedHousehold {
            household_id: h.id.clone(),
            number: h.number.clone(),
            head: h.head.clone(),
            group_id: gid.clone(),
            group: gname.clone(),
            phone: brief.and_then(|b| b.phone.clone()),
            category: h.category,
            last_visit: last.get(&h.id).copied(),
            rules: Vec::new(),
            owed: String::new(),
            to_check: latest.get(&h.id).cloned().unwrap_or_else(|| ALL_CHECKS.to_string()),
            away: h.away_on(today),
            cadre_name: brief.and_then(|b| b.cadre.as_ref().map(|c| c.1.clone())),
        });
        e.rules.push(f.rule.clone());
        e.owed = if e.owed.is_empty() { what } else { format!("{}；{what}", e.owed) };
    }
    groups.sort_by(|a, b| a.group.cmp(&b.group));
    let mut owed: Vec<OwedHousehold> = owed.into_values().collect();
    owed.sort_by(|a, b| (&a.group, &a.number).cmp(&(&b.group, &b.number)));
    let sum = |f: fn(&CoverageGroup) -> u32| groups.iter().map(f).sum::<u32>();
    Ok(Coverage {
        period: p.to_string(),
        monitored_visited: sum(|g| g.monitored_visited),
        monitored_total: sum(|g| g.monitored_total),
        window_from: wa,
        window_to: wb,
        window_label: label,
        covered_visited: sum(|g| g.covered_visited),
        covered_total: sum(|g| g.covered_total),
        groups,
        owed,
    })
}

fn v_rules_window_label(a: NaiveDate, b: NaiveDate) -> String {
    if v_rules::window_period(a, b).len() == 4 {
        format!("{}年度", a.year())
    } else {
        format!("{}至{}", zh(a), zh(b))
    }
}

/// The problems the latest visit of each household found (what to look at next time).
fn latest_problems(store: &Store) -> Result<HashMap<String, String>> {
    let mut out: HashMap<String, String> = HashMap::new();
    for v in sv::visits(store.read(), &VisitQuery::default())? {
        let problems: Vec<String> = v.checks.iter().filter(|c| c.state == CheckState::Problem).map(|c| format!("{}（{}）", c.item.label(), c.note)).collect();
        if problems.is_empty() {
            out.remove(&v.household_id);
        } else {
            out.insert(v.household_id.clone(), format!("上次发现：{}", problems.join("、")));
        }
    }
    Ok(out)
}

/// The picker of the visit form: households matching `query` (name of a current member, 户编号, the
/// tail of the head's ID number, group, pinyin initials), those still owed a visit first, then the
/// recently visited, then the rest; at most 50.
pub fn visit_households(store: &Store, query: &str, period: &str, today: NaiveDate) -> Result<Vec<VisitPick>> {
    let cov = coverage_with(store, period, None, None, today, false)?;
    let owed: std::collections::HashSet<&str> = cov.owed.iter().map(|o| o.household_id.as_str()).collect();
    let households = sv::visit_households(store.read())?;
    let briefs = sv::briefs(store.read(), today)?;
    let last = sv::last_visits(store.read(), today)?;
    let q = query.trim();
    let q_upper = q.to_uppercase();
    let ini = (q.len() >= 2 && q.len() <= 8 && q.chars().all(|c| c.is_ascii_alphabetic())).then(|| q.to_ascii_lowercase());
    let mut picks: Vec<VisitPick> = households
        .iter()
        .filter(|h| h.present_on(today))
        .filter_map(|h| {
            let b = briefs.get(&h.id)?;
            let hit = q.is_empty()
                || h.head.contains(q)
                || h.number.contains(q)
                || h.group.contains(q)
                || (q.chars().count() >= 4 && b.head_id_number.to_uppercase().ends_with(&q_upper))
                || ini.as_deref().is_some_and(|i| zhucun_store::households::initials_match(&h.head, i));
            hit.then(|| VisitPick {
                household_id: h.id.clone(),
                number: h.number.clone(),
                head: h.head.clone(),
                group: h.group.clone(),
                category: h.category,
                phone: b.phone.clone(),
                owed: owed.contains(h.id.as_str()),
                last_visit: last.get(&h.id).copied(),
                away: h.away_on(today),
                away_flag: h.away,
                away_since: h.away_since,
                cadre_id: b.cadre.as_ref().map(|c| c.0.clone()),
                cadre_name: b.cadre.as_ref().map(|c| c.1.clone()),
            })
        })
        .collect();
    picks.sort_by(|a, b| {
        (!a.owed, std::cmp::Reverse(a.last_visit), &a.group, &a.number).cmp(&(!b.owed, std::cmp::Reverse(b.last_visit), &b.group, &b.number))
    });
    picks.truncate(50);
    Ok(picks)
}

/// 全家外出 of a household from a day on (or its end). Roster data: on an enrolled laptop the change
/// applies here at once and reaches the county as a proposal, like any roster edit.
pub fn set_whole_family_away(store: &mut Store, household: &str, away: bool, since: Option<NaiveDate>) -> Result<bool> {
    let h = sv::target(store.read(), household.trim())?
        .ok_or_else(|| refused("visit.household_unknown", format!("没有户编号为“{}”的农户。", zhucun_domain::text::excerpt(household))))?;
    let mut w = store.write()?;
    let changed = sv::set_away(&mut w, &h.id, away, if away { since } else { None })?;
    w.commit()?;
    Ok(changed)
}

/// The printable list of the households still owed a visit (one sheet per group, or one group), for
/// a day in the field.
pub fn owed_export(
    store: &Store,
    period: &str,
    window_from: Option<NaiveDate>,
    window_to: Option<NaiveDate>,
    group_id: Option<&str>,
    out: &Path,
    today: NaiveDate,
) -> Result<crate::ledger::LedgerWritten> {
    let cov = coverage(store, period, window_from, window_to, today)?;
    crate::visit_ledger::owed_list(store, &cov, group_id, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A village of 5 households and a team of two assigned from 2024-01-01 (one leaves 2024-09-15).
    fn team() -> (tempfile::TempDir, Store, [String; 2]) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let village = zhucun_store::households::villages(s.read()).unwrap()[0].id.clone();
        let mut w = s.write().unwrap();
        let team = zhucun_store::members::team_of_village(&mut w, &village).unwrap();
        let mut add = |name: &str, role: &str, to: Option<&str>| {
            zhucun_store::members::add_member(
                &mut w,
                &zhucun_store::members::NewMember { team_id: &team, name, role, from_date: "2024-01-01", to_date: to, phone: None, unit: None },
            )
            .unwrap()
        };
        let ids = [add("周建国", "第一书记", None), add("李娟", "队员", Some("2024-09-15"))];
        w.commit().unwrap();
        (dir, s, ids)
    }

    fn first_household(s: &Store) -> zhucun_domain::visit::VisitHousehold {
        sv::visit_households(s.read()).unwrap().into_iter().next().unwrap()
    }

    fn input(h: &str, date: &str, mode: &str, members: &[String]) -> VisitInput {
        VisitInput { household_id: h.into(), date: d(date), mode: mode.into(), members: members.to_vec(), ..Default::default() }
    }

    fn code(e: CoreError) -> String {
        e.code().to_string()
    }

    #[test]
    fn a_visit_makes_the_in_person_visitors_logs_and_opens_its_problems() {
        let (_d, mut s, ids) = team();
        let h = first_household(&s);
        let today = d("2024-09-20");
        let mut i = input(&h.number, "2024-09-10", "入户", &ids);
        i.checks = vec![CheckInput { item: "住房安全".into(), state: "problem".into(), note: "屋顶漏雨".into() }];
        i.problems = vec![NewVisitProblem { description: "屋顶漏雨需维修".into(), ..Default::default() }];
        let v = add_visit(&mut s, &i, today).unwrap();
        assert_eq!((v.household_number.as_str(), v.counts, v.member_names.len()), (h.number.as_str(), true, 2));
        for m in &ids {
            let log = wl::logs(s.read(), Some(m), d("2024-09-10"), d("2024-09-10")).unwrap();
            assert_eq!(log.len(), 1);
            assert_eq!((log[0].status.as_str(), log[0].content.as_str()), ("在村", format!("入户走访{}户", h.head).as_str()));
            assert_eq!(log[0].categories, vec!["入户走访".to_string()]);
            let day = crate::attendance::day_view(&s, m, d("2024-09-10"), today).unwrap();
            assert_eq!(day.visits.len(), 1, "the day's visits are on 今日");
        }
        let p = zhucun_store::problems::problems(s.read(), &Default::default(), today).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].source.as_str(), p[0].category.as_str(), p[0].status.as_str()), ("走访", "住房安全", "待整改"));
        assert_eq!(p[0].visit_id.as_deref(), Some(v.id.as_str()));
        // An existing log is left as it is; a remote visit makes none.
        let mut i = input(&h.number, "2024-09-10", "入户", &ids[..1]);
        i.content = "再次走访".into();
        add_visit(&mut s, &i, today).unwrap();
        let log = wl::logs(s.read(), Some(&ids[0]), d("2024-09-10"), d("2024-09-10")).unwrap();
        assert_eq!(log[0].content, format!("入户走访{}户", h.head));
        let phone = add_visit(&mut s, &input(&h.number, "2024-09-11", "电话", &ids[..1]), today).unwrap();
        assert!(!phone.counts, "a phone call to a family at home does not count (V3)");
        assert!(wl::logs(s.read(), Some(&ids[0]), d("2024-09-11"), d("2024-09-11")).unwrap().is_empty());
        // The household's page.
        let detail = zhucun_store::households::household_detail(s.read(), &h.id, today).unwrap();
        assert_eq!(detail.visits.len(), 3);
        assert_eq!(detail.visits[0].date, "2024-09-11", "latest first");
        assert_eq!((detail.last_visit, detail.last_in_person), (Some(d("2024-09-11")), Some(d("2024-09-10"))));
        assert_eq!(detail.latest_checks.len(), 1);
        assert_eq!(detail.open_problems, 1);
        assert!(household_detail(&s, &h.id, today).unwrap().owed.is_empty(), "visited this month");
        let other = sv::visit_households(s.read()).unwrap().into_iter().find(|x| x.id != h.id && x.category == Category::Monitored);
        if let Some(o) = other {
            assert_eq!(household_detail(&s, &o.id, today).unwrap().owed, vec!["本月走访1次".to_string()]);
        }
    }

    #[test]
    fn bad_visits_are_refused_and_write_nothing() {
        let (_d, mut s, ids) = team();
        let h = first_household(&s);
        let today = d("2024-09-20");
        let before = zhucun_store::sync::pending(s.read()).unwrap();
        let cases: Vec<(VisitInput, &str)> = vec![
            (input("no-such", "2024-09-10", "入户", &ids), "visit.household_unknown"),
            (input(&h.number, "2024-09-21", "入户", &ids), "visit.future"),
            (input(&h.number, "2024-09-10", "入户", &[]), "visit.no_visitor"),
            (input(&h.number, "2024-09-16", "入户", &ids[1..]), "member.not_assigned"),
            (input(&h.number, "2024-09-10", "入户", &["nobody".to_string()]), "member.unknown"),
            (input(&h.number, "2024-09-10", "飞鸽传书", &ids), "value.choice"),
            (VisitInput { checks: vec![CheckInput { item: "住房".into(), state: "ok".into(), note: String::new() }], ..input(&h.number, "2024-09-10", "入户", &ids) }, "value.choice"),
            (VisitInput { checks: vec![CheckInput { item: "住房安全".into(), state: "有问题".into(), note: " ".into() }], ..input(&h.number, "2024-09-10", "入户", &ids) }, "visit.check_note"),
            (VisitInput { problems: vec![NewVisitProblem::default()], ..input(&h.number, "2024-09-10", "入户", &ids) }, "visit.problem_text"),
        ];
        for (i, want) in cases {
            assert_eq!(code(add_visit(&mut s, &i, today).unwrap_err()), want, "{i:?}");
        }
        assert_eq!(zhucun_store::sync::pending(s.read()).unwrap(), before, "nothing written");
    }

    #[test]
    fn edit_and_delete_are_traced_and_followed_everywhere() {
        let (_d, mut s, ids) = team();
        let h = first_household(&s);
        let today = d("2024-09-20");
        let v = add_visit(&mut s, &input(&h.number, "2024-09-10", "入户", &ids[..1]), today).unwrap();
        let trace = Trace { by: "周建国".into(), reason: "补登同行队员".into() };
        let e = update_visit(&mut s, &v.id, &input(&h.id, "2024-09-12", "入户", &ids), &trace, today).unwrap();
        assert_eq!((e.date.as_str(), e.member_names.len()), ("2024-09-12", 2));
        let h1 = crate::corrections::history(&s, "visit", &v.id).unwrap();
        assert_eq!(h1[0].action, "修改");
        let fields: Vec<&str> = h1[0].changes.iter().map(|c| c.field.as_str()).collect();
        assert!(fields.contains(&"走访日期") && fields.contains(&"走访队员"), "{fields:?}");
        // The new visitor's log of the new day is made.
        assert_eq!(wl::logs(s.read(), Some(&ids[1]), d("2024-09-12"), d("2024-09-12")).unwrap().len(), 1);
        let day = crate::attendance::day_view(&s, &ids[1], d("2024-09-12"), today).unwrap();
        assert_eq!(day.visits.len(), 1);
        assert_eq!(code(delete_visit(&mut s, &v.id, &Trace { by: "周建国".into(), reason: String::new() }, today).unwrap_err()), "correction.reason");
        delete_visit(&mut s, &v.id, &Trace { by: "周建国".into(), reason: "重复登记".into() }, today).unwrap();
        let h2 = crate::corrections::history(&s, "visit", &v.id).unwrap();
        assert_eq!(h2[0].action, "删除");
        assert!(h2[0].changes.iter().any(|c| c.field == "走访日期" && c.before.as_deref() == Some("2024-09-12")));
        assert!(crate::attendance::day_view(&s, &ids[1], d("2024-09-12"), today).unwrap().visits.is_empty());
        assert!(list_visits(&s, &VisitFilter::default()).unwrap().is_empty());
        assert!(zhucun_store::households::household_detail(s.read(), &h.id, today).unwrap().visits.is_empty());
        assert_eq!(code(update_visit(&mut s, &v.id, &input(&h.id, "2024-09-12", "入户", &ids), &trace, today).unwrap_err()), "visit.voided");
    }

    #[test]
    fn coverage_counts_v1_and_v2_and_lists_what_is_owed() {
        let (_d, mut s, ids) = team();
        let today = d("2024-09-20");
        let hs = sv::visit_households(s.read()).unwrap();
        let cov = coverage(&s, "2024-09", None, None, today).unwrap();
        let monitored = hs.iter().filter(|h| h.category == Category::Monitored).count() as u32;
        assert_eq!((cov.monitored_visited, cov.monitored_total), (0, monitored));
        assert_eq!(cov.covered_total as usize, hs.len() - monitored as usize);
        assert_eq!(cov.owed.len(), hs.len());
        assert_eq!((cov.window_from, cov.window_to, cov.window_label.as_str()), (d("2024-01-01"), d("2024-12-31"), "2024年度"));
        let h = &hs[0];
        add_visit(&mut s, &input(&h.number, "2024-09-10", "入户", &ids[..1]), today).unwrap();
        let after = coverage(&s, "2024-09", None, None, today).unwrap();
        assert_eq!(after.owed.len(), hs.len() - 1);
        assert_eq!(after.monitored_visited + after.covered_visited, 1);
        assert_eq!(after.groups.iter().map(|g| g.monitored_total + g.covered_total).sum::<u32>(), cov.monitored_total + cov.covered_total);
        // The campaign window: given, or by the parameter.
        let w = coverage(&s, "2024-09", Some(d("2024-07-29")), Some(d("2024-10-31")), today).unwrap();
        assert_eq!(w.window_label, "2024年7月29日至2024年10月31日");
        crate::settings::set_param(&mut s, "visit.window", "2024-07-29至2024-10-31", Some("绥农发〔2024〕5号")).unwrap();
        assert_eq!(coverage(&s, "2024-09", None, None, today).unwrap().window_from, d("2024-07-29"));
        assert_eq!(code(crate::settings::set_param(&mut s, "visit.window", "半年", Some("绥农发〔2024〕5号")).unwrap_err()), "param.value");
        assert_eq!(code(coverage(&s, "2024-09", Some(d("2024-10-31")), Some(d("2024-07-29")), today).unwrap_err()), "visit.window_order");
        // The picker: owed first, then searched by name, number and group.
        let picks = visit_households(&s, "", "2024-09", today).unwrap();
        assert!(picks.first().unwrap().owed && !picks.last().unwrap().owed);
        assert_eq!(visit_households(&s, &h.number, "2024-09", today).unwrap()[0].household_id, h.id);
        assert!(visit_households(&s, &h.head, "2024-09", today).unwrap().iter().any(|p| p.household_id == h.id));
        // The field list writes.
        let dir = tempfile::tempdir().unwrap();
        let written = owed_export(&s, "2024-09", None, None, None, dir.path(), today).unwrap();
        assert_eq!(written.rows, coverage(&s, "2024-09", None, None, today).unwrap().owed.len());
        assert!(std::path::Path::new(&written.path).is_file());
    }

    #[test]
    fn the_log_a_visit_makes_respects_the_minimum_content() {
        let (_d, mut s, ids) = team();
        let h = first_household(&s);
        let today = d("2024-09-20");
        crate::settings::set_param(&mut s, "log.min_content_chars", "12", Some("绥农发〔2024〕5号")).unwrap();
        // Too short even with the visit's account: no log is made, the visit is saved.
        add_visit(&mut s, &input(&h.number, "2024-09-02", "入户", &ids[..1]), today).unwrap();
        assert!(wl::logs(s.read(), Some(&ids[0]), d("2024-09-02"), d("2024-09-02")).unwrap().is_empty());
        // Long enough with it: the account is added to the log's text.
        let mut i = input(&h.number, "2024-09-03", "入户", &ids[..1]);
        i.content = "核实务工收入和医保参保情况".into();
        add_visit(&mut s, &i, today).unwrap();
        let log = wl::logs(s.read(), Some(&ids[0]), d("2024-09-03"), d("2024-09-03")).unwrap();
        assert_eq!(log[0].content, format!("入户走访{}户：核实务工收入和医保参保情况", h.head));
    }

    #[test]
    fn whole_family_away_makes_a_remote_visit_count() {
        let (_d, mut s, ids) = team();
        let h = first_household(&s);
        let today = d("2024-09-20");
        let v = add_visit(&mut s, &input(&h.number, "2024-09-10", "微信", &ids[..1]), today).unwrap();
        assert!(!v.counts);
        assert!(set_whole_family_away(&mut s, &h.number, true, Some(d("2024-09-01"))).unwrap());
        assert!(visit(&s, &v.id).unwrap().counts);
        assert!(!set_whole_family_away(&mut s, &h.number, true, Some(d("2024-09-01"))).unwrap(), "unchanged");
        set_whole_family_away(&mut s, &h.number, true, Some(d("2024-09-15"))).unwrap();
        assert!(!visit(&s, &v.id).unwrap().counts, "away only from the 15th");
    }
}
