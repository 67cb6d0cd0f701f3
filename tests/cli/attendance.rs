//! Work logs, leave, meetings, checks, parameters and ledgers through the real `zhucun` binary on a
//! real database: a September 2024 of a three-member team, checked against hand-counted findings, and
//! the ledgers read back cell by cell. Every refusal leaves the database as it was.

use crate::p;
use chrono::{Datelike, Days, NaiveDate};
use serde_json::Value;
use zhucun_e2e::{db_digest, read_xlsx, World};

/// After September: the whole month is over.
const TODAY: &str = "2024-10-08";

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A village (roster imported, no team yet) and three members; returns (world, [周, 李, 王] ids).
fn team() -> (World, [String; 3]) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let add = |name: &str, role: &str, from: &str| {
        w.zhucun_on(TODAY, &["member", "add", "--name", name, "--role", role, "--from", from, "--unit", "县农业农村局", "--phone", "13907391001"]).ok().trim().to_string()
    };
    let ids = [add("周建国", "第一书记", "2024-01-01"), add("李娟", "队员", "2024-09-10"), add("王强", "队长", "2024-03-01")];
    (w, ids)
}

fn set(w: &World, member: &str, date: NaiveDate, status: &str, night: bool) {
    let date = date.to_string();
    let mut args = vec!["log", "set", "--member", member, "--date", &date, "--status", status, "--text", "走访农户"];
    if night {
        args.push("--night");
    }
    // Written on its day: nothing back-filled (tests/cli/logs.rs has those).
    w.zhucun_on(&date, &args).ok();
}

/// In the village every working day of September 2024 (the calendar's: 16–17 Sep are 中秋, Saturday
/// 14 Sep is a make-up day), nights Monday to Thursday, from `from` on.
fn working_month(w: &World, member: &str, from: &str) {
    let mut day = d(from);
    while day <= d("2024-09-30") {
        let wd = day.weekday().num_days_from_monday();
        let holiday = day == d("2024-09-16") || day == d("2024-09-17");
        if (wd < 5 && !holiday) || day == d("2024-09-14") {
            set(w, member, day, "在村", wd < 4);
        }
        day = day + Days::new(1);
    }
}

fn finding<'a>(all: &'a [Value], rule: &str, period: &str, subject: &str) -> &'a Value {
    all.iter()
        .find(|f| f["rule"] == rule && f["period"] == period && f["subject"] == subject)
        .unwrap_or_else(|| panic!("no {rule} {period} for {subject} in {all:#?}"))
}

fn rsf(f: &Value) -> (i64, i64, &str) {
    (f["required"].as_i64().unwrap(), f["found"].as_i64().unwrap(), f["status"].as_str().unwrap())
}

