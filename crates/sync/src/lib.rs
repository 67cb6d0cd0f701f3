//! Sync between village laptops and the county: signed, encrypted change bundles, the same bytes on a
//! USB stick or over HTTP. The design is recorded in docs/adr/0001-sync.md; the bundle format is frozen
//! by the golden files in `tests/golden/`.

pub mod backoff;
pub mod bundle;
pub mod client;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod ops;
pub mod quarantine;

pub use backoff::Backoff;
pub use error::{Result, SyncError};
