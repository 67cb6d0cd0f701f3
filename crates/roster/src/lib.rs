//! Roster files. Reads a spreadsheet (.xlsx, .xls, or .csv in UTF-8 with or without BOM, or GB18030 as
//! Excel and WPS write it on Chinese Windows) into a [`Sheet`] of text cells with the sheet's own row
//! numbers, and writes the roster layout back as .xlsx or .csv. Checking the cells is the domain's job.
//!
//! Every file is read as hostile: only a regular file of at most [`MAX_FILE_BYTES`] is opened (never a
//! FIFO or a device), a workbook's parts are measured before anything is parsed (declared sizes and the
//! bytes they really inflate to, see `xlsx`), cells are streamed into the sheet and the first one beyond
//! the domain's limits (`zhucun_domain::roster::MAX_ROWS` and the others) stops the reading, and .xls
//! files are read by our own bounded BIFF8 reader (`xls`). So a file is either refused with a message
//! that says what to do, or read within a memory that a county's roster needs; it never aborts the app.

pub mod fuzzing;
pub mod ledger;
mod csv_read;
mod xls;
mod xlsx;

use calamine::DataRef;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use thiserror::Error;
use zhucun_domain::roster::{Col, Sheet, SheetLimit};
use zhucun_domain::text::{excerpt, excerpt_to};
use zhucun_files::{shown, size_zh};

/// Files larger than this are refused before reading: a county-wide roster (400,000 persons) is
/// about 70 MB as CSV and less as .xlsx; a million rows of the roster layout fit.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, Error)]
pub enum FileError {
    /// Not found, not a regular file (a FIFO, a device, a folder), unreadable.
    #[error("{0}")]
    Open(zhucun_files::FileError),
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
    #[error("{path}: sheet beyond the limits: {limit:?}")]
    Sheet { path: String, sheet: Option<String>, limit: SheetLimit },
    #[error("{path}: the workbook's {part} inflates to more than {max} bytes")]
    Inflates { path: String, part: String, max: u64 },
    #[error("{path}: more shared strings than {max}")]
    TooManyStrings { path: String, max: u64 },
    #[error("{path}: a sheet declares the range {dimension}")]
    Declared { path: String, dimension: String },
    #[error("{path} is password protected")]
    Password { path: String },
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
}

