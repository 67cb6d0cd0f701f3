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
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
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
            StoreError::Sqlite(_) => "db.sqlite",
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
            StoreError::BadColumn { column, value } => format!("数据库中 {column} 列有无法识别的值“{value}”。请运行 zhucun doctor 检查数据库。"),
            StoreError::Conflict { what } => format!("{what}。"),
            StoreError::BadChange { what } => format!("同步包里有一条无法处理的修改（{what}）。整个同步包没有导入，数据没有改动；请把这个文件交给县里的技术人员。"),
            StoreError::Sqlite(e) => format!("数据库操作失败：{e}。请重试；若反复出现，请运行 zhucun doctor。"),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
