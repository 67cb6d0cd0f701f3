//! The local store of 驻村工作台: one SQLite file per laptop (or per county server).
//!
//! All access goes through a [`Store`]: `read()` for queries and `write()` for a [`Writer`], one
//! transaction that rolls back when dropped and records every edit in the change log as it makes it.
//! Nothing outside this crate writes SQL. This crate must not know about files other than the database,
//! about Tauri or about HTTP.

mod db;
mod error;
pub mod lock;
pub mod corrections;
pub mod handbook;
pub mod households;
pub mod members;
pub mod problems;
pub mod reset;
pub mod roster;
pub mod sync;
pub mod visits;
pub mod worklog;
mod schema;
mod writer;

pub use db::{Store, SCHEMA_VERSION};
pub use error::StoreError;
pub use rusqlite::types::Value;
pub use rusqlite::Connection;
pub use writer::{Op, Owner, Table, Writer};
