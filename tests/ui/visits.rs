//! 走访 in the real app, from the keyboard: a household taken from the households not yet visited
//! this month (type part of the name, Enter takes the first), 走访方式 with a digit, the note of a
//! check, Ctrl+Enter saves; 走访进度's number for the month moves, and the visit is in 今日's list of
//! the member's day without typing it again. "Today" is Sunday 15 September 2024 (driver.rs sets
//! ZHUCUN_TODAY). With ZHUCUN_SCREENSHOTS set, the 走访 page at 1366×768 is saved as visits.png and
//! 走访进度 as coverage.png.

use crate::driver::{click, go, type_in, App, SERIAL};
use fantoccini::Locator;
use std::path::PathBuf;
use zhucun_e2e::{repo_root, World};

async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn data(app: &App, css: &str, name: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.attr(name).await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visit_recorded_from_the_keyboard_moves_the_coverage_and_shows_in_todays_log() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    let member = world.zhucun(&["member", "add", "--name", "陈静", "--role", "队员", "--from", "2024-01-01"]).ok().trim().to_string();
    let app = App::start(&world).await;
    app.wait("[data-test=who]").await;
    app.client.set_window_rect(0, 0, 1366, 768).await.expect("set the window to 1366×768");

    // 走访进度: the two monitored households (龙大贵 and 刘国强) not visited in September.
    go(&app, "#/visits/coverage").await;
    app.until("the month's coverage", || async { !data(&app, "[data-test=coverage-month]", "data-total").await.is_empty() }).await;
    let visited: u32 = data(&app, "[data-test=coverage-month]", "data-visited").await.parse().expect("a number");
    let total: u32 = data(&app, "[data-test=coverage-month]", "data-total").await.parse().expect("a number");
    assert!(visited < total, "someone to visit: {visited}/{total}");
    let owed = app.texts("[data-test=coverage-owed-row]").await.concat();
    assert!(owed.contains("龙大贵") && owed.contains("刘国强"), "the households still to visit: {owed}");

    // 走访: the picker lists the households owed first; typing part of the name and Enter takes it.
    go(&app, "#/visits").await;
    app.wait("[data-test=visit-pick]").await;
    let owed_first = app.client.execute("return document.querySelector('[data-test=visit-pick] [data-test=visit-pick-owed]') !== null", vec![]).await.unwrap();
    assert_eq!(owed_first.as_bool(), Some(true), "a household still owed comes first");
    type_in(&app, "visit-search", "龙大", false).await;
    app.until("龙大贵 is the first found", || async { text(&app, "[data-test=visit-pick]").await.contains("龙大贵") }).await;
    let search = app.wait("input[data-test=visit-search]").await;
    search.send_keys("\u{E007}").await.expect("Enter");
    app.until("龙大贵 taken", || async { text(&app, "[data-test=visit-picked]").await.contains("龙大贵") }).await;
    // The focus is on 走访方式: 2 is 电话, and the form says it will not count (not whole-family-away); 1 is 入户 again.
    let focused = app.client.execute("return document.activeElement.closest('[data-test=visit-mode]') !== null", vec![]).await.unwrap();
    assert_eq!(focused.as_bool(), Some(true), "Enter moves on to 走访方式");
    let active = app.client.active_element().await.expect("the focused radio");
    active.send_keys("2").await.expect("2");
    app.wait("[data-test=visit-v3-warning]").await;
    let active = app.client.active_element().await.expect("the focused radio");
    active.send_keys("1").await.expect("1");
    app.until("the warning goes with 入户", || async { text(&app, "[data-test=visit-v3-warning]").await.is_empty() }).await;
    // The member using the laptop is ticked.
    let ticked = app.client.execute("return [...document.querySelectorAll('[data-test=visit-member].is-checked')].map(e => e.dataset.id)", vec![]).await.unwrap();
    assert_eq!(ticked, serde_json::json!([member]));
    type_in(&app, "visit-met", "户主本人", false).await;
    type_in(&app, "visit-note-住房安全", "屋顶漏雨", false).await;

    if let Some(dir) = std::env::var_os("ZHUCUN_SCREENSHOTS") {
        app.client.execute("document.querySelector('#main').scrollTop = 0", vec![]).await.unwrap();
        app.screenshot(&PathBuf::from(dir).join("visits.png")).await;
    }
    // 保存 in sight at 1366×768, however tall the form.
    let rect = app
        .client
        .execute("const r = document.querySelector('[data-test=visit-submit]').getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]", vec![])
        .await
        .unwrap();
    assert!(rect[0].as_f64().unwrap() >= 0.0 && rect[1].as_f64().unwrap() <= rect[2].as_f64().unwrap(), "保存 is in sight: {rect}");

    // Ctrl+Enter from the field being typed in.
    let met = app.wait("input[data-test=visit-met]").await;
    met.send_keys("\u{E009}\u{E007}\u{E000}").await.expect("Ctrl+Enter");
    app.until("the confirmation", || async { text(&app, "[data-test=visit-saved]").await.contains("已保存：龙大贵家 9月15日 入户走访") }).await;
    // Ready for the next household: the picker is back, and 龙大贵 no longer owed.
    app.until("the picker again, 龙大贵 no longer owed", || async {
        let picks = app.texts("[data-test=visit-pick]").await;
        !picks.is_empty() && !picks.iter().any(|p| p.contains("龙大贵") && p.contains("未走访"))
    })
    .await;

    // The month's number moved.
    go(&app, "#/visits/coverage").await;
    let now = (visited + 1).to_string();
    app.until("one more visited this month", || async { data(&app, "[data-test=coverage-month]", "data-visited").await == now }).await;
    assert!(!app.texts("[data-test=coverage-owed-row]").await.concat().contains("龙大贵"));
    if let Some(dir) = std::env::var_os("ZHUCUN_SCREENSHOTS") {
        app.screenshot(&PathBuf::from(dir).join("coverage.png")).await;
    }

    // 今日: the visit in the member's day, not typed again.
    go(&app, "#/today").await;
    app.until("the visit in 今日走访", || async { text(&app, "[data-test=today-visits]").await.contains("龙大贵") }).await;
    click(&app, "[data-test=today-visit] a").await;
    app.wait("[data-test=visit-form]").await;
    app.close().await;

    let visits = world.zhucun(&["visit", "list", "--period", "2024-09", "--json"]).json();
    let visits = visits.as_array().expect("a list");
    assert_eq!(visits.len(), 1, "{visits:?}");
    assert_eq!(visits[0]["mode"], "入户");
    assert_eq!(visits[0]["met"], "户主本人");
}
