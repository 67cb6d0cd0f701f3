//! The handbook's commands (issue 12).
