//! 今日 in the real app: 保存 in sight in a 1366×700 window, the 工作类别 from the keyboard, and the
//! 今日填报 strip (who has written today and yesterday; one click opens that form). "Today" is
//! Sunday 15 September 2024 (driver.rs sets ZHUCUN_TODAY).

use crate::driver::{attr, click, type_in, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{repo_root, World};

/// A village and a team of two; returns (first secretary, member).
fn team(world: &World) -> (String, String) {
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    let first = world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok().trim().to_string();
    let member = world.zhucun(&["member", "add", "--name", "陈静", "--role", "队员", "--from", "2024-01-01"]).ok().trim().to_string();
    (first, member)
}

async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default().trim().to_string(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_1366_by_700_window_save_is_in_sight_and_the_categories_work_from_the_keyboard() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let (_, member) = team(&world);
    let app = App::start(&world).await;
    app.wait("[data-test=who]").await;
    // (WebKitWebDriver resizes the app's window through Set Window Rect, not Set Window Size.)
    app.client.set_window_rect(0, 0, 1366, 700).await.expect("set the window to 1366×700");
    let inner = app.client.execute("return [window.innerWidth, window.innerHeight]", vec![]).await.unwrap();
    let (w, h) = (inner[0].as_f64().unwrap(), inner[1].as_f64().unwrap());
    assert!(w <= 1366.0 && h <= 700.0 && h > 500.0, "the window is 1366×700 at most: {w}×{h}");

    click(&app, &format!("[data-test=who-option][data-id='{member}']")).await;
    click(&app, "[data-test=week-day][data-date='2024-09-13']").await;
    app.until("the 13th is chosen", || async { text(&app, "[data-test=day-label]").await.contains("9月13日") }).await;
    // 公务外出: its warning makes the form taller still.
    click(&app, "[data-test=status-公务外出]").await;

    // 工作类别 from the keyboard: focus the first tag, Space toggles it, Tab moves to the next, Enter toggles that.
    let first = app.wait("[data-test='category-入户走访']").await;
    app.client.execute("arguments[0].focus()", vec![serde_json::to_value(&first).unwrap()]).await.unwrap();
    first.send_keys("\u{E00D}").await.expect("Space");
    app.until("Space ticks 入户走访", || async { attr(&app, "[data-test='category-入户走访']", "aria-pressed").await == "true" }).await;
    let focused = app.client.execute("return document.activeElement.getAttribute('data-test')", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("category-入户走访"), "the tag keeps the focus");
    first.send_keys("\u{E004}").await.expect("Tab");
    let next = app.client.execute("return document.activeElement.getAttribute('data-test')", vec![]).await.unwrap();
    let next = next.as_str().unwrap_or_default().to_string();
    assert!(next.starts_with("category-") && next != "category-入户走访", "Tab reaches the next tag: {next}");
    app.client.find(Locator::Css(&format!("[data-test='{next}']"))).await.unwrap().send_keys("\u{E007}").await.expect("Enter");
    app.until("Enter ticks the next tag", || async { attr(&app, &format!("[data-test='{next}']"), "aria-pressed").await == "true" }).await;

    // A long text: the form grows past the window, 保存 stays in sight.
    type_in(&app, "content", &"入户走访三组五保户，核实低保材料。".repeat(30), false).await;
    // Scrolled to the top of the page, as it opens.
    app.client.execute("document.querySelector('#main').scrollTop = 0", vec![]).await.unwrap();
    let rect = app
        .client
        .execute(
            "const r = document.querySelector('[data-test=log-save]').getBoundingClientRect();
             return [r.top, r.bottom, r.left, r.right, window.innerHeight, window.innerWidth,
                     document.querySelector('#main').scrollHeight > document.querySelector('#main').clientHeight]",
            vec![],
        )
        .await
        .unwrap();
    let n = |i: usize| rect[i].as_f64().unwrap();
    assert!(n(0) >= 0.0 && n(1) <= n(4) && n(2) >= 0.0 && n(3) <= n(5), "保存 is inside the viewport: {rect}");
    assert_eq!(rect[6].as_bool(), Some(true), "the page is taller than the window (else the test proves nothing): {rect}");

    // And it saves, with the two categories.
    click(&app, "[data-test=log-save]").await;
    app.wait("[data-test=log-saved]").await;
    app.close().await;
    let logs = world.zhucun(&["log", "list", "--period", "2024-09", "--member", &member, "--json"]).json();
    let log = logs.as_array().unwrap().iter().find(|l| l["date"] == "2024-09-13").expect("the 13th saved").clone();
    assert_eq!(log["categories"].as_array().map(Vec::len), Some(2), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fill_strip_says_who_has_written_today_and_a_click_opens_the_others_form() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let (first, member) = team(&world);
    // 陈静 has written today (the 15th) and not yesterday; 周书记 neither.
    world.zhucun(&["log", "set", "--member", &member, "--date", "2024-09-15", "--status", "在村", "--text", "走访三组农户，核实务工收入"]).ok();
    let app = App::start(&world).await;
    app.wait("[data-test=fill-strip]").await;
    let day = |id: &str, d: &str| format!("[data-test=fill-member][data-id='{id}'] [data-test=fill-day][data-day={d}]");
    app.until("陈静 今天已填", || async { text(&app, &day(&member, "today")).await == "今天已填" }).await;
    assert_eq!(text(&app, &day(&member, "yesterday")).await, "昨天未填");
    assert_eq!(text(&app, &day(&first, "today")).await, "今天未填");
    assert_eq!(text(&app, &day(&first, "yesterday")).await, "昨天未填");
    // The team's order, first secretary first; no red on the strip.
    let order = app.client.execute("return [...document.querySelectorAll('[data-test=fill-member]')].map(e => e.dataset.id)", vec![]).await.unwrap();
    assert_eq!(order, serde_json::json!([first, member]));
    let red = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-test=fill-strip] *')].some(e => { const c = getComputedStyle(e).color; const m = c.match(/\\d+/g).map(Number); return m[0] > 180 && m[1] < 110 && m[2] < 110 })",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(red.as_bool(), Some(false), "no red for people");

    app.shot("today.png").await;
    // One click on 周书记 today: his form of today.
    click(&app, &day(&first, "today")).await;
    app.until("周书记 is chosen", || async { attr(&app, &format!("[data-test=who-option][data-id='{first}']"), "aria-pressed").await == "true" }).await;
    assert!(text(&app, "[data-test=day-label]").await.contains("今天"));
    // 陈静 yesterday: her form of the 14th.
    click(&app, &day(&member, "yesterday")).await;
    app.until("陈静 on the 14th", || async {
        attr(&app, &format!("[data-test=who-option][data-id='{member}']"), "aria-pressed").await == "true"
            && text(&app, "[data-test=day-label]").await.contains("9月14日")
    })
    .await;

    // 周书记 writes today: the strip follows.
    click(&app, &day(&first, "today")).await;
    app.until("周书记 is chosen again", || async { attr(&app, &format!("[data-test=who-option][data-id='{first}']"), "aria-pressed").await == "true" }).await;
    click(&app, "[data-test=status-休息]").await;
    click(&app, "[data-test=log-save]").await;
    app.until("周书记 今天已填", || async { text(&app, &day(&first, "today")).await == "今天已填" }).await;
    app.close().await;
}
