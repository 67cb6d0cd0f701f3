//! 请销假 through the real `zhucun` binary: approval with its evidence (level, date, 文号, photo of the
//! 请假条), the refusals a township would make (each leaving the database as it was), voiding with a
//! trace and the week's requirement rising again, the closed list of leave types, and the 请假审批表
//! read back from the .xlsx and printed through LibreOffice.

use crate::ledger_print::printed_sheets;
use crate::p;
use serde_json::Value;
use std::process::Command;
use zhucun_e2e::{db_digest, read_xlsx, World};

const TODAY: &str = "2024-10-08";

/// A village and two members; returns (world, 周建国, 王强).
fn team() -> (World, String, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let add = |name: &str, role: &str| {
        w.zhucun_on(TODAY, &["member", "add", "--name", name, "--role", role, "--from", "2024-03-01", "--unit", "县农业农村局", "--phone", "13907391001"]).ok().trim().to_string()
    };
    let zhou = add("周建国", "第一书记");
    let wang = add("王强", "队长");
    (w, zhou, wang)
}

fn add_leave(w: &World, member: &str, kind: &str, from: &str, to: &str) -> String {
    let l = w.zhucun_on(TODAY, &["leave", "add", "--member", member, "--type", kind, "--from", from, "--to", to, "--reason", "家中有事", "--json"]).json();
    l["id"].as_str().unwrap().to_string()
}

fn week_days_required(w: &World, member: &str, week: &str) -> i64 {
    let all = w.zhucun_on(TODAY, &["check", "attendance", "--period", "2024-09", "--json"]).json();
    all.as_array().unwrap().iter().find(|f| f["rule"] == "A2.days" && f["period"] == week && f["subject"] == member).unwrap()["required"].as_i64().unwrap()
}

#[test]
fn approval_keeps_its_evidence_and_refuses_what_a_township_would() {
    let (w, zhou, wang) = team();
    let short = add_leave(&w, &wang, "事假", "2024-09-24", "2024-09-25");
    let long = add_leave(&w, &wang, "婚假", "2024-10-09", "2024-10-15");
    std::fs::write(w.path("假条.png"), b"this is no picture").unwrap();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(&[7u8; 2048]);
    std::fs::write(w.path("假条.pdf"), &pdf).unwrap();
    std::fs::write(w.path("大.jpg"), vec![0xFFu8; 11 * 1024 * 1024]).unwrap();
    let before = db_digest(&w.db());
    let cases: Vec<(Vec<String>, &str)> = vec![
        (vec!["leave".into(), "approve".into(), long.clone(), "--by".into(), "乡党委 张书记".into(), "--level".into(), "乡镇".into()], "应由县委组织部审批"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "王强".into()], "不能审批自己的请假"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "张书记".into(), "--on".into(), "2024-10-09".into()], "不能晚于今天"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "张书记".into(), "--on".into(), "2024-02-28".into()], "早于王强开始驻村"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "张书记".into(), "--level".into(), "村委".into()], "乡镇"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "张书记".into(), "--photo".into(), p(&w, "假条.png")], "JPG、PNG"),
        (vec!["leave".into(), "approve".into(), short.clone(), "--by".into(), "张书记".into(), "--photo".into(), p(&w, "大.jpg")], "太大"),
        (vec!["leave".into(), "add".into(), "--member".into(), zhou.clone(), "--type".into(), "探亲假".into(), "--from".into(), "2024-10-20".into(), "--to".into(), "2024-10-21".into(), "--reason".into(), "x".into()], "不在县里规定的请假类型中"),
        (vec!["leave".into(), "add".into(), "--member".into(), zhou.clone(), "--type".into(), "火星假".into(), "--from".into(), "2024-10-20".into(), "--to".into(), "2024-10-21".into(), "--reason".into(), "x".into()], "可选：事假、病假、公假、婚假"),
        (vec!["leave".into(), "void".into(), short.clone(), "--by".into(), "周建国".into(), "--reason".into(), "重复登记".into()], "还没有批准"),
        (vec!["param".into(), "set".into(), "leave.kinds".into(), "事假、火星假".into(), "--source".into(), "县委组织部通知".into()], "不是可选的项目"),
    ];
    for (args, says) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1, "{args:?} should be refused\n{}{}", r.stdout(), r.stderr());
        assert!(r.stderr().contains(says), "{args:?}: expected “{says}” in\n{}", r.stderr());
        assert_eq!(before, db_digest(&w.db()), "{args:?} changed the database");
    }
    assert!(!w.db().with_file_name("zhucun.db-附件").exists() || std::fs::read_dir(w.db().with_file_name(format!("{}-附件", w.db().file_name().unwrap().to_string_lossy()))).unwrap().next().is_none());

    // Approved on paper the day before it was entered, with a 文号 and a scan of the 请假条.
    let r = w.zhucun_on(
        TODAY,
        &["leave", "approve", &short, "--by", "乡党委 张书记", "--on", "2024-09-20", "--doc", "绥宁组通〔2024〕12号", "--photo", &p(&w, "假条.pdf"), "--json"],
    );
    let l: Value = r.json();
    assert_eq!(
        (l["state"].as_str(), l["approved_on"].as_str(), l["approver_level"].as_str(), l["approval_doc"].as_str()),
        (Some("已批准"), Some("2024-09-20"), Some("乡镇"), Some("绥宁组通〔2024〕12号"))
    );
    let name = l["photo_file"].as_str().unwrap();
    assert!(name.ends_with(".pdf") && !name.contains("假条"), "a generated name: {name}");
    let kept = w.db().with_file_name(format!("{}-附件", w.db().file_name().unwrap().to_string_lossy())).join(name);
    assert_eq!(std::fs::read(&kept).unwrap(), pdf);
    assert_eq!(l["photo_sha256"].as_str().unwrap().len(), 64);
    let text = w.zhucun_on(TODAY, &["leave", "approve", &long, "--by", "组织部 刘科长", "--level", "县委组织部"]).ok();
    assert!(text.contains("已批准"), "{text}");
}

