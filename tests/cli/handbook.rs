//! 结对帮扶手册 through the real `zhucun` and `zhucun-server` binaries: every bad input of issue 12
//! refused in Chinese with the database unchanged; a round trip (pairing, plan, measure, income,
//! signatures with a PNG) where 手册审核 shrinks as entries are fixed, 待办 items go, and `check pairing`
//! answers for a month, a quarter and a year; the PDF read back with `pdftotext` and `pdffonts`; and
//! signatures reaching the county and the other laptop over HTTP, each image stored once everywhere.

use crate::p;
use serde_json::Value;
use std::path::Path;
use zhucun_e2e::{db_digest, County, World};

const TODAY: &str = "2024-09-20";

// ---------------------------------------------------------------------------------------------
// A PNG writer for the tests (stored deflate blocks: no compression library needed).

fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let n = c.len() as u16;
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(&(!n).to_le_bytes());
        out.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

/// An 8-bit greyscale PNG of `w`×`h` with the grey of each pixel from `px`.
fn png(w: u32, h: u32, mut px: impl FnMut(u32, u32) -> u8) -> Vec<u8> {
    let mut raw = Vec::with_capacity(((w + 1) * h) as usize);
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.push(px(x, y));
        }
    }
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A signature: dark strokes on white.
fn signature_png() -> Vec<u8> {
    png(300, 100, |x, y| if (x + 2 * y) % 37 < 3 || (y * 3).abs_diff(x % 300) < 2 { 20 } else { 255 })
}

/// Grey noise: does not compress, neither as PNG nor as JPEG.
fn noise_png() -> Vec<u8> {
    let mut s = 12_345u32;
    png(200, 200, |_, _| {
        s = s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        (s >> 24) as u8
    })
}

fn write(w: &World, name: &str, bytes: &[u8]) -> String {
    std::fs::write(w.path(name), bytes).unwrap();
    p(w, name)
}

// ---------------------------------------------------------------------------------------------
// Worlds.

/// A village of 30 households imported; the monitored household's 户编号.
fn village() -> (World, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let number = monitored(&w);
    (w, number)
}

fn monitored(w: &World) -> String {
    let list = w.zhucun_on(TODAY, &["households", "list", "--category", "监测户", "--json"]).json();
    list.as_array().unwrap()[0]["number"].as_str().unwrap().to_string()
}

fn run(w: &World, args: &[&str]) -> String {
    w.zhucun_on(TODAY, args).ok().lines().next().unwrap_or("").trim().to_string()
}

fn audit(w: &World) -> Vec<Value> {
    w.zhucun_on(TODAY, &["handbook", "audit", "--year", "2024", "--json"]).json().as_array().unwrap().clone()
}

/// The audit lines of one entry.
fn audit_of(w: &World, entry_id: &str) -> Vec<(String, String)> {
    audit(w)
        .iter()
        .filter(|a| a["entry_id"] == entry_id)
        .map(|a| (a["code"].as_str().unwrap().to_string(), a["message"].as_str().unwrap().to_string()))
        .collect()
}

