//! A1 (in-village days per month), A2 (in-village days and nights per week, "住四晚干五天") and A3
//! (leave approved at the right level), with DOMAIN.md's Decisions:
//!
//! - a day counts when that day's log says 在村; a night when the log says the member stayed in the
//!   village that night (the night belongs to the day it starts);
//! - A1 is not reduced by leave; a member assigned part of the month owes ⌈month_days × assigned days ÷
//!   days in month⌉;
//! - A2: each weekday (Monday–Friday) of statutory holiday or approved leave lowers the day and the night
//!   requirement by one, not below 0. Leave is counted in half days on weekdays that are not holidays,
//!   rounded down to whole days. A weekday the member was not assigned lowers both like leave (the
//!   weekly twin of A1's pro-rating). A make-up working day (调休上班) on a weekend raises both by one
//!   only when `attendance.makeup_adds` is set (default: it does not), and only on a day the member is
//!   assigned and not on leave.
//! - A3 holds the level fixed when the leave was requested; a request for days still to come is in
//!   progress until they begin.

use super::{dates_zh, DayLog, Finding, Leave, Member, Period, Records, RuleParams, Status};
use crate::calendar::{is_weekday, Calendar};
use crate::worklog::{days_text, ApprovalLevel, LogStatus};
use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

/// The records of one member, indexed once for all the periods checked.
pub struct MemberDays<'a> {
    pub member: &'a Member,
    /// Date → log, one per day.
    logs: FxHashMap<NaiveDate, &'a DayLog>,
    leaves: Vec<&'a Leave>,
}

impl<'a> MemberDays<'a> {
    pub fn log(&self, d: NaiveDate) -> Option<&'a DayLog> {
        self.logs.get(&d).copied()
    }

    /// Approved leave half days on `d`, and the leave that gives them.
    pub fn leave_halves(&self, d: NaiveDate) -> (i64, Option<&'a Leave>) {
        let mut halves = 0;
        let mut which = None;
        for l in &self.leaves {
            if let Some(span) = l.effective() {
                let h = span.halves_on(d);
                if h > 0 {
                    halves += h;
                    which = Some(*l);
                }
            }
        }
        (halves.min(2), which)
    }
}

/// Index the records by member (logs of members not in `records.members` are ignored).
pub fn index(records: &Records) -> Vec<MemberDays<'_>> {
    let mut by_member: FxHashMap<&str, usize> = FxHashMap::default();
    let mut out: Vec<MemberDays> = Vec::with_capacity(records.members.len());
    for m in &records.members {
        by_member.insert(m.id.as_str(), out.len());
        out.push(MemberDays { member: m, logs: FxHashMap::default(), leaves: Vec::new() });
    }
    for l in &records.logs {
        if let Some(&i) = by_member.get(l.member_id.as_str()) {
            out[i].logs.insert(l.date, l);
        }
    }
    for l in &records.leaves {
        if let Some(&i) = by_member.get(l.member_id.as_str()) {
            out[i].leaves.push(l);
        }
    }
    out
}

/// A1 for the month, A2.days and A2.nights for every ISO week whose Monday is in the month, and A3 for
/// every leave that touches the month, for every member assigned during the month. `today` marks
/// periods not yet over as in progress.
pub fn check_month(records: &Records, month: Period, cal: &Calendar, p: &RuleParams, today: NaiveDate) -> Vec<Finding> {
    let indexed = index(records);
    let (a, b) = month.range();
    let weeks = month.weeks_starting_in();
    let mut out = Vec::new();
    for md in &indexed {
        let m = md.member;
        if m.assigned_days(a, b) > 0 {
            out.push(a1(md, month, p, today));
        }
        for w in &weeks {
            let (wa, wb) = w.range();
            if m.assigned_days(wa, wb) > 0 {
                out.extend(a2(md, *w, cal, p, today));
            }
        }
        for l in &md.leaves {
            if l.span.from.date <= b && l.span.to.date >= a {
                out.push(a3(m, l, month, p, today));
            }
        }
    }
    out
}

