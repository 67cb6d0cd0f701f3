//! 问题台账: what `zhucun problem` and the 问题台账 page call. A problem of a household or of the
//! village is added (待整改), started (整改中) and closed item by item (销号, rule L1: a resolution, a
//! closing date and an approver, all three required). A problem is never deleted: one entered by
//! mistake is voided (作废, with who and why); a correction of its fields is a 修改 with a trace.
//! A 销号 made in error is undone by 撤销销号 (reason required, the closing kept in 修改记录); a problem
//! that comes back after a proper 销号 is a new problem.

use crate::corrections::{update_traced, Correction, Trace};
use crate::error::{refused, Result};
use chrono::NaiveDate;
use zhucun_store::Connection;
use serde::{Deserialize, Serialize};
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::visit::{ProblemCategory, ProblemSource, ProblemStatus};
use zhucun_store::problems::{self as sp, NewProblem, ProblemFilter, ProblemRow};
pub use zhucun_store::problems::{ProblemFilter as Filter, ProblemRow as Row};
use zhucun_store::{Store, Table, Value};

/// 存在问题, as the form bounds it.
pub const DESCRIPTION_MAX: usize = 500;
/// 整改措施及结果, as the form bounds it.
pub const RESOLUTION_MAX: usize = 500;
/// A name (责任人, 销号审批人).
pub const NAME_MAX: usize = 40;

/// A problem as the form and the CLI give it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ProblemInput {
    /// The village; when not given, the household's, or the only village in the database.
    #[serde(default)]
    pub village_id: Option<String>,
    /// The household, for a household's problem; none for the village's.
    #[serde(default)]
    pub household_id: Option<String>,
    /// 问题来源: 走访 / 会议 / 督导检查 / 自查 / 上级交办.
    pub source: String,
    /// 问题类别: 义务教育 / 基本医疗 / 住房安全 / 饮水安全 / 收入就业 / 环境卫生 / 政策落实 / 其他.
    pub category: String,
    /// 存在问题.
    pub description: String,
    pub found_on: NaiveDate,
    /// 责任人 (may be left empty and written later).
    #[serde(default)]
    pub owner: String,
    /// 整改时限.
    #[serde(default)]
    pub deadline: Option<NaiveDate>,
}

/// 销号 as the dialog gives it (L1: all three required).
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct ProblemClose {
    /// 整改措施及结果.
    pub resolution: String,
    /// 销号日期.
    pub closed_on: Option<NaiveDate>,
    /// 销号审批人.
    pub approver: String,
}

/// A problem checked and trimmed, ready to be written.
#[derive(Clone, Debug)]
pub struct Checked {
    pub village_id: String,
    pub household_id: Option<String>,
    pub source: ProblemSource,
    pub category: ProblemCategory,
    pub description: String,
    pub found_on: NaiveDate,
    pub owner: String,
    pub deadline: Option<NaiveDate>,
}

impl Checked {
    /// The store's form; `visit_id` names the visit that found it.
    pub fn new_problem<'a>(&'a self, visit_id: Option<&'a str>) -> NewProblem<'a> {
        NewProblem {
            village_id: &self.village_id,
            household_id: self.household_id.as_deref(),
            visit_id,
            source: self.source,
            category: self.category,
            description: &self.description,
            found_on: self.found_on,
            owner: &self.owner,
            deadline: self.deadline,
        }
    }
}

