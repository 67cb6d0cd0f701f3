//! Where the database lives, and which day is "today". The database: `--db PATH`, else `ZHUCUN_DB`, else the platform data directory
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

pub const TODAY_ENV: &str = "ZHUCUN_TODAY";

/// "Today": the local date, or `ZHUCUN_TODAY` (YYYY-MM-DD and the other accepted forms) when set, so
/// tests and demonstrations are reproducible. A set but unreadable value is an error.
pub fn today() -> Result<chrono::NaiveDate, zhucun_domain::DomainError> {
    match std::env::var(TODAY_ENV) {
        Ok(t) if !t.trim().is_empty() => zhucun_domain::date::parse_date(&t),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}
