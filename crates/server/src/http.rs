//! The county's HTTP server: `POST /v1/sync` takes a laptop's bundle and answers with its return
//! bundle; `GET /v1/health` says that the server is up, nothing more.
//!
//! Anyone on the county network can reach it, so nothing a client sends is held before it is
//! bounded:
//! - a body declared (Content-Length) or framed (the clear "ZHCB" frame of its first 14 bytes) larger
//!   than [`Limits::max_bundle`] gets 413 at once, anything that does not start like a bundle 400 at
//!   once, without reading the rest;
//! - request headers must arrive within [`Limits::header_timeout`] (hyper's timer, also the idle time
//!   allowed between requests on a kept-alive connection), each piece of a body within
//!   [`Limits::chunk_timeout`], the whole body within [`Limits::body_timeout`], and no connection
//!   lives longer than [`Limits::connection_lifetime`];
//! - at most [`Limits::max_uploads`] uploads, holding at most [`Limits::upload_budget`] bytes, are in
//!   the server at once (503 with Retry-After beyond), and at most [`Limits::max_connections`]
//!   connections are open (more are closed at once);
//! - a refused body is never kept: a refusal after the whole bundle was read leaves a short note in
//!   `同步隔离/` (bounded, oldest dropped); one refused from its first bytes leaves only a log line.
//!
//! The store is used by one request at a time (one SQLite writer behind a mutex) on the blocking pool.

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use http_body_util::BodyExt;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use zhucun_store::Store;
use zhucun_sync::bundle::{self, FRAME_LEN};
use zhucun_sync::client::{ServerError, SYNC_PATH};
use zhucun_sync::{ops, SyncError};

/// What the server allows a client. The defaults are for a county network with slow village links.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The largest bundle accepted (frame included): [`bundle::MAX_BUNDLE`], the limit of a stick.
    pub max_bundle: u64,
    /// Request line and headers (under 1 KB from a laptop) must arrive within this; also how long a
    /// kept-alive connection may sit idle. 10 s.
    pub header_timeout: Duration,
    /// The longest silence within a body. 30 s: a link that stalls longer is broken, and the laptop
    /// tries again later.
    pub chunk_timeout: Duration,
    /// The whole body. 10 minutes: a 32 MiB bundle at 56 KB/s.
    pub body_timeout: Duration,
    /// The longest any connection lives (body, the queue for the store, the answer). 15 minutes.
    pub connection_lifetime: Duration,
    /// Uploads in the server at once. 256: the benchmark's 200 laptops posting at the same moment
    /// all get in (docs/benchmarks.md); small bundles cost little.
    pub max_uploads: usize,
    /// Bytes of bodies held at once, reserved from each bundle's frame before its body is read.
    /// 256 MiB: eight of the largest bundles, or thousands of ordinary ones.
    pub upload_budget: u64,
    /// Open connections. 512: the uploads with room to spare, well under the default 1024 open
    /// files of a process.
    pub max_connections: usize,
    /// What a client is told to wait when the server is full. 30 s.
    pub retry_after: Duration,
    /// Uploads in progress from one network address. 2: a laptop posts one bundle at a time (a
    /// retry may overlap), so one machine that stalls its uploads holds at most two slots and two
    /// bundles' worth of the budget, not all of them.
    pub uploads_per_address: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bundle: bundle::MAX_BUNDLE,
            header_timeout: Duration::from_secs(10),
            chunk_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(600),
            connection_lifetime: Duration::from_secs(900),
            max_uploads: 256,
            upload_budget: 256 << 20,
            max_connections: 512,
            retry_after: Duration::from_secs(30),
            uploads_per_address: 2,
        }
    }
}

/// The budget is counted in KiB (a semaphore's permits are u32).
const KIB: u64 = 1024;

/// What the handlers share: the store, the limits, and what is in use of them.
pub struct AppState {
    store: Mutex<Store>,
    limits: Limits,
    uploads: Arc<Semaphore>,
    budget: Arc<Semaphore>,
    budget_kib: u32,
    /// Uploads in progress per client address.
    per_address: Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, u32>>>,
}

/// One upload counted against its address until dropped.
struct AddressSlot {
    map: Arc<std::sync::Mutex<std::collections::HashMap<std::net::IpAddr, u32>>>,
    ip: std::net::IpAddr,
}

