//! Rule tables of V1–V3: each row is one household, its visits and what the month (or window) finds.

use chrono::NaiveDate;
use zhucun_domain::household::Category;
use zhucun_domain::rules::visits::{v1, v2, VisitWindow};
use zhucun_domain::rules::{Period, RuleParams, Status};
use zhucun_domain::visit::{VisitHousehold, VisitMode, VisitRecord};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn household(category: Category) -> VisitHousehold {
    VisitHousehold {
        id: "h1".into(),
        number: "430527001001".into(),
        head: "胡新平".into(),
        group: "一组".into(),
        category,
        identified_on: None,
        away: false,
        away_since: None,
        left_on: None,
    }
}

fn visit(id: &str, date: &str, mode: VisitMode) -> VisitRecord {
    VisitRecord { id: id.into(), household_id: "h1".into(), date: d(date), mode, members: vec!["m1".into()], cadre_id: None }
}

struct Row {
    name: &'static str,
    household: VisitHousehold,
    visits: Vec<VisitRecord>,
    per_month: i64,
    /// `None`: no finding at all for the month.
    want: Option<(i64, i64, Status)>,
    /// Words the explanation must hold.
    says: &'static [&'static str],
}

#[test]
fn v1_table() {
    use VisitMode::*;
    let monitored = household(Category::Monitored);
    let away_from_15 = VisitHousehold { away: true, away_since: Some(d("2024-09-15")), ..monitored.clone() };
    let cadre_only = VisitRecord { members: vec![], cadre_id: Some("c9".into()), ..visit("v1", "2024-09-08", InPerson) };
    let rows = vec![
        Row { name: "no visit", household: monitored.clone(), visits: vec![], per_month: 1, want: Some((1, 0, Status::Short)), says: &["没有可计入的走访"] },
        Row { name: "in person", household: monitored.clone(), visits: vec![visit("v1", "2024-09-03", InPerson)], per_month: 1, want: Some((1, 1, Status::Ok)), says: &["9月3日入户"] },
        Row {
            name: "remote, not away: saved, not counted",
            household: monitored.clone(),
            visits: vec![visit("v1", "2024-09-05", Phone)],
            per_month: 1,
            want: Some((1, 0, Status::Short)),
            says: &["9月5日的电话走访1次不计入", "不是全家外出"],
        },
        Row {
            name: "remote, whole family away",
            household: VisitHousehold { away: true, ..monitored.clone() },
            visits: vec![visit("v1", "2024-09-05", WeChat)],
            per_month: 1,
            want: Some((1, 1, Status::Ok)),
            says: &["9月5日微信（当日全家外出，计入）"],
        },
        Row {
            name: "away flag from the 15th: a call on the 10th does not count",
            household: away_from_15.clone(),
            visits: vec![visit("v1", "2024-09-10", Phone)],
            per_month: 1,
            want: Some((1, 0, Status::Short)),
            says: &["9月10日的电话走访1次不计入"],
        },
        Row {
            name: "away flag from the 15th: a video call on the 15th counts",
            household: away_from_15,
            visits: vec![visit("v1", "2024-09-10", Phone), visit("v2", "2024-09-15", Video)],
            per_month: 1,
            want: Some((1, 1, Status::Ok)),
            says: &["9月15日视频（当日全家外出，计入）", "9月10日的电话走访1次不计入"],
        },
        Row {
            name: "a visit on the last day of the month counts in that month",
            household: monitored.clone(),
            visits: vec![visit("v1", "2024-09-30", InPerson)],
            per_month: 1,
            want: Some((1, 1, Status::Ok)),
            says: &["9月30日入户"],
        },
        Row {
            name: "a visit on the first of the next month does not",
            household: monitored.clone(),
            visits: vec![visit("v1", "2024-10-01", InPerson)],
            per_month: 1,
            want: Some((1, 0, Status::Short)),
            says: &[],
        },
        Row {
            name: "identified on the 20th: required this month",
            household: VisitHousehold { identified_on: Some(d("2024-09-20")), ..monitored.clone() },
            visits: vec![],
            per_month: 1,
            want: Some((1, 0, Status::Short)),
            says: &[],
        },
        Row {
            name: "identified on the 25th: first required next month",
            household: VisitHousehold { identified_on: Some(d("2024-09-25")), ..monitored.clone() },
            visits: vec![],
            per_month: 1,
            want: Some((0, 0, Status::Exempt)),
            says: &["2024年9月25日识别为监测户（20日以后）", "下月起"],
        },
        Row {
            name: "identified next month: not yet monitored",
            household: VisitHousehold { identified_on: Some(d("2024-10-02")), ..monitored.clone() },
            visits: vec![],
            per_month: 1,
            want: None,
            says: &[],
        },
        Row {
            name: "moved out mid-month: not required from that month",
            household: VisitHousehold { left_on: Some(d("2024-09-12")), ..monitored.clone() },
            visits: vec![],
            per_month: 1,
            want: Some((0, 0, Status::Exempt)),
            says: &["2024年9月12日全户迁出"],
        },
        Row {
            name: "moved out before the month: no finding",
            household: VisitHousehold { left_on: Some(d("2024-08-20")), ..monitored.clone() },
            visits: vec![],
            per_month: 1,
            want: None,
            says: &[],
        },
        Row {
            name: "two visits the same day count once",
            household: monitored.clone(),
            visits: vec![visit("v1", "2024-09-03", InPerson), visit("v2", "2024-09-03", InPerson)],
            per_month: 2,
            want: Some((2, 1, Status::Short)),
            says: &["同一天的多次走访按1次计"],
        },
        Row {
            name: "two visits on two days meet two a month",
            household: monitored.clone(),
            visits: vec![visit("v1", "2024-09-03", InPerson), visit("v2", "2024-09-17", InPerson)],
            per_month: 2,
            want: Some((2, 2, Status::Ok)),
            says: &[],
        },
        Row {
            name: "the pairing cadre alone, not a team member, counts",
            household: monitored.clone(),
            visits: vec![cadre_only],
            per_month: 1,
            want: Some((1, 1, Status::Ok)),
            says: &["9月8日入户"],
        },
        Row {
            name: "a 脱贫户 has no V1",
            household: household(Category::Lifted),
            visits: vec![],
            per_month: 1,
            want: None,
            says: &[],
        },
    ];
    let month = Period::parse("2024-09").unwrap();
    for r in rows {
        let p = RuleParams { visits_per_month: r.per_month, ..RuleParams::default() };
        let f = v1(std::slice::from_ref(&r.household), &r.visits, month, &p, d("2024-10-08"));
        match r.want {
            None => assert!(f.is_empty(), "{}: {f:?}", r.name),
            Some((required, found, status)) => {
                assert_eq!(f.len(), 1, "{}", r.name);
                let f = &f[0];
                assert_eq!((f.required, f.found, f.status), (required, found, status), "{}: {}", r.name, f.explain);
                assert_eq!((f.rule.as_str(), f.subject_label.as_str(), f.period.as_str()), ("V1", "430527001001", "2024-09"), "{}", r.name);
                assert!(!f.in_progress, "{}", r.name);
                for w in r.says {
                    assert!(f.explain.contains(w), "{}: {} lacks {w}", r.name, f.explain);
                }
                // The records are the visits that count.
                assert_eq!(f.records.len() as i64 >= f.found, true, "{}", r.name);
            }
        }
    }
}

