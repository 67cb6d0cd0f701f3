//! The attendance and meeting rules, one table of cases per Decision of DOMAIN.md. Each case builds a
//! member's records from a short description and states the finding it must give.

use chrono::{Days, NaiveDate};
use zhucun_domain::calendar::{Calendar, CalendarDay, DayKind};
use zhucun_domain::rules::{attendance, meetings, DayLog, Finding, Leave, Meeting, Member, Period, Records, RuleParams, Status, Team};
use zhucun_domain::team::TeamRole;
use zhucun_domain::worklog::{Half, HalfDay, LeaveKind, LeaveSpan, LogStatus, MeetingKind};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Logs from a day string starting at `from`: one character per day: `V` in village with the night,
/// `v` in village without the night, `O` official business, `L` leave, `R` rest, `.` no log,
/// `n` a night in the village on a day not logged as in village (came back in the evening).
fn logs(member: &str, from: &str, days: &str) -> Vec<DayLog> {
    let start = d(from);
    days.chars()
        .enumerate()
        .filter(|(_, c)| *c != '.' && *c != ' ')
        .map(|(i, c)| {
            let (status, night) = match c {
                'V' => (LogStatus::InVillage, true),
                'v' => (LogStatus::InVillage, false),
                'O' => (LogStatus::Official, false),
                'L' => (LogStatus::Leave, false),
                'R' => (LogStatus::Rest, false),
                'n' => (LogStatus::Rest, true),
                other => panic!("unknown day mark {other}"),
            };
            let date = start + Days::new(i as u64);
            DayLog { id: format!("log-{date}"), member_id: member.into(), date, status, night }
        })
        .collect()
}

fn leave(member: &str, from: &str, to: &str, approved: bool, returned: Option<&str>) -> Leave {
    Leave {
        id: format!("leave-{from}"),
        member_id: member.into(),
        kind: LeaveKind::Personal,
        span: LeaveSpan::new(HalfDay::parse(from, Half::Am).unwrap(), HalfDay::parse(to, Half::Pm).unwrap()).unwrap(),
        level: None,
        approved_by: approved.then(|| "乡镇王书记".to_string()),
        approved_on: approved.then(|| d("2024-09-01")),
        returned_on: returned.map(d),
    }
}

fn member(from: &str, to: Option<&str>) -> Member {
    Member { id: "m1".into(), name: "李明".into(), role: TeamRole::Member, team_id: "t1".into(), from: d(from), to: to.map(d) }
}

struct Case {
    name: &'static str,
    member: Member,
    /// Start date and day marks for `logs`.
    days: (&'static str, &'static str),
    leaves: Vec<Leave>,
    makeup_adds: bool,
    period: &'static str,
    /// (rule, required, found, status) expected for `period`.
    expect: &'static [(&'static str, i64, i64, Status)],
}

fn run(c: &Case) -> Vec<Finding> {
    let records = Records {
        teams: vec![Team { id: "t1".into(), label: "石桥村驻村工作队".into() }],
        members: vec![c.member.clone()],
        logs: logs("m1", c.days.0, c.days.1),
        leaves: c.leaves.clone(),
        meetings: vec![],
    };
    let p = RuleParams { makeup_adds: c.makeup_adds, ..RuleParams::default() };
    let period = Period::parse(c.period).unwrap();
    let month = match period {
        Period::Week { .. } => Period::month(2000, 1), // replaced below
        other => other,
    };
    let cal = Calendar::new(&[]);
    let today = d("2026-11-29");
    match period {
        Period::Week { .. } => {
            let idx = attendance::index(&records);
            attendance::a2(&idx[0], period, &cal, &p, today).to_vec()
        }
        _ => attendance::check_month(&records, month, &cal, &p, today),
    }
}

