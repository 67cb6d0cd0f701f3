//! Issue 9's classes that live in the CLI and the store: the demo village loaded all or nothing,
//! names from data escaped on the terminal, and a record dated by a wrong clock still correctable.

use std::process::{Command, Stdio};
use zhucun_e2e::{bin, db_digest, World};

fn count(db: &std::path::Path, table: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Killed anywhere while loading, the demo leaves neither the roster nor the team, or both: never a
/// village without its team (the two used to be separate transactions).
#[test]
fn the_demo_village_loads_whole_or_not_at_all_when_killed() {
    let w = World::new();
    let load = |db: &std::path::Path| {
        Command::new(bin("zhucun"))
            .arg("--db")
            .arg(db)
            .args(["demo", "--households", "900", "--village-size", "300"])
            .env("ZHUCUN_TODAY", "2024-09-15")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    let full_db = w.path("full.db");
    let t = std::time::Instant::now();
    assert!(load(&full_db).wait().unwrap().success());
    let full = t.elapsed();
    let (all_households, all_members) = (count(&full_db, "household"), count(&full_db, "team_member"));
    assert!(all_households == 900 && all_members == 3, "{all_households} households, {all_members} members");
    let mut seed = 9u64;
    let mut partial_seen = 0;
    for i in 0..10 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let db = w.path(&format!("kill{i}.db"));
        Command::new(bin("zhucun")).arg("--db").arg(&db).arg("init").output().unwrap();
        let delay = std::time::Duration::from_micros((seed >> 33) % (full.as_micros() as u64).max(1));
        let mut child = load(&db);
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        let (h, m) = (count(&db, "household"), count(&db, "team_member"));
        assert!((h == 0 && m == 0) || (h == all_households && m == all_members), "after a kill at {delay:?}: {h} households and {m} members");
        if h == 0 {
            partial_seen += 1;
        }
    }
    assert!(partial_seen > 0, "some kills landed before the commit");
}

/// A name that reached the database from elsewhere (a synced record, an old roster) with terminal
/// control characters is printed escaped, so it cannot clear the screen or fake output.
#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    let w = World::new();
    w.zhucun(&["demo", "--households", "30", "--village-size", "30"]).ok();
    let c = rusqlite::Connection::open(w.db()).unwrap();
    c.execute("UPDATE cadre SET name = '周\u{1b}[2J建国' WHERE name = '周建国'", []).unwrap();
    drop(c);
    let out = w.zhucun(&["member", "list"]).ok();
    assert!(!out.contains('\u{1b}'), "no raw escape reaches the terminal: {out:?}");
    assert!(out.contains("周\\u{1b}[2J建国"), "the name is shown escaped: {out}");
    let json = w.zhucun(&["member", "list", "--json"]).ok();
    assert!(!json.contains('\u{1b}') && json.contains("\\u001b"), "JSON escapes it as JSON does: {json}");
}

/// A log written on a laptop whose clock said 2099 reaches the others; there, on the right date, it
/// can still be corrected and deleted, while a new log for a day to come is still refused.
#[test]
fn a_log_dated_by_a_wrong_clock_can_be_corrected_and_deleted() {
    let w = World::new();
    w.zhucun(&["demo", "--households", "30", "--village-size", "30"]).ok();
    let members = w.zhucun(&["member", "list", "--json"]).json();
    let id = members[0]["id"].as_str().unwrap().to_string();
    w.zhucun_on("2099-01-05", &["log", "set", "--member", &id, "--date", "2099-01-05", "--status", "在村", "--text", "走访农户"]).ok();

    let before = db_digest(&w.db());
    let refused = w.zhucun(&["log", "set", "--member", &id, "--date", "2099-01-06", "--status", "在村", "--text", "走访农户"]);
    assert_eq!(refused.code(), 1);
    assert!(refused.stderr().contains("还没到"), "{}", refused.stderr());
    assert_eq!(db_digest(&w.db()), before, "the refusal changed nothing");

    w.zhucun(&["log", "set", "--member", &id, "--date", "2099-01-05", "--status", "休息"]).ok();
    let logs = w.zhucun(&["log", "list", "--period", "2099-01", "--json"]).json();
    assert_eq!(logs[0]["status"], "休息", "the existing record was corrected");
    w.zhucun(&["log", "delete", "--member", &id, "--date", "2099-01-05"]).ok();
    let logs = w.zhucun(&["log", "list", "--period", "2099-01", "--json"]).json();
    assert_eq!(logs.as_array().map(Vec::len), Some(0), "and deleted");
    let again = w.zhucun(&["log", "delete", "--member", &id, "--date", "2099-01-05"]);
    assert_eq!(again.code(), 1);
    assert!(again.stderr().contains("没有工作日志"), "{}", again.stderr());
}

/// Secrets and full ID numbers at rest: the laptop's and the county's databases, their WAL, shared
/// memory and lock files are the owner's only, also for files an older version left readable.
#[test]
fn databases_and_their_files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let w = World::new();
    w.zhucun(&["demo", "--households", "30", "--village-size", "30"]).ok();
    let county = zhucun_e2e::County::with_demo(30, 30);
    for db in [w.db(), county.db()] {
        for suffix in ["", "-wal", "-shm", "-lock"] {
            let p = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
            if p.exists() {
                assert_eq!(mode(&p), 0o600, "{} is the owner's only", p.display());
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
        }
    }
    w.zhucun(&["member", "list"]).ok();
    county.server(&["status"]).ok();
    for db in [w.db(), county.db()] {
        assert_eq!(mode(&db), 0o600, "{} is made private again on open", db.display());
    }
}
