//! Append-only migrations. Each entry is applied once, in order, inside one transaction together with
//! the bump of `PRAGMA user_version`; a released entry is never edited.

pub const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_roster.sql"),
    include_str!("migrations/0002_change_log.sql"),
    include_str!("migrations/0003_sync.sql"),
    include_str!("migrations/0004_worklog.sql"),
    include_str!("migrations/0005_copies.sql"),
    include_str!("migrations/0006_log_created.sql"),
    include_str!("migrations/0007_corrections.sql"),
    include_str!("migrations/0008_member_details.sql"),
    include_str!("migrations/0009_leave_evidence.sql"),
    include_str!("migrations/0010_meeting_details.sql"),
    include_str!("migrations/0011_visits.sql"),
    include_str!("migrations/0012_handbook.sql"),
];
