//! Hostile input to sync, on the real binaries: files that are no bundles (a FIFO, a device, a 2 GB
//! video), names from the data that would make paths, a bad output folder, a revoked laptop's
//! return bundle, and a rogue server. Each refusal: exit code 1, a Chinese message, the data
//! unchanged, nothing written outside the chosen folder, and `同步隔离/` holding at most notes for
//! what was not a bundle.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zhucun_e2e::{data_digest, files_in, files_under, mkfifo, County, World};

/// The most a note about a refused file may take.
const NOTE_MAX: u64 = 4096;

fn only_file(dir: &Path) -> PathBuf {
    let files = files_in(dir);
    assert_eq!(files.len(), 1, "one file in {}: {files:?}", dir.display());
    files[0].clone()
}

fn quarantine(w: &World) -> PathBuf {
    w.dir.path().join("同步隔离")
}

/// The quarantine holds private files only, none of them bigger than a note unless it is `allowed`.
fn assert_quarantine_bounded(dir: &Path, allowed: &[Vec<u8>]) {
    if !dir.exists() {
        return;
    }
    assert_eq!(std::fs::metadata(dir).unwrap().permissions().mode() & 0o777, 0o700, "{} is private", dir.display());
    for f in files_in(dir) {
        let meta = std::fs::metadata(&f).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{} is private", f.display());
        if meta.len() > NOTE_MAX {
            let bytes = std::fs::read(&f).unwrap();
            assert!(allowed.contains(&bytes), "{} ({} bytes) is kept whole but is no bundle", f.display(), meta.len());
        }
    }
}

/// Files that appeared under `root` since `before`, other than the database's own and the quarantine's.
fn new_files(root: &Path, before: &[PathBuf]) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|p| !before.contains(p))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            !(p.parent().is_some_and(|d| d.ends_with("同步隔离")) || name.contains(".db"))
        })
        .collect()
}

/// The hostile inputs of class A, made in `w`: (path, what the message must say).
fn not_bundles(w: &World) -> Vec<(PathBuf, &'static str)> {
    let fifo = w.path("管道.zhcb");
    mkfifo(&fifo);
    let video = w.path("视频.mp4");
    std::fs::File::create(&video).unwrap().set_len(2 << 30).unwrap();
    let photo = w.path("照片.zhcb");
    std::fs::write(&photo, vec![0xFFu8; 100_000]).unwrap();
    vec![(fifo, "管道"), (PathBuf::from("/dev/zero"), "设备"), (video, "太大"), (photo, "不是")]
}

#[test]
fn files_that_are_no_bundles_are_refused_quickly_and_not_kept_whole() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let l = county.enroll(&village, None);
    let inputs = not_bundles(&l);
    // A bundle cut short on the stick: framed, so kept whole for inspection.
    let usb = l.path("usb");
    std::fs::create_dir_all(&usb).unwrap();
    l.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    let bundle = std::fs::read(only_file(&usb)).unwrap();
    let cut = l.path("cut.zhcb");
    std::fs::write(&cut, &bundle[..bundle.len() / 2]).unwrap();

    let before_files = files_under(l.dir.path());
    for (path, says) in inputs.iter().chain([(cut.clone(), "不完整")].iter()) {
        let before = data_digest(&l.db());
        let t = Instant::now();
        let r = l.zhucun(&["sync", "import", path.to_str().unwrap()]);
        assert!(t.elapsed() < Duration::from_secs(5), "{}: refused quickly ({:?})", path.display(), t.elapsed());
        assert_eq!(r.code(), 1, "{}: {}", path.display(), r.stderr());
        assert!(r.stderr().contains(says) && r.stderr().contains("数据没有改动"), "{}: {}", path.display(), r.stderr());
        assert_eq!(before, data_digest(&l.db()), "{} changed nothing", path.display());
    }
    assert_quarantine_bounded(&quarantine(&l), &[bundle[..bundle.len() / 2].to_vec()]);
    let kept = files_in(&quarantine(&l));
    assert!(kept.iter().any(|f| std::fs::read(f).unwrap() == bundle[..bundle.len() / 2]), "the cut bundle is kept whole: {kept:?}");
    assert_eq!(kept.len(), 2, "the cut bundle and a note for the photo; nothing for what could not be read: {kept:?}");
    assert_eq!(new_files(l.dir.path(), &before_files), Vec::<PathBuf>::new());

    // The county's import of files from a stick: the same refusals, nothing imported.
    let before = data_digest(&county.db());
    for (path, says) in &inputs {
        let t = Instant::now();
        let r = county.server(&["import", path.to_str().unwrap(), "--out-dir", county.world.path("ret").to_str().unwrap()]);
        assert!(t.elapsed() < Duration::from_secs(5), "{}: {:?}", path.display(), t.elapsed());
        assert_eq!(r.code(), 1, "{}", path.display());
        assert!(r.stdout().contains("拒收") && r.stdout().contains(says), "{}: {}", path.display(), r.stdout());
    }
    assert_eq!(before, data_digest(&county.db()));
    assert_quarantine_bounded(&quarantine(&county.world), &[]);
    assert!(files_in(&county.world.path("ret")).is_empty(), "no return bundle for nothing");

    // Enrollment files: a fresh laptop stays fresh.
    let fresh = World::new();
    fresh.zhucun(&["sync", "status"]).ok();
    let before = data_digest(&fresh.db());
    for (path, says) in not_bundles(&fresh) {
        let t = Instant::now();
        let r = fresh.zhucun(&["enroll", path.to_str().unwrap()]);
        assert!(t.elapsed() < Duration::from_secs(5), "{}: {:?}", path.display(), t.elapsed());
        assert_eq!(r.code(), 1, "{}", path.display());
        let expected = if says == "不是" { "登记文件无效" } else { says };
        assert!(r.stderr().contains(expected), "{}: {}", path.display(), r.stderr());
        assert_eq!(before, data_digest(&fresh.db()));
    }
}

