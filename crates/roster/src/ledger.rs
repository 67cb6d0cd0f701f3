//! Ledgers (台账) as a township clerk prints them: a title across the page, the unit and the period,
//! bordered column headers repeated on every printed page, the rows, a totals row, and the lines for
//! signatures. A4, landscape when wide, fitted to the page width.
//!
//! Legible on paper: text is 五号 (10.5 pt) and a ledger's columns are chosen so that fitting them
//! to the page width shrinks it to no less than 9 pt (`printed_font_pt`, checked by the tests of every
//! ledger). Text wraps in its column and every row is as tall as its wrapped text (`text_lines`: a CJK
//! character is two units wide), so a long entry never runs into the next row.

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
    /// Printed at the top of every page (e.g. the full village name), empty for none.
    pub page_header: String,
    /// Columns whose text is centred (the day marks of the 考勤台账).
    pub centered: Vec<usize>,
}

/// The size of every cell's text on the sheet (五号), headers and notes included.
pub const BODY_PT: f64 = 10.5;
/// The title's size.
pub const TITLE_PT: f64 = 16.0;
/// A4 in points (portrait).
const A4_PT: (f64, f64) = (595.28, 841.89);
/// Left and right page margins, inches (`set_margins`).
const SIDE_MARGIN_IN: f64 = 0.4;
/// Height of one line of text per point of font size: SimSun needs about 1.15, the Noto CJK fallback
/// (LibreOffice on Linux) 1.45; the larger, so that a row is tall enough wherever it is printed.
const LINE_HEIGHT: f64 = 1.45;
/// Space above and below the text of a row, points.
const ROW_PADDING_PT: f64 = 4.0;

/// Pixels (at 96 dpi) of a column `width` wide in Excel's units, as Excel and rust_xlsxwriter count
/// them: 7 pixels a digit of the default font, plus 5 pixels of padding.
pub fn column_px(width: f64) -> f64 {
    if width <= 0.0 {
        0.0
    } else if width < 1.0 {
        (width * 12.0).round()
    } else {
        (width * 7.0).round() + 5.0
    }
}

/// Width in points of the printable part of an A4 page.
pub fn printable_width_pt(landscape: bool) -> f64 {
    let paper = if landscape { A4_PT.1 } else { A4_PT.0 };
    paper - 2.0 * SIDE_MARGIN_IN * 72.0
}

/// The scale at which a ledger prints when fitted to one page wide: the printable width over the
/// columns' total width, never above 1, in whole percent as Excel, WPS and LibreOffice apply it.
pub fn fit_scale(l: &Ledger) -> f64 {
    let total_pt: f64 = l.widths.iter().map(|w| column_px(*w) * 0.75).sum();
    if total_pt <= 0.0 {
        return 1.0;
    }
    ((printable_width_pt(l.landscape) / total_pt).min(1.0) * 100.0).floor() / 100.0
}

/// The smallest text on the printed page, in points.
pub fn printed_font_pt(l: &Ledger) -> f64 {
    BODY_PT * fit_scale(l)
}

/// Half-width units of a character: two for CJK (and any other non-ASCII), one for ASCII.
fn char_units(c: char) -> usize {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Lines `text` takes when wrapped in a column `width` wide at `pt` points: each paragraph wrapped
/// character by character (a half-width unit is half the font size; 5% kept back for the
/// renderer's own line breaking, which never puts a closing mark at the head of a line).
pub fn text_lines(text: &str, width: f64, pt: f64) -> usize {
    let inner_px = (column_px(width) - 6.0).max(1.0);
    let unit_px = pt / 2.0 * 96.0 / 72.0;
    let per_line = ((inner_px * 0.95 / unit_px).floor() as usize).max(2);
    text.split('\n')
        .map(|para| {
            let (mut lines, mut used) = (1, 0);
            for c in para.chars() {
                let u = char_units(c);
                if used + u > per_line {
                    lines += 1;
                    used = 0;
                }
                used += u;
            }
            lines
        })
        .sum()
}

/// Height in points of a row whose cells hold `texts` in columns `widths` wide.
pub fn row_height_pt<'a>(texts: impl IntoIterator<Item = (&'a str, f64)>) -> f64 {
    let lines = texts.into_iter().map(|(t, w)| text_lines(t, w, BODY_PT)).max().unwrap_or(1).max(1);
    (lines as f64 * BODY_PT * LINE_HEIGHT + ROW_PADDING_PT).ceil()
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Empty => String::new(),
    }
}

