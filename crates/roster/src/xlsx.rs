//! .xlsx rosters. An .xlsx is a zip of XML parts; a few kilobytes of zip can declare, or inflate to,
//! gigabytes, and one cell can name the far corner of the grid. So before calamine sees the file,
//! [`precheck`] measures every part: its declared size, then the bytes it really inflates to (declared
//! sizes can lie), each against a cap, and the XML parts are scanned for what calamine would trust (a
//! cell reference it computes with unchecked arithmetic, a sheet's declared range, the number of shared
//! strings it reserves room for). Then the cells are streamed (`worksheet_cells_reader`, never
//! `worksheet_range`, which allocates the whole rectangle) into the sheet, whose builder stops at the
//! first cell beyond the roster's limits.

use crate::{cell_text, is_roster, ReadError};
use calamine::{DataRef, Reader, Xlsx};
use std::io::{Read, Seek, SeekFrom};
use zhucun_domain::roster::{Sheet, SheetBuilder, SheetLimit, MAX_CELLS, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};

/// A worksheet part may inflate to this much: a county's 400,000 rows of 22 cells are about 400 MB
/// of XML.
pub const MAX_SHEET_XML_BYTES: u64 = 1024 * 1024 * 1024;
/// Any other XML part (the workbook, its relations, the styles, the theme) may inflate to this much.
pub const MAX_XML_PART_BYTES: u64 = 16 * 1024 * 1024;
/// The shared strings (the texts cells point to) may inflate to this much.
pub const MAX_SHARED_STRINGS_BYTES: u64 = 256 * 1024 * 1024;
/// The most shared strings: a county has about a million distinct texts (names, ID numbers, phones).
pub const MAX_SHARED_STRINGS: u64 = 4_000_000;
/// Any part that is not XML (pictures, printer settings) may inflate to this much.
pub const MAX_OTHER_PART_BYTES: u64 = 64 * 1024 * 1024;
/// All parts together may inflate to this much, and the sheets looked at for the roster may add up to
/// this much XML.
pub const MAX_INFLATED_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// The most parts in the zip (a workbook has a few dozen).
pub const MAX_PARTS: usize = 10_000;
/// The most sheets looked at for the roster.
pub const MAX_SHEETS: usize = 255;
/// The most cells (empty ones too) taken from calamine across all sheets: bounds the time a sheet
/// full of empty cells can take.
const MAX_CELLS_SCANNED: usize = 2 * MAX_CELLS;

/// The caps of [`precheck`] (the constants above; smaller in tests).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Caps {
    pub sheet: u64,
    pub xml: u64,
    pub shared_strings: u64,
    pub other: u64,
    pub total: u64,
}

pub(crate) const CAPS: Caps = Caps { sheet: MAX_SHEET_XML_BYTES, xml: MAX_XML_PART_BYTES, shared_strings: MAX_SHARED_STRINGS_BYTES, other: MAX_OTHER_PART_BYTES, total: MAX_INFLATED_BYTES };

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Sheet,
    SharedStrings,
    Styles,
    Xml,
    Other,
}

impl Part {
    fn of(name: &str) -> Part {
        let n = name.replace('\\', "/").to_ascii_lowercase();
        let xml = n.ends_with(".xml") || n.ends_with(".rels");
        if n.ends_with("sharedstrings.xml") {
            Part::SharedStrings
        } else if n.ends_with("styles.xml") {
            Part::Styles
        } else if xml && n.contains("worksheets/") {
            Part::Sheet
        } else if xml {
            Part::Xml
        } else {
            Part::Other
        }
    }

    fn cap(self, caps: &Caps) -> u64 {
        match self {
            Part::Sheet => caps.sheet,
            Part::SharedStrings => caps.shared_strings,
            Part::Styles | Part::Xml => caps.xml,
            Part::Other => caps.other,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Part::Sheet => "工作表内容",
            Part::SharedStrings => "共享文字（sharedStrings）",
            Part::Styles => "样式（styles）",
            Part::Xml => "工作簿结构",
            Part::Other => "附带内容",
        }
    }
}

