//! Emptying a laptop that holds only the demo village (演示数据) before its real use: every record
//! goes in one transaction, outside the change log, so nothing of the demo is ever sent to the county.
//!
//! Why a reset in place rather than a new database file: the app holds the database's lock
//! (`lock.rs`) and its one connection for as long as it runs; swapping the file under that connection
//! would mean closing it, renaming files while the lock is held and reopening, with a moment where the
//! window has no database and a crash in between could leave a stale WAL beside a new file. One
//! `IMMEDIATE` transaction is all or nothing by SQLite's own guarantee, needs no file of ours, and keeps
//! the lock as it is. It deletes from every table but the device's own row (so a table added later
//! is emptied too, with no list to keep up), and the device takes a new identity with its sequence
//! numbers from 1, as a new laptop would: the county has never heard of it, and no change record of
//! the demo is left to send. A VACUUM afterwards leaves no demo row in the file's free pages.

use crate::error::{Result, StoreError};
use crate::Store;
use rusqlite::Connection;

/// What the database holds, for deciding whether it is demo data only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportHistory {
    /// Roster imports made by loading the demo village (their file name is 演示数据（…）).
    pub demo: u32,
    /// Every other roster import (a county file).
    pub other: u32,
}

/// The name the demo import is recorded under begins with this.
pub const DEMO_IMPORT_PREFIX: &str = "演示数据（";

pub fn import_history(conn: &Connection) -> Result<ImportHistory> {
    Ok(conn.query_row(
        "SELECT count(*) FILTER (WHERE substr(file_name, 1, ?1) = ?2), count(*) FILTER (WHERE substr(file_name, 1, ?1) <> ?2)
         FROM roster_import",
        rusqlite::params![DEMO_IMPORT_PREFIX.chars().count() as i64, DEMO_IMPORT_PREFIX],
        |r| Ok(ImportHistory { demo: r.get(0)?, other: r.get(1)? }),
    )?)
}

impl Store {
    /// Delete every record (roster, team, logs, leave, meetings, parameters, sync history and change
    /// log) in one transaction that makes no change record, and give the device a new identity. The
    /// caller decides that the data may go (`zhucun_core::demo_reset` allows it only for demo data on
    /// a laptop not enrolled).
    pub fn reset_to_empty(&mut self) -> Result<()> {
        let conn = self.read();
        if !conn.is_autocommit() {
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_MISUSE),
                Some("reset inside a transaction".into()),
            )));
        }
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'sync_device' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let run = || -> Result<()> {
            // Rows refer to each other (persons to households, logs to members): the keys are checked
            // at the end, when nothing is left.
            conn.execute_batch("PRAGMA defer_foreign_keys = ON")?;
            for t in &tables {
                conn.execute(&format!("DELETE FROM \"{}\"", t.replace('"', "\"\"")), [])?;
            }
            conn.execute(
                "UPDATE sync_device SET id = lower(hex(randomblob(16))), next_seq = 1, village_id = NULL, team_id = NULL",
                [],
            )?;
            Ok(())
        };
        match run() {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
        // Best effort: the data is gone either way; this only returns its pages to the file system.
        let _ = conn.execute_batch("VACUUM");
        Ok(())
    }
}

/// What a database holds, as the 清除演示数据 step lists it before asking.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct Contents {
    pub villages: u32,
    pub households: u32,
    pub persons: u32,
    pub members: u32,
    pub logs: u32,
    pub leaves: u32,
    pub meetings: u32,
}

pub fn contents(conn: &Connection) -> Result<Contents> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM division WHERE level = '村'), (SELECT count(*) FROM household),
                (SELECT count(*) FROM person WHERE left_on IS NULL), (SELECT count(*) FROM team_member),
                (SELECT count(*) FROM work_log), (SELECT count(*) FROM leave_request), (SELECT count(*) FROM meeting)",
        [],
        |r| {
            Ok(Contents {
                villages: r.get(0)?,
                households: r.get(1)?,
                persons: r.get(2)?,
                members: r.get(3)?,
                logs: r.get(4)?,
                leaves: r.get(5)?,
                meetings: r.get(6)?,
            })
        },
    )?)
}