impl Ledger {
    fn width(&self, c: usize) -> f64 {
        self.widths.get(c).copied().unwrap_or(8.43)
    }

    /// The height of a row of cells of this ledger.
    pub fn row_height(&self, row: &[Cell]) -> f64 {
        let texts: Vec<(String, f64)> = row.iter().enumerate().map(|(c, v)| (cell_text(v), self.width(c))).collect();
        row_height_pt(texts.iter().map(|(t, w)| (t.as_str(), *w)))
    }

    /// The height of a line spanning every column (a note under the table).
    pub fn note_height(&self, text: &str) -> f64 {
        // The merged width in pixels, back in column units.
        let px: f64 = (0..self.headers.len().max(1)).map(|c| column_px(self.width(c))).sum();
        row_height_pt([(text, ((px - 5.0) / 7.0).max(1.0))])
    }
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
    let title = Format::new().set_bold().set_font_size(TITLE_PT).set_font_name(font).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    let plain = Format::new().set_font_name(font).set_font_size(BODY_PT).set_align(FormatAlign::VerticalCenter);
    let right = plain.clone().set_align(FormatAlign::Right);
    let note = plain.clone().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new()
        .set_bold()
        .set_font_name(font)
        .set_font_size(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#E7E6E6");
    let cell = Format::new().set_font_name(font).set_font_size(BODY_PT).set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    // General number format: 20 shows as 20, 3.5 as 3.5 ("0.##" would print "20.").
    let num = cell.clone().set_align(FormatAlign::Center);
    let total = cell.clone().set_bold();
    let total_num = num.clone().set_bold();
    ws.set_row_height(0, 30)?;
    ws.merge_range(0, 0, 0, cols - 1, &l.title, &title)?;
    // The period takes the columns on the right that hold it; the unit (a long village name) the rest.
    let period_units: f64 = l.period.chars().map(|c| char_units(c) as f64).sum::<f64>() + 2.0;
    let (mut half, mut room) = (cols, 0.0);
    while half > 1 && room < period_units {
        half -= 1;
        room += l.width(half as usize);
    }
    if cols >= 2 {
        let span = |ws: &mut Worksheet, a: u16, b: u16, text: &str, f: &Format| -> Result<(), XlsxError> {
            if a == b {
                ws.write_string_with_format(1, a, text, f).map(|_| ())
            } else {
                ws.merge_range(1, a, 1, b, text, f).map(|_| ())
            }
        };
        span(ws, 0, half - 1, &l.unit, &plain)?;
        span(ws, half, cols - 1, &l.period, &right)?;
    } else {
        ws.write_string_with_format(1, 0, format!("{} {}", l.unit, l.period), &plain)?;
    }
    ws.set_row_height(1, row_height_pt([("", 1.0)]))?;
    let header_cells: Vec<Cell> = l.headers.iter().map(|h| Cell::Text(h.clone())).collect();
    ws.set_row_height(2, l.row_height(&header_cells).max(30.0))?;
    for (c, h) in l.headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, h, &head)?;
        if let Some(w) = l.widths.get(c) {
            ws.set_column_width(c as u16, *w)?;
        }
    }
    let mut r = FIRST_DATA_ROW;
    let centered = cell.clone().set_align(FormatAlign::Center);
    let put = |ws: &mut Worksheet, r: u32, row: &[Cell], text_fmt: &Format, num_fmt: &Format| -> Result<(), XlsxError> {
        for c in 0..cols {
            match row.get(c as usize).unwrap_or(&Cell::Empty) {
                Cell::Text(s) if l.centered.contains(&(c as usize)) => ws.write_string_with_format(r, c, s, &centered)?,
                Cell::Text(s) => ws.write_string_with_format(r, c, s, text_fmt)?,
                Cell::Number(n) => ws.write_number_with_format(r, c, *n, num_fmt)?,
                Cell::Empty => ws.write_blank(r, c, text_fmt)?,
            };
        }
        Ok(())
    };
    for row in &l.rows {
        put(ws, r, row, &cell, &num)?;
        ws.set_row_height(r, l.row_height(row))?;
        r += 1;
    }
    if let Some(t) = &l.totals {
        put(ws, r, t, &total, &total_num)?;
        ws.set_row_height(r, l.row_height(t))?;
        r += 1;
    }
    r += 1;
    for n in &l.notes {
        if cols >= 2 {
            ws.merge_range(r, 0, r, cols - 1, n, &note)?;
        } else {
            ws.write_string_with_format(r, 0, n, &note)?;
        }
        ws.set_row_height(r, l.note_height(n))?;
        r += 1;
    }
    ws.set_paper_size(9); // A4
    if l.landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(2, 2)?;
    ws.set_print_center_horizontally(true);
    ws.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, 0.6, 0.6, 0.3, 0.3);
    if !l.page_header.is_empty() {
        ws.set_header(format!("&L{}", l.page_header.replace('&', "&&")));
    }
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
    Ok(())
}

