//! .xls rosters (Excel 97–2003, BIFF8 records in a compound file), read by our own bounded reader.
//!
//! calamine's .xls reader is not used: it parses every sheet when the file is opened, reserves room
//! for the rows × columns a DIMENSIONS record claims (a tiny file can claim 2³² rows), builds each
//! sheet as a full rectangle of cells (65,536 × 65,536 for one far cell), and indexes records without
//! checking their length. Here the compound file is opened by the `cfb` crate (which refuses loops and
//! shared sectors in its tables), the workbook stream is read whole (it is at most the file's size),
//! and its records are walked with every length checked; cells go row by row into the sheet builder
//! with the roster's limits, like the other formats. Only what a roster needs is read: shared strings,
//! text, numbers (dates by their number format), booleans, errors and the cached results of formulas.

use crate::{float_text, is_roster, ReadError, MAX_FILE_BYTES};
use calamine::{ExcelDateTime, ExcelDateTimeType};
use std::collections::HashSet;
use std::io::{Read, Seek};
use zhucun_domain::roster::{Sheet, SheetBuilder, SheetLimit, MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};

/// The most shared strings (a county has about a million distinct texts).
const MAX_SST: usize = 4_000_000;
/// The most sheets looked at for the roster.
const MAX_SHEETS: usize = 255;

fn bad(what: &str) -> ReadError {
    ReadError::Workbook(what.to_string())
}

/// Read an .xls: the roster sheet (the first whose header has the roster's key columns, else the
/// first sheet) and its name.
pub(crate) fn read<R: Read + Seek>(r: R) -> Result<(Sheet, String), ReadError> {
    let mut cf = cfb::CompoundFile::open(r).map_err(|e| ReadError::Workbook(format!("文件结构损坏：{e}")))?;
    if cf.is_stream("/EncryptedPackage") {
        return Err(ReadError::Password);
    }
    let name = if cf.is_stream("/Workbook") {
        "/Workbook"
    } else if cf.is_stream("/Book") {
        return Err(bad("这是 Excel 95 或更早的格式"));
    } else {
        return Err(bad("文件中没有工作簿"));
    };
    let mut data = Vec::new();
    cf.open_stream(name)
        .and_then(|s| s.take(MAX_FILE_BYTES + 1).read_to_end(&mut data))
        .map_err(|e| ReadError::Workbook(format!("工作簿读不出来：{e}")))?;
    drop(cf);
    read_workbook(&data)
}

/// One BIFF record: its type and data, plus the data of the CONTINUE records that follow it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// The records of a stream from `pos` on.
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Records<'a> {
    fn header(&self, at: usize) -> Option<(u16, usize)> {
        let h = self.stream.get(at..at + 4)?;
        Some((u16::from_le_bytes([h[0], h[1]]), u16::from_le_bytes([h[2], h[3]]) as usize))
    }

    fn next(&mut self) -> Result<Option<Record<'a>>, ReadError> {
        if self.pos >= self.stream.len() {
            return Ok(None);
        }
        let (typ, len) = self.header(self.pos).ok_or_else(|| bad("记录不完整"))?;
        let data = self.stream.get(self.pos + 4..self.pos + 4 + len).ok_or_else(|| bad("记录不完整"))?;
        self.pos += 4 + len;
        let mut cont = Vec::new();
        while let Some((0x003C, clen)) = self.header(self.pos) {
            let c = self.stream.get(self.pos + 4..self.pos + 4 + clen).ok_or_else(|| bad("记录不完整"))?;
            cont.push(c);
            self.pos += 4 + clen;
        }
        Ok(Some(Record { typ, data, cont }))
    }
}

