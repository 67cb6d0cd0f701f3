//! Sync end to end: the real `zhucun-server` (by file and on 127.0.0.1) and real laptops' databases,
//! each in its own folder, driven through the two command lines.

use crate::p;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use zhucun_e2e::{bin, data_digest, db_digest, files_in, County, World};

/// A running `zhucun-server serve` on a free port of 127.0.0.1; killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
}

impl Server {
    pub fn start(county: &County) -> Server {
        let mut child = Command::new(bin("zhucun-server"))
            .arg("--db")
            .arg(county.db())
            .args(["serve", "--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start zhucun-server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let url = line.trim().rsplit(' ').next().unwrap().to_string();
        assert!(url.starts_with("http://127.0.0.1:"), "server said: {line}");
        Server { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn status(l: &World) -> serde_json::Value {
    l.zhucun(&["sync", "status", "--json"]).json()
}

fn households(l: &World) -> usize {
    l.zhucun(&["households", "list", "--json"]).json().as_array().unwrap().len()
}

fn member_names(l: &World) -> Vec<String> {
    let mut v: Vec<String> =
        l.zhucun(&["member", "list", "--json"]).json().as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

fn only_file(dir: &Path) -> PathBuf {
    let files = files_in(dir);
    assert_eq!(files.len(), 1, "one file in {}: {files:?}", dir.display());
    files[0].clone()
}

#[test]
fn two_laptops_sync_through_usb_files() {
    let county = County::with_demo(600, 300);
    let village = county.village();
    let a = county.enroll(&village, None);
    let b = county.enroll(&village, None);
    assert_eq!(households(&a), 0, "a new laptop starts empty: the roster comes from the county");
    a.zhucun(&["member", "add", "--name", "王第一", "--role", "第一书记", "--from", "2024-03-01"]).ok();
    assert_eq!(status(&a)["pending"], 2, "a cadre and an assignment");

    // A → stick → county → stick → A
    let usb = a.path("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let exported = a.zhucun(&["sync", "export", "--out", usb.to_str().unwrap(), "--json"]).json();
    assert_eq!(exported["changes"], 2);
    let bundle = only_file(&usb);
    assert!(bundle.extension().unwrap() == "zhcb");
    let ret = a.path("return");
    let out = county.server(&["import", bundle.to_str().unwrap(), "--out-dir", ret.to_str().unwrap()]).ok();
    assert!(out.contains("已完成登记"), "the first bundle completes the enrollment: {out}");
    let back = only_file(&ret);
    let r = a.zhucun(&["sync", "import", back.to_str().unwrap(), "--json"]).json();
    assert_eq!(r["pending"], 0, "the county confirmed everything");
    assert_eq!(households(&a), 300, "the village's households, and only those");
    let again = a.zhucun(&["sync", "import", back.to_str().unwrap(), "--json"]).json();
    assert_eq!(again["applied"], 0, "the same return bundle twice changes nothing more");

    // The same stick carried twice to the county: harmless.
    let twice = county.server(&["import", bundle.to_str().unwrap(), "--json", "--out-dir", a.path("r2").to_str().unwrap()]).json();
    assert_eq!(twice["imports"][0]["report"]["applied"], 0);

    // B gets A's member through the county.
    let usb_b = b.path("usb");
    std::fs::create_dir_all(&usb_b).unwrap();
    b.zhucun(&["sync", "export", "--out", usb_b.to_str().unwrap()]).ok();
    let ret_b = b.path("return");
    county.server(&["import", only_file(&usb_b).to_str().unwrap(), "--out-dir", ret_b.to_str().unwrap()]).ok();
    b.zhucun(&["sync", "import", only_file(&ret_b).to_str().unwrap()]).ok();
    assert_eq!(member_names(&b), vec!["王第一"]);
    assert_eq!(households(&b), 300);

    // A return bundle for A is refused by B: not its recipient; B's data is untouched and the file kept.
    let before = data_digest(&b.db());
    let refused = b.zhucun(&["sync", "import", back.to_str().unwrap()]);
    assert_eq!(refused.code(), 1);
    assert!(refused.stderr().contains("不是发给本机的"), "{}", refused.stderr());
    assert_eq!(before, data_digest(&b.db()));
    let kept = b.dir.path().join("同步隔离");
    assert_eq!(std::fs::read_dir(&kept).unwrap().count(), 1, "the refused file is kept for inspection");

    // A stick pulled out while copying.
    let bytes = std::fs::read(&back).unwrap();
    let cut = a.path("cut.zhcb");
    std::fs::write(&cut, &bytes[..bytes.len() * 3 / 4]).unwrap();
    let before = data_digest(&a.db());
    let t = a.zhucun(&["sync", "import", cut.to_str().unwrap()]);
    assert_eq!(t.code(), 1);
    assert!(t.stderr().contains("不完整"), "{}", t.stderr());
    assert_eq!(before, data_digest(&a.db()));

    // The county's status lists both laptops.
    let st = county.server(&["status", "--json"]).json();
    assert_eq!(st["devices"].as_array().unwrap().len(), 2);
}

#[test]
fn two_laptops_sync_over_http_with_the_real_server() {
    let county = County::with_demo(600, 300);
    let village = county.village();
    let server = Server::start(&county);
    let a = county.enroll(&village, Some(&server.url));
    let b = county.enroll(&village, Some(&server.url));
    a.zhucun(&["member", "add", "--name", "甲", "--role", "队长", "--from", "2024-03-01"]).ok();
    b.zhucun(&["member", "add", "--name", "乙", "--role", "队员", "--from", "2024-04-01"]).ok();
    // The server address comes from the enrollment file.
    let ra = a.zhucun(&["sync", "now", "--json"]).json();
    assert_eq!(ra["sent"], 2);
    let rb = b.zhucun(&["sync", "now", "--json"]).json();
    assert_eq!(rb["sent"], 2);
    a.zhucun(&["sync", "now"]).ok();
    for l in [&a, &b] {
        assert_eq!(member_names(l), vec!["乙", "甲"]);
        assert_eq!(households(l), 300);
        assert_eq!(status(l)["pending"], 0);
    }
    // The same content on both laptops and the county's view of the village.
    let digest = |l: &World| {
        let c = rusqlite::Connection::open(l.db()).unwrap();
        let mut s = c.prepare("SELECT id, name FROM cadre ORDER BY id").unwrap();
        s.query_map([], |r| Ok(format!("{}{}", r.get::<_, String>(0)?, r.get::<_, String>(1)?))).unwrap().map(|r| r.unwrap()).collect::<Vec<_>>()
    };
    assert_eq!(digest(&a), digest(&b));

    // A revoked laptop is refused with a clear message, and changes nothing.
    let b_id = status(&b)["device"].as_str().unwrap().to_string();
    county.server(&["revoke", &b_id]).ok();
    b.zhucun(&["member", "add", "--name", "丙", "--role", "队员", "--from", "2024-05-01"]).ok();
    let refused = b.zhucun(&["sync", "now"]);
    assert_eq!(refused.code(), 1);
    assert!(refused.stderr().contains("已停用"), "{}", refused.stderr());
    assert_eq!(status(&b)["pending"], 2, "nothing was confirmed");

    // No server: the data stays, the message says what to do.
    drop(server);
    let offline = a.zhucun(&["sync", "now"]);
    assert_eq!(offline.code(), 1);
    assert!(offline.stderr().contains("连不上县里的服务器"), "{}", offline.stderr());
    assert!(offline.stderr().contains("U盘"), "{}", offline.stderr());
}

#[test]
fn an_enrolled_laptop_takes_its_roster_from_the_county_and_a_used_database_cannot_enroll() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let l = county.enroll(&village, None);
    let roster = county.world.path("roster.csv");
    let r = l.zhucun(&["roster", "import", roster.to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("花名册由县里统一导入"), "{}", r.stderr());

    // A laptop with the demo village cannot enroll (its own households would clash with the county's).
    let demo = World::new();
    demo.zhucun(&["demo"]).ok();
    let file = demo.path("e.enroll");
    county.server(&["enroll", "--village", &village, "--out", file.to_str().unwrap()]).ok();
    let before = db_digest(&demo.db());
    let refused = demo.zhucun(&["enroll", file.to_str().unwrap()]);
    assert_eq!(refused.code(), 1);
    assert!(refused.stderr().contains("新的数据库"), "{}", refused.stderr());
    assert_eq!(before, db_digest(&demo.db()));

    // An enrollment file is good for one laptop only.
    let first = World::new();
    first.zhucun(&["enroll", file.to_str().unwrap()]).ok();
    let second = World::new();
    second.zhucun(&["enroll", file.to_str().unwrap()]).ok();
    for w in [&first, &second] {
        let usb = w.path("usb");
        std::fs::create_dir_all(&usb).unwrap();
        w.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    }
    county.server(&["import", only_file(&first.path("usb")).to_str().unwrap(), "--out-dir", p(&first, "ret").as_str()]).ok();
    let used = county.server(&["import", only_file(&second.path("usb")).to_str().unwrap(), "--out-dir", p(&second, "ret").as_str()]);
    assert_eq!(used.code(), 1);
    assert!(used.stdout().contains("只能用一次"), "{}", used.stdout());
}

/// A tiny deterministic generator for the kill delays (no clock, no OS randomness: a failure replays).
fn lcg(seed: &mut u64) -> u64 {
    *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    *seed >> 33
}

#[test]
fn killing_the_importer_at_random_points_leaves_none_or_all_of_the_bundle() {
    let county = County::with_demo(2400, 2400);
    let village = county.village();
    let laptop = county.enroll(&village, None);
    let usb = laptop.path("usb");
    std::fs::create_dir_all(&usb).unwrap();
    laptop.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    let ret = laptop.path("ret");
    county.server(&["import", only_file(&usb).to_str().unwrap(), "--out-dir", ret.to_str().unwrap()]).ok();
    let back = only_file(&ret);
    // A clean copy of the enrolled laptop, before the import.
    {
        let c = rusqlite::Connection::open(laptop.db()).unwrap();
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    }
    let pristine = std::fs::read(laptop.db()).unwrap();
    let trial_db = laptop.path("trial.db");
    let reset = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", trial_db.display()));
        }
        std::fs::write(&trial_db, &pristine).unwrap();
    };
    let import = || {
        Command::new(bin("zhucun"))
            .arg("--db")
            .arg(&trial_db)
            .args(["sync", "import", back.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let count = |db: &Path| -> i64 {
        let c = rusqlite::Connection::open(db).unwrap();
        let problems: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        assert_eq!(problems, "ok");
        c.query_row("SELECT count(*) FROM household", [], |r| r.get(0)).unwrap()
    };
    // How long a full import takes here.
    reset();
    let t = std::time::Instant::now();
    assert!(import().wait().unwrap().success());
    let full = t.elapsed();
    let all = count(&trial_db);
    assert_eq!(all, 2400);
    let mut seed = 20241129u64;
    let (mut none, mut whole) = (0, 0);
    for _ in 0..16 {
        reset();
        let delay = std::time::Duration::from_micros(lcg(&mut seed) % (full.as_micros() as u64 * 6 / 5).max(1));
        let mut child = import();
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let n = count(&trial_db);
        assert!(n == 0 || n == all, "after a kill at {delay:?}: {n} households, expected none or all");
        if n == 0 {
            none += 1;
        } else {
            whole += 1;
        }
        // Re-importing completes.
        let again = Command::new(bin("zhucun")).arg("--db").arg(&trial_db).args(["sync", "import", back.to_str().unwrap()]).output().unwrap();
        assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
        assert_eq!(count(&trial_db), all);
    }
    assert!(none > 0, "some kills landed before the commit ({none} none, {whole} whole)");
}