/// One line of a [`Form`].
#[derive(Clone, Debug, PartialEq)]
pub enum FormRow {
    /// Two label/value pairs side by side: 姓名 | 张三 | 派出单位 | 县农业农村局.
    Pair(String, String, String, String),
    /// A label and a value across the other three columns: 事由 | ….
    Wide(String, String),
    /// A label and a box across the rest, at least `min_pt` tall: an opinion with its signature line.
    Box { label: String, text: String, min_pt: f64 },
}

/// A one-page form (a 审批表): a title, a line under it, bordered label/value rows in four columns,
/// and notes. Portrait A4, fitted to one page.
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub sheet: String,
    pub title: String,
    /// Under the title, on the right: 填表日期 or a number.
    pub subtitle: String,
    /// The four columns' widths: label, value, label, value.
    pub widths: [f64; 4],
    pub rows: Vec<FormRow>,
    pub notes: Vec<String>,
    pub page_header: String,
}

/// Top and bottom page margins, inches (`set_margins`).
const TOP_MARGIN_IN: f64 = 0.6;

impl Form {
    /// The width (in column units) of columns `a..=b` merged.
    fn span_width(&self, a: usize, b: usize) -> f64 {
        let px: f64 = (a..=b).map(|c| column_px(self.widths[c])).sum();
        ((px - 5.0) / 7.0).max(1.0)
    }

    /// Height in points of each line of the sheet, from the title down (a blank line before the notes).
    pub fn heights(&self) -> Vec<f64> {
        let mut out = vec![30.0, row_height_pt([(self.subtitle.as_str(), self.span_width(0, 3))])];
        for r in &self.rows {
            out.push(match r {
                FormRow::Pair(a, b, c, d) => {
                    row_height_pt([(a.as_str(), self.widths[0]), (b.as_str(), self.widths[1]), (c.as_str(), self.widths[2]), (d.as_str(), self.widths[3])])
                }
                FormRow::Wide(a, b) => row_height_pt([(a.as_str(), self.widths[0]), (b.as_str(), self.span_width(1, 3))]),
                FormRow::Box { label, text, min_pt } => {
                    row_height_pt([(label.as_str(), self.widths[0]), (text.as_str(), self.span_width(1, 3))]).max(*min_pt)
                }
            });
        }
        out.push(row_height_pt([("", 1.0)]));
        out.extend(self.notes.iter().map(|n| row_height_pt([(n.as_str(), self.span_width(0, 3))])));
        out
    }

