//! Roster files. Reads a spreadsheet (.xlsx, .xls, or .csv in UTF-8 with or without BOM, or GB18030 as
//! Excel and WPS write it on Chinese Windows) into a [`Sheet`] of text cells with the sheet's own row
//! numbers, and writes the roster layout back as .xlsx or .csv. Checking the cells is the domain's job.

pub mod ledger;

use calamine::{open_workbook_auto, Data, Reader};
use std::path::Path;
use thiserror::Error;
use zhucun_domain::roster::{Col, Sheet};

/// Files larger than this are refused before reading (a whole county's roster is well under it).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum FileError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} is too large ({bytes} bytes)")]
    TooLarge { path: String, bytes: u64 },
    #[error("{path} is not a spreadsheet")]
    NotSpreadsheet { path: String },
    #[error("{path}: unreadable workbook: {detail}")]
    BadWorkbook { path: String, detail: String },
    #[error("{path}: CSV error: {detail}")]
    BadCsv { path: String, detail: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

impl FileError {
    pub fn code(&self) -> &'static str {
        match self {
            FileError::Io { .. } => "file.io",
            FileError::Empty { .. } => "file.empty",
            FileError::TooLarge { .. } => "file.too_large",
            FileError::NotSpreadsheet { .. } => "file.not_spreadsheet",
            FileError::BadWorkbook { .. } => "file.bad_workbook",
            FileError::BadCsv { .. } => "file.bad_csv",
            FileError::Write { .. } => "file.write",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            FileError::Io { path, source } => format!("无法读取文件 {path}（{source}）。请确认文件存在、没有被其他程序占用，U盘没有拔出。"),
            FileError::Empty { path } => format!("文件 {path} 是空的（0字节）。请重新从系统导出花名册，或换一个文件。"),
            FileError::TooLarge { path, bytes } => format!("文件 {path} 太大（{} MB，上限 {} MB）。请按乡镇或村分开导出后分别导入。", bytes / 1024 / 1024, MAX_FILE_BYTES / 1024 / 1024),
            FileError::NotSpreadsheet { path } => format!("文件 {path} 不是表格文件。请选择 Excel（.xlsx/.xls）或 CSV 格式的花名册；若是压缩包或图片，请先解压或向县里索取表格。"),
            FileError::BadWorkbook { path, detail } => format!("Excel 文件 {path} 无法读取（{detail}），可能已损坏或未下载完整。请用 Excel/WPS 打开后另存为 .xlsx 再导入。"),
            FileError::BadCsv { path, detail } => format!("CSV 文件 {path} 格式有误（{detail}）。请用 Excel/WPS 打开后另存为 .xlsx 再导入。"),
            FileError::Write { path, detail } => format!("无法写入文件 {path}（{detail}）。请确认文件没有在 Excel 中打开，且有写入权限。"),
        }
    }
}

/// What kind of file was read, for the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileInfo {
    /// xlsx, xls or csv.
    pub format: String,
    /// For CSV: UTF-8, UTF-8 (BOM) or GB18030.
    pub encoding: Option<String>,
    /// For workbooks: the sheet that was read.
    pub sheet_name: Option<String>,
    pub bytes: u64,
}

/// Read a roster file of any supported kind.
pub fn read_file(path: &Path) -> Result<(Sheet, FileInfo), FileError> {
    let p = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| FileError::Io { path: p.clone(), source })?;
    if meta.len() == 0 {
        return Err(FileError::Empty { path: p });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { path: p, bytes: meta.len() });
    }
    let bytes = std::fs::read(path).map_err(|source| FileError::Io { path: p.clone(), source })?;
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        read_workbook(path, meta.len())
    } else {
        let (text, encoding) = decode_text(&bytes).ok_or(FileError::NotSpreadsheet { path: p.clone() })?;
        let sheet = read_csv_text(&text).map_err(|detail| FileError::BadCsv { path: p, detail })?;
        Ok((sheet, FileInfo { format: "csv".into(), encoding: Some(encoding.into()), sheet_name: None, bytes: meta.len() }))
    }
}

/// Decode CSV bytes: UTF-8 (BOM or not) when valid, else GB18030 when that decodes cleanly; `None`
/// for binary data that is neither.
pub fn decode_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    // Text files have no NUL bytes; images, archives and executables do.
    if sample.contains(&0) {
        return None;
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest).ok().map(|s| (s.to_string(), "UTF-8（带BOM）"));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some((s.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    // Decoded text of a binary file is mostly control characters; a roster is not.
    let controls = text.chars().take(20_000).filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    (controls == 0).then(|| (text.into_owned(), "GB18030"))
}

/// Parse CSV text; row numbers count from 1 as a spreadsheet shows them.
pub fn read_csv_text(text: &str) -> Result<Sheet, String> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("第{}行：{e}", i + 1))?;
        rows.push((i + 1, rec.iter().map(|s| s.to_string()).collect()));
    }
    Ok(Sheet::from_rows(rows))
}