#[test]
fn a_voided_leave_stays_listed_and_the_week_asks_its_five_days_again() {
    let (w, zhou, wang) = team();
    // Tuesday and Wednesday of 23—29 Sep on approved leave.
    let id = add_leave(&w, &wang, "病假", "2024-09-24", "2024-09-25");
    w.zhucun_on(TODAY, &["leave", "approve", &id, "--by", "乡党委 张书记"]).ok();
    assert_eq!(week_days_required(&w, &wang, "2024-W39"), 3);

    let before = db_digest(&w.db());
    for (args, says) in [
        (vec!["leave", "void", &id, "--by", "周建国", "--reason", " "], "原因"),
        (vec!["leave", "void", &id, "--by", " ", "--reason", "重复登记"], "修改人"),
        (vec!["leave", "void", "no-such-leave", "--by", "周建国", "--reason", "重复登记"], "没有编号"),
    ] {
        let r = w.zhucun_on(TODAY, &args);
        assert_eq!(r.code(), 1, "{args:?}");
        assert!(r.stderr().contains(says), "{args:?}: {}", r.stderr());
        assert_eq!(before, db_digest(&w.db()));
    }
    let v = w.zhucun_on(TODAY, &["leave", "void", &id, "--by", "周建国", "--reason", "实际未离村", "--json"]).json();
    assert_eq!((v["state"].as_str(), v["void_reason"].as_str(), v["voided_on"].as_str()), (Some("已作废"), Some("实际未离村"), Some(TODAY)));
    assert_eq!(week_days_required(&w, &wang, "2024-W39"), 5, "voided: the full week again");
    let list = w.zhucun_on(TODAY, &["leave", "list", "--period", "2024-09"]).ok();
    assert!(list.contains(&id) && list.contains("已作废"), "{list}");
    for (args, says) in [(vec!["leave", "return", &id, "--date", "2024-09-25"], "作废"), (vec!["leave", "void", &id, "--by", "周建国", "--reason", "再来"], "作废")] {
        let r = w.zhucun_on(TODAY, &args);
        assert!(r.code() == 1 && r.stderr().contains(says), "{}", r.stderr());
    }
    // The 请销假台账 still lists it, marked, with no days in the month.
    let out = w.path("台账.xlsx");
    w.zhucun_on(TODAY, &["ledger", "leave", "--period", "2024-09", "--out", out.to_str().unwrap()]).ok();
    let s = read_xlsx(&out);
    let row = s.iter().find(|r| r.get(1).is_some_and(|n| n == "王强")).unwrap();
    assert!(row.iter().any(|c| c == "已作废"), "{row:?}");
    let _ = zhou;
}

