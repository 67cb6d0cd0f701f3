//! The daily work log, leave, meetings, the rule checks over them, and the parameters and holiday
//! calendar the rules read: what `zhucun log|leave|meeting|check|param|holiday` and the app's 今日, 考勤,
//! 请销假, 会议 and 设置 pages call.

use crate::error::{CoreError, Result};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::{builtin, Calendar, CalendarDay, DayKind};
use zhucun_domain::params::param_def;
use zhucun_domain::rules::attendance::{self as a_rules, CalendarCell};
use zhucun_domain::rules::{meetings as m_rules, Finding, Period, Records};
use zhucun_domain::worklog::{ApprovalLevel, Half, HalfDay, LeaveKind, LeaveSpan, LogStatus, MeetingKind, WorkCategory};
use zhucun_store::members::MemberRow;
use zhucun_store::worklog::{self as wl, LeaveRow, LogRow, MeetingRow, ParamRow};
use zhucun_store::{Store, Value};

fn refused(code: &'static str, message: impl Into<String>) -> CoreError {
    CoreError::Refused { code, message: message.into() }
}

fn zh(d: NaiveDate) -> String {
    zhucun_domain::date::format_date_zh(d)
}

/// A member of the team by id, or a clear refusal.
fn member(store: &Store, id: &str) -> Result<MemberRow> {
    zhucun_store::members::list_members(store.read())?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| refused("member.unknown", format!("没有编号为“{id}”的工作队员。队员编号可在“设置—工作队成员”或用 zhucun member list 查看。")))
}