impl FileError {
    /// Every code [`FileError::code`] gives itself, with those of the sheet's limits
    /// ([`SheetLimit::code`]); a file that cannot be opened has the codes of
    /// [`zhucun_files::FileError::ALL_CODES`]. The UI's catalogue must know each one (checked by the
    /// test `all_codes_lists_every_code_once` and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "file.io",
        "file.empty",
        "file.too_large",
        "file.not_spreadsheet",
        "file.bad_workbook",
        "file.bad_csv",
        "sheet.too_many_rows",
        "sheet.too_many_columns",
        "sheet.cell_too_long",
        "sheet.too_large",
        "file.inflates_too_large",
        "file.too_many_strings",
        "sheet.declared_too_large",
        "file.password",
        "file.write",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            FileError::Open(e) => e.code(),
            FileError::Io { .. } => "file.io",
            FileError::Empty { .. } => "file.empty",
            FileError::TooLarge { .. } => "file.too_large",
            FileError::NotSpreadsheet { .. } => "file.not_spreadsheet",
            FileError::BadWorkbook { .. } => "file.bad_workbook",
            FileError::BadCsv { .. } => "file.bad_csv",
            FileError::Sheet { limit, .. } => limit.code(),
            FileError::Inflates { .. } => "file.inflates_too_large",
            FileError::TooManyStrings { .. } => "file.too_many_strings",
            FileError::Declared { .. } => "sheet.declared_too_large",
            FileError::Password { .. } => "file.password",
            FileError::Write { .. } => "file.write",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            FileError::Open(e) => e.message_zh(),
            FileError::Io { path, source } => format!("无法读取文件 {path}（{}）。请确认文件存在、没有被其他程序占用，U盘没有拔出。", zhucun_files::io_zh(source)),
            FileError::Empty { path } => format!("文件 {path} 是空的（0字节）。请重新从系统导出花名册，或换一个文件。"),
            FileError::TooLarge { path, bytes } => format!("文件 {path} 太大（{}，上限 {}），超出了一个县花名册的规模。请按乡镇或村分开导出后分别导入。", size_zh(*bytes), size_zh(MAX_FILE_BYTES)),
            FileError::NotSpreadsheet { path } => format!("文件 {path} 不是表格文件。请选择 Excel（.xlsx/.xls）或 CSV 格式的花名册；若是压缩包或图片，请先解压或向县里索取表格。"),
            FileError::BadWorkbook { path, detail } => format!("Excel 文件 {path} 无法读取（{detail}），可能已损坏或未下载完整。请用 Excel/WPS 打开后另存为 .xlsx 再导入。"),
            FileError::BadCsv { path, detail } => format!("CSV 文件 {path} 格式有误（{detail}）。请用 Excel/WPS 打开后另存为 .xlsx 再导入。"),
            FileError::Sheet { path, sheet, limit } => {
                let at = sheet.as_ref().map(|s| format!(" 的工作表“{s}”")).unwrap_or_else(|| " ".to_string());
                format!("文件 {path}{at}无法导入：{}", limit.message_zh())
            }
            FileError::Inflates { path, part, max } => format!(
                "Excel 文件 {path} 中的{part}解压后超过 {}，远超花名册的规模，不是正常的花名册（可能已损坏或是恶意文件）。若确是花名册，请按乡镇分开导出，或用 Excel/WPS 打开后另存为 .xlsx 再导入。",
                size_zh(*max)
            ),
            FileError::TooManyStrings { path, max } => format!(
                "Excel 文件 {path} 中的共享文字超过 {max} 条，远超花名册的规模（一个县约一百万条不同的文字），不是正常的花名册（可能已损坏或是恶意文件）。若确是花名册，请按乡镇分开导出，或用 Excel/WPS 打开后另存为 .xlsx 再导入。"
            ),
            FileError::Declared { path, dimension } => format!(
                "Excel 文件 {path} 的工作表声明的范围是 {dimension}，超出了花名册的最大规模（{} 行、{} 列）。请在 Excel/WPS 中只把花名册复制到新的工作表，另存为 .xlsx 后再导入。",
                zhucun_domain::roster::MAX_ROWS,
                zhucun_domain::roster::MAX_COLUMNS
            ),
            FileError::Password { path } => format!("Excel 文件 {path} 设有打开密码，无法读取。请在 Excel/WPS 中取消密码后另存为 .xlsx 再导入。"),
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
    /// For workbooks: the sheet that was read (as an excerpt: it is shown).
    pub sheet_name: Option<String>,
    pub bytes: u64,
}

/// Why reading a file's content failed; the file's name is added by [`read_from`].
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(std::io::Error),
    NotText,
    Csv(String),
    Workbook(String),
    Sheet(Option<String>, SheetLimit),
    Inflates { part: String, max: u64 },
    TooManyStrings(u64),
    Declared(String),
    Password,
}

impl ReadError {
    fn with_path(self, path: &str) -> FileError {
        let path = path.to_string();
        match self {
            ReadError::Io(source) => FileError::Io { path, source },
            ReadError::NotText => FileError::NotSpreadsheet { path },
            ReadError::Csv(detail) => FileError::BadCsv { path, detail },
            ReadError::Workbook(detail) => FileError::BadWorkbook { path, detail: excerpt_to(&detail, 120) },
            ReadError::Sheet(sheet, limit) => FileError::Sheet { path, sheet: sheet.map(|s| excerpt(&s)), limit },
            ReadError::Inflates { part, max } => FileError::Inflates { path, part, max },
            ReadError::TooManyStrings(max) => FileError::TooManyStrings { path, max },
            ReadError::Declared(d) => FileError::Declared { path, dimension: excerpt(&d) },
            ReadError::Password => FileError::Password { path },
        }
    }
}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Read a roster file of any supported kind: a regular file of at most [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> Result<(Sheet, FileInfo), FileError> {
    let p = shown(path);
    let (file, len) = zhucun_files::open_regular(path, MAX_FILE_BYTES).map_err(|e| match e {
        zhucun_files::FileError::TooLarge { bytes, .. } => FileError::TooLarge { path: p.clone(), bytes },
        other => FileError::Open(other),
    })?;
    if len == 0 {
        return Err(FileError::Empty { path: p });
    }
    read_from(Snapshot::new(file, len), len, &p)
}

/// Read a roster from bytes in memory (the fuzzer, tests); `name` is what messages call it.
pub fn read_bytes(bytes: &[u8], name: &str) -> Result<(Sheet, FileInfo), FileError> {
    if bytes.is_empty() {
        return Err(FileError::Empty { path: name.to_string() });
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileError::TooLarge { path: name.to_string(), bytes: bytes.len() as u64 });
    }
    read_from(std::io::Cursor::new(bytes), bytes.len() as u64, name)
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn read_from<R: Read + Seek>(mut r: R, len: u64, p: &str) -> Result<(Sheet, FileInfo), FileError> {
    let mut magic = Vec::with_capacity(8);
    (&mut r).take(8).read_to_end(&mut magic).map_err(|source| FileError::Io { path: p.to_string(), source })?;
    r.seek(SeekFrom::Start(0)).map_err(|source| FileError::Io { path: p.to_string(), source })?;
    let workbook = |format: &str, res: std::thread::Result<Result<(Sheet, String), ReadError>>| match res {
        Ok(Ok((sheet, name))) => Ok((sheet, FileInfo { format: format.into(), encoding: None, sheet_name: Some(excerpt(&name)), bytes: len })),
        Ok(Err(e)) => Err(e.with_path(p)),
        // A reader of a third-party format that panics on a hostile file refuses it instead.
        Err(_) => Err(FileError::BadWorkbook { path: p.to_string(), detail: "文件结构异常".to_string() }),
    };
    if magic.starts_with(ZIP_MAGIC) {
        let r = std::io::BufReader::with_capacity(64 * 1024, r);
        workbook("xlsx", std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| xlsx::read(r))))
    } else if magic.starts_with(CFB_MAGIC) {
        let r = std::io::BufReader::with_capacity(64 * 1024, r);
        workbook("xls", std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| xls::read(r))))
    } else {
        let (sheet, encoding) = csv_read::read(r).map_err(|e| e.with_path(p))?;
        Ok((sheet, FileInfo { format: "csv".into(), encoding: Some(encoding.into()), sheet_name: None, bytes: len }))
    }
}