fn bad(e: impl std::fmt::Display) -> ReadError {
    ReadError::Workbook(e.to_string())
}

/// Read an .xlsx: measure it, then stream the roster sheet (the first sheet whose header has the
/// roster's key columns, else the first sheet). Returns the sheet and its name.
pub(crate) fn read<R: Read + Seek>(mut r: R) -> Result<(Sheet, String), ReadError> {
    let largest_xml = precheck(&mut r, &CAPS)?;
    r.seek(SeekFrom::Start(0))?;
    let mut wb: Xlsx<R> = match Xlsx::new(r) {
        Ok(wb) => wb,
        Err(calamine::XlsxError::Password) => return Err(ReadError::Password),
        Err(e) => return Err(bad(e)),
    };
    let names = wb.sheet_names();
    // Each sheet read costs at most the largest XML part; a workbook that names one huge part many
    // times is not read forever.
    let affordable = (MAX_INFLATED_BYTES / largest_xml.max(1)).max(1) as usize;
    let mut scanned = 0usize;
    let mut first: Option<(Sheet, String)> = None;
    for name in names.into_iter().take(MAX_SHEETS.min(affordable)) {
        let sheet = match read_sheet(&mut wb, &name, &mut scanned) {
            Ok(s) => s,
            Err(SheetErr::Calamine(calamine::XlsxError::NotAWorksheet(_))) => continue,
            Err(SheetErr::Calamine(e)) => return Err(bad(e)),
            Err(SheetErr::Limit(l)) => return Err(ReadError::Sheet(Some(name), l)),
            Err(SheetErr::Order) => return Err(ReadError::Workbook("工作表的行没有按顺序排列".to_string())),
        };
        if is_roster(&sheet) {
            return Ok((sheet, name));
        }
        if first.is_none() {
            first = Some((sheet, name));
        }
    }
    Ok(first.unwrap_or_default())
}

enum SheetErr {
    Calamine(calamine::XlsxError),
    Limit(SheetLimit),
    Order,
}

impl From<calamine::XlsxError> for SheetErr {
    fn from(e: calamine::XlsxError) -> Self {
        SheetErr::Calamine(e)
    }
}

impl From<SheetLimit> for SheetErr {
    fn from(l: SheetLimit) -> Self {
        SheetErr::Limit(l)
    }
}

/// Stream one sheet's cells into a sheet, a row at a time.
fn read_sheet<R: Read + Seek>(wb: &mut Xlsx<R>, name: &str, scanned: &mut usize) -> Result<Sheet, SheetErr> {
    let mut cells = wb.worksheet_cells_reader(name)?;
    let mut b = SheetBuilder::new();
    // The row being gathered: its number and its cells by column (a later cell at the same place
    // replaces an earlier one, so a row never holds more than the columns allowed).
    let mut row: Option<usize> = None;
    let mut texts: Vec<String> = Vec::new();
    while let Some(cell) = cells.next_cell()? {
        *scanned += 1;
        if *scanned > MAX_CELLS_SCANNED {
            return Err(SheetLimit::TooMuch.into());
        }
        let value: &DataRef<'_> = cell.get_value();
        if matches!(value, DataRef::Empty) {
            continue;
        }
        let (r0, c0) = cell.get_position();
        let (number, col) = (r0 as usize + 1, c0 as usize);
        // A long shared string is not copied for every cell that points to it.
        if let DataRef::SharedString(t) = value {
            if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS {
                return Err(SheetLimit::CellTooLong { row: number, column: col }.into());
            }
        }
        let text = cell_text(value);
        if text.trim().is_empty() {
            continue;
        }
        if number > MAX_ROWS {
            return Err(SheetLimit::Rows { row: number }.into());
        }
        if col >= MAX_COLUMNS {
            return Err(SheetLimit::Columns { row: number, column: col }.into());
        }
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(SheetLimit::CellTooLong { row: number, column: col }.into());
        }
        match row {
            Some(n) if n == number => {}
            Some(n) if number < n => {
                return Err(SheetErr::Order);
            }
            _ => {
                if let Some(n) = row {
                    b.push_row(n, &texts)?;
                }
                texts.clear();
                row = Some(number);
            }
        }
        if texts.len() <= col {
            texts.resize(col + 1, String::new());
        }
        texts[col] = text;
    }
    if let Some(n) = row {
        b.push_row(n, &texts)?;
    }
    Ok(b.finish())
}

