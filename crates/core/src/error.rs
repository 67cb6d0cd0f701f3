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
    #[error("bad argument {what}: {value}")]
    BadArgument { what: &'static str, value: String },
}

impl CoreError {
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Store(e) => e.code(),
            CoreError::File(e) => e.code(),
            CoreError::BadArgument { .. } => "arg.bad",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            CoreError::Store(e) => e.message_zh(),
            CoreError::File(e) => e.message_zh(),
            CoreError::BadArgument { what, value } => format!("{what}“{value}”不对，请检查后重试。"),
        }
    }

    /// The form that crosses the IPC boundary.
    pub fn info(&self) -> ErrorInfo {
        ErrorInfo { code: self.code().to_string(), message: self.message_zh(), detail: self.to_string() }
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