#[test]
fn the_approval_form_prints_on_one_a4_page_at_nine_points_or_more() {
    let (w, _zhou, wang) = team();
    let id = add_leave(&w, &wang, "年休假", "2024-09-23", "2024-09-27");
    w.zhucun_on(TODAY, &["leave", "approve", &id, "--by", "组织部 刘科长", "--level", "县委组织部", "--doc", "绥组通〔2024〕8号"]).ok();
    w.zhucun_on(TODAY, &["leave", "void", &id, "--by", "周建国", "--reason", "行程取消未休"]).ok();
    let dir = w.path("表");
    std::fs::create_dir(&dir).unwrap();
    let r = w.zhucun_on(TODAY, &["leave", "form", &id, "--out", dir.to_str().unwrap(), "--json"]).json();
    let path = std::path::PathBuf::from(r["path"].as_str().unwrap());
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mark: String = id.replace('-', "").chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
    assert_eq!(name, format!("王强请假审批表（2024-09-23至2024-09-27，{mark}）.xlsx"), "the leave's own file");

    let sheets = printed_sheets(&path);
    assert_eq!(sheets.len(), 1);
    let s = &sheets[0];
    assert!(!s.landscape && s.paper == "9" && s.fit_to_page, "{s:?}");
    assert_eq!((s.fit_width.as_str(), s.fit_height.as_str()), ("1", "1"), "one page");
    assert!(s.smallest_printed_pt() >= 9.0, "{} pt", s.smallest_printed_pt());
    // Tall enough rows: the height of the sheet fits one page at that scale (no shrinking to fit).
    let total: f64 = s.heights.values().map(|(h, _)| h).sum();
    assert!(total <= 841.89 - 2.0 * 0.6 * 72.0, "{total} pt of rows");
    let cells = read_xlsx(&path);
    let flat: String = cells.iter().flatten().cloned().collect::<Vec<_>>().join("|");
    for want in [
        "驻村工作队员请假审批表", "姓名", "王强", "派出单位", "县农业农村局", "驻村职务", "队长", "请假类型", "年休假", "起止时间", "2024年9月23日上午至2024年9月27日下午",
        "天数", "5天", "事由", "审批层级", "县委组织部", "审批人", "组织部 刘科长（县委组织部）", "审批日期", "文号", "绥组通〔2024〕8号", "销假日期", "作废",
        "原因：行程取消未休", "本人签字", "第一书记意见", "乡镇意见", "县委组织部意见",
    ] {
        assert!(flat.contains(want), "no “{want}” in {flat}");
    }

    if Command::new("soffice").arg("--version").output().is_err() || Command::new("pdftotext").arg("-v").output().is_err() {
        println!("SKIPPED: soffice or pdftotext is not installed; see docs/ledger-printing.md for the manual check.");
        return;
    }
    let out = w.path("pdf");
    std::fs::create_dir(&out).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", w.path("lo-profile").display());
    let st = Command::new("soffice").args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", out.to_str().unwrap()]).arg(&path).output().unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let pdf = out.join(path.file_stem().unwrap()).with_extension("pdf");
    let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")), "{info}");
    let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
    let pts: Vec<f64> = size.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    assert!(size.ends_with("(A4)") && pts[0] < pts[1], "portrait A4: {size}");
    let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for want in ["驻村工作队员请假审批表", "王强", "年休假", "县委组织部意见", "第一书记意见", "行程取消未休", "本人签字"] {
        assert!(flat.contains(want), "no “{want}” in\n{text}");
    }
    let bbox = String::from_utf8(Command::new("pdftotext").args(["-bbox"]).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
    let num = |tag: &str, key: &str| -> f64 {
        let k = format!(" {key}=\"");
        let at = tag.find(&k).unwrap() + k.len();
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    let smallest = bbox.split("<word").skip(1).map(|t| num(t, "yMax") - num(t, "yMin")).fold(f64::MAX, f64::min);
    assert!(smallest >= 9.0, "text drawn {smallest:.1} pt high");
}