#[test]
fn a_month_of_records_checks_as_counted_by_hand() {
    let (w, [zhou, li, wang]) = team();
    working_month(&w, &zhou, "2024-09-01");
    working_month(&w, &li, "2024-09-10");
    // 王强: in the village W39 Monday, Thursday, Friday; Tuesday–Wednesday on approved leave.
    for (day, night) in [("2024-09-23", true), ("2024-09-26", true), ("2024-09-27", false)] {
        set(&w, &wang, d(day), "在村", night);
    }
    let leave = w.zhucun_on(TODAY, &["leave", "add", "--member", &wang, "--type", "事假", "--from", "2024-09-24", "--to", "2024-09-25下午", "--reason", "家中有事", "--json"]).json();
    assert_eq!((leave["days"].as_f64(), leave["approval_level"].as_str(), leave["state"].as_str()), (Some(2.0), Some("乡镇"), Some("待审批")));
    let leave_id = leave["id"].as_str().unwrap().to_string();

    let check = |w: &World| -> Vec<Value> { w.zhucun_on(TODAY, &["check", "attendance", "--period", "2024-09", "--json"]).json().as_array().unwrap().clone() };
    let before = check(&w);
    assert_eq!(rsf(finding(&before, "A2.days", "2024-W39", &wang)), (5, 3, "short"), "unapproved leave lowers nothing");
    assert_eq!(rsf(finding(&before, "A3", "2024-09", &wang)), (1, 0, "short"));

    w.zhucun_on(TODAY, &["leave", "approve", &leave_id, "--by", "乡党委 张书记"]).ok();
    let all = check(&w);
    // Every member assigned in September: A1 and the weeks whose Monday is in September that the
    // member was assigned in (李娟 joined in W37).
    for (m, weeks) in [(&zhou, 5), (&li, 4), (&wang, 5)] {
        assert_eq!(all.iter().filter(|f| f["subject"] == m.as_str() && f["rule"] == "A2.days").count(), weeks);
        assert_eq!(all.iter().filter(|f| f["subject"] == m.as_str() && f["rule"] == "A1").count(), 1);
    }
    assert_eq!(rsf(finding(&all, "A1", "2024-09", &zhou)), (20, 20, "ok"));
    assert_eq!(rsf(finding(&all, "A1", "2024-09", &li)), (14, 14, "ok"), "joined on the 10th: ⌈20×21÷30⌉ = 14");
    assert_eq!(rsf(finding(&all, "A2.days", "2024-W38", &zhou)), (3, 3, "ok"), "中秋 Monday and Tuesday lower the week");
    assert_eq!(rsf(finding(&all, "A2.nights", "2024-W38", &zhou)), (2, 2, "ok"));
    assert_eq!(rsf(finding(&all, "A2.days", "2024-W37", &zhou)), (5, 6, "ok"), "the make-up Saturday counts as a day, raises nothing");
    assert_eq!(rsf(finding(&all, "A2.days", "2024-W37", &li)), (4, 5, "ok"), "joined Tuesday: Monday lowers the week");
    assert_eq!(rsf(finding(&all, "A2.days", "2024-W39", &wang)), (3, 3, "ok"), "approved leave Tuesday–Wednesday lowers it by 2");
    assert_eq!(rsf(finding(&all, "A2.nights", "2024-W39", &wang)), (2, 2, "ok"));
    assert_eq!(rsf(finding(&all, "A2.days", "2024-W40", &zhou)), (1, 1, "ok"), "National Day");
    assert_eq!(rsf(finding(&all, "A2.nights", "2024-W40", &zhou)), (0, 1, "exempt"));
    assert_eq!(rsf(finding(&all, "A3", "2024-09", &wang)), (1, 1, "ok"));
    let explain = finding(&all, "A2.days", "2024-W39", &wang)["explain"].as_str().unwrap();
    assert!(explain.contains("已批准的请假9月24日—25日减2") && explain.contains("应在村3天"), "{explain}");
    assert!(all.iter().all(|f| f["in_progress"] == false));

    // Setting a day again replaces it.
    set(&w, &zhou, d("2024-09-30"), "休息", false);
    let all = check(&w);
    assert_eq!(rsf(finding(&all, "A1", "2024-09", &zhou)), (20, 19, "short"));
    let c = rusqlite::Connection::open(w.db()).unwrap();
    let n: i64 = c.query_row("SELECT count(*) FROM work_log WHERE member_id = ?1 AND date = '2024-09-30'", [&zhou], |r| r.get(0)).unwrap();
    assert_eq!(n, 1, "one log per member and day");

    // Parameters are data: the month's requirement follows the stored value.
    w.zhucun_on(TODAY, &["param", "set", "attendance.month_days", "18", "--source", "绥宁县2025年通知"]).ok();
    let all = check(&w);
    assert_eq!(rsf(finding(&all, "A1", "2024-09", &zhou)), (18, 19, "ok"));
    let params = w.zhucun_on(TODAY, &["param", "list", "--json"]).json();
    let p = params.as_array().unwrap().iter().find(|p| p["key"] == "attendance.month_days").unwrap();
    assert_eq!((p["value"].as_str(), p["default"].as_str(), p["changed"].as_bool(), p["source"].as_str()), (Some("18"), Some("20"), Some(true), Some("绥宁县2025年通知")));

    // Leave lifecycle: return, then nothing more to do with it.
    let back = w.zhucun_on(TODAY, &["leave", "return", &leave_id, "--date", "2024-09-26", "--json"]).json();
    assert_eq!(back["state"], "已销假");

    // Meetings: M1 each week, M3 in the month, M2 in the half-year.
    for (kind, date) in [("周例会", "2024-09-02"), ("周例会", "2024-09-09"), ("周例会", "2024-09-18"), ("周例会", "2024-09-23"), ("领学", "2024-09-20")] {
        w.zhucun_on(TODAY, &["meeting", "add", "--kind", kind, "--date", date, "--topic", "部署工作", "--attendees", &format!("{zhou},{li}"), "--minutes", "各队员汇报上周工作，部署本周任务。"]).ok();
    }
    let m: Vec<Value> = w.zhucun_on(TODAY, &["check", "meetings", "--period", "2024-09", "--json"]).json().as_array().unwrap().clone();
    let by = |rule: &str, period: &str| rsf(m.iter().find(|f| f["rule"] == rule && f["period"] == period).unwrap());
    assert_eq!(by("M1", "2024-W36"), (1, 1, "ok"));
    assert_eq!(by("M1", "2024-W38"), (1, 1, "ok"));
    assert_eq!(by("M1", "2024-W40"), (1, 0, "short"));
    assert_eq!(by("M3", "2024-09"), (1, 1, "ok"));
    assert_eq!(by("M2", "2024-H2"), (1, 0, "short"));
    let m3 = m.iter().find(|f| f["rule"] == "M3").unwrap();
    assert_eq!(m3["subject"], zhou.as_str(), "M3 binds the first secretary");
    let meetings = w.zhucun_on(TODAY, &["meeting", "list", "--period", "2024-09", "--json"]).json();
    let study = meetings.as_array().unwrap().iter().find(|x| x["kind"] == "领学").unwrap();
    assert_eq!(study["host_name"], "周建国", "领学 is led by the first secretary by default");
}

