//! Open on the demo, search a household, open it, see masked ID numbers.

use crate::driver::{App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::World;

fn is_masked(id: &str) -> bool {
    let c: Vec<char> = id.trim().chars().collect();
    c.len() == 18 && c[..6].iter().all(char::is_ascii_digit) && c[6..14].iter().all(|&x| x == '*') && c[14..].iter().all(|x| x.is_ascii_digit() || *x == 'X')
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_offers_the_demo_then_search_and_open_a_household() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let app = App::start(&world).await;

    // First start on an empty database: the two choices.
    app.wait("[data-test=start-import]").await;
    let title = app.client.title().await.unwrap_or_default();
    assert_eq!(title, "驻村工作台", "window title");
    app.wait("[data-test=start-demo]").await.click().await.expect("click 使用演示数据");

    // The household list of the demo village.
    app.wait(".household-row").await;
    let heads = app.texts("[data-test=head-id]").await;
    assert!(!heads.is_empty() && heads.iter().all(|h| is_masked(h)), "every ID in the list is masked: {heads:?}");

    // Search by the household number of the 3rd row.
    let numbers = app.texts("[data-test=household-number]").await;
    let target = numbers[2].clone();
    let search = app.wait("[data-test=household-search] input, input[data-test=household-search]").await;
    search.send_keys(&target).await.expect("type the number");
    app.until("the list shows only the searched household", || async {
        app.texts("[data-test=household-number]").await == vec![target.clone()]
    })
    .await;

    // Open it.
    app.client.find(Locator::Css(".household-row [data-test=household-number]")).await.expect("the row").click().await.expect("open");
    let number = app.wait("[data-test=detail-number]").await.text().await.unwrap();
    assert!(number.contains(&target), "the household page shows {target}: {number}");
    app.wait("[data-test=member-id]").await;
    let ids = app.texts("[data-test=member-id]").await;
    assert!(!ids.is_empty() && ids.iter().all(|i| is_masked(i)), "members' IDs are masked: {ids:?}");
    app.screenshot(&world.path("household.png")).await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_with_data_opens_on_the_list_and_searches_by_id_tail() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", zhucun_e2e::repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    let app = App::start(&world).await;
    app.wait(".household-row").await;
    assert_eq!(app.texts(".household-row").await.len(), 4, "the imported village has 4 households");
    // 龙大贵's ID ends in 071x (typed lower-case in the roster).
    let search = app.wait("[data-test=household-search] input, input[data-test=household-search]").await;
    search.send_keys("071x").await.unwrap();
    app.until("search by ID tail", || async { app.texts("[data-test=household-number]").await == vec!["430527101001002".to_string()] }).await;
    app.client.find(Locator::Css(".household-row [data-test=household-number]")).await.unwrap().click().await.unwrap();
    app.wait("[data-test=member-id]").await;
    let ids = app.texts("[data-test=member-id]").await;
    assert!(ids.contains(&"430527********071X".to_string()), "{ids:?}");

    // While the window is open, a command on the same database is told so plainly and changes
    // nothing (issue 9: a command used to delete the WAL from under the app).
    let wal = world.path("zhucun.db-wal");
    assert!(wal.exists(), "the app has the database open in WAL mode");
    let refused = world.zhucun(&["member", "add", "--name", "李四", "--role", "队员", "--from", "2024-01-01"]);
    assert_eq!(refused.code(), 1, "{}", refused.stderr());
    assert!(refused.stderr().contains("驻村工作台正在使用这个数据库"), "{}", refused.stderr());
    assert!(wal.exists(), "the command did not touch the app's WAL");
    app.close().await;
    let after = world.zhucun(&["member", "list", "--json"]).json();
    assert_eq!(after.as_array().map(Vec::len), Some(0), "the refused command added nobody; once the window is closed commands work again");
}


#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_from_a_newer_version_is_refused_with_a_chinese_message() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["init"]).ok();
    rusqlite::Connection::open(world.db()).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(world.db()).unwrap();
    let app = App::start(&world).await;
    app.until("the error screen says to upgrade", || async {
        let text = app.client.find(Locator::Css("body")).await.ok();
        match text {
            Some(e) => e.text().await.unwrap_or_default().contains("请升级驻村工作台"),
            None => false,
        }
    })
    .await;
    app.close().await;
    assert_eq!(std::fs::read(world.db()).unwrap(), before, "the newer database is left untouched");
}
