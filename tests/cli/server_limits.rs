//! The county server under load from anyone on its network, on the real `zhucun-server serve` (on
//! 127.0.0.1 with short timeouts): oversized and garbage bodies posted in parallel, idle and slow
//! connections held open, uploads and connections beyond the bounds. Each gets its answer (413, 400,
//! 408, 503) or is closed in time, the server's memory and its quarantine stay small, and a real
//! laptop syncs meanwhile.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use zhucun_e2e::{files_under, proc_status_kb, size_under, County, World};

const MB: u64 = 1 << 20;

fn connect(addr: &str) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect to the server");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

fn frame(len: u64) -> Vec<u8> {
    let mut f = b"ZHCB\x01\x00".to_vec();
    f.extend_from_slice(&len.to_le_bytes());
    f
}

fn chunk(data: &[u8]) -> Vec<u8> {
    let mut c = format!("{:x}\r\n", data.len()).into_bytes();
    c.extend_from_slice(data);
    c.extend_from_slice(b"\r\n");
    c
}

/// The status, headers and (up to 64 KB of) body of the answer, or None if the connection closed.
fn read_answer(s: &mut TcpStream) -> Option<(u16, String, String)> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    loop {
        let n = s.read(&mut byte).ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&byte[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).into_owned();
            let len: usize = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap_or(0)))
                .unwrap_or(0);
            while buf.len() < end + 4 + len.min(64 << 10) {
                let n = s.read(&mut byte).ok()?;
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&byte[..n]);
            }
            let status = head.split_whitespace().nth(1)?.parse().ok()?;
            let body = String::from_utf8_lossy(&buf[end + 4..]).into_owned();
            return Some((status, head, body));
        }
    }
    None
}

/// After an early answer: how much more of the body the server let us write (it stopped reading).
fn keep_writing(s: &mut TcpStream, max: u64) -> u64 {
    let c = vec![0u8; 1 << 20];
    let mut sent = 0;
    while sent < max {
        if s.write_all(&c).is_err() {
            break;
        }
        sent += c.len() as u64;
    }
    sent
}

const POST: &str = "POST /v1/sync HTTP/1.1\r\nHost: county\r\nContent-Type: application/octet-stream\r\n";

/// Posts 500 MB declared by Content-Length, with 64 KB sent: 413 at once.
fn oversized_by_length(addr: &str) -> (u16, String, u64) {
    let mut s = connect(addr);
    s.write_all(format!("{POST}Content-Length: {}\r\n\r\n", 500 * MB).as_bytes()).unwrap();
    let _ = s.write_all(&vec![0u8; 64 << 10]);
    let (status, _, body) = read_answer(&mut s).expect("an answer");
    (status, body, keep_writing(&mut s, 64 * MB))
}

/// A chunked post whose frame declares 500 MB: 413 from its first bytes.
fn oversized_by_frame(addr: &str) -> (u16, String, u64) {
    let mut s = connect(addr);
    s.write_all(format!("{POST}Transfer-Encoding: chunked\r\n\r\n").as_bytes()).unwrap();
    let mut first = frame(500 * MB);
    first.resize(64 << 10, 0);
    s.write_all(&chunk(&first)).unwrap();
    let (status, _, body) = read_answer(&mut s).expect("an answer");
    (status, body, keep_writing(&mut s, 64 * MB))
}

/// A chunked post of a video: 400 from its first bytes.
fn garbage(addr: &str) -> (u16, String, u64) {
    let mut s = connect(addr);
    s.write_all(format!("{POST}Transfer-Encoding: chunked\r\n\r\n").as_bytes()).unwrap();
    let mut first = b"RIFF\x00\x00\x10\x00AVI LIST".to_vec();
    first.resize(64 << 10, 0x33);
    s.write_all(&chunk(&first)).unwrap();
    let (status, _, body) = read_answer(&mut s).expect("an answer");
    (status, body, keep_writing(&mut s, 64 * MB))
}

/// A whole 2 MB post framed as a bundle but not one: read, refused (400), a note at most.
fn framed_junk(addr: &str) -> (u16, String) {
    let mut s = connect(addr);
    let mut body = frame(2 * MB);
    body.resize(body.len() + (2 * MB) as usize, 0x5A);
    s.write_all(format!("{POST}Content-Length: {}\r\n\r\n", body.len()).as_bytes()).unwrap();
    s.write_all(&body).unwrap();
    let (status, _, body) = read_answer(&mut s).expect("an answer");
    (status, body)
}

/// Connect and send nothing: how long until the server closes the connection.
fn idle(addr: &str) -> Duration {
    let mut s = connect(addr);
    let t = Instant::now();
    let mut b = [0u8; 64];
    let _ = s.read(&mut b);
    t.elapsed()
}

