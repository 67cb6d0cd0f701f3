//! Store errors with stable codes.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open database {path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("cannot create the folder of {path}: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("{path} is not a zhucun database")]
    NotADatabase { path: String },
    #[error("database schema {found} is newer than this app ({supported})")]
    TooNew { found: i64, supported: i64 },
    #[error("migration {version} failed: {source}")]
    Migration { version: i64, source: rusqlite::Error },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("bad value in column {column}: {value}")]
    BadColumn { column: &'static str, value: String },
    #[error("refused: {what}")]
    Conflict { what: String },
    #[error("bad change in a bundle: {what}")]
    BadChange { what: String },
    #[error("device {device} sent change {seq} with other content than the county holds")]
    Diverged { device: String, seq: i64 },
    #[error("database {path} is in use by {}", if *by_app { "the desktop app" } else { "another command" })]
    InUse { path: String, by_app: bool },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// Every code [`StoreError::code`] can give (the UI's catalogue must know each one; checked by the
    /// test below and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "db.open",
        "db.not_database",
        "db.too_new",
        "db.migration",
        "db.not_found",
        "db.bad_column",
        "db.conflict",
        "sync.bad_change",
        "sync.diverged",
        "db.in_use_by_app",
        "db.in_use",
        "db.busy",
        "db.corrupt",
        "db.disk_full",
        "db.readonly",
        "db.io",
        "db.sqlite",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } | StoreError::CreateDir { .. } => "db.open",
            StoreError::NotADatabase { .. } => "db.not_database",
            StoreError::TooNew { .. } => "db.too_new",
            StoreError::Migration { .. } => "db.migration",
            StoreError::NotFound { .. } => "db.not_found",
            StoreError::BadColumn { .. } => "db.bad_column",
            StoreError::Conflict { .. } => "db.conflict",
            StoreError::BadChange { .. } => "sync.bad_change",
            StoreError::Diverged { .. } => "sync.diverged",
            StoreError::InUse { by_app: true, .. } => "db.in_use_by_app",
            StoreError::InUse { by_app: false, .. } => "db.in_use",
            StoreError::Sqlite(e) => sqlite_code(e),
        }
    }

    /// What happened and what to do, in Chinese.
    pub fn message_zh(&self) -> String {
        match self {
            StoreError::Open { path, .. } => format!("无法打开数据库文件 {path}。请检查路径是否存在、是否有写入权限，或换一个位置（--db 路径）。"),
            StoreError::CreateDir { path, source } => format!("无法为数据库文件 {path} 创建文件夹（{source}）。请检查是否有写入权限，或换一个位置（--db 路径）。"),
            StoreError::NotADatabase { path } => format!("{path} 不是驻村工作台的数据库文件（可能是别的文件或已损坏）。请选择正确的文件，或换一个新路径重新开始。"),
            StoreError::TooNew { found, supported } => format!("这个数据库由更新版本的驻村工作台创建（结构版本 {found}，本程序只支持到 {supported}）。请升级驻村工作台后再打开；数据没有被改动。"),
            StoreError::Migration { version, .. } => format!("升级数据库结构（第 {version} 步）失败，数据库保持原样。请把这条信息告诉县里的技术人员。"),
            StoreError::NotFound { what } => format!("没有找到{what}。请检查路径或编号是否正确；在程序中可刷新后重试。"),
            StoreError::BadColumn { column, value } => format!("数据库中 {column} 列有无法识别的值“{value}”。请把这条信息告诉县里的技术人员。"),
            StoreError::Conflict { what } => format!("{what}。"),
            StoreError::BadChange { what } => format!("同步包里有一条无法处理的修改（{what}）。整个同步包没有导入，数据没有改动；请把这个文件交给县里的技术人员。"),
            StoreError::Diverged { device, .. } => format!(
                "电脑 {} 发来的同步包与县里已收到的记录编号重复但内容不同：这台电脑的数据库是另一台电脑数据库的副本（或旧备份）。这个包没有导入，什么也没有改动；回执包会让那台电脑改用新的设备编号，之后它的记录会完整地重新发来，不会丢失。",
                device.chars().take(8).collect::<String>()
            ),
            StoreError::InUse { path, by_app: true } => format!(
                "驻村工作台正在使用这个数据库（{path}）。请先关闭驻村工作台的窗口再运行这个命令，或者直接在窗口里操作；同一个数据库同时只能由一个窗口使用。"
            ),
            StoreError::InUse { path, by_app: false } => format!(
                "数据库 {path} 正在被一个命令（zhucun 或县级服务器）使用。请等它结束后再打开；若一直如此，请重启电脑后再试。"
            ),
            StoreError::Sqlite(e) => sqlite_message(e),
        }
    }
}

