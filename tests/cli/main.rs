//! The `zhucun` CLI over real files and real SQLite databases. Every refused input is checked twice:
//! the report says what is wrong and how to fix it, and the database did not change.

mod bad_rosters;
mod good_rosters;
mod hostile_rosters;
mod attendance;
mod leave;
mod logs;
mod meetings;
mod problems;
mod params;
mod ledger_print;
mod members;
mod copies;
mod hardening;
mod sync;
mod hostile_sync;
mod server_limits;
mod visits;
mod handbook;

use zhucun_e2e::{read_csv, World};

/// A world with the demo roster of `n` households written to `roster.csv` (not imported).
pub fn world_with_roster(n: usize) -> (World, Vec<Vec<String>>) {
    let w = World::new();
    w.zhucun(&["demo", "--households", &n.to_string(), "--seed", "7", "--out", w.path("roster.csv").to_str().unwrap()]).ok();
    let rows = read_csv(&w.path("roster.csv"));
    (w, rows)
}

/// Column index of a roster header.
pub fn col(rows: &[Vec<String>], header: &str) -> usize {
    rows[0].iter().position(|h| h == header).unwrap_or_else(|| panic!("no column {header}"))
}

pub fn p(w: &World, name: &str) -> String {
    w.path(name).to_str().unwrap().to_string()
}
