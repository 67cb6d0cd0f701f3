//! `同步隔离/`: what is kept of a refused bundle, beside the database. A file framed as a bundle is
//! kept whole (it may be a newer app's, to import after an upgrade); anything else, and every HTTP
//! body, only as a short note. Private files under names that cannot collide, and the folder bounded
//! in files and bytes, the oldest dropped: no stream of bad files or requests can fill a disk.

use crate::bundle;
use crate::error::{excerpt, SyncError};
use crate::ops::{event, now};
use std::path::{Path, PathBuf};
use zhucun_store::Store;

/// What the quarantine keeps of a refused file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The file whole when it is framed as a bundle within [`bundle::MAX_BUNDLE`] (a cut, damaged,
    /// misaddressed or newer bundle worth inspecting), else a short note.
    WholeIfFramed,
    /// Only a short note, whatever it is (a request body from anyone on the network).
    NoteOnly,
}

/// How much `同步隔离` holds: at most this many files and bytes, the oldest removed first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuarantineBounds {
    pub files: usize,
    pub bytes: u64,
}

/// 100 refusals, and room for two of the largest bundles: enough to look into a bad day, never a
/// full disk however many bad files or requests arrive.
pub const QUARANTINE: QuarantineBounds = QuarantineBounds { files: 100, bytes: 2 * bundle::MAX_BUNDLE };

/// What a note keeps of a refused file's content: its first bytes, in hex (enough to tell a photo
/// from a spreadsheet, too little to hold anyone's data).
const NOTE_PREFIX: usize = 32;

/// Keep a refused bundle for inspection and record why; failures here must not hide the refusal.
pub fn refused(store: &Store, name: &str, bytes: &[u8], e: &SyncError, label: Option<&str>) {
    refused_with(store, name, bytes, e, label, Keep::WholeIfFramed);
}

/// [`refused`] with the choice of what to keep.
pub fn refused_with(store: &Store, name: &str, bytes: &[u8], e: &SyncError, label: Option<&str>, keep: Keep) {
    if e.keeps_file() {
        if let Some(dir) = quarantine_dir(store) {
            let _ = quarantine(&dir, name, bytes, e, label, keep, QUARANTINE);
        }
    }
    let label = label.map(|l| excerpt(l, 200));
    let _ = event(store, "refused", None, label.as_deref(), false, 0, e.message_zh());
}

/// Put a refused file (or a note about it) into `dir`, private, under a name that cannot collide,
/// then drop the oldest files beyond `bounds`. Returns what was written.
pub fn quarantine(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    e: &SyncError,
    label: Option<&str>,
    keep: Keep,
    bounds: QuarantineBounds,
) -> std::result::Result<PathBuf, zhucun_files::FileError> {
    let write_err = |source| zhucun_files::FileError::Write { path: zhucun_files::shown(dir), source };
    zhucun_files::create_private_dir(dir).map_err(write_err)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let stem = format!("{stamp}-{:016x}-{name}", rand::random::<u64>());
    let whole = keep == Keep::WholeIfFramed && bundle::is_framed(bytes, bundle::MAX_BUNDLE);
    let path = if whole {
        let p = zhucun_files::path_in(dir, &stem, "");
        zhucun_files::write_atomic(&p, bytes)?;
        p
    } else {
        let p = zhucun_files::path_in(dir, &stem, "txt");
        zhucun_files::write_atomic(&p, note(name, bytes, e, label).as_bytes())?;
        p
    };
    prune(dir, bounds, &path);
    Ok(path)
}

/// The note kept instead of a file that is not a bundle.
fn note(name: &str, bytes: &[u8], e: &SyncError, label: Option<&str>) -> String {
    let head = hex::encode(&bytes[..bytes.len().min(NOTE_PREFIX)]);
    format!(
        "驻村工作台：拒收记录（原文件不是同步包或来自网络，未保留）\n时间：{}\n来源：{}\n文件名：{}\n大小：{} 字节\n原因：{}：{}\n开头 {} 字节（十六进制）：{head}\n",
        now(),
        label.map(|l| excerpt(l, 200)).unwrap_or_default(),
        excerpt(name, 100),
        bytes.len(),
        e.code(),
        e.message_zh(),
        bytes.len().min(NOTE_PREFIX),
    )
}

/// Remove the oldest regular files of `dir` until it holds at most `bounds` (never `newest`).
fn prune(dir: &Path, bounds: QuarantineBounds, newest: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut files: Vec<(std::time::SystemTime, std::ffi::OsString, u64)> = Vec::new();
    // Bounded: a folder stuffed with files by someone else is pruned over several refusals.
    for entry in entries.take(10_000).flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_file() {
            files.push((meta.modified().unwrap_or(std::time::UNIX_EPOCH), entry.file_name(), meta.len()));
        }
    }
    files.sort();
    let mut count = files.len();
    let mut total: u64 = files.iter().map(|f| f.2).sum();
    for (_, name, len) in files {
        if count <= bounds.files && total <= bounds.bytes {
            break;
        }
        let p = dir.join(&name);
        if p == newest {
            continue;
        }
        if std::fs::remove_file(&p).is_ok() {
            count -= 1;
            total = total.saturating_sub(len);
        }
    }
}

/// `<database folder>/同步隔离`, where refused bundles are kept.
pub fn quarantine_dir(store: &Store) -> Option<PathBuf> {
    let p = store.path();
    if p.as_os_str() == ":memory:" {
        return None;
    }
    Some(p.parent().unwrap_or(Path::new(".")).join("同步隔离"))
}