fn read_workbook(path: &Path, bytes: u64) -> Result<(Sheet, FileInfo), FileError> {
    let p = path.display().to_string();
    let bad = |e: &dyn std::fmt::Display| FileError::BadWorkbook { path: p.clone(), detail: e.to_string() };
    let mut wb = open_workbook_auto(path).map_err(|e| bad(&e))?;
    let format = match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("xls") => "xls",
        _ => "xlsx",
    };
    let names = wb.sheet_names().to_vec();
    let mut first: Option<(Sheet, String)> = None;
    for name in names {
        let range = wb.worksheet_range(&name).map_err(|e| bad(&e))?;
        let (row0, _) = range.start().unwrap_or((0, 0));
        let rows: Vec<(usize, Vec<String>)> = range
            .rows()
            .enumerate()
            .map(|(i, cells)| (row0 as usize + i + 1, cells.iter().map(cell_text).collect()))
            .collect();
        let sheet = Sheet::from_rows(rows);
        // The roster sheet is the one whose header has the roster's key columns.
        let is_roster = sheet.headers.iter().any(|h| h.trim() == Col::Number.header())
            && sheet.headers.iter().any(|h| h.trim() == Col::IdNumber.header() || h.contains("身份证"));
        if is_roster {
            return Ok((sheet, FileInfo { format: format.into(), encoding: None, sheet_name: Some(name), bytes }));
        }
        if first.is_none() {
            first = Some((sheet, name));
        }
    }
    let (sheet, name) = first.unwrap_or_default();
    Ok((sheet, FileInfo { format: format.into(), encoding: None, sheet_name: Some(name), bytes }))
}

/// A cell as text. Numbers are written without a trailing ".0"; a number too long to be exact (an ID
/// number that Excel stored as a number) is shown in Excel's scientific form so the check can say so.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) if f.abs() >= 1e15 => format!("{f:E}").replace('E', "E+"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Write rows in the roster layout as .xlsx: bold frozen header, text cells (ID numbers never become
/// numbers), widths that fit, an autofilter, and the title in the document properties.
pub fn write_xlsx(path: &Path, headers: &[String], rows: &[Vec<String>], title: &str) -> Result<(), FileError> {
    use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook};
    let p = path.display().to_string();
    let err = |e: rust_xlsxwriter::XlsxError| FileError::Write { path: p.clone(), detail: e.to_string() };
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(title).set_author("驻村工作台"));
    let ws = wb.add_worksheet();
    ws.set_name("花名册").map_err(err)?;
    let head = Format::new().set_bold().set_border(FormatBorder::Thin).set_background_color("#DDEBF7");
    let text = Format::new().set_num_format("@");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &head).map_err(err)?;
        let widest = rows.iter().take(2000).filter_map(|r| r.get(c)).map(|s| display_width(s)).max().unwrap_or(0);
        ws.set_column_width(c as u16, (display_width(h).max(widest) + 2).min(40) as f64).map_err(err)?;
        ws.set_column_format(c as u16, &text).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).map_err(err)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if !headers.is_empty() {
        ws.autofilter(0, 0, rows.len() as u32, headers.len() as u16 - 1).map_err(err)?;
    }
    wb.save(path).map_err(err)
}

/// Write rows as UTF-8 CSV with a BOM, so Excel and WPS open it with the right encoding.
pub fn write_csv(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<(), FileError> {
    let p = path.display().to_string();
    let err = |e: &dyn std::fmt::Display| FileError::Write { path: p.clone(), detail: e.to_string() };
    let mut file = std::fs::File::create(path).map_err(|e| err(&e))?;
    std::io::Write::write_all(&mut file, b"\xEF\xBB\xBF").map_err(|e| err(&e))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    w.write_record(headers).map_err(|e| err(&e))?;
    for row in rows {
        w.write_record(row).map_err(|e| err(&e))?;
    }
    w.flush().map_err(|e| err(&e))
}

/// Column width in Excel units: CJK characters are two wide.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb18030_text_is_detected() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("户编号,姓名\n1,张三\n");
        let (text, enc) = decode_text(&bytes).expect("GB18030 decodes");
        assert_eq!(enc, "GB18030");
        assert!(text.contains("张三"));
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text("姓名\n".as_bytes()).unwrap().1, "UTF-8");
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice("姓名\n".as_bytes());
        let (t, enc) = decode_text(&b).unwrap();
        assert_eq!((t.as_str(), enc), ("姓名\n", "UTF-8（带BOM）"), "the BOM is not part of the first header");
    }

    #[test]
    fn binary_is_not_text() {
        assert!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_none());
    }

    #[test]
    fn long_numbers_show_as_excel_does() {
        let t = cell_text(&Data::Float(430527198001011230.0));
        assert!(t.starts_with("4.30527") && t.ends_with("E+17"), "an ID stored as a number is not passed off as digits: {t}");
        assert_eq!(cell_text(&Data::Float(13812345678.0)), "13812345678");
    }

    #[test]
    fn xlsx_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.xlsx");
        let headers = vec!["户编号".to_string(), "证件号码".to_string()];
        let rows = vec![vec!["001".to_string(), "43052719800101123X".to_string()]];
        write_xlsx(&path, &headers, &rows, "花名册").unwrap();
        let (sheet, info) = read_file(&path).unwrap();
        assert_eq!(info.format, "xlsx");
        assert_eq!(sheet.headers, headers);
        assert_eq!(sheet.rows, vec![(2, rows[0].clone())], "leading zeros and the X survive as text");
    }
}