/// The 待办 rules owed by one household this month.
fn due_of(w: &World, number: &str) -> Vec<String> {
    let all = w.zhucun_on(TODAY, &["due", "--period", "2024-09", "--json"]).json();
    let mut v: Vec<String> = all.as_array().unwrap().iter().filter(|d| d["number"] == number).map(|d| d["rule"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

/// `check pairing` findings of one household: (rule, period, status).
fn findings_of(w: &World, period: &str, number: &str) -> Vec<(String, String, String)> {
    let all = w.zhucun_on(TODAY, &["check", "pairing", "--period", period, "--json"]).json();
    let mut v: Vec<_> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["subject_label"].as_str().is_some_and(|l| l.contains(number)))
        .map(|f| (f["rule"].as_str().unwrap().to_string(), f["period"].as_str().unwrap().to_string(), f["status"].as_str().unwrap().to_string()))
        .collect();
    v.sort();
    v
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn bad_handbook_input_is_refused_in_chinese_with_the_database_unchanged() {
    let (w, number) = village();
    let plan = run(&w, &["plan", "set", &number, "--year", "2024", "--text", "稳定务工收入", "--measures", "推荐就业"]);
    let text = write(&w, "签名.png", "户编号,姓名\n1,张三\n".as_bytes());
    let sig = signature_png();
    let truncated = write(&w, "半张.png", &sig[..sig.len() / 2]);
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(21 * 1024 * 1024, 0);
    let big = write(&w, "大.png", &big);
    let mut bomb = signature_png();
    bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
    let bomb = write(&w, "炸弹.png", &bomb);
    let good = write(&w, "好.png", &sig);

    let before = db_digest(&w.db());
    let n = number.as_str();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["measure", "add", n, "--category", "旅游", "--text", "发鸡苗", "--from", "2024-09-01"], "措施类别“旅游”不在全国系统的类别中"),
        (vec!["measure", "add", n, "--category", "产业", "--text", "发鸡苗", "--from", "2024-09-01", "--amount", "-5"], "金额“-5”不对"),
        (vec!["measure", "add", n, "--category", "产业", "--text", "发鸡苗", "--from", "2024-09-01", "--amount", "abc"], "金额“abc”不对"),
        (vec!["measure", "add", n, "--category", "产业", "--text", "发鸡苗", "--from", "2024-09-01", "--to", "2024-08-01"], "早于开始日期"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=-5"], "金额“-5”不对"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=abc"], "金额“abc”不对"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=12.345"], "最多两位小数"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=3000", "--costs", "-5"], "金额“-5”不对"),
        (vec!["income", "set", n, "--year", "2024", "--item", "旅游收入=3000"], "旅游收入"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=3000", "--size", "0", "--reason", "分户"], "家庭人口0不对"),
        (vec!["income", "set", n, "--year", "2024", "--item", "工资性收入=3000", "--size", "两"], "请写整数人数"),
        (vec!["income", "set", n, "--year", "2025", "--item", "工资性收入=3000"], "2025年还没到"),
        (vec!["evaluation", "add", n, "--quarter", "2024-Q4", "--text", "收入稳定"], "2024年第四季度还没开始"),
        (vec!["evaluation", "add", n, "--quarter", "2024-Q5", "--text", "收入稳定"], "2024-Q5"),
        (vec!["assessment", "add", n, "--quarter", "2024-Q3", "--result", "不知道", "--text", "收入稳定"], "评估结论“不知道”不对"),
        (vec!["sign", &plan, "--as", "cadre", "--image", &text], "只收 PNG 或 JPEG"),
        (vec!["sign", &plan, "--as", "cadre", "--image", &truncated], "不完整或已损坏"),
        (vec!["sign", &plan, "--as", "cadre", "--image", &big], "签名图片文件太大"),
        (vec!["sign", &plan, "--as", "cadre", "--image", &bomb], "100000×100000"),
        (vec!["sign", &plan, "--as", "村长", "--image", &good], "--as“村长”不对"),
        (vec!["sign", "no-such-entry", "--as", "cadre", "--image", &good], "没有编号为“no-such-entry”"),
        (vec!["sign", &plan, "--as", "cadre", "--image", &good, "--date", "2024-09-21"], "还没到"),
        (vec!["pairing", "set", n, "--cadre", "周建国", "--phone", "12345", "--from", "2024-09-10"], "联系电话“12345”不对"),
        (vec!["household", "set", n, "--bottom-support", "也许"], "--bottom-support"),
    ];
    for (args, says) in &cases {
        let r = w.zhucun_on(TODAY, args);
        assert_eq!(r.code(), 1, "{args:?}\n{}", r.stdout());
        assert!(r.stderr().contains(says), "{args:?}: {}", r.stderr());
        assert!(r.stderr().starts_with("错误："), "{args:?}: {}", r.stderr());
        assert_eq!(before, db_digest(&w.db()), "{args:?} changed the database");
    }

    // An image over signature.max_kb after scaling and compressing: the size found and the limit.
    w.zhucun_on(TODAY, &["param", "set", "signature.max_kb", "1", "--source", "测试用的依据文件"]).ok();
    let noise = write(&w, "噪点.png", &noise_png());
    let before = db_digest(&w.db());
    let r = w.zhucun_on(TODAY, &["sign", &plan, "--as", "cadre", "--image", &noise]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("超过签名图片 1 KB 的上限"), "{}", r.stderr());
    assert_eq!(before, db_digest(&w.db()));
    assert_eq!(count(&w.db(), "SELECT count(*) FROM signature_image"), 0);
}