/// A1: in-village days in a calendar month.
pub fn a1(md: &MemberDays, month: Period, p: &RuleParams, today: NaiveDate) -> Finding {
    let m = md.member;
    let (a, b) = month.range();
    let days_in_month = month.days() as i64;
    let assigned = m.assigned_days(a, b);
    let required = if assigned >= days_in_month { p.month_days } else { (p.month_days * assigned + days_in_month - 1) / days_in_month };
    let mut found_days = Vec::new();
    let mut records = Vec::new();
    for d in a.iter_days().take_while(|d| *d <= b) {
        if let Some(l) = md.log(d) {
            if l.status == LogStatus::InVillage {
                found_days.push(d);
                records.push(l.id.clone());
            }
        }
    }
    let found = found_days.len() as i64;
    let basis = if assigned >= days_in_month {
        format!("{}要求在村{}天", month.label_zh(), p.month_days)
    } else {
        let (from, to) = (a.max(m.from), m.to.map_or(b, |t| t.min(b)));
        format!(
            "{}在队{}天（{}），按⌈{}×{}÷{}⌉要求在村{}天",
            month.label_zh(),
            assigned,
            format!("{}月{}日至{}月{}日", from.month(), from.day(), to.month(), to.day()),
            p.month_days,
            assigned,
            days_in_month,
            required
        )
    };
    let found_text =
        if found == 0 { "工作日志中没有在村的日子".to_string() } else { format!("工作日志记在村{}天：{}", found, dates_zh(&found_days)) };
    Finding {
        rule: "A1".into(),
        subject: m.id.clone(),
        subject_label: m.name.clone(),
        period: month.to_string(),
        required,
        found,
        status: Status::of(required, found),
        explain: format!("{basis}（请假不减少月度要求）；{found_text}。"),
        records,
        in_progress: today <= b,
    }
}

/// The week's adjustments, as they are explained.
struct WeekBasis {
    lowered: i64,
    raised: i64,
    parts: Vec<String>,
}