/// A file seen at the size it had when opened: reading stops there and seeking from the end counts
/// from there, so a file that grows while it is read cannot make any reader read more.
struct Snapshot<R> {
    inner: R,
    len: u64,
    pos: u64,
}

impl<R: Read + Seek> Snapshot<R> {
    fn new(inner: R, len: u64) -> Self {
        Snapshot { inner, len, pos: 0 }
    }
}

impl<R: Read + Seek> Read for Snapshot<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        let got = self.inner.read(&mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl<R: Read + Seek> Seek for Snapshot<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let target = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let target = target.ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "seek before the start"))?;
        self.pos = self.inner.seek(SeekFrom::Start(target))?;
        Ok(self.pos)
    }
}

/// Decode CSV bytes: UTF-8 (BOM or not) when valid, else GB18030 when that decodes cleanly; `None`
/// for binary data that is neither. (The reader streams; this is for callers holding bytes.)
pub fn decode_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
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
    let controls = text.chars().take(20_000).filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')).count();
    (controls == 0).then(|| (text.into_owned(), "GB18030"))
}

/// Parse CSV text; row numbers count from 1 as a spreadsheet shows them.
pub fn read_csv_text(text: &str) -> Result<Sheet, String> {
    csv_read::read(std::io::Cursor::new(text.as_bytes())).map(|(s, _)| s).map_err(|e| e.with_path("CSV").message_zh())
}

/// Whether a sheet's header has the roster's key columns.
fn is_roster(sheet: &Sheet) -> bool {
    sheet.headers.iter().any(|h| h.trim() == Col::Number.header())
        && sheet.headers.iter().any(|h| h.trim() == Col::IdNumber.header() || h.contains("身份证"))
}

/// A cell as text. Numbers are written without a trailing ".0"; a number too long to be exact (an ID
/// number that Excel stored as a number) is shown in Excel's scientific form so the check can say so.
fn cell_text(c: &DataRef<'_>) -> String {
    match c {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => float_text(*f),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        DataRef::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        DataRef::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.abs() >= 1e15 && f.is_finite() {
        format!("{f:E}").replace('E', "E+")
    } else {
        f.to_string()
    }
}

/// A CSV cell that a spreadsheet would run as a formula (=, +, -, @, or a tab or carriage return in
/// front) is written with a single quote in front, as Excel users write text that looks like one.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_formula(cell) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The first characters that make Excel and WPS read a CSV cell as a formula.
pub const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A formula character first, perhaps behind quotes (`'=1` is written `''=1`, so that it comes back).
fn looks_like_formula(cell: &str) -> bool {
    cell.trim_start_matches('\'').starts_with(FORMULA_STARTS)
}

/// The reverse of [`neutralise`] on import: a quote in front of a formula character is taken away.
fn unquote(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if looks_like_formula(rest) => rest,
        _ => cell,
    }
}