#[test]
fn a_handbook_from_pairing_to_pdf_the_audit_and_due_shrinking_as_entries_are_fixed() {
    let (w, number) = village();
    let n = number.as_str();
    // The first secretary becomes the household's cadre from 9月10日 (the cadre reused by name and phone).
    let zhou = run(&w, &["member", "add", "--name", "周建国", "--role", "第一书记", "--from", "2024-01-01", "--phone", "13812345678"]);
    let paired = w.zhucun_on(TODAY, &["pairing", "set", n, "--cadre", "周建国", "--unit", "县农业农村局", "--phone", "13812345678", "--from", "2024-09-10", "--json"]).json();
    assert_eq!((paired["name"].as_str(), paired["start"].as_str()), (Some("周建国"), Some("2024-09-10")));
    assert!(due_of(&w, n).contains(&"P3.contact".to_string()), "{:?}", due_of(&w, n));
    // 待办 for "me": the member whose cadre is the household's lists it; another member's list does not.
    let mine = w.zhucun_on(TODAY, &["due", "--member", &zhou, "--json"]).json();
    assert!(!mine.as_array().unwrap().is_empty() && mine.as_array().unwrap().iter().all(|d| d["number"] == n), "{mine}");
    let li = run(&w, &["member", "add", "--name", "李娟", "--role", "队员", "--from", "2024-01-01", "--phone", "13912345678"]);
    assert!(!w.zhucun_on(TODAY, &["due", "--member", &li, "--json"]).json().as_array().unwrap().iter().any(|d| d["number"] == n));

    // A contact dated before the pairing began: allowed, then on the audit list.
    let visit = run(&w, &["visit", "add", "--household", n, "--date", "2024-09-05", "--mode", "入户", "--by", &zhou, "--text", "了解务工"]);
    let lines = audit_of(&w, &visit);
    assert!(lines.iter().any(|(c, m)| c == "P4.before_pairing" && m.contains("早于周建国与该户结对开始的2024年9月10日")), "{lines:?}");
    assert!(due_of(&w, n).contains(&"P3.contact".to_string()), "a contact before the pairing does not count");
    // Fixed (the date was mistyped): the line goes, and so do the month's contact and the quarter's visit.
    w.zhucun_on(TODAY, &["visit", "edit", &visit, "--date", "2024-09-12", "--editor", "周建国", "--reason", "日期记错"]).ok();
    assert!(!audit_of(&w, &visit).iter().any(|(c, _)| c == "P4.before_pairing"), "{:?}", audit_of(&w, &visit));
    let due = due_of(&w, n);
    assert!(!due.contains(&"P3.contact".to_string()) && !due.contains(&"P3.visit".to_string()), "{due:?}");
    assert!(findings_of(&w, "2024-09", n).contains(&("P3.contact".into(), "2024-09".into(), "ok".into())), "{:?}", findings_of(&w, "2024-09", n));
    assert!(findings_of(&w, "2024-Q3", n).contains(&("P3.visit".into(), "2024-Q3".into(), "ok".into())), "{:?}", findings_of(&w, "2024-Q3", n));

    // The year's plan: P3.plan goes from 待办 and from the year's check; the plan wants two signatures.
    assert!(findings_of(&w, "2024", n).contains(&("P3.plan".into(), "2024".into(), "short".into())), "{:?}", findings_of(&w, "2024", n));
    let plan = run(&w, &["plan", "set", n, "--year", "2024", "--text", "稳定务工收入", "--measures", "推荐就业、发展养殖"]);
    assert!(!due_of(&w, n).contains(&"P3.plan".to_string()));
    assert!(findings_of(&w, "2024", n).contains(&("P3.plan".into(), "2024".into(), "ok".into())));
    assert_eq!(audit_of(&w, &plan).iter().filter(|(c, _)| c == "P4.unsigned").count(), 2, "{:?}", audit_of(&w, &plan));

    // A measure (D2 was owed since identification) and its status.
    assert!(audit(&w).iter().any(|a| a["number"] == n && a["code"] == "D2"));
    let measure = run(&w, &["measure", "add", n, "--category", "产业", "--text", "发放鸡苗200只", "--from", "2023-04-20", "--amount", "1200.50"]);
    assert!(!audit(&w).iter().any(|a| a["number"] == n && a["code"] == "D2"), "a measure within 30 days clears D2");
    let set = w.zhucun_on(TODAY, &["measure", "set", &measure, "--status", "已落实", "--editor", "周建国", "--json"]).json();
    assert_eq!((set["status"].as_str(), set["kind"].as_str(), set["amount_fen"].as_i64()), (Some("已落实"), Some("开发式"), Some(120_050)));
    let refused = w.zhucun_on(TODAY, &["measure", "set", &measure, "--status", "已落实"]);
    assert!(refused.code() == 1 && refused.stderr().contains("请写明修改人"), "{}", refused.stderr());

    // The income accounting, sums computed; the size from the roster.
    let income = w
        .zhucun_on(TODAY, &["income", "set", n, "--year", "2024", "--item", "工资性收入=30000", "--item", "种植业=3600.50", "--item", "低保金=1200", "--costs", "1000", "--json"])
        .json();
    let sums = &income["sums"];
    assert_eq!((sums["total"].as_i64(), sums["net"].as_i64()), (Some(3_480_050), Some(3_380_050)));
    let size = income["size"].as_i64().unwrap();
    let per_capita = sums["per_capita"].as_i64().unwrap();
    assert_eq!(per_capita, (3_380_050 + size / 2) / size, "rounded half away from zero");
    let income_id = income["id"].as_str().unwrap().to_string();

    // Signatures: the same PNG on three entries is stored once.
    let sig = write(&w, "签名.png", &signature_png());
    for (entry, role) in [(&plan, "cadre"), (&plan, "household"), (&income_id, "cadre")] {
        let r = w.zhucun_on(TODAY, &["sign", entry, "--as", role, "--image", &sig, "--json"]).json();
        assert_eq!(r["entry_id"].as_str(), Some(entry.as_str()));
    }
    assert!(audit_of(&w, &plan).is_empty(), "{:?}", audit_of(&w, &plan));
    let left = audit_of(&w, &income_id);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].1.contains("缺少农户签名"), "{left:?}");
    assert!(due_of(&w, n).contains(&"P4.unsigned".to_string()));
    assert_eq!(count(&w.db(), "SELECT count(*) FROM signature_image"), 1);
    assert_eq!(count(&w.db(), "SELECT count(*) FROM signature WHERE voided_on IS NULL"), 3);
    let kind = w.zhucun_on(TODAY, &["sign", &visit, "--as", "cadre", "--image", &sig, "--entry-kind", "visit", "--signer", "周建国", "--json"]).json();
    assert_eq!(kind["entry"], "visit");
    assert_eq!(count(&w.db(), "SELECT count(*) FROM signature_image"), 1);

    // The PDF: 户编号, the sums, the signer and 未签名 where the household has not signed; fonts embedded.
    let pdf = p(&w, "手册.pdf");
    w.zhucun_on(TODAY, &["handbook", "pdf", n, "--year", "2024", "--out", &pdf]).ok();
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = String::from_utf8(std::process::Command::new("pdftotext").args([&pdf, "-"]).output().expect("pdftotext").stdout).unwrap();
    for want in [n, "30000.00", "3600.50", "1200.00", "34800.50", "1000.00", "33800.50", "周建国", "未签名", "县农业农村局"] {
        assert!(text.contains(want), "no {want} in the PDF text:\n{text}");
    }
    let fonts = String::from_utf8(std::process::Command::new("pdffonts").arg(&pdf).output().expect("pdffonts").stdout).unwrap();
    let faces: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!faces.is_empty(), "{fonts}");
    for l in &faces {
        let cols: Vec<&str> = l.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "a font not embedded: {l}");
    }
    // Once the household signs, 未签名 goes from the income's page (its line from the audit too).
    w.zhucun_on(TODAY, &["sign", &income_id, "--as", "household", "--image", &sig]).ok();
    assert!(audit_of(&w, &income_id).is_empty());
    // A group's handbooks in one file, into a folder (named by the program).
    let dir = w.path("打印");
    std::fs::create_dir_all(&dir).unwrap();
    let group = w.zhucun_on(TODAY, &["households", "list", "--query", n, "--json"]).json()[0]["group"].as_str().unwrap().to_string();
    let out = w.zhucun_on(TODAY, &["handbook", "pdf", "--group", &group, "--year", "2024", "--out", dir.to_str().unwrap(), "--json"]).json();
    assert!(out["households"].as_u64().unwrap() >= 1);
    assert!(Path::new(out["file"].as_str().unwrap()).starts_with(&dir));
    let text = String::from_utf8(std::process::Command::new("pdftotext").args([out["file"].as_str().unwrap(), "-"]).output().unwrap().stdout).unwrap();
    assert!(text.contains(n));
    let both = w.zhucun_on(TODAY, &["handbook", "pdf", n, "--group", &group, "--out", &pdf]);
    assert!(both.code() == 1 && both.stderr().contains("二者选一"), "{}", both.stderr());

    // 兜底保障 beside 全家外出.
    assert!(w.zhucun_on(TODAY, &["household", "set", n, "--bottom-support", "是"]).ok().contains("兜底保障户"));
    assert_eq!(count(&w.db(), &format!("SELECT bottom_support FROM household WHERE number = '{n}'")), 1);
    assert!(w.zhucun_on(TODAY, &["household", "set", n, "--bottom-support", "是"]).ok().contains("未改动"));
}