    /// The scale at which the form prints when fitted to one A4 page (portrait), in whole percent.
    pub fn fit_scale(&self) -> f64 {
        let width_pt: f64 = self.widths.iter().map(|w| column_px(*w) * 0.75).sum();
        let height_pt: f64 = self.heights().iter().sum();
        let printable_h = A4_PT.1 - 2.0 * TOP_MARGIN_IN * 72.0;
        let s = (printable_width_pt(false) / width_pt).min(printable_h / height_pt).min(1.0);
        (s * 100.0).floor() / 100.0
    }

    /// The smallest text on the printed page, in points.
    pub fn printed_font_pt(&self) -> f64 {
        BODY_PT * self.fit_scale()
    }
}

/// Write a one-page form into a workbook (in one step, owner-only, like [`write_ledgers`]).
pub fn write_form(path: &Path, title: &str, f: &Form) -> Result<(), FileError> {
    let p = path.display().to_string();
    let err = |e: XlsxError| FileError::Write { path: p.clone(), detail: e.to_string() };
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title(title).set_author("驻村工作台"));
    let ws = wb.add_worksheet();
    write_form_sheet(ws, f).map_err(err)?;
    let bytes = wb.save_to_buffer().map_err(err)?;
    zhucun_files::write_atomic(path, &bytes).map_err(|e| crate::write_error(&p, e))
}