fn check_assigned(m: &MemberRow, d: NaiveDate) -> Result<()> {
    let from = NaiveDate::parse_from_str(&m.from_date, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    let to = m.to_date.as_deref().and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok());
    if d < from || to.is_some_and(|t| d > t) {
        let span = match to {
            Some(t) => format!("{}至{}", zh(from), zh(t)),
            None => format!("{}起", zh(from)),
        };
        return Err(refused("member.not_assigned", format!("{}的驻村时间是{span}，{}不在驻村期间。请核对日期，或在设置中修改驻村时间。", m.name, zh(d))));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Work log

/// What the 今日 page (and `zhucun log set`) sends.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct LogInput {
    pub member_id: String,
    pub date: NaiveDate,
    pub status: String,
    pub night: bool,
    pub content: String,
    pub categories: Vec<String>,
}

/// Set a member's log for a day (one per member and day: setting again replaces it). A log for a day
/// after `today` is refused; so is a day outside the member's assignment.
pub fn set_log(store: &mut Store, input: &LogInput, today: NaiveDate) -> Result<LogRow> {
    let status = LogStatus::parse(&input.status)?;
    let mut categories = Vec::new();
    for c in &input.categories {
        let c = WorkCategory::parse(c)?;
        if !categories.contains(&c.label().to_string()) {
            categories.push(c.label().to_string());
        }
    }
    if input.date > today {
        return Err(refused("log.future", format!("{}还没到，不能提前填写工作日志。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let m = member(store, &input.member_id)?;
    check_assigned(&m, input.date)?;
    let mut w = store.write()?;
    wl::set_log(
        &mut w,
        &wl::LogInput {
            member_id: &input.member_id,
            date: input.date,
            status,
            night: input.night,
            content: input.content.trim(),
            categories: &categories,
        },
    )?;
    w.commit()?;
    let row = wl::logs(store.read(), Some(&input.member_id), input.date, input.date)?.into_iter().next();
    row.ok_or_else(|| refused("log.lost", "日志保存后未能读回，请重试。"))
}

pub fn logs(store: &Store, member_id: Option<&str>, from: NaiveDate, to: NaiveDate) -> Result<Vec<LogRow>> {
    Ok(wl::logs(store.read(), member_id, from, to)?)
}

/// The 今日 page for one member and day: the log, the week around it day by day with the weekly
/// findings, and the meetings of that day.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct DayView {
    pub member: MemberRow,
    pub date: NaiveDate,
    pub log: Option<LogRow>,
    pub week: Vec<CalendarCell>,
    /// A2.days and A2.nights for the week of `date`.
    pub findings: Vec<Finding>,
    pub meetings: Vec<MeetingRow>,
    pub categories: Vec<String>,
    /// What another laptop wrote for the same day before the two synced, when it differs from the
    /// day's log: offered on 今日 so nothing typed is lost.
    pub other_logs: Vec<LogRow>,
}

pub fn day_view(store: &Store, member_id: &str, date: NaiveDate, today: NaiveDate) -> Result<DayView> {
    let m = member(store, member_id)?;
    let week = Period::week_of(date);
    let (a, b) = week.range();
    let records = wl::records(store.read(), a, b)?;
    let cal = calendar(store)?;
    let p = wl::rule_params(store.read())?;
    let idx = a_rules::index(&records);
    let (cells, findings) = match idx.iter().find(|md| md.member.id == member_id) {
        Some(md) => {
            let cells = (0..7).map(|i| a + Days::new(i)).map(|d| a_rules::cell(md, d, &cal)).collect();
            (cells, a_rules::a2(md, week, &cal, &p, today).to_vec())
        }
        None => (Vec::new(), Vec::new()),
    };
    let meetings = wl::meetings(store.read(), date, date)?
        .into_iter()
        .filter(|x| x.host_id.as_deref() == Some(member_id) || x.attendees.iter().any(|a| a == member_id))
        .collect();
    Ok(DayView {
        log: wl::logs(store.read(), Some(member_id), date, date)?.into_iter().next(),
        member: m,
        date,
        week: cells,
        findings,
        meetings,
        categories: WorkCategory::ALL.iter().map(|c| c.label().to_string()).collect(),
        other_logs: wl::other_logs(store.read(), member_id, date)?,
    })
}

// ---------------------------------------------------------------------------------------------------
// Checks

fn records_for(store: &Store, period: Period) -> Result<Records> {
    // The weeks whose Monday is in the month reach up to six days past it.
    let (a, b) = period.range();
    Ok(wl::records(store.read(), a, b + Days::new(6))?)
}

pub fn calendar(store: &Store) -> Result<Calendar> {
    Ok(Calendar::new(&wl::holiday_overrides(store.read())?))
}

fn month(period: &str) -> Result<Period> {
    match Period::parse(period)? {
        p @ Period::Month { .. } => Ok(p),
        _ => Err(refused("period.month", format!("这里要一个月份，如 2024-09（收到的是“{period}”）。"))),
    }
}

/// A1 for the month, A2 for each ISO week whose Monday is in it, A3 for leave touching it.
pub fn check_attendance(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    let p = month(period)?;
    let records = records_for(store, p)?;
    Ok(a_rules::check_month(&records, p, &calendar(store)?, &wl::rule_params(store.read())?, today))
}

/// M1 for each ISO week whose Monday is in the month, M3 for the month, M2 for its half-year.
pub fn check_meetings(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    let p = month(period)?;
    let (a, b) = p.range();
    let half = Period::half_of(a).range();
    // Members as assigned in the month; meetings over the half-year (for M2). No logs needed.
    let mut records = wl::team_records(store.read(), a, b)?;
    records.meetings = wl::meeting_records(store.read(), half.0.min(a), half.1.max(b + Days::new(6)))?;
    Ok(m_rules::check_month(&records, p, &calendar(store)?, &wl::rule_params(store.read())?, today))
}

/// One member's month on the 考勤 page.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberMonth {
    pub member_id: String,
    pub name: String,
    pub role: String,
    pub cells: Vec<CalendarCell>,
    pub days_in_village: i64,
    pub nights: i64,
    /// Approved leave in the month, in days.
    pub leave_days: f64,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct AttendanceMonth {
    pub period: String,
    pub label: String,
    pub members: Vec<MemberMonth>,
}

pub fn attendance_month(store: &Store, period: &str, today: NaiveDate) -> Result<AttendanceMonth> {
    let p = month(period)?;
    let records = records_for(store, p)?;
    let cal = calendar(store)?;
    let params = wl::rule_params(store.read())?;
    let findings = a_rules::check_month(&records, p, &cal, &params, today);
    let (a, b) = p.range();
    let mut members = Vec::new();
    for md in a_rules::index(&records) {
        let m = md.member;
        if m.assigned_days(a, b) == 0 {
            continue;
        }
        let cells = a_rules::month_cells(&md, p, &cal);
        members.push(MemberMonth {
            member_id: m.id.clone(),
            name: m.name.clone(),
            role: m.role.label().to_string(),
            days_in_village: cells.iter().filter(|c| c.status == Some(LogStatus::InVillage)).count() as i64,
            nights: cells.iter().filter(|c| c.night).count() as i64,
            leave_days: cells.iter().map(|c| c.leave_halves).sum::<i64>() as f64 / 2.0,
            findings: findings.iter().filter(|f| f.subject == m.id).cloned().collect(),
            cells,
        });
    }
    Ok(AttendanceMonth { period: p.to_string(), label: p.label_zh(), members })
}

// ---------------------------------------------------------------------------------------------------
// Leave

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveInput {
    pub member_id: String,
    pub kind: String,
    /// `2024-09-10`, `2024-09-10上午` or `2024-09-10下午` (a date alone starts in the morning).
    pub from: String,
    /// A date alone ends in the afternoon.
    pub to: String,
    pub reason: String,
}

pub fn add_leave(store: &mut Store, input: &LeaveInput, today: NaiveDate) -> Result<LeaveRow> {
    let kind = LeaveKind::parse(&input.kind)?;
    let span = LeaveSpan::new(HalfDay::parse(&input.from, Half::Am)?, HalfDay::parse(&input.to, Half::Pm)?)?;
    if input.reason.trim().is_empty() {
        return Err(refused("leave.reason", "请写明请假事由。"));
    }
    let m = member(store, &input.member_id)?;
    check_assigned(&m, span.from.date)?;
    let (from, to) = (span.from.date, span.to.date);
    for other in wl::leaves(store.read(), from, to)? {
        if other.member_id != input.member_id {
            continue;
        }
        // An approved leave ended by the report of return no longer holds the days after it.
        let Some(o) = other.record().and_then(|r| r.until_return()) else { continue };
        if o.from.index() <= span.to.index() && span.from.index() <= o.to.index() {
            return Err(refused(
                "leave.overlap",
                format!(
                    "{}已有{}至{}的请假（{}），与这次请假时间重叠。请调整时间；原来的请假如未批准可先撤回，如已批准且已提前回村请先办理销假。",
                    m.name,
                    o.from.label(),
                    o.to.label(),
                    other.state
                ),
            ));
        }
    }
    let p = wl::rule_params(store.read())?;
    let level = ApprovalLevel::for_days(span.days(), p.township_max_days);
    let mut w = store.write()?;
    let id = wl::add_leave(
        &mut w,
        &wl::LeaveInput { member_id: &input.member_id, kind, span, reason: input.reason.trim(), requested_on: today, approval_level: level.label() },
    )?;
    w.commit()?;
    Ok(wl::leave(store.read(), &id)?)
}

fn open_leave(store: &Store, id: &str) -> Result<LeaveRow> {
    let l = wl::leave(store.read(), id).map_err(|_| refused("leave.unknown", format!("没有编号为“{id}”的请假记录。")))?;
    if l.withdrawn() {
        return Err(refused("leave.cancelled", format!("这条请假已于{}撤回。", l.cancelled_on.clone().unwrap_or_default())));
    }
    Ok(l)
}

/// Approve a leave: by whom (the approver's name; the level the length calls for is on the request).
pub fn approve_leave(store: &mut Store, id: &str, by: &str, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    let by = by.trim();
    if by.is_empty() {
        return Err(refused("leave.approver", "请写明审批人。"));
    }
    if let Some(prev) = &l.approved_by {
        return Err(refused("leave.approved", format!("这条请假已由{prev}于{}批准，无需再次审批。", l.approved_on.clone().unwrap_or_default())));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("approved_by", Value::Text(by.into())), ("approved_on", Value::Text(today.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Report of return (销假) on `date`: the leave ends the day before.
pub fn return_leave(store: &mut Store, id: &str, date: NaiveDate, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_none() {
        return Err(refused("leave.not_approved", "这条请假还没有批准，不能销假。未批准的请假如不再需要，可以撤回。"));
    }
    if let Some(r) = &l.returned_on {
        return Err(refused("leave.returned", format!("这条请假已于{r}销假。")));
    }
    if date > today {
        return Err(refused("leave.return_future", format!("{}还没到，销假日期不能晚于今天。如果今天确实是这一天，请检查电脑的日期设置。", zh(date))));
    }
    let from = l.span()?.from.date;
    if date < from {
        return Err(refused("leave.return_early", format!("销假日期{}早于请假开始日期{}，请核对。", zh(date), zh(from))));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("returned_on", Value::Text(date.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Withdraw a request (撤回); an approved leave is ended by the report of return instead.
pub fn cancel_leave(store: &mut Store, id: &str, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_some() {
        return Err(refused("leave.approved", "已批准的请假不能撤回：提前回村请办理销假。"));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("cancelled_on", Value::Text(today.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

pub fn leaves(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeaveRow>> {
    Ok(wl::leaves(store.read(), from, to)?)
}

// ---------------------------------------------------------------------------------------------------
// Meetings

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct MeetingInput {
    pub kind: String,
    pub date: NaiveDate,
    pub topic: String,
    /// Who led it; for 党课 and 领学 the first secretary when not given.
    pub host_id: Option<String>,
    pub attendees: Vec<String>,
    pub minutes: String,
}

pub fn add_meeting(store: &mut Store, input: &MeetingInput, today: NaiveDate) -> Result<MeetingRow> {
    let kind = MeetingKind::parse(&input.kind)?;
    let topic = input.topic.trim();
    if topic.is_empty() {
        return Err(refused("meeting.topic", "请填写会议主题。"));
    }
    if input.date > today {
        return Err(refused("meeting.future", format!("{}还没到：会议开过之后再记录。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let all = zhucun_store::members::list_members(store.read())?;
    let mut team: Option<String> = None;
    let mut attendees = Vec::new();
    for a in input.attendees.iter().chain(input.host_id.iter()) {
        let m = all.iter().find(|m| &m.id == a).ok_or_else(|| refused("member.unknown", format!("没有编号为“{a}”的工作队员。")))?;
        let t = team_of_member(store, &m.id)?;
        if team.as_ref().is_some_and(|x| *x != t) {
            return Err(refused("meeting.teams", "参会的队员不属于同一个工作队。"));
        }
        team = Some(t);
        if input.attendees.contains(a) && !attendees.contains(a) {
            attendees.push(a.clone());
        }
    }
    let team = match team {
        Some(t) => t,
        None => only_team(store)?,
    };
    let host = match (&input.host_id, kind) {
        (Some(h), _) => Some(h.clone()),
        (None, MeetingKind::Lecture | MeetingKind::Study) => all
            .iter()
            .find(|m| m.role == "第一书记" && team_of_member(store, &m.id).is_ok_and(|t| t == team))
            .map(|m| m.id.clone()),
        _ => None,
    };
    let mut w = store.write()?;
    let id = wl::add_meeting(
        &mut w,
        &wl::MeetingInput { team_id: &team, kind, date: input.date, topic, host_id: host.as_deref(), attendees: &attendees, minutes: input.minutes.trim() },
    )?;
    w.commit()?;
    wl::meetings(store.read(), input.date, input.date)?
        .into_iter()
        .find(|m| m.id == id)
        .ok_or_else(|| refused("meeting.lost", "会议保存后未能读回，请重试。"))
}

pub fn delete_meeting(store: &mut Store, id: &str) -> Result<()> {
    let mut w = store.write()?;
    wl::delete_meeting(&mut w, id)?;
    w.commit()?;
    Ok(())
}

pub fn meetings(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<MeetingRow>> {
    Ok(wl::meetings(store.read(), from, to)?)
}

fn team_of_member(store: &Store, member_id: &str) -> Result<String> {
    wl::team_of_member(store.read(), member_id)?.ok_or_else(|| refused("member.unknown", format!("没有编号为“{member_id}”的工作队员。")))
}

/// The laptop's team: the enrolled one, or the only team in the database.
fn only_team(store: &Store) -> Result<String> {
    if let Some(t) = zhucun_store::sync::device(store.read())?.team_id {
        return Ok(t);
    }
    match wl::team_ids(store.read())?.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(refused("team.none", "还没有工作队：请先添加队员。")),
        _ => Err(refused("team.many", "数据库中有多个工作队：请写明参会队员，以确定是哪个队的会议。")),
    }
}

// ---------------------------------------------------------------------------------------------------
// Parameters and holidays

pub fn params(store: &Store) -> Result<Vec<ParamRow>> {
    Ok(wl::params_list(store.read())?)
}

/// Set a parameter. The value must be a number ≥ 0 (0 or 1 for switches).
pub fn set_param(store: &mut Store, key: &str, value: &str, source: Option<&str>) -> Result<ParamRow> {
    let def = param_def(key).ok_or_else(|| {
        let keys: Vec<&str> = zhucun_domain::params::PARAMS.iter().map(|p| p.key).collect();
        refused("param.unknown", format!("没有参数“{key}”。可设置的参数：{}。", keys.join("、")))
    })?;
    let v: f64 = value.trim().parse().map_err(|_| refused("param.value", format!("参数{}（{}）的值应为数字，收到的是“{value}”。", def.key, def.label)))?;
    let whole = v.fract() == 0.0;
    let half_steps = (v * 2.0).fract() == 0.0;
    if !v.is_finite() || v < 0.0 || v > def.max || (def.integer && !whole) || !half_steps {
        let allowed = if def.unit == "0/1" {
            "0 或 1".to_string()
        } else if def.integer {
            format!("0 到 {} 之间的整数", def.max)
        } else {
            format!("0 到 {} 之间的数（可以有半天，如 1.5）", def.max)
        };
        return Err(refused("param.value", format!("参数{}（{}）的值应为{allowed}，收到的是“{value}”。", def.key, def.label)));
    }
    let text = if v.fract() == 0.0 { format!("{}", v as i64) } else { v.to_string() };
    let source = source.map(str::trim).filter(|s| !s.is_empty()).unwrap_or("本机设置");
    let mut w = store.write()?;
    wl::set_param(&mut w, key, &text, source)?;
    w.commit()?;
    wl::params_list(store.read())?.into_iter().find(|p| p.key == key).ok_or_else(|| refused("param.lost", "参数保存后未能读回。"))
}

/// A special day of the calendar as the 设置 page lists it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct HolidayRow {
    pub date: NaiveDate,
    /// 休 / 班 / 常 (常: a built-in day cancelled).
    pub kind: String,
    pub name: String,
    /// In the built-in calendar.
    pub builtin: bool,
    /// Differs from the built-in calendar.
    pub edited: bool,
}

/// The year's special days: the effective ones, and the cancelled built-in ones (kind 常).
pub fn holidays(store: &Store, year: i32) -> Result<Vec<HolidayRow>> {
    let overrides = wl::holiday_overrides(store.read())?;
    let base: Vec<CalendarDay> = builtin().into_iter().filter(|d| d.date.year() == year).collect();
    let effective = Calendar::new(&overrides).year(year);
    let mut out: Vec<HolidayRow> = effective
        .into_iter()
        .map(|d| {
            let b = base.iter().find(|x| x.date == d.date);
            HolidayRow { builtin: b.is_some(), edited: b.is_none_or(|b| b.kind != d.kind || b.name != d.name), date: d.date, kind: d.kind.label().into(), name: d.name }
        })
        .collect();
    for b in &base {
        if !out.iter().any(|r| r.date == b.date) {
            out.push(HolidayRow { date: b.date, kind: DayKind::Ordinary.label().into(), name: b.name.clone(), builtin: true, edited: true });
        }
    }
    out.sort_by_key(|r| r.date);
    Ok(out)
}

/// Mark a day as holiday (休), make-up working day (班) or ordinary (常); `restore` puts the built-in
/// entry back (for a day the built-in calendar does not have: ordinary).
pub fn set_holiday(store: &mut Store, date: NaiveDate, kind: &str, name: &str) -> Result<()> {
    let kind = DayKind::parse(kind)?;
    if kind != DayKind::Ordinary && name.trim().is_empty() {
        return Err(refused("holiday.name", "请写明节日名称（如“国庆节”）。"));
    }
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &CalendarDay { date, kind, name: name.trim().to_string() })?;
    w.commit()?;
    Ok(())
}

pub fn restore_holiday(store: &mut Store, date: NaiveDate) -> Result<()> {
    let day = builtin().into_iter().find(|d| d.date == date).unwrap_or(CalendarDay { date, kind: DayKind::Ordinary, name: String::new() });
    let mut w = store.write()?;
    wl::set_holiday(&mut w, &day)?;
    w.commit()?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Demo

/// The demo village's team: a first secretary, a leader and a member, with work logs for the five
/// weeks up to yesterday, an approved and returned leave, a pending request, weekly meetings, a policy
/// study and a party lecture. Deterministic for a given `today`. Does nothing when the database
/// already has team members. Returns the number of logs written.
pub fn load_demo_team(store: &mut Store, today: NaiveDate) -> Result<usize> {
    if !zhucun_store::members::list_members(store.read())?.is_empty() {
        return Ok(0);
    }
    let villages = zhucun_store::households::villages(store.read())?;
    let Some(village) = villages.first() else { return Ok(0) };
    let start = today - Days::new(190);
    let people = [
        ("周建国", "第一书记", "县农业农村局", "13907391001"),
        ("刘芳", "队长", "县人力资源和社会保障局", "13907391002"),
        ("杨帆", "队员", "县交通运输局", "13907391003"),
    ];
    let mut ids = Vec::new();
    for (name, role, unit, phone) in people {
        let input = crate::members::MemberInput {
            name: name.into(),
            role: role.into(),
            from: start,
            to: None,
            phone: Some(phone.into()),
            unit: Some(unit.into()),
            village_id: Some(village.id.clone()),
        };
        ids.push(crate::members::add_member(store, &input)?);
    }
    let team = wl::team_of_member(store.read(), &ids[0])?.unwrap_or_default();
    let cal = calendar(store)?;
    let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()) + 28);
    let texts = [
        (vec!["入户走访", "防返贫监测"], "走访监测户，核实家庭收入和务工情况，更新风险台账。"),
        (vec!["政策宣传"], "向农户发放防返贫政策明白纸，讲解医保缴费和雨露计划。"),
        (vec!["环境卫生整治"], "组织村民清理房前屋后垃圾，检查各组卫生评比情况。"),
        (vec!["农业生产", "产业发展"], "到油茶基地查看长势，对接合作社收购事宜。"),
        (vec!["基层党建", "会议"], "参加村支两委会，研究本周重点工作。"),
    ];
    let leave_from = monday + Days::new(14 + 2); // Wednesday of the third week
    let mut written = 0;
    {
        let mut w = store.write()?;
        for (i, id) in ids.iter().enumerate() {
            let mut d = monday;
            while d < today {
                let wd = d.weekday().num_days_from_monday() as usize;
                let on_leave = i == 2 && (leave_from..=leave_from + Days::new(1)).contains(&d);
                let (status, night) = if on_leave {
                    (LogStatus::Leave, false)
                } else if !cal.is_workday(d) {
                    (LogStatus::Rest, false)
                } else if (wd + i * 2 + d.day() as usize) % 11 == 0 {
                    (LogStatus::Official, false)
                } else {
                    (LogStatus::InVillage, wd < 4)
                };
                let (cats, text) = &texts[(wd + i) % texts.len()];
                let cats: Vec<String> = if status == LogStatus::InVillage { cats.iter().map(|c| c.to_string()).collect() } else { Vec::new() };
                let content = match status {
                    LogStatus::InVillage => text.to_string(),
                    LogStatus::Official => "到县里参加巩固衔接工作培训。".to_string(),
                    _ => String::new(),
                };
                wl::set_log(&mut w, &wl::LogInput { member_id: id, date: d, status, night, content: &content, categories: &cats })?;
                written += 1;
                d = d + Days::new(1);
            }
        }
        let span = |a: NaiveDate, b: NaiveDate| LeaveSpan { from: HalfDay { date: a, half: Half::Am }, to: HalfDay { date: b, half: Half::Pm } };
        let done = wl::add_leave(
            &mut w,
            &wl::LeaveInput {
                member_id: &ids[2],
                kind: LeaveKind::Sick,
                span: span(leave_from, leave_from + Days::new(1)),
                reason: "感冒发烧，到县医院就诊".into(),
                requested_on: leave_from - Days::new(1),
                approval_level: ApprovalLevel::Township.label(),
            },
        )?;
        wl::update_leave(
            &mut w,
            &done,
            &[
                ("approved_by", Value::Text("乡党委 张书记".into())),
                ("approved_on", Value::Text((leave_from - Days::new(1)).to_string())),
                ("returned_on", Value::Text((leave_from + Days::new(2)).to_string())),
            ],
        )?;
        let next_monday = today + Days::new(7 - u64::from(today.weekday().num_days_from_monday()));
        wl::add_leave(
            &mut w,
            &wl::LeaveInput {
                member_id: &ids[1],
                kind: LeaveKind::Personal,
                span: span(next_monday, next_monday),
                reason: "孩子家长会".into(),
                requested_on: today,
                approval_level: ApprovalLevel::Township.label(),
            },
        )?;
        for week in 0..5u64 {
            let d = monday + Days::new(week * 7);
            if d < today {
                wl::add_meeting(
                    &mut w,
                    &wl::MeetingInput {
                        team_id: &team,
                        kind: MeetingKind::Weekly,
                        date: d,
                        topic: ["部署本周走访任务", "防返贫监测排查", "人居环境整治推进", "产业项目调度", "问题台账销号"][week as usize],
                        host_id: Some(&ids[0]),
                        attendees: &ids,
                        minutes: "各队员汇报上周工作，第一书记部署本周任务。",
                    },
                )?;
            }
        }
        let study = monday + Days::new(9);
        if study < today {
            wl::add_meeting(
                &mut w,
                &wl::MeetingInput {
                    team_id: &team,
                    kind: MeetingKind::Study,
                    date: study,
                    topic: "学习防止返贫动态监测和帮扶政策",
                    host_id: Some(&ids[0]),
                    attendees: &ids,
                    minutes: "",
                },
            )?;
        }
        w.commit()?;
    }
    Ok(written)
}
