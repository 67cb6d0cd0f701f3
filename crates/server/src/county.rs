//! The county's file commands: where return bundles go, and writing them.

use std::path::{Path, PathBuf};
use zhucun_store::sync as ss;
use zhucun_store::Store;
use zhucun_sync::{ops, SyncError};

/// Make sure return bundles can be written into `dir` before anything is imported: a bundle applied
/// and then no return file written would leave the laptop unanswered for nothing. The folder is made
/// when missing, then a private probe file is written and removed.
pub fn prepare_out_dir(dir: &Path) -> Result<(), SyncError> {
    let write_err = |source| zhucun_files::FileError::Write { path: zhucun_files::shown(dir), source };
    std::fs::create_dir_all(dir).map_err(write_err)?;
    let probe = dir.join(format!(".zhucun-write-check-{:016x}", rand_tag()));
    zhucun_files::write_atomic(&probe, b"")?;
    std::fs::remove_file(&probe).map_err(write_err)?;
    Ok(())
}

fn rand_tag() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.finish()
}

/// Write the return bundle for a laptop into `dir`; the file name says which village, and lands in
/// `dir` whatever the village is called. A revoked or unknown laptop is refused.
pub fn write_return(store: &Store, device: &str, dir: &Path) -> Result<(PathBuf, u64), SyncError> {
    let out = ops::export_for_peer(store, device)?;
    let peer = ss::peer(store.read(), device)?.ok_or_else(|| SyncError::NoSuchPeer { device: device.into() })?;
    let path = ops::bundle_path(store, dir, "回执-", peer.village_id.as_deref(), device)?;
    ops::write_atomic(&path, &out.bytes)?;
    Ok((path, out.changes))
}
