//! The readers on good files and on the hostile kinds of file: each hostile one is refused with a
//! message that says what to do, quickly, and without building anything its size claims.

use super::*;
use std::io::Write;
use zhucun_domain::roster::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};

fn sheet_of(bytes: &[u8]) -> Result<Sheet, FileError> {
    read_bytes(bytes, "test").map(|(s, _)| s)
}

#[test]
fn gb18030_text_is_detected() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("户编号,姓名\n1,张三\n");
    let (text, enc) = decode_text(&bytes).expect("GB18030 decodes");
    assert_eq!(enc, "GB18030");
    assert!(text.contains("张三"));
    let (sheet, info) = read_bytes(&bytes, "gb.csv").unwrap();
    assert_eq!(info.encoding.as_deref(), Some("GB18030"));
    assert_eq!(sheet.rows.to_vec(), vec![(2, vec!["1".to_string(), "张三".to_string()])]);
}

#[test]
fn utf8_with_and_without_bom() {
    assert_eq!(decode_text("姓名\n".as_bytes()).unwrap().1, "UTF-8");
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice("户编号,姓名\n1,张三\n".as_bytes());
    let (sheet, info) = read_bytes(&b, "bom.csv").unwrap();
    assert_eq!(info.encoding.as_deref(), Some("UTF-8（带BOM）"));
    assert_eq!(sheet.headers, vec!["户编号", "姓名"], "the BOM is not part of the first header");
    let (_, info) = read_bytes("户编号,姓名\n".as_bytes(), "plain.csv").unwrap();
    assert_eq!(info.encoding.as_deref(), Some("UTF-8"));
}

#[test]
fn binary_is_not_text() {
    assert!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_none());
    assert!(matches!(sheet_of(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(FileError::NotSpreadsheet { .. })));
}

#[test]
fn csv_rows_are_numbered_as_before() {
    // The same numbering as the csv crate's records (which the reader used before streaming).
    let text = "标题\n户编号,姓名\nH1,张三\n\nH2,\"李\n四\"\n,,\nH3,王五\r\nH4,赵六";
    let old: Vec<(usize, Vec<String>)> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .enumerate()
        .map(|(i, r)| (i + 1, r.unwrap().iter().map(str::to_string).collect()))
        .collect();
    let sheet = sheet_of(text.as_bytes()).unwrap();
    let want: Vec<(usize, Vec<String>)> = old.into_iter().skip(2).filter(|(_, c)| c.iter().any(|c| !c.is_empty())).collect();
    assert_eq!(sheet.rows.to_vec(), want);
    assert_eq!(sheet.header_row, 2);
}

#[test]
fn a_mixed_encoding_says_where() {
    let mut b = b"\xEF\xBB\xBF".to_vec();
    b.extend_from_slice("户编号,姓名\nH1,".as_bytes());
    b.extend_from_slice(&encoding_rs::GB18030.encode("张三").0);
    let e = sheet_of(&b).unwrap_err();
    assert!(matches!(e, FileError::BadCsv { .. }), "{e:?}");
    assert!(e.message_zh().contains("第2行"), "{}", e.message_zh());
}

#[test]
fn a_sparse_csv_is_refused_at_the_first_cell_beyond_the_limits() {
    // One line of a million commas and then a value: refused at the value, nothing built for the commas.
    let mut wide = "户编号,姓名\n".to_string();
    wide.push_str(&",".repeat(1_000_000));
    wide.push_str("x\n");
    let t = std::time::Instant::now();
    match sheet_of(wide.as_bytes()) {
        Err(FileError::Sheet { limit: SheetLimit::Columns { row: 2, column: 1_000_000 }, .. }) => {}
        other => panic!("{other:?}"),
    }
    // The same commas with nothing after them are just empty cells.
    wide.truncate(wide.len() - 2);
    assert_eq!(sheet_of(wide.as_bytes()).unwrap().rows.len(), 0);
    // A value below a million and more empty lines.
    let mut far = "户编号,姓名\n".to_string();
    far.push_str(&",\n".repeat(MAX_ROWS));
    far.push_str("x\n");
    match sheet_of(far.as_bytes()) {
        Err(e @ FileError::Sheet { limit: SheetLimit::Rows { .. }, .. }) => assert!(e.message_zh().contains("按乡镇分开"), "{}", e.message_zh()),
        other => panic!("{other:?}"),
    }
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
}

