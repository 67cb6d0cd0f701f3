//! The handbook's tables (issue 12).
