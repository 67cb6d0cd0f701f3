//! Starting tauri-driver and a WebDriver session on the app, and ending both however a test ends.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zhucun_e2e::{bin_dir, World};

/// One app at a time: WebKit sessions are heavy on a 2-core machine.
pub static SERIAL: Mutex<()> = Mutex::new(());

pub fn app_binary() -> PathBuf {
    let p = std::env::var_os("ZHUCUN_APP_BIN").map(PathBuf::from).unwrap_or_else(|| bin_dir().join("zhucun-app"));
    assert!(p.exists(), "{} is missing: `make test` builds it", p.display());
    p
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let p = home.join(".cargo/bin/tauri-driver");
    assert!(p.exists(), "tauri-driver is missing: `make test` installs it (cargo install tauri-driver --locked)");
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

/// A running app under WebDriver. Dropping it ends the session, the app, tauri-driver and WebKitWebDriver.
pub struct App {
    pub client: Client,
    driver: Option<Child>,
    db: PathBuf,
}

impl App {
    /// Start the app on the world's database.
    pub async fn start(world: &World) -> App {
        assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: run the UI tests under xvfb-run (make test does)");
        let port = free_port();
        let native = free_port();
        let log = std::fs::File::create(world.path("tauri-driver.log")).expect("log file");
        let driver = Command::new(tauri_driver())
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("ZHUCUN_DB", world.db())
            .env("ZHUCUN_TODAY", "2024-09-15")
            .env("XDG_DATA_HOME", world.path("xdg/data"))
            .env("XDG_CONFIG_HOME", world.path("xdg/config"))
            .env("XDG_CACHE_HOME", world.path("xdg/cache"))
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("start tauri-driver");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app_binary(), "args": ["--db", world.db()] }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::native().capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => {
                    let log = std::fs::read_to_string(world.path("tauri-driver.log")).unwrap_or_default();
                    panic!("no WebDriver session: {e}\ntauri-driver log:\n{log}");
                }
            }
        };
        App { client, driver: Some(driver), db: world.db() }
    }

    /// Wait for an element, up to 20 s.
    pub async fn wait(&self, css: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("element {css} did not appear: {e}"))
    }

    /// Wait until `f` returns true, up to 20 s.
    pub async fn until<F, Fut>(&self, what: &str, mut f: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !f().await {
            assert!(Instant::now() < deadline, "timed out waiting for: {what}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.client.find_all(Locator::Css(css)).await.unwrap_or_default() {
            out.push(e.text().await.unwrap_or_default());
        }
        out
    }

    /// Save a screenshot, only when `ZHUCUN_SCREENSHOTS` is set: WebKitWebDriver's screenshot call
    /// sometimes never answers and leaves the session stuck, so tests do not depend on it.
    pub async fn screenshot(&self, path: &Path) {
        if std::env::var_os("ZHUCUN_SCREENSHOTS").is_none() {
            return;
        }
        if let Ok(Ok(png)) = tokio::time::timeout(Duration::from_secs(10), self.client.screenshot()).await {
            let _ = std::fs::write(path, png);
        }
    }

    /// A screenshot named `name` in the folder `ZHUCUN_SCREENSHOTS` names (nothing when it is not set).
    pub async fn shot(&self, name: &str) {
        if let Some(dir) = std::env::var_os("ZHUCUN_SCREENSHOTS") {
            self.screenshot(&Path::new(&dir).join(name)).await;
        }
    }

    pub async fn close(mut self) {
        // A stuck WebKitWebDriver must not hang the test: the process group is ended below anyway.
        let _ = tokio::time::timeout(Duration::from_secs(5), self.client.clone().close()).await;
        if let Some(d) = self.driver.take() {
            end(d);
        }
        // The app holds its database exclusively until its process is gone: wait for that, so the
        // test's next command is not told that 驻村工作台 is using the database.
        let _ = zhucun_store::lock::DbLock::acquire(&self.db, zhucun_store::lock::Access::Exclusive, Duration::from_secs(15));
    }
}

fn end(mut driver: Child) {
    // tauri-driver leaves WebKitWebDriver behind when killed alone: end the whole process group.
    let _ = Command::new("kill").args(["-s", "TERM", "--", &format!("-{}", driver.id())]).status();
    let _ = driver.wait();
}

impl Drop for App {
    fn drop(&mut self) {
        // A failed test ends here without `close`.
        if let Some(mut d) = self.driver.take() {
            let _ = Command::new("kill").args(["-s", "KILL", "--", &format!("-{}", d.id())]).status();
            let _ = d.wait();
        }
    }
}

// ---- Helpers of the page tests ----------------------------------------------------------------

/// Go to a page by its address (`#/leave`).
pub async fn go(app: &App, hash: &str) {
    app.client.execute(&format!("location.hash = '{hash}'"), vec![]).await.expect("navigate");
}

pub async fn attr(app: &App, css: &str, name: &str) -> String {
    match app.client.find(Locator::Css(css)).await {
        Ok(e) => e.attr(name).await.ok().flatten().unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Click the first element matching `css` (waited for). WebKitWebDriver reports a click on a link
/// button as intercepted by the button's own inner span; then, and only when what lies on top at the
/// element's centre is the element itself or inside it, the click is made from script. Something else
/// on top (a list's loading mask while the month is read again) is waited out for up to 5 s; still
/// covered after that (a dialog's mask, another panel), the test fails.
pub async fn click(app: &App, css: &str) {
    let start = std::time::Instant::now();
    loop {
        let e = app.wait(css).await;
        let Err(err) = e.click().await else { return };
        let el = serde_json::to_value(&e).unwrap();
        let own = app
            .client
            .execute(
                "const e = arguments[0]; e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
                 const t = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                 return !!t && (t === e || e.contains(t));",
                vec![el.clone()],
            )
            .await
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        if own {
            app.client.execute("arguments[0].click()", vec![el]).await.unwrap_or_else(|e| panic!("click {css} from script: {e}"));
            return;
        }
        if start.elapsed() > Duration::from_secs(5) {
            panic!("click {css}: {err} (something else covers it)");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Type into an input (or the input inside a component carrying the data-test); with `commit`, leave
/// the field with Tab, as a date picker takes a typed date when it loses focus.
pub async fn type_in(app: &App, data_test: &str, text: &str, commit: bool) {
    let css = format!("[data-test={data_test}] input, [data-test={data_test}] textarea, input[data-test={data_test}], textarea[data-test={data_test}]");
    let e = app.wait(&css).await;
    // Focused from script, not clicked: a date picker's open panel may cover the next field.
    app.client.execute("arguments[0].focus()", vec![serde_json::to_value(&e).unwrap()]).await.expect("focus");
    // Select what is there and type over it, as a person would (Ctrl+A, then the text).
    e.send_keys("\u{E009}a\u{E000}").await.unwrap_or_else(|err| panic!("select all in {data_test}: {err}"));
    e.send_keys(text).await.unwrap_or_else(|err| panic!("type into {data_test}: {err}"));
    if commit {
        e.send_keys("\u{E004}").await.unwrap_or_else(|err| panic!("Tab out of {data_test}: {err}"));
    }
}