#[test]
fn a_cell_longer_than_excel_allows_is_refused() {
    let long = format!("户编号,姓名\nH1,{}\n", "长".repeat(MAX_CELL_CHARS + 1));
    match sheet_of(long.as_bytes()) {
        Err(e @ FileError::Sheet { limit: SheetLimit::CellTooLong { row: 2, column: 1 }, .. }) => {
            assert!(e.message_zh().len() < 600, "the message quotes nothing of the cell");
        }
        other => panic!("{other:?}"),
    }
    let huge = format!("户编号,姓名\nH1,\"{}\"\n", "x".repeat(20_000_000));
    assert!(matches!(sheet_of(huge.as_bytes()), Err(FileError::Sheet { limit: SheetLimit::CellTooLong { .. }, .. })));
    let max = format!("户编号,姓名\nH1,{}\n", "长".repeat(MAX_CELL_CHARS));
    assert_eq!(sheet_of(max.as_bytes()).unwrap().rows.len(), 1, "Excel's longest cell is read");
}

#[test]
fn csv_export_neutralises_formulas_and_import_takes_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.csv");
    let headers = vec!["户编号".to_string(), "姓名".to_string()];
    let cells = ["=1+1", "+8613812345678", "-5", "@SUM(A1)", "\tx", "\rx", "'=quoted", "普通", "a=b"];
    let rows: Vec<Vec<String>> = cells.iter().map(|c| vec!["H1".to_string(), c.to_string()]).collect();
    write_csv(&path, &headers, &rows).unwrap();
    let raw = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    for line in raw.lines().skip(1) {
        let cell = line.split_once(',').map(|x| x.1).unwrap_or("");
        let cell = cell.trim_start_matches('"');
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a spreadsheet would run {line:?}");
    }
    assert!(raw.contains("'=1+1") && raw.contains("'@SUM(A1)"));
    let (sheet, _) = read_file(&path).unwrap();
    let back: Vec<String> = sheet.rows.iter().map(|r| r.get(1).unwrap_or("").to_string()).collect();
    assert_eq!(back, cells.iter().map(|c| c.to_string()).collect::<Vec<_>>(), "export → import gives the cells back");
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600, "the export holds whole ID numbers: owner only");
}

use std::os::unix::fs::PermissionsExt;

#[test]
fn long_numbers_show_as_excel_does() {
    let t = cell_text(&DataRef::Float(430527198001011230.0));
    assert!(t.starts_with("4.30527") && t.ends_with("E+17"), "an ID stored as a number is not passed off as digits: {t}");
    assert_eq!(cell_text(&DataRef::Float(13812345678.0)), "13812345678");
    assert_eq!(float_text(f64::NAN), "NaN");
    assert_eq!(float_text(f64::INFINITY), "inf");
}

#[test]
fn xlsx_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.xlsx");
    let headers = vec!["户编号".to_string(), "证件号码".to_string(), "备注".to_string()];
    let rows = vec![vec!["001".to_string(), "43052719800101123X".to_string(), "=1+1".to_string()]];
    write_xlsx(&path, &headers, &rows, "花名册").unwrap();
    let (sheet, info) = read_file(&path).unwrap();
    assert_eq!(info.format, "xlsx");
    assert_eq!(sheet.headers, headers);
    assert_eq!(sheet.rows.to_vec(), vec![(2, rows[0].clone())], "leading zeros and the X survive as text");
    // "=1+1" is a string in the workbook, not a formula.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let range = wb.worksheet_range("花名册").unwrap();
    assert_eq!(range.get_value((1, 2)), Some(&calamine::Data::String("=1+1".into())));
    let formulas = wb.worksheet_formula("花名册").unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no formula in the export");
}

// ---- hand-made workbooks ----

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn sheet_xml(dimension: &str, cells: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>户编号</t></is></c><c r="B1" t="inlineStr"><is><t>姓名</t></is></c></row>{cells}</sheetData></worksheet>"#)
}

