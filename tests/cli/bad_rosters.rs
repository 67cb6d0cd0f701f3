//! Bad rosters: each is refused whole, with a report naming row, column, value, what is wrong and how
//! to fix it, and the database is exactly as before.

use crate::{col, p, world_with_roster};
use zhucun_e2e::{csv_text, db_digest, World};

/// Import the good roster, then try `bad` (file bytes) and return (stdout, stderr) after checking that
/// the import was refused and nothing changed.
fn refused(w: &World, name: &str, bad: &[u8]) -> (String, String) {
    w.zhucun(&["roster", "import", &p(w, "roster.csv")]).ok();
    let before = db_digest(&w.db());
    std::fs::write(w.path(name), bad).unwrap();
    let run = w.zhucun(&["roster", "import", &p(w, name)]);
    assert_eq!(run.code(), 1, "a bad roster exits with 1\n{}\n{}", run.stdout(), run.stderr());
    assert_eq!(db_digest(&w.db()), before, "a refused roster changes nothing in the database");
    (run.stdout(), run.stderr())
}

#[test]
fn wrong_headers_name_the_missing_and_unknown_columns() {
    let (w, mut rows) = world_with_roster(10);
    let i = col(&rows, "证件号码");
    rows[0][i] = "身份号".into();
    let (out, err) = refused(&w, "bad.csv", csv_text(&rows).as_bytes());
    assert!(out.contains("缺少1列：证件号码"), "{out}");
    assert!(out.contains("无法识别的表头：身份号"), "the misspelt header is shown: {out}");
    assert!(err.contains("没有导入任何数据"), "{err}");
}

#[test]
fn bad_check_digit_is_reported_with_the_expected_digit() {
    let (w, mut rows) = world_with_roster(10);
    let i = col(&rows, "证件号码");
    let id = rows[3][i].clone();
    let last = id.chars().last().unwrap();
    let wrong = if last == '1' { '2' } else { '1' };
    rows[3][i] = format!("{}{wrong}", &id[..17]);
    let (out, _) = refused(&w, "bad.csv", csv_text(&rows).as_bytes());
    assert!(out.contains("第4行「证件号码」列"), "row 4 is the third data row under the header: {out}");
    assert!(out.contains(&format!("应为{last}")), "the expected check digit is named: {out}");
    assert!(out.contains("请对照身份证"), "and how to fix it: {out}");
}

#[test]
fn the_same_id_in_two_households_reports_both_rows() {
    let (w, mut rows) = world_with_roster(10);
    let i = col(&rows, "证件号码");
    let other = rows.iter().skip(1).position(|r| r[0] != rows[1][0]).unwrap() + 1;
    rows[other][i] = rows[1][i].clone();
    let (out, _) = refused(&w, "bad.csv", csv_text(&rows).as_bytes());
    assert!(out.contains("一个人只能属于一户"), "{out}");
    assert!(out.contains("第2行") && out.contains(&format!("第{}行", other + 1)), "both rows are named: {out}");
}

#[test]
fn impossible_date_and_many_problems_are_all_listed() {
    let (w, mut rows) = world_with_roster(20);
    let start = col(&rows, "结对开始日期");
    let r = rows.iter().skip(1).position(|r| !r[start].is_empty()).unwrap() + 1;
    rows[r][start] = "2024-02-30".into();
    let rel = col(&rows, "与户主关系");
    let last = rows.len() - 1;
    rows[last][rel] = "邻居".into();
    let (out, _) = refused(&w, "bad.csv", csv_text(&rows).as_bytes());
    assert!(out.contains("日期“2024-02-30”不存在"), "{out}");
    assert!(out.contains("“邻居”不是可选的值"), "every bad row is reported, not just the first: {out}");
    assert!(out.contains("发现 2 处问题"), "{out}");
}

#[test]
fn empty_file() {
    let (w, _) = world_with_roster(5);
    let (_, err) = refused(&w, "empty.csv", b"");
    assert!(err.contains("是空的"), "{err}");
}

