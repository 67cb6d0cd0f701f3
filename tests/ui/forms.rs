//! The input patterns every page shares, in the real app: one date field that refuses an impossible
//! date beside itself (and saves nothing), and drafts that keep unsaved text when the user looks at
//! another day. "Today" is Sunday 15 September 2024 (driver.rs sets ZHUCUN_TODAY).

use crate::driver::{click, go, type_in, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{repo_root, World};

/// A village (the small roster) and a team of two; returns the member's id.
fn team(world: &World) -> String {
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    world.zhucun(&["member", "add", "--name", "陈静", "--role", "队员", "--from", "2024-01-01"]).ok().trim().to_string()
}

/// The text of the first element matching `css`, or "" when there is none.
async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// What an input or textarea holds now.
async fn value(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.prop("value").await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_impossible_leave_date_is_refused_beside_the_field_and_nothing_is_saved() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world);
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/leave").await;
    click(&app, "[data-test=leave-new]").await;
    click(&app, &format!("[data-test=leave-member-option][data-id='{member}']")).await;
    type_in(&app, "leave-reason", "回县城办事", false).await;

    // 31 September: the field says what is wrong, keeps what was typed, and the form cannot be sent.
    type_in(&app, "leave-from-date", "2024-09-31", true).await;
    app.until("the message beside 开始", || async {
        text(&app, "[data-test=leave-from-item] .el-form-item__error").await.contains("9月没有31日")
    })
    .await;
    assert_eq!(value(&app, "[data-test=leave-from-date] input").await, "2024-09-31", "the typed date stays as typed");
    assert_eq!(text(&app, "[data-test=leave-error]").await, "", "no generic alert");
    let disabled = app.client.execute("return document.querySelector('[data-test=leave-submit]').disabled", vec![]).await.unwrap();
    assert_eq!(disabled.as_bool(), Some(true), "the form cannot be sent");
    // A click on the disabled button sends nothing either.
    let _ = app.client.find(Locator::Css("[data-test=leave-submit]")).await.unwrap().click().await;
    type_in(&app, "leave-to-date", "2023-02-29", true).await;
    app.until("the message beside 结束", || async {
        text(&app, "[data-test=leave-to-item] .el-form-item__error").await.contains("2023年2月没有29日")
    })
    .await;

    // Fixed: the messages go, the date is shown the one way.
    type_in(&app, "leave-from-date", "2024.9.30", true).await;
    app.until("the message beside 开始 is gone", || async {
        text(&app, "[data-test=leave-from-item] .el-form-item__error").await.is_empty()
    })
    .await;
    assert_eq!(value(&app, "[data-test=leave-from-date] input").await, "2024-09-30");
    app.close().await;

    let leaves = world.zhucun(&["leave", "list", "--period", "2024-09", "--json"]).json();
    assert_eq!(leaves.as_array().map(Vec::len), Some(0), "nothing was saved: {leaves}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_window_opens_on_today_and_a_log_typed_for_one_day_is_still_there_after_looking_at_another() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world);
    let app = App::start(&world).await;
    // A laptop with a team opens on 今日, today.
    app.wait("[data-test=who]").await;
    let hash = app.client.execute("return location.hash", vec![]).await.unwrap();
    assert_eq!(hash.as_str(), Some("#/today"));
    app.until("today is shown", || async { text(&app, "[data-test=day-label]").await.contains("今天") }).await;
    click(&app, &format!("[data-test=who-option][data-id='{member}']")).await;

    // Friday the 13th, typed and not saved.
    click(&app, "[data-test=week-day][data-date='2024-09-13']").await;
    app.until("the 13th is chosen", || async { text(&app, "[data-test=day-label]").await.contains("9月13日") }).await;
    click(&app, "[data-test=status-在村]").await;
    type_in(&app, "content", "入户走访三组五保户，核实低保材料", false).await;
    app.wait("[data-test=draft-mark]").await;

    // Another day: its own empty form.
    click(&app, "[data-test=week-day][data-date='2024-09-12']").await;
    app.until("the 12th is empty", || async {
        text(&app, "[data-test=day-label]").await.contains("9月12日") && value(&app, "textarea[data-test=content]").await.is_empty()
    })
    .await;
    // Another page, then back.
    go(&app, "#/leave").await;
    app.wait("[data-test=leave-new]").await;
    go(&app, "#/today").await;
    app.wait("[data-test=who]").await;

    // Back to the 13th: the text is there, marked as a draft.
    click(&app, "[data-test=week-day][data-date='2024-09-13']").await;
    app.until("the draft of the 13th is back", || async {
        value(&app, "textarea[data-test=content]").await == "入户走访三组五保户，核实低保材料"
    })
    .await;
    assert!(text(&app, "[data-test=draft-mark]").await.contains("未保存的草稿"));
    app.close().await;

    // It was never saved: a draft is not a log.
    let logs = world.zhucun(&["log", "list", "--period", "2024-09", "--member", &member, "--json"]).json();
    assert!(!logs.as_array().unwrap().iter().any(|l| l["date"] == "2024-09-13"), "{logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_day_in_the_village_without_content_is_refused_beside_the_field_and_nothing_is_saved() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world);
    let app = App::start(&world).await;
    app.wait("[data-test=who]").await;
    click(&app, &format!("[data-test=who-option][data-id='{member}']")).await;
    click(&app, "[data-test=week-day][data-date='2024-09-13']").await;
    app.until("the 13th is chosen", || async { text(&app, "[data-test=day-label]").await.contains("9月13日") }).await;

    // 在村 and nothing written: refused under 工作内容, in the back end's words, not as a failure.
    click(&app, "[data-test=status-在村]").await;
    click(&app, "[data-test=log-save]").await;
    app.until("the message under 工作内容", || async {
        text(&app, "[data-test=content-error]").await.contains("在村的日志要写明当天做了什么：工作内容至少4个字，现在没有填写。")
    })
    .await;
    assert_eq!(text(&app, "[data-test=log-error]").await, "", "no generic alert");
    assert_eq!(text(&app, "[data-test=log-saved]").await, "", "not saved");
    // Too short: the count is said. Typing clears the message until the next try.
    type_in(&app, "content", "走访", false).await;
    app.until("the message goes while typing", || async { text(&app, "[data-test=content-error]").await.is_empty() }).await;
    click(&app, "[data-test=log-save]").await;
    app.until("the count", || async { text(&app, "[data-test=content-error]").await.contains("现在只有2个字") }).await;
    app.close().await;

    let logs = world.zhucun(&["log", "list", "--period", "2024-09", "--member", &member, "--json"]).json();
    assert_eq!(logs.as_array().map(Vec::len), Some(0), "nothing was saved: {logs}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_yesterday_fills_the_form_with_its_warnings_and_saves_nothing_until_asked() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world);
    world.zhucun_on("2024-09-12", &["log", "set", "--member", &member, "--date", "2024-09-12", "--status", "公务外出", "--text", "到县里参加巩固衔接培训"]).ok();
    // Written two days late: 补填.
    world.zhucun_on("2024-09-13", &["log", "set", "--member", &member, "--date", "2024-09-11", "--status", "在村", "--text", "走访三组农户"]).ok();
    let app = App::start(&world).await;
    app.wait("[data-test=who]").await;
    click(&app, &format!("[data-test=who-option][data-id='{member}']")).await;
    click(&app, "[data-test=week-day][data-date='2024-09-11']").await;
    app.until("the 11th says 补填", || async { text(&app, "[data-test=log-backfilled]").await == "补填于9月13日" }).await;

    click(&app, "[data-test=week-day][data-date='2024-09-13']").await;
    app.until("the 13th offers 复制昨天", || async { text(&app, "[data-test=log-copy-previous]").await == "复制昨天" }).await;
    click(&app, "[data-test=log-copy-previous]").await;
    app.until("the form is filled", || async { value(&app, "textarea[data-test=content]").await == "到县里参加巩固衔接培训" }).await;
    // 公务外出 as copied: the county's rule is said before saving.
    app.until("the 公务外出 warning", || async {
        text(&app, "[data-test=log-warning][data-code='log.official']").await.contains("公务外出不算在村")
    })
    .await;
    app.wait("[data-test=draft-mark]").await;
    app.close().await;

    let logs = world.zhucun(&["log", "list", "--period", "2024-09", "--member", &member, "--json"]).json();
    assert!(!logs.as_array().unwrap().iter().any(|l| l["date"] == "2024-09-13"), "copying saves nothing: {logs}");
}