#[test]
fn ledgers_read_back_cell_by_cell() {
    let (w, [zhou, li, wang]) = team();
    working_month(&w, &zhou, "2024-09-01");
    set(&w, &li, d("2024-09-10"), "在村", true);
    set(&w, &li, d("2024-09-11"), "公务外出", false);
    let leave = w.zhucun_on(TODAY, &["leave", "add", "--member", &wang, "--type", "病假", "--from", "2024-09-24下午", "--to", "2024-09-28", "--reason", "住院", "--json"]).json();
    let id = leave["id"].as_str().unwrap().to_string();
    w.zhucun_on(TODAY, &["leave", "approve", &id, "--by", "县委组织部 刘科长"]).ok();
    w.zhucun_on(TODAY, &["leave", "add", "--member", &li, "--type", "事假", "--from", "2024-09-30", "--to", "2024-09-30上午", "--reason", "办证"]).ok();

    // 考勤台账: the month in two printed halves, a sheet each.
    let out = w.path("考勤.xlsx");
    let r = w.zhucun_on(TODAY, &["ledger", "attendance", "--period", "2024-09", "--out", out.to_str().unwrap(), "--json"]).json();
    assert_eq!(r["rows"], 3);
    let sheets = crate::ledger_print::read_sheets(&out);
    assert_eq!(sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["考勤台账（1—15日）", "考勤台账（16—30日）"]);
    let (s, s2) = (&sheets[0].1, &sheets[1].1);
    for (s, period) in [(s, "时间：2024年9月1日—15日"), (s2, "时间：2024年9月16日—30日")] {
        assert_eq!(s[0][0], "驻村工作队员考勤台账");
        assert!(s[1][0].starts_with("填报单位：") && s[1][0].ends_with("驻村工作队"), "{:?}", s[1]);
        assert!(s[1].iter().any(|c| c == period), "{:?}", s[1]);
        assert!(s.iter().any(|r| r.first().is_some_and(|c| c.starts_with("说明：√ 在村"))));
        assert!(s.iter().any(|r| r.first().is_some_and(|c| c.starts_with("填表人："))));
    }
    let h = &s[2];
    assert_eq!(&h[..5], ["序号", "姓名", "职务", "派出单位", "1"]);
    assert_eq!(h.len(), 4 + 15);
    assert_eq!(h[4 + 14], "15");
    let h2 = &s2[2];
    assert_eq!(&h2[..3], ["序号", "姓名", "16"]);
    assert_eq!(h2[2 + 14], "30");
    assert_eq!(&h2[17..], ["在村天数", "住村晚数", "请假天数", "公务外出天数", "应在村天数", "月度情况", "备注"]);
    let find = |s: &Vec<Vec<String>>, name: &str| s.iter().find(|r| r.get(1).map(String::as_str) == Some(name)).unwrap_or_else(|| panic!("no row {name}")).clone();
    // Day d of the month: column 4 + d − 1 of the first half, 2 + d − 16 of the second.
    let z = find(s, "周建国");
    let z2 = find(s2, "周建国");
    assert_eq!(&z[..4], ["1", "周建国", "第一书记", "县农业农村局"]);
    assert_eq!(&z2[..2], ["1", "周建国"]);
    assert_eq!(z[4 + 1], "√", "2 Sep in the village");
    assert_eq!(z[4], "", "1 Sep (Sunday) no log");
    assert_eq!(z2[2], "节", "16 Sep 中秋, no log");
    assert_eq!(&z2[17..23], ["20", "15", "0", "0", "20", "达标"]);
    let l = find(s, "李娟");
    let l2 = find(s2, "李娟");
    assert_eq!((l[4 + 9].as_str(), l[4 + 10].as_str(), l2[2 + 14].as_str()), ("√", "公", ""), "a request not yet approved is not leave");
    assert_eq!(l[4 + 8], "—", "9 Sep: before 李娟 joined");
    assert_eq!(&l2[17..23], ["1", "1", "0", "1", "14", "不足"]);
    assert!(l2[23].contains("9月16日—22日在村不足"), "short weeks by their days: {}", l2[23]);
    let wg2 = find(s2, "王强");
    assert_eq!(&wg2[19..22], ["4.5", "0", "20"], "approved leave from the 24th afternoon to the 28th: 4.5 days");
    assert_eq!((wg2[2 + 7].as_str(), wg2[2 + 8].as_str()), ("", "假"), "23 Sep no log; 24 Sep on leave");
    let total = s2.iter().find(|r| r.first().map(String::as_str) == Some("合计")).expect("totals row");
    assert_eq!(total[1], "3人");
    assert_eq!(&total[17..22], ["21", "16", "4.5", "1", "54"]);
    let total1 = s.iter().find(|r| r.first().map(String::as_str) == Some("合计")).expect("totals row");
    assert_eq!(total1[1], "3人");

    // 请销假台账
    let out = w.path("请销假.xlsx");
    w.zhucun_on(TODAY, &["ledger", "leave", "--period", "2024-09", "--out", out.to_str().unwrap()]).ok();
    let s = read_xlsx(&out);
    assert_eq!(s[0][0], "驻村工作队员请销假台账");
    assert_eq!(
        s[2],
        ["序号", "姓名", "职务", "请假类别", "请假事由", "开始时间", "结束时间", "请假天数", "本月实际请假天数", "审批层级", "审批人", "批准日期", "销假日期", "状态"]
    );
    assert_eq!(s[3], ["1", "王强", "队长", "病假", "住院", "2024-09-24下午", "2024-09-28下午", "4.5", "4.5", "县委组织部", "县委组织部 刘科长", TODAY, "", "已批准"]);
    assert_eq!(s[4], ["2", "李娟", "队员", "事假", "办证", "2024-09-30上午", "2024-09-30上午", "0.5", "0", "乡镇", "", "", "", "待审批"], "not approved: no days taken");
    assert_eq!(&s[5][..2], ["合计", "2人次"]);
    assert_eq!((s[5][7].as_str(), s[5][8].as_str()), ("", "4.5"), "the month's total equals the 考勤台账's 请假天数");

    // 人员信息台账
    let out = w.path("人员.xlsx");
    w.zhucun_on(TODAY, &["ledger", "personnel", "--period", "2024-09", "--out", out.to_str().unwrap()]).ok();
    let s = read_xlsx(&out);
    assert_eq!(s[0][0], "驻村工作队员人员信息台账");
    assert_eq!(s[2], ["序号", "姓名", "性别", "出生年月", "政治面貌", "派出单位", "原单位及职务", "驻村职务", "驻村开始", "离队日期", "联系电话"]);
    assert_eq!(s[3], ["1", "周建国", "", "", "", "县农业农村局", "", "第一书记", "2024-01-01", "", "13907391001"], "details not written stay blank");
    assert_eq!(s[5], ["3", "李娟", "", "", "", "县农业农村局", "", "队员", "2024-09-10", "", "13907391001"]);
    assert_eq!(&s[6][..2], ["合计", "3人"]);

    // A member's work log for the month, into a folder: the file is named for the month and member.
    let dir = w.path("台账");
    std::fs::create_dir(&dir).unwrap();
    let r = w.zhucun_on(TODAY, &["ledger", "worklog", "--period", "2024-09", "--member", &li, "--out", dir.to_str().unwrap(), "--json"]).json();
    assert!(r["path"].as_str().unwrap().ends_with("2024年9月李娟工作日志.xlsx"), "{r}");
    let s = read_xlsx(std::path::Path::new(r["path"].as_str().unwrap()));
    assert_eq!(s[0][0], "驻村帮扶工作日志");
    assert!(s[1][0].contains("李娟") && s[1][0].contains("队员"));
    assert_eq!(s[2], ["日期", "星期", "在村情况", "住村", "工作类别", "工作内容", "当日会议"]);
    assert_eq!(s.len(), 3 + 30 + 1 + 1 + 1, "title, unit, headers, 30 days, totals, blank, signatures");
    assert_eq!(s[3 + 9][..6], ["2024-09-10", "二", "在村", "是", "", "走访农户"]);
    assert_eq!(s[3 + 16][2], "（中秋节）");
    assert_eq!(s[33][..4], ["合计", "", "在村1天", "1晚"]);
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let (w, [zhou, li, _wang]) = team();
    set(&w, &zhou, d("2024-09-20"), "在村", true);
    let leave = w.zhucun_on(TODAY, &["leave", "add", "--member", &zhou, "--type", "事假", "--from", "2024-09-24", "--to", "2024-09-25", "--reason", "家事"]).ok();
    let leave_id = leave.lines().next().unwrap().to_string();
    let before = db_digest(&w.db());
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["log", "set", "--member", &zhou, "--date", "2024-10-09", "--status", "在村"], "还没到"),
        (vec!["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "出工"], "可选：在村、公务外出、请假、休息"),
        (vec!["log", "set", "--member", "nobody", "--date", "2024-09-20", "--status", "在村"], "没有编号为“nobody”的工作队员"),
        (vec!["log", "set", "--member", &li, "--date", "2024-09-02", "--status", "在村"], "不在驻村期间"),
        (vec!["log", "set", "--member", &zhou, "--date", "2024-09-20", "--status", "在村", "--category", "打牌"], "可选：入户走访"),
        (vec!["log", "set", "--member", &zhou, "--date", "2024-02-30", "--status", "在村"], "不存在"),
        (vec!["leave", "add", "--member", &zhou, "--type", "事假", "--from", "2024-09-25", "--to", "2024-09-26", "--reason", "x"], "重叠"),
        (vec!["leave", "add", "--member", &zhou, "--type", "火星假", "--from", "2024-10-25", "--to", "2024-10-26", "--reason", "x"], "可选：事假、病假、公假"),
        (vec!["leave", "add", "--member", &zhou, "--type", "事假", "--from", "2024-10-26", "--to", "2024-10-25", "--reason", "x"], "早于开始时间"),
        (vec!["leave", "add", "--member", &zhou, "--type", "事假", "--from", "2024-10-25中午", "--to", "2024-10-26", "--reason", "x"], "上午或下午"),
        (vec!["leave", "return", &leave_id, "--date", "2024-09-26"], "还没有批准"),
        (vec!["leave", "approve", &leave_id, "--by", " "], "审批人"),
        (vec!["leave", "approve", "no-such-leave", "--by", "张"], "没有编号为“no-such-leave”的请假"),
        (vec!["meeting", "add", "--kind", "茶话会", "--date", "2024-09-20", "--topic", "x"], "可选：周例会"),
        (vec!["meeting", "add", "--kind", "周例会", "--date", "2024-12-20", "--topic", "x"], "还没到"),
        (vec!["check", "attendance", "--period", "2024-W38", "--json"], "要一个月份"),
        (vec!["check", "attendance", "--period", "九月", "--json"], "2024-09"),
        (vec!["param", "set", "attendance.days", "20"], "没有参数"),
        (vec!["param", "set", "attendance.month_days", "-1"], "0 到 31 之间的整数"),
        (vec!["param", "set", "attendance.month_days", "200"], "0 到 31 之间的整数"),
        (vec!["param", "set", "attendance.month_days", "19.5"], "之间的整数"),
        (vec!["param", "set", "leave.township_max_days", "2.3"], "可以有半天"),
        (vec!["param", "set", "attendance.makeup_adds", "2"], "0 或 1"),
        (vec!["ledger", "payroll", "--period", "2024-09", "--out", "x.xlsx"], "台账类型"),
        (vec!["ledger", "worklog", "--period", "2024-09", "--out", "x.xlsx"], "请选择队员"),
        (vec!["holiday", "set", "2027-01-01", "休"], "节日名称"),
    ];
    for (args, says) in cases {
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1, "{args:?} should be refused\n{}{}", r.stdout(), r.stderr());
        assert!(r.stderr().contains(says), "{args:?}: expected “{says}” in\n{}", r.stderr());
        assert_eq!(before, db_digest(&w.db()), "{args:?} changed the database");
    }
    // Once approved, the same request cannot be approved again or withdrawn.
    w.zhucun_on(TODAY, &["leave", "approve", &leave_id, "--by", "张书记"]).ok();
    let before = db_digest(&w.db());
    for (args, says) in [(vec!["leave", "approve", &leave_id, "--by", "李"], "无需再次审批"), (vec!["leave", "cancel", &leave_id], "不能撤回")] {
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1);
        assert!(r.stderr().contains(says), "{}", r.stderr());
        assert_eq!(before, db_digest(&w.db()));
    }
}