#[test]
fn header_only_file() {
    let (w, rows) = world_with_roster(5);
    let (out, _) = refused(&w, "header.csv", csv_text(&rows[..1]).as_bytes());
    assert!(out.contains("表头下面没有任何数据行"), "{out}");
}

#[test]
fn a_file_that_is_not_a_spreadsheet() {
    let (w, _) = world_with_roster(5);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0..4000u32).map(|i| (i * 7919 % 251) as u8));
    let (_, err) = refused(&w, "photo.csv", &png);
    assert!(err.contains("不是表格文件"), "{err}");
    // A broken xlsx (a zip that is cut off) is refused with its own message.
    let (_, err) = refused(&w, "cut.xlsx", b"PK\x03\x04\x14\0\0\0\x08\0truncated");
    assert!(err.contains("无法读取") && err.contains("另存为"), "{err}");
}

#[test]
fn an_id_number_that_excel_stored_as_a_number() {
    let (w, rows) = world_with_roster(5);
    let i = col(&rows, "证件号码");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if r == 2 && c == i {
                ws.write_number(r as u32, c as u16, v[..17].parse::<f64>().unwrap() * 10.0).unwrap();
            } else {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(w.path("numeric.xlsx")).unwrap();
    let bytes = std::fs::read(w.path("numeric.xlsx")).unwrap();
    let (out, _) = refused(&w, "numeric2.xlsx", &bytes);
    assert!(out.contains("科学计数法") && out.contains("文本"), "{out}");
}

#[test]
fn a_50_megabyte_roster_with_one_bad_row_at_the_end() {
    // 4,000 valid households with a long unknown 备注 column: about 50 MB, and one impossible date in
    // the very last row. The whole file is read and checked, the last row is named, nothing is written.
    let (w, _) = world_with_roster(5);
    w.zhucun(&["demo", "--households", "4000", "--seed", "11", "--out", &p(&w, "big-src.csv")]).ok();
    let mut rows = zhucun_e2e::read_csv(&w.path("big-src.csv"));
    let pad = "走访记录".repeat(350);
    rows[0].push("备注".into());
    for r in rows.iter_mut().skip(1) {
        r.push(pad.clone());
    }
    // The bad row is a non-head member, moved to the very end (a household's rows need not be together).
    let rel = col(&rows, "与户主关系");
    let member = rows.iter().rposition(|r| r[rel] != "户主").unwrap();
    let moved = rows.remove(member);
    rows.push(moved);
    let last = rows.len() - 1;
    let i = col(&rows, "证件号码");
    rows[last][i] = format!("{}0230{}", &rows[last][i][..10], &rows[last][i][14..]);
    let text = csv_text(&rows);
    assert!(text.len() > 50 * 1024 * 1024, "the file is over 50 MB ({} bytes)", text.len());
    let (out, _) = refused(&w, "big.csv", text.as_bytes());
    assert!(out.contains(&format!("第{}行「证件号码」列", last + 1)), "the bad last row is found by number: {}", &out[..out.len().min(2000)]);
    assert!(out.contains("不是有效日期"), "{}", &out[..out.len().min(2000)]);
    assert!(out.contains("发现 1 处问题"), "only that row is bad: {}", &out[..out.len().min(2000)]);
}

#[test]
fn a_database_newer_than_the_app_is_refused() {
    let (w, _) = world_with_roster(5);
    w.zhucun(&["init"]).ok();
    rusqlite::Connection::open(w.db()).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let before = std::fs::read(w.db()).unwrap();
    let r = w.zhucun(&["roster", "import", &p(&w, "roster.csv")]);
    assert_eq!(r.code(), 1);
    assert!(r.stderr().contains("请升级驻村工作台"), "{}", r.stderr());
    assert_eq!(std::fs::read(w.db()).unwrap(), before);
}
