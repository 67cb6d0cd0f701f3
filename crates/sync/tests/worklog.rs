//! The team's records travel: work logs, leave and meetings written on two laptops reach the county
//! and each other, the day two laptops both logged ends the same everywhere, the county's holiday and
//! parameter edits reach the laptops, and the county's check of the month equals the laptops'.

mod common;

use chrono::NaiveDate;
use common::{county, laptop, round_trip, team_id};
use zhucun_domain::calendar::{Calendar, CalendarDay, DayKind};
use zhucun_domain::rules::{attendance, Period};
use zhucun_domain::worklog::{Half, HalfDay, LeaveKind, LeaveSpan, LogStatus, MeetingKind};
use zhucun_store::members::{add_member, NewMember};
use zhucun_store::worklog as wl;
use zhucun_store::{Store, Value};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn log(s: &mut Store, member: &str, date: &str, status: LogStatus, night: bool, content: &str) {
    let mut w = s.write().unwrap();
    wl::set_log(&mut w, &wl::LogInput { member_id: member, date: d(date), status, night, content, categories: &[] }).unwrap();
    w.commit().unwrap();
}

fn findings(s: &Store) -> Vec<(String, String, i64, i64)> {
    let r = wl::records(s.read(), d("2024-09-01"), d("2024-10-06")).unwrap();
    let cal = Calendar::new(&wl::holiday_overrides(s.read()).unwrap());
    let p = wl::rule_params(s.read()).unwrap();
    attendance::check_month(&r, Period::parse("2024-09").unwrap(), &cal, &p, d("2026-01-01"))
        .into_iter()
        .map(|f| (f.rule, f.period, f.required, f.found))
        .collect()
}

#[test]
fn team_records_reach_everyone_and_the_county_checks_the_same() {
    let mut c = county();
    let mut a = laptop(&mut c);
    let team = team_id(&a);
    let member = {
        let mut w = a.write().unwrap();
        let id = add_member(&mut w, &NewMember { team_id: &team, name: "李明", role: "队员", from_date: "2024-01-01", to_date: None, phone: None, unit: None }).unwrap();
        w.commit().unwrap();
        id
    };
    round_trip(&mut c, &mut a);
    let mut b = laptop(&mut c);
    round_trip(&mut c, &mut b);
    assert_eq!(zhucun_store::members::list_members(b.read()).unwrap().len(), 1, "the member reached laptop B");

    // Both laptops log the same day before they see each other; A also logs the rest of the week.
    log(&mut a, &member, "2024-09-16", LogStatus::InVillage, true, "A 写的");
    log(&mut b, &member, "2024-09-16", LogStatus::Official, false, "B 写的");
    for day in ["2024-09-18", "2024-09-19", "2024-09-20"] {
        log(&mut a, &member, day, LogStatus::InVillage, true, "");
    }
    // Setting a day again replaces it: still one row.
    log(&mut a, &member, "2024-09-20", LogStatus::InVillage, false, "改过");
    let rows: i64 = a.read().query_row("SELECT count(*) FROM work_log WHERE date = '2024-09-20'", [], |r| r.get(0)).unwrap();
    assert_eq!(rows, 1);
    {
        let mut w = b.write().unwrap();
        let span = LeaveSpan::new(HalfDay { date: d("2024-09-23"), half: Half::Am }, HalfDay { date: d("2024-09-24"), half: Half::Pm }).unwrap();
        let id = wl::add_leave(&mut w, &wl::LeaveInput { member_id: &member, kind: LeaveKind::Sick, span, reason: "看病", requested_on: d("2024-09-20"), approval_level: "乡镇" }).unwrap();
        wl::update_leave(&mut w, &id, &[("approved_by", Value::Text("王书记".into())), ("approved_on", Value::Text("2024-09-20".into()))]).unwrap();
        wl::add_meeting(
            &mut w,
            &wl::MeetingInput { team_id: &team, kind: MeetingKind::Weekly, date: d("2024-09-16"), topic: "部署", place: "村部", host_id: None, attendees: &[member.clone()], others: "村两委", others_count: Some(3), minutes: "" },
        )
        .unwrap();
        w.commit().unwrap();
    }
    // The county cancels the Mid-Autumn Monday and raises the monthly days, for everyone.
    {
        let mut w = c.write().unwrap();
        wl::set_holiday(&mut w, &CalendarDay { date: d("2024-09-16"), kind: DayKind::Ordinary, name: String::new() }).unwrap();
        wl::set_param(&mut w, "attendance.month_days", "21", "县里通知").unwrap();
        w.commit().unwrap();
    }
    for _ in 0..2 {
        round_trip(&mut c, &mut a);
        round_trip(&mut c, &mut b);
    }
    let view = |s: &Store| wl::logs(s.read(), None, d("2024-09-01"), d("2024-09-30")).unwrap();
    let day16: Vec<String> = [&a, &b, &c].iter().map(|s| view(s).into_iter().find(|l| l.date == "2024-09-16").unwrap().content).collect();
    assert_eq!(day16[0], day16[1], "both laptops show the same log for the day both wrote");
    assert_eq!(day16[0], day16[2], "and so does the county");
    assert_eq!(view(&a), view(&b));
    assert_eq!(view(&a).len(), 4, "one log per day");
    // The other laptop's text for that day is not lost: it is offered, and keeping it makes it the log.
    let others = wl::other_logs(a.read(), &member, d("2024-09-16")).unwrap();
    assert_eq!(others.len(), 1);
    let lost = others[0].clone();
    assert_ne!(lost.content, day16[0]);
    log(&mut a, &member, "2024-09-16", LogStatus::parse(&lost.status).unwrap(), lost.night, &lost.content);
    assert!(wl::other_logs(a.read(), &member, d("2024-09-16")).unwrap().is_empty(), "kept: nothing else to offer");
    round_trip(&mut c, &mut a);
    round_trip(&mut c, &mut b);
    assert_eq!(view(&b).into_iter().find(|l| l.date == "2024-09-16").unwrap().content, lost.content, "and the other laptop has it too");
    assert_eq!(wl::leaves(a.read(), d("2024-09-01"), d("2024-09-30")).unwrap().len(), 1);
    let m = wl::meetings(a.read(), d("2024-09-01"), d("2024-09-30")).unwrap();
    assert_eq!((m.len(), m[0].place.as_str(), m[0].others_count), (1, "村部", Some(3)), "the new columns travel too");
    assert_eq!(wl::rule_params(b.read()).unwrap().month_days, 21);
    assert!(!Calendar::new(&wl::holiday_overrides(a.read()).unwrap()).is_holiday(d("2024-09-16")));

    let fa = findings(&a);
    assert_eq!(fa, findings(&b));
    assert_eq!(fa, findings(&c), "the county's check of the month equals the laptops'");
    let a1 = fa.iter().find(|f| f.0 == "A1").unwrap();
    assert_eq!(a1.2, 21, "the county's parameter counts on the laptop");
    // W39: two weekdays of approved leave lower the week to 3 days and 2 nights.
    assert!(fa.contains(&("A2.days".into(), "2024-W39".into(), 3, 0)), "{fa:?}");
    // W38 with the Monday restored to an ordinary day: only Tuesday 17 (中秋) still lowers it.
    assert!(fa.iter().any(|f| f.0 == "A2.days" && f.1 == "2024-W38" && f.2 == 4), "{fa:?}");
}

