//! Shared fixtures of the end-to-end tests: where the built binaries are, an isolated environment for
//! each test (its own database and XDG folders), running the CLI, and a digest of a database's content
//! to prove that a refused input changed nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of the built binaries (`target/debug`), next to the test executable's `deps/`.
pub fn bin_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("ZHUCUN_BIN_DIR") {
        return PathBuf::from(d);
    }
    let exe = std::env::current_exe().expect("test executable path");
    exe.parent().and_then(Path::parent).expect("target/debug").to_path_buf()
}

pub fn bin(name: &str) -> PathBuf {
    let p = bin_dir().join(name);
    assert!(p.exists(), "{} is missing: build it first (make test does)", p.display());
    p
}

/// A test's private world: a temporary folder, a database path inside it.
pub struct World {
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new() -> World {
        World { dir: tempfile::tempdir().expect("temp dir") }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("zhucun.db")
    }

    /// Run `zhucun --db <world db> args…` with "today" fixed.
    pub fn zhucun(&self, args: &[&str]) -> Run {
        self.zhucun_on("2024-09-15", args)
    }

    /// Run `zhucun --db <world db> args…` on the given day.
    pub fn zhucun_on(&self, today: &str, args: &[&str]) -> Run {
        let out = Command::new(bin("zhucun"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("ZHUCUN_TODAY", today)
            .env("XDG_DATA_HOME", self.path("xdg-data"))
            .env_remove("ZHUCUN_DB")
            .output()
            .expect("run zhucun");
        Run(out)
    }
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

/// The result of one CLI run.
pub struct Run(pub Output);

impl Run {
    pub fn code(&self) -> i32 {
        self.0.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.0.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.0.stderr).into_owned()
    }
    /// Assert success and return stdout.
    pub fn ok(&self) -> String {
        assert_eq!(self.code(), 0, "expected success\nstdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr());
        self.stdout()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout()).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout()))
    }
}

/// Every row of every table, in a stable order: equal digests mean equal content.
pub fn db_digest(path: &Path) -> String {
    if !path.exists() {
        return "<no database>".to_string();
    }
    let c = rusqlite::Connection::open(path).expect("open db for digest");
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        out.push_str(&format!("## {t}\n"));
        let mut stmt = c.prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1")).unwrap();
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let cells: Vec<String> = (0..n).map(|i| format!("{:?}", r.get_ref(i).unwrap())).collect();
            out.push_str(&cells.join("|"));
            out.push('\n');
        }
    }
    out
}

/// The files directly in a folder (none when it does not exist yet).
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect()).unwrap_or_default()
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("repo root").to_path_buf()
}

/// Read a whole xlsx sheet as text cells.
pub fn read_xlsx(path: &Path) -> Vec<Vec<String>> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).expect("open xlsx");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Read a CSV file (UTF-8, BOM allowed) as rows.
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).expect("read csv");
    let text = String::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec()).expect("utf-8");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv row").iter().map(str::to_string).collect())
        .collect()
}

/// Write rows as CSV text (UTF-8, no BOM).
pub fn csv_text(rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("csv write");
    }
    String::from_utf8(w.into_inner().expect("csv flush")).expect("utf-8")
}

/// The county: a folder with its database, driven by `zhucun-server`.
pub struct County {
    pub world: World,
}

impl County {
    /// A county database with the demo roster (`households` in villages of `village_size`).
    pub fn with_demo(households: usize, village_size: usize) -> County {
        let world = World::new();
        let roster = world.path("roster.csv");
        world
            .zhucun(&["demo", "--households", &households.to_string(), "--village-size", &village_size.to_string(), "--out", roster.to_str().unwrap()])
            .ok();
        let c = County { world };
        c.server(&["roster", roster.to_str().unwrap()]).ok();
        c
    }

    pub fn db(&self) -> PathBuf {
        self.world.path("county.db")
    }

    pub fn server(&self, args: &[&str]) -> Run {
        let out = Command::new(bin("zhucun-server"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("ZHUCUN_TODAY", "2024-09-15")
            .output()
            .expect("run zhucun-server");
        Run(out)
    }

    /// The first village's name.
    pub fn village(&self) -> String {
        let rows = Command::new(bin("zhucun")).arg("--db").arg(self.db()).args(["households", "list", "--json"]).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&rows.stdout).unwrap();
        v[0]["village"].as_str().unwrap().to_string()
    }

    /// A new laptop enrolled in `village`.
    pub fn enroll(&self, village: &str, server_url: Option<&str>) -> World {
        self.enroll_into(village, server_url, World::new())
    }

    /// Enroll the laptop of `l` in `village`.
    pub fn enroll_into(&self, village: &str, server_url: Option<&str>, l: World) -> World {
        let file = l.path("登记.enroll");
        let mut args = vec!["enroll", "--village", village, "--out", file.to_str().unwrap()];
        if let Some(u) = server_url {
            args.extend(["--server-url", u]);
        }
        self.server(&args).ok();
        let out = l.zhucun(&["enroll", file.to_str().unwrap()]).ok();
        assert!(out.contains("已登记"), "{out}");
        l
    }
}


/// A running `zhucun-server serve` on a free port of 127.0.0.1, with extra flags; killed when dropped.
pub struct Serving {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// `127.0.0.1:PORT`
    pub addr: String,
}

impl Serving {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl County {
    /// `zhucun-server serve --listen 127.0.0.1:0 extra…`, once it says where it listens.
    pub fn serve(&self, extra: &[&str]) -> Serving {
        use std::io::BufRead;
        let mut child = Command::new(bin("zhucun-server"))
            .arg("--db")
            .arg(self.db())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::inherit())
            .spawn()
            .expect("start zhucun-server");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut line).expect("server's first line");
        let url = line.trim().rsplit(' ').next().unwrap_or("").to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "server said: {line}");
        let addr = url.trim_start_matches("http://").to_string();
        Serving { child, url, addr }
    }
}

/// A field of `/proc/PID/status` in kB (`VmHWM`, `VmRSS`).
pub fn proc_status_kb(pid: u32, key: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with(&format!("{key}:")))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Every file under a folder, at any depth (none when it does not exist).
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => todo.push(p),
                Ok(_) => out.push(p),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

/// The total size of the files under a folder.
pub fn size_under(dir: &Path) -> u64 {
    files_under(dir).iter().filter_map(|p| std::fs::symlink_metadata(p).ok()).map(|m| m.len()).sum()
}

/// Make a named pipe (FIFO) at `path`.
pub fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo").arg(path).status().expect("run mkfifo").success();
    assert!(ok, "mkfifo {}", path.display());
}

/// [`db_digest`] without the sync history (a refusal is recorded there on purpose).
pub fn data_digest(db: &Path) -> String {
    let mut out = String::new();
    let mut skip = false;
    for line in db_digest(db).lines() {
        if line.starts_with("## ") {
            skip = line == "## sync_event";
        }
        if !skip {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}
