//! Team members corrected with a trace: `member edit` writes only what changed and one 修改记录,
//! `member end` (离队) needs a reason and refuses a day with the member's logs after it, and the
//! member stays listed; `member history` shows who changed what; the 人员信息台账 prints the details.

use crate::p;
use zhucun_e2e::{db_digest, World};

const TODAY: &str = "2024-09-26";

fn team() -> (World, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let id = w
        .zhucun_on(TODAY, &[
            "member", "add", "--name", "李娟", "--role", "队员", "--from", "2024-03-01", "--phone", "13907391001", "--unit", "县农业农村局",
            "--sex", "女", "--birth", "1990年5月", "--politics", "党员", "--post", "县农业农村局办公室副主任",
        ])
        .ok()
        .trim()
        .to_string();
    (w, id)
}

#[test]
fn a_member_is_edited_with_a_trace_and_ended_never_deleted() {
    let (w, id) = team();
    let list = w.zhucun(&["member", "list", "--json"]).json();
    assert_eq!((list[0]["sex"].as_str(), list[0]["birth_month"].as_str(), list[0]["politics"].as_str()), (Some("女"), Some("1990-05"), Some("中共党员")));

    // Without the name of who corrects: refused, nothing written.
    let before = db_digest(&w.db());
    let r = w.zhucun_on(TODAY, &["member", "edit", &id, "--phone", "13907391002", "--by", " "]);
    assert!(r.code() == 1 && r.stderr().contains("修改人"), "{}", r.stderr());
    let r = w.zhucun_on(TODAY, &["member", "edit", &id, "--politics", "无党派", "--by", "周建国"]);
    assert!(r.code() == 1 && r.stderr().contains("中共党员、中共预备党员、共青团员、民主党派、群众"), "{}", r.stderr());
    assert_eq!(db_digest(&w.db()), before, "a refusal changes nothing");

    let out = w.zhucun_on(TODAY, &["member", "edit", &id, "--phone", "139 0739 1002", "--role", "队长", "--by", "周建国", "--reason", "换了手机号"]).ok();
    assert!(out.contains("联系电话：13907391001 → 13907391002") && out.contains("驻村职务：队员 → 队长"), "{out}");
    let out = w.zhucun_on(TODAY, &["member", "edit", &id, "--phone", "13907391002", "--by", "周建国"]).ok();
    assert!(out.contains("没有变化"), "{out}");

    // 离队 needs its reason, and not before a day the member logged.
    w.zhucun_on("2024-09-20", &["log", "set", "--member", &id, "--date", "2024-09-20", "--status", "在村", "--text", "走访农户"]).ok();
    let r = w.zhucun_on(TODAY, &["member", "end", &id, "--on", "2024-09-19", "--by", "周建国", "--reason", ""]);
    assert!(r.code() == 1 && r.stderr().contains("原因"), "{}", r.stderr());
    let r = w.zhucun_on(TODAY, &["member", "end", &id, "--on", "2024-09-19", "--by", "周建国", "--reason", "调回原单位"]);
    assert!(r.code() == 1 && r.stderr().contains("还有1条工作日志") && r.stderr().contains("2024年9月20日"), "{}", r.stderr());
    w.zhucun_on(TODAY, &["member", "end", &id, "--on", "2024-09-20", "--by", "周建国", "--reason", "调回原单位"]).ok();
    let list = w.zhucun(&["member", "list", "--json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 1, "still listed");
    assert_eq!(list[0]["to_date"], "2024-09-20");
    let r = w.zhucun_on(TODAY, &["log", "set", "--member", &id, "--date", "2024-09-23", "--status", "在村", "--text", "走访农户"]);
    assert!(r.code() == 1 && r.stderr().contains("不在驻村期间"), "no longer offered after the day: {}", r.stderr());

    let h = w.zhucun(&["member", "history", &id, "--json"]).json();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!((h[0]["action"].as_str(), h[0]["by"].as_str(), h[0]["reason"].as_str()), (Some("离队"), Some("周建国"), Some("调回原单位")));
    assert_eq!(h[1]["action"], "修改");
    assert_eq!(h[1]["changes"].as_array().unwrap().len(), 2, "role and phone in one correction: {:?}", h[1]);
    let text = w.zhucun(&["member", "history", &id]).ok();
    assert!(text.contains("修改人：周建国") && text.contains("原因：换了手机号"), "{text}");

    // The 人员信息台账 of September has her, with the day she left.
    let out = w.path("人员.xlsx");
    w.zhucun_on(TODAY, &["ledger", "personnel", "--period", "2024-09", "--out", out.to_str().unwrap()]).ok();
    let s = crate::ledger_print::read_sheets(&out);
    let rows = &s[0].1;
    assert_eq!(rows[3], ["1", "李娟", "女", "1990.05", "中共党员", "县农业农村局", "县农业农村局办公室副主任", "队长", "2024-03-01", "2024-09-20", "13907391002"]);
}
