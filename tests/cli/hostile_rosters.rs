//! Hostile roster files on the real `zhucun` binary: a workbook naming the far corner of the grid, one
//! whose sheet or shared strings inflate to gigabytes or claim billions of entries, one declaring a huge
//! range, a FIFO and a device given as the roster, and a huge but nearly empty CSV. Each is refused with
//! exit code 1 and a Chinese message, leaves the database as it was, and — for the ones that would make
//! a naive reader allocate — runs under an address-space limit that a normal import passes, so an
//! abort (an allocation failure) fails the test instead of passing for a refusal.
//!
//! The workbooks are built here, byte by byte: a small zip writer and a DEFLATE writer (fixed Huffman
//! codes, runs as back-references) make a few megabytes that inflate to a gigabyte.

use crate::{p, world_with_roster};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zhucun_e2e::{bin, db_digest, read_csv, Run, World};

/// The address space the importer gets for the hostile files: a normal import needs about 40 MB.
const AS_LIMIT: u64 = 512 << 20;
/// A hostile file is refused well within this.
const DEADLINE: Duration = Duration::from_secs(20);

#[repr(C)]
struct RLimit {
    cur: u64,
    max: u64,
}

extern "C" {
    fn setrlimit(resource: i32, rlim: *const RLimit) -> i32;
}

/// RLIMIT_AS on Linux.
const RLIMIT_AS: i32 = 9;