#[test]
fn signatures_reach_the_county_and_the_other_laptop_once() {
    let county = County::with_demo(30, 30);
    let village = county.village();
    let server = county.serve(&[]);
    let a = county.enroll(&village, Some(&server.url));
    let b = county.enroll(&village, Some(&server.url));
    a.zhucun(&["sync", "now"]).ok();
    b.zhucun(&["sync", "now"]).ok();
    let number = monitored(&a);
    let n = number.as_str();

    // The county's day is 2024-09-15 (County::server): the laptops' too, so no entry is in its future.
    // Laptop A: a plan and an income accounting, three signatures with one image.
    let plan = a.zhucun(&["plan", "set", n, "--year", "2024", "--text", "稳定务工收入"]).ok().trim().to_string();
    let income = w_income(&a, n);
    let sig = write(&a, "签名.png", &signature_png());
    for (entry, role) in [(&plan, "cadre"), (&plan, "household"), (&income, "cadre")] {
        a.zhucun(&["sign", entry, "--as", role, "--image", &sig]).ok();
    }
    a.zhucun(&["sync", "now"]).ok();
    b.zhucun(&["sync", "now"]).ok();
    for db in [a.db(), county.db(), b.db()] {
        assert_eq!(count(&db, "SELECT count(*) FROM signature_image"), 1, "{}", db.display());
        assert_eq!(count(&db, "SELECT count(*) FROM signature"), 3, "{}", db.display());
    }
    // Laptop B signs with the same picture (another photo of the same file): still one image everywhere.
    let sig_b = write(&b, "同一张.png", &signature_png());
    b.zhucun(&["sign", &income, "--as", "household", "--image", &sig_b]).ok();
    b.zhucun(&["sync", "now"]).ok();
    a.zhucun(&["sync", "now"]).ok();
    let image = |db: &Path| -> (String, String) {
        let c = rusqlite::Connection::open(db).unwrap();
        c.query_row("SELECT id, data FROM signature_image", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
    };
    let first = image(&a.db());
    for db in [a.db(), county.db(), b.db()] {
        assert_eq!(count(&db, "SELECT count(*) FROM signature_image"), 1, "{}", db.display());
        assert_eq!(count(&db, "SELECT count(*) FROM signature"), 4, "{}", db.display());
        assert_eq!(image(&db), first, "the same bytes on every replica");
    }
    // A photo of the household's thumbprint (JPEG) on A's evaluation: scaled, encoded again without
    // its comment naming a GPS position, and on every replica beside the pad's PNG.
    let evaluation = a.zhucun(&["evaluation", "add", n, "--quarter", "2024-Q3", "--text", "务工收入稳定"]).ok().trim().to_string();
    let photo = zhucun_e2e::repo_root().join("tests/fixtures/handbook/手印.jpg");
    assert!(std::fs::read(&photo).unwrap().windows(3).any(|w| w == b"GPS"), "the fixture carries its GPS note");
    a.zhucun(&["sign", &evaluation, "--as", "household", "--image", photo.to_str().unwrap(), "--method", "照片"]).ok();
    a.zhucun(&["sync", "now"]).ok();
    b.zhucun(&["sync", "now"]).ok();
    for db in [a.db(), county.db(), b.db()] {
        assert_eq!(count(&db, "SELECT count(*) FROM signature_image"), 2, "{}", db.display());
        assert_eq!(count(&db, "SELECT count(*) FROM signature WHERE method = '照片' AND tbl = 'evaluation'"), 1, "{}", db.display());
        let c = rusqlite::Connection::open(&db).unwrap();
        let (w, h, bytes, data): (i64, i64, i64, String) =
            c.query_row("SELECT width, height, bytes, data FROM signature_image WHERE mime = 'image/jpeg'", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).unwrap();
        assert_eq!((w, h), (800, 600), "within signature.photo_max_px, never enlarged");
        let decoded = base64_decode(&data);
        assert_eq!(decoded.len() as i64, bytes);
        assert!(decoded.starts_with(&[0xFF, 0xD8, 0xFF]) && bytes <= 200 * 1024);
        assert!(!decoded.windows(3).any(|w| w == b"GPS"), "the metadata is dropped");
    }

    // The other laptop prints the signatures it received.
    let pdf = p(&b, "手册.pdf");
    b.zhucun(&["handbook", "pdf", n, "--year", "2024", "--out", &pdf]).ok();
    let text = String::from_utf8(std::process::Command::new("pdftotext").args([&pdf, "-"]).output().unwrap().stdout).unwrap();
    assert!(text.contains(n) && !text.contains("签名图像"), "{text}");
    assert_eq!(a.zhucun(&["handbook", "audit", "--json"]).json().as_array().unwrap().iter().filter(|x| x["entry_id"] == plan.as_str() || x["entry_id"] == income.as_str()).count(), 0);

    // The county checks every village with the same rules.
    let county_audit = county.server(&["handbook", "audit", "--year", "2024", "--json"]).json();
    let laptop_audit = a.zhucun(&["handbook", "audit", "--year", "2024", "--json"]).json();
    let codes = |v: &Value| {
        let mut c: Vec<String> = v.as_array().unwrap().iter().filter(|x| x["number"] == n).map(|x| format!("{} {}", x["code"], x["date"])).collect();
        c.sort();
        c
    };
    assert!(!codes(&county_audit).is_empty());
    assert_eq!(codes(&county_audit), codes(&laptop_audit), "the county and the laptop find the same");
    for period in ["2024-09", "2024-Q3", "2024"] {
        let found = county.server(&["check", "pairing", "--period", period, "--json"]).json();
        let ours = found.as_array().unwrap().iter().filter(|f| f["subject_label"].as_str().is_some_and(|l| l.contains(n))).count();
        assert!(ours > 0, "{period}: {found}");
        assert!(found.as_array().unwrap().iter().all(|f| f["period"] == period), "{period}");
    }
    let text = county.server(&["handbook", "audit"]).ok();
    assert!(text.contains("年手册审核：共"), "{text}");
    let bad = county.server(&["check", "pairing", "--period", "2024-13"]);
    assert_eq!(bad.code(), 1);
}

fn w_income(w: &World, n: &str) -> String {
    let r = w.zhucun(&["income", "set", n, "--year", "2024", "--item", "工资性收入=20000", "--costs", "0", "--json"]).json();
    r["id"].as_str().unwrap().to_string()
}

/// Standard base64 with padding, as `signature_image.data` holds it.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        other => panic!("not base64: {other}"),
    };
    let mut out = Vec::new();
    for quad in text.as_bytes().chunks(4) {
        let v: Vec<u8> = quad.iter().filter(|c| **c != b'=').map(|c| value(*c)).collect();
        let n = v.iter().enumerate().fold(0u32, |acc, (i, x)| acc | (u32::from(*x) << (18 - 6 * i)));
        out.extend_from_slice(&n.to_be_bytes()[1..v.len()]);
    }
    out
}
