//! A copied or restored laptop database takes a new device identity ("fork").
//!
//! A device's changes are numbered 1, 2, 3, … and the county keeps, per device, how far it has them.
//! A byte copy of a laptop database (or an older copy put back) would number its next changes with
//! numbers the county already holds for other content, and the county would drop them as already
//! had. So when a replica finds it is a copy — its file is not the file it was (`file_id`), the
//! county acknowledges more of its changes than it ever wrote, or the county says the identity
//! diverged — it forks: a new device id; the changes the county had confirmed stay under the old id
//! (as received from it), every later one is renumbered under the new id and sent again; the field
//! versions and tombstones they wrote follow. The keys stay, so the county recognises the new id as
//! the same laptop's (the bundle names the identities it had). The county then sends back whatever
//! the old identity wrote after the confirmed point that this copy lacks. Nothing is lost; at worst
//! a change reaches the county twice, under two ids, with the same values.

use super::{ack, device, Role};
use crate::error::Result;
use crate::writer::Writer;
use rusqlite::{params, OptionalExtension};

/// What a fork did, for the 同步 history and the user.
#[derive(Clone, Debug)]
pub struct Fork {
    pub old_id: String,
    pub new_id: String,
    /// Changes the county had confirmed (kept under the old id).
    pub confirmed: i64,
    /// Changes renumbered under the new id, to be sent again.
    pub resent: i64,
}

/// Why a replica forked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForkReason {
    /// The database file is a different file from the one last opened (a copy or a restore).
    NewFile,
    /// The county holds more of this device's changes than this database ever wrote (an older copy).
    AheadAtCounty,
    /// The county received other content under this device's numbers (another copy is in use).
    Diverged,
}

impl ForkReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ForkReason::NewFile => "new_file",
            ForkReason::AheadAtCounty => "ahead_at_county",
            ForkReason::Diverged => "diverged",
        }
    }

    pub fn message_zh(self) -> &'static str {
        match self {
            ForkReason::NewFile => "这个数据库是从别处复制或从备份恢复来的",
            ForkReason::AheadAtCounty => "县里收到过本机更新的记录，这个数据库是较早的副本或备份",
            ForkReason::Diverged => "县里发现另一台电脑在用同一个数据库的副本",
        }
    }
}

