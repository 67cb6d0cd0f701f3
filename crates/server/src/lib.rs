//! `zhucun-server` as a library: the county's commands over its database ([`county`]) and the HTTP
//! server the village laptops sync with ([`http`]: [`router`] and [`serve`]). `main.rs` only parses
//! flags and prints.
//!
//! The HTTP side is reachable by anyone on the county network, so everything it reads is bounded
//! before it is held: the frame of a bundle is checked from the first bytes of a request, bodies are
//! limited to [`zhucun_sync::bundle::MAX_BUNDLE`], slow or idle clients are cut off by timeouts, and
//! uploads and connections are counted ([`Limits`]).

pub mod county;
pub mod http;

pub use http::{router, serve, AppState, Limits};