/// Rename the county's first village (directly in its database) to a name full of path characters.
fn rename_village(county: &County, from: &str, to: &str) {
    let c = rusqlite::Connection::open(county.db()).unwrap();
    let n = c.execute("UPDATE division SET name = ?2 WHERE name = ?1 AND level = '村'", [from, to]).unwrap();
    assert_eq!(n, 1);
    let n = c.execute("UPDATE division SET name = 'a/../..镇' WHERE level = '乡镇'", []).unwrap();
    assert!(n >= 1);
}

#[test]
fn names_from_the_data_never_steer_a_file_out_of_the_chosen_folder() {
    let county = County::with_demo(300, 300);
    let hostile = "../../x/村";
    rename_village(&county, &county.village(), hostile);
    let l = county.enroll(hostile, None);
    let usb = l.path("stick/usb");
    std::fs::create_dir_all(&usb).unwrap();
    let before_l = files_under(l.dir.path());
    l.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    let exported = only_file(&usb);
    assert_eq!(new_files(l.dir.path(), &before_l), vec![exported.clone()], "the bundle, and only it, inside the chosen folder");
    assert!(exported.file_name().unwrap().to_string_lossy().ends_with(".zhcb"));

    let ret = county.world.path("out/ret");
    let before_c = files_under(county.world.dir.path());
    let out = county.server(&["import", exported.to_str().unwrap(), "--out-dir", ret.to_str().unwrap()]).ok();
    assert!(out.contains("已完成登记"), "{out}");
    let back = only_file(&ret);
    assert_eq!(new_files(county.world.dir.path(), &before_c), vec![back.clone()]);
    l.zhucun(&["sync", "import", back.to_str().unwrap()]).ok();

    let device = l.zhucun(&["sync", "status", "--json"]).json()["device"].as_str().unwrap().to_string();
    let again = county.world.path("out/again");
    let before_c = files_under(county.world.dir.path());
    county.server(&["return", &device, "--out-dir", again.to_str().unwrap()]).ok();
    assert_eq!(new_files(county.world.dir.path(), &before_c), vec![only_file(&again)]);
    assert!(!county.world.path("x").exists() && !l.path("x").exists() && !l.path("stick/x").exists());
}

#[test]
fn a_bad_output_folder_refuses_the_import_before_anything_is_applied() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let l = county.enroll(&village, None);
    let usb = l.path("usb");
    std::fs::create_dir_all(&usb).unwrap();
    l.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    let bundle = only_file(&usb);
    let not_a_dir = county.world.path("a-file");
    std::fs::write(&not_a_dir, b"x").unwrap();
    let before = data_digest(&county.db());
    for bad in [not_a_dir.join("ret"), not_a_dir.clone()] {
        let r = county.server(&["import", bundle.to_str().unwrap(), "--out-dir", bad.to_str().unwrap()]);
        assert_eq!(r.code(), 1);
        assert!(r.stderr().contains("无法写入"), "{}", r.stderr());
        assert_eq!(before, data_digest(&county.db()), "nothing imported");
    }
    let st = county.server(&["status", "--json"]).json();
    assert_eq!(st["devices"].as_array().unwrap().len(), 0, "the laptop's enrollment was not completed");
    // With a good folder the same bundle goes in.
    let out = county.server(&["import", bundle.to_str().unwrap(), "--out-dir", county.world.path("ret").to_str().unwrap()]).ok();
    assert!(out.contains("已完成登记"), "{out}");

    // A revoked laptop gets no return bundle; an unknown one neither.
    let device = l.zhucun(&["sync", "status", "--json"]).json()["device"].as_str().unwrap().to_string();
    county.server(&["revoke", &device]).ok();
    let out_dir = county.world.path("ret2");
    let r = county.server(&["return", &device, "--out-dir", out_dir.to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("已停用"), "{}", r.stderr());
    assert!(files_in(&out_dir).is_empty());
    let r = county.server(&["return", "no-such-laptop\u{1b}[2J", "--out-dir", out_dir.to_str().unwrap()]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("没有登记过") && !r.stderr().contains('\u{1b}'), "{}", r.stderr());
}