#[test]
fn a_rejected_holiday_or_parameter_goes_back_to_the_default_and_the_county_can_set_it_later() {
    let mut c = county();
    let mut a = laptop(&mut c);
    // The laptop makes 30 September a holiday and changes a parameter: proposals at the county.
    {
        let mut w = a.write().unwrap();
        wl::set_holiday(&mut w, &CalendarDay { date: d("2024-09-30"), kind: DayKind::Holiday, name: "自定".into() }).unwrap();
        wl::set_param(&mut w, "attendance.week_days", "3", "本村").unwrap();
        w.commit().unwrap();
    }
    round_trip(&mut c, &mut a);
    let open = zhucun_store::sync::proposals(c.read(), true).unwrap();
    assert_eq!(open.len(), 2, "{open:?}");
    {
        let mut w = c.write().unwrap();
        for p in open {
            w.decide_proposal(&p.origin, p.seq, false).unwrap();
        }
        w.commit().unwrap();
    }
    round_trip(&mut c, &mut a);
    let cal = |s: &Store| Calendar::new(&wl::holiday_overrides(s.read()).unwrap());
    assert!(!cal(&a).is_holiday(d("2024-09-30")), "rejected: back to an ordinary day on the laptop");
    assert_eq!(wl::rule_params(a.read()).unwrap().week_days, 5, "rejected: back to the default");
    // Later the county itself makes that day a holiday: it reaches the laptop (no tombstone in the way).
    {
        let mut w = c.write().unwrap();
        wl::set_holiday(&mut w, &CalendarDay { date: d("2024-09-30"), kind: DayKind::Holiday, name: "县定假日".into() }).unwrap();
        wl::set_param(&mut w, "attendance.week_days", "4", "县里通知").unwrap();
        w.commit().unwrap();
    }
    round_trip(&mut c, &mut a);
    assert!(cal(&a).is_holiday(d("2024-09-30")));
    assert!(cal(&c).is_holiday(d("2024-09-30")));
    assert_eq!(wl::rule_params(a.read()).unwrap().week_days, 4);
}
