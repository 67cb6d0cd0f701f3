//! Ledgers (台账) as a township clerk prints them: a title across the page, the unit and the period,
//! bordered column headers repeated on every printed page, the rows, a totals row, and the lines for
//! signatures. A4, landscape when wide, fitted to the page width.

use crate::FileError;
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// A cell: text, or a number (summed and right-aligned).
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Number(n as f64)
    }
}

impl From<f64> for Cell {
    fn from(n: f64) -> Cell {
        Cell::Number(n)
    }
}

/// One sheet of a ledger.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub sheet: String,
    /// 驻村工作队员考勤台账
    pub title: String,
    /// 填报单位：某某乡某某村驻村工作队
    pub unit: String,
    /// 2024年9月
    pub period: String,
    pub headers: Vec<String>,
    /// Width of each column in Excel units (characters; a CJK character is 2).
    pub widths: Vec<f64>,
    pub rows: Vec<Vec<Cell>>,
    /// The totals row (its first cell is 合计).
    pub totals: Option<Vec<Cell>>,
    /// Lines under the table: the legend, then the signatures.
    pub notes: Vec<String>,
    pub landscape: bool,
}

/// The row of the first data row (0-based): title, unit/period, headers.
pub const FIRST_DATA_ROW: u32 = 3;

/// Write one or more ledgers into a workbook, a sheet each: built in memory, then written in one step
/// (`zhucun_files::write_atomic`: owner-only, never a half file under the real name).
pub fn write_ledgers(path: &Path, title: &str, ledgers: &[Ledger]) -> Result<(), FileError> {
    let p = path.display().to_string();
    let err = |e: XlsxError| FileError::Write { path: p.clone(), detail: e.to_string() };
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(title).set_author("驻村工作台"));
    for l in ledgers {
        let ws = wb.add_worksheet();
        write_sheet(ws, l).map_err(err)?;
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    zhucun_files::write_atomic(path, &bytes).map_err(|e| crate::write_error(&p, e))
}

fn write_sheet(ws: &mut Worksheet, l: &Ledger) -> Result<(), XlsxError> {
    let font = "宋体";
    let cols = l.headers.len().max(1) as u16;
    ws.set_name(&l.sheet)?;
    let title = Format::new().set_bold().set_font_size(16).set_font_name(font).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    let plain = Format::new().set_font_name(font).set_font_size(10);
    let right = plain.clone().set_align(FormatAlign::Right);
    let head = Format::new()
        .set_bold()
        .set_font_name(font)
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#E7E6E6");
    let cell = Format::new().set_font_name(font).set_font_size(10).set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    // General number format: 20 shows as 20, 3.5 as 3.5 ("0.##" would print "20.").
    let num = cell.clone().set_align(FormatAlign::Center);
    let total = cell.clone().set_bold();
    let total_num = num.clone().set_bold();
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, cols - 1, &l.title, &title)?;
    let half = (cols / 2).max(1);
    if cols >= 2 {
        ws.merge_range(1, 0, 1, half - 1, &l.unit, &plain)?;
        ws.merge_range(1, half, 1, cols - 1, &l.period, &right)?;
    } else {
        ws.write_string_with_format(1, 0, format!("{} {}", l.unit, l.period), &plain)?;
    }
    ws.set_row_height(2, 30)?;
    for (c, h) in l.headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &head)?;
        if let Some(w) = l.widths.get(c) {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    let mut r = FIRST_DATA_ROW;
    let put = |ws: &mut Worksheet, r: u32, row: &[Cell], text_fmt: &Format, num_fmt: &Format| -> Result<(), XlsxError> {
        for c in 0..cols {
            match row.get(c as usize).unwrap_or(&Cell::Empty) {
                Cell::Text(s) => ws.write_string_with_format(r, c, s, text_fmt)?,
                Cell::Number(n) => ws.write_number_with_format(r, c, *n, num_fmt)?,
                Cell::Empty => ws.write_blank(r, c, text_fmt)?,
            };
        }
        Ok(())
    };
    for row in &l.rows {
        put(ws, r, row, &cell, &num)?;
        r += 1;
    }
    if let Some(t) = &l.totals {
        put(ws, r, t, &total, &total_num)?;
        r += 1;
    }
    r += 1;
    for n in &l.notes {
        ws.merge_range(r, 0, r, cols - 1, n, &plain)?;
        r += 1;
    }
    ws.set_paper_size(9); // A4
    if l.landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2)?;
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    Ok(())
}