#[test]
fn holiday_calendar_is_built_in_and_editable() {
    let (w, [zhou, ..]) = team();
    let y = w.zhucun_on(TODAY, &["holiday", "list", "2026", "--json"]).json();
    let days = y.as_array().unwrap();
    assert!(days.iter().any(|d| d["date"] == "2026-02-15" && d["kind"] == "休" && d["name"] == "春节"));
    assert!(days.iter().any(|d| d["date"] == "2026-02-28" && d["kind"] == "班"));
    // The county decides 2024-09-30 was a holiday for teams: W40 asks one day less.
    set(&w, &zhou, d("2024-09-30"), "休息", false);
    let w40 = |w: &World| {
        let all = w.zhucun_on(TODAY, &["check", "attendance", "--period", "2024-09", "--json"]).json();
        all.as_array().unwrap().iter().find(|f| f["rule"] == "A2.days" && f["period"] == "2024-W40").unwrap()["required"].as_i64().unwrap()
    };
    assert_eq!(w40(&w), 1);
    w.zhucun_on(TODAY, &["holiday", "set", "2024-09-30", "休", "--name", "国庆节"]).ok();
    assert_eq!(w40(&w), 0);
    let y = w.zhucun_on(TODAY, &["holiday", "list", "2024", "--json"]).json();
    let sep30 = y.as_array().unwrap().iter().find(|d| d["date"] == "2024-09-30").unwrap().clone();
    assert_eq!((sep30["builtin"].as_bool(), sep30["edited"].as_bool()), (Some(false), Some(true)));
    w.zhucun_on(TODAY, &["holiday", "restore", "2024-09-30"]).ok();
    assert_eq!(w40(&w), 1);
}

