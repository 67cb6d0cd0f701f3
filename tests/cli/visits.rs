//! 走访 through the real `zhucun` binary: a visit typed once shows in the 走访情况登记表, in both
//! visitors' work logs of the day (and their 今日), on the household's page and in the 工作日志 ledger;
//! editing and deleting it follow everywhere; every bad input is refused with the database unchanged;
//! V1/V2 findings in the engine's shape; 全家外出 makes a phone call count.

use crate::ledger_print::read_sheets;
use crate::p;
use serde_json::Value;
use zhucun_e2e::{db_digest, World};
use zhucun_store::visits::{visits, VisitQuery};
use zhucun_store::Store;

const TODAY: &str = "2024-09-20";

/// A village of 30 households and a team of two (the second assigned until 2024-09-15); returns the
/// world, the member ids and a monitored household's 户编号 and head.
fn team() -> (World, [String; 2], String, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let zhou = w.zhucun_on(TODAY, &["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    let li = w.zhucun_on(TODAY, &["member", "add", "--name", "李娟", "--role", "队员", "--from", "2024-01-01", "--to", "2024-09-15"]).ok().trim().to_string();
    let list = w.zhucun(&["households", "list", "--category", "监测户", "--json"]).json();
    let h = &list.as_array().unwrap()[0];
    (w, [zhou, li], h["number"].as_str().unwrap().to_string(), h["head_name"].as_str().unwrap().to_string())
}

fn log_of(w: &World, member: &str, date: &str) -> Option<Value> {
    let all = w.zhucun_on(TODAY, &["log", "list", "--period", &date[..7], "--json"]).json();
    all.as_array().unwrap().iter().find(|l| l["member_id"] == member && l["date"] == date).cloned()
}

/// The day's visits of a member as 今日 reads them (DayView.visits is this query).
fn day_visits(w: &World, member: &str, date: &str) -> Vec<String> {
    let s = Store::open(&w.db()).unwrap();
    let d = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
    visits(s.read(), &VisitQuery { from: Some(d), to: Some(d), member_id: Some(member), ..Default::default() }).unwrap().into_iter().map(|v| v.id).collect()
}

fn household_page(w: &World, number: &str) -> zhucun_store::households::HouseholdDetail {
    let s = Store::open(&w.db()).unwrap();
    let id: String = s.read().query_row("SELECT id FROM household WHERE number = ?1", [number], |r| r.get(0)).unwrap();
    zhucun_store::households::household_detail(s.read(), &id, chrono::NaiveDate::from_ymd_opt(2024, 9, 20).unwrap()).unwrap()
}

fn register(w: &World) -> Vec<Vec<String>> {
    let out = p(w, "走访.xlsx");
    w.zhucun_on(TODAY, &["ledger", "visits", "--period", "2024-09", "--out", &out]).ok();
    read_sheets(std::path::Path::new(&out)).remove(0).1
}

#[test]
fn one_visit_shows_everywhere_and_editing_and_deleting_follow() {
    let (w, [zhou, li], number, head) = team();
    let by = format!("{zhou},{li}");
    let added = w
        .zhucun_on(
            TODAY,
            &[
                "visit", "add", "--household", &number, "--date", "2024-09-10", "--mode", "入户", "--by", &by, "--met", &head, "--check",
                "义务教育=ok,住房安全=problem:屋顶漏雨,饮水安全=正常", "--text", "了解务工收入", "--next", "联系危房改造", "--problem", "屋顶漏雨需维修", "--json",
            ],
        )
        .json();
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!((added["counts"].as_bool(), added["member_names"].as_array().unwrap().len()), (Some(true), 2));

    // Both visitors' logs of the day: made as 在村 with the visit, and on their 今日.
    for m in [&zhou, &li] {
        let log = log_of(&w, m, "2024-09-10").unwrap_or_else(|| panic!("no log for {m}"));
        assert_eq!((log["status"].as_str(), log["content"].as_str()), (Some("在村"), Some(format!("入户走访{head}户").as_str())));
        assert_eq!(day_visits(&w, m, "2024-09-10"), vec![id.clone()]);
    }
    // The register, cell by cell.
    let s = register(&w);
    assert_eq!(s[0][0], "走访情况登记表");
    assert_eq!(
        s[2],
        ["序号", "走访日期", "户编号", "户主", "组", "走访方式", "走访对象", "家庭变化", "义务教育", "基本医疗", "住房安全", "饮水安全", "收入与风险线索", "政策宣传", "群众诉求", "走访情况及下一步", "走访人", "户主签字"]
    );
    let row = &s[3];
    assert_eq!(row[..7], ["1", "2024-09-10", number.as_str(), head.as_str(), row[4].as_str(), "入户", head.as_str()]);
    assert_eq!(row[7..13], ["—", "正常", "—", "有问题：屋顶漏雨", "正常", "—"]);
    assert_eq!((row[15].as_str(), row[16].as_str(), row[17].as_str()), ("了解务工收入　下一步：联系危房改造", "周建国、李娟", ""));
    assert_eq!(s[4][..3], ["合计", "1次", "1户"]);
    // It prints on A4 landscape, one page wide, nothing under 9 pt, the header repeated.
    let printed = crate::ledger_print::printed_sheets(&w.path("走访.xlsx"));
    assert_eq!((printed[0].paper.as_str(), printed[0].landscape, printed[0].fit_width.as_str()), ("9", true, "1"));
    assert!(printed[0].smallest_printed_pt() >= 9.0, "{}", printed[0].smallest_printed_pt());
    assert!(printed[0].print_titles.as_deref().is_some_and(|t| t.ends_with("!$3:$3")));
    // The household's page; the problem in the 问题台账.
    let page = household_page(&w, &number);
    assert_eq!((page.visits.len(), page.last_visit.map(|d| d.to_string())), (1, Some("2024-09-10".into())));
    assert_eq!(page.open_problems, 1);
    let problems = {
        let s = Store::open(&w.db()).unwrap();
        zhucun_store::problems::problems(s.read(), &Default::default(), chrono::NaiveDate::from_ymd_opt(2024, 9, 20).unwrap()).unwrap()
    };
    assert_eq!((problems.len(), problems[0].source.as_str(), problems[0].category.as_str()), (1, "走访", "住房安全"));
    assert_eq!(problems[0].visit_id.as_deref(), Some(id.as_str()));
    // The 工作日志 ledger prints the day's visit after the log text.
    let out = p(&w, "日志.xlsx");
    w.zhucun_on(TODAY, &["ledger", "worklog", "--period", "2024-09", "--member", &zhou, "--out", &out]).ok();
    let log = read_sheets(std::path::Path::new(&out)).remove(0).1;
    let day = log.iter().find(|r| r[0] == "2024-09-10").unwrap();
    assert!(day[5].contains(&format!("走访：{head}户（入户）")), "{day:?}");

    // Edited: another day, one visitor; every place follows.
    let edited = w.zhucun_on(TODAY, &["visit", "edit", &id, "--date", "2024-09-12", "--by", &zhou, "--editor", "周建国", "--reason", "日期记错", "--json"]).json();
    assert_eq!(edited["date"], "2024-09-12");
    assert!(day_visits(&w, &li, "2024-09-10").is_empty() && day_visits(&w, &zhou, "2024-09-10").is_empty());
    assert_eq!(day_visits(&w, &zhou, "2024-09-12"), vec![id.clone()]);
    assert_eq!(register(&w)[3][1], "2024-09-12");
    assert_eq!(household_page(&w, &number).visits[0].date, "2024-09-12");
    let history = w.zhucun(&["history", "--json"]).json();
    let traced: Vec<&Value> = history.as_array().unwrap().iter().filter(|c| c["row_id"] == id.as_str()).collect();
    assert_eq!(traced.len(), 1, "{history}");
    assert_eq!(traced[0]["action"], "修改");

    // Deleted: kept with its trace, shown nowhere.
    let refused = w.zhucun_on(TODAY, &["visit", "delete", &id, "--editor", "周建国", "--reason", ""]);
    assert_eq!(refused.code(), 1);
    w.zhucun_on(TODAY, &["visit", "delete", &id, "--editor", "周建国", "--reason", "重复登记"]).ok();
    assert!(day_visits(&w, &zhou, "2024-09-12").is_empty());
    assert!(household_page(&w, &number).visits.is_empty());
    let s = register(&w);
    assert_eq!(s[3][..2], ["合计", "0次"]);
    assert!(w.zhucun_on(TODAY, &["visit", "list", "--json"]).json().as_array().unwrap().is_empty());
}

#[test]
fn bad_visits_are_refused_with_the_database_unchanged() {
    let (w, [zhou, li], number, _) = team();
    let before = db_digest(&w.db());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--household", "9999999", "--date", "2024-09-10", "--mode", "入户", "--by", &zhou], "没有户编号为“9999999”的农户"),
        (vec!["--household", &number, "--date", "2024-09-21", "--mode", "入户", "--by", &zhou], "还没到"),
        (vec!["--household", &number, "--date", "2024-09-10", "--mode", "入户"], "请选择走访人"),
        (vec!["--household", &number, "--date", "2024-09-16", "--mode", "入户", "--by", &li], "不在驻村期间"),
        (vec!["--household", &number, "--date", "2024-09-10", "--mode", "入户", "--by", "nobody"], "没有编号为“nobody”的工作队员"),
        (vec!["--household", &number, "--date", "2024-09-10", "--mode", "入户", "--by", &zhou, "--check", "住房=ok"], "“住房”不是可选的值"),
        (vec!["--household", &number, "--date", "2024-09-10", "--mode", "入户", "--by", &zhou, "--check", "住房安全=problem"], "请写明是什么问题"),
        (vec!["--household", &number, "--date", "2024-09-10", "--mode", "飞鸽", "--by", &zhou], "不是可选的值"),
    ];
    for (args, says) in cases {
        let mut all = vec!["visit", "add"];
        all.extend(args.iter().copied());
        let r = w.zhucun_on(TODAY, &all);
        assert_eq!(r.code(), 1, "{all:?}");
        assert!(r.stderr().contains(says), "{all:?}: {}", r.stderr());
        assert_eq!(db_digest(&w.db()), before, "{all:?} changed the database");
    }
}

#[test]
fn v1_and_v2_findings_and_whole_family_away() {
    let (w, [zhou, _], number, head) = team();
    w.zhucun_on(TODAY, &["visit", "add", "--household", &number, "--date", "2024-09-05", "--mode", "电话", "--by", &zhou]).ok();
    let v1 = |w: &World| -> Value {
        let all = w.zhucun_on(TODAY, &["check", "visits", "--period", "2024-09", "--json"]).json();
        all.as_array().unwrap().iter().find(|f| f["subject_label"] == number.as_str()).unwrap().clone()
    };
    let f = v1(&w);
    assert_eq!((f["rule"].as_str(), f["found"].as_i64(), f["status"].as_str(), f["in_progress"].as_bool()), (Some("V1"), Some(0), Some("short"), Some(true)));
    assert!(f["explain"].as_str().unwrap().contains("电话走访1次不计入"), "{f}");
    // 全家外出 from the 1st: the call counts (a county-owned edit, applied here).
    w.zhucun_on(TODAY, &["household", "set", &number, "--whole-family-away", "是", "--since", "2024-09-01"]).ok();
    let f = v1(&w);
    assert_eq!((f["found"].as_i64(), f["status"].as_str()), (Some(1), Some("ok")), "{f}");
    assert!(f["explain"].as_str().unwrap().contains(&format!("{head}户")), "{f}");
    // V2 over the year and over the campaign window.
    let year = w.zhucun_on(TODAY, &["check", "coverage", "--json"]).json();
    assert!(year.as_array().unwrap().iter().all(|f| f["rule"] == "V2" && f["period"] == "2024"));
    let campaign = w.zhucun_on(TODAY, &["check", "coverage", "--from", "2024-07-29", "--to", "2024-10-31", "--json"]).json();
    assert_eq!(campaign[0]["period"], "2024-07-29至2024-10-31");
    assert_eq!(year.as_array().unwrap().len(), campaign.as_array().unwrap().len());
}

/// A visit typed on each of two laptops reaches the other laptop and the county over HTTP; the
/// county's V1 and V2 findings equal the laptops'.
#[test]
fn visits_typed_on_two_laptops_reach_each_other_and_the_county() {
    use crate::sync::Server;
    let county = zhucun_e2e::County::with_demo(300, 300);
    let village = county.village();
    let server = Server::start(&county);
    let a = county.enroll(&village, Some(&server.url));
    let b = county.enroll(&village, Some(&server.url));
    let jia = a.zhucun(&["member", "add", "--name", "甲", "--role", "队长", "--from", "2024-03-01"]).ok().trim().to_string();
    let yi = b.zhucun(&["member", "add", "--name", "乙", "--role", "队员", "--from", "2024-04-01"]).ok().trim().to_string();
    for l in [&a, &b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    let monitored = a.zhucun(&["households", "list", "--category", "监测户", "--json"]).json();
    let n = |i: usize| monitored[i]["number"].as_str().unwrap().to_string();
    let va = a.zhucun(&["visit", "add", "--household", &n(0), "--date", "2024-09-02", "--mode", "入户", "--by", &jia, "--json"]).json();
    let vb = b.zhucun(&["visit", "add", "--household", &n(1), "--date", "2024-09-03", "--mode", "入户", "--by", &yi, "--cadre", "--json"]).json();
    for l in [&a, &b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    for l in [&a, &b] {
        let list = l.zhucun(&["visit", "list", "--json"]).json();
        let ids: Vec<&str> = list.as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
        assert_eq!(ids, vec![va["id"].as_str().unwrap(), vb["id"].as_str().unwrap()]);
        // The visitor's log of the day came along (V4 wrote it on the other laptop).
        let logs = l.zhucun(&["log", "list", "--period", "2024-09", "--json"]).json();
        assert!(logs.as_array().unwrap().iter().any(|x| x["member_id"] == yi.as_str() && x["date"] == "2024-09-03"));
    }
    let county_v1 = county.server(&["check", "visits", "--period", "2024-09", "--json"]).json();
    let county_v2 = county.server(&["check", "coverage", "--json"]).json();
    for l in [&a, &b] {
        assert_eq!(l.zhucun(&["check", "visits", "--period", "2024-09", "--json"]).json(), county_v1, "V1: the county counts as the laptop");
        assert_eq!(l.zhucun(&["check", "coverage", "--json"]).json(), county_v2, "V2: the county counts as the laptop");
    }
    let counted: Vec<&Value> = county_v1.as_array().unwrap().iter().filter(|f| f["status"] == "ok").collect();
    assert_eq!(counted.len(), 2, "{county_v1}");

    // 全家外出 is roster data: set on an enrolled laptop it applies there and reaches the county as a
    // proposal, which the county accepts.
    let out = a.zhucun(&["household", "set", &n(2), "--whole-family-away", "是", "--since", "2024-09-01"]).ok();
    assert!(out.contains("报县里确认"), "{out}");
    a.zhucun(&["sync", "now"]).ok();
    let proposals = county.server(&["proposals", "list", "--json"]).json();
    assert!(proposals.as_array().unwrap().iter().any(|p| p["tbl"] == "household"), "{proposals}");
    county.server(&["proposals", "accept", "--all"]).ok();
    for l in [&b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    let away = |l: &World| -> bool {
        let c = rusqlite::Connection::open(l.db()).unwrap();
        c.query_row("SELECT away FROM household WHERE number = ?1", [n(2)], |r| r.get::<_, i64>(0)).unwrap() == 1
    };
    assert!(away(&a) && away(&b));
}
