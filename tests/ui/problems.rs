//! 问题台账 in the real app: a problem added with the form, then closed (销号) in its dialog — refused
//! beside the field without an approver (L1), then closed with resolution, date and approver and shown
//! 已销号; the CLI reads the same problem. An overdue item carries 已超期 (warning colour, the item).
//! "Today" is Sunday 15 September 2024 (driver.rs sets ZHUCUN_TODAY).

use crate::driver::{attr, click, go, type_in, App, SERIAL};
use zhucun_e2e::{repo_root, World};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_problem_is_added_and_closed_with_resolution_date_and_approver() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    // One found earlier whose deadline has passed: marked 已超期 on the item.
    let added = world.zhucun(&["problem", "add", "--source", "自查", "--category", "饮水安全", "--text", "二组水池未加盖", "--found", "2024-09-01", "--deadline", "2024-09-10", "--json"]);
    added.ok();
    let late = added.json()["id"].as_str().unwrap().to_string();
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/problems").await;
    let late_row = format!("[data-test=problem-row][data-id='{late}']");
    app.until("the overdue problem marked 已超期", || async { app.texts(&format!("{late_row} [data-test=problem-overdue]")).await.concat() == "已超期" }).await;
    assert!(attr(&app, &format!("{late_row} [data-test=problem-overdue]"), "class").await.contains("tag--warning"), "warning colour, not red");

    // 登记问题: a problem of the village, found today (the default).
    click(&app, "[data-test=problem-new]").await;
    app.wait("[data-test=problem-form]").await;
    type_in(&app, "problem-description", "村部旁垃圾未及时清运", false).await;
    type_in(&app, "problem-owner", "村两委", false).await;
    click(&app, "[data-test=problem-submit]").await;
    app.until("the new problem in the list", || async { app.texts("[data-test=problem-row]").await.concat().contains("村部旁垃圾未及时清运") }).await;
    // Its id, from the row (the app holds the database while it runs: the CLI reads it afterwards).
    let id = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-test=problem-row]')].find((r) => r.textContent.includes('村部旁垃圾未及时清运')).dataset.id",
            vec![],
        )
        .await
        .expect("the new row's id")
        .as_str()
        .expect("an id")
        .to_string();
    let row = format!("[data-test=problem-row][data-id='{id}']");
    assert!(app.texts(&format!("{row} [data-test=problem-status]")).await.concat().contains("待整改"));

    // 销号 without an approver: refused beside the field (L1), nothing saved.
    click(&app, &format!("{row} [data-test=problem-close]")).await;
    app.wait("textarea[data-test=problem-resolution-input]").await;
    type_in(&app, "problem-resolution-input", "已组织清运，村部周边已整洁", false).await;
    click(&app, "[data-test=problem-close-confirm]").await;
    app.until("the approver asked for beside its field", || async {
        app.texts(".el-form-item__error").await.concat().contains("审批人")
    })
    .await;
    assert_eq!(attr(&app, &row, "data-status").await, "待整改", "nothing closed");

    type_in(&app, "problem-approver", "周书记", false).await;
    click(&app, "[data-test=problem-close-confirm]").await;
    app.until("the problem shown 已销号 with its resolution and approver", || async {
        let t = app.texts(&row).await.concat();
        t.contains("已销号") && t.contains("已组织清运") && t.contains("审批人：周书记")
    })
    .await;
    assert_eq!(attr(&app, &row, "data-status").await, "已销号");
    app.close().await;

    let closed = world.zhucun(&["problem", "list", "--status", "已销号", "--json"]).json();
    let closed = &closed.as_array().unwrap()[0];
    assert_eq!(
        (closed["id"].as_str(), closed["resolution"].as_str(), closed["closed_on"].as_str(), closed["approver"].as_str()),
        (Some(id.as_str()), Some("已组织清运，村部周边已整洁"), Some("2024-09-15"), Some("周书记"))
    );
}
