//! The daily work log and attendance: setting a day's log, the 今日 view of a day, the checks of
//! A1–A3 for a month, and the 考勤 view of the team's month: what `zhucun log|check attendance` and
//! the app's 今日 and 考勤 pages call.

use crate::error::{refused, Result};
use crate::members::{check_assigned, member};
use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};
use zhucun_domain::calendar::Calendar;
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::rules::attendance::{self as a_rules, CalendarCell};
use zhucun_domain::rules::{Finding, Period, Records};
use zhucun_domain::worklog::{LogStatus, WorkCategory};
use zhucun_store::members::MemberRow;
use zhucun_store::worklog::{self as wl, LogRow, MeetingRow};
use zhucun_store::Store;

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
    // A day still to come is refused, unless its log already exists: one written on a laptop whose
    // clock was wrong (set to 2099) must stay correctable here.
    if input.date > today && wl::log_id(store.read(), &input.member_id, input.date)?.is_none() {
        return Err(refused("log.future", format!("{}还没到，不能提前填写工作日志。如果今天确实是这一天，请检查电脑的日期设置。", zh(input.date))));
    }
    let m = member(store, &input.member_id)?;
    check_assigned(&m, input.date)?;
    check_content(store, status, &input.content)?;
    let mut w = store.write()?;
    wl::set_log_written(
        &mut w,
        &wl::LogInput {
            member_id: &input.member_id,
            date: input.date,
            status,
            night: input.night,
            content: input.content.trim(),
            categories: &categories,
        },
        // A new log remembers the day it was written: later than its day, it was back-filled.
        Some(today),
    )?;
    w.commit()?;
    let row = wl::logs(store.read(), Some(&input.member_id), input.date, input.date)?.into_iter().next();
    row.ok_or_else(|| refused("log.lost", "日志保存后未能读回，请重试。"))
}

/// A day 在村 or 公务外出 is an attendance day: its log says what was done, in at least
/// `log.min_content_chars` characters (spaces not counted), so it never prints as a blank row.
fn check_content(store: &Store, status: LogStatus, content: &str) -> Result<()> {
    if !matches!(status, LogStatus::InVillage | LogStatus::Official) {
        return Ok(());
    }
    let min = zhucun_store::households::param_u32(store.read(), "log.min_content_chars")? as usize;
    let n = content.chars().filter(|c| !c.is_whitespace()).count();
    if n < min {
        let now = if n == 0 { "现在没有填写".to_string() } else { format!("现在只有{n}个字") };
        return Err(refused(
            "log.content_short",
            format!("{}的日志要写明当天做了什么：工作内容至少{min}个字，{now}。", status.label()),
        ));
    }
    Ok(())
}

/// 补填于10月8日 for a log first written after its day; None for one written on its day (or
/// before the day was kept).
pub fn backfill_note(log: &LogRow) -> Option<String> {
    let written = NaiveDate::parse_from_str(log.created_at.as_deref()?, "%Y-%m-%d").ok()?;
    let day = NaiveDate::parse_from_str(&log.date, "%Y-%m-%d").ok()?;
    (written > day).then(|| format!("补填于{}月{}日", written.month(), written.day()))
}

/// Delete a member's log of a day (a log written by mistake, or dated by a wrong clock). The day is
/// then simply not logged; attendance follows.
pub fn delete_log(store: &mut Store, member_id: &str, date: NaiveDate) -> Result<()> {
    member(store, member_id)?;
    let mut w = store.write()?;
    let n = wl::delete_log(&mut w, member_id, date)?;
    if n == 0 {
        return Err(refused("log.not_found", format!("这名队员{}没有工作日志，无需删除。", zh(date))));
    }
    w.commit()?;
    Ok(())
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
    /// What a log of this day would contradict, by status (see `a_rules::log_warnings`): shown on
    /// 今日 for the status and night chosen, before saving.
    pub warnings: Vec<a_rules::LogWarning>,
    /// The member's latest log before `date` (复制昨天 fills the form from it).
    pub previous: Option<LogRow>,
    /// The visits the member made that day (V4: the log lists them without retyping), in order.
    pub visits: Vec<zhucun_store::visits::VisitRow>,
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
        warnings: a_rules::log_warnings(approved_halves(store, member_id, date)?, &p),
        previous: wl::previous_log(store.read(), member_id, date)?,
        visits: zhucun_store::visits::visits(
            store.read(),
            &zhucun_store::visits::VisitQuery { from: Some(date), to: Some(date), member_id: Some(member_id), ..Default::default() },
        )?,
    })
}

/// Approved leave half days of a member on a day (0–2), as the rules count them.
fn approved_halves(store: &Store, member_id: &str, date: NaiveDate) -> Result<i64> {
    let records = wl::records(store.read(), date, date)?;
    Ok(a_rules::index(&records).iter().find(|md| md.member.id == member_id).map_or(0, |md| md.leave_halves(date).0))
}

/// The warnings a log of this status and night gets on its day (`zhucun log set` prints them).
pub fn log_warnings(store: &Store, member_id: &str, date: NaiveDate, status: &str, night: bool) -> Result<Vec<a_rules::LogWarning>> {
    let status = LogStatus::parse(status)?;
    let p = wl::rule_params(store.read())?;
    Ok(a_rules::log_warnings(approved_halves(store, member_id, date)?, &p)
        .into_iter()
        .filter(|w| w.status == status && (night || !w.night_only))
        .collect())
}


