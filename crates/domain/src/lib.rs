//! The domain of 驻村工作台: the entities of `DOMAIN.md`, their identifiers and the validation of
//! everything a person or a file can get wrong (ID numbers, phone numbers, dates, roster wording).
//!
//! This crate is plain Rust. It must never depend on SQLite, Tauri, HTTP or the file system: the store,
//! the desktop shell, the CLI and the county server all build on it, and its functions are tested
//! without any of them.

pub mod cadre;
pub mod calendar;
pub mod choice;
pub mod date;
pub mod demo;
pub mod division;
pub mod error;
pub mod handbook;
pub mod household;
pub mod hlc;
pub mod idcard;
pub mod ids;
pub mod params;
pub mod person;
pub mod phone;
pub mod roster;
pub mod rules;
pub mod team;
pub mod visit;
pub mod text;
pub mod worklog;

pub use error::DomainError;