/// Measure every part of the zip before calamine opens it; returns the size of the largest XML part.
pub(crate) fn precheck<R: Read + Seek>(r: &mut R, caps: &Caps) -> Result<u64, ReadError> {
    let mut zip = zip::ZipArchive::new(&mut *r).map_err(bad)?;
    if zip.len() > MAX_PARTS {
        return Err(ReadError::Workbook(format!("压缩包中有{}个部件，正常的表格只有几十个", zip.len())));
    }
    let mut total = 0u64;
    let mut largest_xml = 0u64;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(bad)?;
        if f.is_dir() {
            continue;
        }
        let part = Part::of(&f.name().map_err(bad)?);
        let cap = part.cap(caps);
        let too_big = || ReadError::Inflates { part: part.what().to_string(), max: cap };
        if f.size() > cap {
            return Err(too_big());
        }
        let mut limited = Counting { inner: (&mut f).take(cap + 1), n: 0 };
        match part {
            Part::SharedStrings => scan_shared_strings(&mut limited)?,
            Part::Styles => scan_styles(&mut limited)?,
            Part::Sheet | Part::Xml => scan_xml(&mut limited)?,
            Part::Other => {}
        }
        std::io::copy(&mut limited, &mut std::io::sink()).map_err(bad)?;
        let n = limited.n;
        if n > cap {
            return Err(too_big());
        }
        if matches!(part, Part::Sheet | Part::Xml) {
            largest_xml = largest_xml.max(n);
        }
        total += n;
        if total > caps.total {
            return Err(ReadError::Inflates { part: "全部内容".to_string(), max: caps.total });
        }
    }
    Ok(largest_xml)
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    n: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let k = self.inner.read(buf)?;
        self.n += k as u64;
        Ok(k)
    }
}

/// The raw attributes of a start tag as calamine reads them: every `key="value"` (or `'value'`).
fn raw_attrs(raw: &str) -> Vec<(&str, &str)> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let mut pos = 0usize;
    loop {
        while pos < b.len() && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let key_start = pos;
        while pos < b.len() && b[pos] != b'=' {
            pos += 1;
        }
        if pos >= b.len() {
            return out;
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < b.len() && b[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = match b.get(pos) {
            Some(q @ (b'"' | b'\'')) => *q,
            _ => return out,
        };
        pos += 1;
        let start = pos;
        while pos < b.len() && b[pos] != quote {
            pos += 1;
        }
        out.push((key, raw.get(start..pos).unwrap_or("")));
        pos += 1;
    }
}

/// A cell reference as calamine computes it (letters then digits), refused when its arithmetic could
/// overflow: at most 3 letters (XFD is the last column) and 7 digits (1048576 the last row).
fn check_ref(r: &str) -> Result<(), ReadError> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let digits = r.bytes().skip(letters).take_while(u8::is_ascii_digit).count();
    if letters > 3 || digits > 7 {
        return Err(ReadError::Workbook(format!("单元格位置“{}”不存在", zhucun_domain::text::excerpt(r))));
    }
    Ok(())
}