impl AddressSlot {
    fn take(state: &AppState, ip: std::net::IpAddr) -> Option<AddressSlot> {
        let mut m = state.per_address.lock().unwrap_or_else(|p| p.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= state.limits.uploads_per_address.max(1) {
            return None;
        }
        *n += 1;
        Some(AddressSlot { map: state.per_address.clone(), ip })
    }
}

impl Drop for AddressSlot {
    fn drop(&mut self) {
        let mut m = self.map.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

impl AppState {
    pub fn new(store: Store, limits: Limits) -> Arc<AppState> {
        // One largest bundle must always fit in the budget, or it could never be accepted.
        let budget_kib = (limits.upload_budget.max(limits.max_bundle).div_ceil(KIB)).min(u32::MAX as u64 >> 3) as u32;
        Arc::new(AppState {
            store: Mutex::new(store),
            uploads: Arc::new(Semaphore::new(limits.max_uploads.clamp(1, Semaphore::MAX_PERMITS))),
            budget: Arc::new(Semaphore::new(budget_kib as usize)),
            budget_kib,
            per_address: Default::default(),
            limits,
        })
    }
}

/// The routes: `GET /v1/health` and `POST /v1/sync`.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/health", get(|| async { axum::Json(serde_json::json!({"ok": true})) }))
        .route(SYNC_PATH, post(sync_handler))
        .with_state(state)
}

/// Serve `app` on `listener` until `shutdown` completes: HTTP/1.1 with hyper's header timeout, each
/// connection counted and given a lifetime. Accept errors (too many open files) pause accepting
/// briefly instead of ending the server.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, limits: &Limits, shutdown: impl Future<Output = ()>) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let connections = Arc::new(Semaphore::new(limits.max_connections.clamp(1, Semaphore::MAX_PERMITS)));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header_timeout).keep_alive(true).max_buf_size(64 * 1024);
    let lifetime = limits.connection_lifetime;
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("zhucun-server: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => return Ok(()),
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            // Full: closed at once, so that nobody can queue connections against the server.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let http = http.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                let mut app = app.clone();
                async move { tower_service::Service::call(&mut app, req.map(Body::new)).await }
            });
            let conn = http.serve_connection(TokioIo::new(stream), service);
            let _ = tokio::time::timeout(lifetime, conn).await;
            drop(permit);
        });
    }
}

