//! 会议 in the real app: a meeting's topic corrected with the same form, 修改人 and 原因 given, and its
//! 修改记录 shown under the row (the topic before and after, who, why); the CLI reads the same trace.
//! "Today" is Sunday 15 September 2024 (driver.rs sets ZHUCUN_TODAY).

use crate::driver::{click, go, type_in, App, SERIAL};
use zhucun_e2e::{repo_root, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meetings_topic_is_corrected_and_its_change_history_shows_it() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    let secretary = world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    let id = world
        .zhucun(&[
            "meeting", "add", "--kind", "周例会", "--date", "2024-09-09", "--topic", "部署本周走访", "--place", "村部会议室", "--host", &secretary,
            "--attendees", &secretary, "--others", "村两委成员", "--others-count", "4", "--minutes", "各队员汇报上周工作，第一书记部署本周任务。",
        ])
        .ok()
        .trim()
        .to_string();
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/meetings").await;
    let row = format!("[data-test=meeting-row][data-id='{id}']");
    app.until("the meeting with its place and others", || async {
        let t = app.texts(&row).await.concat();
        t.contains("部署本周走访") && t.contains("村部会议室") && t.contains("村两委成员（4人）")
    })
    .await;

    // 修改: the same form, filled in; the topic typed over; 修改人 typed (Enter keeps what was typed).
    click(&app, &format!("{row} [data-test=meeting-edit]")).await;
    app.wait("[data-test=meeting-form][data-editing]").await;
    type_in(&app, "meeting-topic", "部署本周走访和防返贫监测排查", false).await;
    type_in(&app, "trace-by", "周书记", false).await;
    let by = app.wait("[data-test=trace-by] input").await;
    by.send_keys("\u{E007}").await.expect("Enter");
    type_in(&app, "trace-reason", "主题写得不全", false).await;
    click(&app, "[data-test=meeting-submit]").await;

    // The row shows the new topic, and 修改记录 opens under it: the topic before and after, who, why.
    app.until("the new topic in the list", || async { app.texts(&row).await.concat().contains("部署本周走访和防返贫监测排查") }).await;
    let history = format!("[data-test=meeting-history][data-id='{id}'] [data-test=change-history-row]");
    app.until("修改记录 lists the change", || async {
        let t = app.texts(&history).await.concat();
        t.contains("主题") && t.contains("部署本周走访") && t.contains("部署本周走访和防返贫监测排查") && t.contains("修改人：周书记") && t.contains("主题写得不全")
    })
    .await;
    app.shot("meetings.png").await;
    assert!(app.texts("[data-test=meeting-form]").await.is_empty(), "the form closed after saving");
    app.close().await;

    let h = world.zhucun(&["history", "meeting", "--id", &id, "--json"]).json();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 1, "{h:?}");
    assert_eq!((h[0]["action"].as_str(), h[0]["by"].as_str(), h[0]["reason"].as_str()), (Some("修改"), Some("周书记"), Some("主题写得不全")));
    let list = world.zhucun(&["meeting", "list", "--period", "2024-09", "--json"]).json();
    assert_eq!(list[0]["topic"], "部署本周走访和防返贫监测排查");
    assert_eq!(list[0]["place"], "村部会议室", "only the topic changed");
}