/// An .xlsx of the given sheet XML (and shared strings), its parts deflated.
fn xlsx(sheet: &str, shared: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", CT.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()), ("xl/worksheets/sheet1.xml", sheet.as_bytes())];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s.as_bytes()));
    }
    zip_of(&parts)
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Overwrite the uncompressed size a zip declares for `name` (in its local header and the central
/// directory): a lie the reader must not believe.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut patched = 0;
    for i in 0..zip.len().saturating_sub(46) {
        if zip[i..].starts_with(b"PK\x03\x04") && zip[i + 30..].starts_with(n) {
            zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        if zip[i..].starts_with(b"PK\x01\x02") && zip[i + 46..].starts_with(n) {
            zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "{name} found in both headers");
}

#[test]
fn a_hand_made_workbook_is_read() {
    let s = sheet_xml("A1:C2", r#"<row r="2"><c r="A2" t="inlineStr"><is><t>H1</t></is></c><c r="C2"><v>13812345678</v></c></row>"#);
    let (sheet, info) = read_bytes(&xlsx(&s, None), "a.xlsx").unwrap();
    assert_eq!(info.sheet_name.as_deref(), Some("花名册"));
    assert_eq!(sheet.rows.to_vec(), vec![(2, vec!["H1".to_string(), String::new(), "13812345678".to_string()])]);
}

#[test]
fn a_cell_at_the_far_corner_is_refused_without_building_the_grid() {
    // A small declared range, and one cell at XFD1048576: the streaming reader stops there.
    let s = sheet_xml("A1:B2", r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#);
    match sheet_of(&xlsx(&s, None)) {
        Err(e @ FileError::Sheet { limit: SheetLimit::Rows { row: 1_048_576 }, .. }) => {
            assert!(e.message_zh().contains("第1048576行") && e.message_zh().contains("花名册"), "{}", e.message_zh())
        }
        other => panic!("{other:?}"),
    }
    let s = sheet_xml("A1:B2", r#"<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>"#);
    assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::Sheet { limit: SheetLimit::Columns { row: 2, column: 16383 }, .. })));
    // An empty styled cell there is nothing.
    let s = sheet_xml("A1:B2", r#"<row r="1048576"><c r="XFD1048576" s="1"/></row>"#);
    assert_eq!(sheet_of(&xlsx(&s, None)).unwrap().rows.len(), 0);
    // The far corner written by Excel's own writer declares the whole grid: refused for it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("far.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "户编号").unwrap();
    ws.write_string(0, 1, "姓名").unwrap();
    ws.write_string(1_048_575, 16_383, "x").unwrap();
    wb.save(&path).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() < 20_000);
    match read_file(&path) {
        Err(e @ FileError::Declared { .. }) => assert!(e.message_zh().contains("A1:XFD1048576"), "{}", e.message_zh()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn declared_ranges_beyond_a_roster_are_refused() {
    for dim in ["A1:XFD1048576", "A1:B2000000", "A1:IW2"] {
        let e = sheet_of(&xlsx(&sheet_xml(dim, ""), None)).unwrap_err();
        assert!(matches!(e, FileError::Declared { .. }), "{dim}: {e:?}");
    }
    assert!(sheet_of(&xlsx(&sheet_xml("A1:IV65536", ""), None)).is_ok(), "the whole .xls grid is fine");
    // References calamine would compute with overflowing arithmetic, and a range that runs backwards.
    for dim in ["B2:A1", "A99999999999", "AAAAAAAAAA1", "A1:B99999999999"] {
        let e = sheet_of(&xlsx(&sheet_xml(dim, ""), None)).unwrap_err();
        assert!(matches!(e, FileError::BadWorkbook { .. }), "{dim}: {e:?}");
    }
    for r in ["A99999999999", "ZZZZZZZZ1"] {
        let s = sheet_xml("A1", &format!(r#"<row r="3"><c r="{r}"><v>1</v></c></row>"#));
        assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::BadWorkbook { .. })), "{r}");
    }
    let s = sheet_xml("A1", r#"<row r="99999999999"><c><v>1</v></c></row>"#);
    assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::BadWorkbook { .. })));
}

#[test]
fn parts_that_claim_or_inflate_to_too_much_are_refused() {
    // A sheet that declares 3 GB: refused before inflating anything.
    let mut z = xlsx(&sheet_xml("A1:B2", ""), None);
    declare_size(&mut z, "xl/worksheets/sheet1.xml", 3_000_000_000);
    assert!(matches!(sheet_of(&z), Err(FileError::Inflates { .. })));
    // A sheet that declares 100 bytes and inflates to more: the zip reader stops at the declared size.
    let filler = "<row/>".repeat(200_000);
    let mut lying = xlsx(&sheet_xml("A1:B2", &filler), None);
    declare_size(&mut lying, "xl/worksheets/sheet1.xml", 100);
    assert!(matches!(sheet_of(&lying), Err(FileError::BadWorkbook { .. })));
    // What it inflates to is measured against the cap as well.
    let z = xlsx(&sheet_xml("A1:B2", &filler), None);
    let caps = xlsx::Caps { sheet: 1024 * 1024, ..xlsx::CAPS };
    let e = xlsx::precheck(&mut std::io::Cursor::new(&z), &caps).unwrap_err();
    assert!(matches!(e, ReadError::Inflates { max: 1_048_576, .. }), "{e:?}");
    assert!(xlsx::precheck(&mut std::io::Cursor::new(&z), &xlsx::CAPS).is_ok(), "within the real caps it is measured, not refused");
    // All parts together are capped too.
    let caps = xlsx::Caps { total: 100_000, ..xlsx::CAPS };
    assert!(matches!(xlsx::precheck(&mut std::io::Cursor::new(&z), &caps), Err(ReadError::Inflates { .. })));
    let e = FileError::Inflates { path: "a.xlsx".into(), part: "工作表内容".into(), max: xlsx::MAX_SHEET_XML_BYTES };
    assert!(e.message_zh().contains("1024 MB") && e.message_zh().contains("请"), "{}", e.message_zh());
}

#[test]
fn shared_strings_that_claim_too_many_are_refused() {
    let head = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="#;
    for claim in ["\"4000000000\"", "\"99999999999999999999\"", "'4000000001'", "\"-1\""] {
        let sst = format!("{head}{claim}><si><t>户编号</t></si></sst>");
        let e = sheet_of(&xlsx(&sheet_xml("A1:B2", ""), Some(&sst))).unwrap_err();
        assert!(matches!(e, FileError::TooManyStrings { .. }), "{claim}: {e:?}");
    }
    let many = format!("{head}\"1\">{}</sst>", "<si><t>x</t></si>".repeat(xlsx::MAX_SHARED_STRINGS as usize + 1));
    let z = xlsx(&sheet_xml("A1:B2", ""), Some(&many));
    assert!(z.len() < 2_000_000, "{}", z.len());
    let e = sheet_of(&z).unwrap_err();
    assert!(matches!(e, FileError::TooManyStrings { .. }), "{e:?}");
    assert!(e.message_zh().contains("共享文字超过 4000000 条"), "{}", e.message_zh());
    let ok = format!("{head}\"2\"><si><t>户编号</t></si><si><t>姓名</t></si></sst>");
    let s = r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
    let sheet = sheet_of(&xlsx(s, Some(&ok))).unwrap();
    assert_eq!(sheet.headers, vec!["户编号", "姓名"]);
    assert_eq!(sheet.rows.to_vec(), vec![(2, vec!["姓名".to_string(), "户编号".to_string()])]);
    let past = s.replace("<v>1</v></c><c r=\"B2\"", "<v>7</v></c><c r=\"B2\"");
    assert!(matches!(sheet_of(&xlsx(&past, Some(&ok))), Err(FileError::BadWorkbook { .. })), "a string index past the table");
}

#[test]
fn xml_pieces_longer_than_a_cell_can_be_are_refused() {
    let s = sheet_xml("A1:B2", &format!(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c></row>"#, "x".repeat(2 * xlsx::MAX_XML_PIECE_BYTES)));
    assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::BadWorkbook { .. })));
    let s = sheet_xml("A1:B2", &format!("<!--{}-->", "x".repeat(2 * xlsx::MAX_XML_PIECE_BYTES)));
    assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::BadWorkbook { .. })));
    let s = sheet_xml("A1:B2", &format!(r#"<row r="2" x="{}"/>"#, "x".repeat(2 * xlsx::MAX_XML_PIECE_BYTES)));
    assert!(matches!(sheet_of(&xlsx(&s, None)), Err(FileError::BadWorkbook { .. })));
    // Markup inside a comment, CDATA or a quoted attribute is not a tag.
    let s = sheet_xml("A1:B2", r#"<!-- <c r="A99999999999"> --><![CDATA[<c r="A99999999999">]]><row r="2" note="a>b"><c r="A2" t="inlineStr"><is><t>H1</t></is></c></row>"#);
    assert_eq!(sheet_of(&xlsx(&s, None)).unwrap().rows.len(), 1);
    // UTF-16 parts are not what Excel writes.
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain(sheet_xml("A1", "").encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let z = zip_of(&[("[Content_Types].xml", CT.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()), ("xl/worksheets/sheet1.xml", &utf16)]);
    assert!(matches!(sheet_of(&z), Err(FileError::BadWorkbook { .. })));
}

#[test]
fn a_cell_or_a_string_built_from_many_runs_is_bounded() {
    let run = format!("<r><t>{}</t></r>", "x".repeat(100_000));
    let s = sheet_xml("A1:B2", &format!(r#"<row r="2"><c r="A2" t="inlineStr"><is>{}</is></c></row>"#, run.repeat(20)));
    let e = sheet_of(&xlsx(&s, None)).unwrap_err();
    assert!(matches!(e, FileError::BadWorkbook { .. }) && e.message_zh().contains("一格的内容超过"), "{e:?}");
    let sst = format!(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="1"><si>{}</si></sst>"#, run.repeat(20));
    assert!(matches!(sheet_of(&xlsx(&sheet_xml("A1:B2", ""), Some(&sst))), Err(FileError::BadWorkbook { .. })));
}

#[test]
fn styles_that_calamine_would_copy_into_every_format_are_bounded() {
    let styles = |fonts: &str, xfs: usize| {
        format!(r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="{fonts}"/></font></fonts><cellXfs count="{xfs}">{}</cellXfs></styleSheet>"#, r#"<xf numFmtId="0" fontId="0"/>"#.repeat(xfs))
    };
    let sheet = sheet_xml("A1:B2", "");
    let with = |st: &str| {
        let parts: Vec<(&str, &[u8])> = vec![("[Content_Types].xml", CT.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("xl/workbook.xml", WORKBOOK.as_bytes()), ("xl/_rels/workbook.xml.rels", WB_RELS.as_bytes()), ("xl/styles.xml", st.as_bytes()), ("xl/worksheets/sheet1.xml", sheet.as_bytes())];
        sheet_of(&zip_of(&parts))
    };
    assert!(with(&styles("宋体", 1000)).is_ok(), "ordinary styles are read");
    assert!(matches!(with(&styles(&"x".repeat(3000), 60_000)), Err(FileError::BadWorkbook { .. })), "a long font name copied into 60,000 formats");
    assert!(matches!(with(&styles("宋体", 70_000)), Err(FileError::BadWorkbook { .. })), "more formats than Excel allows");
    assert!(matches!(with(&styles(&"x".repeat(10_000), 1)), Err(FileError::BadWorkbook { .. })), "a font name no Excel writes");
}

#[test]
fn rows_out_of_order_are_refused() {
    let s = sheet_xml("A1:B3", r#"<row r="3"><c r="A3" t="inlineStr"><is><t>H2</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>H1</t></is></c></row>"#);
    let e = sheet_of(&xlsx(&s, None)).unwrap_err();
    assert!(matches!(e, FileError::BadWorkbook { .. }) && e.message_zh().contains("另存为"), "{e:?}");
}

#[test]
fn a_broken_zip_is_a_bad_workbook() {
    let z = xlsx(&sheet_xml("A1:B2", ""), None);
    for cut in [4usize, 30, 100, z.len() / 2, z.len() - 10] {
        let e = sheet_of(&z[..cut]).unwrap_err();
        assert!(matches!(e, FileError::BadWorkbook { .. }), "{cut}: {e:?}");
    }
}

fn cfb_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for (name, data) in streams {
        let mut s = cf.create_stream(name).unwrap();
        s.write_all(data).unwrap();
    }
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

#[test]
fn xls_workbooks_are_read_with_the_same_limits() {
    use crate::xls::tests::{label, number, workbook};
    let s = workbook(&[label(0, 0, "户编号"), label(0, 1, "证件号码"), label(1, 0, "001"), label(1, 1, "43052719800101123X"), number(1, 2, 5.0)]);
    let (sheet, info) = read_bytes(&cfb_with(&[("/Workbook", &s)]), "a.xls").unwrap();
    assert_eq!((info.format.as_str(), info.sheet_name.as_deref()), ("xls", Some("花名册")));
    assert_eq!(sheet.rows.to_vec(), vec![(2, vec!["001".to_string(), "43052719800101123X".to_string(), "5".to_string()])]);
    // The far corner of a real .xls grid (IV65536) is within a roster's limits and costs one row.
    let corner = workbook(&[label(0, 0, "户编号"), label(65535, 255, "x")]);
    let (sheet, _) = read_bytes(&cfb_with(&[("/Workbook", &corner)]), "corner.xls").unwrap();
    assert_eq!(sheet.rows.len(), 1);
    // A cell record naming column 65535 (beyond any .xls) is refused.
    let far = workbook(&[label(0, 0, "户编号"), label(65535, 65535, "x")]);
    let e = read_bytes(&cfb_with(&[("/Workbook", &far)]), "far.xls").unwrap_err();
    assert!(matches!(e, FileError::Sheet { limit: SheetLimit::Columns { row: 65536, column: 65535 }, .. }), "{e:?}");
    assert!(e.message_zh().contains("花名册"), "{}", e.message_zh());
    let e = read_bytes(&cfb_with(&[("/EncryptedPackage", b"x")]), "locked.xlsx").unwrap_err();
    assert!(matches!(e, FileError::Password { .. }), "{e:?}");
    let e = read_bytes(&cfb_with(&[("/Other", b"x")]), "other.doc").unwrap_err();
    assert!(matches!(e, FileError::BadWorkbook { .. }), "{e:?}");
    let cf = cfb_with(&[("/Workbook", &s)]);
    for cut in [8usize, 512, cf.len() / 2, cf.len() - 1] {
        let _ = read_bytes(&cf[..cut], "cut.xls");
    }
}

#[test]
fn only_regular_files_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("roster.csv");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let t = std::time::Instant::now();
    for p in [fifo.as_path(), Path::new("/dev/zero"), dir.path()] {
        let e = read_file(p).unwrap_err();
        assert_eq!(e.code(), "file.not_regular", "{p:?}: {e:?}");
        assert!(e.message_zh().contains("不是普通文件"), "{}", e.message_zh());
    }
    assert!(t.elapsed().as_secs() < 2, "a FIFO with no writer does not block");
    assert_eq!(read_file(&dir.path().join("none.csv")).unwrap_err().code(), "file.not_found");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(read_file(&empty).unwrap_err().code(), "file.empty");
    let e = read_file(&dir.path().join("a\x1b[2Jb.csv")).unwrap_err();
    assert!(!e.message_zh().contains('\x1b'), "a hostile file name is shown escaped: {}", e.message_zh());
}

#[test]
fn messages_quote_nothing_long_nor_whole_id_numbers() {
    let e = ReadError::Workbook(format!("{}430527198001011234\x1b[2J", "长".repeat(10_000))).with_path("a.xlsx");
    let m = e.message_zh();
    assert!(m.chars().count() < 300 && !m.contains("198001011234") && !m.contains('\x1b'), "{m}");
    let e = ReadError::Sheet(Some(format!("{}\u{202e}", "表".repeat(1000))), SheetLimit::TooMuch).with_path("a.xlsx");
    assert!(e.message_zh().chars().count() < 400 && !e.message_zh().contains('\u{202e}'), "{}", e.message_zh());
    let _ = (MAX_COLUMNS, MAX_ROWS);
}