/// A refusal as JSON `{code, message}`; the connection is closed after it (its body may be unread).
fn refusal(status: StatusCode, code: &str, message: String) -> Response {
    let mut r = (status, axum::Json(ServerError { code: code.into(), message })).into_response();
    r.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

fn refuse(e: &SyncError) -> Response {
    let status = match e {
        SyncError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        SyncError::Store(_) | SyncError::Io { .. } | SyncError::File(_) => StatusCode::INTERNAL_SERVER_ERROR,
        SyncError::UnknownDevice { .. } | SyncError::Revoked { .. } | SyncError::BadSignature | SyncError::EnrollmentUsed => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    refusal(status, e.code(), e.message_zh())
}

fn busy(limits: &Limits) -> Response {
    let mut r = refusal(StatusCode::SERVICE_UNAVAILABLE, "server.busy", "服务器正忙，请稍后再试。".into());
    if let Ok(v) = HeaderValue::from_str(&limits.retry_after.as_secs().max(1).to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

fn timed_out() -> Response {
    refusal(StatusCode::REQUEST_TIMEOUT, "server.timeout", "传输太慢，已超时。请稍后再试，或用U盘同步。".into())
}

/// One log line per refused request: who, and the code; never what it sent.
fn log_refusal(peer: Option<SocketAddr>, code: &str) {
    eprintln!("zhucun-server: {} {SYNC_PATH}: refused ({code})", peer.map(|p| p.to_string()).unwrap_or_else(|| "?".into()));
}

/// Read a bundle from a request body, checking the frame as the first bytes arrive and holding no
/// more than the frame declares (itself within the limit and reserved from the budget).
async fn read_bundle(state: &AppState, headers: &HeaderMap, body: Body) -> Result<(Vec<u8>, OwnedSemaphorePermit), Response> {
    let limits = &state.limits;
    let max = limits.max_bundle;
    if let Some(n) = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse::<u64>().ok()) {
        if n > max {
            return Err(refuse(&SyncError::TooLarge { bytes: n, max }));
        }
    }
    let deadline = tokio::time::Instant::now() + limits.body_timeout;
    let mut body = body;
    let mut buf: Vec<u8> = Vec::with_capacity(FRAME_LEN);
    let mut expected: Option<usize> = None;
    let mut reserved: Option<OwnedSemaphorePermit> = None;
    loop {
        let wait = limits.chunk_timeout.min(deadline.saturating_duration_since(tokio::time::Instant::now()));
        let frame = match tokio::time::timeout(wait, body.frame()).await {
            Err(_) => return Err(timed_out()),
            Ok(None) => break,
            // The client went away or sent a broken chunked encoding.
            Ok(Some(Err(_))) => return Err(refuse(&SyncError::Truncated)),
            Ok(Some(Ok(f))) => f,
        };
        let Ok(chunk) = frame.into_data() else { continue };
        let mut rest: &[u8] = &chunk;
        if expected.is_none() {
            let take = (FRAME_LEN - buf.len()).min(rest.len());
            buf.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            match bundle::read_frame(&buf, max) {
                Ok(len) => {
                    let total = FRAME_LEN + len as usize;
                    let kib = (total as u64).div_ceil(KIB).min(state.budget_kib as u64) as u32;
                    match state.budget.clone().try_acquire_many_owned(kib) {
                        Ok(p) => reserved = Some(p),
                        Err(_) => return Err(busy(limits)),
                    }
                    buf.reserve_exact(total - buf.len());
                    expected = Some(total);
                }
                Err(SyncError::Truncated) => continue,
                Err(e) => return Err(refuse(&e)),
            }
        }
        if let Some(total) = expected {
            if buf.len() + rest.len() > total {
                return Err(refuse(&SyncError::Corrupt { detail: "请求的内容比帧中声明的长".into() }));
            }
            buf.extend_from_slice(rest);
        }
    }
    match (expected, reserved) {
        (Some(total), Some(permit)) if buf.len() == total => Ok((buf, permit)),
        // Shorter than its frame says, or not even a whole frame (an empty body too).
        _ if buf.is_empty() => Err(refuse(&SyncError::NotABundle)),
        _ => Err(refuse(&SyncError::Truncated)),
    }
}

async fn sync_handler(
    State(state): State<Arc<AppState>>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let peer = peer.map(|Extension(ConnectInfo(p))| p);
    let slot = match peer {
        Some(p) => match AddressSlot::take(&state, p.ip()) {
            Some(s) => Some(s),
            None => {
                log_refusal(peer, "server.busy (uploads from this address)");
                return busy(&state.limits);
            }
        },
        None => None,
    };
    let Ok(upload) = state.uploads.clone().try_acquire_owned() else {
        log_refusal(peer, "server.busy");
        return busy(&state.limits);
    };
    let (bytes, reserved) = match read_bundle(&state, &headers, body).await {
        Ok(b) => b,
        Err(r) => {
            let code = if r.status() == StatusCode::SERVICE_UNAVAILABLE { "server.busy" } else { "from its first bytes" };
            log_refusal(peer, &format!("{code}, HTTP {}", r.status().as_u16()));
            return r;
        }
    };
    let label = format!("http {}", peer.map(|p| p.ip().to_string()).unwrap_or_default());
    let shared = state.clone();
    // The permits go with the work: a client that hangs up does not free them while its bundle still
    // waits for the store.
    let result = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, SyncError> {
        let _held = (upload, reserved, slot);
        let mut store = shared.store.lock().unwrap_or_else(|p| p.into_inner());
        let report = match ops::import_bytes(&mut store, &bytes) {
            Ok(r) => r,
            Err(e) => {
                ops::refused_with(&store, "http.zhcb", &bytes, &e, Some(&label), ops::Keep::NoteOnly);
                // A copied laptop database: answer with its return bundle, which tells it to take a
                // new identity; its next post then carries everything again (ADR 0001).
                if let SyncError::Store(zhucun_store::StoreError::Diverged { device, .. }) = &e {
                    return Ok(ops::export_for_peer(&store, device)?.bytes);
                }
                return Err(e);
            }
        };
        let _ = ops::event(&store, "http", Some(&report.sender), None, true, report.applied as i64, format!("联网同步：收到 {} 条新修改", report.applied));
        Ok(ops::export_for_peer(&store, &report.sender)?.bytes)
    })
    .await;
    match result {
        Ok(Ok(bytes)) => ([(header::CONTENT_TYPE, "application/octet-stream")], bytes).into_response(),
        Ok(Err(e)) => {
            log_refusal(peer, e.code());
            refuse(&e)
        }
        Err(_) => refusal(StatusCode::INTERNAL_SERVER_ERROR, "server.error", "服务器内部出错，请稍后再试，并告诉县里。".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower::ServiceExt;

    fn app(limits: Limits) -> Router {
        let store = Store::open_in_memory().unwrap();
        ops::init_county(&store).unwrap();
        router(AppState::new(store, limits))
    }

    async fn post(app: Router, body: Body, len: Option<u64>) -> (StatusCode, serde_json::Value) {
        let mut req = Request::post(SYNC_PATH);
        if let Some(n) = len {
            req = req.header(header::CONTENT_LENGTH, n);
        }
        let resp = app.oneshot(req.body(body).unwrap()).await.unwrap();
        let status = resp.status();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
    }

    fn frame(len: u64) -> Vec<u8> {
        let mut f = bundle::FRAME.to_vec();
        f.extend_from_slice(&1u16.to_le_bytes());
        f.extend_from_slice(&len.to_le_bytes());
        f
    }

    #[tokio::test]
    async fn health_says_only_that_the_server_is_up() {
        let resp = app(Limits::default()).oneshot(Request::get("/v1/health").body(Body::empty()).unwrap()).await.unwrap();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], br#"{"ok":true}"#);
    }

    #[tokio::test]
    async fn bodies_are_refused_from_their_declared_size_and_first_bytes() {
        let (s, j) = post(app(Limits::default()), Body::empty(), Some(500 << 20)).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("sync.too_large")));
        let (s, j) = post(app(Limits::default()), Body::from(frame(400 << 20)), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::PAYLOAD_TOO_LARGE, Some("sync.too_large")), "the frame's declared length");
        let (s, j) = post(app(Limits::default()), Body::from(&b"GIF89a......."[..]), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::BAD_REQUEST, Some("sync.not_bundle")));
        let (s, j) = post(app(Limits::default()), Body::empty(), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::BAD_REQUEST, Some("sync.not_bundle")));
        let mut long = frame(4);
        long.extend_from_slice(b"12345");
        let (s, j) = post(app(Limits::default()), Body::from(long), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::BAD_REQUEST, Some("sync.corrupt")), "more than the frame declares");
        let mut short = frame(10);
        short.extend_from_slice(b"123");
        let (s, j) = post(app(Limits::default()), Body::from(short), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::BAD_REQUEST, Some("sync.truncated")));
        let mut flipped = frame(10);
        flipped[4] = 129;
        let (s, j) = post(app(Limits::default()), Body::from(flipped), None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::BAD_REQUEST, Some("sync.corrupt")), "a flipped frame version is damage");
        assert!(!j["message"].as_str().unwrap().contains("升级"));
    }

    #[tokio::test]
    async fn a_body_that_stalls_is_cut_off() {
        let limits = Limits { chunk_timeout: Duration::from_millis(200), ..Limits::default() };
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<axum::body::Bytes, std::io::Error>>(1);
        tx.send(Ok(frame(1000).into())).await.unwrap();
        let body = Body::from_stream(tokio_stream(rx));
        let t = std::time::Instant::now();
        let (s, j) = post(app(limits), body, None).await;
        assert_eq!((s, j["code"].as_str()), (StatusCode::REQUEST_TIMEOUT, Some("server.timeout")));
        assert!(t.elapsed() < Duration::from_secs(3));
        drop(tx);
    }

    fn tokio_stream(
        mut rx: tokio::sync::mpsc::Receiver<Result<axum::body::Bytes, std::io::Error>>,
    ) -> impl futures_util::Stream<Item = Result<axum::body::Bytes, std::io::Error>> {
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
    }

    #[tokio::test]
    async fn uploads_beyond_the_budget_wait_outside() {
        let limits = Limits { max_uploads: 1, ..Limits::default() };
        let state = AppState::new(
            {
                let s = Store::open_in_memory().unwrap();
                ops::init_county(&s).unwrap();
                s
            },
            limits,
        );
        let _held = state.uploads.clone().try_acquire_owned().unwrap();
        let resp = router(state.clone()).oneshot(Request::post(SYNC_PATH).body(Body::from(frame(4))).unwrap()).await.unwrap();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(resp.headers().get(header::RETRY_AFTER).unwrap(), "30");
    }
}
