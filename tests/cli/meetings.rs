//! Meetings as a township accepts them, through the real `zhucun` binary: place, host, attendees
//! beyond the team and minutes; a 周例会 without minutes listed as not counted; an edit that keeps
//! who changed what (修改记录); a meeting recorded by mistake voided, never deleted; 屋场会 read as
//! 院落会. Refusals change nothing.

use crate::p;
use serde_json::Value;
use zhucun_e2e::{db_digest, World};

const TODAY: &str = "2024-09-20";

/// A village and a team of two; returns (world, [first secretary, member]).
fn team() -> (World, [String; 2]) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let add = |name: &str, role: &str| w.zhucun_on(TODAY, &["member", "add", "--name", name, "--role", role, "--from", "2024-01-01"]).ok().trim().to_string();
    let ids = [add("周建国", "第一书记"), add("李娟", "队员")];
    (w, ids)
}

fn m1(w: &World, period: &str) -> Value {
    let all = w.zhucun_on(TODAY, &["check", "meetings", "--period", "2024-09", "--json"]).json();
    all.as_array().unwrap().iter().find(|f| f["rule"] == "M1" && f["period"] == period).unwrap().clone()
}

#[test]
fn a_meeting_is_edited_with_a_trace_and_voided_never_deleted() {
    let (w, [zhou, li]) = team();
    let attendees = format!("{zhou},{li}");
    let added = w
        .zhucun_on(
            TODAY,
            &[
                "meeting", "add", "--kind", "周例会", "--date", "2024-09-02", "--topic", "部署本周走访", "--place", "村部会议室", "--host", &zhou,
                "--attendees", &attendees, "--others", "村支书、村主任", "--others-count", "2", "--json",
            ],
        )
        .json();
    let id = added["id"].as_str().unwrap().to_string();
    assert_eq!((added["place"].as_str(), added["host_name"].as_str(), added["others_count"].as_i64()), (Some("村部会议室"), Some("周建国"), Some(2)));

    // No minutes: the week's meeting is listed as not counted, and the finding says why.
    let f = m1(&w, "2024-W36");
    assert_eq!((f["found"].as_i64(), f["status"].as_str()), (Some(0), Some("short")), "{f}");
    let explain = f["explain"].as_str().unwrap();
    assert!(explain.contains("9月2日的周例会1次没有会议记录或会议记录不足10个字，不计入"), "{explain}");

    // A correction needs its signer; refused, nothing changes.
    let before = db_digest(&w.db());
    let r = w.zhucun_on(TODAY, &["meeting", "edit", &id, "--topic", "新主题", "--by", " "]);
    assert!(r.code() == 1 && r.stderr().contains("修改人"), "{}", r.stderr());
    let r = w.zhucun_on(TODAY, &["meeting", "edit", &id, "--date", "2024-09-21", "--by", "周建国"]);
    assert!(r.code() == 1 && r.stderr().contains("还没到"), "{}", r.stderr());
    assert_eq!(db_digest(&w.db()), before, "a refused edit changes nothing");

    // The minutes written afterwards (and the topic corrected): the week counts, the trace says so.
    let edited = w
        .zhucun_on(
            TODAY,
            &["meeting", "edit", &id, "--topic", "部署本周走访和防返贫监测", "--minutes", "各队员汇报上周工作，第一书记部署本周任务。", "--by", "周建国", "--reason", "补写会议记录", "--json"],
        )
        .json();
    assert_eq!(edited["topic"], "部署本周走访和防返贫监测");
    assert_eq!(edited["place"], "村部会议室", "what was not given stays as it was");
    assert_eq!(m1(&w, "2024-W36")["found"], 1);
    let c = rusqlite::Connection::open(w.db()).unwrap();
    let (by, action, reason, changes): (String, String, String, String) = c
        .query_row("SELECT by_name, action, reason, changes FROM correction WHERE tbl = 'meeting' AND row_id = ?1", [&id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap();
    assert_eq!((by.as_str(), action.as_str(), reason.as_str()), ("周建国", "修改", "补写会议记录"));
    let changes: Value = serde_json::from_str(&changes).unwrap();
    let fields: Vec<&str> = changes.as_array().unwrap().iter().map(|c| c["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["主题", "会议记录"], "only what changed: {changes}");
    assert_eq!(changes[0]["before"], "部署本周走访");

    // The host by name in the trace, never an id.
    w.zhucun_on(TODAY, &["meeting", "edit", &id, "--host", &li, "--by", "周建国"]).ok();
    let host_change: String = c
        .query_row("SELECT changes FROM correction WHERE row_id = ?1 AND changes LIKE '%主持人%'", [&id], |r| r.get(0))
        .unwrap();
    assert!(host_change.contains("\"before\":\"周建国\"") && host_change.contains("\"after\":\"李娟\""), "{host_change}");

    // 作废 needs a reason; then the meeting counts no more, is listed as 已作废, and is still there.
    let r = w.zhucun_on(TODAY, &["meeting", "void", &id, "--by", "周建国", "--reason", ""]);
    assert!(r.code() == 1 && r.stderr().contains("原因"), "{}", r.stderr());
    let voided = w.zhucun_on(TODAY, &["meeting", "void", &id, "--by", "周建国", "--reason", "重复登记", "--json"]).json();
    assert_eq!(voided["voided_on"], TODAY);
    assert_eq!(m1(&w, "2024-W36")["found"], 0);
    let list = w.zhucun_on(TODAY, &["meeting", "list", "--period", "2024-09"]).ok();
    assert!(list.contains("周例会（已作废）") && list.contains("村部会议室"), "{list}");
    let n: i64 = c.query_row("SELECT count(*) FROM meeting WHERE id = ?1", [&id], |r| r.get(0)).unwrap();
    assert_eq!(n, 1, "voided, not deleted");
    let r = w.zhucun_on(TODAY, &["meeting", "edit", &id, "--topic", "再改", "--by", "周建国"]);
    assert!(r.code() == 1 && r.stderr().contains("作废"), "{}", r.stderr());
}

#[test]
fn new_kinds_and_屋场会_as_院落会_and_the_parameter_at_zero() {
    let (w, [zhou, _]) = team();
    for kind in ["主题党日", "村两委会", "屋场会"] {
        w.zhucun_on(TODAY, &["meeting", "add", "--kind", kind, "--date", "2024-09-05", "--topic", "学习", "--attendees", &zhou]).ok();
    }
    let list = w.zhucun_on(TODAY, &["meeting", "list", "--period", "2024-09", "--json"]).json();
    let kinds: Vec<&str> = list.as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["主题党日", "村支两委会", "院落会"], "stored and sent as every replica reads it");
    let r = w.zhucun_on(TODAY, &["meeting", "add", "--kind", "茶话会", "--date", "2024-09-05", "--topic", "x"]);
    assert!(r.stderr().contains("村支两委会") && r.stderr().contains("院落会"), "{}", r.stderr());

    // With the parameter at 0, a 周例会 without minutes counts.
    w.zhucun_on(TODAY, &["meeting", "add", "--kind", "周例会", "--date", "2024-09-09", "--topic", "部署", "--attendees", &zhou]).ok();
    assert_eq!(m1(&w, "2024-W37")["found"], 0);
    w.zhucun_on(TODAY, &["param", "set", "meeting.weekly_min_minutes_chars", "0", "--source", "乡镇通知：例会记录另存纸质本"]).ok();
    assert_eq!(m1(&w, "2024-W37")["found"], 1);
}
