//! Integration tests of the store over real SQLite files.

mod handbook;
mod households;
mod lock;
mod open;
mod roster;

use chrono::NaiveDate;
use zhucun_domain::roster::{check_sheet, headers, row_cells, Roster, RosterHousehold, Sheet};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A checked roster from generated households (the demo generator makes valid data).
pub fn roster_of(hhs: &[RosterHousehold]) -> Roster {
    let mut rows = vec![(1, headers())];
    for hh in hhs {
        for p in &hh.persons {
            rows.push((rows.len() + 1, row_cells(hh, p)));
        }
    }
    let checked = check_sheet(&Sheet::from_rows(rows), day(2026, 11, 29));
    assert!(checked.issues.is_empty(), "fixture roster must be valid: {:?}", checked.issues.first());
    checked.roster
}
