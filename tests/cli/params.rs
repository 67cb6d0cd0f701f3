//! Changing a rule parameter through the real `zhucun`: on a laptop that is not enrolled it needs its
//! 依据, and the command says what the change does to this month's results.

use crate::p;
use zhucun_e2e::{db_digest, World};

/// Written on their days in September 2024; the 30th is today (the month not over yet).
const TODAY: &str = "2024-09-30";

/// A village and one member 在村 on the first 16 working days of September 2024.
fn team() -> (World, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "10", "--village-size", "10", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let id = w
        .zhucun_on(TODAY, &["member", "add", "--name", "张三", "--role", "队员", "--from", "2024-01-01", "--unit", "县农业农村局", "--phone", "13907391001"])
        .ok()
        .trim()
        .to_string();
    let days = ["02", "03", "04", "05", "06", "09", "10", "11", "12", "13", "18", "19", "20", "23", "24", "25"];
    for day in days {
        let date = format!("2024-09-{day}");
        w.zhucun_on(&date, &["log", "set", "--member", &id, "--date", &date, "--status", "在村", "--text", "走访农户"]).ok();
    }
    (w, id)
}

#[test]
fn a_change_without_its_source_is_refused_and_changes_nothing() {
    let (w, _) = team();
    let before = db_digest(&w.db());
    for args in [
        vec!["param", "set", "attendance.month_days", "15"],
        vec!["param", "set", "attendance.month_days", "15", "--source", "  "],
        vec!["param", "set", "attendance.month_days", "15", "--source", "通知"],
    ] {
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1, "{args:?}\n{}", r.stdout());
        assert!(r.stderr().contains("改动规则参数要写明依据"), "{args:?}: {}", r.stderr());
        assert_eq!(r.stdout(), "", "no effect printed for a refused change");
        assert_eq!(before, db_digest(&w.db()), "{args:?} changed the database");
    }
}

#[test]
fn a_change_with_its_source_says_what_it_does() {
    let (w, _) = team();
    let out = w.zhucun_on(TODAY, &["param", "set", "attendance.month_days", "15", "--source", "绥农发〔2025〕1号"]).ok();
    assert!(out.contains("每月驻村天数 20 → 15：本月1人的考勤或会议结果会变（张三 进行中→达标），共1项。"), "{out}");
    assert!(out.contains("张三\t每月驻村天数（A1）\t2024-09\t进行中 → 达标"), "{out}");
    assert!(out.contains("依据 绥农发〔2025〕1号"), "{out}");
    let list = w.zhucun_on(TODAY, &["param", "list", "--json"]).json();
    let row = list.as_array().unwrap().iter().find(|r| r["key"] == "attendance.month_days").expect("listed");
    assert_eq!((row["value"].as_str(), row["source"].as_str()), (Some("15"), Some("绥农发〔2025〕1号")));
    // --json: the effect of going back, and the saved row.
    let j = w.zhucun_on(TODAY, &["param", "set", "attendance.month_days", "20", "--source", "绥农发〔2024〕5号", "--json"]).json();
    assert_eq!(j["effect"]["old"], "15");
    assert_eq!(j["effect"]["new"], "20");
    assert_eq!(j["effect"]["people"], 1);
    assert_eq!(j["effect"]["changes"][0]["before"], "达标");
    assert_eq!(j["effect"]["changes"][0]["after"], "进行中");
    assert_eq!(j["param"]["value"], "20");
}

#[test]
fn zhucun_history_lists_each_parameter_change_with_its_source() {
    let (w, _) = team();
    assert_eq!(w.zhucun_on(TODAY, &["history"]).ok().trim(), "没有修改记录。");
    w.zhucun_on(TODAY, &["param", "set", "attendance.month_days", "15", "--source", "绥农发〔2025〕1号"]).ok();
    w.zhucun_on(TODAY, &["param", "set", "attendance.month_days", "18", "--source", "县驻村办通知"]).ok();
    let out = w.zhucun_on(TODAY, &["history", "param"]).ok();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].contains("规则参数参数修改 attendance.month_days（修改人：未署名，本机）"), "{out}");
    assert!(out.contains("15天 → 18天") && out.contains("原因：县驻村办通知"), "newest first: {out}");
    assert!(out.find("15天 → 18天") < out.find("20天 → 15天"), "{out}");
    let j = w.zhucun_on(TODAY, &["history", "param", "--id", "attendance.month_days", "--json"]).json();
    assert_eq!(j.as_array().unwrap().len(), 2);
    assert_eq!(j[1]["changes"][0]["before"], "20天");
    let bad = w.zhucun_on(TODAY, &["history", "households"]);
    assert_eq!(bad.code(), 1);
    assert!(bad.stderr().contains("请写 member、leave、meeting 或 param"), "{}", bad.stderr());
}
