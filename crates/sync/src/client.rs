//! Sync over HTTP: the same bundle as on a USB stick, posted to the county server, which answers with
//! the return bundle. The bundle is signed and encrypted, so plain HTTP on the county network reveals
//! nothing and cannot forge anything.

use crate::bundle;
use crate::error::{excerpt, Result, SyncError};
use crate::ops::{self, BundleImportReport};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use zhucun_store::sync as ss;
use zhucun_store::Store;

/// The path a laptop posts its bundle to.
pub const SYNC_PATH: &str = "/v1/sync";

/// An error the server sends instead of a return bundle.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServerError {
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct NowReport {
    pub server: String,
    pub sent: u64,
    pub received: BundleImportReport,
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .timeout_connect(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            // A redirect is not followed: the bundle goes to the county's address and nowhere else.
            .max_redirects(0)
            .max_response_header_size(16 * 1024)
            .build(),
    )
}

/// The most of an error answer read (a JSON `{code, message}` is well under 1 KB).
const MAX_ERROR_ANSWER: u64 = 4 * 1024;

/// Is the county server answering? (The app's background sync asks before doing anything.)
pub fn reachable(url: &str) -> bool {
    agent(Duration::from_secs(3)).get(&format!("{}/v1/health", url.trim_end_matches('/'))).call().is_ok_and(|r| r.status() == 200)
}

/// Post a bundle to the county server and return its answer (the return bundle). No store is held
/// while the network is in use. The answer is bounded ([`bundle::MAX_BUNDLE`]) and must be framed as
/// a bundle; a refusal keeps only the server's HTTP status and stable code, never its text.
pub fn post_bundle(url: &str, bytes: &[u8]) -> Result<Vec<u8>> {
    let base = url.trim_end_matches('/').to_string();
    let unreachable = |detail: String| SyncError::Unreachable { url: base.clone(), detail: excerpt(&detail, 200) };
    let mut resp = agent(Duration::from_secs(300))
        .post(&format!("{base}{SYNC_PATH}"))
        .header("Content-Type", "application/octet-stream")
        .send(bytes)
        .map_err(|e| unreachable(e.to_string()))?;
    let status = resp.status().as_u16();
    if status != 200 {
        let body = resp.body_mut().with_config().limit(MAX_ERROR_ANSWER).read_to_vec().unwrap_or_default();
        return Err(SyncError::ServerRefused { status, code: stable_code(&body) });
    }
    let declared = resp.body_mut().content_length();
    if let Some(n) = declared.filter(|n| *n > bundle::MAX_BUNDLE) {
        return Err(SyncError::BadAnswer { detail: format!("回答声明 {n} 字节，超过上限 {}", bundle::MAX_BUNDLE) });
    }
    let body = resp.body_mut().with_config().limit(bundle::MAX_BUNDLE).read_to_vec().map_err(|e| match e {
        ureq::Error::BodyExceedsLimit(n) => SyncError::BadAnswer { detail: format!("回答超过上限 {n} 字节") },
        other => unreachable(other.to_string()),
    })?;
    if !bundle::is_framed(&body, bundle::MAX_BUNDLE) {
        return Err(SyncError::BadAnswer { detail: format!("回答不是同步包（{} 字节）", body.len()) });
    }
    Ok(body)
}

/// The server's stable code from its JSON error, when it is one this laptop knows (`sync.revoked`);
/// anything else (text, HTML, a code of its own) is dropped, so that no word of the server reaches
/// the screen, not even in the detail line.
fn stable_code(body: &[u8]) -> Option<String> {
    let err: ServerError = serde_json::from_slice(body).ok()?;
    crate::error::SERVER_CODES.contains(&err.code.as_str()).then_some(err.code)
}

/// The server address to use: the one given, else the one from the enrollment file.
pub fn server_url(store: &Store, url: Option<&str>) -> Result<String> {
    let me = ss::device(store.read())?;
    url.map(str::to_string).or(me.server_url).ok_or(SyncError::NoServer)
}