/// The identities this replica had before the current one (oldest first).
pub fn ancestors(conn: &rusqlite::Connection) -> Result<Vec<(String, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT origin, upto FROM sync_fork ORDER BY at, origin")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl Writer<'_> {
    /// Take a new device identity (see the module doc). Only a laptop bound to a county forks: a
    /// laptop working alone has nobody to confuse, and the county's own database is its own.
    pub fn fork_device(&mut self, reason: ForkReason) -> Result<Option<Fork>> {
        let me = device(&self.tx)?;
        let Some(county) = me.county_id.clone() else { return Ok(None) };
        if me.role != Role::Laptop {
            return Ok(None);
        }
        let old = me.id.clone();
        let confirmed = ack(&self.tx, &county, &old)?.min(self.clock.next_seq - 1).max(0);
        let new: String = self.tx.query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
        let tx = &self.tx;
        // What the county confirmed stays under the old identity, as changes received from it.
        tx.execute(
            "INSERT OR IGNORE INTO sync_relay (origin, seq, hlc, tbl, row_id, op, scope, fields)
             SELECT ?1, seq, hlc, tbl, row_id, op, scope, fields FROM sync_change WHERE seq <= ?2",
            params![old, confirmed],
        )?;
        tx.execute("DELETE FROM sync_change WHERE seq <= ?1", [confirmed])?;
        // The rest is renumbered under the new identity from 1, with the field versions and
        // tombstones it wrote.
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS fork_change AS SELECT * FROM sync_change WHERE 0")?;
        tx.execute("DELETE FROM temp.fork_change", [])?;
        tx.execute("INSERT INTO temp.fork_change SELECT seq - ?1, hlc, tbl, row_id, op, scope, fields FROM sync_change", [confirmed])?;
        tx.execute(
            "UPDATE sync_field SET origin = ?2 WHERE origin = ?1 AND EXISTS
             (SELECT 1 FROM temp.fork_change c WHERE c.tbl = sync_field.tbl AND c.row_id = sync_field.row_id AND c.hlc = sync_field.hlc)",
            params![old, new],
        )?;
        tx.execute(
            "UPDATE sync_tombstone SET origin = ?2, seq = seq - ?3 WHERE origin = ?1 AND seq > ?3",
            params![old, new, confirmed],
        )?;
        tx.execute("DELETE FROM sync_change", [])?;
        tx.execute("INSERT INTO sync_change SELECT * FROM temp.fork_change", [])?;
        let resent: i64 = tx.query_row("SELECT count(*) FROM temp.fork_change", [], |r| r.get(0))?;
        tx.execute("DELETE FROM temp.fork_change", [])?;
        // This replica has the old identity's changes up to the confirmed point; the county sends the
        // rest of what it holds of it.
        tx.execute(
            "INSERT INTO sync_received (origin, upto) VALUES (?1, ?2) ON CONFLICT (origin) DO UPDATE SET upto = excluded.upto",
            params![old, confirmed],
        )?;
        tx.execute("DELETE FROM sync_ack WHERE origin = ?1", [&old])?;
        tx.execute(
            "INSERT OR REPLACE INTO sync_fork (origin, upto, at, reason) VALUES (?1, ?2, ?3, ?4)",
            params![old, confirmed, self.at(), reason.as_str()],
        )?;
        let next = self.clock.next_seq - confirmed;
        tx.execute("UPDATE sync_device SET id = ?1, next_seq = ?2", params![new, next])?;
        self.clock.origin = new.clone();
        self.clock.next_seq = next;
        Ok(Some(Fork { old_id: old, new_id: new, confirmed, resent }))
    }

    /// Laptop, on a bundle from the county: fork when the county holds more of this identity's
    /// changes than this database ever wrote (an older copy was put back).
    pub fn fork_if_behind(&mut self, county_vector: &[(String, i64)]) -> Result<Option<Fork>> {
        let me = device(&self.tx)?;
        let written = self.clock.next_seq - 1;
        match county_vector.iter().find(|(o, _)| *o == me.id) {
            Some((_, upto)) if *upto > written => self.fork_device(ForkReason::AheadAtCounty),
            _ => Ok(None),
        }
    }

    /// Laptop, on a bundle from the county naming the last change it holds of this identity: fork
    /// when this database has no such change, or another one under that number (a copy, or an
    /// older copy put back that has since written other changes under the same numbers).
    pub fn fork_if_not_mine(&mut self, seq: i64, hlc: i64, county_vector: &[(String, i64)]) -> Result<Option<Fork>> {
        let mine: Option<i64> = self.tx.prepare_cached("SELECT hlc FROM sync_change WHERE seq = ?1")?.query_row([seq], |r| r.get(0)).optional()?;
        let confirmed_here = {
            let me = device(&self.tx)?;
            me.county_id.as_deref().map(|c| ack(&self.tx, c, &me.id)).transpose()?.unwrap_or(0)
        };
        match mine {
            Some(h) if h == hlc => self.fork_if_behind(county_vector),
            // Below what the county had confirmed here, the change was moved out of the own log
            // (nothing to compare); above it, a missing or other change means a copy.
            None if seq <= confirmed_here => self.fork_if_behind(county_vector),
            _ => self.fork_device(ForkReason::Diverged),
        }
    }

    /// Record the file the database is now (`dev:inode`); when it was another file, fork first.
    pub fn check_file_identity(&mut self, file_id: &str) -> Result<Option<Fork>> {
        let stored: Option<String> = self.tx.query_row("SELECT file_id FROM sync_device", [], |r| r.get(0))?;
        if stored.as_deref() == Some(file_id) {
            return Ok(None);
        }
        let fork = match stored {
            Some(_) => self.fork_device(ForkReason::NewFile)?,
            None => None,
        };
        self.tx.execute("UPDATE sync_device SET file_id = ?1", [file_id])?;
        Ok(fork)
    }
}

/// Tell the user, in the 同步 history, that this replica took a new identity and why.
pub fn record_fork(conn: &rusqlite::Connection, fork: &Fork, reason: ForkReason) -> Result<()> {
    let message = format!(
        "{}。本机已改用新的设备编号 {}（原编号 {}）：县里已确认的 {} 条记录保留，{} 条尚未确认的记录将重新发送；县里有而本机没有的记录会在下次同步时发回本机。没有记录丢失。",
        reason.message_zh(),
        &fork.new_id[..8.min(fork.new_id.len())],
        &fork.old_id[..8.min(fork.old_id.len())],
        fork.confirmed,
        fork.resent
    );
    super::add_event(
        conn,
        &super::SyncEvent {
            at: chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            kind: "fork".into(),
            peer: None,
            file: None,
            ok: true,
            changes: fork.resent,
            message,
        },
    )
}