/// Write rows in the roster layout as .xlsx: bold frozen header, text cells (ID numbers never become
/// numbers), widths that fit, an autofilter, and the title in the document properties.
pub fn write_xlsx(path: &Path, headers: &[String], rows: &[Vec<String>], title: &str) -> Result<(), FileError> {
    use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook};
    let p = shown(path);
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
    let bytes = wb.save_to_buffer().map_err(err)?;
    zhucun_files::write_atomic(path, &bytes).map_err(|e| write_error(&p, e))
}

/// Write rows as UTF-8 CSV with a BOM, so Excel and WPS open it with the right encoding. A cell that
/// Excel would run as a formula gets a quote in front (`'=1+1`), which the CSV import takes away again.
pub fn write_csv(path: &Path, headers: &[String], rows: &[Vec<String>]) -> Result<(), FileError> {
    let p = shown(path);
    let err = |e: &dyn std::fmt::Display| FileError::Write { path: p.clone(), detail: e.to_string() };
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    for row in std::iter::once(headers).chain(rows.iter().map(|r| r.as_slice())) {
        for c in row {
            w.write_field(neutralise(c).as_bytes()).map_err(|e| err(&e))?;
        }
        // Every row as wide as the header (a sheet keeps a row only up to its last filled cell).
        for _ in row.len()..headers.len() {
            w.write_field(b"").map_err(|e| err(&e))?;
        }
        w.write_record(None::<&[u8]>).map_err(|e| err(&e))?;
    }
    let bytes = w.into_inner().map_err(|e| err(&e.error().to_string()))?;
    zhucun_files::write_atomic(path, &bytes).map_err(|e| write_error(&p, e))
}

pub(crate) fn write_error(path: &str, e: zhucun_files::FileError) -> FileError {
    let detail = match &e {
        zhucun_files::FileError::Write { source, .. } | zhucun_files::FileError::Io { source, .. } => zhucun_files::io_zh(source),
        other => other.to_string(),
    };
    FileError::Write { path: path.to_string(), detail }
}

/// Column width in Excel units: CJK characters are two wide.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn all_codes_lists_every_code_once() {
        let p = || String::from("p");
        let limits = [
            SheetLimit::Rows { row: 1 },
            SheetLimit::Columns { row: 1, column: 1 },
            SheetLimit::CellTooLong { row: 1, column: 1 },
            SheetLimit::TooMuch,
        ];
        for l in &limits {
            // A new limit does not compile here until it has a sample above.
            match l {
                SheetLimit::Rows { .. } | SheetLimit::Columns { .. } | SheetLimit::CellTooLong { .. } | SheetLimit::TooMuch => {}
            }
        }
        let mut all = vec![
            FileError::Io { path: p(), source: std::io::Error::other("x") },
            FileError::Empty { path: p() },
            FileError::TooLarge { path: p(), bytes: 1 },
            FileError::NotSpreadsheet { path: p() },
            FileError::BadWorkbook { path: p(), detail: p() },
            FileError::BadCsv { path: p(), detail: p() },
            FileError::Inflates { path: p(), part: p(), max: 1 },
            FileError::TooManyStrings { path: p(), max: 1 },
            FileError::Declared { path: p(), dimension: p() },
            FileError::Password { path: p() },
            FileError::Write { path: p(), detail: p() },
        ];
        all.extend(limits.into_iter().map(|limit| FileError::Sheet { path: p(), sheet: None, limit }));
        for e in &all {
            // A new variant does not compile here until it has a sample above.
            match e {
                FileError::Io { .. }
                | FileError::Empty { .. }
                | FileError::TooLarge { .. }
                | FileError::NotSpreadsheet { .. }
                | FileError::BadWorkbook { .. }
                | FileError::BadCsv { .. }
                | FileError::Sheet { .. }
                | FileError::Inflates { .. }
                | FileError::TooManyStrings { .. }
                | FileError::Declared { .. }
                | FileError::Password { .. }
                | FileError::Write { .. } => {}
                FileError::Open(_) => unreachable!("listed by zhucun_files"),
            }
        }
        let made: BTreeSet<&str> = all.iter().map(FileError::code).collect();
        let listed: BTreeSet<&str> = FileError::ALL_CODES.iter().copied().collect();
        assert_eq!(made, listed);
        assert_eq!(listed.len(), FileError::ALL_CODES.len(), "a code listed twice");
        let open = FileError::Open(zhucun_files::FileError::NotFound { path: p() });
        assert!(zhucun_files::FileError::ALL_CODES.contains(&open.code()));
    }
}