/// Run `zhucun --db <world db> args…` under [`AS_LIMIT`], killed after [`DEADLINE`].
fn zhucun_limited(w: &World, args: &[&str]) -> (Run, Duration) {
    let mut cmd = Command::new(bin("zhucun"));
    cmd.arg("--db")
        .arg(w.db())
        .args(args)
        .env("ZHUCUN_TODAY", "2024-09-15")
        .env("XDG_DATA_HOME", w.path("xdg-data"))
        .env_remove("ZHUCUN_DB")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // SAFETY: setrlimit is async-signal-safe; nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let l = RLimit { cur: AS_LIMIT, max: AS_LIMIT };
            if setrlimit(RLIMIT_AS, &l) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let t = Instant::now();
    let mut child = cmd.spawn().expect("run zhucun");
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if t.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("zhucun {args:?} still running after {DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (Run(child.wait_with_output().expect("output")), t.elapsed())
}

/// A world with a good roster imported; returns it with its database digest.
fn imported() -> (World, String) {
    let (w, _) = world_with_roster(20);
    w.zhucun(&["roster", "import", &p(&w, "roster.csv")]).ok();
    let d = db_digest(&w.db());
    (w, d)
}

/// Import `path` under the limit: refused with exit code 1, a Chinese message naming `expect`, no
/// abort, quickly, and nothing changed.
fn refused(w: &World, before: &str, path: &str, expect: &[&str]) -> String {
    let (run, took) = zhucun_limited(w, &["roster", "import", path]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{path}: refused with exit code 1 (not a crash, not success)\nstdout:\n{}\nstderr:\n{err}", run.stdout());
    assert!(!err.contains("panicked") && !err.contains("memory allocation"), "{path}: no panic, no allocation failure: {err}");
    assert!(err.contains("错误：") || err.contains("没有导入任何数据"), "{path}: a Chinese message: {err}");
    for e in expect {
        assert!(err.contains(e) || run.stdout().contains(e), "{path}: the message says {e:?}: {err}\n{}", run.stdout());
    }
    assert!(err.chars().count() < 2000, "{path}: the message is short: {err}");
    assert!(took < Duration::from_secs(15), "{path}: refused in {took:?}");
    assert_eq!(db_digest(&w.db()), before, "{path}: a refused file changes nothing");
    err
}

// ---- a small zip writer and a DEFLATE writer ----

fn crc32(data: &[u8]) -> u32 {
    let mut table = [0u32; 256];
    for (i, t) in table.iter_mut().enumerate() {
        let mut c = i as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
        *t = c;
    }
    !data.iter().fold(!0u32, |c, &b| table[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8))
}

/// One part of a zip: stored as is, or already deflated with the size it inflates to.
struct Part {
    name: String,
    data: Vec<u8>,
    deflated: bool,
    crc: u32,
    size: u32,
}

fn stored(name: &str, data: &str) -> Part {
    Part { name: name.into(), data: data.as_bytes().to_vec(), deflated: false, crc: crc32(data.as_bytes()), size: data.len() as u32 }
}

fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for part in parts {
        let offset = out.len() as u32;
        let method: u16 = if part.deflated { 8 } else { 0 };
        let header = |sig: u32, central: bool| {
            let mut h = sig.to_le_bytes().to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes());
            h.extend(0u16.to_le_bytes());
            h.extend(method.to_le_bytes());
            h.extend([0u8; 4]);
            h.extend(part.crc.to_le_bytes());
            h.extend((part.data.len() as u32).to_le_bytes());
            h.extend(part.size.to_le_bytes());
            h.extend((part.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes());
            if central {
                h.extend([0u8; 10]); // comment length, disk, internal and external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(part.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(&part.data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

/// DEFLATE with the fixed Huffman codes: literals and back-references of length 258.
struct Deflate {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Deflate {
    fn new() -> Self {
        let mut d = Deflate { out: Vec::new(), acc: 0, n: 0 };
        d.bits(1, 1); // the last block
        d.bits(1, 2); // fixed Huffman codes
        d
    }

    fn bits(&mut self, v: u32, len: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code goes most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let rev = code.reverse_bits() >> (32 - len);
        self.bits(rev, len);
    }

    fn literal(&mut self, b: u8) {
        if b < 144 {
            self.code(0x30 + u32::from(b), 8);
        } else {
            self.code(0x190 + u32::from(b - 144), 9);
        }
    }

    /// Copy 258 bytes from `dist` back.
    fn copy258(&mut self, dist: u32) {
        const BASE: [u32; 30] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
        self.code(0xC5, 8); // length code 285: 258 bytes
        let code = BASE.iter().rposition(|&b| b <= dist).unwrap_or(0);
        let extra = if code < 4 { 0 } else { (code as u32 - 2) / 2 };
        self.code(code as u32, 5);
        self.bits(dist - BASE[code], extra);
    }

    fn finish(mut self) -> Vec<u8> {
        self.code(0, 7); // end of block
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

/// A part that inflates to `prefix`, then `unit` repeated until at least `at_least` bytes, then
/// `suffix`; returns it deflated, with its true inflated size.
fn bomb(name: &str, prefix: &str, unit: &str, at_least: u64, suffix: &str) -> Part {
    let mut d = Deflate::new();
    let mut size = 0u64;
    for b in prefix.bytes().chain(unit.bytes()) {
        d.literal(b);
        size += 1;
    }
    let unit_len = unit.len() as u64;
    let mut repeated = unit_len;
    while size + 258 <= at_least {
        d.copy258(unit.len() as u32);
        size += 258;
        repeated += 258;
    }
    // Complete the last unit, then the suffix.
    while repeated % unit_len != 0 {
        d.literal(unit.as_bytes()[(repeated % unit_len) as usize]);
        repeated += 1;
        size += 1;
    }
    for b in suffix.bytes() {
        d.literal(b);
        size += 1;
    }
    // The checksum is not computed (a gigabyte): no reader gets that far.
    Part { name: name.into(), data: d.finish(), deflated: true, crc: 0, size: u32::try_from(size).unwrap_or(u32::MAX) }
}

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;

/// The roster's header row as inline strings.
fn header_row() -> String {
    let headers = ["户编号", "乡镇", "村", "组", "户类别", "姓名", "证件号码"];
    let cells: String = headers.iter().enumerate().map(|(i, h)| format!(r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#, (b'A' + i as u8) as char)).collect();
    format!(r#"<row r="1">{cells}</row>"#)
}

/// An .xlsx with the given sheet part and, perhaps, shared strings.
fn workbook(sheet: Part, shared: Option<Part>) -> Vec<u8> {
    let mut parts = vec![stored("[Content_Types].xml", CT), stored("_rels/.rels", RELS), stored("xl/workbook.xml", WORKBOOK), stored("xl/_rels/workbook.xml.rels", WB_RELS), sheet];
    parts.extend(shared);
    zip(&parts)
}

fn write(w: &World, name: &str, bytes: &[u8]) -> String {
    std::fs::write(w.path(name), bytes).unwrap();
    p(w, name)
}

// ---- the tests ----

#[test]
fn a_normal_import_passes_under_the_same_limit() {
    let (w, _) = world_with_roster(1000);
    let (run, _) = zhucun_limited(&w, &["roster", "import", &p(&w, "roster.csv")]);
    assert_eq!(run.code(), 0, "a 1000-household roster imports under {AS_LIMIT} bytes of address space\n{}\n{}", run.stdout(), run.stderr());
    let (run, _) = zhucun_limited(&w, &["roster", "export", &p(&w, "out.xlsx")]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    let fresh = World::new();
    let (run, _) = zhucun_limited(&fresh, &["roster", "import", &p(&w, "out.xlsx")]);
    assert_eq!(run.code(), 0, "and so does the same roster as .xlsx\n{}\n{}", run.stdout(), run.stderr());
    assert!(run.stdout().contains("新增 1000 户"), "{}", run.stdout());
}

#[test]
fn a_workbook_naming_the_far_corner_of_the_grid() {
    let (w, before) = imported();
    // As Excel's own writer makes it: the header and one cell at XFD1048576, about 14 KB.
    let path = w.path("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (i, h) in ["户编号", "姓名", "证件号码"].iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 30_000);
    refused(&w, &before, path.to_str().unwrap(), &["A1:XFD1048576", "新的工作表"]);
    // The same cell in a sheet that does not declare its range: the first cell beyond the limits stops
    // the reading.
    let sheet = format!(r#"{SHEET_HEAD}<sheetData>{}<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>"#, header_row());
    let path = write(&w, "far-undeclared.xlsx", &workbook(stored("xl/worksheets/sheet1.xml", &sheet), None));
    refused(&w, &before, &path, &["第1048576行", "1000000行"]);
}

#[test]
fn a_workbook_declaring_a_huge_range() {
    let (w, before) = imported();
    let sheet = format!(r#"{SHEET_HEAD}<dimension ref="A1:ZZ5000000"/><sheetData>{}</sheetData></worksheet>"#, header_row());
    let path = write(&w, "declared.xlsx", &workbook(stored("xl/worksheets/sheet1.xml", &sheet), None));
    refused(&w, &before, &path, &["A1:ZZ5000000"]);
}

#[test]
fn a_sheet_that_inflates_to_gigabytes() {
    let (w, before) = imported();
    // 7 MB of zip, 1.1 GB of sheet XML: one cell whose text is a billion spaces.
    let prefix = format!(r#"{SHEET_HEAD}<sheetData>{}<row r="2"><c r="A2" t="inlineStr"><is><t>"#, header_row());
    let part = bomb("xl/worksheets/sheet1.xml", &prefix, " ", 1_100_000_000, "</t></is></c></row></sheetData></worksheet>");
    assert!(u64::from(part.size) > 1_000_000_000);
    let bytes = workbook(part, None);
    assert!(bytes.len() < 10_000_000, "{}", bytes.len());
    let path = write(&w, "bomb.xlsx", &bytes);
    refused(&w, &before, &path, &["解压后超过", "1024 MB"]);
    // The same part declaring a small size: the zip reader stops where the declared size ends.
    let mut lying = bomb("xl/worksheets/sheet1.xml", &prefix, " ", 1_100_000_000, "</t></is></c></row></sheetData></worksheet>");
    lying.size = 1000;
    let path = write(&w, "bomb-lying.xlsx", &workbook(lying, None));
    refused(&w, &before, &path, &["无法读取"]);
}

#[test]
fn shared_strings_that_claim_or_hold_billions() {
    let (w, before) = imported();
    let sheet = format!(r#"{SHEET_HEAD}<sheetData>{}</sheetData></worksheet>"#, header_row());
    // A tiny part that claims four billion strings (a reader that reserves room for them aborts).
    let sst = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4000000000" uniqueCount="4000000000"><si><t>户编号</t></si></sst>"#;
    let path = write(&w, "sst-claim.xlsx", &workbook(stored("xl/worksheets/sheet1.xml", &sheet), Some(stored("xl/sharedStrings.xml", sst))));
    refused(&w, &before, &path, &["共享文字"]);
    // A few MB that hold forty million strings (680 MB of XML).
    let head = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#;
    let part = bomb("xl/sharedStrings.xml", head, "<si><t>x</t></si>", 680_000_000, "</sst>");
    let bytes = workbook(stored("xl/worksheets/sheet1.xml", &sheet), Some(part));
    assert!(bytes.len() < 8_000_000, "{}", bytes.len());
    let path = write(&w, "sst-bomb.xlsx", &bytes);
    refused(&w, &before, &path, &["共享文字"]);
}

#[test]
fn a_fifo_and_a_device_given_as_the_roster() {
    let (w, before) = imported();
    let fifo = w.path("roster-fifo.csv");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    refused(&w, &before, fifo.to_str().unwrap(), &["不是普通文件", "管道"]);
    refused(&w, &before, "/dev/zero", &["不是普通文件", "设备"]);
    refused(&w, &before, w.dir.path().to_str().unwrap(), &["不是普通文件", "文件夹"]);
}

#[test]
fn a_huge_but_nearly_empty_csv() {
    let (w, before) = imported();
    let header = read_csv(&w.path("roster.csv")).remove(0).join(",");
    // 30 million commas on one line and then a value: a reader that keeps every field aborts.
    let mut wide = format!("{header}\n");
    wide.push_str(&",".repeat(30_000_000));
    wide.push_str("x\n");
    let path = write(&w, "wide.csv", wide.as_bytes());
    refused(&w, &before, &path, &["第2行第30000001列", "256列"]);
    // A value on row 1,100,001 below empty rows.
    let mut far = format!("{header}\n");
    far.push_str(&",,,,\n".repeat(1_100_000));
    far.push_str("x\n");
    let path = write(&w, "far.csv", far.as_bytes());
    refused(&w, &before, &path, &["第1100002行", "按乡镇分开"]);
    // A cell of ten million characters: refused without quoting it.
    let mut long = format!("{header}\n");
    long.push_str(&"4".repeat(10_000_000));
    long.push('\n');
    let path = write(&w, "long.csv", long.as_bytes());
    let err = refused(&w, &before, &path, &["32767"]);
    assert!(!err.contains("4444444444"), "the cell is not echoed: {err}");
}

#[test]
fn formula_cells_round_trip_through_a_csv_export() {
    let (w, mut rows) = world_with_roster(20);
    let village = crate::col(&rows, "村");
    let town = crate::col(&rows, "乡镇");
    let (first, second) = (rows[1][0].clone(), rows.iter().skip(1).find(|r| r[0] != rows[1][0]).unwrap()[0].clone());
    for r in rows.iter_mut().skip(1) {
        if r[0] == first {
            r[village] = "=1+1".into();
            r[town] = "@武阳镇".into();
        } else if r[0] == second {
            r[0] = format!("-{second}");
        }
    }
    std::fs::write(w.path("formulas.csv"), zhucun_e2e::csv_text(&rows)).unwrap();
    w.zhucun(&["roster", "import", &p(&w, "formulas.csv")]).ok();
    w.zhucun(&["roster", "export", &p(&w, "out.csv")]).ok();
    let raw = String::from_utf8(std::fs::read(w.path("out.csv")).unwrap()).unwrap();
    assert!(raw.contains("'=1+1") && raw.contains("'@武阳镇") && raw.contains(&format!("'-{second}")), "formula-looking cells are written with a quote in front");
    for line in raw.lines() {
        for cell in line.trim_start_matches('\u{feff}').split(',') {
            assert!(!cell.trim_start_matches('"').starts_with(['=', '+', '-', '@']), "a spreadsheet would run {cell:?} in {line}");
        }
    }
    // Importing the export again finds nothing changed: the quote is taken away.
    let out = w.zhucun(&["roster", "import", &p(&w, "out.csv"), "--dry-run"]).ok();
    assert!(out.contains("变化 0 户") && out.contains("信息变化 0 人"), "{out}");
    // The .xlsx export keeps it a string, not a formula.
    w.zhucun(&["roster", "export", &p(&w, "out.xlsx")]).ok();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(w.path("out.xlsx")).unwrap();
    let range = wb.worksheet_range("花名册").unwrap();
    assert!(range.used_cells().any(|(_, _, c)| *c == calamine::Data::String("=1+1".into())));
    assert!(wb.worksheet_formula("花名册").unwrap().used_cells().all(|(_, _, f)| f.is_empty()), "no formulas in the export");
}
