//! Use cases of 驻村工作台, as plain functions over a [`Store`]: what the CLI, the desktop app's
//! commands and the county server call. Each takes its inputs and the day ("today" is a parameter, so
//! tests and the demo are reproducible) and returns a value or a [`CoreError`] with a stable code.
//! No Tauri, no HTTP, no printing here.

pub mod attendance;
pub mod corrections;
pub mod demo_reset;
pub mod demo_team;
pub mod error;
pub mod handbook;
pub mod handbook_view;
pub mod ipc;
pub mod leave;
pub mod leave_form;
pub mod ledger;
pub mod meetings;
pub mod members;
pub mod paths;
pub mod problem_ledger;
pub mod problems;
pub mod roster;
pub mod settings;
pub mod sig_image;
pub mod visit_ledger;
pub mod visits;

pub use error::CoreError;
pub use zhucun_store::Store;
pub use zhucun_sync as sync;

/// Settle a sync conflict by keeping the value one device wrote.
pub fn resolve_conflict(store: &mut Store, tbl: &str, row_id: &str, col: &str, ver: i64, origin: &str) -> error::Result<()> {
    let mut w = store.write()?;
    w.resolve_conflict(tbl, row_id, col, ver, origin)?;
    w.commit()?;
    Ok(())
}
