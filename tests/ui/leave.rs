//! 请销假 in the real app: void (作废) an approved leave with who and why, see it stay listed with its
//! 修改记录, and see the member's week on 考勤 ask the full 5 days again. "Today" is Sunday 15 September
//! 2024 (driver.rs), so the week is 2024-W37 (9–15 September).

use crate::driver::{attr, click, go, type_in, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{repo_root, World};

/// A village, a first secretary and 王芳, in the village Monday to Wednesday of W37 with the nights,
/// on approved leave Thursday and Friday. Returns (member id, leave id).
fn team(world: &World) -> (String, String) {
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    let id = world.zhucun(&["member", "add", "--name", "王芳", "--role", "队员", "--from", "2024-01-01"]).ok().trim().to_string();
    for day in ["2024-09-09", "2024-09-10", "2024-09-11"] {
        world.zhucun(&["log", "set", "--member", &id, "--date", day, "--status", "在村", "--night", "--text", "入户走访农户"]).ok();
    }
    let leave = world
        .zhucun(&["leave", "add", "--member", &id, "--type", "事假", "--from", "2024-09-12", "--to", "2024-09-13", "--reason", "母亲住院陪护", "--json"])
        .json();
    let leave_id = leave["id"].as_str().unwrap().to_string();
    world.zhucun(&["leave", "approve", &leave_id, "--by", "乡党委 张书记", "--on", "2024-09-11"]).ok();
    (id, leave_id)
}

/// The text of the W37 in-village days chip of `member` on 考勤 ("天 3/3").
async fn week_chip(app: &App, member: &str) -> String {
    let css = format!("[data-test=att-row][data-id='{member}'] [data-test=week-cell][data-period='2024-W37'] [data-test=finding][data-rule='A2.days']");
    match app.client.find(Locator::Css(&css)).await {
        Ok(e) => e.text().await.unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voiding_an_approved_leave_keeps_it_listed_and_the_week_asks_its_five_days_again() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let (member, leave) = team(&world);
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;

    // 考勤: two weekdays of approved leave lower the week to 3 days, and 3 were found.
    go(&app, "#/attendance").await;
    app.until("W37 asks 3 days", || async { week_chip(&app, &member).await == "天 3/3" }).await;

    // 请销假: 作废 with who and why.
    go(&app, "#/leave").await;
    let row = format!("[data-test=leave-row][data-id='{leave}']");
    app.until("the approved leave is listed", || async { attr(&app, &row, "data-state").await == "已批准" }).await;
    click(&app, &format!("{row} [data-test=leave-void]")).await;
    type_in(&app, "trace-by", "周书记", false).await;
    let by = app.wait("[data-test=trace-by] input").await;
    by.send_keys("\u{E007}").await.expect("Enter in 修改人");
    type_in(&app, "trace-reason", "实际未离村，请假作废", false).await;
    click(&app, "[data-test=leave-void-confirm]").await;
    app.until("voided, still listed", || async { attr(&app, &row, "data-state").await == "已作废" }).await;
    let note = app.wait(&format!("{row} [data-test=leave-void-note]")).await.text().await.unwrap_or_default();
    assert!(note.contains("实际未离村"), "{note}");

    // Its 修改记录: who, what, why.
    click(&app, &format!("{row} [data-test=leave-history]")).await;
    app.until("the 修改记录 is shown", || async {
        match app.client.find(Locator::Css("[data-test=leave-history-row] [data-test=change-history-row]")).await {
            Ok(e) => {
                let t = e.text().await.unwrap_or_default();
                t.contains("作废") && t.contains("周书记") && t.contains("实际未离村")
            }
            Err(_) => false,
        }
    })
    .await;

    app.shot("leave.png").await;

    // 考勤 again: the voided leave no longer lowers the week, which asks its 5 days.
    go(&app, "#/attendance").await;
    app.until("W37 asks 5 days again", || async { week_chip(&app, &member).await == "天 3/5" }).await;
    app.close().await;

    let all = world.zhucun(&["check", "attendance", "--period", "2024-09", "--json"]).json();
    let w37 = all.as_array().unwrap().iter().find(|f| f["rule"] == "A2.days" && f["period"] == "2024-W37" && f["subject"] == member.as_str()).unwrap().clone();
    assert_eq!((w37["required"].as_i64(), w37["found"].as_i64()), (Some(5), Some(3)));
    let l = world.zhucun(&["leave", "list", "--period", "2024-09", "--json"]).json();
    let l = l.as_array().unwrap().iter().find(|x| x["id"] == leave.as_str()).unwrap().clone();
    assert_eq!((l["state"].as_str(), l["void_reason"].as_str()), (Some("已作废"), Some("实际未离村，请假作废")));
    let history = world.zhucun(&["history", "leave", "--id", &leave, "--json"]).json();
    assert!(history.to_string().contains("作废") && history.to_string().contains("周书记"), "{history}");
}