/// Send headers one line every 200 ms: how long until the server closes the connection.
fn slow_headers(addr: &str) -> Duration {
    let mut s = connect(addr);
    s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    let t = Instant::now();
    let _ = s.write_all(b"POST /v1/sync HTTP/1.1\r\n");
    let mut b = [0u8; 256];
    for i in 0..50 {
        if s.write_all(format!("X-Slow-{i}: a\r\n").as_bytes()).is_err() {
            break;
        }
        match s.read(&mut b) {
            Ok(_) => break,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
    t.elapsed()
}

/// Start a bundle upload and stall after its frame; the stream, to be read later.
fn stalled_upload(addr: &str) -> TcpStream {
    let mut s = connect(addr);
    s.write_all(format!("{POST}Content-Length: {}\r\n\r\n", MB + 14).as_bytes()).unwrap();
    s.write_all(&frame(MB)).unwrap();
    s
}

fn code_of(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body).ok().and_then(|v| v["code"].as_str().map(str::to_string)).unwrap_or_default()
}

fn laptop_syncs(l: &World, name: &str) {
    l.zhucun(&["member", "add", "--name", name, "--role", "队员", "--from", "2024-03-01"]).ok();
    let r = l.zhucun(&["sync", "now", "--json"]).json();
    assert_eq!(r["sent"], 2, "{r}");
    assert_eq!(l.zhucun(&["sync", "status", "--json"]).json()["pending"], 0);
}

#[test]
fn the_server_stays_bounded_under_hostile_clients_and_a_laptop_still_syncs() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let started = Instant::now();
    // The hostile clients below all come from 127.0.0.1, standing for many machines.
    let server = county.serve(&["--header-timeout-ms", "1000", "--chunk-timeout-ms", "1000", "--uploads-per-address", "1000"]);
    let l = county.enroll(&village, Some(&server.url));

    // Health says that the server is up, and nothing about it.
    let mut s = connect(&server.addr);
    s.write_all(b"GET /v1/health HTTP/1.1\r\nHost: county\r\n\r\n").unwrap();
    let (status, _, body) = read_answer(&mut s).unwrap();
    assert_eq!((status, body.as_str()), (200, r#"{"ok":true}"#));
    drop(s);
    let base_kb = proc_status_kb(server.pid(), "VmRSS").unwrap();

    let addr = server.addr.as_str();
    std::thread::scope(|scope| {
        let mut early = Vec::new();
        for _ in 0..2 {
            early.push(("length", scope.spawn(move || oversized_by_length(addr)), 413, "sync.too_large"));
            early.push(("frame", scope.spawn(move || oversized_by_frame(addr)), 413, "sync.too_large"));
            early.push(("garbage", scope.spawn(move || garbage(addr)), 400, "sync.not_bundle"));
        }
        let junk: Vec<_> = (0..4).map(|_| scope.spawn(move || framed_junk(addr))).collect();
        let idles: Vec<_> = (0..8).map(|_| scope.spawn(move || idle(addr))).collect();
        let slow: Vec<_> = (0..2).map(|_| scope.spawn(move || slow_headers(addr))).collect();
        let stalled: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(move || {
                    let mut s = stalled_upload(addr);
                    let t = Instant::now();
                    (read_answer(&mut s), t.elapsed())
                })
            })
            .collect();

        // Meanwhile a real laptop syncs.
        laptop_syncs(&l, "甲");

        for (what, h, status, code) in early {
            let (got, body, more) = h.join().unwrap();
            assert_eq!((got, code_of(&body).as_str()), (status, code), "{what}: {body}");
            assert!(more < 32 * MB, "{what}: the server stopped reading, {more} more bytes were taken");
            let message = serde_json::from_str::<serde_json::Value>(&body).unwrap()["message"].as_str().unwrap().to_string();
            assert!(!message.is_empty() && !message.is_ascii(), "a Chinese message: {message}");
        }
        for h in junk {
            let (status, body) = h.join().unwrap();
            assert_eq!((status, code_of(&body).as_str()), (400, "sync.not_bundle"), "{body}");
        }
        for h in idles {
            let d = h.join().unwrap();
            assert!(d >= Duration::from_millis(700) && d < Duration::from_secs(5), "an idle connection is closed by the header timeout: {d:?}");
        }
        for h in slow {
            let d = h.join().unwrap();
            assert!(d < Duration::from_secs(5), "headers sent slowly are cut off: {d:?}");
        }
        for h in stalled {
            let (answer, d) = h.join().unwrap();
            let (status, _, body) = answer.expect("an answer to a stalled upload");
            assert_eq!((status, code_of(&body).as_str()), (408, "server.timeout"));
            assert!(d < Duration::from_secs(5), "{d:?}");
        }
    });
    let hwm_kb = proc_status_kb(server.pid(), "VmHWM").unwrap();
    let rss_kb = proc_status_kb(server.pid(), "VmRSS").unwrap();
    let kept = county.world.dir.path().join("同步隔离");
    let kept_bytes = size_under(&kept);
    eprintln!(
        "server_limits: server RSS {} MB before, peak {} MB, now {} MB; quarantine {} files, {} bytes",
        base_kb / 1024,
        hwm_kb / 1024,
        rss_kb / 1024,
        files_under(&kept).len(),
        kept_bytes
    );
    assert!(hwm_kb < 160 * 1024, "server memory stays bounded: peak {} MB", hwm_kb / 1024);
    assert!(kept_bytes < 16 * 1024, "refused bodies are not kept: {kept_bytes} bytes in 同步隔离");
    drop(server);

    // Uploads and connections beyond their bounds.
    let server = county.serve(&["--header-timeout-ms", "3000", "--chunk-timeout-ms", "2000", "--max-uploads", "2", "--max-connections", "8", "--uploads-per-address", "1000"]);
    let addr = server.addr.as_str();
    let mut holders: Vec<TcpStream> = (0..2).map(|_| stalled_upload(addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut third = connect(addr);
    let mut body = frame(4);
    body.extend_from_slice(b"abcd");
    third.write_all(format!("{POST}Content-Length: {}\r\n\r\n", body.len()).as_bytes()).unwrap();
    third.write_all(&body).unwrap();
    let (status, head, body) = read_answer(&mut third).expect("an answer");
    assert_eq!((status, code_of(&body).as_str()), (503, "server.busy"), "{head}\n{body}");
    assert!(head.to_ascii_lowercase().contains("retry-after: 30"), "{head}");
    drop(third);
    std::thread::sleep(Duration::from_millis(200));
    let idle_conns: Vec<TcpStream> = (0..6).map(|_| connect(addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let t = Instant::now();
    let mut over = connect(addr);
    let mut b = [0u8; 16];
    let n = over.read(&mut b).unwrap_or(0);
    assert_eq!(n, 0, "a connection beyond the bound is closed");
    assert!(t.elapsed() < Duration::from_secs(2), "at once, not by a timeout: {:?}", t.elapsed());
    for h in &mut holders {
        let (status, _, body) = read_answer(h).expect("the stalled uploads time out");
        assert_eq!((status, code_of(&body).as_str()), (408, "server.timeout"));
    }
    drop(holders);
    drop(idle_conns);
    std::thread::sleep(Duration::from_millis(300));
    laptop_syncs_at(&l, "乙", &server.url);
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
}

fn laptop_syncs_at(l: &World, name: &str, url: &str) {
    l.zhucun(&["member", "add", "--name", name, "--role", "队员", "--from", "2024-03-01"]).ok();
    let r = l.zhucun(&["sync", "now", "--server", url, "--json"]).json();
    assert_eq!(r["sent"], 2, "{r}");
}

#[test]
fn the_server_listens_on_this_machine_only_unless_told() {
    let county = County { world: World::new() };
    let help = county.server(&["serve", "--help"]).ok();
    assert!(help.contains("127.0.0.1:8040") && help.contains("0.0.0.0:8040"), "{help}");
    assert!(!help.contains("header-timeout"), "test flags are hidden: {help}");
}

/// Connect to the server from another loopback address (127.0.0.2 stands for a second machine).
fn connect_from(source: &str, addr: &str) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let s = rt.block_on(async {
        let sock = tokio::net::TcpSocket::new_v4().unwrap();
        sock.bind(format!("{source}:0").parse().unwrap()).unwrap();
        sock.connect(addr.parse().unwrap()).await.unwrap()
    });
    let s = s.into_std().unwrap();
    s.set_nonblocking(false).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// One machine that stalls its uploads holds at most two of the server's upload slots: its third
/// is told the server is busy, while another machine is still served.
#[test]
fn one_address_cannot_take_every_upload_slot() {
    let county = County::with_demo(30, 30);
    let server = county.serve(&["--header-timeout-ms", "3000", "--chunk-timeout-ms", "3000"]);
    let addr = server.addr.as_str();
    let holders: Vec<TcpStream> = (0..2).map(|_| stalled_upload(addr)).collect();
    std::thread::sleep(Duration::from_millis(300));
    let mut body = frame(4);
    body.extend_from_slice(b"abcd");
    let post = |s: &mut TcpStream| {
        s.write_all(format!("{POST}Content-Length: {}\r\n\r\n", body.len()).as_bytes()).unwrap();
        s.write_all(&body).unwrap();
        read_answer(s).expect("an answer")
    };
    let (status, _, answer) = post(&mut connect(addr));
    assert_eq!((status, code_of(&answer).as_str()), (503, "server.busy"), "the third upload from one address waits: {answer}");
    let (status, _, answer) = post(&mut connect_from("127.0.0.2", addr));
    assert_ne!(status, 503, "another machine is served meanwhile: {answer}");
    drop(holders);
}
