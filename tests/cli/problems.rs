//! 问题台账 through the CLI: a problem added, listed, filtered, started and closed (销号, L1); every
//! refusal (no text, an unknown category, a future date, a deadline before the finding, an unknown
//! household, a closing without resolution, date or approver) leaves the database unchanged; the
//! month's ledger laid out as the paper one (A4 landscape, ≥ 9 pt printed, rows sized to their text,
//! the village in the headers), read back cell by cell, in `ledger all`, and through LibreOffice.

use crate::ledger_print::{printed_sheets, read_sheets};
use crate::p;
use std::process::Command;
use zhucun_e2e::{db_digest, World};

const TODAY: &str = "2024-10-08";

const LONG: &str = "三组李大山家屋顶瓦片破损、雨季漏雨，堂屋墙体有裂缝，住房安全存在隐患；户主年老体弱，子女在外务工，需协调危房改造或维修资金。结尾标记甲乙丙";

/// A demo village with a few problems: a household's (overdue), the village's, one closed in September.
fn village() -> (World, String, String, String) {
    let w = World::new();
    // The demo roster only (no team, no visits): the problems are those added here.
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "20", "--village-size", "20", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    // The team (the ledgers' 填报单位 is the team's village).
    w.zhucun_on(TODAY, &["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    let hh = w.zhucun_on(TODAY, &["households", "list", "--json"]).json();
    let number = hh[0]["number"].as_str().unwrap().to_string();
    let add = |args: &[&str]| {
        let mut a = vec!["problem", "add", "--json"];
        a.extend_from_slice(args);
        w.zhucun_on(TODAY, &a).json()["id"].as_str().unwrap().to_string()
    };
    let house = add(&["--household", &number, "--source", "走访", "--category", "住房安全", "--text", LONG, "--found", "2024-09-03", "--owner", "李娟", "--deadline", "2024-09-30"]);
    let rubbish = add(&["--source", "自查", "--category", "环境卫生", "--text", "村部旁垃圾未及时清运", "--found", "2024-09-10", "--owner", "村两委"]);
    let water = add(&["--household", &number, "--source", "督导检查", "--category", "饮水安全", "--text", "自来水水压不足", "--found", "2024-09-05", "--deadline", "2024-09-20"]);
    w.zhucun_on(TODAY, &["problem", "close", &water, "--resolution", "已更换加压泵，经复查水压正常", "--by", "周建国", "--date", "2024-09-18"]).ok();
    (w, number, house, rubbish)
}

#[test]
fn a_problem_is_added_listed_started_and_closed_only_with_resolution_date_and_approver() {
    let (w, number, house, _) = village();
    let list = w.zhucun_on(TODAY, &["problem", "list", "--json"]).json();
    let rows = list.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!((first["household_number"].as_str(), first["status"].as_str(), first["overdue"].as_bool()), (Some(number.as_str()), Some("待整改"), Some(true)));
    assert!(first["head_name"].as_str().is_some_and(|h| !h.is_empty()) && first["group_name"].as_str().is_some());
    let overdue = w.zhucun_on(TODAY, &["problem", "list", "--overdue", "--json"]).json();
    assert_eq!(overdue.as_array().unwrap().len(), 1, "the village's problem has no deadline, the closed one is done");
    assert_eq!(w.zhucun_on(TODAY, &["problem", "list", "--status", "已销号", "--json"]).json().as_array().unwrap().len(), 1);
    assert_eq!(w.zhucun_on(TODAY, &["problem", "list", "--category", "环境卫生", "--json"]).json().as_array().unwrap().len(), 1);
    let text = w.zhucun_on(TODAY, &["problem", "list", "--status", "未销号"]).ok();
    assert!(text.contains("待整改（已超期）") && text.contains("共 2 条，其中已超期 1 条"), "{text}");

    // Refusals: a Chinese message, the database unchanged.
    let before = db_digest(&w.db());
    for (args, says) in [
        (vec!["problem", "add", "--source", "走访", "--category", "住房安全", "--text", " "], "存在的问题"),
        (vec!["problem", "add", "--source", "走访", "--category", "交通", "--text", "路坏了"], "义务教育"),
        (vec!["problem", "add", "--source", "听说", "--category", "其他", "--text", "路坏了"], "走访"),
        (vec!["problem", "add", "--source", "走访", "--category", "其他", "--text", "路坏了", "--found", "2024-10-09"], "还没到"),
        (vec!["problem", "add", "--source", "走访", "--category", "其他", "--text", "路坏了", "--found", "2024-10-01", "--deadline", "2024-09-30"], "早于发现日期"),
        (vec!["problem", "add", "--household", "9999", "--source", "走访", "--category", "其他", "--text", "路坏了"], "没有户编号"),
        (vec!["problem", "close", &house, "--resolution", "", "--by", "周建国"], "整改措施及结果"),
        (vec!["problem", "close", &house, "--resolution", "已维修", "--by", " "], "审批人"),
        (vec!["problem", "close", &house, "--resolution", "已维修", "--by", "周建国", "--date", "2024-10-09"], "还没到"),
        (vec!["problem", "close", &house, "--resolution", "已维修", "--by", "周建国", "--date", "2024-09-01"], "早于问题的发现日期"),
        (vec!["problem", "void", &house, "--by", "周建国", "--reason", ""], "原因"),
        (vec!["problem", "edit", &house, "--owner", "王芳", "--by", ""], "修改人"),
    ] {
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1, "{args:?} should be refused");
        assert!(r.stderr().contains(says), "{args:?}: {}", r.stderr());
        assert_eq!(db_digest(&w.db()), before, "{args:?} changed the database");
    }

    let started = w.zhucun_on(TODAY, &["problem", "start", &house, "--json"]).json();
    assert_eq!(started["status"], "整改中");
    let closed = w.zhucun_on(TODAY, &["problem", "close", &house, "--resolution", "已维修屋顶，经复查不再漏雨", "--by", "周建国", "--date", "2024-10-08", "--json"]).json();
    assert_eq!((closed["status"].as_str(), closed["approver"].as_str(), closed["closed_on"].as_str(), closed["overdue"].as_bool()), (Some("已销号"), Some("周建国"), Some("2024-10-08"), Some(false)));
    // L1 over what is stored: both closings complete.
    let l1 = w.zhucun_on(TODAY, &["problem", "check", "--json"]).json();
    let l1 = l1.as_array().unwrap();
    assert_eq!(l1.len(), 2);
    assert!(l1.iter().all(|f| f["rule"] == "L1" && f["status"] == "ok" && f["required"] == 3 && f["found"] == 3), "{l1:?}");
    let again = w.zhucun_on(TODAY, &["problem", "close", &house, "--resolution", "再销", "--by", "周建国"]);
    assert!(again.code() == 1 && again.stderr().contains("已于"), "{}", again.stderr());
    // A correction keeps its trace: 修改记录 through `history problem`.
    w.zhucun_on(TODAY, &["problem", "edit", &house, "--owner", "王芳", "--by", "周建国", "--reason", "换人负责"]).ok();
    let h = w.zhucun_on(TODAY, &["history", "problem", "--id", &house]).ok();
    assert!(h.contains("问题修改") && h.contains("责任人：李娟 → 王芳") && h.contains("换人负责"), "{h}");
}

#[test]
fn the_problem_ledger_is_laid_out_as_the_paper_one() {
    let (w, number, _, rubbish) = village();
    // A voided one is not printed; it is counted in the note.
    let wrong = w.zhucun_on(TODAY, &["problem", "add", "--source", "自查", "--category", "其他", "--text", "重复", "--found", "2024-09-11", "--json"]).json();
    w.zhucun_on(TODAY, &["problem", "void", wrong["id"].as_str().unwrap(), "--by", "周建国", "--reason", "重复登记"]).ok();
    let out = p(&w, "问题台账.xlsx");
    let r = w.zhucun_on(TODAY, &["ledger", "problems", "--period", "2024-09", "--out", &out, "--json"]).json();
    assert_eq!(r["rows"], 3);
    let sheets = read_sheets(std::path::Path::new(&out));
    let (name, s) = &sheets[0];
    assert_eq!(name, "问题台账");
    assert_eq!(s[0][0], "问题排查整改台账");
    assert!(s[1][0].contains('村') && (s[1][0].contains('乡') || s[1][0].contains('镇')), "{:?}", s[1]);
    assert_eq!(s[2], ["序号", "发现日期", "来源", "农户/村", "组", "问题类别", "存在问题", "责任人", "整改时限", "整改措施及结果", "销号日期", "销号审批人", "状态"]);
    assert_eq!(s[3][..3], ["1", "2024-09-03", "走访"]);
    assert!(s[3][3].ends_with(&number), "{:?}", s[3]);
    assert!(!s[3][4].is_empty(), "the household's group");
    assert_eq!(s[3][5..9], ["住房安全".to_string(), LONG.to_string(), "李娟".into(), "2024-09-30".into()]);
    assert_eq!(s[3][9..], ["", "", "", "待整改"], "not overdue on the month's last day (the deadline is that day)");
    assert_eq!(s[4][..3], ["2", "2024-09-05", "督导检查"]);
    assert_eq!(s[4][9..], ["已更换加压泵，经复查水压正常", "2024-09-18", "周建国", "已销号"]);
    assert_eq!(s[5][3..6], ["（村级）", "", "环境卫生"]);
    assert_eq!(s[5][12], "待整改");
    assert_eq!(s[6][..2], ["合计", "3条"]);
    assert!(s.iter().any(|r| r[0].contains("本月新发现3条，本月销号1条，月末未销号2条")), "{s:?}");
    assert!(s.iter().any(|r| r[0].contains("另有1条问题已作废，未列入")), "{s:?}");
    let _ = rubbish;

    let printed = printed_sheets(std::path::Path::new(&out));
    let sh = &printed[0];
    assert_eq!(sh.paper, "9", "A4");
    assert!(sh.landscape, "landscape");
    assert!(sh.fit_to_page && sh.fit_width == "1" && sh.fit_height == "0", "{sh:?}");
    assert!(sh.print_titles.as_deref().is_some_and(|t| t.ends_with("!$3:$3")), "the header row repeats: {:?}", sh.print_titles);
    assert!(sh.header.contains('村'), "the village on every page: {:?}", sh.header);
    let smallest = sh.smallest_printed_pt();
    assert!(smallest >= 9.0, "the smallest text prints at {smallest:.2} pt (scale {})", sh.scale());
    // The long description wraps in a taller row than a short one.
    assert!(sh.heights[&4].0 > sh.heights[&6].0, "{:?} {:?}", sh.heights[&4], sh.heights[&6]);

    // October: the closed one is gone, the two still open are carried over.
    let oct = p(&w, "十月.xlsx");
    w.zhucun_on(TODAY, &["ledger", "问题台账", "--period", "2024-10", "--out", &oct]).ok();
    let s = &read_sheets(std::path::Path::new(&oct))[0].1;
    assert_eq!(s.iter().filter(|r| r[0].parse::<u32>().is_ok()).count(), 2);
    assert_eq!(s[3][12], "待整改（已超期）", "on October 8th the deadline of September 30th has passed");

    // Part of 全部导出.
    let dir = w.path("台账");
    std::fs::create_dir(&dir).unwrap();
    let all = w.zhucun_on(TODAY, &["ledger", "all", "--period", "2024-09", "--out", dir.to_str().unwrap(), "--json"]).json();
    assert!(all.as_array().unwrap().iter().any(|x| x["path"].as_str().unwrap().ends_with("2024年9月问题台账.xlsx")), "{all}");

    // Through LibreOffice: A4 landscape, every column's text there, nothing below 9 pt.
    if Command::new("soffice").arg("--version").output().is_err() || Command::new("pdftotext").arg("-v").output().is_err() {
        println!("SKIPPED the LibreOffice check: soffice or pdftotext is not installed (make apt-deps)");
        return;
    }
    let pdf_dir = w.path("pdf");
    std::fs::create_dir(&pdf_dir).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", w.path("lo-profile").display());
    let st = Command::new("soffice").args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", pdf_dir.to_str().unwrap(), &out]).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let pdf = pdf_dir.join("问题台账.pdf");
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
    let pts: Vec<f64> = size.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    assert!(size.ends_with("(A4)") && pts[0] > pts[1], "{size}");
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for must in ["问题排查整改台账", "整改措施及结果", "销号审批人", "结尾标记甲乙丙", "已更换加压泵", "（村级）", "周建国"] {
        assert!(flat.contains(must), "no “{must}” in\n{text}");
    }
    let bbox = String::from_utf8(Command::new("pdftotext").args(["-bbox"]).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let smallest = bbox
        .split("<word ")
        .skip(1)
        .filter_map(|t| {
            let get = |k: &str| t.split(&format!("{k}=\"")).nth(1)?.split('"').next()?.parse::<f64>().ok();
            Some(get("yMax")? - get("yMin")?)
        })
        .fold(f64::MAX, f64::min);
    assert!(smallest >= 9.0, "text drawn {smallest:.1} pt high");
}

/// A problem added on one laptop is started on the other, closed (销号) on the first and corrected on
/// the second before they meet (different fields: no conflict); after syncing over HTTP both laptops
/// and the county hold it 已销号 with its resolution, date and approver, and the correction.
#[test]
fn a_problem_closed_on_one_laptop_reads_closed_everywhere() {
    use crate::sync::Server;
    let county = zhucun_e2e::County::with_demo(30, 30);
    let village = county.village();
    let server = Server::start(&county);
    let a = county.enroll(&village, Some(&server.url));
    let b = county.enroll(&village, Some(&server.url));
    // The team, and the roster from the county.
    a.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    for l in [&a, &b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    let hh = a.zhucun(&["households", "list", "--json"]).json();
    let number = hh[0]["number"].as_str().unwrap().to_string();
    let added = a.zhucun(&["problem", "add", "--household", &number, "--source", "走访", "--category", "住房安全", "--text", "屋顶漏雨", "--found", "2024-09-02", "--deadline", "2024-09-30", "--json"]);
    added.ok();
    let id = added.json()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for l in [&a, &b] {
        l.zhucun(&["sync", "now"]).ok();
    }
    b.zhucun(&["problem", "start", &id]).ok();
    for l in [&b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    // Before they meet again: A closes, B corrects the owner.
    a.zhucun(&["problem", "close", &id, "--resolution", "已维修屋顶", "--by", "周书记", "--date", "2024-09-14"]).ok();
    b.zhucun(&["problem", "edit", &id, "--owner", "李娟", "--by", "李娟", "--reason", "由李娟负责"]).ok();
    for l in [&a, &b, &a] {
        l.zhucun(&["sync", "now"]).ok();
    }
    for l in [&a, &b] {
        let p = &l.zhucun(&["problem", "list", "--json"]).json()[0];
        assert_eq!(
            (p["status"].as_str(), p["resolution"].as_str(), p["closed_on"].as_str(), p["approver"].as_str(), p["owner"].as_str()),
            (Some("已销号"), Some("已维修屋顶"), Some("2024-09-14"), Some("周书记"), Some("李娟"))
        );
        let h = l.zhucun(&["history", "problem", "--id", &id]).ok();
        assert!(h.contains("由李娟负责"), "{h}");
    }
    drop(server);
    let s = zhucun_store::Store::open(&county.db()).unwrap();
    let at_county = zhucun_store::problems::problem(s.read(), &id, chrono::NaiveDate::from_ymd_opt(2024, 9, 15).unwrap()).unwrap().expect("the county has it");
    assert_eq!((at_county.status.as_str(), at_county.approver.as_deref(), at_county.owner.as_str()), ("已销号", Some("周书记"), "李娟"));
}
