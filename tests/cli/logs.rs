//! A log is a log: a day 在村 or 公务外出 says what was done (at least `log.min_content_chars`
//! characters), contradictions are said on stderr without refusing, and a log first written after its
//! day is marked 补填 in the 工作日志 ledger. Through the real `zhucun` binary on a real database.

use crate::p;
use zhucun_e2e::{db_digest, read_xlsx, World};

const TODAY: &str = "2024-10-08";

/// A village and one member (from 2024-01-01); returns (world, member id).
fn team() -> (World, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "20", "--village-size", "20", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let id = w.zhucun_on(TODAY, &["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    (w, id)
}

#[test]
fn a_day_in_the_village_without_content_is_refused_in_chinese_and_nothing_is_written() {
    let (w, zhou) = team();
    let before = db_digest(&w.db());
    for (status, text, says) in [
        ("在村", "", "在村的日志要写明当天做了什么：工作内容至少4个字，现在没有填写。"),
        ("在村", " 走 访 ", "工作内容至少4个字，现在只有2个字"),
        ("公务外出", "开会", "公务外出的日志要写明当天做了什么：工作内容至少4个字，现在只有2个字。"),
    ] {
        let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", status, "--text", text]);
        assert_eq!(r.code(), 1, "{status} “{text}” should be refused\n{}", r.stdout());
        assert!(r.stderr().contains(says), "expected “{says}” in\n{}", r.stderr());
        assert!(!r.stderr().contains("log.content_short"), "the code is not for people: {}", r.stderr());
        assert_eq!(before, db_digest(&w.db()), "a refused log changed the database");
    }
    // 休息 and 请假 need no text; four characters are enough for 在村.
    w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-21", "--status", "休息"]).ok();
    w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "在村", "--text", "走访农户"]).ok();
    let logs = w.zhucun(&["log", "list", "--period", "2024-09", "--json"]).json();
    assert_eq!(logs.as_array().unwrap().len(), 2, "{logs}");
}

#[test]
fn the_minimum_is_a_parameter() {
    let (w, zhou) = team();
    w.zhucun(&["param", "set", "log.min_content_chars", "10", "--source", "县驻村办通知"]).ok();
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "在村", "--text", "走访农户"]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("至少10个字，现在只有4个字"), "{}", r.stderr());
    w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "在村", "--text", "走访三组杨再兴、吴秀英两户"]).ok();
    // 0: any text, even none, as before.
    w.zhucun(&["param", "set", "log.min_content_chars", "0", "--source", "县驻村办通知"]).ok();
    w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-19", "--status", "在村"]).ok();
    // Bounded like the others.
    let r = w.zhucun(&["param", "set", "log.min_content_chars", "5000"]);
    assert_eq!(r.code(), 1, "{}", r.stdout());
    let list = w.zhucun(&["param", "list", "--json"]).json();
    let row = list.as_array().unwrap().iter().find(|r| r["key"] == "log.min_content_chars").expect("listed");
    assert_eq!(row["value"], "0");
    assert_eq!(row["default"], "4");
}

#[test]
fn contradictions_are_said_on_stderr_and_saved_all_the_same() {
    let (w, zhou) = team();
    // 请假 with the night ticked, and no approved leave that day.
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "请假", "--night"]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    assert!(r.stderr().contains("提醒：请假的日子勾选了当晚在村住宿"), "{}", r.stderr());
    assert!(r.stderr().contains("提醒：这一天没有已批准的请假"), "{}", r.stderr());
    // With the leave approved, only the night is left to say.
    let leave = w.zhucun_on(TODAY, &["leave", "add", "--member", &zhou, "--type", "事假", "--from", "2024-09-20", "--to", "2024-09-20", "--reason", "家事"]).ok();
    w.zhucun_on(TODAY, &["leave", "approve", leave.lines().next().unwrap(), "--by", "张乡长"]).ok();
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "请假"]);
    assert_eq!(r.code(), 0);
    assert_eq!(r.stderr(), "", "an approved leave without the night is no contradiction");
    // 公务外出: the county's rule, with its numbers.
    w.zhucun(&["param", "set", "attendance.month_days", "18", "--source", "县驻村办通知"]).ok();
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-23", "--status", "公务外出", "--text", "到县里参加培训"]);
    assert_eq!(r.code(), 0);
    assert!(r.stderr().contains("提醒：公务外出不算在村") && r.stderr().contains("每月在村天数（要求18天）"), "{}", r.stderr());
    // 在村 says nothing.
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-24", "--status", "在村", "--text", "走访农户"]);
    assert_eq!(r.stderr(), "");
}

