//! The rule engine: records and parameters for a period in, findings out. Pure functions, no SQL, no
//! clock (the day it is counts as an input), so the laptop and the county server run the same code and
//! every finding can be reproduced from the records it names.
//!
//! A finding says which rule, for whom, over which period, what was required, what was found, whether
//! that is `ok`, `short` or `exempt` (nothing was required), and one Chinese sentence naming the records
//! and adjustments that count.

pub mod attendance;
pub mod meetings;
pub mod pairing;
pub mod period;
pub mod problems;
pub mod visits;

pub use period::Period;

use crate::params::param_def;
use crate::team::TeamRole;
use crate::worklog::{ApprovalLevel, LeaveKind, LeaveSpan, LogStatus, MeetingKind};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Short,
    Exempt,
}

impl Status {
    pub fn of(required: i64, found: i64) -> Status {
        if required <= 0 {
            Status::Exempt
        } else if found >= required {
            Status::Ok
        } else {
            Status::Short
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Ok => "达标",
            Status::Short => "不足",
            Status::Exempt => "免于要求",
        }
    }
}

/// One rule's result for one subject and period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Finding {
    /// `A1`, `A2.days`, `A2.nights`, `A3`, `M1`, `M2`, `M3`.
    pub rule: String,
    /// The member's (or team's) id.
    pub subject: String,
    pub subject_label: String,
    /// `2024-09`, `2024-W38`, `2024-H2`, …
    pub period: String,
    pub required: i64,
    pub found: i64,
    pub status: Status,
    pub explain: String,
    /// Ids of the records that count (work logs, leaves, meetings).
    pub records: Vec<String>,
    /// The period has not ended yet on the day checked: a shortfall may still be made up.
    pub in_progress: bool,
}

impl Finding {
    /// How the screens and ledgers word the result: a shortfall in a period not yet over is 进行中.
    pub fn state_zh(&self) -> &'static str {
        if self.in_progress && self.status == Status::Short {
            "进行中"
        } else {
            self.status.label_zh()
        }
    }
}

/// A team member's assignment, as the rules need it.
#[derive(Clone, Debug)]
pub struct Member {
    pub id: String,
    pub name: String,
    pub role: TeamRole,
    pub team_id: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Member {
    pub fn assigned_on(&self, d: NaiveDate) -> bool {
        self.from <= d && self.to.is_none_or(|t| d <= t)
    }

    /// Days of `[a, b]` the member was assigned.
    pub fn assigned_days(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let from = a.max(self.from);
        let to = match self.to {
            Some(t) => b.min(t),
            None => b,
        };
        ((to - from).num_days() + 1).max(0)
    }
}

/// A team, for the rules that bind the team as a whole.
#[derive(Clone, Debug)]
pub struct Team {
    pub id: String,
    /// 某某村驻村工作队.
    pub label: String,
}

/// One day's work log.
#[derive(Clone, Debug)]
pub struct DayLog {
    pub id: String,
    pub member_id: String,
    pub date: NaiveDate,
    pub status: LogStatus,
    /// Stayed in the village the night that starts this day.
    pub night: bool,
}

/// A leave request.
#[derive(Clone, Debug)]
pub struct Leave {
    pub id: String,
    pub member_id: String,
    pub kind: LeaveKind,
    pub span: LeaveSpan,
    /// The level that must approve, fixed when the leave was requested (`None`: worked out from the
    /// length with today's parameter).
    pub level: Option<ApprovalLevel>,
    pub approved_by: Option<String>,
    pub approved_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl Leave {
    /// The days the leave holds: the span, cut at the report of return (none when back before it began).
    pub fn until_return(&self) -> Option<LeaveSpan> {
        match self.returned_on {
            Some(r) => self.span.until_return(r),
            None => Some(self.span),
        }
    }

    /// The part that counts as approved leave: nothing unless approved; cut at the return.
    pub fn effective(&self) -> Option<LeaveSpan> {
        self.approved_by.as_ref()?;
        self.until_return()
    }
}

/// A meeting.
#[derive(Clone, Debug)]
pub struct Meeting {
    pub id: String,
    pub team_id: String,
    pub kind: MeetingKind,
    pub date: NaiveDate,
    pub topic: String,
    /// Who led it (党课 and 领学 count for the first secretary only when the first secretary led them).
    pub host_id: Option<String>,
    /// The minutes (会议记录): a 周例会 counts for M1 only with enough of them (a parameter).
    pub minutes: String,
}

/// The records a check reads. Logs need not be sorted; one log per member and day.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub teams: Vec<Team>,
    pub members: Vec<Member>,
    pub logs: Vec<DayLog>,
    pub leaves: Vec<Leave>,
    pub meetings: Vec<Meeting>,
}

/// The parameters the rules read, resolved (stored value, else the default of `params::PARAMS`).
#[derive(Clone, Debug, PartialEq)]
pub struct RuleParams {
    pub month_days: i64,
    pub week_days: i64,
    pub week_nights: i64,
    /// A make-up working day (调休上班) on a weekend raises the week's requirement by one.
    pub makeup_adds: bool,
    pub township_max_days: f64,
    pub meetings_per_week: i64,
    /// Characters of minutes (spaces not counted) a 周例会 needs to count for M1; 0: none needed.
    pub weekly_min_minutes_chars: i64,
    pub lectures_per_half: i64,
    pub studies_per_month: i64,
    /// The kinds of leave the form offers, in order (`leave.kinds`; items this app does not know are
    /// dropped, and an empty list falls back to the default).
    pub leave_kinds: Vec<LeaveKind>,
    /// Visits a monitored household needs each calendar month (V1, `visit.monitored_per_month`).
    pub visits_per_month: i64,
    /// A household identified as monitored after this day of a month is first required the next month.
    pub monitored_from_day: u32,
    /// V2's coverage window (`visit.window`).
    pub visit_window: visits::VisitWindow,
    /// Months after 风险消除 a monitored household moves from tier A to B (`tier.boundary_months`).
    pub tier_boundary_months: u32,
    /// D1: days from identification to a pairing cadre (`pairing.assign_within_days`).
    pub assign_within_days: i64,
    /// D2: days from identification to a first measure (`measure.within_days`).
    pub measure_within_days: i64,
    /// D3: risk-elimination assessments a quarter (`assessment.per_quarter`).
    pub assessments_per_quarter: i64,
    /// I1: 人均纯收入 line in yuan (`income.focus_line`).
    pub focus_line_yuan: i64,
}

impl RuleParams {
    /// Resolve every parameter through `lookup` (the stored override of a key, if any); unreadable
    /// values fall back to the default.
    pub fn resolve(lookup: impl Fn(&str) -> Option<String>) -> RuleParams {
        let num = |key: &str| -> f64 {
            let default = param_def(key).map(|p| p.default).unwrap_or("0");
            lookup(key).and_then(|v| v.trim().parse().ok()).unwrap_or_else(|| default.parse().unwrap_or(0.0))
        };
        let int = |key: &str| num(key).round() as i64;
        RuleParams {
            month_days: int("attendance.month_days"),
            week_days: int("attendance.week_days"),
            week_nights: int("attendance.week_nights"),
            makeup_adds: int("attendance.makeup_adds") != 0,
            township_max_days: num("leave.township_max_days"),
            meetings_per_week: int("meeting.weekly"),
            weekly_min_minutes_chars: int("meeting.weekly_min_minutes_chars"),
            lectures_per_half: int("meeting.lectures_per_half_year"),
            studies_per_month: int("meeting.studies_per_month"),
            visits_per_month: int("visit.monitored_per_month"),
            monitored_from_day: int("visit.monitored_from_day").clamp(0, 31) as u32,
            tier_boundary_months: int("tier.boundary_months").clamp(0, 600) as u32,
            assign_within_days: int("pairing.assign_within_days"),
            measure_within_days: int("measure.within_days"),
            assessments_per_quarter: int("assessment.per_quarter"),
            focus_line_yuan: int("income.focus_line"),
            visit_window: lookup("visit.window").and_then(|v| visits::VisitWindow::parse(&v)).unwrap_or(visits::VisitWindow::Year),
            leave_kinds: {
                let parse = |v: &str| -> Vec<LeaveKind> {
                    let mut out: Vec<LeaveKind> = Vec::new();
                    for k in crate::params::list_items(v).iter().filter_map(|i| LeaveKind::parse(i).ok()) {
                        if !out.contains(&k) {
                            out.push(k);
                        }
                    }
                    out
                };
                let stored = lookup("leave.kinds").map(|v| parse(&v)).unwrap_or_default();
                if stored.is_empty() {
                    parse(param_def("leave.kinds").map(|p| p.default).unwrap_or("事假、病假、公假"))
                } else {
                    stored
                }
            },
        }
    }
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams::resolve(|_| None)
    }
}