fn check(cases: &[Case]) {
    for c in cases {
        let got = run(c);
        for (rule, required, found, status) in c.expect {
            let f = got
                .iter()
                .find(|f| f.rule == *rule && (f.period == c.period || *rule == "A3"))
                .unwrap_or_else(|| panic!("{}: no {rule} finding for {} in {got:#?}", c.name, c.period));
            assert_eq!((f.required, f.found, f.status), (*required, *found, *status), "{}: {rule}\n{}", c.name, f.explain);
            assert!(!f.explain.is_empty());
        }
    }
}

/// Decision: a day counts when the log says 在村; official business, leave and rest do not.
/// A night counts when the log says the member stayed, and belongs to the day it starts.
#[test]
fn days_and_nights_come_from_the_log() {
    check(&[
        Case {
            name: "a full plain week",
            member: member("2024-01-01", None),
            // 2024-09-02 is a Monday (W36).
            days: ("2024-09-02", "VVVVvRR"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-W36",
            expect: &[("A2.days", 5, 5, Status::Ok), ("A2.nights", 4, 4, Status::Ok)],
        },
        Case {
            name: "official business, leave and rest are not in-village days",
            member: member("2024-01-01", None),
            days: ("2024-09-02", "VVOLRRR"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-W36",
            expect: &[("A2.days", 5, 2, Status::Short), ("A2.nights", 4, 2, Status::Short)],
        },
        Case {
            name: "a night on a day logged as rest still counts (came back in the evening)",
            member: member("2024-01-01", None),
            days: ("2024-09-02", "VVVVvRn"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-W36",
            expect: &[("A2.nights", 4, 5, Status::Ok)],
        },
    ]);
}

/// Decision: nights at a week boundary: Sunday night belongs to the week that ends, Monday's to the
/// next. Here Sunday 2024-09-08 is the 4th night of W36, and W37 starts with no night carried in.
#[test]
fn nights_at_a_week_boundary() {
    let days = ("2024-09-02", "vVVV..V" /* W36: nights Tue, Wed, Thu, Sun */);
    check(&[
        Case { name: "Sunday night counts in its own week", member: member("2024-01-01", None), days, leaves: vec![], makeup_adds: false, period: "2024-W36", expect: &[("A2.nights", 4, 4, Status::Ok)] },
        Case { name: "and not in the next", member: member("2024-01-01", None), days, leaves: vec![], makeup_adds: false, period: "2024-W37", expect: &[("A2.nights", 4, 0, Status::Short)] },
    ]);
}

/// Decision: A1 is not reduced by leave; a partial month owes ⌈20 × assigned days ÷ days in month⌉.
#[test]
fn month_requirement() {
    let full = "VVVVVRRVVVVVRRVVVVVRRVVVVVRRVV"; // September 2024 from Sunday 1st: 22 in-village days
    check(&[
        Case { name: "whole month", member: member("2024-01-01", None), days: ("2024-09-01", full), leaves: vec![], makeup_adds: false, period: "2024-09", expect: &[("A1", 20, 22, Status::Ok)] },
        Case {
            name: "leave does not lower A1",
            member: member("2024-01-01", None),
            days: ("2024-09-01", "VVVVVRRVVVVVRRVVVVVRRLLLLLRRVV"),
            leaves: vec![leave("m1", "2024-09-22", "2024-09-26", true, None)],
            makeup_adds: false,
            period: "2024-09",
            expect: &[("A1", 20, 17, Status::Short), ("A3", 1, 1, Status::Ok)],
        },
        Case {
            name: "joins on the 10th: 21 of 30 days, ⌈20×21÷30⌉ = 14",
            member: member("2024-09-10", None),
            days: ("2024-09-10", "VVVVRRVVVVVRRVVVVVRR"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-09",
            expect: &[("A1", 14, 14, Status::Ok)],
        },
        Case {
            name: "leaves the team on the 15th: 15 of 30 days → 10",
            member: member("2024-01-01", Some("2024-09-15")),
            days: ("2024-09-01", "VVVVVRRVVV"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-09",
            expect: &[("A1", 10, 8, Status::Short)],
        },
        Case {
            name: "February 2024 (29 days), joins on the 20th: ⌈20×10÷29⌉ = 7",
            member: member("2024-02-20", None),
            days: ("2024-02-20", "VVVV"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-02",
            expect: &[("A1", 7, 4, Status::Short)],
        },
    ]);
}

/// Decision: each weekday of approved leave lowers the day and the night requirement by one; half days
/// add up and round down; unapproved leave lowers nothing; a return cuts the leave short.
#[test]
fn leave_in_a_week() {
    let base = |name, leaves: Vec<Leave>, days, expect| Case {
        name,
        member: member("2024-01-01", None),
        days: ("2024-09-02", days),
        leaves,
        makeup_adds: false,
        period: "2024-W36",
        expect,
    };
    check(&[
        base("one day of leave on Wednesday", vec![leave("m1", "2024-09-04", "2024-09-04", true, None)], "VVLVvRR", &[("A2.days", 4, 4, Status::Ok), ("A2.nights", 3, 3, Status::Ok)]),
        base("the same leave not yet approved lowers nothing", vec![leave("m1", "2024-09-04", "2024-09-04", false, None)], "VVLVvRR", &[("A2.days", 5, 4, Status::Short), ("A2.nights", 4, 3, Status::Short)]),
        base("half a day: no whole day, nothing lowered", vec![leave("m1", "2024-09-04下午", "2024-09-04下午", true, None)], "VVVVvRR", &[("A2.days", 5, 5, Status::Ok)]),
        base("three half days round down to one", vec![leave("m1", "2024-09-04下午", "2024-09-05下午", true, None)], "VVvVvRR", &[("A2.days", 4, 5, Status::Ok), ("A2.nights", 3, 3, Status::Ok)]),
        base("leave over the weekend counts only its weekdays", vec![leave("m1", "2024-09-06", "2024-09-09", true, None)], "VVVVLLL", &[("A2.days", 4, 4, Status::Ok)]),
        base("a whole week of leave: nothing required", vec![leave("m1", "2024-09-02", "2024-09-08", true, None)], "LLLLLLL", &[("A2.days", 0, 0, Status::Exempt), ("A2.nights", 0, 0, Status::Exempt)]),
        base("back on Thursday: the approved Thursday and Friday no longer count", vec![leave("m1", "2024-09-02", "2024-09-06", true, Some("2024-09-05"))], "LLLVvRR", &[("A2.days", 2, 2, Status::Ok), ("A2.nights", 1, 1, Status::Ok)]),
    ]);
}

/// Decision: statutory holidays on weekdays lower the requirement; a make-up Saturday does not raise it
/// unless `attendance.makeup_adds` is set. 2024 Mid-Autumn: Sunday 15 – Tuesday 17 September off,
/// Saturday 14 a working day.
#[test]
fn holiday_weeks_and_make_up_days() {
    let case = |name, period, days: (&'static str, &'static str), makeup_adds, expect| Case {
        name,
        member: member("2024-01-01", None),
        days,
        leaves: vec![],
        makeup_adds,
        period,
        expect,
    };
    check(&[
        case("W38: Monday and Tuesday are holidays → 3 days, 2 nights", "2024-W38", ("2024-09-16", "..VVvRR"), false, &[("A2.days", 3, 3, Status::Ok), ("A2.nights", 2, 2, Status::Ok)]),
        case("W37: the make-up Saturday does not raise the week (default)", "2024-W37", ("2024-09-09", "VVVVvvR"), false, &[("A2.days", 5, 6, Status::Ok), ("A2.nights", 4, 4, Status::Ok)]),
        case("W37 with makeup_adds: 6 days and 5 nights", "2024-W37", ("2024-09-09", "VVVVvvR"), true, &[("A2.days", 6, 6, Status::Ok), ("A2.nights", 5, 4, Status::Short)]),
        case("W40: National Day, Tuesday–Friday off → 1 day, 0 nights", "2024-W40", ("2024-09-30", "v......"), false, &[("A2.days", 1, 1, Status::Ok), ("A2.nights", 0, 0, Status::Exempt)]),
    ]);
    check(&[Case {
        name: "holiday and leave on the same day lower once",
        member: member("2024-01-01", None),
        days: ("2024-09-16", "LLVVvRR"),
        leaves: vec![leave("m1", "2024-09-16", "2024-09-17", true, None)],
        makeup_adds: false,
        period: "2024-W38",
        expect: &[("A2.days", 3, 3, Status::Ok), ("A2.nights", 2, 2, Status::Ok)],
    }]);
    // The calendar is a parameter: cancelling Mid-Autumn Monday restores a day.
    let edited = Calendar::new(&[CalendarDay { date: d("2024-09-16"), kind: DayKind::Ordinary, name: String::new() }]);
    let records = Records { members: vec![member("2024-01-01", None)], logs: logs("m1", "2024-09-16", "..VVvRR"), ..Default::default() };
    let idx = attendance::index(&records);
    let [days, _] = attendance::a2(&idx[0], Period::parse("2024-W38").unwrap(), &edited, &RuleParams::default(), d("2026-01-01"));
    assert_eq!((days.required, days.status), (4, Status::Short), "{}", days.explain);
}

/// A member who joins mid-week owes the week only for the weekdays assigned.
#[test]
fn joining_mid_week_and_mid_month() {
    check(&[
        Case {
            name: "joins on Wednesday 4 September: Monday and Tuesday lower the week",
            member: member("2024-09-04", None),
            days: ("2024-09-04", "VVvRR"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-W36",
            expect: &[("A2.days", 3, 3, Status::Ok), ("A2.nights", 2, 2, Status::Ok)],
        },
        Case {
            name: "and September owes ⌈20×27÷30⌉ = 18",
            member: member("2024-09-04", None),
            days: ("2024-09-04", "VVvRR"),
            leaves: vec![],
            makeup_adds: false,
            period: "2024-09",
            expect: &[("A1", 18, 3, Status::Short)],
        },
    ]);
}

#[test]
fn a_month_check_covers_the_weeks_whose_monday_is_in_it_and_explains_itself() {
    let records = Records {
        members: vec![member("2024-01-01", None)],
        logs: logs("m1", "2024-09-16", "..VVvRR"),
        leaves: vec![leave("m1", "2024-09-19", "2024-09-23", false, None)],
        ..Default::default()
    };
    let got = attendance::check_month(&records, Period::parse("2024-09").unwrap(), &Calendar::new(&[]), &RuleParams::default(), d("2024-09-20"));
    let periods: Vec<(&str, &str)> = got.iter().map(|f| (f.rule.as_str(), f.period.as_str())).collect();
    assert_eq!(periods.iter().filter(|(r, _)| *r == "A2.days").count(), 5);
    assert!(periods.contains(&("A1", "2024-09")));
    assert!(periods.contains(&("A2.nights", "2024-W40")));
    let w38 = got.iter().find(|f| f.rule == "A2.days" && f.period == "2024-W38").unwrap();
    assert_eq!(
        w38.explain,
        "2024年第38周（9月16日—9月22日）要求在村5天，中秋节9月16日—17日（法定节假日）减2，应在村3天；工作日志记在村3天：9月18日—20日。"
    );
    assert!(w38.in_progress);
    let a3 = got.iter().find(|f| f.rule == "A3").unwrap();
    assert_eq!(a3.status, Status::Short);
    assert!(a3.explain.contains("应由县委组织部审批") && a3.explain.contains("尚未审批"), "{}", a3.explain);
}

#[test]
fn meetings_weekly_monthly_half_yearly() {
    let m = |id: &str, kind, date: &str| Meeting { id: id.into(), team_id: "t1".into(), kind, date: d(date), topic: format!("议题{id}"), host_id: Some("s1".into()), minutes: "传达上级会议精神，部署本周走访任务。".into() };
    let secretary = Member { id: "s1".into(), name: "王书记".into(), role: TeamRole::FirstSecretary, team_id: "t1".into(), from: d("2024-01-01"), to: None };
    let records = Records {
        teams: vec![Team { id: "t1".into(), label: "石桥村驻村工作队".into() }],
        members: vec![secretary],
        meetings: vec![m("a", MeetingKind::Weekly, "2024-09-02"), m("b", MeetingKind::Weekly, "2024-09-13"), m("c", MeetingKind::Study, "2024-09-20"), m("d", MeetingKind::Lecture, "2024-07-01"), m("e", MeetingKind::Weekly, "2024-09-30")],
        ..Default::default()
    };
    let got = meetings::check_month(&records, Period::parse("2024-09").unwrap(), &Calendar::new(&[]), &RuleParams::default(), d("2026-01-01"));
    let by = |rule: &str, period: &str| got.iter().find(|f| f.rule == rule && f.period == period).unwrap_or_else(|| panic!("{rule} {period}"));
    let expect = [
        ("M1", "2024-W36", 1, 1, Status::Ok),
        ("M1", "2024-W37", 1, 1, Status::Ok),
        ("M1", "2024-W38", 1, 0, Status::Short),
        ("M1", "2024-W39", 1, 0, Status::Short),
        ("M1", "2024-W40", 1, 1, Status::Ok),
        ("M3", "2024-09", 1, 1, Status::Ok),
        ("M2", "2024-H2", 1, 1, Status::Ok),
    ];
    for (rule, period, required, found, status) in expect {
        let f = by(rule, period);
        assert_eq!((f.required, f.found, f.status), (required, found, status), "{rule} {period}: {}", f.explain);
    }
    assert_eq!(by("M3", "2024-09").subject_label, "王书记");
    assert_eq!(by("M1", "2024-W36").subject_label, "石桥村驻村工作队");
    // A week with no working day at all owes no meeting: 2024 Spring Festival W07 (12–16 Feb off; the
    // make-up Sunday 18 Feb is a working day, so W07 still owes one) vs an edited all-holiday week.
    let all_off = Calendar::new(&(19..=25).map(|day| CalendarDay { date: d(&format!("2024-02-{day}")), kind: DayKind::Holiday, name: "测试".into() }).collect::<Vec<_>>());
    let got = meetings::check_month(&records, Period::parse("2024-02").unwrap(), &all_off, &RuleParams::default(), d("2026-01-01"));
    let w07 = got.iter().find(|f| f.period == "2024-W07").unwrap();
    let w08 = got.iter().find(|f| f.period == "2024-W08").unwrap();
    assert_eq!((w07.required, w08.required, w08.status), (1, 0, Status::Exempt), "{}", w08.explain);
}


/// A make-up Saturday raises the week (with `makeup_adds`) only for a member assigned and not on leave
/// that day: 2024-W41 has 7 Oct (国庆) off and Saturday 12 Oct as a make-up day.
#[test]
fn a_make_up_day_on_leave_raises_nothing() {
    check(&[
        Case {
            name: "on leave Tuesday to Saturday: 5 − 1 (holiday) − 4 (leave) and no raise",
            member: member("2024-01-01", None),
            days: ("2024-10-07", "RLLLLLR"),
            leaves: vec![leave("m1", "2024-10-08", "2024-10-12", true, None)],
            makeup_adds: true,
            period: "2024-W41",
            expect: &[("A2.days", 0, 0, Status::Exempt), ("A2.nights", 0, 0, Status::Exempt)],
        },
        Case {
            name: "at work that week: the make-up Saturday raises it to 5",
            member: member("2024-01-01", None),
            days: ("2024-10-07", "RVVVvvR"),
            leaves: vec![],
            makeup_adds: true,
            period: "2024-W41",
            expect: &[("A2.days", 5, 5, Status::Ok), ("A2.nights", 4, 3, Status::Short)],
        },
    ]);
}

#[test]
fn in_progress_until_the_last_day_is_over() {
    let records = Records { members: vec![member("2024-01-01", None)], logs: logs("m1", "2024-09-09", "VVVVv"), ..Default::default() };
    let idx = attendance::index(&records);
    let w37 = Period::parse("2024-W37").unwrap();
    let cal = Calendar::new(&[]);
    let on = |today: &str| attendance::a2(&idx[0], w37, &cal, &RuleParams::default(), d(today))[0].in_progress;
    assert!(on("2024-09-15"), "Sunday's log can still be written on Sunday");
    assert!(!on("2024-09-16"));
}

#[test]
fn a3_keeps_the_level_of_the_request_and_waits_for_days_to_come() {
    let m = member("2024-01-01", None);
    let mut l = leave("m1", "2024-09-24", "2024-09-26", false, None);
    let month = Period::parse("2024-09").unwrap();
    let three_days = |max: f64| RuleParams { township_max_days: max, ..RuleParams::default() };
    // Requested under a 3-day limit: 乡镇. The county lowers the limit later; the request keeps its level.
    l.level = Some(zhucun_domain::worklog::ApprovalLevel::Township);
    let f = attendance::a3(&m, &l, month, &three_days(2.0), d("2024-09-20"));
    assert!(f.explain.contains("应由乡镇审批"), "{}", f.explain);
    assert!(f.in_progress, "not approved yet, but the leave has not begun");
    let f = attendance::a3(&m, &l, month, &three_days(2.0), d("2024-09-24"));
    assert!(!f.in_progress && f.status == Status::Short, "the leave has begun without approval");
    // Without a recorded level, the length decides with today's parameter.
    l.level = None;
    assert!(attendance::a3(&m, &l, month, &three_days(2.0), d("2024-09-20")).explain.contains("应由县委组织部审批"));
}

#[test]
fn a_year_without_a_holiday_arrangement_says_so() {
    // 2026-W53 runs 28 Dec 2026 – 3 Jan 2027; 2027 is not built in.
    let records = Records { members: vec![member("2024-01-01", None)], ..Default::default() };
    let idx = attendance::index(&records);
    let [days, _] = attendance::a2(&idx[0], Period::parse("2026-W53").unwrap(), &Calendar::new(&[]), &RuleParams::default(), d("2027-02-01"));
    assert_eq!(days.required, 5);
    assert!(days.explain.contains("2027年的法定节假日尚未设置"), "{}", days.explain);
    let set = Calendar::new(&[CalendarDay { date: d("2027-01-01"), kind: DayKind::Holiday, name: "元旦".into() }]);
    let [days, _] = attendance::a2(&idx[0], Period::parse("2026-W53").unwrap(), &set, &RuleParams::default(), d("2027-02-01"));
    assert_eq!(days.required, 4);
    assert!(!days.explain.contains("尚未设置"), "{}", days.explain);
}

#[test]
fn the_first_secretarys_meetings_count_only_when_the_first_secretary_led_them() {
    let secretary = Member { id: "s1".into(), name: "王书记".into(), role: TeamRole::FirstSecretary, team_id: "t1".into(), from: d("2024-01-01"), to: None };
    let leader = Member { id: "l1".into(), name: "刘队长".into(), role: TeamRole::Leader, team_id: "t1".into(), from: d("2024-01-01"), to: None };
    let m = |id: &str, kind, date: &str, host: Option<&str>| Meeting { id: id.into(), team_id: "t1".into(), kind, date: d(date), topic: "学习".into(), host_id: host.map(String::from), minutes: String::new() };
    let records = Records {
        teams: vec![Team { id: "t1".into(), label: "石桥村驻村工作队".into() }],
        members: vec![secretary, leader],
        meetings: vec![m("a", MeetingKind::Study, "2024-09-05", Some("l1")), m("b", MeetingKind::Lecture, "2024-08-01", None)],
        ..Default::default()
    };
    let got = meetings::check_month(&records, Period::parse("2024-09").unwrap(), &Calendar::new(&[]), &RuleParams::default(), d("2025-01-01"));
    let m3 = got.iter().find(|f| f.rule == "M3").unwrap();
    assert_eq!((m3.found, m3.status), (0, Status::Short), "{}", m3.explain);
    assert!(m3.explain.contains("由其他队员主持"), "{}", m3.explain);
    let m2 = got.iter().find(|f| f.rule == "M2").unwrap();
    assert_eq!(m2.found, 1, "a lecture with no host recorded counts");
}

/// A 周例会 without minutes (or with fewer characters than `meeting.weekly_min_minutes_chars`) is listed
/// as not counted, with the reason; with the parameter at 0 it counts.
#[test]
fn a_weekly_meeting_without_minutes_does_not_count() {
    let secretary = Member { id: "s1".into(), name: "王书记".into(), role: TeamRole::FirstSecretary, team_id: "t1".into(), from: d("2024-01-01"), to: None };
    let m = |id: &str, date: &str, minutes: &str| Meeting {
        id: id.into(),
        team_id: "t1".into(),
        kind: MeetingKind::Weekly,
        date: d(date),
        topic: "部署工作".into(),
        host_id: Some("s1".into()),
        minutes: minutes.into(),
    };
    let records = Records {
        teams: vec![Team { id: "t1".into(), label: "石桥村驻村工作队".into() }],
        members: vec![secretary],
        meetings: vec![m("a", "2024-09-02", ""), m("b", "2024-09-10", "  研究 \n 工作 "), m("c", "2024-09-17", "各队员汇报上周工作，部署本周任务。")],
        ..Default::default()
    };
    let month = Period::parse("2024-09").unwrap();
    let run = |p: &RuleParams| meetings::check_month(&records, month, &Calendar::new(&[]), p, d("2026-01-01"));
    let got = run(&RuleParams::default());
    assert_eq!(RuleParams::default().weekly_min_minutes_chars, 10);
    let by = |got: &[Finding], period: &str| got.iter().find(|f| f.rule == "M1" && f.period == period).unwrap().clone();
    let w36 = by(&got, "2024-W36");
    assert_eq!((w36.found, w36.status), (0, Status::Short), "{}", w36.explain);
    assert!(w36.explain.contains("另有9月2日的周例会1次没有会议记录或会议记录不足10个字，不计入"), "{}", w36.explain);
    assert!(w36.records.is_empty());
    let w37 = by(&got, "2024-W37");
    assert_eq!(w37.found, 0, "four characters (spaces not counted) are not ten: {}", w37.explain);
    let w38 = by(&got, "2024-W38");
    assert_eq!((w38.found, w38.status, w38.records.clone()), (1, Status::Ok, vec!["c".to_string()]), "{}", w38.explain);
    assert!(!w38.explain.contains("不计入"), "{}", w38.explain);

    // The parameter at 0: minutes are not required, every weekly meeting counts.
    let got = run(&RuleParams { weekly_min_minutes_chars: 0, ..RuleParams::default() });
    for period in ["2024-W36", "2024-W37", "2024-W38"] {
        let f = by(&got, period);
        assert_eq!((f.found, f.status), (1, Status::Ok), "{period}: {}", f.explain);
    }
    // Read from the parameter's stored value.
    let p = RuleParams::resolve(|k| (k == "meeting.weekly_min_minutes_chars").then(|| "4".to_string()));
    assert_eq!(by(&run(&p), "2024-W37").found, 1);
    assert_eq!(meetings::minutes_chars(" 研究 \n 工作 "), 4);
}
