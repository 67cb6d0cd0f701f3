//! CSV rosters, streamed: the file is read in chunks (never held whole), its encoding found by one
//! pass that keeps nothing (UTF-8 when every byte is, else GB18030), and each field goes straight into
//! the sheet's compact rows. A field longer than a cell can be, or a field with content beyond the last
//! column, stops the reading at once, so even a file of one endless line costs no more than its cells.
//!
//! Fields are split on the raw bytes: the delimiters (comma, quote, line breaks) are ASCII, and no
//! multi-byte character of UTF-8 or GB18030 contains an ASCII byte below 0x40, so splitting first and
//! decoding each field is the same as decoding first.

use crate::{unquote, ReadError};
use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};
use zhucun_domain::roster::{Sheet, SheetBuilder, SheetLimit, MAX_CELL_CHARS, MAX_COLUMNS};

const CHUNK: usize = 64 * 1024;
/// A field of more bytes than this has more characters than a cell may (a character is at most 4 bytes).
const MAX_FIELD_BYTES: usize = MAX_CELL_CHARS * 4;
/// GB18030 decodes almost any bytes; a file whose first characters include control characters is
/// binary, not a roster.
const SNIFF_CHARS: usize = 20_000;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8Bom,
    Utf8,
    Gb18030,
}

impl Encoding {
    fn label(self) -> &'static str {
        match self {
            Encoding::Utf8Bom => "UTF-8（带BOM）",
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// Read a CSV roster; returns the sheet and the encoding's name.
pub(crate) fn read<R: Read + Seek>(mut r: R) -> Result<(Sheet, &'static str), ReadError> {
    let len = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let mut head = Vec::with_capacity(CHUNK);
    (&mut r).take(CHUNK as u64).read_to_end(&mut head)?;
    // Text files have no NUL bytes; images, archives and executables do.
    if head.contains(&0) {
        return Err(ReadError::NotText);
    }
    let bom = head.starts_with(b"\xEF\xBB\xBF");
    drop(head);
    let start = if bom { 3 } else { 0 };
    r.seek(SeekFrom::Start(start))?;
    let encoding = if bom {
        Encoding::Utf8Bom
    } else if is_utf8(&mut r)? {
        Encoding::Utf8
    } else {
        Encoding::Gb18030
    };
    r.seek(SeekFrom::Start(start))?;
    let sheet = parse(r, encoding, len as usize)?;
    Ok((sheet, encoding.label()))
}

/// Whether the rest of the stream is valid UTF-8, reading it in chunks and keeping nothing.
fn is_utf8<R: Read>(r: &mut R) -> std::io::Result<bool> {
    let mut buf = vec![0u8; CHUNK + 4];
    let mut carry = 0usize;
    loop {
        let n = r.read(&mut buf[carry..carry + CHUNK])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let total = carry + n;
        match std::str::from_utf8(&buf[..total]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_some() => return Ok(false),
            Err(e) => {
                // A character cut at the end of the chunk: carry its first bytes over.
                let valid = e.valid_up_to();
                buf.copy_within(valid..total, 0);
                carry = total - valid;
            }
        }
    }
}

struct Fields {
    encoding: Encoding,
    sniff_left: usize,
    /// The current record's cells (up to the last column kept), as text and cell ends.
    text: String,
    ends: Vec<usize>,
    /// Fields seen in the current record.
    count: usize,
    record: usize,
}

impl Fields {
    fn field(&mut self, bytes: &[u8]) -> Result<(), ReadError> {
        let decoded: Cow<'_, str> = match self.encoding {
            Encoding::Utf8 | Encoding::Utf8Bom => match std::str::from_utf8(bytes) {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => {
                    return Err(ReadError::Csv(format!(
                        "第{}行第{}列有不是UTF-8编码的字符，文件可能混用了两种编码",
                        self.record,
                        self.count + 1
                    )))
                }
            },
            Encoding::Gb18030 => encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes).ok_or(ReadError::NotText)?,
        };
        if self.encoding == Encoding::Gb18030 && self.sniff_left > 0 {
            for c in decoded.chars().take(self.sniff_left) {
                if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                    return Err(ReadError::NotText);
                }
            }
            self.sniff_left = self.sniff_left.saturating_sub(decoded.chars().count());
        }
        let cell = unquote(&decoded);
        if self.count >= MAX_COLUMNS {
            if !cell.trim().is_empty() {
                return Err(ReadError::Sheet(None, SheetLimit::Columns { row: self.record, column: self.count }));
            }
        } else {
            self.text.push_str(cell);
            self.ends.push(self.text.len());
        }
        self.count += 1;
        Ok(())
    }

    fn end_record(&mut self, b: &mut SheetBuilder) -> Result<(), ReadError> {
        let (text, ends) = (&self.text, &self.ends);
        let cells = (0..ends.len()).map(|i| &text[if i == 0 { 0 } else { ends[i - 1] }..ends[i]]);
        b.push_row(self.record, cells).map_err(|l| ReadError::Sheet(None, l))?;
        self.text.clear();
        self.ends.clear();
        self.count = 0;
        self.record += 1;
        Ok(())
    }
}

/// Parse the records; row numbers count records from 1, as a spreadsheet shows them.
fn parse<R: Read>(mut r: R, encoding: Encoding, len: usize) -> Result<Sheet, ReadError> {
    let mut reader = csv_core::Reader::new();
    let mut input = vec![0u8; CHUNK];
    let (mut at, mut filled, mut eof) = (0usize, 0usize, false);
    let mut out = vec![0u8; 4096];
    let mut used = 0usize;
    let mut fields = Fields { encoding, sniff_left: SNIFF_CHARS, text: String::new(), ends: Vec::new(), count: 0, record: 1 };
    // The cells' text is at most the file's bytes (GB18030 text can grow by half in UTF-8).
    let mut b = SheetBuilder::with_text_capacity(if encoding == Encoding::Gb18030 { len + len / 2 } else { len });
    loop {
        if at == filled && !eof {
            filled = r.read(&mut input)?;
            at = 0;
            eof = filled == 0;
        }
        let (res, nin, nout) = reader.read_field(&input[at..filled], &mut out[used..]);
        at += nin;
        used += nout;
        match res {
            csv_core::ReadFieldResult::InputEmpty => {}
            csv_core::ReadFieldResult::OutputFull => {
                if out.len() >= MAX_FIELD_BYTES {
                    return Err(ReadError::Sheet(None, SheetLimit::CellTooLong { row: fields.record, column: fields.count }));
                }
                out.resize((out.len() * 2).min(MAX_FIELD_BYTES), 0);
            }
            csv_core::ReadFieldResult::Field { record_end } => {
                fields.field(&out[..used])?;
                used = 0;
                if record_end {
                    fields.end_record(&mut b)?;
                }
            }
            csv_core::ReadFieldResult::End => break,
        }
    }
    Ok(b.finish())
}
