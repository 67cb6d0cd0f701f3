//! The fuzzer's seeds (`fuzz/corpus/roster_reader/`) and the inputs it found (`fuzz/regressions/
//! roster_reader/`), run through the same readers on every `cargo test`: each must be read or refused,
//! never panic. The seeds are also real rosters of each kind, so they must read as sheets.

use std::path::PathBuf;

fn files(dir: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz").join(dir);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != ".gitkeep")).collect())
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn seeds_read_as_sheets_and_never_panic() {
    let seeds = files("corpus/roster_reader");
    let kinds: Vec<String> = seeds.iter().filter_map(|p| p.extension().map(|e| e.to_string_lossy().into_owned())).collect();
    for kind in ["csv", "xlsx", "xls"] {
        assert!(kinds.iter().any(|k| k == kind), "a {kind} seed is there: {seeds:?}");
    }
    for path in &seeds {
        let data = std::fs::read(path).unwrap();
        zhucun_roster::fuzzing::read_any(&data);
        let (sheet, _) = zhucun_roster::read_bytes(&data, &path.display().to_string()).unwrap_or_else(|e| panic!("{path:?}: {}", e.message_zh()));
        assert_eq!(sheet.headers.first().map(String::as_str), Some("户编号"), "{path:?}");
        assert!(!sheet.rows.is_empty(), "{path:?}");
    }
    // The .xls seed has one cell of each kind the reader knows.
    let xls = seeds.iter().find(|p| p.extension().is_some_and(|e| e == "xls")).unwrap();
    let (sheet, _) = zhucun_roster::read_bytes(&std::fs::read(xls).unwrap(), "roster.xls").unwrap();
    assert_eq!(sheet.headers, vec!["户编号", "姓名", "证件号码", "识别日期"]);
    assert_eq!(sheet.rows.to_vec()[0].1, vec!["001", "张三", "4.305271980010112E+17", "2024-03-15", "7", "8", "是", "是"]);
}

#[test]
fn regressions_never_panic() {
    for path in files("regressions/roster_reader") {
        let data = std::fs::read(&path).unwrap();
        zhucun_roster::fuzzing::read_any(&data);
    }
    // And some shapes by hand: empty, one byte, bare magic numbers, a zip header with nothing after.
    for data in [&b""[..], b",", b"\"", b"PK\x03\x04", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], b"\xEF\xBB\xBF", b"\xEF\xBB\xBF\xFF"] {
        zhucun_roster::fuzzing::read_any(data);
    }
}
