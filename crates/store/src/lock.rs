//! One lock per database that no stray descriptor can drop.
//!
//! SQLite's own locks are POSIX advisory locks, which belong to the process and are all released
//! when *any* descriptor of the database file is closed in that process, even one SQLite never saw.
//! The desktop app hosts code we do not control (the toolkit's file dialog opens and closes files it
//! lists to sniff their type), so while the dialog shows the database's folder the app's locks can
//! vanish; another process that opens and closes the database then sees itself as the last user,
//! checkpoints and deletes the WAL and shared-memory files from under the app, and everything the app
//! saves afterwards is lost (SQLite's "How To Corrupt" §2.2). The test
//! `a_stray_close_drops_sqlite_locks` shows it happening.
//!
//! So every process of ours holds a lock of its own on `<database>-lock` for as long as its
//! connection is open: `flock(2)`, which belongs to the open file description and is not released by
//! closing some other descriptor. The desktop app takes it exclusively (nobody else may open the
//! database while a window has it); the CLI and the county server take it shared (they host no
//! foreign code, so SQLite's own locking between them stays sound) and are told plainly when the app
//! has the database.

use crate::error::{Result, StoreError};
use std::fs::{File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::os::unix::io::AsRawFd;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How a process uses the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// The desktop app: the only process on this database while it runs.
    Exclusive,
    /// The CLI and the county server: any number together, never beside the app.
    Shared,
}

/// Held for as long as the store's connection is open; released when dropped (or when the process
/// ends, however it ends).
#[derive(Debug)]
pub struct DbLock {
    _file: File,
}

/// `<database>-lock`, beside the `-wal` and `-shm` files SQLite keeps.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_os_string();
    s.push("-lock");
    PathBuf::from(s)
}

fn try_flock(file: &File, op: libc::c_int) -> std::io::Result<bool> {
    // SAFETY: flock on a descriptor we own; no memory is passed.
    let r = unsafe { libc::flock(file.as_raw_fd(), op | libc::LOCK_NB) };
    if r == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EWOULDBLOCK) => Ok(false),
        Some(libc::EINTR) => Ok(false),
        _ => Err(e),
    }
}

/// How long an opener waits for another process of ours to finish before it says the database is
/// in use: long enough for a CLI command, short enough that nobody waits on a window left open.
pub const WAIT: Duration = Duration::from_secs(5);

impl DbLock {
    /// Take the database's lock, waiting up to `wait` for a short holder to finish.
    pub fn acquire(db: &Path, access: Access, wait: Duration) -> Result<DbLock> {
        let path = lock_path(db);
        let shown = db.display().to_string();
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&path)
            .map_err(|source| StoreError::CreateDir { path: path.display().to_string(), source })?;
        let op = match access {
            Access::Exclusive => libc::LOCK_EX,
            Access::Shared => libc::LOCK_SH,
        };
        let start = Instant::now();
        loop {
            let got = try_flock(&file, op).map_err(|source| StoreError::CreateDir { path: path.display().to_string(), source })?;
            if got {
                return Ok(DbLock { _file: file });
            }
            if start.elapsed() >= wait {
                // Who has it? If a shared lock can be had, the holders are shared ones (commands);
                // otherwise the app has it.
                let by_app = match access {
                    Access::Shared => true,
                    Access::Exclusive => {
                        let probe = OpenOptions::new().read(true).open(&path).ok();
                        !probe.is_some_and(|f| try_flock(&f, libc::LOCK_SH).unwrap_or(false))
                    }
                };
                return Err(StoreError::InUse { path: shown, by_app });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