/// Dates as a sentence lists them, runs joined: 9月2日—6日、9日、30日、10月1日.
pub fn dates_zh(dates: &[NaiveDate]) -> String {
    let mut ds = dates.to_vec();
    ds.sort();
    ds.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut last_month: Option<(i32, u32)> = None;
    let mut i = 0;
    while i < ds.len() {
        let mut j = i;
        while j + 1 < ds.len() && ds[j + 1] == ds[j].succ_opt().unwrap_or(ds[j]) {
            j += 1;
        }
        let mut day = |d: NaiveDate| {
            let ym = (d.year(), d.month());
            let s = if last_month == Some(ym) { format!("{}日", d.day()) } else { format!("{}月{}日", d.month(), d.day()) };
            last_month = Some(ym);
            s
        };
        let first = day(ds[i]);
        parts.push(if j > i { format!("{first}—{}", day(ds[j])) } else { first });
        i = j + 1;
    }
    parts.join("、")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lists_read_as_runs() {
        let d = |m, day| NaiveDate::from_ymd_opt(2024, m, day).unwrap();
        assert_eq!(dates_zh(&[d(9, 3), d(9, 2), d(9, 4), d(9, 9), d(9, 30), d(10, 1)]), "9月2日—4日、9日、30日—10月1日");
        assert_eq!(dates_zh(&[]), "");
    }

    #[test]
    fn params_resolve_with_defaults_and_overrides() {
        let p = RuleParams::default();
        assert_eq!((p.month_days, p.week_days, p.week_nights, p.makeup_adds), (20, 5, 4, false));
        let p = RuleParams::resolve(|k| (k == "attendance.month_days").then(|| "18".to_string()));
        assert_eq!(p.month_days, 18);
        let p = RuleParams::resolve(|k| (k == "attendance.month_days").then(|| "很多".to_string()));
        assert_eq!(p.month_days, 20, "an unreadable value falls back to the default");
        assert_eq!(RuleParams::default().leave_kinds.len(), 7);
        let p = RuleParams::resolve(|k| (k == "leave.kinds").then(|| "病假、事假、火星假、病假".to_string()));
        assert_eq!(p.leave_kinds, vec![LeaveKind::Sick, LeaveKind::Personal], "unknown items dropped, duplicates once");
    }
}
