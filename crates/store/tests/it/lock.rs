//! The database lock (`lock.rs`): why it exists, shown with plain SQLite, and what it guarantees,
//! shown with two processes. The second process is this test binary run again with
//! `ZHUCUN_LOCK_CHILD` set, so no other tool is needed.

use rusqlite::Connection;
use std::path::Path;
use std::process::Command;
use zhucun_store::{Store, StoreError};

/// Run one of the child actions below in a separate process and return its stdout.
fn child(action: &str, db: &Path) -> (bool, String) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock::child_action", "--nocapture", "--test-threads=1"])
        .env("ZHUCUN_LOCK_CHILD", action)
        .env("ZHUCUN_LOCK_DB", db)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let result = text.split("RESULT ").nth(1).and_then(|r| r.lines().next()).unwrap_or("").to_string();
    (out.status.success(), result)
}

/// Not a test of its own: the body of the child process (does nothing when run normally).
#[test]
fn child_action() {
    let (Some(action), Some(db)) = (std::env::var_os("ZHUCUN_LOCK_CHILD"), std::env::var_os("ZHUCUN_LOCK_DB")) else {
        return;
    };
    let db = Path::new(&db);
    let result = match action.to_str().unwrap() {
        "sqlite-write" => {
            let c = Connection::open(db).unwrap();
            // What every process of ours does on open.
            c.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).unwrap();
            c.execute("INSERT INTO t VALUES (2)", []).unwrap();
            match c.close() {
                Ok(()) => "ok".to_string(),
                Err((_, e)) => format!("close failed: {e}"),
            }
        }
        "sqlite-count" => {
            let c = Connection::open(db).unwrap();
            let n: i64 = c.query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
            n.to_string()
        }
        "store-open" => match Store::open(db) {
            Ok(_) => "opened".to_string(),
            Err(e) => format!("{}|{}", e.code(), e.message_zh()),
        },
        "store-open-exclusive" => match Store::open_exclusive(db) {
            Ok(_) => "opened".to_string(),
            Err(e) => format!("{}|{}", e.code(), e.message_zh()),
        },
        other => panic!("unknown child action {other}"),
    };
    println!("RESULT {result}");
}

fn wal(db: &Path) -> std::path::PathBuf {
    db.with_file_name(format!("{}-wal", db.file_name().unwrap().to_str().unwrap()))
}

/// What a file dialog showing the database's folder does: open and close every file it lists
/// (`zhucun.db`, `-wal`, `-shm`) to sniff its type.
fn stray_close_all(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let p = db.with_file_name(format!("{}{suffix}", db.file_name().unwrap().to_str().unwrap()));
        if let Ok(f) = std::fs::File::open(&p) {
            let mut b = [0u8; 16];
            let _ = std::io::Read::read(&mut &f, &mut b);
        }
    }
}

/// The cause of issue 9 item 0, for certain: descriptors of the database's files opened and closed by
/// any code in a process (here: us, as the file dialog did) drop that process's SQLite locks (POSIX
/// locks belong to the process and go with any close); another process then believes it is the only
/// user, and on close checkpoints and deletes the WAL and shared memory; what the first process
/// commits afterwards goes into a deleted file that nobody else ever sees.
#[test]
fn a_stray_close_drops_sqlite_locks() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plain.db");
    let a = Connection::open(&db).unwrap();
    a.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)).unwrap();
    a.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);").unwrap();
    assert!(wal(&db).exists());

    stray_close_all(&db);
    let (ok, _) = child("sqlite-write", &db);
    assert!(ok);
    assert!(!wal(&db).exists(), "the other process deleted the WAL while this connection was still open");

    a.execute("INSERT INTO t VALUES (3)", []).unwrap();
    let (_, seen) = child("sqlite-count", &db);
    assert_eq!(seen, "2", "the row committed after the stray close is invisible to everyone else: saved work that will be lost");
}