/// A tiny HTTP server on 127.0.0.1 that reads each request (bounded) and answers with `answer`.
fn fake_server(answer: impl Fn(&mut std::net::TcpStream) + Send + 'static) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut s) = stream else { continue };
            let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; len.min(64 << 20)];
            let _ = r.read_exact(&mut body);
            answer(&mut s);
        }
    });
    url
}

fn respond(s: &mut std::net::TcpStream, status: &str, headers: &str, body: &[u8]) {
    let _ = s.write_all(format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()).as_bytes());
    let _ = s.write_all(body);
}

/// Write up to `total` bytes of `fill` after `head` until the client hangs up.
fn flood(s: &mut std::net::TcpStream, head: &[u8], total: u64) {
    let _ = s.write_all(head);
    let chunk = vec![0u8; 1 << 16];
    let mut sent = 0u64;
    while sent < total {
        if s.write_all(&chunk).is_err() {
            return;
        }
        sent += chunk.len() as u64;
    }
}

#[test]
fn a_rogue_server_cannot_fill_the_disk_nor_put_words_in_the_laptop_s_mouth() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let l = county.enroll(&village, None);
    l.zhucun(&["member", "add", "--name", "王五", "--role", "队员", "--from", "2024-03-01"]).ok();
    let phish = "账号异常，请立即拨打 400-123-4567 并提供验证码";
    let mut frame = b"ZHCB\x01\x00".to_vec();
    frame.extend_from_slice(&(300u64 << 20).to_le_bytes());
    let framed_junk = {
        let mut f = b"ZHCB\x01\x00".to_vec();
        f.extend_from_slice(&100u64.to_le_bytes());
        f.extend_from_slice(&[0x5Au8; 100]);
        f
    };
    let kept_junk = framed_junk.clone();
    type Answer = Box<dyn Fn(&mut std::net::TcpStream) + Send>;
    let phish_json = serde_json::json!({"code": "phish", "message": phish}).to_string();
    let revoked_json = serde_json::json!({"code": "sync.revoked", "message": phish}).to_string();
    let cases: Vec<(&str, Answer, &str)> = vec![
        (
            "300 MB declared",
            Box::new(|s| flood(s, b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 314572800\r\n\r\n", 300 << 20)),
            "不是回执包",
        ),
        (
            "300 MB without a length, framed",
            Box::new(move |s| {
                let mut head = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n".to_vec();
                head.extend_from_slice(&frame);
                flood(s, &head, 300 << 20)
            }),
            "不是回执包",
        ),
        ("a web page", Box::new(|s| respond(s, "200 OK", "Content-Type: text/html\r\n", "<html>请登录</html>".as_bytes())), "不是回执包"),
        ("phishing text", Box::new(move |s| respond(s, "403 Forbidden", "Content-Type: application/json\r\n", phish_json.as_bytes())), "HTTP 403"),
        ("phishing under a known code", Box::new(move |s| respond(s, "403 Forbidden", "", revoked_json.as_bytes())), "已停用"),
        ("a redirect", Box::new(|s| respond(s, "302 Found", "Location: http://10.9.9.9/steal\r\n", b"")), "HTTP 302"),
        ("framed junk", Box::new(move |s| respond(s, "200 OK", "", &framed_junk)), "不是驻村工作台的同步包"),
    ];
    let before_files = files_under(l.dir.path());
    for (what, answer, says) in cases {
        let url = fake_server(answer);
        let before = data_digest(&l.db());
        let t = Instant::now();
        let r = l.zhucun(&["sync", "now", "--server", &url]);
        assert!(t.elapsed() < Duration::from_secs(20), "{what}: {:?}", t.elapsed());
        assert_eq!(r.code(), 1, "{what}: {}", r.stderr());
        let err = r.stderr();
        assert!(err.contains(says), "{what}: {err}");
        assert!(!err.contains("拨打") && !err.contains("400-123") && !err.contains("请登录") && !err.contains("10.9.9.9"), "{what}: the server's words are not shown: {err}");
        assert_eq!(before, data_digest(&l.db()), "{what} changed nothing");
        assert_eq!(l.zhucun(&["sync", "status", "--json"]).json()["pending"], 2, "{what}: nothing confirmed");
    }
    assert_quarantine_bounded(&quarantine(&l), &[kept_junk]);
    assert!(files_under(&quarantine(&l)).len() <= 1, "only the framed answer is kept");
    assert_eq!(new_files(l.dir.path(), &before_files), Vec::<PathBuf>::new(), "nothing written anywhere else");
}