fn records_for(store: &Store, period: Period) -> Result<Records> {
    // The weeks whose Monday is in the month reach up to six days past it.
    let (a, b) = period.range();
    Ok(wl::records(store.read(), a, b + Days::new(6))?)
}

pub fn calendar(store: &Store) -> Result<Calendar> {
    Ok(Calendar::new(&wl::holiday_overrides(store.read())?))
}

pub(crate) fn month(period: &str) -> Result<Period> {
    match Period::parse(period)? {
        p @ Period::Month { .. } => Ok(p),
        _ => Err(refused("period.month", format!("这里要一个月份，如 2024-09（收到的是“{period}”）。"))),
    }
}

/// A1 for the month, A2 for each ISO week whose Monday is in it, A3 for leave touching it.
pub fn check_attendance(store: &Store, period: &str, today: NaiveDate) -> Result<Vec<Finding>> {
    check_attendance_with(store, period, today, &wl::rule_params(store.read())?)
}

/// [`check_attendance`] with the given parameters instead of the stored ones (what a change would do).
pub(crate) fn check_attendance_with(store: &Store, period: &str, today: NaiveDate, params: &zhucun_domain::rules::RuleParams) -> Result<Vec<Finding>> {
    let p = month(period)?;
    let records = records_for(store, p)?;
    Ok(a_rules::check_month(&records, p, &calendar(store)?, params, today))
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

/// One member on the 今日填报 strip: has a log been written for the day and for the day before.
/// Neutral facts, in the team's order (first secretary first), never a ranking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct FillStatus {
    pub member_id: String,
    pub name: String,
    pub role: String,
    /// A log exists for the day.
    pub today: bool,
    /// A log exists for the day before.
    pub yesterday: bool,
    /// The member was in the team the day before (if not, `yesterday` says nothing).
    pub assigned_yesterday: bool,
}

/// Who of the team assigned on `day` has written the log of `day` and of the day before (any
/// status counts as written).
pub fn log_fill_status(store: &Store, day: NaiveDate) -> Result<Vec<FillStatus>> {
    let before = day - Days::new(1);
    let assigned = |m: &MemberRow, d: NaiveDate| check_assigned(m, d).is_ok();
    let logs = wl::logs(store.read(), None, before, day)?;
    let has = |id: &str, d: NaiveDate| {
        let d = d.to_string();
        logs.iter().any(|l| l.member_id == id && l.date == d)
    };
    let members = zhucun_store::members::list_members(store.read())?;
    Ok(members
        .iter()
        .filter(|m| assigned(m, day))
        .map(|m| FillStatus {
            member_id: m.id.clone(),
            name: m.name.clone(),
            role: m.role.clone(),
            today: has(&m.id, day),
            yesterday: has(&m.id, before),
            assigned_yesterday: assigned(m, before),
        })
        .collect())
}

#[cfg(test)]
mod fill_tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_fill_status_says_who_wrote_the_day_and_the_day_before() {
        let mut store = Store::open_in_memory().unwrap();
        crate::roster::load_demo(&mut store, 5, 5, 7).unwrap();
        // The demo team's logs run up to the day before `today`.
        let today = d("2024-09-15");
        crate::demo_team::load_demo_team(&mut store, today).unwrap();
        let members = zhucun_store::members::list_members(store.read()).unwrap();
        let (a, b) = (&members[0], &members[1]);
        let log = LogInput { member_id: a.id.clone(), date: today, status: "在村".into(), night: true, content: "走访三组农户".into(), categories: vec![] };
        set_log(&mut store, &log, today).unwrap();

        let strip = log_fill_status(&store, today).unwrap();
        assert_eq!(strip.len(), members.len());
        let of = |id: &str| strip.iter().find(|s| s.member_id == id).unwrap().clone();
        assert_eq!((of(&a.id).today, of(&a.id).yesterday, of(&a.id).assigned_yesterday), (true, true, true));
        assert_eq!((of(&b.id).today, of(&b.id).yesterday), (false, true));
        assert_eq!(of(&a.id).name, a.name);
        // The day before: the demo team wrote every day up to the 14th.
        let strip = log_fill_status(&store, d("2024-09-14")).unwrap();
        assert!(strip.iter().all(|s| s.today && s.yesterday), "{strip:?}");
    }

    #[test]
    fn a_member_not_yet_in_the_team_is_not_listed_and_one_new_today_has_no_yesterday() {
        let mut store = Store::open_in_memory().unwrap();
        crate::roster::load_demo(&mut store, 5, 5, 7).unwrap();
        let add = |store: &mut Store, name: &str, from: &str| {
            let input: crate::members::MemberInput = serde_json::from_value(serde_json::json!({
                "name": name, "role": "队员", "from": from, "to": null, "phone": null, "unit": null, "village_id": null
            }))
            .unwrap();
            crate::members::add_member(store, &input).unwrap()
        };
        let new = add(&mut store, "新队员", "2024-09-15");
        add(&mut store, "以后来", "2024-10-01");
        let strip = log_fill_status(&store, d("2024-09-15")).unwrap();
        assert_eq!(strip.len(), 1);
        assert_eq!(strip[0].member_id, new);
        assert!(!strip[0].assigned_yesterday && !strip[0].today && !strip[0].yesterday);
    }
}
