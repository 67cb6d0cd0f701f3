//! Opening the database: pragmas, the schema version check, migrations, and the read/write handles.

use crate::error::{Result, StoreError};
use crate::lock::{Access, DbLock};
use crate::schema::MIGRATIONS;
use crate::writer::Writer;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The database of one laptop (or server): one SQLite file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Added to the wall clock for this store's clock stamps: tests simulate laptops whose clocks are
    /// wrong by up to a year.
    clock_skew_ms: i64,
    /// The database's own lock (see `lock.rs`). Declared after `conn`, so it is released only once
    /// the connection is closed.
    _lock: Option<DbLock>,
    /// Inside [`Store::batch`]: writers take savepoints of the batch's transaction.
    in_batch: bool,
}

/// Does the file system holding `path` keep a file's inode number for as long as the file exists?
/// (Only those listed, by their `statfs` magic: ext2/3/4, XFS, Btrfs, F2FS, ZFS, tmpfs, overlayfs.)
fn stable_inodes(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: a valid C string and a zeroed out-parameter of the right type; statfs reads the path only.
    if unsafe { libc::statfs(c.as_ptr(), &mut st) } != 0 {
        return false;
    }
    const STABLE: [i64; 7] = [0xEF53, 0x5846_5342, 0x9123_683E, 0xF2F5_2010, 0x2FC1_2FC1, 0x0102_1994, 0x794C_7630];
    STABLE.contains(&(st.f_type as i64))
}

/// The files SQLite keeps beside a database, and our lock: all readable by the owner only.
fn companions(path: &Path) -> [PathBuf; 4] {
    let with = |suffix: &str| {
        let mut s = path.as_os_str().to_os_string();
        s.push(suffix);
        PathBuf::from(s)
    };
    [path.to_path_buf(), with("-wal"), with("-shm"), crate::lock::lock_path(path)]
}

/// Owner-only modes on the database and its companions. Uses paths only (chmod), never a descriptor
/// of the database, which would drop SQLite's locks in this process.
fn make_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    for p in companions(path) {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_file() && m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                    .map_err(|source| StoreError::CreateDir { path: p.display().to_string(), source })?;
            }
            _ => {}
        }
    }
    Ok(())
}