/// Import the server's answer and record the exchange.
pub fn finish(store: &mut Store, url: &str, sent: u64, answer: &[u8]) -> Result<NowReport> {
    let base = url.trim_end_matches('/').to_string();
    let received = match ops::import_bytes(store, answer) {
        Ok(r) => r,
        Err(e) => {
            ops::refused(store, "return.zhcb", answer, &e, Some(&base));
            return Err(e);
        }
    };
    let msg = format!("联网同步：发出 {sent} 条，收到 {} 条新修改", received.applied);
    ops::event(store, "http", Some(&received.sender), Some(&base), true, received.applied as i64, msg)?;
    Ok(NowReport { server: base, sent, received })
}

/// After one exchange: go on at once? Yes when this database just took a new identity (it sends at
/// once what the county has not confirmed under it), or when either side held changes back (a bundle
/// carries at most `zhucun_store::sync::BUNDLE_BUDGET` bytes: `out_left`, the answer's `more`) and
/// the exchange moved something (so a county that takes nothing cannot keep it going).
/// `pending_before`: [`ss::pending`] before the exchange.
fn go_on(pending_before: i64, out_left: u64, report: &NowReport, forked_before: bool) -> bool {
    let r = &report.received;
    let moved = r.applied + r.duplicates + r.proposals > 0 || r.pending < pending_before;
    (r.forked && !forked_before) || ((out_left > 0 || r.more > 0) && moved)
}

/// The report of several exchanges: counts added up, the state (`pending`, `more`) of the last.
fn add(mut t: NowReport, report: NowReport) -> NowReport {
    t.sent += report.sent;
    let (a, b) = (&mut t.received, report.received);
    a.applied += b.applied;
    a.duplicates += b.duplicates;
    a.proposals += b.proposals;
    a.gaps += b.gaps;
    a.kept_unknown += b.kept_unknown;
    a.forked |= b.forked;
    a.newly_enrolled |= b.newly_enrolled;
    a.pending = b.pending;
    a.more = b.more;
    a.sender = b.sender;
    t
}

/// The most exchanges one [`sync_now`] makes to drain a backlog: 64 × 24 MiB, more than any village
/// holds; the next sync goes on from there.
pub const MAX_ROUNDS: usize = 64;

/// One exchange as [`rounds`] counts it: [`ss::pending`] before it, the changes its bundle held back
/// (`Outgoing::left`), and the report of the answer.
pub struct Round {
    pub pending_before: i64,
    pub left: u64,
    pub report: NowReport,
}

/// Exchange after exchange while either side has more ([`go_on`]), at most [`MAX_ROUNDS`]: the one
/// loop of [`sync_now`] and of the desktop app's sync (which holds its store only around the parts
/// of `exchange` that need it). The report counts what all the answers brought.
pub fn rounds<E>(mut exchange: impl FnMut() -> std::result::Result<Round, E>) -> std::result::Result<NowReport, E> {
    let first = exchange()?;
    let mut again = go_on(first.pending_before, first.left, &first.report, false);
    let mut forked = first.report.received.forked;
    let mut total = first.report;
    for _ in 1..MAX_ROUNDS {
        if !again {
            break;
        }
        let r = exchange()?;
        again = go_on(r.pending_before, r.left, &r.report, forked);
        forked |= r.report.received.forked;
        total = add(total, r.report);
    }
    Ok(total)
}

/// Send everything the county has not confirmed and import what it sends back, exchange after
/// exchange while either side has more ([`rounds`]).
pub fn sync_now(store: &mut Store, url: Option<&str>) -> Result<NowReport> {
    let url = server_url(store, url)?;
    rounds(|| {
        let pending_before = ss::pending(store.read())?;
        let out = ops::export_to_county(store)?;
        let answer = post_bundle(&url, &out.bytes)?;
        let report = finish(store, &url, out.changes, &answer)?;
        Ok(Round { pending_before, left: out.left, report })
    })
}