fn week_basis(md: &MemberDays, week: Period, cal: &Calendar, p: &RuleParams) -> (WeekBasis, Vec<String>) {
    let m = md.member;
    let (a, b) = week.range();
    let mut holidays: Vec<(NaiveDate, String)> = Vec::new();
    let mut unassigned = Vec::new();
    let mut leave_days = Vec::new();
    let mut leave_halves = 0;
    let mut leave_ids: Vec<String> = Vec::new();
    let mut makeups = Vec::new();
    let mut unapproved = Vec::new();
    for d in a.iter_days().take_while(|d| *d <= b) {
        if !m.assigned_on(d) {
            if is_weekday(d) {
                unassigned.push(d);
            }
            continue;
        }
        if is_weekday(d) {
            if let Some((crate::calendar::DayKind::Holiday, name)) = cal.kind(d) {
                holidays.push((d, name.to_string()));
                continue;
            }
            let (h, leave) = md.leave_halves(d);
            if h > 0 {
                leave_halves += h;
                leave_days.push(d);
                if let Some(l) = leave {
                    if !leave_ids.contains(&l.id) {
                        leave_ids.push(l.id.clone());
                    }
                }
            } else if md.log(d).is_some_and(|l| l.status == LogStatus::Leave) {
                unapproved.push(d);
            }
        } else if p.makeup_adds && cal.is_makeup(d) && md.leave_halves(d).0 == 0 {
            // A make-up day raises the week only for a member who is assigned and not on leave that day.
            makeups.push(d);
        }
    }
    let mut parts = Vec::new();
    // Holidays grouped by name: 中秋节9月16日—17日减2天.
    let mut names: Vec<&str> = Vec::new();
    for (_, n) in &holidays {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    for n in names {
        let ds: Vec<NaiveDate> = holidays.iter().filter(|(_, x)| x == n).map(|(d, _)| *d).collect();
        parts.push(format!("{n}{}（法定节假日）减{}", dates_zh(&ds), ds.len()));
    }
    let leave_whole = leave_halves / 2;
    if leave_halves > 0 && leave_whole == 0 {
        parts.push(format!("已批准的请假{}仅半天，不足一天不减", dates_zh(&leave_days)));
    } else if leave_halves > 0 {
        let halves_note = if leave_halves % 2 == 1 { format!("共{}天，按整天计", days_text(leave_halves as f64 / 2.0)) } else { String::new() };
        parts.push(format!("已批准的请假{}{}减{}", dates_zh(&leave_days), halves_note, leave_whole));
    }
    if !unassigned.is_empty() {
        parts.push(format!("{}不在队减{}", dates_zh(&unassigned), unassigned.len()));
    }
    if !makeups.is_empty() {
        parts.push(format!("调休上班日{}加{}", dates_zh(&makeups), makeups.len()));
    }
    let mut uncovered: Vec<i32> = Vec::new();
    for d in a.iter_days().take_while(|d| *d <= b) {
        if !cal.covers(d.year()) && !uncovered.contains(&d.year()) {
            uncovered.push(d.year());
        }
    }
    for y in uncovered {
        parts.push(format!("{y}年的法定节假日尚未设置（请在“设置—节假日日历”中添加），未按节假日减少"));
    }
    if !unapproved.is_empty() {
        parts.push(format!("{}日志记为请假但没有已批准的请假，不减", dates_zh(&unapproved)));
    }
    let lowered = holidays.len() as i64 + leave_whole + unassigned.len() as i64;
    (WeekBasis { lowered, raised: makeups.len() as i64, parts }, leave_ids)
}

/// A2.days and A2.nights for one ISO week.
pub fn a2(md: &MemberDays, week: Period, cal: &Calendar, p: &RuleParams, today: NaiveDate) -> [Finding; 2] {
    let m = md.member;
    let (a, b) = week.range();
    let (basis, leave_ids) = week_basis(md, week, cal, p);
    let mut day_found = Vec::new();
    let mut night_found = Vec::new();
    let mut day_ids = Vec::new();
    let mut night_ids = Vec::new();
    for d in a.iter_days().take_while(|d| *d <= b) {
        if let Some(l) = md.log(d) {
            if l.status == LogStatus::InVillage {
                day_found.push(d);
                day_ids.push(l.id.clone());
            }
            if l.night {
                night_found.push(d);
                night_ids.push(l.id.clone());
            }
        }
    }
    let adjust = |base: i64| (base - basis.lowered + basis.raised).max(0);
    let adjustments = if basis.parts.is_empty() { String::new() } else { format!("，{}", basis.parts.join("，")) };
    let make = |rule: &str, base: i64, unit: &str, what: &str, found: &[NaiveDate], mut ids: Vec<String>| {
        let required = adjust(base);
        let need = if basis.parts.is_empty() { String::new() } else { format!("，应{what}{required}{unit}") };
        let found_text = if found.is_empty() {
            format!("工作日志中没有{what}的记录")
        } else {
            format!("工作日志记{what}{}{unit}：{}", found.len(), dates_zh(found))
        };
        ids.extend(leave_ids.iter().cloned());
        Finding {
            rule: rule.into(),
            subject: m.id.clone(),
            subject_label: m.name.clone(),
            period: week.to_string(),
            required,
            found: found.len() as i64,
            status: Status::of(required, found.len() as i64),
            explain: format!("{}要求{what}{base}{unit}{adjustments}{need}；{found_text}。", week.label_zh()),
            records: ids,
            in_progress: today <= b,
        }
    };
    [
        make("A2.days", p.week_days, "天", "在村", &day_found, day_ids),
        make("A2.nights", p.week_nights, "晚", "住村", &night_found, night_ids),
    ]
}

/// A3: the leave is approved, at the level its length calls for. Reported in the month it touches.
pub fn a3(m: &Member, l: &Leave, month: Period, p: &RuleParams, today: NaiveDate) -> Finding {
    let level = l.level.unwrap_or_else(|| ApprovalLevel::for_days(l.span.days(), p.township_max_days));
    let what = format!(
        "{}{}至{}共{}天，应由{}审批（{}天以内乡镇审批，更长报县委组织部）",
        l.kind.label(),
        l.span.from.label(),
        l.span.to.label(),
        days_text(l.span.days()),
        level.label(),
        days_text(p.township_max_days)
    );
    let state = match (&l.approved_by, l.approved_on, l.returned_on) {
        (Some(by), on, ret) => {
            let on = on.map(|d| format!("于{}", crate::date::format_date_zh(d))).unwrap_or_default();
            let ret = ret.map(|d| format!("，{}销假", crate::date::format_date_zh(d))).unwrap_or_default();
            format!("已由{by}{on}批准{ret}")
        }
        (None, ..) => "尚未审批".to_string(),
    };
    let found = i64::from(l.approved_by.is_some());
    Finding {
        rule: "A3".into(),
        subject: m.id.clone(),
        subject_label: m.name.clone(),
        period: month.to_string(),
        required: 1,
        found,
        status: Status::of(1, found),
        explain: format!("{what}；{state}。"),
        records: vec![l.id.clone()],
        // A request for days still to come can still be approved in time.
        in_progress: l.approved_by.is_none() && today < l.span.from.date,
    }
}

/// The month's view of one member, day by day, for the 考勤 calendar.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct CalendarCell {
    pub date: NaiveDate,
    pub assigned: bool,
    /// 在村 / 公务外出 / 请假 / 休息, when a log exists.
    pub status: Option<LogStatus>,
    pub night: bool,
    /// Approved leave half days on that day (0–2).
    pub leave_halves: i64,
    /// The holiday's or make-up day's name.
    pub holiday: Option<String>,
    pub makeup: bool,
    pub weekend: bool,
}