impl Store {
    /// Open (creating if needed) and bring the schema up to date, as the CLI and the county server
    /// do: beside other commands, never while the desktop app has the database (then
    /// [`StoreError::InUse`]). A database made by a newer app is refused untouched.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, Access::Shared)
    }

    /// Open as the desktop app does: the only process on this database until it closes (a second
    /// window or a command is told the database is in use).
    pub fn open_exclusive(path: &Path) -> Result<Store> {
        Self::open_with(path, Access::Exclusive)
    }

    fn open_with(path: &Path, access: Access) -> Result<Store> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() && !dir.exists() {
                // A folder we make for the database is the owner's alone.
                std::fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(dir)
                    .map_err(|source| StoreError::CreateDir { path: path.display().to_string(), source })?;
            }
        }
        let wait = match access {
            Access::Exclusive => crate::lock::WAIT,
            Access::Shared => std::time::Duration::from_secs(1),
        };
        let lock = DbLock::acquire(path, access, wait)?;
        // A new database file is created owner-only before SQLite opens it (SQLite gives its WAL and
        // shared-memory files the database's mode). No connection is open yet, so this descriptor
        // cannot drop anyone's locks; an existing file is left alone here.
        match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
            Ok(f) => drop(f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(StoreError::CreateDir { path: path.display().to_string(), source }),
        }
        make_private(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        let mut store = Self::init(conn, path.to_path_buf())?;
        // The WAL and shared-memory files exist now; older versions made them world-readable.
        make_private(path)?;
        store._lock = Some(lock);
        store.check_file_identity()?;
        Ok(store)
    }

    /// Open an existing database without creating or migrating it (for `doctor`).
    pub fn open_existing(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::NotFound { what: format!("数据库文件 {}", path.display()) });
        }
        Self::open(path)
    }

    /// A private in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::init(Connection::open_in_memory()?, PathBuf::from(":memory:"))
    }

    fn init(conn: Connection, path: PathBuf) -> Result<Store> {
        let not_db = |_| StoreError::NotADatabase { path: path.display().to_string() };
        // Reading the header is the first thing that fails on a file that is not SQLite.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(not_db)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { found: version, supported: SCHEMA_VERSION });
        }
        if version == 0 {
            let tables: i64 = conn
                .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |r| r.get(0))
                .map_err(not_db)?;
            if tables > 0 {
                return Err(StoreError::NotADatabase { path: path.display().to_string() });
            }
        }
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "busy_timeout", 5000)?;
        conn.pragma_update(None, "cache_size", -65536)?;
        if path.as_os_str() != ":memory:" {
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        let mut store = Store { conn, path, clock_skew_ms: 0, _lock: None, in_batch: false };
        store.migrate(SCHEMA_VERSION)?;
        Ok(store)
    }

    /// Apply migrations up to `target` (tests use a lower target to build an old database).
    pub fn migrate(&mut self, target: i64) -> Result<()> {
        let current: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for version in current + 1..=target.min(SCHEMA_VERSION) {
            let sql = MIGRATIONS[(version - 1) as usize];
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql).map_err(|source| StoreError::Migration { version, source })?;
            tx.pragma_update(None, "user_version", version)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Open and migrate only up to `target`: builds the databases that upgrade tests start from.
    pub fn open_at_version(path: &Path, target: i64) -> Result<Store> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open { path: path.display().to_string(), source })?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut store = Store { conn, path: path.to_path_buf(), clock_skew_ms: 0, _lock: None, in_batch: false };
        store.migrate(target)?;
        Ok(store)
    }

    /// A database file that is not the file this replica was last opened as is a byte copy or a
    /// restored backup: an enrolled laptop then takes a new device identity, so that nothing it
    /// writes reuses sequence numbers the county already holds (`sync::fork`). The identity is read
    /// with stat on the path, never through a descriptor of the database.
    fn check_file_identity(&mut self) -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        if !stable_inodes(&self.path) {
            // FAT, exFAT, NTFS through FUSE, network shares: inode numbers there are made up per
            // mount, so they say nothing; the county's signs still catch a copy.
            return Ok(());
        }
        let meta = std::fs::metadata(&self.path).map_err(|source| StoreError::CreateDir { path: self.path.display().to_string(), source })?;
        // The inode alone: the device number changes with the order disks are found in.
        let file_id = format!("ino:{}", meta.ino());
        let stored: Option<String> = self.conn.query_row("SELECT file_id FROM sync_device", [], |r| r.get(0))?;
        if stored.as_deref() == Some(file_id.as_str()) {
            return Ok(());
        }
        let mut w = self.write()?;
        let fork = w.check_file_identity(&file_id)?;
        if let Some(f) = &fork {
            crate::sync::record_fork(w.conn(), f, crate::sync::ForkReason::NewFile)?;
        }
        w.commit()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// A read handle: queries only.
    pub fn read(&self) -> &Connection {
        &self.conn
    }

    /// A write handle: one transaction, committed by `Writer::commit`, rolled back when dropped.
    pub fn write(&mut self) -> Result<Writer<'_>> {
        if self.in_batch && self.conn.is_autocommit() {
            // SQLite ended the batch's transaction by itself (a full disk, say): a savepoint now
            // would start a new transaction and commit part of the batch.
            return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ABORT),
                Some("the batch's transaction was rolled back".into()),
            )));
        }
        Writer::begin(&mut self.conn, self.clock_skew_ms, self.in_batch)
    }

    /// Run several use cases as one transaction: every writer inside `f` commits into it, and an
    /// error (or a kill) anywhere leaves the database as it was before. (Loading the demo village
    /// writes the roster and then the team: never one without the other.)
    pub fn batch<T, E: From<StoreError>>(&mut self, f: impl FnOnce(&mut Store) -> std::result::Result<T, E>) -> std::result::Result<T, E> {
        if self.in_batch {
            return f(self);
        }
        self.conn.execute_batch("BEGIN IMMEDIATE").map_err(StoreError::from)?;
        // Should `f` panic, the guard rolls the batch back and ends batch mode: nothing half-done is
        // committed later by an unrelated writer.
        struct Guard<'s>(&'s mut Store);
        impl Drop for Guard<'_> {
            fn drop(&mut self) {
                if self.0.in_batch {
                    self.0.in_batch = false;
                    let _ = self.0.conn.execute_batch("ROLLBACK");
                }
            }
        }
        self.in_batch = true;
        let guard = Guard(self);
        let result = f(&mut *guard.0);
        guard.0.in_batch = false;
        let this = &mut *guard.0;
        match result {
            Ok(v) => {
                if let Err(e) = this.conn.execute_batch("COMMIT") {
                    let _ = this.conn.execute_batch("ROLLBACK");
                    return Err(StoreError::from(e).into());
                }
                Ok(v)
            }
            Err(e) => {
                let _ = this.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Pretend this device's clock is off by `ms` (tests of wrong laptop clocks).
    pub fn set_clock_skew_ms(&mut self, ms: i64) {
        self.clock_skew_ms = ms;
    }

    /// `PRAGMA integrity_check` and `foreign_key_check`: an empty list means healthy.
    pub fn check_integrity(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let fk = stmt.query_map([], |r| Ok(format!("外键错误：{} 表第 {} 行", r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in fk {
            problems.push(row?);
        }
        Ok(problems)
    }
}