/// The stable code of a SQLite failure, by its kind (never its English text).
fn sqlite_code(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => "db.busy",
        Some(C::DatabaseCorrupt) | Some(C::NotADatabase) => "db.corrupt",
        Some(C::DiskFull) => "db.disk_full",
        Some(C::ReadOnly) | Some(C::PermissionDenied) | Some(C::CannotOpen) => "db.readonly",
        Some(C::SystemIoFailure) => "db.io",
        _ => "db.sqlite",
    }
}

/// What a SQLite failure means for the person at the laptop, in Chinese; the English text stays in
/// the error's detail for the log.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match sqlite_code(e) {
        "db.busy" => "数据库正忙（另一个操作还没有结束）。请稍等几秒再试一次，刚才的操作没有保存。".into(),
        "db.corrupt" => "数据库文件已损坏，刚才的操作没有保存。请不要再修改数据，关闭驻村工作台，把数据库文件夹整个复制一份交给县里的技术人员。".into(),
        "db.disk_full" => "磁盘已满，刚才的操作没有保存。请清理磁盘空间后再试。".into(),
        "db.readonly" => "数据库文件不能写入（没有权限或磁盘只读），刚才的操作没有保存。请检查文件权限，或换一个位置。".into(),
        "db.io" => "读写数据库文件时出错（磁盘或U盘可能有问题），刚才的操作没有保存。请检查磁盘后再试。".into(),
        _ => "保存到数据库时出错，刚才的操作没有保存。请再试一次；若反复出现，请把这条信息告诉县里的技术人员。".into(),
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use rusqlite::ffi;
    use std::collections::BTreeSet;

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(ffi::Error::new(code), None)
    }

    /// One value of each variant, and of each kind of SQLite failure.
    fn samples() -> Vec<StoreError> {
        let all = vec![
            StoreError::Open { path: "p".into(), source: sqlite(ffi::SQLITE_CANTOPEN) },
            StoreError::CreateDir { path: "p".into(), source: std::io::Error::other("x") },
            StoreError::NotADatabase { path: "p".into() },
            StoreError::TooNew { found: 9, supported: 5 },
            StoreError::Migration { version: 1, source: sqlite(ffi::SQLITE_ERROR) },
            StoreError::NotFound { what: "x".into() },
            StoreError::BadColumn { column: "c", value: "v".into() },
            StoreError::Conflict { what: "x".into() },
            StoreError::BadChange { what: "x".into() },
            StoreError::Diverged { device: "d".into(), seq: 1 },
            StoreError::InUse { path: "p".into(), by_app: true },
            StoreError::InUse { path: "p".into(), by_app: false },
            StoreError::Sqlite(sqlite(ffi::SQLITE_BUSY)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_LOCKED)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_CORRUPT)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_NOTADB)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_FULL)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_READONLY)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_PERM)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_CANTOPEN)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_IOERR)),
            StoreError::Sqlite(sqlite(ffi::SQLITE_ERROR)),
        ];
        for e in &all {
            // A new variant does not compile here until it has a sample above.
            match e {
                StoreError::Open { .. }
                | StoreError::CreateDir { .. }
                | StoreError::NotADatabase { .. }
                | StoreError::TooNew { .. }
                | StoreError::Migration { .. }
                | StoreError::NotFound { .. }
                | StoreError::BadColumn { .. }
                | StoreError::Conflict { .. }
                | StoreError::BadChange { .. }
                | StoreError::Diverged { .. }
                | StoreError::InUse { .. }
                | StoreError::Sqlite(_) => {}
            }
        }
        all
    }

    #[test]
    fn all_codes_lists_every_code_once() {
        let made: BTreeSet<&str> = samples().iter().map(StoreError::code).collect();
        let listed: BTreeSet<&str> = StoreError::ALL_CODES.iter().copied().collect();
        assert_eq!(made, listed);
        assert_eq!(listed.len(), StoreError::ALL_CODES.len(), "a code listed twice");
    }
}
