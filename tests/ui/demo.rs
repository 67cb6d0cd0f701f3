//! Demo data in the real app: the 演示数据 banner on every page, and 清除演示数据并登记到县里 on 同步
//! (what goes is listed, asked, cleared in one step; then the county's enrollment file is taken).

use crate::driver::{click, go, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{County, World};

async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default().trim().to_string(),
        Err(_) => String::new(),
    }
}

async fn present(app: &App, css: &str) -> bool {
    app.client.find(Locator::Css(css)).await.is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_says_so_on_every_page_and_is_cleared_before_enrolling() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let county = County::with_demo(300, 300);
    let village = county.village();
    let world = World::new();
    world.zhucun(&["demo"]).ok();
    let app = App::start(&world).await;

    // The banner, on 今日 and on 农户; the village's name says 演示 too.
    app.wait("[data-test=demo-banner]").await;
    assert!(text(&app, "[data-test=demo-banner]").await.contains("演示数据"));
    assert!(text(&app, "[data-test=village-name]").await.contains("演示"), "{}", text(&app, "[data-test=village-name]").await);
    go(&app, "#/households").await;
    app.wait(".household-row").await;
    assert!(present(&app, "[data-test=demo-banner]").await);

    // 同步: step 1 before the enrollment file, which waits.
    click(&app, "[data-test=demo-banner-link]").await;
    app.wait("[data-test=demo-clear-step]").await;
    app.shot("demo-clear.png").await;
    let disabled = app.client.execute("return document.querySelector('[data-test=sync-enroll]').disabled", vec![]).await.unwrap();
    assert_eq!(disabled.as_bool(), Some(true), "enrollment waits for the demo to go");
    click(&app, "[data-test=demo-clear-start]").await;
    app.wait("[data-test=demo-clear-plan]").await;
    let plan = text(&app, "[data-test=demo-clear-plan]").await;
    assert!(plan.contains("农户 300 户") && plan.contains("工作队员 3 人"), "{plan}");
    click(&app, "[data-test=demo-clear-confirm]").await;
    app.until("cleared: the banner goes, the next step is said", || async {
        !present(&app, "[data-test=demo-banner]").await && text(&app, "[data-test=sync-message]").await.contains("演示数据已清除")
    })
    .await;
    let disabled = app.client.execute("return document.querySelector('[data-test=sync-enroll]').disabled", vec![]).await.unwrap();
    assert_eq!(disabled.as_bool(), Some(false), "the enrollment file can be taken now");
    app.close().await;

    // Nothing of the demo is left, not even a change record to send; the county's file is taken.
    {
        let store = zhucun_store::Store::open(&world.db()).unwrap();
        let c = zhucun_store::households::counts(store.read()).unwrap();
        assert_eq!((c.villages, c.households, c.persons, c.changes, c.imports), (0, 0, 0, 0, 0), "{c:?}");
        assert!(zhucun_store::members::list_members(store.read()).unwrap().is_empty());
    }
    county.enroll_into(&village, None, world);
}
