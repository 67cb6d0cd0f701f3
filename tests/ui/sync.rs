//! The 同步 page of the real app: enroll from the first start, export to a folder, the county imports
//! it with the real `zhucun-server`, import the return bundle, see the pending count fall to zero.
//! Native file dialogs cannot be driven through WebDriver: the test queues the answers in
//! `window.__zhucun.picks`, which the UI's pick functions take before opening a dialog.

use crate::driver::{App, SERIAL};
use fantoccini::Locator;
use std::path::{Path, PathBuf};
use zhucun_e2e::{files_in, County, World};

async fn pick(app: &App, path: &Path) {
    app.client
        .execute("window.__zhucun.picks.push(arguments[0]); return window.__zhucun.picks.length", vec![serde_json::json!(path.to_str().unwrap())])
        .await
        .expect("queue a dialog answer");
}

async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default().trim().to_string(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_to_a_folder_import_the_return_bundle_and_the_pending_count_falls_to_zero() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let county = County::with_demo(300, 300);
    let village = county.village();
    let world = county.enroll_into(&village, None, World::new());
    world.zhucun(&["member", "add", "--name", "王第一", "--role", "第一书记", "--from", "2024-03-01"]).ok();

    let app = App::start(&world).await;
    // An enrolled laptop without households opens on 同步, not on the first-start page.
    app.wait("[data-test=sync-pending]").await;
    app.until("2 changes waiting for the county", || async { text(&app, "[data-test=sync-pending]").await == "2" }).await;

    // 导出到U盘
    let usb = world.path("U盘");
    std::fs::create_dir_all(&usb).unwrap();
    pick(&app, &usb).await;
    app.wait("[data-test=sync-export]").await.click().await.expect("click 导出到U盘");
    app.wait("[data-test=sync-message]").await;
    app.until("the bundle is on the stick", || async { files_in(&usb).len() == 1 }).await;
    let bundle = files_in(&usb)[0].clone();
    assert_eq!(bundle.extension().unwrap(), "zhcb");
    let msg = text(&app, "[data-test=sync-message]").await;
    assert!(msg.contains('2'), "the message says how many changes: {msg}");

    // At the county.
    let ret = world.path("回执");
    county.server(&["import", bundle.to_str().unwrap(), "--out-dir", ret.to_str().unwrap()]).ok();
    let back = files_in(&ret).pop().expect("a return bundle");

    // 导入回执包
    pick(&app, &back).await;
    app.wait("[data-test=sync-import]").await.click().await.expect("click 导入回执包");
    app.until("the pending count falls to zero", || async { text(&app, "[data-test=sync-pending]").await == "0" }).await;
    let msg = text(&app, "[data-test=sync-message]").await;
    assert!(!msg.is_empty(), "the import says what it did");
    let events = text(&app, "[data-test=sync-events]").await;
    assert!(events.contains("导出") && events.contains("导入"), "the history lists both: {events}");
    // Only when ZHUCUN_SCREENSHOTS is set (the README's screenshot).
    if let Some(dir) = std::env::var_os("ZHUCUN_SCREENSHOTS") {
        app.screenshot(&PathBuf::from(dir).join("sync.png")).await;
    }

    // A wrong file is refused with a Chinese message, and the count stays.
    let wrong = world.path("错的.zhcb");
    std::fs::write(&wrong, b"not a bundle").unwrap();
    pick(&app, &wrong).await;
    app.wait("[data-test=sync-import]").await.click().await.unwrap();
    app.wait("[data-test=sync-error]").await;
    let err = text(&app, "[data-test=sync-error]").await;
    assert!(err.contains("不是驻村工作台的同步包"), "{err}");
    assert_eq!(text(&app, "[data-test=sync-pending]").await, "0");

    // The village's households arrived with the return bundle.
    let _ = app.client.execute("window.location.hash = '#/households'", vec![]).await;
    app.wait(".household-row").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_enrolls_with_the_county_file() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let county = County::with_demo(300, 300);
    let village = county.village();
    let world = World::new();
    let file = world.path("梅坪.enroll");
    county.server(&["enroll", "--village", &village, "--out", file.to_str().unwrap()]).ok();
    let app = App::start(&world).await;
    app.wait("[data-test=start-enroll]").await;
    pick(&app, &file).await;
    app.wait("[data-test=start-enroll]").await.click().await.expect("click 导入登记文件");
    app.wait("[data-test=sync-pending]").await;
    app.until("the 同步 page names the village", || async { app.client.source().await.unwrap_or_default().contains(&village) }).await;
    assert_eq!(text(&app, "[data-test=sync-pending]").await, "0");
    app.close().await;
}