/// (row, column), 1-based, of a reference that passed [`check_ref`]; `None` if it is not one.
fn ref_position(r: &str) -> Option<(u64, u64)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let col = r.bytes().take(letters).fold(0u64, |acc, c| acc * 26 + u64::from(c.to_ascii_uppercase() - b'A') + 1);
    let row: u64 = r.get(letters..)?.parse().ok()?;
    Some((row, col))
}

/// The longest tag, text, comment or other markup between two tags, in bytes. calamine's XML reader
/// holds one such piece in memory at a time; a cell's text is at most 32,767 characters.
pub const MAX_XML_PIECE_BYTES: usize = 1024 * 1024;
/// The most text in one cell or one shared string, all its pieces (rich-text runs) together.
pub const MAX_CELL_XML_BYTES: u64 = 1024 * 1024;
/// In the styles part, the longest tag: Excel's font names are at most 31 characters and its number
/// formats at most 255, and calamine copies them into every cell format that uses them.
pub const MAX_STYLE_PIECE_BYTES: usize = 4 * 1024;
/// The most cell formats (Excel allows 64,000) and the most fonts, fills, borders or number formats.
pub const MAX_STYLE_RECORDS: u64 = 65_536;
/// Cell formats × the longest style tag: what calamine's copies of fonts and formats can cost.
const MAX_STYLE_COPIES_BYTES: u64 = 64 * 1024 * 1024;

/// What [`scan_tags`] sees.
enum Ev<'a> {
    /// A start tag (or an empty element): local name, raw attributes, and whether it closes itself.
    Start(&'a str, &'a str, bool),
    End(&'a str),
    /// Text (or CDATA) of this many bytes.
    Text(u64),
}