/// Check a problem before it is written (adding, editing, and a visit opening one in its own save:
/// pass `w.conn()` there). Refusals say how to fix the input.
pub fn check(conn: &Connection, input: &ProblemInput, today: NaiveDate) -> Result<Checked> {
    let source = ProblemSource::parse(&input.source)?;
    let category = ProblemCategory::parse(&input.category)?;
    let description = input.description.trim();
    if description.is_empty() {
        return Err(refused("problem.description", "请写明存在的问题（发现了什么）。"));
    }
    if description.chars().count() > DESCRIPTION_MAX {
        return Err(refused("problem.description", format!("问题描述写得太长了：请不超过{DESCRIPTION_MAX}个字，详细材料可另附。")));
    }
    if input.found_on > today {
        return Err(refused("problem.found_future", format!("发现日期{}还没到：请写问题实际发现的日期。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.found_on))));
    }
    if let Some(dl) = input.deadline {
        if dl < input.found_on {
            return Err(refused("problem.deadline", format!("整改时限{}早于发现日期{}：时限应在发现之后。", zh(dl), zh(input.found_on))));
        }
    }
    let owner = input.owner.trim();
    if owner.chars().count() > NAME_MAX {
        return Err(refused("problem.owner", format!("责任人写得太长了：请只写姓名或单位（不超过{NAME_MAX}个字）。")));
    }
    let household_id = input.household_id.as_deref().map(str::trim).filter(|h| !h.is_empty());
    let household_village = match household_id {
        Some(h) => Some(sp::village_of_household(conn, h)?.ok_or_else(|| refused("problem.household", "没有这户农户（可能是户编号写错了，或花名册还没导入）：请从农户列表中选择。"))?),
        None => None,
    };
    let villages = zhucun_store::households::villages(conn)?;
    let village_id = match (input.village_id.as_deref().map(str::trim).filter(|v| !v.is_empty()), household_village) {
        (Some(v), hv) => {
            if !villages.iter().any(|x| x.id == v) {
                return Err(refused("problem.village", "没有这个村：请从列表中选择问题所在的村。"));
            }
            if hv.as_deref().is_some_and(|hv| hv != v) {
                return Err(refused("problem.household_village", "这户农户不在所选的村：请重新选择农户或村。"));
            }
            v.to_string()
        }
        (None, Some(hv)) => hv,
        (None, None) => match villages.as_slice() {
            [one] => one.id.clone(),
            [] => return Err(refused("problem.village", "还没有村的数据：请先导入花名册。")),
            _ => return Err(refused("problem.village", "数据库中有多个村：请写明问题所在的村。")),
        },
    };
    Ok(Checked {
        village_id,
        household_id: household_id.map(String::from),
        source,
        category,
        description: description.to_string(),
        found_on: input.found_on,
        owner: owner.to_string(),
        deadline: input.deadline,
    })
}

/// Add a problem (待整改).
pub fn add(store: &mut Store, input: &ProblemInput, today: NaiveDate) -> Result<ProblemRow> {
    let c = check(store.read(), input, today)?;
    let mut w = store.write()?;
    let id = sp::add_problem(&mut w, &c.new_problem(None))?;
    w.commit()?;
    read_back(store, &id, today)
}

fn read_back(store: &Store, id: &str, today: NaiveDate) -> Result<ProblemRow> {
    sp::problem(store.read(), id, today)?.ok_or_else(|| refused("problem.lost", "问题保存后未能读回，请重试。"))
}

/// One problem, voided or not.
pub fn get(store: &Store, id: &str, today: NaiveDate) -> Result<ProblemRow> {
    sp::problem(store.read(), id, today)?.ok_or_else(|| refused("problem.unknown", "没有这条问题记录（可能编号写错了），请刷新后再试。"))
}

/// A problem to act on: it exists and is not voided.
fn live(store: &Store, id: &str, today: NaiveDate) -> Result<ProblemRow> {
    let row = get(store, id, today)?;
    if let Some(on) = &row.voided_on {
        return Err(refused("problem.voided", format!("这条问题已于{}作废，不能再修改、整改或销号。", date_zh(on))));
    }
    Ok(row)
}

fn date_zh(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").map_or_else(|_| iso.to_string(), zh)
}

/// The team of the problem's village ("" when it has none): the correction's team.
fn team_of(store: &Store, village_id: &str) -> Result<String> {
    Ok(sp::team_of_village(store.read(), village_id)?.unwrap_or_default())
}

/// The Chinese name of a problem's column, as 修改记录 shows it.
pub fn field_label(column: &str) -> String {
    match column {
        "village_id" => "村",
        "household_id" => "农户",
        "source" => "来源",
        "category" => "问题类别",
        "description" => "存在问题",
        "found_on" => "发现日期",
        "owner" => "责任人",
        "deadline" => "整改时限",
        "status" => "状态",
        "resolution" => "整改措施及结果",
        "closed_on" => "销号日期",
        "approver" => "销号审批人",
        "voided_on" => "作废日期",
        other => other,
    }
    .to_string()
}

/// Correct a problem (修改): checked as a new one is, only the fields that change written, one
/// 修改记录 with who, why and each field before and after. Nothing changed: nothing written.
pub fn update(store: &mut Store, id: &str, input: &ProblemInput, trace: &Trace, today: NaiveDate) -> Result<ProblemRow> {
    let by = trace.by()?;
    let before = live(store, id, today)?;
    let c = check(store.read(), input, today)?;
    if let Some(closed) = before.closed_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
        if c.found_on > closed {
            return Err(refused("problem.close_before_found", format!("发现日期{}晚于销号日期{}：请检查日期。", zh(c.found_on), zh(closed))));
        }
    }
    let team = team_of(store, &c.village_id)?;
    let mut fields = c.new_problem(before.visit_id.as_deref()).fields();
    // The household is an id in the row: written here, named by 户编号 and head in the trace.
    let mut extra = Vec::new();
    let mut w = store.write()?;
    if before.household_id != c.household_id || before.village_id != c.village_id {
        let label = |h: Option<&str>| h.and_then(|h| sp::household_label(w.conn(), h).ok().flatten());
        extra.push(zhucun_store::corrections::CorrectionChange {
            field: field_label("household_id"),
            before: label(before.household_id.as_deref()).or(Some("（本村）".into())),
            after: label(c.household_id.as_deref()).or(Some("（本村）".into())),
        });
        let moved: Vec<_> = fields.iter().filter(|(col, _)| matches!(*col, "household_id" | "village_id")).cloned().collect();
        w.update(Table::Problem, id, &moved)?;
    }
    fields.retain(|(col, _)| !matches!(*col, "household_id" | "village_id"));
    let correction = Correction { table: Table::Problem, id, team_id: &team, action: "修改", by, reason: trace.reason.trim() };
    update_traced(&mut w, &correction, &fields, field_label, extra)?;
    w.commit()?;
    read_back(store, id, today)
}

/// 开始整改: 待整改 → 整改中.
pub fn start(store: &mut Store, id: &str, today: NaiveDate) -> Result<ProblemRow> {
    let row = live(store, id, today)?;
    match ProblemStatus::parse(&row.status) {
        Ok(ProblemStatus::Open) => {}
        Ok(ProblemStatus::InProgress) => return Err(refused("problem.started", "这条问题已在整改中。")),
        _ => return Err(refused("problem.closed", format!("这条问题已于{}销号，不能再开始整改；问题又出现时请新增一条。", row.closed_on.as_deref().map(date_zh).unwrap_or_default()))),
    }
    let mut w = store.write()?;
    w.update(Table::Problem, id, &sp::start_fields())?;
    w.commit()?;
    read_back(store, id, today)
}

/// What L1 asks of a closing, checked: the resolution, the date and the approver.
pub fn check_close(row: &ProblemRow, c: &ProblemClose, today: NaiveDate) -> Result<(String, NaiveDate, String)> {
    let resolution = c.resolution.trim();
    if resolution.chars().count() < 2 {
        return Err(refused("problem.resolution", "销号须写明整改措施及结果（做了什么、结果如何，至少2个字）。"));
    }
    if resolution.chars().count() > RESOLUTION_MAX {
        return Err(refused("problem.resolution", format!("整改措施及结果写得太长了：请不超过{RESOLUTION_MAX}个字，详细材料可另附。")));
    }
    let Some(on) = c.closed_on else {
        return Err(refused("problem.closed_on", "销号须写明销号日期。"));
    };
    if on > today {
        return Err(refused("problem.close_future", format!("销号日期{}还没到：整改完成、审批同意之后再销号。", zh(on))));
    }
    let found = NaiveDate::parse_from_str(&row.found_on, "%Y-%m-%d").ok();
    if let Some(found) = found.filter(|f| on < *f) {
        return Err(refused("problem.close_before_found", format!("销号日期{}早于问题的发现日期{}：请检查日期。", zh(on), zh(found))));
    }
    let approver = c.approver.trim();
    if approver.is_empty() {
        return Err(refused("problem.approver", "销号须写明审批人（谁同意销号）。"));
    }
    if approver.chars().count() > NAME_MAX {
        return Err(refused("problem.approver", format!("审批人写得太长了：请只写姓名（不超过{NAME_MAX}个字）。")));
    }
    Ok((resolution.to_string(), on, approver.to_string()))
}

/// 销号 (L1): refused without a resolution, a date (not to come, not before the finding) and an
/// approver; status 已销号.
pub fn close(store: &mut Store, id: &str, c: &ProblemClose, today: NaiveDate) -> Result<ProblemRow> {
    let row = live(store, id, today)?;
    if ProblemStatus::parse(&row.status).is_ok_and(|s| s == ProblemStatus::Closed) {
        return Err(refused("problem.closed", format!("这条问题已于{}销号。", row.closed_on.as_deref().map(date_zh).unwrap_or_default())));
    }
    let (resolution, on, approver) = check_close(&row, c, today)?;
    let mut w = store.write()?;
    w.update(Table::Problem, id, &sp::close_fields(&resolution, on, &approver))?;
    w.commit()?;
    read_back(store, id, today)
}

/// 撤销销号: a 销号 made in error undone (整改中 again); the closing's resolution, date and approver
/// are kept in 修改记录 (who and why required).
pub fn reopen(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<ProblemRow> {
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let row = live(store, id, today)?;
    if !ProblemStatus::parse(&row.status).is_ok_and(|s| s == ProblemStatus::Closed) {
        return Err(refused("problem.not_closed", "这条问题还没有销号，无需撤销。"));
    }
    let team = team_of(store, &row.village_id)?;
    let mut w = store.write()?;
    let correction = Correction { table: Table::Problem, id, team_id: &team, action: "撤销销号", by, reason };
    let fields = [
        ("status", Value::Text(ProblemStatus::InProgress.label().into())),
        ("resolution", Value::Null),
        ("closed_on", Value::Null),
        ("approver", Value::Null),
    ];
    update_traced(&mut w, &correction, &fields, field_label, vec![])?;
    w.commit()?;
    read_back(store, id, today)
}

/// 作废: a problem entered by mistake (twice, or not a problem): kept, marked with the day, in no
/// ledger and no count; 修改记录 keeps who and why (required).
pub fn void(store: &mut Store, id: &str, trace: &Trace, today: NaiveDate) -> Result<ProblemRow> {
    let by = trace.by()?;
    let reason = trace.reason_required()?;
    let row = live(store, id, today)?;
    let team = team_of(store, &row.village_id)?;
    let mut w = store.write()?;
    let correction = Correction { table: Table::Problem, id, team_id: &team, action: "作废", by, reason };
    update_traced(&mut w, &correction, &sp::void_fields(today), field_label, vec![])?;
    w.commit()?;
    read_back(store, id, today)
}

/// The problems the filter asks (the 问题台账 page, `zhucun problem list`); 已超期 against `today`.
pub fn list(store: &Store, filter: &ProblemFilter, today: NaiveDate) -> Result<Vec<ProblemRow>> {
    if let Some(s) = filter.status.as_deref().map(str::trim).filter(|s| !s.is_empty() && *s != "未销号") {
        ProblemStatus::parse(s)?;
    }
    if let Some(c) = filter.category.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        ProblemCategory::parse(c)?;
    }
    Ok(sp::problems(store.read(), filter, today)?)
}

/// L1 over every closed problem (not voided): a closing that arrived without its resolution, date or
/// approver (from another laptop, or an app of another version) is a `short` finding.
pub fn check_l1(store: &Store, today: NaiveDate) -> Result<Vec<zhucun_domain::rules::Finding>> {
    use zhucun_domain::rules::problems::{check_l1 as l1, ClosedProblem};
    let filter = ProblemFilter { status: Some(ProblemStatus::Closed.label().into()), ..Default::default() };
    let day = |s: &Option<String>| s.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let closed: Vec<ClosedProblem> = sp::problems(store.read(), &filter, today)?
        .into_iter()
        .map(|r| ClosedProblem {
            label: match &r.household_number {
                Some(n) => format!("{n} {}", r.head_name.as_deref().unwrap_or("")).trim().to_string(),
                None => r.village_name.clone(),
            },
            found_on: day(&Some(r.found_on.clone())).unwrap_or(today),
            closed_on: day(&r.closed_on),
            id: r.id,
            resolution: r.resolution,
            approver: r.approver,
        })
        .collect();
    Ok(l1(&closed))
}

/// A household's id from its 户编号 (the CLI's `--household`).
pub fn household_by_number(store: &Store, number: &str) -> Result<String> {
    sp::household_by_number(store.read(), number.trim())?
        .ok_or_else(|| refused("problem.household", format!("没有户编号为“{}”的农户：请检查户编号。", zhucun_domain::text::excerpt(number))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CoreError;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn demo() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let h = zhucun_store::households::list_households(s.read(), &Default::default(), d("2024-09-01")).unwrap().rows[0].id.clone();
        (dir, s, h)
    }

    fn input(h: &str) -> ProblemInput {
        ProblemInput {
            village_id: None,
            household_id: Some(h.into()),
            source: "走访".into(),
            category: "住房安全".into(),
            description: "屋顶漏雨".into(),
            found_on: d("2024-09-02"),
            owner: "李娟".into(),
            deadline: Some(d("2024-09-30")),
        }
    }

    fn code(e: CoreError) -> &'static str {
        e.code()
    }

    #[test]
    fn adding_checks_every_field_and_changes_nothing_when_refused() {
        let (_d, mut s, h) = demo();
        let today = d("2024-09-20");
        let bad = |s: &Store, f: &dyn Fn(&mut ProblemInput)| {
            let mut i = input(&h);
            f(&mut i);
            check(s.read(), &i, today).err().map(code)
        };
        assert_eq!(bad(&s, &|i| i.description = "  ".into()), Some("problem.description"));
        assert_eq!(bad(&s, &|i| i.description = "问".repeat(DESCRIPTION_MAX + 1)), Some("problem.description"));
        assert_eq!(bad(&s, &|i| i.category = "交通".into()), Some("value.choice"));
        assert_eq!(bad(&s, &|i| i.source = "听说".into()), Some("value.choice"));
        assert_eq!(bad(&s, &|i| i.found_on = d("2024-09-21")), Some("problem.found_future"));
        assert_eq!(bad(&s, &|i| i.deadline = Some(d("2024-09-01"))), Some("problem.deadline"));
        assert_eq!(bad(&s, &|i| i.household_id = Some("nope".into())), Some("problem.household"));
        assert_eq!(bad(&s, &|i| i.village_id = Some("nope".into())), Some("problem.village"));
        assert_eq!(bad(&s, &|i| i.owner = "人".repeat(NAME_MAX + 1)), Some("problem.owner"));
        assert_eq!(bad(&s, &|i| i.deadline = Some(d("2024-09-02"))), None, "the deadline may be the found day");
        assert!(list(&s, &ProblemFilter::default(), today).unwrap().is_empty());

        let row = add(&mut s, &input(&h), today).unwrap();
        assert_eq!((row.status.as_str(), row.category.as_str(), row.source.as_str()), ("待整改", "住房安全", "走访"));
        assert!(row.household_number.is_some() && row.head_name.is_some() && row.group_name.is_some());
        // A village's problem: no household, the only village implied.
        let v = add(&mut s, &ProblemInput { household_id: None, category: "环境卫生".into(), ..input(&h) }, today).unwrap();
        assert_eq!((v.household_id.clone(), v.village_id.clone()), (None, row.village_id.clone()));
        assert_eq!(list(&s, &ProblemFilter { category: Some("环境卫生".into()), ..Default::default() }, today).unwrap().len(), 1);
        assert_eq!(list(&s, &ProblemFilter { group_id: row.group_id.clone(), ..Default::default() }, today).unwrap().len(), 1);
        assert_eq!(list(&s, &ProblemFilter { status: Some("好了".into()), ..Default::default() }, today).map(|_| ()).unwrap_err().code(), "value.choice");
    }

    #[test]
    fn closing_needs_resolution_date_and_approver_l1() {
        let (_d, mut s, h) = demo();
        let today = d("2024-09-20");
        let p = add(&mut s, &input(&h), today).unwrap();
        let ok = ProblemClose { resolution: "已维修屋顶".into(), closed_on: Some(d("2024-09-18")), approver: "周建国".into() };
        let refused_with = |s: &mut Store, c: ProblemClose| close(s, &p.id, &c, today).map(|_| ()).unwrap_err().code();
        assert_eq!(refused_with(&mut s, ProblemClose { resolution: " ".into(), ..ok.clone() }), "problem.resolution");
        assert_eq!(refused_with(&mut s, ProblemClose { closed_on: None, ..ok.clone() }), "problem.closed_on");
        assert_eq!(refused_with(&mut s, ProblemClose { approver: "".into(), ..ok.clone() }), "problem.approver");
        assert_eq!(refused_with(&mut s, ProblemClose { closed_on: Some(d("2024-09-21")), ..ok.clone() }), "problem.close_future");
        assert_eq!(refused_with(&mut s, ProblemClose { closed_on: Some(d("2024-09-01")), ..ok.clone() }), "problem.close_before_found");
        assert_eq!(get(&s, &p.id, today).unwrap().status, "待整改", "a refused closing changes nothing");

        let started = start(&mut s, &p.id, today).unwrap();
        assert_eq!(started.status, "整改中");
        assert_eq!(start(&mut s, &p.id, today).map(|_| ()).unwrap_err().code(), "problem.started");
        let closed = close(&mut s, &p.id, &ok, today).unwrap();
        assert_eq!((closed.status.as_str(), closed.resolution.as_deref(), closed.closed_on.as_deref(), closed.approver.as_deref()), ("已销号", Some("已维修屋顶"), Some("2024-09-18"), Some("周建国")));
        assert_eq!(close(&mut s, &p.id, &ok, today).map(|_| ()).unwrap_err().code(), "problem.closed");
        assert_eq!(start(&mut s, &p.id, today).map(|_| ()).unwrap_err().code(), "problem.closed");

        // 撤销销号: who and why, the closing kept in 修改记录.
        assert_eq!(reopen(&mut s, &p.id, &Trace { by: "周建国".into(), reason: "".into() }, today).map(|_| ()).unwrap_err().code(), "correction.reason");
        let back = reopen(&mut s, &p.id, &Trace { by: "周建国".into(), reason: "销号时整改未完成".into() }, today).unwrap();
        assert_eq!((back.status.as_str(), back.resolution.clone(), back.approver.clone()), ("整改中", None, None));
        let h = crate::corrections::history(&s, "problem", &p.id).unwrap();
        assert_eq!(h[0].action, "撤销销号");
        assert!(h[0].changes.iter().any(|c| c.field == "销号审批人" && c.before.as_deref() == Some("周建国")));
        assert_eq!(reopen(&mut s, &p.id, &Trace { by: "周建国".into(), reason: "再撤".into() }, today).map(|_| ()).unwrap_err().code(), "problem.not_closed");

        // L1 over what is stored: a closing that arrived without its approver is a finding.
        close(&mut s, &p.id, &ok, today).unwrap();
        assert_eq!(check_l1(&s, today).unwrap().iter().map(|f| f.status).collect::<Vec<_>>(), vec![zhucun_domain::rules::Status::Ok]);
        let mut w = s.write().unwrap();
        w.update(Table::Problem, &p.id, &[("approver", Value::Null)]).unwrap();
        w.commit().unwrap();
        let f = check_l1(&s, today).unwrap();
        assert_eq!((f[0].status, f[0].found), (zhucun_domain::rules::Status::Short, 2));
        assert!(f[0].explain.contains("缺少审批人"), "{}", f[0].explain);
    }

    #[test]
    fn overdue_is_the_items_and_an_edit_or_a_void_keeps_its_trace() {
        let (_d, mut s, h) = demo();
        let p = add(&mut s, &input(&h), d("2024-09-20")).unwrap();
        assert!(!p.overdue);
        let later = d("2024-10-08");
        assert!(get(&s, &p.id, later).unwrap().overdue);
        assert_eq!(list(&s, &ProblemFilter { overdue: true, ..Default::default() }, later).unwrap().len(), 1);

        let trace = Trace { by: "李娟".into(), reason: "时限延后".into() };
        assert_eq!(update(&mut s, &p.id, &input(&h), &Trace::default(), later).map(|_| ()).unwrap_err().code(), "correction.by");
        let e = update(&mut s, &p.id, &ProblemInput { deadline: Some(d("2024-08-01")), ..input(&h) }, &trace, later).map(|_| ()).unwrap_err();
        assert_eq!(e.code(), "problem.deadline");
        let row = update(&mut s, &p.id, &ProblemInput { deadline: Some(d("2024-10-31")), owner: "周建国".into(), ..input(&h) }, &trace, later).unwrap();
        assert!(!row.overdue);
        let hist = crate::corrections::history(&s, "problem", &p.id).unwrap();
        assert_eq!((hist.len(), hist[0].action.as_str(), hist[0].changes.len()), (1, "修改", 2), "{:?}", hist[0].changes);
        update(&mut s, &p.id, &ProblemInput { deadline: Some(d("2024-10-31")), owner: "周建国".into(), ..input(&h) }, &trace, later).unwrap();
        assert_eq!(crate::corrections::history(&s, "problem", &p.id).unwrap().len(), 1, "nothing changed, no trace");

        assert_eq!(void(&mut s, &p.id, &Trace { by: "李娟".into(), reason: "".into() }, later).map(|_| ()).unwrap_err().code(), "correction.reason");
        let v = void(&mut s, &p.id, &Trace { by: "李娟".into(), reason: "重复登记".into() }, later).unwrap();
        assert_eq!(v.voided_on.as_deref(), Some("2024-10-08"));
        assert!(list(&s, &ProblemFilter::default(), later).unwrap().is_empty());
        assert_eq!(list(&s, &ProblemFilter { voided: true, ..Default::default() }, later).unwrap().len(), 1);
        assert_eq!(start(&mut s, &p.id, later).map(|_| ()).unwrap_err().code(), "problem.voided");
        assert_eq!(crate::corrections::history(&s, "problem", &p.id).unwrap()[0].action, "作废");
    }
}