#[test]
fn the_county_server_checks_a_team_with_the_same_rules() {
    let county = zhucun_e2e::County::with_demo(300, 300);
    let laptop = county.enroll(&county.village(), None);
    let m = laptop.zhucun(&["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    for day in ["2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05", "2024-09-06", "2024-09-09", "2024-09-10"] {
        laptop.zhucun(&["log", "set", "--member", &m, "--date", day, "--status", "在村", "--night", "--text", "入户走访农户"]).ok();
    }
    let l = laptop.zhucun(&["leave", "add", "--member", &m, "--type", "公假", "--from", "2024-09-12", "--to", "2024-09-13", "--reason", "县里培训", "--json"]).json();
    laptop.zhucun(&["leave", "approve", l["id"].as_str().unwrap(), "--by", "乡镇 李书记"]).ok();
    laptop.zhucun(&["meeting", "add", "--kind", "周例会", "--date", "2024-09-02", "--topic", "部署", "--attendees", &m]).ok();
    let stick = laptop.path("stick.zhcb");
    laptop.zhucun(&["sync", "export", "--out", stick.to_str().unwrap()]).ok();
    county.server(&["import", stick.to_str().unwrap(), "--out-dir", county.world.path("回执").to_str().unwrap()]).ok();
    for what in ["attendance", "meetings"] {
        let on_laptop = laptop.zhucun(&["check", what, "--period", "2024-09", "--json"]).json();
        let at_county = county.server(&["check", what, "--period", "2024-09", "--json"]).json();
        assert!(!on_laptop.as_array().unwrap().is_empty());
        assert_eq!(on_laptop, at_county, "{what}: the county's findings equal the laptop's");
    }
    let w37 = laptop.zhucun(&["check", "attendance", "--period", "2024-09", "--json"]).json();
    let f = w37.as_array().unwrap().iter().find(|f| f["rule"] == "A2.days" && f["period"] == "2024-W37").unwrap().clone();
    // Sunday 15 September is the week's last day: still in progress until it is over.
    assert_eq!((f["required"].as_i64(), f["found"].as_i64(), f["in_progress"].as_bool()), (Some(3), Some(2), Some(true)));
}