#[test]
fn a_back_filled_log_is_marked_in_the_worklog_ledger() {
    let (w, zhou) = team();
    // On its day; eight days late; and corrected on a later day (still written on its day).
    w.zhucun_on("2024-09-10", &["log", "set", "--member", &zhou, "--date", "2024-09-10", "--status", "在村", "--text", "走访农户"]).ok();
    w.zhucun_on("2024-09-18", &["log", "set", "--member", &zhou, "--date", "2024-09-11", "--status", "在村", "--text", "整理台账资料"]).ok();
    w.zhucun_on(TODAY, &["log", "set", "--member", &zhou, "--date", "2024-09-10", "--status", "在村", "--text", "走访三组农户"]).ok();
    let logs = w.zhucun(&["log", "list", "--period", "2024-09", "--json"]).json();
    let created: Vec<&str> = logs.as_array().unwrap().iter().map(|l| l["created_at"].as_str().unwrap()).collect();
    assert_eq!(created, ["2024-09-10", "2024-09-18"]);
    let dir = w.path("台账");
    std::fs::create_dir(&dir).unwrap();
    let r = w.zhucun_on(TODAY, &["ledger", "worklog", "--period", "2024-09", "--member", &zhou, "--out", dir.to_str().unwrap(), "--json"]).json();
    let s = read_xlsx(std::path::Path::new(r["path"].as_str().unwrap()));
    assert_eq!(s[2][5], "工作内容");
    assert_eq!(s[3 + 9][5], "走访三组农户");
    assert_eq!(s[3 + 10][5], "整理台账资料（补填于9月18日）");
}

#[test]
fn a_members_bad_phone_or_dates_are_said_in_plain_chinese() {
    let (w, _) = team();
    let before = db_digest(&w.db());
    for (args, says) in [
        (vec!["--phone", "1390739"], "电话号码“1390739”格式不对"),
        (vec!["--from", "2024-09-10", "--to", "2024-09-01"], "离队日期不能早于驻村开始日期：离队2024年9月1日，驻村开始2024年9月10日。"),
    ] {
        let mut all = vec!["member", "add", "--name", "李娟", "--role", "队员"];
        if !args.contains(&"--from") {
            all.extend(["--from", "2024-09-10"]);
        }
        all.extend(args.iter().copied());
        let r = w.zhucun_on(TODAY, &all);
        assert_eq!(r.code(), 1, "{all:?}");
        assert!(r.stderr().contains(says), "expected “{says}” in\n{}", r.stderr());
        assert!(!r.stderr().contains("操作参数不对") && !r.stderr().contains("bad argument"), "{}", r.stderr());
        assert_eq!(before, db_digest(&w.db()));
    }
}

#[test]
fn the_demo_teams_logs_say_what_was_done_and_none_is_back_filled() {
    let w = World::new();
    w.zhucun_on(TODAY, &["demo", "--households", "30", "--village-size", "30"]).ok();
    let logs = w.zhucun(&["log", "list", "--period", "2024-09", "--json"]).json();
    let logs = logs.as_array().unwrap();
    assert!(logs.len() > 30, "the demo team has a month of logs: {}", logs.len());
    for l in logs {
        let status = l["status"].as_str().unwrap();
        let chars = l["content"].as_str().unwrap().chars().filter(|c| !c.is_whitespace()).count();
        if status == "在村" || status == "公务外出" {
            assert!(chars >= 4, "a demo log of {status} with too little text: {l}");
        }
        assert_eq!(l["created_at"], l["date"], "written on its day: {l}");
    }
}

#[test]
fn the_day_a_log_was_written_reaches_the_county() {
    let county = zhucun_e2e::County::with_demo(30, 30);
    let laptop = county.enroll(&county.village(), None);
    let m = laptop.zhucun(&["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    // Today is 15 September: the 10th is back-filled.
    laptop.zhucun(&["log", "set", "--member", &m, "--date", "2024-09-10", "--status", "在村", "--text", "入户走访农户"]).ok();
    let stick = laptop.path("stick.zhcb");
    laptop.zhucun(&["sync", "export", "--out", stick.to_str().unwrap()]).ok();
    county.server(&["import", stick.to_str().unwrap(), "--out-dir", county.world.path("回执").to_str().unwrap()]).ok();
    let out = std::process::Command::new(zhucun_e2e::bin("zhucun"))
        .arg("--db")
        .arg(county.db())
        .args(["log", "list", "--period", "2024-09", "--json"])
        .env("ZHUCUN_TODAY", "2024-09-15")
        .env_remove("ZHUCUN_DB")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let logs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(logs[0]["date"], "2024-09-10");
    assert_eq!(logs[0]["created_at"], "2024-09-15", "{logs}");
}