/// Bytes of a record and its continuations, read in order; a string's characters that cross into a
/// continuation start again with a flags byte there.
struct Reader<'a> {
    segs: Vec<&'a [u8]>,
    seg: usize,
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(r: &Record<'a>) -> Self {
        let mut segs = vec![r.data];
        segs.extend(r.cont.iter().copied());
        Reader { segs, seg: 0, at: 0 }
    }

    fn plain(data: &'a [u8]) -> Self {
        Reader { segs: vec![data], seg: 0, at: 0 }
    }

    /// Move to the next segment when this one is used up; `false` at the end.
    fn settle(&mut self) -> bool {
        while self.seg < self.segs.len() && self.at >= self.segs[self.seg].len() {
            self.seg += 1;
            self.at = 0;
        }
        self.seg < self.segs.len()
    }

    fn at_end(&mut self) -> bool {
        !self.settle()
    }

    fn u8(&mut self) -> Result<u8, ReadError> {
        if !self.settle() {
            return Err(bad("记录太短"));
        }
        let b = self.segs[self.seg][self.at];
        self.at += 1;
        Ok(b)
    }

    fn u16(&mut self) -> Result<u16, ReadError> {
        Ok(u16::from_le_bytes([self.u8()?, self.u8()?]))
    }

    fn u32(&mut self) -> Result<u32, ReadError> {
        Ok(u32::from_le_bytes([self.u8()?, self.u8()?, self.u8()?, self.u8()?]))
    }

    fn f64(&mut self) -> Result<f64, ReadError> {
        let mut b = [0u8; 8];
        for x in &mut b {
            *x = self.u8()?;
        }
        Ok(f64::from_le_bytes(b))
    }

    fn skip(&mut self, mut n: usize) -> Result<(), ReadError> {
        while n > 0 {
            if !self.settle() {
                return Err(bad("记录太短"));
            }
            let k = n.min(self.segs[self.seg].len() - self.at);
            self.at += k;
            n -= k;
        }
        Ok(())
    }

    /// `cch` characters, one byte each (Latin-1) or two (UTF-16LE) as `high` says; where they cross
    /// into a continuation, it starts with a new flags byte that says which.
    fn chars(&mut self, cch: usize, mut high: bool, out: &mut String) -> Result<(), ReadError> {
        let mut left = cch;
        let mut units: Vec<u16> = Vec::new();
        while left > 0 {
            let seg = *self.segs.get(self.seg).ok_or_else(|| bad("文字不完整"))?;
            if self.at >= seg.len() {
                self.seg += 1;
                let next = *self.segs.get(self.seg).ok_or_else(|| bad("文字不完整"))?;
                high = next.first().ok_or_else(|| bad("文字不完整"))? & 1 != 0;
                self.at = 1;
                continue;
            }
            let per = if high { 2 } else { 1 };
            let take = left.min((seg.len() - self.at) / per);
            if take == 0 {
                return Err(bad("文字不完整"));
            }
            let bytes = &seg[self.at..self.at + take * per];
            if high {
                units.extend(bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])));
            } else {
                flush_utf16(&mut units, out);
                out.extend(bytes.iter().map(|&b| b as char));
            }
            self.at += take * per;
            left -= take;
        }
        flush_utf16(&mut units, out);
        Ok(())
    }
}

fn flush_utf16(units: &mut Vec<u16>, out: &mut String) {
    if !units.is_empty() {
        out.extend(char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or('\u{fffd}')));
    }
}

/// XLUnicodeString: cch (u16), flags, characters.
fn unicode_string(r: &mut Reader<'_>) -> Result<String, ReadError> {
    let cch = r.u16()? as usize;
    let flags = r.u8()?;
    let mut s = String::with_capacity(cch.min(1024));
    r.chars(cch, flags & 1 != 0, &mut s)?;
    Ok(s)
}

/// XLUnicodeRichExtendedString of the shared string table.
fn rich_string(r: &mut Reader<'_>, out: &mut String) -> Result<(), ReadError> {
    let cch = r.u16()? as usize;
    let flags = r.u8()?;
    let runs = if flags & 0x08 != 0 { r.u16()? as usize } else { 0 };
    let ext = if flags & 0x04 != 0 { r.u32()? as usize } else { 0 };
    r.chars(cch, flags & 1 != 0, out)?;
    r.skip(runs * 4)?;
    r.skip(ext)
}

/// The shared strings, kept as one text with ends.
#[derive(Default)]
struct Sst {
    text: String,
    ends: Vec<usize>,
}

impl Sst {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }
}

fn read_sst(rec: &Record<'_>) -> Result<Sst, ReadError> {
    let mut r = Reader::new(rec);
    let _total = r.u32()?;
    let unique = r.u32()? as usize;
    let mut sst = Sst::default();
    while sst.ends.len() < unique && !r.at_end() {
        if sst.ends.len() >= MAX_SST {
            return Err(ReadError::TooManyStrings(MAX_SST as u64));
        }
        rich_string(&mut r, &mut sst.text)?;
        sst.ends.push(sst.text.len());
    }
    Ok(sst)
}