/// Streams an XML part and hands what it sees to `on`, holding no more than one tag in memory;
/// refuses any piece of markup or text longer than `max_piece` bytes, and a part that is not UTF-8.
/// Comments, processing instructions and declarations are skipped as an XML reader does.
fn scan_tags<R: Read>(mut r: R, max_piece: usize, mut on: impl FnMut(Ev<'_>) -> Result<(), ReadError>) -> Result<(), ReadError> {
    let too_long = || ReadError::Workbook(format!("表格中有一段内容超过 {} KB，不是正常的表格", max_piece / 1024));
    let not_utf8 = || ReadError::Workbook("表格的内容不是 UTF-8 编码".to_string());
    let mut buf = vec![0u8; 64 * 1024];
    let mut tag: Vec<u8> = Vec::new();
    enum St {
        Text,
        /// Just after '<': what kind of markup is not known yet.
        Open,
        Tag { quote: u8 },
        /// A comment, CDATA or processing instruction: skip to its terminator.
        Until(&'static [u8]),
        /// A declaration (`<!DOCTYPE ...>`), with the depth of its [ ] brackets.
        Decl { depth: u32, quote: u8 },
    }
    let mut st = St::Text;
    let mut run = 0usize;
    let mut first = true;
    loop {
        let n = r.read(&mut buf).map_err(bad)?;
        if n == 0 {
            if run > 0 {
                on(Ev::Text(run as u64))?;
            }
            return Ok(());
        }
        let chunk = &buf[..n];
        if first {
            first = false;
            if chunk.starts_with(&[0xFF, 0xFE]) || chunk.starts_with(&[0xFE, 0xFF]) || chunk.iter().take(4).any(|&b| b == 0) {
                return Err(not_utf8());
            }
        }
        let mut i = 0usize;
        while i < chunk.len() {
            match st {
                St::Text => {
                    let k = chunk[i..].iter().position(|&b| b == b'<');
                    let len = k.unwrap_or(chunk.len() - i);
                    run += len;
                    if run > max_piece {
                        return Err(too_long());
                    }
                    i += len;
                    if k.is_some() {
                        i += 1;
                        if run > 0 {
                            on(Ev::Text(run as u64))?;
                        }
                        run = 0;
                        tag.clear();
                        st = St::Open;
                    }
                }
                St::Open => {
                    // The kind of markup shows in its first bytes.
                    let b = chunk[i];
                    i += 1;
                    tag.push(b);
                    st = match tag[0] {
                        b'!' if tag.starts_with(b"!--") => St::Until(b"-->"),
                        b'!' if tag.starts_with(b"![CDATA[") => St::Until(b"]]>"),
                        b'!' if b"!--".starts_with(&tag) || b"![CDATA[".starts_with(&tag) => St::Open,
                        b'!' => {
                            run = tag.len();
                            St::Decl { depth: u32::from(tag.ends_with(b"[")), quote: 0 }
                        }
                        b'?' => St::Until(b"?>"),
                        _ => {
                            // A tag: read it again from its first byte, minding quotes.
                            tag.clear();
                            i -= 1;
                            St::Tag { quote: 0 }
                        }
                    };
                }
                St::Tag { quote } => {
                    let b = chunk[i];
                    i += 1;
                    if quote == 0 && b == b'>' {
                        // A whole tag: `<name attrs>`, `</name>` or `<name/>`.
                        let t = std::str::from_utf8(&tag).map_err(|_| not_utf8())?;
                        let (t, end) = match t.strip_prefix('/') {
                            Some(rest) => (rest, true),
                            None => (t, false),
                        };
                        let (t, empty) = match t.strip_suffix('/') {
                            Some(rest) => (rest, true),
                            None => (t, false),
                        };
                        let cut = t.find(|c: char| c.is_ascii_whitespace()).unwrap_or(t.len());
                        let (name, attrs) = t.split_at(cut);
                        let local = name.rsplit(':').next().unwrap_or(name);
                        if end {
                            on(Ev::End(local))?;
                        } else {
                            on(Ev::Start(local, attrs, empty))?;
                        }
                        tag.clear();
                        st = St::Text;
                        continue;
                    }
                    tag.push(b);
                    if tag.len() > max_piece {
                        return Err(too_long());
                    }
                    st = match (quote, b) {
                        (0, b'"' | b'\'') => St::Tag { quote: b },
                        (q, b) if q != 0 && b == q => St::Tag { quote: 0 },
                        (q, _) => St::Tag { quote: q },
                    };
                }
                St::Until(end) => {
                    let b = chunk[i];
                    i += 1;
                    tag.push(b);
                    if tag.len() > max_piece {
                        return Err(too_long());
                    }
                    if tag.ends_with(end) {
                        if end == b"]]>" {
                            on(Ev::Text(tag.len() as u64))?;
                        }
                        tag.clear();
                        st = St::Text;
                    }
                }
                St::Decl { depth, quote } => {
                    let b = chunk[i];
                    i += 1;
                    run += 1;
                    if run > max_piece {
                        return Err(too_long());
                    }
                    st = match (quote, b) {
                        (0, b'"' | b'\'') => St::Decl { depth, quote: b },
                        (q, b) if q != 0 && b == q => St::Decl { depth, quote: 0 },
                        (0, b'[') => St::Decl { depth: depth + 1, quote: 0 },
                        (0, b']') => St::Decl { depth: depth.saturating_sub(1), quote: 0 },
                        (0, b'>') if depth == 0 => {
                            run = 0;
                            St::Text
                        }
                        (q, _) => St::Decl { depth, quote: q },
                    };
                }
            }
        }
    }
}

/// Counts the text inside one kind of element (a cell, a shared string), all its pieces together.
struct TextIn {
    element: &'static str,
    depth: u32,
    bytes: u64,
}

impl TextIn {
    fn on(&mut self, ev: &Ev<'_>) -> Result<(), ReadError> {
        match *ev {
            Ev::Start(name, _, empty) if name == self.element && !empty => {
                self.depth += 1;
                self.bytes = 0;
            }
            Ev::End(name) if name == self.element => self.depth = self.depth.saturating_sub(1),
            Ev::Text(n) if self.depth > 0 => {
                self.bytes += n;
                if self.bytes > MAX_CELL_XML_BYTES {
                    return Err(ReadError::Workbook(format!("表格中有一格的内容超过 {} KB，不是花名册的内容", MAX_CELL_XML_BYTES / 1024)));
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// Scan an XML part for what calamine would compute from: cell and row references, and a sheet's
/// declared range, which must lie within the roster's limits; and the text of each cell.
fn scan_xml<R: Read>(r: R) -> Result<(), ReadError> {
    let mut cell = TextIn { element: "c", depth: 0, bytes: 0 };
    scan_tags(r, MAX_XML_PIECE_BYTES, |ev| {
        cell.on(&ev)?;
        if let Ev::Start(name, attrs, _) = ev {
            match name {
                "c" | "row" => {
                    for (k, v) in raw_attrs(attrs) {
                        if k == "r" {
                            check_ref(v)?;
                        }
                    }
                }
                "dimension" => {
                    for (k, v) in raw_attrs(attrs) {
                        if k == "ref" {
                            check_dimension(v)?;
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })
}

/// The styles: calamine copies a font, a fill, a border and a number format into every cell format,
/// so the count of cell formats times the longest style tag is bounded.
fn scan_styles<R: Read>(r: R) -> Result<(), ReadError> {
    let mut records = [0u64; 2];
    let mut longest = 0u64;
    let too_many = || ReadError::Workbook(format!("表格的样式超过 {MAX_STYLE_RECORDS} 种，不是正常的表格"));
    scan_tags(r, MAX_STYLE_PIECE_BYTES, |ev| {
        if let Ev::Start(name, attrs, _) = ev {
            longest = longest.max((name.len() + attrs.len()) as u64);
            let k = match name {
                "xf" => 0,
                "font" | "fill" | "border" | "numFmt" => 1,
                _ => return Ok(()),
            };
            records[k] += 1;
            if records[k] > MAX_STYLE_RECORDS * if k == 0 { 1 } else { 4 } || records[0].saturating_mul(longest) > MAX_STYLE_COPIES_BYTES {
                return Err(too_many());
            }
        }
        Ok(())
    })
}

/// The shared strings: calamine reserves room for the count the part declares, and keeps every one.
fn scan_shared_strings<R: Read>(r: R) -> Result<(), ReadError> {
    let too_many = || ReadError::TooManyStrings(MAX_SHARED_STRINGS);
    let mut count = 0u64;
    let mut si = TextIn { element: "si", depth: 0, bytes: 0 };
    scan_tags(r, MAX_XML_PIECE_BYTES, |ev| {
        si.on(&ev)?;
        if let Ev::Start(name, attrs, _) = ev {
            match name {
                "sst" => {
                    for (k, v) in raw_attrs(attrs) {
                        if k == "uniqueCount" {
                            let ok = !v.is_empty() && v.len() <= 10 && v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<u64>().is_ok_and(|n| n <= MAX_SHARED_STRINGS);
                            if !ok {
                                return Err(too_many());
                            }
                        }
                    }
                }
                "si" => {
                    count += 1;
                    if count > MAX_SHARED_STRINGS {
                        return Err(too_many());
                    }
                }
                _ => {}
            }
        }
        Ok(())
    })
}

fn check_dimension(v: &str) -> Result<(), ReadError> {
    let mut ends = Vec::new();
    for part in v.split(':') {
        check_ref(part)?;
        ends.push(ref_position(part));
    }
    if let [Some(a), Some(b)] = ends[..] {
        if b.0 < a.0 || b.1 < a.1 {
            return Err(ReadError::Workbook(format!("工作表的范围“{}”不对", zhucun_domain::text::excerpt(v))));
        }
    }
    for (row, col) in ends.into_iter().flatten() {
        if row > MAX_ROWS as u64 || col > MAX_COLUMNS as u64 {
            return Err(ReadError::Declared(v.to_string()));
        }
    }
    Ok(())
}