fn write_form_sheet(ws: &mut Worksheet, f: &Form) -> Result<(), XlsxError> {
    let font = "宋体";
    ws.set_name(&f.sheet)?;
    let title = Format::new().set_bold().set_font_size(TITLE_PT).set_font_name(font).set_align(FormatAlign::Center).set_align(FormatAlign::VerticalCenter);
    let plain = Format::new().set_font_name(font).set_font_size(BODY_PT).set_align(FormatAlign::VerticalCenter);
    let right = plain.clone().set_align(FormatAlign::Right);
    let note = plain.clone().set_text_wrap().set_align(FormatAlign::Top);
    let label = Format::new()
        .set_bold()
        .set_font_name(font)
        .set_font_size(BODY_PT)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#F2F2F2");
    let value = Format::new().set_font_name(font).set_font_size(BODY_PT).set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::VerticalCenter);
    let boxed = value.clone().set_align(FormatAlign::Top);
    for (c, w) in f.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let heights = f.heights();
    ws.merge_range(0, 0, 0, 3, &f.title, &title)?;
    ws.merge_range(1, 0, 1, 3, &f.subtitle, &right)?;
    let mut r: u32 = 2;
    for row in &f.rows {
        match row {
            FormRow::Pair(a, b, c, d) => {
                ws.write_string_with_format(r, 0, a, &label)?;
                ws.write_string_with_format(r, 1, b, &value)?;
                ws.write_string_with_format(r, 2, c, &label)?;
                ws.write_string_with_format(r, 3, d, &value)?;
            }
            FormRow::Wide(a, b) => {
                ws.write_string_with_format(r, 0, a, &label)?;
                ws.merge_range(r, 1, r, 3, b, &value)?;
            }
            FormRow::Box { label: a, text, .. } => {
                ws.write_string_with_format(r, 0, a, &label)?;
                ws.merge_range(r, 1, r, 3, text, &boxed)?;
            }
        }
        r += 1;
    }
    r += 1;
    for n in &f.notes {
        ws.merge_range(r, 0, r, 3, n, &note)?;
        r += 1;
    }
    for (i, h) in heights.iter().enumerate() {
        ws.set_row_height(i as u32, *h)?;
    }
    ws.set_paper_size(9); // A4
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 1);
    ws.set_print_center_horizontally(true);
    ws.set_margins(SIDE_MARGIN_IN, SIDE_MARGIN_IN, TOP_MARGIN_IN, TOP_MARGIN_IN, 0.3, 0.3);
    if !f.page_header.is_empty() {
        ws.set_header(format!("&L{}", f.page_header.replace('&', "&&")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(widths: &[f64], landscape: bool) -> Ledger {
        Ledger { headers: widths.iter().map(|_| "x".to_string()).collect(), widths: widths.to_vec(), landscape, ..Default::default() }
    }

    #[test]
    fn cjk_characters_are_two_units_wide() {
        // A 20-wide column holds 140 px: at 10.5 pt a half-width unit is 7 px, so about 17 units a line.
        let per_line = (0..200).map(|_| 'a').collect::<String>();
        let ascii = text_lines(&per_line, 20.0, BODY_PT);
        let cjk = text_lines(&"走".repeat(200), 20.0, BODY_PT);
        assert!((11..=14).contains(&ascii), "{ascii}");
        assert!(cjk >= 2 * ascii - 1 && cjk <= 2 * ascii + 1, "{cjk} vs {ascii}");
        assert_eq!(text_lines("", 20.0, BODY_PT), 1);
        assert_eq!(text_lines("走访\n开会\n学习", 20.0, BODY_PT), 3, "each paragraph starts a line");
    }

    #[test]
    fn rows_grow_with_their_wrapped_text() {
        let l = ledger(&[12.0, 40.0], false);
        let one = l.row_height(&["2024-09-10".into(), "走访农户".into()]);
        let long = l.row_height(&["2024-09-10".into(), "走访农户，了解今年的种植和务工收入情况，宣传防返贫监测政策。".repeat(6).into()]);
        let lines = text_lines(&"走访农户，了解今年的种植和务工收入情况，宣传防返贫监测政策。".repeat(6), 40.0, BODY_PT);
        assert!(lines >= 8, "{lines}");
        assert!((BODY_PT * 1.45..2.0 * BODY_PT * 1.45).contains(&one), "{one}");
        assert!(long >= lines as f64 * BODY_PT * 1.45, "{long} for {lines} lines");
        assert!(l.note_height("说明") <= one);
    }

    #[test]
    fn the_fit_scale_is_the_printable_width_over_the_columns() {
        // 100 columns of 10: 75 px each = 5625 pt on a 784 pt landscape page.
        let wide = ledger(&[10.0; 100], true);
        assert!((printable_width_pt(true) - 784.29).abs() < 0.01);
        assert_eq!(fit_scale(&wide), 0.13);
        assert!((printed_font_pt(&wide) - 1.365).abs() < 1e-9);
        let narrow = ledger(&[10.0; 5], false);
        assert_eq!(fit_scale(&narrow), 1.0, "fitting never enlarges");
        assert_eq!(column_px(3.5), 30.0);
    }

    #[test]
    fn a_form_fits_one_page_and_grows_with_its_text() {
        let mut f = Form { widths: [14.0, 30.0, 14.0, 30.0], ..Default::default() };
        f.rows.push(FormRow::Pair("姓名".into(), "张三".into(), "派出单位".into(), "县农业农村局".into()));
        f.rows.push(FormRow::Wide("事由".into(), "家中有事".repeat(40)));
        f.rows.push(FormRow::Box { label: "乡镇意见".into(), text: "签字".into(), min_pt: 90.0 });
        let h = f.heights();
        assert_eq!(h.len(), 2 + 3 + 1);
        assert!(h[3] > h[2] * 2.0, "{h:?}");
        assert_eq!(h[4], 90.0);
        assert_eq!(f.fit_scale(), 1.0);
        // A form far too tall for a page shrinks, and says so.
        for _ in 0..40 {
            f.rows.push(FormRow::Box { label: "意见".into(), text: String::new(), min_pt: 90.0 });
        }
        assert!(f.printed_font_pt() < 9.0);
    }
}