/// Whether a number format shows a date (the built-in date formats, Chinese ones included, and custom
/// formats with y, m, d, h or s outside quotes and brackets).
fn is_date_format(code: &str) -> bool {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' | '_' | '*' => escaped = true,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => return false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

fn builtin_is_date(ifmt: u16) -> bool {
    matches!(ifmt, 14..=22 | 27..=36 | 45 | 47 | 50..=58)
}

struct Globals {
    sst: Sst,
    /// Per XF: whether its number format is a date.
    xf_date: Vec<bool>,
    is_1904: bool,
    /// (stream offset, name) of each worksheet, in order.
    sheets: Vec<(usize, String)>,
}

fn read_globals(stream: &[u8]) -> Result<Globals, ReadError> {
    let mut recs = Records { stream, pos: 0 };
    let first = recs.next()?.ok_or_else(|| bad("工作簿是空的"))?;
    if first.typ != 0x0809 || first.data.len() < 2 {
        return Err(bad("工作簿的开头不对"));
    }
    let version = u16::from_le_bytes([first.data[0], first.data[1]]);
    if version != 0x0600 {
        return Err(bad("这是 Excel 95 或更早的格式"));
    }
    let mut formats: std::collections::HashMap<u16, bool> = Default::default();
    let mut xf_fmt: Vec<u16> = Vec::new();
    let mut g = Globals { sst: Sst::default(), xf_date: Vec::new(), is_1904: false, sheets: Vec::new() };
    while let Some(rec) = recs.next()? {
        match rec.typ {
            0x002F => return Err(ReadError::Password),
            0x0022 => g.is_1904 = rec.data.first() == Some(&1),
            0x041E => {
                let mut r = Reader::new(&rec);
                let ifmt = r.u16()?;
                let code = unicode_string(&mut r)?;
                formats.insert(ifmt, is_date_format(&code));
            }
            0x00E0 => {
                let mut r = Reader::plain(rec.data);
                r.u16()?;
                xf_fmt.push(r.u16()?);
            }
            0x0085 => {
                let mut r = Reader::plain(rec.data);
                let pos = r.u32()? as usize;
                let _state = r.u8()?;
                let kind = r.u8()?;
                let cch = r.u8()? as usize;
                let flags = r.u8()?;
                let mut name = String::new();
                r.chars(cch, flags & 1 != 0, &mut name)?;
                if kind == 0 && g.sheets.len() < MAX_SHEETS {
                    g.sheets.push((pos, name));
                }
            }
            0x00FC => g.sst = read_sst(&rec)?,
            0x000A => break,
            _ => {}
        }
    }
    g.xf_date = xf_fmt.iter().map(|f| formats.get(f).copied().unwrap_or_else(|| builtin_is_date(*f))).collect();
    Ok(g)
}

fn read_workbook(stream: &[u8]) -> Result<(Sheet, String), ReadError> {
    let g = read_globals(stream)?;
    let mut seen = HashSet::new();
    let mut first: Option<(Sheet, String)> = None;
    // Sheets do not overlap in a real file: the records walked for all sheets together stay within
    // the stream's size (twice, to be lenient), however the sheet list points into it.
    let mut budget = stream.len().saturating_mul(2);
    for (pos, name) in &g.sheets {
        if !seen.insert(*pos) {
            continue;
        }
        let sheet = read_sheet(stream, *pos, &g, &mut budget).map_err(|e| match e {
            ReadError::Sheet(None, l) => ReadError::Sheet(Some(name.clone()), l),
            other => other,
        })?;
        if is_roster(&sheet) {
            return Ok((sheet, name.clone()));
        }
        if first.is_none() {
            first = Some((sheet, name.clone()));
        }
    }
    Ok(first.unwrap_or_default())
}

/// Gathers a sheet's cells row by row (rows come in order in a BIFF8 sheet).
struct Rows {
    b: SheetBuilder,
    row: Option<usize>,
    texts: Vec<String>,
}

impl Rows {
    fn cell(&mut self, row: u16, col: u16, text: String) -> Result<(), ReadError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let (number, col) = (row as usize + 1, col as usize);
        let limit = |l| ReadError::Sheet(None, l);
        if number > MAX_ROWS {
            return Err(limit(SheetLimit::Rows { row: number }));
        }
        if col >= MAX_COLUMNS {
            return Err(limit(SheetLimit::Columns { row: number, column: col }));
        }
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(limit(SheetLimit::CellTooLong { row: number, column: col }));
        }
        match self.row {
            Some(n) if n == number => {}
            Some(n) if number < n => return Err(bad("工作表的行没有按顺序排列")),
            _ => {
                self.flush()?;
                self.row = Some(number);
            }
        }
        if self.texts.len() <= col {
            self.texts.resize(col + 1, String::new());
        }
        self.texts[col] = text;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ReadError> {
        if let Some(n) = self.row.take() {
            self.b.push_row(n, &self.texts).map_err(|l| ReadError::Sheet(None, l))?;
        }
        self.texts.clear();
        Ok(())
    }
}