#[test]
fn a_month_not_over_is_in_progress() {
    let h = household(Category::Monitored);
    let f = v1(&[h], &[], Period::parse("2024-09").unwrap(), &RuleParams::default(), d("2024-09-30"));
    assert!(f[0].in_progress);
    assert_eq!(f[0].state_zh(), "进行中");
}

#[test]
fn v2_table() {
    use VisitMode::*;
    let lifted = household(Category::Lifted);
    let ordinary = VisitHousehold { id: "h2".into(), number: "430527001002".into(), category: Category::Ordinary, ..household(Category::Ordinary) };
    let monitored = VisitHousehold { id: "h3".into(), number: "430527001003".into(), ..household(Category::Monitored) };
    let gone = VisitHousehold { id: "h4".into(), number: "430527001004".into(), left_on: Some(d("2024-08-01")), ..household(Category::Lifted) };
    let gone_before = VisitHousehold { id: "h5".into(), number: "430527001005".into(), left_on: Some(d("2023-12-01")), ..household(Category::Lifted) };
    let hs = vec![lifted, ordinary, monitored, gone, gone_before];
    let visits = vec![
        visit("v1", "2024-03-02", InPerson),
        VisitRecord { household_id: "h2".into(), ..visit("v2", "2024-05-02", Phone) },
    ];
    // The calendar year.
    let f = v2(&hs, &visits, d("2024-01-01"), d("2024-12-31"), d("2025-01-05"));
    let by = |id: &str| f.iter().find(|x| x.subject == id).cloned();
    assert_eq!(f.len(), 3, "monitored households are V1's; one gone before the window has no finding");
    let a = by("h1").unwrap();
    assert_eq!((a.rule.as_str(), a.period.as_str(), a.status), ("V2", "2024", Status::Ok));
    assert!(a.explain.starts_with("2024年度胡新平户"), "{}", a.explain);
    let b = by("h2").unwrap();
    assert_eq!(b.status, Status::Short, "a phone call to a family at home does not count");
    assert!(b.explain.contains("不计入"), "{}", b.explain);
    assert_eq!(by("h4").unwrap().status, Status::Exempt, "moved out in the window");
    // The 2024 campaign window: a visit in March is outside it.
    let f = v2(&hs, &visits, d("2024-07-29"), d("2024-10-31"), d("2024-09-01"));
    let a = f.iter().find(|x| x.subject == "h1").unwrap();
    assert_eq!((a.period.as_str(), a.status, a.in_progress), ("2024-07-29至2024-10-31", Status::Short, true));
    assert!(a.explain.starts_with("2024年7月29日至2024年10月31日"), "{}", a.explain);
}

#[test]
fn the_window_parameter_reads_a_year_or_a_campaign() {
    assert_eq!(VisitWindow::parse("年度"), Some(VisitWindow::Year));
    assert_eq!(VisitWindow::parse(""), Some(VisitWindow::Year));
    let w = VisitWindow::parse("2024-07-29至2024-10-31").unwrap();
    assert_eq!(w, VisitWindow::Range(d("2024-07-29"), d("2024-10-31")));
    assert_eq!(w.text(), "2024-07-29至2024-10-31");
    assert_eq!(VisitWindow::parse("2024-07-29 到 2024-10-31"), Some(w));
    assert_eq!(VisitWindow::parse("2024-10-31至2024-07-29"), None, "the end before the start");
    assert_eq!(VisitWindow::parse("半年"), None);
    assert_eq!(VisitWindow::Year.range(d("2025-03-04")), (d("2025-01-01"), d("2025-12-31")));
    let p = RuleParams::resolve(|k| (k == "visit.window").then(|| "2024-07-29至2024-10-31".to_string()));
    assert_eq!(p.visit_window, w);
    assert_eq!((RuleParams::default().visits_per_month, RuleParams::default().monitored_from_day), (1, 20));
}
