//! Errors of the use cases. Each has a stable code (what crosses IPC and HTTP) and a Chinese message
//! that says what happened and what to do.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use zhucun_roster::FileError;
use zhucun_store::StoreError;

#[derive(Debug, Error)]
pub enum CoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Sync(#[from] zhucun_sync::SyncError),
    #[error("roster is distributed by the county on an enrolled laptop")]
    RosterFromCounty,
    #[error("bad argument {what}: {value}")]
    BadArgument { what: &'static str, value: String },
    #[error(transparent)]
    Domain(#[from] zhucun_domain::DomainError),
    /// A request that cannot be done as asked; `message` says why and what to do, in Chinese.
    #[error("{code}: {message}")]
    Refused { code: &'static str, message: String },
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Store(e) => e.code(),
            CoreError::File(e) => e.code(),
            CoreError::Sync(e) => e.code(),
            CoreError::RosterFromCounty => "roster.from_county",
            CoreError::BadArgument { .. } => "arg.bad",
            CoreError::Domain(e) => e.code(),
            CoreError::Refused { code, .. } => code,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            CoreError::Store(e) => e.message_zh(),
            CoreError::File(e) => e.message_zh(),
            CoreError::Sync(e) => e.message_zh(),
            CoreError::RosterFromCounty => {
                "这台电脑已登记到县里，花名册由县里统一导入后随同步下发，本机不能自行导入（以免两边不一致）。如花名册有误，请告诉县里。".to_string()
            }
            CoreError::BadArgument { what, value } => format!("{what}“{value}”不对，请检查后重试。"),
            CoreError::Domain(e) => format!("{}。{}。", e.message_zh(), e.hint_zh()),
            CoreError::Refused { message, .. } => message.clone(),
        }
    }

    /// The form that crosses the IPC boundary.
    pub fn info(&self) -> ErrorInfo {
        let detail = match self {
            CoreError::Sync(e) => e.detail(),
            other => other.to_string(),
        };
        ErrorInfo { code: self.code().to_string(), message: self.message_zh(), detail }
    }
}

/// An error as the UI receives it: the UI shows the message for the code from its own catalogue and
/// falls back to `message`; `detail` is for the log.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
    pub detail: String,
}

pub type Result<T> = std::result::Result<T, CoreError>;

/// A request that cannot be done as asked, with its code and the Chinese reason.
pub(crate) fn refused(code: &'static str, message: impl Into<String>) -> CoreError {
    CoreError::Refused { code, message: message.into() }
}
