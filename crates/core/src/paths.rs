//! Where the database lives: `--db PATH`, else `ZHUCUN_DB`, else the platform data directory
//! (`~/.local/share/zhucun/zhucun.db` on Linux).

use std::path::PathBuf;

pub const DB_ENV: &str = "ZHUCUN_DB";

/// The database path to use, given an optional `--db` flag.
pub fn resolve_db_path(flag: Option<PathBuf>) -> PathBuf {
    if let Some(p) = flag {
        return p;
    }
    if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    default_db_path()
}

/// The platform default.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("zhucun").join("zhucun.db")
}