fn number_text(v: f64, ixfe: u16, g: &Globals) -> String {
    if g.xf_date.get(ixfe as usize).copied().unwrap_or(false) && v.is_finite() && v >= 0.0 {
        let (y, m, d, ..) = ExcelDateTime::new(v, ExcelDateTimeType::DateTime, g.is_1904).to_ymd_hms_milli();
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        float_text(v)
    }
}

fn rk_value(rk: u32) -> f64 {
    let v = if rk & 2 != 0 { f64::from((rk as i32) >> 2) } else { f64::from_bits(u64::from(rk & 0xFFFF_FFFC) << 32) };
    if rk & 1 != 0 {
        v / 100.0
    } else {
        v
    }
}

fn error_text(code: u8) -> String {
    match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        _ => "#ERROR",
    }
    .to_string()
}

fn read_sheet(stream: &[u8], pos: usize, g: &Globals, budget: &mut usize) -> Result<Sheet, ReadError> {
    if pos >= stream.len() {
        return Err(bad("工作表的位置不在文件中"));
    }
    let mut recs = Records { stream, pos };
    let first = recs.next()?.ok_or_else(|| bad("工作表是空的"))?;
    if first.typ != 0x0809 {
        return Err(bad("工作表的开头不对"));
    }
    let mut rows = Rows { b: SheetBuilder::new(), row: None, texts: Vec::new() };
    // A formula whose text result comes in the next STRING record.
    let mut pending: Option<(u16, u16)> = None;
    let mut depth = 0usize;
    loop {
        let before = recs.pos;
        let Some(rec) = recs.next()? else { break };
        let walked = recs.pos - before;
        *budget = budget.checked_sub(walked).ok_or_else(|| bad("工作表的位置互相重叠"))?;
        if depth > 0 {
            match rec.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let mut r = Reader::new(&rec);
        match rec.typ {
            0x0809 => depth += 1,
            0x000A => break,
            0x00FD => {
                let (row, col, _ixfe, isst) = (r.u16()?, r.u16()?, r.u16()?, r.u32()?);
                let text = g.sst.get(isst as usize).unwrap_or("").to_string();
                rows.cell(row, col, text)?;
            }
            0x0204 | 0x00D6 => {
                let (row, col, _ixfe) = (r.u16()?, r.u16()?, r.u16()?);
                let text = unicode_string(&mut r)?;
                rows.cell(row, col, text)?;
            }
            0x0203 => {
                let (row, col, ixfe, v) = (r.u16()?, r.u16()?, r.u16()?, r.f64()?);
                rows.cell(row, col, number_text(v, ixfe, g))?;
            }
            0x027E => {
                let (row, col, ixfe, rk) = (r.u16()?, r.u16()?, r.u16()?, r.u32()?);
                rows.cell(row, col, number_text(rk_value(rk), ixfe, g))?;
            }
            0x00BD => {
                let row = r.u16()?;
                let col_first = r.u16()?;
                let n = rec.data.len().saturating_sub(6) / 6;
                for k in 0..n {
                    let (ixfe, rk) = (r.u16()?, r.u32()?);
                    let col = col_first.checked_add(k as u16).ok_or_else(|| bad("单元格位置不对"))?;
                    rows.cell(row, col, number_text(rk_value(rk), ixfe, g))?;
                }
            }
            0x0205 => {
                let (row, col, _ixfe, v, is_err) = (r.u16()?, r.u16()?, r.u16()?, r.u8()?, r.u8()?);
                let text = if is_err == 1 { error_text(v) } else if v != 0 { "是".into() } else { "否".into() };
                rows.cell(row, col, text)?;
            }
            0x0006 => {
                let (row, col, ixfe) = (r.u16()?, r.u16()?, r.u16()?);
                let mut res = [0u8; 8];
                for b in &mut res {
                    *b = r.u8()?;
                }
                pending = None;
                if res[6] == 0xFF && res[7] == 0xFF {
                    match res[0] {
                        0 => pending = Some((row, col)),
                        1 => rows.cell(row, col, if res[2] != 0 { "是".into() } else { "否".into() })?,
                        2 => rows.cell(row, col, error_text(res[2]))?,
                        _ => {}
                    }
                } else {
                    rows.cell(row, col, number_text(f64::from_le_bytes(res), ixfe, g))?;
                }
            }
            0x0207 => {
                if let Some((row, col)) = pending.take() {
                    let text = unicode_string(&mut r)?;
                    rows.cell(row, col, text)?;
                }
            }
            _ => {}
        }
    }
    rows.flush()?;
    Ok(rows.b.finish())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A record: type, length, data.
    pub fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    pub fn label(row: u16, col: u16, s: &str) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(row.to_le_bytes());
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        let units: Vec<u16> = s.encode_utf16().collect();
        d.extend((units.len() as u16).to_le_bytes());
        d.push(1);
        for u in units {
            d.extend(u.to_le_bytes());
        }
        rec(0x0204, &d)
    }

    pub fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
        let mut d = Vec::new();
        d.extend(row.to_le_bytes());
        d.extend(col.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(v.to_le_bytes());
        rec(0x0203, &d)
    }

    /// A BIFF8 workbook stream with one sheet holding `cells` (records).
    pub fn workbook(cells: &[Vec<u8>]) -> Vec<u8> {
        let bof = rec(0x0809, &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0]);
        let sheet_bof = rec(0x0809, &[0x00, 0x06, 0x10, 0x00, 0, 0, 0, 0]);
        let eof = rec(0x000A, &[]);
        let name = "花名册";
        let units: Vec<u16> = name.encode_utf16().collect();
        let mut bs = vec![0u8; 4];
        bs.extend([0, 0, units.len() as u8, 1]);
        for u in &units {
            bs.extend(u.to_le_bytes());
        }
        let globals_len = bof.len() + rec(0x0085, &bs).len() + eof.len();
        bs[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut s = bof;
        s.extend(rec(0x0085, &bs));
        s.extend(eof.clone());
        s.extend(sheet_bof);
        for c in cells {
            s.extend_from_slice(c);
        }
        s.extend(eof);
        s
    }

    #[test]
    fn cells_of_a_small_workbook_are_read() {
        let s = workbook(&[label(0, 0, "户编号"), label(0, 1, "姓名"), label(1, 0, "H1"), label(1, 1, "张三"), number(1, 2, 13812345678.0)]);
        let (sheet, name) = read_workbook(&s).unwrap();
        assert_eq!(name, "花名册");
        assert_eq!(sheet.headers, vec!["户编号", "姓名"]);
        assert_eq!(sheet.rows.to_vec(), vec![(2, vec!["H1".into(), "张三".into(), "13812345678".into()])]);
    }

    #[test]
    fn a_far_cell_is_refused_not_allocated() {
        let s = workbook(&[label(0, 0, "户编号"), label(0, 1, "姓名"), label(65535, 65535, "x")]);
        assert!(matches!(read_workbook(&s), Err(ReadError::Sheet(Some(_), SheetLimit::Columns { row: 65536, column: 65535 }))));
        // A DIMENSIONS record claiming 2^32 rows changes nothing.
        let mut dim = Vec::new();
        dim.extend(0u32.to_le_bytes());
        dim.extend(u32::MAX.to_le_bytes());
        dim.extend(0u16.to_le_bytes());
        dim.extend(u16::MAX.to_le_bytes());
        dim.extend(0u16.to_le_bytes());
        let s = workbook(&[rec(0x0200, &dim), label(0, 0, "户编号"), label(0, 1, "姓名")]);
        assert!(read_workbook(&s).is_ok());
    }

    #[test]
    fn truncated_records_are_refused() {
        let s = workbook(&[label(0, 0, "户编号")]);
        for cut in 0..s.len() {
            let _ = read_workbook(&s[..cut]);
        }
        let bad_label = rec(0x0204, &[0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 1]);
        assert!(matches!(read_workbook(&workbook(&[bad_label])), Err(ReadError::Workbook(_))));
    }

    #[test]
    fn date_formats() {
        assert!(is_date_format("yyyy-mm-dd"));
        assert!(is_date_format("yyyy\"年\"m\"月\"d\"日\""));
        assert!(!is_date_format("0.00"));
        assert!(!is_date_format("\"户\"0"));
        assert!(!is_date_format("[Red]0"));
        assert!(builtin_is_date(14) && builtin_is_date(31) && !builtin_is_date(0) && !builtin_is_date(49));
        assert_eq!(rk_value(0x02F1_2002 & !1), f64::from(0x02F1_2002_i32 >> 2));
    }
}
