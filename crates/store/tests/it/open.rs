use rusqlite::Connection;
use zhucun_store::{Store, Table, Value, SCHEMA_VERSION};

#[test]
fn new_database_is_wal_with_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/zhucun.db");
    let store = Store::open(&path).expect("creates the folder and the file");
    let mode: String = store.read().query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal", "WAL keeps readers and the writer apart");
    let fk: i64 = store.read().query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
    assert_eq!(fk, 1, "foreign keys must be enforced");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn database_newer_than_the_app_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Store::open(&path).unwrap());
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 5).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("a newer schema must be refused");
    assert_eq!(err.code(), "db.too_new");
    assert!(err.message_zh().contains("请升级"), "the message tells the user to upgrade: {}", err.message_zh());
    assert_eq!(std::fs::read(&path).unwrap(), before, "refusing must not change the file");
}

#[test]
fn a_file_that_is_not_a_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roster.xlsx");
    std::fs::write(&path, b"PK\x03\x04 this is a zip, not SQLite, and it is long enough to have a header....................................").unwrap();
    let err = Store::open(&path).err().expect("not SQLite");
    assert_eq!(err.code(), "db.not_database");
}

#[test]
fn upgrading_a_version_1_database_keeps_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let old = Store::open_at_version(&path, 1).unwrap();
        old.read()
            .execute_batch(
                "INSERT INTO division (id, level, name) VALUES ('c', '县', '绥宁县');
                 INSERT INTO division (id, level, parent_id, name) VALUES ('t', '乡镇', 'c', '武阳镇');
                 INSERT INTO division (id, level, parent_id, name) VALUES ('v', '村', 't', '青坡村');
                 INSERT INTO division (id, level, parent_id, name) VALUES ('g', '组', 'v', '1组');
                 INSERT INTO household (id, number, village_id, group_id, category) VALUES ('h', '43052700001', 'v', 'g', '脱贫户');",
            )
            .unwrap();
        assert_eq!(old.schema_version().unwrap(), 1);
    }
    let mut store = Store::open(&path).expect("upgrade to the latest schema");
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let n: String = store.read().query_row("SELECT number FROM household WHERE id = 'h'", [], |r| r.get(0)).unwrap();
    assert_eq!(n, "43052700001", "rows written under version 1 survive the upgrade");
    // The tables of version 2 work on the upgraded file.
    let mut w = store.write().unwrap();
    w.update(Table::Household, "h", &[("phone", Value::Text("13812345678".into()))]).unwrap();
    w.commit().unwrap();
    let logged: i64 = store.read().query_row("SELECT count(*) FROM sync_change WHERE row_id = 'h'", [], |r| r.get(0)).unwrap();
    assert_eq!(logged, 2, "the row written before sync became this device's insert change, and the edit after the upgrade is logged");
    let seqs: Vec<i64> = store.read().prepare("SELECT seq FROM sync_change ORDER BY seq").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>(), "sequence numbers are contiguous from 1");
}

#[test]
fn the_column_lists_in_code_match_the_schema() {
    let store = Store::open_in_memory().unwrap();
    for t in Table::ALL {
        let mut stmt = store.read().prepare(&format!("PRAGMA table_info({})", t.name())).unwrap();
        let cols: Vec<String> = stmt.query_map([], |r| r.get::<_, String>(1)).unwrap().map(|r| r.unwrap()).filter(|c| c != t.key()).collect();
        assert_eq!(cols, t.columns(), "columns of {}", t.name());
    }
}

#[test]
fn a_dropped_writer_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    {
        let mut w = store.write().unwrap();
        w.insert(Table::Cadre, "x", &[("name", Value::Text("张三".into()))]).unwrap();
        // Dropped without commit, as when an error returns early.
    }
    let n: i64 = store.read().query_row("SELECT count(*) FROM cadre", [], |r| r.get(0)).unwrap();
    let logged: i64 = store.read().query_row("SELECT count(*) FROM sync_change", [], |r| r.get(0)).unwrap();
    assert_eq!((n, logged), (0, 0), "row and change log roll back together");
}

#[test]
fn integrity_check_of_a_healthy_file_is_empty() {
    let store = Store::open_in_memory().unwrap();
    assert!(store.check_integrity().unwrap().is_empty());
}

#[test]
fn a_log_written_before_version_6_has_no_day_of_writing_and_new_ones_do() {
    use chrono::NaiveDate;
    use zhucun_domain::worklog::LogStatus;
    use zhucun_store::worklog as wl;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let old = Store::open_at_version(&path, 5).unwrap();
        old.read()
            .execute_batch("INSERT INTO work_log (id, member_id, date, status, content) VALUES ('l1', 'm', '2024-09-10', '在村', '走访农户');")
            .unwrap();
    }
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let mut store = Store::open(&path).expect("upgrade from version 5");
    assert_eq!(store.schema_version().unwrap(), zhucun_store::SCHEMA_VERSION);
    let old = wl::logs(store.read(), Some("m"), d("2024-09-10"), d("2024-09-10")).unwrap();
    assert_eq!(old[0].created_at, None, "unknown, never marked as back-filled");
    let mut w = store.write().unwrap();
    w.conn()
        .execute_batch(
            "INSERT INTO division (id, level, name) VALUES ('v', '村', '青坡村');
             INSERT INTO cadre (id, name) VALUES ('c', '周建国');
             INSERT INTO team (id, village_id) VALUES ('t', 'v');
             INSERT INTO team_member (id, team_id, cadre_id, role, from_date) VALUES ('m', 't', 'c', '队员', '2024-01-01');",
        )
        .unwrap();
    let input = |date| wl::LogInput { member_id: "m", date, status: LogStatus::InVillage, night: false, content: "走访农户", categories: &[] };
    // A new log keeps the day it was written; editing one keeps it too (set on insert only).
    wl::set_log_written(&mut w, &input(d("2024-09-11")), Some(d("2024-09-18"))).unwrap();
    wl::set_log_written(&mut w, &wl::LogInput { content: "走访三组农户", ..input(d("2024-09-11")) }, Some(d("2024-09-30"))).unwrap();
    wl::set_log_written(&mut w, &wl::LogInput { content: "走访三组农户", ..input(d("2024-09-10")) }, Some(d("2024-09-30"))).unwrap();
    w.commit().unwrap();
    let rows = wl::logs(store.read(), Some("m"), d("2024-09-10"), d("2024-09-11")).unwrap();
    let created: Vec<Option<&str>> = rows.iter().map(|r| r.created_at.as_deref()).collect();
    assert_eq!(created, [None, Some("2024-09-18")]);
    assert_eq!(rows[1].content, "走访三组农户");
    // The previous log of a day is the latest before it.
    assert_eq!(wl::previous_log(store.read(), "m", d("2024-09-12")).unwrap().unwrap().date, "2024-09-11");
    assert_eq!(wl::previous_log(store.read(), "m", d("2024-09-10")).unwrap(), None);
}