pub fn month_cells(md: &MemberDays, month: Period, cal: &Calendar) -> Vec<CalendarCell> {
    let (a, b) = month.range();
    a.iter_days().take_while(|d| *d <= b).map(|d| cell(md, d, cal)).collect()
}

/// One day of a member's calendar.
pub fn cell(md: &MemberDays, d: NaiveDate, cal: &Calendar) -> CalendarCell {
    let log = md.log(d);
    let kind = cal.kind(d);
    CalendarCell {
        date: d,
        assigned: md.member.assigned_on(d),
        status: log.map(|l| l.status),
        night: log.is_some_and(|l| l.night),
        leave_halves: md.leave_halves(d).0,
        holiday: kind.map(|(_, n)| n.to_string()),
        makeup: matches!(kind, Some((crate::calendar::DayKind::Makeup, _))),
        weekend: d.weekday().number_from_monday() > 5,
    }
}

/// A contradiction in a day's log, said before it is saved (and after, by `zhucun log set`): never a
/// refusal, the member may know better.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct LogWarning {
    /// `log.leave_night`, `log.leave_unapproved` or `log.official`.
    pub code: String,
    /// The status it is about.
    pub status: LogStatus,
    /// Only when 当晚住宿 is ticked.
    pub night_only: bool,
    pub message: String,
}

/// The warnings a log of the day could get, for each status (the form picks those of the status and
/// night chosen): 请假 with the night ticked; 请假 on a day without approved leave
/// (`approved_leave_halves`, 0–2); 公务外出, which by the county's rule is not an in-village day.
pub fn log_warnings(approved_leave_halves: i64, p: &RuleParams) -> Vec<LogWarning> {
    let mut out = vec![LogWarning {
        code: "log.leave_night".into(),
        status: LogStatus::Leave,
        night_only: true,
        message: "请假的日子勾选了当晚在村住宿：这一晚会计入本周的住村晚数。如果当晚不在村，请取消勾选。".into(),
    }];
    if approved_leave_halves == 0 {
        out.push(LogWarning {
            code: "log.leave_unapproved".into(),
            status: LogStatus::Leave,
            night_only: false,
            message: "这一天没有已批准的请假：日志记为请假不会减少本周的在村要求。请在“请销假”登记请假并审批。".into(),
        });
    }
    out.push(LogWarning {
        code: "log.official".into(),
        status: LogStatus::Official,
        night_only: false,
        message: format!(
            "公务外出不算在村：按县里的规定，只有日志记为在村的日子计入每月在村天数（要求{}天）和每周在村天数（要求{}天），公务外出也不减少要求（经批准的请假和法定节假日才减少每周要求）。当晚在村住宿仍计入住村晚数。",
            p.month_days, p.week_days
        ),
    });
    out
}

#[cfg(test)]
mod warning_tests {
    use super::*;

    #[test]
    fn warnings_follow_the_leave_and_the_parameters() {
        let p = RuleParams::resolve(|k| (k == "attendance.month_days").then(|| "18".to_string()));
        let w = log_warnings(0, &p);
        let codes: Vec<&str> = w.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["log.leave_night", "log.leave_unapproved", "log.official"]);
        assert!(w[2].message.contains("要求18天") && w[2].message.contains("要求5天"), "{}", w[2].message);
        let codes: Vec<String> = log_warnings(2, &p).into_iter().map(|w| w.code).collect();
        assert_eq!(codes, ["log.leave_night", "log.official"]);
    }
}
