//! 结对手册 in the real app: 龙大贵's household (a monitored household with risk not eliminated: tier A,
//! identified on 15 March with no measure since: D2) is opened from 待办's 新增措施 line; the measure
//! that began in April is recorded; the income accounting is typed, its sums shown live and then as
//! saved; it is signed on the pad by the household and the cadre (strokes drawn with pointer events on
//! the canvas); 手册审核 has fewer lines than before (no D2, no unsigned accounting) and 待办's measure
//! line for the household is gone, with no signature owed. 打印手册 writes the PDF to the file chosen. "Today" is Sunday 15 September 2024 (driver.rs sets
//! ZHUCUN_TODAY). With ZHUCUN_SCREENSHOTS set, the handbook, 待办 and 手册审核 at 1366×768 are saved as
//! handbook.png, due.png and audit.png.

use crate::driver::{attr, click, go, type_in, App, SERIAL};
use fantoccini::Locator;
use zhucun_e2e::{repo_root, World};

async fn text(app: &App, css: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

async fn count(app: &App, css: &str) -> usize {
    app.client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0)
}

/// The 手册审核 lines of one household, by code.
async fn audit_codes(app: &App, household: &str) -> Vec<String> {
    let v = app
        .client
        .execute(
            "return [...document.querySelectorAll(`[data-test=audit-household][data-household='${arguments[0]}'] [data-test=audit-row]`)].map((r) => r.dataset.code)",
            vec![serde_json::json!(household)],
        )
        .await
        .expect("the audit lines");
    v.as_array().map(|a| a.iter().filter_map(|c| c.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// The 待办 actions owed by one household.
async fn due_actions(app: &App, household: &str) -> Vec<String> {
    let v = app
        .client
        .execute(
            "return [...document.querySelectorAll(`[data-test=due-row][data-household='${arguments[0]}']`)].map((r) => r.dataset.action)",
            vec![serde_json::json!(household)],
        )
        .await
        .expect("the due lines");
    v.as_array().map(|a| a.iter().filter_map(|c| c.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// A signature drawn on the open dialog's pad: two strokes of pointer events 20 ms apart, as a mouse
/// makes them (the pad keeps at most one point per 16 ms).
async fn draw_signature(app: &App) {
    app.wait("[data-test=signature-canvas]").await;
    app.client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const c = document.querySelector('.el-dialog [data-test=signature-canvas]');
             const r = c.getBoundingClientRect();
             const ev = (type, x, y, buttons) => new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 1, isPrimary: true,
               pointerType: 'mouse', button: 0, buttons, clientX: r.left + x, clientY: r.top + y, pressure: buttons ? 0.5 : 0 });
             const pause = () => new Promise((ok) => setTimeout(ok, 20));
             (async () => {
               for (const [y0, dy] of [[60, 35], [110, -30]]) {
                 c.dispatchEvent(ev('pointerdown', 40, y0, 1));
                 for (let i = 1; i <= 30; i++) {
                   await pause();
                   window.dispatchEvent(ev('pointermove', 40 + i * 13, y0 + Math.sin(i / 2.5) * dy, 1));
                 }
                 await pause();
                 window.dispatchEvent(ev('pointerup', 430, y0, 0));
               }
               done(true);
             })();",
            vec![],
        )
        .await
        .expect("draw on the pad");
}

/// A screenshot once the page is still: the success messages gone and transitions over.
async fn still_shot(app: &App, name: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    app.client.execute("document.querySelectorAll('.el-message').forEach((m) => m.remove())", vec![]).await.expect("clear the messages");
    app.shot(name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tier_a_handbook_gets_a_measure_and_a_signed_income_accounting_and_the_audit_and_due_lists_shrink() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let world = World::new();
    world.zhucun(&["roster", "import", repo_root().join("tests/fixtures/roster-small.csv").to_str().unwrap()]).ok();
    world.zhucun(&["member", "add", "--name", "陈静", "--role", "队员", "--from", "2024-01-01"]).ok();
    let app = App::start(&world).await;
    app.wait("[data-test=who]").await;
    app.client.set_window_rect(0, 0, 1366, 768).await.expect("set the window to 1366×768");

    // 手册审核 before: 龙大贵's household has no measure 30 days after identification and no accounting.
    go(&app, "#/handbook-audit").await;
    app.until("the audit lines", || async { count(&app, "[data-test=audit-row]").await > 0 }).await;
    let before = count(&app, "[data-test=audit-row]").await;
    let household = app
        .client
        .execute(
            "return [...document.querySelectorAll('[data-test=audit-household]')].find((g) => g.textContent.includes('龙大贵')).dataset.household",
            vec![],
        )
        .await
        .expect("龙大贵's audit lines")
        .as_str()
        .expect("a household id")
        .to_string();
    let codes = audit_codes(&app, &household).await;
    assert!(codes.iter().any(|c| c.starts_with("D2")), "no measure within 30 days (D2): {codes:?}");

    // 待办 of the whole team: the household owes a measure (D2, overdue).
    go(&app, "#/due").await;
    click(&app, "[data-test=due-scope-team]").await;
    app.until("龙大贵's measure owed", || async { due_actions(&app, &household).await.iter().any(|a| a == "measure") }).await;
    let owed_before = due_actions(&app, &household).await;
    still_shot(&app, "due.png").await;

    // Its one button opens the handbook at the measures.
    let button = format!("[data-test=due-row][data-household='{household}'][data-action=measure] [data-test=due-act]");
    click(&app, &button).await;
    app.wait("[data-test=handbook-measures]").await;
    assert!(text(&app, "[data-test=cover-head]").await.contains("龙大贵"));
    assert!(!text(&app, "[data-test=cover-tier]").await.is_empty(), "the tier on the cover");
    assert!(text(&app, "[data-test=handbook-plan]").await.contains("帮扶计划"), "tier A: 帮扶计划");

    // A measure: 产业 (开发式), with its amount in yuan.
    click(&app, "[data-test=measure-add]").await;
    app.wait("[data-test=measure-form]").await;
    click(&app, "[data-test=measure-category]").await;
    app.until("the categories listed", || async { count(&app, ".el-select-dropdown__item").await > 10 }).await;
    app.client
        .execute(
            "[...document.querySelectorAll('.el-select-dropdown__item')].find((e) => e.textContent.trim().startsWith('产业') && e.offsetParent).click()",
            vec![],
        )
        .await
        .expect("pick 产业");
    app.until("产业 is 开发式", || async { text(&app, "[data-test=measure-form-kind]").await == "开发式" }).await;
    type_in(&app, "measure-content", "发放鸡苗200羽，配套技术指导", false).await;
    type_in(&app, "measure-amount-input", "1500", false).await;
    // Begun in April (recorded late): within the 30 days of D2.
    type_in(&app, "measure-from", "2024-04-10", true).await;
    click(&app, "[data-test=measure-submit]").await;
    app.until("the measure in the list", || async { app.texts("[data-test=measure-row]").await.concat().contains("发放鸡苗200羽") }).await;
    assert!(app.texts("[data-test=measure-amount]").await.concat().contains("1500.00 元"));

    // The income accounting: the sums follow the typing.
    click(&app, "[data-test=income-edit]").await;
    app.wait("[data-test=income-form]").await;
    type_in(&app, "income-item][data-item='工资性收入'", "18000", false).await;
    type_in(&app, "income-item][data-item='种植业'", "3600.50", false).await;
    type_in(&app, "income-item][data-item='低保金'", "2400", false).await;
    type_in(&app, "income-costs", "800", false).await;
    app.until("年收入 computed as typed", || async { text(&app, "[data-test=live-total]").await == "24000.50" }).await;
    assert_eq!(text(&app, "[data-test=live-net]").await, "23200.50");
    // Two people on the roster: 11600.25 each.
    assert_eq!(text(&app, "[data-test=live-per-capita]").await, "11600.25");
    assert!(text(&app, "[data-test=live-flags]").await.contains("监测对象"));
    click(&app, "[data-test=income-submit]").await;
    app.until("the accounting as saved", || async { text(&app, "[data-test=income-saved-per-capita]").await == "11600.25" }).await;
    assert_eq!(text(&app, "[data-test=income-saved-net]").await, "23200.50");

    // Signed on the pad by the household, then by the cadre.
    for who in ["household", "cadre"] {
        click(&app, &format!("[data-test=income-saved] [data-test=sign-{who}]")).await;
        app.wait("[data-test=sign-form]").await;
        draw_signature(&app).await;
        app.until("the pad signed", || async { attr(&app, "[data-test=sign-submit]", "disabled").await.is_empty() }).await;
        click(&app, "[data-test=sign-submit]").await;
        let slot = format!("[data-test=income-saved] [data-test=signature-{who}]");
        app.until("the signature shown", || async { attr(&app, &slot, "data-signed").await == "yes" }).await;
        app.until("its image shown", || async { count(&app, &format!("{slot} img[src^='data:image/png']")).await == 1 }).await;
    }
    // 打印手册: the PDF written to the file chosen (the dialog answered through the test seam).
    let pdf = world.path("龙大贵-结对帮扶手册.pdf");
    app.client.execute("window.__zhucun.picks.push(arguments[0])", vec![serde_json::json!(pdf)]).await.expect("answer the save dialog");
    click(&app, "[data-test=handbook-print] .el-button-group > .el-button:first-child").await;
    app.until("the PDF written", || async { std::fs::metadata(&pdf).map(|m| m.len() > 0).unwrap_or(false) }).await;
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF"), "a PDF: {:?}", &bytes[..bytes.len().min(8)]);

    // The handbook from its top (audit lines, cover, family, cadres), then its income accounting signed.
    app.client.execute("document.querySelector('#main').scrollTop = 0", vec![]).await.unwrap();
    still_shot(&app, "handbook.png").await;
    app.client.execute("document.querySelector('[data-section=income]').scrollIntoView({ block: 'start' })", vec![]).await.unwrap();
    still_shot(&app, "handbook-income.png").await;

    // 手册审核: fewer lines; none left of the measure, the accounting or its signatures.
    go(&app, "#/handbook-audit").await;
    app.until("the audit list shrank", || async {
        let n = count(&app, "[data-test=audit-row]").await;
        n > 0 && n < before || n == 0 && count(&app, "[data-test=audit-empty]").await == 1
    })
    .await;
    let codes = audit_codes(&app, &household).await;
    assert!(!codes.iter().any(|c| c.starts_with("D2") || c == "P4.unsigned"), "fixed lines are gone: {codes:?}");
    still_shot(&app, "audit.png").await;

    // 待办: the household's measure line is gone, and no signature is owed.
    go(&app, "#/due").await;
    click(&app, "[data-test=due-scope-team]").await;
    app.until("the due list read", || async { count(&app, "[data-test=due-row]").await > 0 || count(&app, "[data-test=due-empty]").await > 0 }).await;
    app.until("the measure line gone", || async { !due_actions(&app, &household).await.iter().any(|a| a == "measure") }).await;
    let owed_after = due_actions(&app, &household).await;
    assert!(!owed_after.iter().any(|a| a == "sign"), "nothing left to sign: {owed_after:?}");
    assert!(owed_after.len() < owed_before.len(), "fewer lines: {owed_before:?} → {owed_after:?}");
    app.close().await;
}
