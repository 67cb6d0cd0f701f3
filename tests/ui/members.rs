//! 设置 in the real app: a member's phone corrected with who made the change (修改记录 lists it with
//! 修改人 and the fields before and after), then the member ended (离队) with a reason — still listed,
//! marked 已离队. "Today" is Sunday 15 September 2024 (driver.rs sets ZHUCUN_TODAY).

use crate::driver::{click, go, type_in, App, SERIAL};

use zhucun_e2e::{repo_root, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_corrected_with_a_trace_then_ended() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    let id = world
        .zhucun(&["member", "add", "--name", "陈静", "--role", "队员", "--from", "2024-01-01", "--phone", "13907391001"])
        .ok()
        .trim()
        .to_string();
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/settings").await;
    let row = format!("[data-test=member-row][data-id='{id}']");
    app.wait(&row).await;
    click(&app, &format!("{row} [data-test=member-edit]")).await;
    app.wait("[data-test=change-history-empty]").await;

    type_in(&app, "edit-phone", "13907391009", false).await;
    // 修改人: typed (suggestions offered); Enter keeps what was typed.
    type_in(&app, "trace-by", "周书记", false).await;
    let by = app.wait("[data-test=trace-by] input").await;
    by.send_keys("\u{E007}").await.expect("Enter");
    type_in(&app, "trace-reason", "换了手机号", false).await;
    click(&app, "[data-test=member-dialog-submit]").await;
    app.until("the new phone in the list", || async { app.texts(&row).await.concat().contains("13907391009") }).await;

    // 修改记录 of the member: the change, who made it, why.
    click(&app, &format!("{row} [data-test=member-edit]")).await;
    app.until("修改记录 lists the change", || async {
        let t = app.texts("[data-test=change-history-row]").await.concat();
        t.contains("联系电话") && t.contains("13907391001") && t.contains("13907391009") && t.contains("修改人：周书记") && t.contains("换了手机号")
    })
    .await;
    app.shot("member-history.png").await;
    click(&app, "[data-test=member-dialog-cancel]").await;

    // 离队 on the 14th, with the reason; 修改人 starts empty (a shared laptop: the last name is only offered).
    click(&app, &format!("{row} [data-test=member-end]")).await;
    type_in(&app, "end-on", "2024-09-14", true).await;
    let by = app.wait("[data-test=trace-by] input").await;
    assert_eq!(by.prop("value").await.ok().flatten().unwrap_or_default(), "", "修改人 is not filled in");
    type_in(&app, "trace-by", "周书记", false).await;
    type_in(&app, "trace-reason", "调回原单位", false).await;
    click(&app, "[data-test=member-dialog-submit]").await;
    app.until("marked 已离队, still listed", || async { app.texts(&format!("{row} [data-test=member-ended]")).await.concat().contains("已离队 9月14日") })
        .await;
    assert!(app.texts(&format!("{row} [data-test=member-end]")).await.is_empty(), "no 离队 for a member who left");
    app.close().await;

    let list = world.zhucun(&["member", "list", "--json"]).json();
    let m = list.as_array().unwrap().iter().find(|m| m["id"] == id.as_str()).expect("still listed");
    assert_eq!((m["phone"].as_str(), m["to_date"].as_str()), (Some("13907391009"), Some("2024-09-14")));
    let h = world.zhucun(&["member", "history", &id, "--json"]).json();
    let h = h.as_array().unwrap();
    assert_eq!(h.len(), 2, "{h:?}");
    assert_eq!((h[0]["action"].as_str(), h[0]["by"].as_str(), h[0]["reason"].as_str()), (Some("离队"), Some("周书记"), Some("调回原单位")));
    assert_eq!((h[1]["action"].as_str(), h[1]["by"].as_str()), (Some("修改"), Some("周书记")));
}