/// The same accident with the store: while a process holds the database as the app does, a stray
/// close in it changes nothing for anyone, because no other process gets in to delete the WAL.
#[test]
fn the_app_lock_survives_a_stray_close() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhucun.db");
    let store = Store::open_exclusive(&db).unwrap();
    store.read().execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1);").unwrap();
    stray_close_all(&db);

    let (_, answer) = child("store-open", &db);
    assert!(answer.starts_with("db.in_use_by_app|驻村工作台正在使用这个数据库"), "a command is told plainly: {answer}");
    let (_, answer) = child("store-open-exclusive", &db);
    assert!(answer.starts_with("db.in_use_by_app|"), "a second window is refused too: {answer}");
    assert!(wal(&db).exists(), "nobody deleted the WAL");

    store.read().execute("INSERT INTO t VALUES (2)", []).unwrap();
    drop(store);
    let (_, answer) = child("store-open", &db);
    assert_eq!(answer, "opened", "once the app is closed, commands open the database again");
    let n: i64 = Connection::open(&db).unwrap().query_row("SELECT count(*) FROM t", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 2, "everything the app saved is in the file");
}

/// Commands share the database with each other (and with the county server), but not with the app;
/// the app waits for a short command instead of failing at once.
#[test]
fn commands_share_and_the_app_is_told_who_has_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("zhucun.db");
    let cli = Store::open(&db).unwrap();
    let (_, answer) = child("store-open", &db);
    assert_eq!(answer, "opened", "two commands at once are fine");
    let t = std::time::Instant::now();
    let (_, answer) = child("store-open-exclusive", &db);
    assert!(answer.starts_with("db.in_use|"), "the app names a command as the holder: {answer}");
    assert!(t.elapsed() >= zhucun_store::lock::WAIT, "the app waited for the command to finish first");
    drop(cli);
    let (_, answer) = child("store-open-exclusive", &db);
    assert_eq!(answer, "opened");
    let e = StoreError::InUse { path: "x".into(), by_app: true };
    assert_eq!(e.code(), "db.in_use_by_app");
}

/// The database, its WAL and shared-memory files and the lock hold secret keys and full ID numbers:
/// owner only, also for a database an older version left readable to everyone.
#[test]
fn database_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sub").join("zhucun.db");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let files = |db: &Path| {
        ["", "-wal", "-shm", "-lock"].map(|s| db.with_file_name(format!("zhucun.db{s}")))
    };
    {
        let _s = Store::open(&db).unwrap();
        for f in files(&db) {
            assert_eq!(mode(&f), 0o600, "{} is created owner-only", f.display());
        }
        assert_eq!(mode(db.parent().unwrap()), 0o700, "a folder made for the database is the owner's");
    }
    for f in files(&db) {
        if f.exists() {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let _s = Store::open(&db).unwrap();
    for f in files(&db) {
        assert_eq!(mode(&f), 0o600, "{} is made owner-only again on open", f.display());
    }
}

/// The sync history is bounded: a stream of refused requests cannot grow the county's database
/// without end, and a long message is cut.
#[test]
fn the_sync_history_is_bounded() {
    use zhucun_store::sync::{add_event, events, SyncEvent, EVENTS_KEPT};
    let store = Store::open_in_memory().unwrap();
    let e = |i: i64| SyncEvent { at: format!("{i}"), kind: "refused".into(), peer: None, file: None, ok: false, changes: 0, message: "长".repeat(5000) };
    for i in 0..EVENTS_KEPT + 250 {
        add_event(store.read(), &e(i)).unwrap();
    }
    let n: i64 = store.read().query_row("SELECT count(*) FROM sync_event", [], |r| r.get(0)).unwrap();
    assert!(n <= EVENTS_KEPT + 100, "{n} entries kept");
    let newest = &events(store.read(), 1).unwrap()[0];
    assert_eq!(newest.at, format!("{}", EVENTS_KEPT + 249), "the newest stay");
    assert!(newest.message.chars().count() <= 2001, "a long message is cut");
}
