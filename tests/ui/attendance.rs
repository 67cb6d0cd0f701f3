//! 今日 and 请销假 in the real app. "Today" is Sunday 15 September 2024, so the week on screen is
//! 2024-W37 (9–15 September: no holiday; Saturday 14 is a make-up working day, which raises nothing).
//! Fill the two missing days of a member's log and see the week turn from short to ok; request and
//! approve two days of leave and see the week's requirement drop from 5 to 3.

use crate::driver::{attr, click, go, type_in, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{repo_root, World};

/// A village (the small roster), a first secretary and a member; the member in the village Monday to
/// Wednesday of W37 with the nights. Returns the member's id.
fn team(world: &World, name: &str) -> String {
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "周书记", "--role", "第一书记", "--from", "2024-01-01"]).ok();
    let id = world.zhucun(&["member", "add", "--name", name, "--role", "队员", "--from", "2024-01-01"]).ok().trim().to_string();
    for day in ["2024-09-09", "2024-09-10", "2024-09-11"] {
        world.zhucun(&["log", "set", "--member", &id, "--date", day, "--status", "在村", "--night", "--text", "入户走访农户"]).ok();
    }
    id
}

/// (data-required, data-found, data-status) of the week's in-village days block.
async fn week_days(app: &App) -> (String, String, String) {
    let css = "[data-test=week-days]";
    (attr(app, css, "data-required").await, attr(app, css, "data-found").await, attr(app, css, "data-status").await)
}

async fn choose_member(app: &App, id: &str) {
    click(app, &format!("[data-test=who-option][data-id='{id}']")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filling_the_missing_days_turns_the_week_from_short_to_ok() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world, "李明");
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/today").await;
    choose_member(&app, &member).await;
    app.until("W37 is 3 of 5 days", || async { week_days(&app).await == ("5".into(), "3".into(), "short".into()) }).await;

    // Thursday and Friday, filled in late from the week strip.
    for day in ["2024-09-12", "2024-09-13"] {
        click(&app, &format!("[data-test=week-day][data-date='{day}']")).await;
        click(&app, "[data-test=status-在村]").await;
        type_in(&app, "content", "走访监测户，核实务工收入", false).await;
        click(&app, "[data-test=log-save]").await;
        app.until("saved", || async {
            let saved = app.client.find(Locator::Css("[data-test=log-saved]")).await;
            match saved {
                Ok(e) => e.text().await.unwrap_or_default().contains(&format!("{}日", &day[8..].trim_start_matches('0'))),
                Err(_) => false,
            }
        })
        .await;
    }
    app.until("W37 is 5 of 5 days: ok", || async { week_days(&app).await == ("5".into(), "5".into(), "ok".into()) }).await;
    app.close().await;

    // What the screen said is in the database.
    let all = world.zhucun(&["check", "attendance", "--period", "2024-09", "--json"]).json();
    let w37 = all.as_array().unwrap().iter().find(|f| f["rule"] == "A2.days" && f["period"] == "2024-W37" && f["subject"] == member.as_str()).unwrap().clone();
    assert_eq!((w37["required"].as_i64(), w37["found"].as_i64(), w37["status"].as_str()), (Some(5), Some(5), Some("ok")));
    let logs = world.zhucun(&["log", "list", "--period", "2024-09", "--member", &member, "--json"]).json();
    let thu = logs.as_array().unwrap().iter().find(|l| l["date"] == "2024-09-12").expect("Thursday's log").clone();
    assert_eq!((thu["status"].as_str(), thu["night"].as_bool(), thu["content"].as_str()), (Some("在村"), Some(true), Some("走访监测户，核实务工收入")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approved_leave_lowers_the_weeks_requirement() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    let member = team(&world, "王芳");
    let app = App::start(&world).await;
    app.wait(".household-row, [data-test=who]").await;
    go(&app, "#/today").await;
    choose_member(&app, &member).await;
    app.until("W37 asks 5 days, 3 found", || async { week_days(&app).await == ("5".into(), "3".into(), "short".into()) }).await;

    // Request Thursday and Friday off.
    go(&app, "#/leave").await;
    click(&app, "[data-test=leave-new]").await;
    click(&app, &format!("[data-test=leave-member-option][data-id='{member}']")).await;
    click(&app, "[data-test=leave-kind-事假]").await;
    type_in(&app, "leave-from-date", "2024-09-12", true).await;
    type_in(&app, "leave-to-date", "2024-09-13", true).await;
    type_in(&app, "leave-reason", "母亲住院陪护", false).await;
    click(&app, "[data-test=leave-submit]").await;
    app.until("the request is listed, waiting for approval", || async { attr(&app, "[data-test=leave-row]", "data-state").await == "待审批" }).await;

    // Approve it.
    click(&app, "[data-test=leave-approve]").await;
    type_in(&app, "leave-approver", "乡党委 张书记", false).await;
    click(&app, "[data-test=leave-approve-confirm]").await;
    app.until("approved", || async { attr(&app, "[data-test=leave-row]", "data-state").await == "已批准" }).await;

    // The week now asks 3 days (two weekdays of approved leave), and 3 were found.
    go(&app, "#/today").await;
    choose_member(&app, &member).await;
    app.until("W37 asks 3 days: ok", || async { week_days(&app).await == ("3".into(), "3".into(), "ok".into()) }).await;
    let nights = (attr(&app, "[data-test=week-nights]", "data-required").await, attr(&app, "[data-test=week-nights]", "data-status").await);
    assert_eq!(nights, ("2".to_string(), "ok".to_string()), "nights drop from 4 to 2");
    app.close().await;

    let leaves = world.zhucun(&["leave", "list", "--period", "2024-09", "--json"]).json();
    let l = &leaves.as_array().unwrap()[0];
    assert_eq!((l["from_date"].as_str(), l["to_date"].as_str(), l["days"].as_f64()), (Some("2024-09-12"), Some("2024-09-13"), Some(2.0)));
    assert_eq!((l["approved_by"].as_str(), l["reason"].as_str()), (Some("乡党委 张书记"), Some("母亲住院陪护")));
}
