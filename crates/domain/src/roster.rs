//! The county's household roster (花名册): one row per person, household fields repeated on each row,
//! pairing fields on the head's row. This module knows the columns and checks a whole sheet, reporting
//! every bad cell with its row, column, value, what is wrong and how to fix it. Reading files (CSV, xlsx,
//! encodings) is the roster crate's job; writing to the database is the store's.

use crate::choice::{flag_label, parse_flag};
use crate::date::parse_date;
use crate::division::normalize_group;
use crate::household::{Category, MonitorCategory, RiskStatus, RiskType};
use crate::idcard::IdNumber;
use crate::person::{check_name, Health, Labour, Relation, Schooling};
use crate::phone::normalize_phone;
use crate::text::{excerpt, is_hostile_char};
use crate::DomainError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use rustc_hash::FxHashMap as HashMap;

/// The roster's columns, in the order the export and the template write them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    Number,
    Township,
    Village,
    Group,
    Category,
    MonitorCategory,
    IdentifiedOn,
    RiskStatus,
    EliminatedOn,
    /// 风险类型: optional; up to five, separated by 、.
    RiskTypes,
    Away,
    NoLabour,
    Phone,
    Name,
    IdNumber,
    Relation,
    Labour,
    Health,
    Schooling,
    Cadre,
    CadreUnit,
    CadrePhone,
    PairingStart,
}

impl Col {
    pub const ALL: [Col; 23] = [
        Col::Number,
        Col::Township,
        Col::Village,
        Col::Group,
        Col::Category,
        Col::MonitorCategory,
        Col::IdentifiedOn,
        Col::RiskStatus,
        Col::EliminatedOn,
        Col::RiskTypes,
        Col::Away,
        Col::NoLabour,
        Col::Phone,
        Col::Name,
        Col::IdNumber,
        Col::Relation,
        Col::Labour,
        Col::Health,
        Col::Schooling,
        Col::Cadre,
        Col::CadreUnit,
        Col::CadrePhone,
        Col::PairingStart,
    ];

    /// The header as the county writes it.
    pub fn header(self) -> &'static str {
        match self {
            Col::Number => "户编号",
            Col::Township => "乡镇",
            Col::Village => "村",
            Col::Group => "组",
            Col::Category => "户类别",
            Col::MonitorCategory => "监测类别",
            Col::IdentifiedOn => "识别日期",
            Col::RiskStatus => "风险状态",
            Col::EliminatedOn => "消除日期",
            Col::RiskTypes => "风险类型",
            Col::Away => "全家外出",
            Col::NoLabour => "整户无劳动能力",
            Col::Phone => "联系电话",
            Col::Name => "姓名",
            Col::IdNumber => "证件号码",
            Col::Relation => "与户主关系",
            Col::Labour => "劳动技能",
            Col::Health => "健康状况",
            Col::Schooling => "在校情况",
            Col::Cadre => "帮扶责任人",
            Col::CadreUnit => "责任人单位",
            Col::CadrePhone => "责任人电话",
            Col::PairingStart => "结对开始日期",
        }
    }

    /// Other headers seen on county sheets for the same column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Col::Number => &["户码", "户编码"],
            Col::Township => &["乡镇（街道）", "乡(镇)", "乡镇街道"],
            Col::Village => &["行政村", "村（社区）", "村(社区)"],
            Col::Group => &["村民小组", "组别"],
            Col::Category => &["户类型"],
            Col::IdNumber => &["身份证号码", "身份证号", "证件号"],
            Col::Phone => &["户联系电话"],
            Col::Cadre => &["结对帮扶责任人", "帮扶责任人姓名"],
            Col::CadreUnit => &["帮扶责任人单位"],
            Col::CadrePhone => &["帮扶责任人电话"],
            Col::RiskTypes => &["致贫风险类型", "返贫致贫风险", "返贫致贫风险类型", "致贫返贫风险类型", "风险类别"],
            _ => &[],
        }
    }

    /// Whether a sheet must have this column. 风险类型 came later than the county's first sheets: a
    /// sheet without it is read as before, and leaves the stored risk types as they are.
    pub fn required(self) -> bool {
        self != Col::RiskTypes
    }

    fn matches(self, header: &str) -> bool {
        let h = norm_header(header);
        h == self.header() || self.aliases().iter().any(|a| norm_header(a) == h)
    }
}

fn norm_header(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .replace('（', "(")
        .replace('）', ")")
}

/// The largest sheet row number that may hold content. A county is about 100,000 households and
/// 400,000 persons, one row each; a million rows is two and a half counties (and nearly Excel's
/// 1,048,576), so a cell beyond it is a stray mark or a hostile file, never a roster.
pub const MAX_ROWS: usize = 1_000_000;
/// The most columns with content: the roster has 23; county sheets add a few of their own. 256 is
/// also the whole width of an .xls sheet.
pub const MAX_COLUMNS: usize = 256;
/// The longest cell, in characters: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most cells kept (gaps before a row's last filled cell count): 40 per row at the row limit.
pub const MAX_CELLS: usize = 40_000_000;
/// The most text kept from all cells together, in bytes (a county-wide roster holds well under 100 MB).
pub const MAX_TEXT_BYTES: usize = 256 * 1024 * 1024;
/// The header is looked for among this many first rows with content (a title may sit above it).
const HEADER_SEARCH_ROWS: usize = 10;

/// Why a sheet is refused before it is checked: it is larger than any roster can be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetLimit {
    /// A cell with content on a row beyond [`MAX_ROWS`] (or a sheet that declares such rows).
    Rows { row: usize },
    /// A cell with content beyond column [`MAX_COLUMNS`] (or a sheet that declares such columns).
    Columns { row: usize, column: usize },
    /// One cell longer than [`MAX_CELL_CHARS`].
    CellTooLong { row: usize, column: usize },
    /// More cells or more text than [`MAX_CELLS`] / [`MAX_TEXT_BYTES`].
    TooMuch,
}

impl SheetLimit {
    pub fn code(&self) -> &'static str {
        match self {
            SheetLimit::Rows { .. } => "sheet.too_many_rows",
            SheetLimit::Columns { .. } => "sheet.too_many_columns",
            SheetLimit::CellTooLong { .. } => "sheet.cell_too_long",
            SheetLimit::TooMuch => "sheet.too_large",
        }
    }

    /// What is wrong and what to do, in Chinese.
    pub fn message_zh(&self) -> String {
        let county = "一个县约10万户、40万人";
        match self {
            SheetLimit::Rows { row } => format!(
                "表格第{row}行还有内容，超出了花名册的最大行数（{MAX_ROWS}行；{county}）。若确是花名册，请按乡镇分开导出后分别导入；若花名册本身不大，多半是表格远处有多余的内容或格式，请只把花名册复制到新的工作表，另存后再导入。"
            ),
            SheetLimit::Columns { row, column } => format!(
                "表格第{row}行第{}列（{}列）还有内容，超出了花名册的最大列数（{MAX_COLUMNS}列）。请删除右侧多余的内容，或只把花名册的列复制到新的工作表，另存后再导入。",
                column + 1,
                crate::text::column_name(*column)
            ),
            SheetLimit::CellTooLong { row, column } => format!(
                "表格第{row}行第{}列（{}列）的内容超过{MAX_CELL_CHARS}个字（Excel单元格的上限），不是花名册的内容。请检查这一格，删除多余的内容后再导入。",
                column + 1,
                crate::text::column_name(*column)
            ),
            SheetLimit::TooMuch => format!("表格的内容太多（超过{}个单元格或{} MB文字），超出了花名册的规模（{county}）。请按乡镇分开导出后分别导入。", MAX_CELLS, MAX_TEXT_BYTES / 1024 / 1024),
        }
    }
}

/// A sheet as read from a file: every cell as text, with the sheet's own row numbers. Rows without
/// any content are left out.
#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub header_row: usize,
    pub headers: Vec<String>,
    /// The rows below the header, each with its row number as the spreadsheet shows it.
    pub rows: Rows,
}

/// The data rows of a sheet, kept compactly: the text of all cells in one string, and where each cell
/// and each row ends. A county's 400,000 rows of 22 cells cost their text and 4 bytes a cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rows {
    text: String,
    /// End of each cell in `text`, cells of all rows in order.
    ends: Vec<u32>,
    /// (row number, index in `ends` of the row's first cell).
    rows: Vec<(u32, u32)>,
}

/// One row of a sheet: its number and its cells (the missing ones at the end are empty).
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// Row number as the spreadsheet shows it.
    pub number: usize,
    text: &'a str,
    /// Start of the first cell in `text`.
    start: usize,
    ends: &'a [u32],
}

impl<'a> Row<'a> {
    /// The cell in column `i` (counting from 0), `None` past the last cell with content.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)? as usize;
        let start = if i == 0 { self.start } else { self.ends[i - 1] as usize };
        self.text.get(start..end)
    }

    /// Number of cells up to the last one with content.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn cells(&self) -> impl Iterator<Item = &'a str> + 'a {
        let row = *self;
        (0..row.len()).map(move |i| row.get(i).unwrap_or(""))
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.cells().map(str::to_string).collect()
    }
}

impl Rows {
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn get(&self, k: usize) -> Option<Row<'_>> {
        let &(number, first) = self.rows.get(k)?;
        let last = self.rows.get(k + 1).map(|r| r.1 as usize).unwrap_or(self.ends.len());
        let first = first as usize;
        let start = if first == 0 { 0 } else { self.ends[first - 1] as usize };
        Some(Row { number: number as usize, text: &self.text, start, ends: self.ends.get(first..last)? })
    }

    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        (0..self.len()).filter_map(move |k| self.get(k))
    }

    /// Every row as (row number, cells).
    pub fn to_vec(&self) -> Vec<(usize, Vec<String>)> {
        self.iter().map(|r| (r.number, r.to_vec())).collect()
    }

    /// Append a row whose cells are already within the limits (`None` for a blank cell); a row
    /// without content is not kept.
    fn push(&mut self, number: u32, cells: &[Option<&str>]) {
        let last = match cells.iter().rposition(|c| c.is_some()) {
            Some(l) => l,
            None => return,
        };
        self.rows.push((number, self.ends.len() as u32));
        for c in &cells[..=last] {
            if let Some(t) = c {
                self.text.push_str(t);
            }
            self.ends.push(self.text.len() as u32);
        }
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = Row<'a>;
    type IntoIter = Box<dyn Iterator<Item = Row<'a>> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl IntoIterator for Rows {
    type Item = (usize, Vec<String>);
    type IntoIter = std::vec::IntoIter<(usize, Vec<String>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.to_vec().into_iter()
    }
}

/// Builds a [`Sheet`] row by row, as a file is read, within the limits: the first cell beyond them
/// stops the reading with a [`SheetLimit`], so no file can make the sheet larger than a roster can be.
#[derive(Debug)]
pub struct SheetBuilder {
    /// Rows with content seen before the header was found (at most [`HEADER_SEARCH_ROWS`]).
    lead: Vec<(u32, Vec<String>)>,
    header: Option<(usize, Vec<String>)>,
    rows: Rows,
    cells: usize,
}

impl Default for SheetBuilder {
    fn default() -> Self {
        SheetBuilder::new()
    }
}

fn is_header(cells: &[String]) -> bool {
    cells.iter().any(|c| Col::Number.matches(c)) && cells.iter().any(|c| Col::Name.matches(c))
}

impl SheetBuilder {
    pub fn new() -> SheetBuilder {
        SheetBuilder { lead: Vec::new(), header: None, rows: Rows::default(), cells: 0 }
    }

    /// A builder that expects at most `text_bytes` of cell text (a CSV file's size): the text is
    /// kept in one allocation instead of one that doubles as it grows.
    pub fn with_text_capacity(text_bytes: usize) -> SheetBuilder {
        let mut b = SheetBuilder::new();
        b.rows.text.reserve_exact(text_bytes.min(MAX_TEXT_BYTES));
        b
    }

    /// Add the row numbered `number` (as the spreadsheet shows it) with its cells from column A on.
    /// Blank cells are kept empty; a row without content is skipped.
    pub fn push_row<I, S>(&mut self, number: usize, cells: I) -> Result<(), SheetLimit>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut head: Vec<S> = Vec::new();
        for (i, c) in cells.into_iter().enumerate() {
            if i < MAX_COLUMNS {
                head.push(c);
            } else if !c.as_ref().trim().is_empty() {
                return Err(if number > MAX_ROWS { SheetLimit::Rows { row: number } } else { SheetLimit::Columns { row: number, column: i } });
            }
        }
        self.push_checked(number, &head)
    }

    fn push_checked<S: AsRef<str>>(&mut self, number: usize, cells: &[S]) -> Result<(), SheetLimit> {
        // Which cells have content; the limits apply to those only.
        let mut kept: Vec<Option<&str>> = Vec::with_capacity(cells.len().min(MAX_COLUMNS));
        let mut bytes = 0usize;
        for (i, c) in cells.iter().enumerate() {
            let t = c.as_ref();
            if t.trim().is_empty() {
                kept.push(None);
                continue;
            }
            if number > MAX_ROWS {
                return Err(SheetLimit::Rows { row: number });
            }
            if t.len() > MAX_CELL_CHARS && t.chars().count() > MAX_CELL_CHARS {
                return Err(SheetLimit::CellTooLong { row: number, column: i });
            }
            bytes += t.len();
            kept.push(Some(t));
        }
        let Some(last) = kept.iter().rposition(|c| c.is_some()) else { return Ok(()) };
        kept.truncate(last + 1);
        self.cells += kept.len();
        if self.cells > MAX_CELLS || self.rows.text.len() + bytes > MAX_TEXT_BYTES {
            return Err(SheetLimit::TooMuch);
        }
        let number32 = number as u32;
        if self.header.is_some() {
            self.rows.push(number32, &kept);
            return Ok(());
        }
        let owned: Vec<String> = kept.iter().map(|c| c.unwrap_or("").to_string()).collect();
        if is_header(&owned) {
            self.header = Some((number, owned));
            self.lead.clear();
            self.cells = 0;
            return Ok(());
        }
        self.lead.push((number32, owned));
        if self.lead.len() >= HEADER_SEARCH_ROWS {
            self.settle_header();
        }
        Ok(())
    }

    /// No header among the first rows: the first row is taken as the header (the check then says
    /// which columns are missing).
    fn settle_header(&mut self) {
        let mut lead = std::mem::take(&mut self.lead).into_iter();
        if let Some((n, h)) = lead.next() {
            self.header = Some((n as usize, h));
        }
        for (n, cells) in lead {
            let refs: Vec<Option<&str>> = cells.iter().map(|c| (!c.trim().is_empty()).then_some(c.as_str())).collect();
            self.rows.push(n, &refs);
        }
        self.cells = self.rows.ends.len();
    }

    pub fn finish(mut self) -> Sheet {
        if self.header.is_none() {
            self.settle_header();
        }
        match self.header {
            None => Sheet::default(),
            Some((header_row, headers)) => Sheet { header_row, headers, rows: self.rows },
        }
    }
}

impl Sheet {
    /// Find the header row among the first rows (county sheets often carry a title above it) and split.
    /// For rows made by the program (the demo, tests); rows past the limits are left out.
    pub fn from_rows(rows: Vec<(usize, Vec<String>)>) -> Sheet {
        let mut b = SheetBuilder::new();
        for (n, cells) in rows {
            if b.push_row(n, &cells).is_err() {
                break;
            }
        }
        b.finish()
    }
}

/// One problem found in a roster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct RowIssue {
    /// Row number as the spreadsheet shows it (the header is usually row 1); 0 for the file as a whole.
    pub row: usize,
    /// Column header, empty for the file as a whole.
    pub column: String,
    pub value: String,
    /// Stable code of the problem.
    pub code: String,
    /// What is wrong, in Chinese.
    pub problem: String,
    /// How to fix it, in Chinese.
    pub fix: String,
}

/// One person row after checking.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterPerson {
    pub row: usize,
    pub name: String,
    pub id_number: IdNumber,
    pub relation: Relation,
    pub labour: Option<Labour>,
    pub health: Option<Health>,
    pub schooling: Option<Schooling>,
}

/// The pairing given on the head's row.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterPairing {
    pub cadre_name: String,
    pub cadre_unit: Option<String>,
    pub cadre_phone: Option<String>,
    pub start: NaiveDate,
}

/// One household after checking, with its persons in file order.
#[derive(Clone, Debug, PartialEq)]
pub struct RosterHousehold {
    pub first_row: usize,
    pub number: String,
    pub township: String,
    pub village: String,
    pub group: String,
    pub category: Category,
    pub monitor_category: Option<MonitorCategory>,
    pub identified_on: Option<NaiveDate>,
    pub risk_status: Option<RiskStatus>,
    pub eliminated_on: Option<NaiveDate>,
    /// 风险类型 of a monitored household: at most [`MAX_RISK_TYPES`], no duplicates, in `RiskType::ALL`
    /// order (empty for others).
    pub risk_types: Vec<RiskType>,
    pub away: bool,
    pub no_labour: bool,
    pub phone: Option<String>,
    pub pairing: Option<RosterPairing>,
    pub persons: Vec<RosterPerson>,
}

/// A checked roster.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub households: Vec<RosterHousehold>,
    pub person_count: usize,
    /// Headers that are not roster columns: ignored, and listed in the report.
    pub ignored_columns: Vec<String>,
    /// Whether the sheet has the optional 风险类型 column; without it an import keeps the stored ones.
    pub has_risk_types: bool,
}

/// The result of checking: a roster is usable only when `issues` is empty.
#[derive(Clone, Debug, Default)]
pub struct Checked {
    pub roster: Roster,
    pub issues: Vec<RowIssue>,
}

fn issue(row: usize, col: Option<Col>, value: &str, code: &str, problem: String, fix: String) -> RowIssue {
    RowIssue {
        row,
        column: col.map(|c| c.header().to_string()).unwrap_or_default(),
        value: excerpt(value),
        code: code.to_string(),
        problem,
        fix,
    }
}

/// The columns whose text names a place, a person or a unit, and may become a folder or file name.
const NAME_COLS: [Col; 6] = [Col::Township, Col::Village, Col::Group, Col::Name, Col::Cadre, Col::CadreUnit];

/// A name cell with control characters (a line break, a tab, a terminal escape) or path characters
/// (`/`, `\`, `..`): refused, since such a name could steer a file name out of its folder or hide text.
fn unsafe_text(row: usize, c: Col, value: &str) -> Option<RowIssue> {
    if value.chars().any(is_hostile_char) {
        return Some(issue(
            row,
            Some(c),
            value,
            "roster.control_character",
            format!("{}中有看不见的控制字符（如换行、制表符）", c.header()),
            "请删除这一格中的换行、制表符等看不见的字符，或清空后重新输入".to_string(),
        ));
    }
    if value.contains(['/', '\\']) || value.contains("..") {
        return Some(issue(
            row,
            Some(c),
            value,
            "roster.path_character",
            format!("{}中有“/”“\\”或“..”，名称中不能有这些符号", c.header()),
            "请删除这些符号，如“城关镇/新村”写成“城关镇新村”".to_string(),
        ));
    }
    None
}

fn domain_issue(row: usize, col: Col, value: &str, e: &DomainError) -> RowIssue {
    issue(row, Some(col), value, e.code(), e.message_zh(), e.hint_zh())
}

/// Keep the value, or record why the cell is bad.
fn take<T>(row: usize, c: Col, value: &str, r: Result<T, DomainError>, errs: &mut Vec<RowIssue>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            errs.push(domain_issue(row, c, value, &e));
            None
        }
    }
}

/// Check a whole sheet against the roster layout. `today` bounds dates (nothing may lie in the future).
pub fn check_sheet(sheet: &Sheet, today: NaiveDate) -> Checked {
    let mut out = Checked::default();
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        out.issues.push(issue(
            0,
            None,
            "",
            "roster.empty",
            "文件中没有找到表头，文件可能是空的".to_string(),
            format!("请使用花名册模板，第一行是表头：{}", Col::ALL.iter().filter(|c| c.required()).map(|c| c.header()).collect::<Vec<_>>().join("、")),
        ));
        return out;
    }
    // Map the headers.
    let mut index: HashMap<Col, usize> = HashMap::default();
    for (i, h) in sheet.headers.iter().enumerate() {
        if h.trim().is_empty() {
            continue;
        }
        match Col::ALL.iter().find(|c| c.matches(h)) {
            Some(c) => {
                if index.insert(*c, i).is_some() {
                    out.issues.push(issue(
                        sheet.header_row,
                        Some(*c),
                        h,
                        "roster.duplicate_column",
                        format!("表头“{}”出现了两次", c.header()),
                        "请删除多余的一列，只保留一列".to_string(),
                    ));
                }
            }
            None => out.roster.ignored_columns.push(excerpt(h.trim())),
        }
    }
    out.roster.has_risk_types = index.contains_key(&Col::RiskTypes);
    let missing: Vec<&str> = Col::ALL.iter().filter(|c| c.required() && !index.contains_key(c)).map(|c| c.header()).collect();
    if !missing.is_empty() {
        let unknown = if out.roster.ignored_columns.is_empty() {
            String::new()
        } else {
            let cols = &out.roster.ignored_columns;
            let more = if cols.len() > 10 { format!("等{}列", cols.len()) } else { String::new() };
            format!("；文件中无法识别的表头：{}{more}", cols.iter().take(10).cloned().collect::<Vec<_>>().join("、"))
        };
        out.issues.push(issue(
            sheet.header_row,
            None,
            &sheet.headers.join(","),
            "roster.missing_columns",
            format!("缺少{}列：{}{}", missing.len(), missing.join("、"), unknown),
            "请按花名册模板补齐这些列（列的顺序不限，表头文字须一致）".to_string(),
        ));
    }
    if !out.issues.is_empty() {
        return out;
    }
    if sheet.rows.is_empty() {
        out.issues.push(issue(
            0,
            None,
            "",
            "roster.no_rows",
            "表头下面没有任何数据行".to_string(),
            "请确认选择了正确的文件和工作表".to_string(),
        ));
        return out;
    }

    let mut by_number: HashMap<String, usize> = HashMap::default();
    let mut id_seen: HashMap<String, (usize, String)> = HashMap::default();
    for cells in &sheet.rows {
        let row = cells.number;
        let get = |c: Col| -> &str { index.get(&c).and_then(|&i| cells.get(i)).map(|s| s.trim()).unwrap_or("") };
        let mut errs: Vec<RowIssue> = Vec::new();
        let required = |c: Col, what: &str| -> Option<RowIssue> {
            get(c).is_empty().then(|| {
                issue(row, Some(c), "", "roster.required", format!("{}不能为空", c.header()), format!("请填写{what}"))
            })
        };

        // Household fields.
        let number = get(Col::Number).to_string();
        if let Some(i) = required(Col::Number, "国家系统中的户编号") {
            out.issues.push(i);
            continue;
        }
        if number.chars().any(|c| c.is_whitespace() || is_hostile_char(c)) || number.chars().count() > 40 {
            errs.push(issue(row, Some(Col::Number), &number, "roster.number", "户编号中有空格或太长".to_string(), "请从国家系统中复制户编号，不要加空格".to_string()));
        }
        // Names that may become folder and file names (a village's ledgers, a cadre's handbook).
        let mut unsafe_cols: Vec<Col> = Vec::new();
        for c in NAME_COLS {
            if let Some(i) = unsafe_text(row, c, get(c)) {
                errs.push(i);
                unsafe_cols.push(c);
            }
        }
        let mut fields_ok = unsafe_cols.is_empty();
        let mut check_required = |c: Col, what: &str, errs: &mut Vec<RowIssue>| {
            if let Some(i) = required(c, what) {
                errs.push(i);
                fields_ok = false;
            }
        };
        check_required(Col::Township, "乡镇名称，如“武阳镇”", &mut errs);
        check_required(Col::Village, "村名称，如“花园村”", &mut errs);
        check_required(Col::Group, "组，如“3组”", &mut errs);
        check_required(Col::Category, "户类别：脱贫户、监测户或一般农户", &mut errs);
        check_required(Col::Name, "姓名", &mut errs);
        check_required(Col::IdNumber, "18位身份证号码", &mut errs);
        check_required(Col::Relation, "与户主关系，如“户主”“配偶”“之子”", &mut errs);

        let opt = |c: Col| (!get(c).is_empty()).then(|| get(c));
        let category = opt(Col::Category).and_then(|t| take(row, Col::Category, get(Col::Category), Category::parse(t), &mut errs));
        let monitor_category = opt(Col::MonitorCategory).and_then(|t| take(row, Col::MonitorCategory, get(Col::MonitorCategory), MonitorCategory::parse(t), &mut errs));
        let risk_status = opt(Col::RiskStatus).and_then(|t| take(row, Col::RiskStatus, get(Col::RiskStatus), RiskStatus::parse(t), &mut errs));
        let date = |c: Col, errs: &mut Vec<RowIssue>| -> Option<NaiveDate> {
            let t = opt(c)?;
            match parse_date(t) {
                Ok(d) if d > today => {
                    errs.push(issue(row, Some(c), t, "date.future", format!("{}晚于今天", c.header()), "请核对年份和月份".to_string()));
                    None
                }
                Ok(d) => Some(d),
                Err(e) => {
                    errs.push(domain_issue(row, c, t, &e));
                    None
                }
            }
        };
        let identified_on = date(Col::IdentifiedOn, &mut errs);
        let eliminated_on = date(Col::EliminatedOn, &mut errs);
        let away = take(row, Col::Away, get(Col::Away), parse_flag(get(Col::Away)), &mut errs).unwrap_or(false);
        let no_labour = take(row, Col::NoLabour, get(Col::NoLabour), parse_flag(get(Col::NoLabour)), &mut errs).unwrap_or(false);
        let phone = opt(Col::Phone).and_then(|t| take(row, Col::Phone, get(Col::Phone), normalize_phone(t), &mut errs));
        let risk_types = match parse_risk_types(get(Col::RiskTypes)) {
            Ok(v) => v,
            Err((problem, fix)) => {
                errs.push(issue(row, Some(Col::RiskTypes), get(Col::RiskTypes), "roster.risk_types", problem, fix));
                Vec::new()
            }
        };

        // Monitoring fields depend on the category.
        if category == Some(Category::Monitored) {
            if monitor_category.is_none() && get(Col::MonitorCategory).is_empty() {
                errs.push(issue(row, Some(Col::MonitorCategory), "", "roster.monitor_category_missing", "监测户必须填写监测类别".to_string(), format!("请填写{}", MonitorCategory::allowed())));
            }
            if get(Col::IdentifiedOn).is_empty() {
                errs.push(issue(row, Some(Col::IdentifiedOn), "", "roster.identified_missing", "监测户必须填写识别日期".to_string(), "请填写纳入监测的日期，如2024-03-15".to_string()));
            }
            if get(Col::RiskStatus).is_empty() {
                errs.push(issue(row, Some(Col::RiskStatus), "", "roster.risk_missing", "监测户必须填写风险状态".to_string(), "请填写“未消除”或“已消除”".to_string()));
            }
        } else if category.is_some() {
            for c in [Col::MonitorCategory, Col::RiskStatus, Col::EliminatedOn, Col::RiskTypes] {
                if !get(c).is_empty() {
                    errs.push(issue(row, Some(c), get(c), "roster.not_monitored", format!("只有监测户才填写{}", c.header()), "请把户类别改为“监测户”，或清空这一格".to_string()));
                }
            }
        }
        if risk_status == Some(RiskStatus::Eliminated) && get(Col::EliminatedOn).is_empty() {
            errs.push(issue(row, Some(Col::EliminatedOn), "", "roster.eliminated_missing", "风险状态为“已消除”时必须填写消除日期".to_string(), "请填写风险消除的日期".to_string()));
        }
        if risk_status == Some(RiskStatus::Open) && !get(Col::EliminatedOn).is_empty() {
            errs.push(issue(row, Some(Col::EliminatedOn), get(Col::EliminatedOn), "roster.eliminated_but_open", "风险状态为“未消除”，却填写了消除日期".to_string(), "请把风险状态改为“已消除”，或清空消除日期".to_string()));
        }
        if let (Some(i), Some(e)) = (identified_on, eliminated_on) {
            if e < i {
                errs.push(issue(row, Some(Col::EliminatedOn), get(Col::EliminatedOn), "roster.eliminated_before_identified", format!("消除日期早于识别日期（{}）", excerpt(get(Col::IdentifiedOn))), "请核对两个日期".to_string()));
            }
        }

        // Person fields.
        let name = match check_name(get(Col::Name)) {
            Ok(n) => Some(n),
            Err(_) if unsafe_cols.contains(&Col::Name) => None,
            Err(why) if !get(Col::Name).is_empty() => {
                errs.push(issue(row, Some(Col::Name), get(Col::Name), "roster.name", format!("姓名不对：{why}"), "请填写身份证上的姓名".to_string()));
                None
            }
            Err(_) => None,
        };
        let id_text = get(Col::IdNumber);
        if id_text.contains("E+") || id_text.contains("e+") {
            errs.push(issue(row, Some(Col::IdNumber), id_text, "roster.id_as_number", "证件号码被Excel存成了数字（显示为科学计数法），后几位已经丢失".to_string(), "在Excel中把证件号码列设为“文本”格式，再从国家系统重新导出或逐个核对后重新填写".to_string()));
        }
        let id_number = opt(Col::IdNumber).filter(|t| !t.contains(['E', 'e'])).and_then(|t| take(row, Col::IdNumber, get(Col::IdNumber), IdNumber::parse(t, today), &mut errs));
        let relation = opt(Col::Relation).and_then(|t| take(row, Col::Relation, get(Col::Relation), Relation::parse(t), &mut errs));
        let labour = opt(Col::Labour).and_then(|t| take(row, Col::Labour, get(Col::Labour), Labour::parse(t), &mut errs));
        let health = opt(Col::Health).and_then(|t| take(row, Col::Health, get(Col::Health), Health::parse(t), &mut errs));
        let schooling = opt(Col::Schooling).and_then(|t| take(row, Col::Schooling, get(Col::Schooling), Schooling::parse(t), &mut errs));

        // Pairing fields: only on the head's row.
        let pairing_cols = [Col::Cadre, Col::CadreUnit, Col::CadrePhone, Col::PairingStart];
        let any_pairing = pairing_cols.iter().any(|c| !get(*c).is_empty());
        let mut pairing = None;
        if any_pairing && relation.is_some() && relation != Some(Relation::Head) {
            errs.push(issue(row, Some(Col::Cadre), get(Col::Cadre), "roster.pairing_not_head", "结对帮扶信息只能填在户主那一行".to_string(), "请把帮扶责任人、单位、电话和结对开始日期移到户主行".to_string()));
        } else if any_pairing {
            if get(Col::Cadre).is_empty() {
                errs.push(issue(row, Some(Col::Cadre), "", "roster.cadre_missing", "填写了结对信息，但帮扶责任人为空".to_string(), "请填写帮扶责任人姓名，或清空这一行的结对信息".to_string()));
            } else if get(Col::PairingStart).is_empty() {
                errs.push(issue(row, Some(Col::PairingStart), "", "roster.pairing_start_missing", "有帮扶责任人时必须填写结对开始日期".to_string(), "请填写开始结对的日期，如2024-03-15".to_string()));
            }
            let cadre_phone = opt(Col::CadrePhone).and_then(|t| take(row, Col::CadrePhone, get(Col::CadrePhone), normalize_phone(t), &mut errs));
            let start = date(Col::PairingStart, &mut errs);
            if let (Ok(n), Some(s)) = (check_name(get(Col::Cadre)), start) {
                pairing = Some(RosterPairing { cadre_name: n, cadre_unit: opt(Col::CadreUnit).map(str::to_string), cadre_phone, start: s });
            } else if !get(Col::Cadre).is_empty() && check_name(get(Col::Cadre)).is_err() && !unsafe_cols.contains(&Col::Cadre) {
                errs.push(issue(row, Some(Col::Cadre), get(Col::Cadre), "roster.name", "帮扶责任人姓名不对".to_string(), "请填写干部的姓名".to_string()));
            }
        }

        // Duplicate ID numbers: within the file, a person belongs to exactly one household.
        if let Some(id) = &id_number {
            match id_seen.get(id.as_str()) {
                Some((first_row, first_number)) if *first_number != number => {
                    let (fr, fnum) = (*first_row, first_number.clone());
                    errs.push(issue(row, Some(Col::IdNumber), &id.masked(), "roster.id_in_two_households", format!("这个证件号码在第{fr}行已出现，属于户{}；一个人只能属于一户", excerpt(&fnum)), "请核对这两行，删除重复的人或改正证件号码".to_string()));
                    errs.push(issue(fr, Some(Col::IdNumber), &id.masked(), "roster.id_in_two_households", format!("这个证件号码在第{row}行又出现，属于户{}；一个人只能属于一户", excerpt(&number)), "请核对这两行，删除重复的人或改正证件号码".to_string()));
                }
                Some((first_row, _)) => {
                    let fr = *first_row;
                    errs.push(issue(row, Some(Col::IdNumber), &id.masked(), "roster.id_duplicate", format!("同一户中这个证件号码在第{fr}行已出现"), "请删除重复的一行".to_string()));
                }
                None => {
                    id_seen.insert(id.as_str().to_string(), (row, number.clone()));
                }
            }
        }

        // Household: first row creates it, later rows must agree.
        let group = normalize_group(get(Col::Group)).unwrap_or_default();
        let hh_index = match by_number.get(&number) {
            Some(&i) => {
                let hh: &RosterHousehold = &out.roster.households[i];
                // Compare typed values; the message text is built only for a row that disagrees.
                let mut differs = |c: Col, same: bool, before: &dyn Fn() -> String| {
                    if !get(c).is_empty() && !same {
                        errs.push(issue(row, Some(c), get(c), "roster.household_inconsistent", format!("同一户（{}）的{}前后不一致：第{}行是“{}”", excerpt(&number), c.header(), hh.first_row, excerpt(&before())), "同一户每一行的户信息必须相同，请统一".to_string()));
                    }
                };
                let label = |v: Option<&'static str>| v.unwrap_or_default().to_string();
                let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                differs(Col::Township, get(Col::Township) == hh.township, &|| hh.township.clone());
                differs(Col::Village, get(Col::Village) == hh.village, &|| hh.village.clone());
                differs(Col::Group, group == hh.group, &|| hh.group.clone());
                differs(Col::Category, category == Some(hh.category), &|| hh.category.label().to_string());
                differs(Col::MonitorCategory, monitor_category == hh.monitor_category, &|| label(hh.monitor_category.map(|c| c.label())));
                differs(Col::RiskStatus, risk_status == hh.risk_status, &|| label(hh.risk_status.map(|c| c.label())));
                differs(Col::IdentifiedOn, identified_on == hh.identified_on, &|| day(hh.identified_on));
                differs(Col::EliminatedOn, eliminated_on == hh.eliminated_on, &|| day(hh.eliminated_on));
                differs(Col::RiskTypes, risk_types == hh.risk_types, &|| join_risk_types(&hh.risk_types));
                differs(Col::Away, away == hh.away, &|| flag_label(hh.away).to_string());
                differs(Col::NoLabour, no_labour == hh.no_labour, &|| flag_label(hh.no_labour).to_string());
                differs(Col::Phone, phone == hh.phone, &|| hh.phone.clone().unwrap_or_default());
                Some(i)
            }
            None if fields_ok && category.is_some() => {
                out.roster.households.push(RosterHousehold {
                    first_row: row,
                    number: number.clone(),
                    township: get(Col::Township).to_string(),
                    village: get(Col::Village).to_string(),
                    group,
                    category: category.unwrap_or(Category::Ordinary),
                    monitor_category,
                    identified_on,
                    risk_status,
                    eliminated_on,
                    risk_types: if category == Some(Category::Monitored) { risk_types } else { Vec::new() },
                    away,
                    no_labour,
                    phone,
                    pairing: None,
                    persons: Vec::new(),
                });
                by_number.insert(number.clone(), out.roster.households.len() - 1);
                Some(out.roster.households.len() - 1)
            }
            None => None,
        };
        if let (Some(i), Some(name), Some(id_number), Some(relation)) = (hh_index, name, id_number, relation) {
            let hh = &mut out.roster.households[i];
            if pairing.is_some() {
                hh.pairing = pairing;
            }
            hh.persons.push(RosterPerson { row, name, id_number, relation, labour, health, schooling });
            out.roster.person_count += 1;
        }
        out.issues.extend(errs);
    }

    // Exactly one head per household.
    for hh in &out.roster.households {
        let heads: Vec<&RosterPerson> = hh.persons.iter().filter(|p| p.relation == Relation::Head).collect();
        if heads.is_empty() && !out.issues.iter().any(|i| i.row == hh.first_row && i.column == Col::Relation.header()) {
            out.issues.push(issue(hh.first_row, Some(Col::Relation), "", "roster.no_head", format!("户{}没有户主", excerpt(&hh.number)), "请在这一户中把一人的与户主关系填为“户主”".to_string()));
        }
        for extra in heads.iter().skip(1) {
            out.issues.push(issue(extra.row, Some(Col::Relation), "户主", "roster.two_heads", format!("户{}有两个户主（另一位在第{}行）", excerpt(&hh.number), heads[0].row), "一户只能有一个户主，请改正与户主关系".to_string()));
        }
    }
    out.issues.sort_by_key(|i| i.row);
    out
}

/// The most 风险类型 a household carries.
pub const MAX_RISK_TYPES: usize = 5;

/// Read a 风险类型 cell: up to five of the closed list, separated by 、，,；; or line breaks; duplicates
/// collapse and the result is in `RiskType::ALL` order. An error is (problem, fix) in Chinese.
pub fn parse_risk_types(text: &str) -> Result<Vec<RiskType>, (String, String)> {
    let mut out: Vec<RiskType> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    for part in text.split(['、', '，', ',', '；', ';', '/', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        match RiskType::parse(part) {
            Ok(t) if !out.contains(&t) => out.push(t),
            Ok(_) => {}
            Err(_) => unknown.push(excerpt(part)),
        }
    }
    if !unknown.is_empty() {
        return Err((
            format!("风险类型“{}”不在可选范围内", unknown.join("、")),
            format!("请从以下选择，最多{MAX_RISK_TYPES}项，用“、”隔开：{}", RiskType::allowed()),
        ));
    }
    if out.len() > MAX_RISK_TYPES {
        return Err((
            format!("风险类型填了{}项，最多{MAX_RISK_TYPES}项", out.len()),
            format!("请只保留最主要的{MAX_RISK_TYPES}项风险类型"),
        ));
    }
    out.sort();
    Ok(out)
}

/// 风险类型 as the roster and the database write them: 因病、因学.
pub fn join_risk_types(types: &[RiskType]) -> String {
    types.iter().map(|t| t.label()).collect::<Vec<_>>().join("、")
}

/// The cells of one roster row, in `Col::ALL` order: what export and the demo generator write.
pub fn row_cells(hh: &RosterHousehold, p: &RosterPerson) -> Vec<String> {
    let d = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let head_pairing = (p.relation == Relation::Head).then_some(hh.pairing.as_ref()).flatten();
    vec![
        hh.number.clone(),
        hh.township.clone(),
        hh.village.clone(),
        hh.group.clone(),
        hh.category.label().to_string(),
        hh.monitor_category.map(|c| c.label().to_string()).unwrap_or_default(),
        d(hh.identified_on),
        hh.risk_status.map(|c| c.label().to_string()).unwrap_or_default(),
        d(hh.eliminated_on),
        join_risk_types(&hh.risk_types),
        flag_label(hh.away).to_string(),
        flag_label(hh.no_labour).to_string(),
        hh.phone.clone().unwrap_or_default(),
        p.name.clone(),
        p.id_number.full(),
        p.relation.label().to_string(),
        p.labour.map(|c| c.label().to_string()).unwrap_or_default(),
        p.health.map(|c| c.label().to_string()).unwrap_or_default(),
        p.schooling.map(|c| c.label().to_string()).unwrap_or_default(),
        head_pairing.map(|x| x.cadre_name.clone()).unwrap_or_default(),
        head_pairing.and_then(|x| x.cadre_unit.clone()).unwrap_or_default(),
        head_pairing.and_then(|x| x.cadre_phone.clone()).unwrap_or_default(),
        head_pairing.map(|x| x.start.to_string()).unwrap_or_default(),
    ]
}

/// The header row in `Col::ALL` order.
pub fn headers() -> Vec<String> {
    Col::ALL.iter().map(|c| c.header().to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 9, 15).unwrap()
    }

    /// A valid two-person household; `edit` changes cells by header before checking.
    fn check_with(edit: impl Fn(&mut Vec<Vec<String>>)) -> Checked {
        let head_id = IdNumber::compose("430527", NaiveDate::from_ymd_opt(1960, 1, 2).unwrap(), 11, crate::idcard::Sex::Male);
        let wife_id = IdNumber::compose("430527", NaiveDate::from_ymd_opt(1962, 3, 4).unwrap(), 12, crate::idcard::Sex::Female);
        let base = |name: &str, id: &IdNumber, rel: &str| -> Vec<String> {
            let mut cells: Vec<String> = Col::ALL.iter().map(|_| String::new()).collect();
            let mut set = |c: Col, v: &str| cells[Col::ALL.iter().position(|x| *x == c).unwrap()] = v.to_string();
            set(Col::Number, "H1");
            set(Col::Township, "武阳镇");
            set(Col::Village, "花园村");
            set(Col::Group, "1组");
            set(Col::Category, "监测户");
            set(Col::MonitorCategory, "边缘易致贫户");
            set(Col::IdentifiedOn, "2024-03-01");
            set(Col::RiskStatus, "未消除");
            set(Col::Name, name);
            set(Col::IdNumber, id.as_str());
            set(Col::Relation, rel);
            cells
        };
        let mut rows = vec![headers(), base("杨大山", &head_id, "户主"), base("吴小花", &wife_id, "配偶")];
        edit(&mut rows);
        let numbered = rows.into_iter().enumerate().map(|(i, r)| (i + 1, r)).collect();
        check_sheet(&Sheet::from_rows(numbered), today())
    }

    fn set(rows: &mut [Vec<String>], row: usize, c: Col, v: &str) {
        let i = Col::ALL.iter().position(|x| *x == c).unwrap();
        rows[row][i] = v.to_string();
    }

    #[test]
    fn the_base_household_is_valid() {
        let c = check_with(|_| {});
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].persons.len(), 2);
    }

    #[test]
    fn table_of_household_level_problems() {
        type Edit = fn(&mut Vec<Vec<String>>);
        let cases: &[(&str, Edit, &str, usize)] = &[
            ("monitored without category", |r| set(r, 1, Col::MonitorCategory, ""), "roster.monitor_category_missing", 2),
            ("eliminated without date", |r| { set(r, 1, Col::RiskStatus, "已消除"); set(r, 2, Col::RiskStatus, "已消除"); }, "roster.eliminated_missing", 2),
            ("eliminated before identified", |r| { for i in 1..=2 { set(r, i, Col::RiskStatus, "已消除"); set(r, i, Col::EliminatedOn, "2024-01-01"); } }, "roster.eliminated_before_identified", 2),
            ("ordinary with a risk status", |r| { for i in 1..=2 { set(r, i, Col::Category, "一般农户"); set(r, i, Col::MonitorCategory, ""); set(r, i, Col::IdentifiedOn, ""); } }, "roster.not_monitored", 2),
            ("pairing on the wife's row", |r| { set(r, 2, Col::Cadre, "唐清"); set(r, 2, Col::PairingStart, "2024-03-05"); }, "roster.pairing_not_head", 3),
            ("cadre without start date", |r| set(r, 1, Col::Cadre, "唐清"), "roster.pairing_start_missing", 2),
            ("two heads", |r| set(r, 2, Col::Relation, "户主"), "roster.two_heads", 3),
            ("no head", |r| set(r, 1, Col::Relation, "之子"), "roster.no_head", 2),
            ("village differs between rows", |r| set(r, 2, Col::Village, "石桥村"), "roster.household_inconsistent", 3),
            ("future identified date", |r| { set(r, 1, Col::IdentifiedOn, "2030-01-01"); set(r, 2, Col::IdentifiedOn, "2030-01-01"); }, "date.future", 2),
            ("bad flag", |r| set(r, 1, Col::Away, "有时"), "value.choice", 2),
            ("bad phone", |r| set(r, 1, Col::Phone, "1234"), "phone.bad", 2),
            ("same ID twice in a household", |r| { let id = r[1][Col::ALL.iter().position(|c| *c == Col::IdNumber).unwrap()].clone(); set(r, 2, Col::IdNumber, &id); }, "roster.id_duplicate", 3),
            ("name with digits", |r| set(r, 2, Col::Name, "吴2"), "roster.name", 3),
        ];
        for (why, edit, code, row) in cases {
            let c = check_with(edit);
            assert!(
                c.issues.iter().any(|i| i.code == *code && i.row == *row),
                "{why}: expected {code} at row {row}, got {:?}",
                c.issues.iter().map(|i| (i.row, i.code.as_str())).collect::<Vec<_>>()
            );
            assert!(c.issues.iter().all(|i| !i.problem.is_empty() && !i.fix.is_empty()), "{why}: every issue says what and how");
        }
    }

    #[test]
    fn risk_types_of_a_monitored_household() {
        let both = |v: &'static str| move |r: &mut Vec<Vec<String>>| { set(r, 1, Col::RiskTypes, v); set(r, 2, Col::RiskTypes, v); };
        // Any separator, duplicates collapse, stored in the list's order.
        let c = check_with(both("因学，因病、因学; 缺劳动力"));
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].risk_types, vec![RiskType::Illness, RiskType::Schooling, RiskType::LackOfLabour]);
        assert_eq!(join_risk_types(&c.roster.households[0].risk_types), "因病、因学、缺劳动力");
        assert!(c.roster.has_risk_types);
        // Written on the head's row only is fine too; empty is fine.
        let c = check_with(|r| set(r, 1, Col::RiskTypes, "因残"));
        assert!(c.issues.iter().all(|i| i.code == "roster.household_inconsistent" || i.row != 2), "{:?}", c.issues);
        let c = check_with(|_| {});
        assert!(c.issues.is_empty() && c.roster.households[0].risk_types.is_empty());

        // Unknown value: says which, and lists the allowed ones.
        let c = check_with(both("因病、因懒"));
        let i = c.issues.iter().find(|i| i.code == "roster.risk_types" && i.row == 2).expect("unknown risk type");
        assert_eq!(i.column, "风险类型");
        assert!(i.problem.contains("因懒"), "{}", i.problem);
        assert!(i.fix.contains(&RiskType::allowed()), "{}", i.fix);
        // More than five.
        let c = check_with(both("因病、因学、因残、因自然灾害、因意外事故、因产业失败"));
        let i = c.issues.iter().find(|i| i.code == "roster.risk_types" && i.row == 2).expect("six risk types");
        assert!(i.problem.contains("6项") && i.fix.contains('5'), "{i:?}");
        // Five distinct (a sixth repeated) is fine.
        let c = check_with(both("因病、因学、因残、因自然灾害、因意外事故、因病"));
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].risk_types.len(), 5);
        // Rows of one household must agree.
        let c = check_with(|r| { set(r, 1, Col::RiskTypes, "因病"); set(r, 2, Col::RiskTypes, "因学"); });
        assert!(c.issues.iter().any(|i| i.code == "roster.household_inconsistent" && i.row == 3 && i.column == "风险类型"), "{:?}", c.issues);

        // Only monitored households carry them.
        let c = check_with(|r| {
            for i in 1..=2 {
                for (col, v) in [(Col::Category, "脱贫户"), (Col::MonitorCategory, ""), (Col::IdentifiedOn, ""), (Col::RiskStatus, ""), (Col::RiskTypes, "因病")] {
                    set(r, i, col, v);
                }
            }
        });
        let i = c.issues.iter().find(|i| i.row == 2 && i.column == "风险类型").expect("a lifted household with risk types");
        assert_eq!(i.code, "roster.not_monitored");
        assert!(i.problem.contains("只有监测户") && i.problem.contains("风险类型"), "{}", i.problem);
    }

    #[test]
    fn the_risk_types_column_is_optional_and_has_aliases() {
        let pos = Col::ALL.iter().position(|c| *c == Col::RiskTypes).unwrap();
        let c = check_with(|r| for row in r.iter_mut() { row.remove(pos); });
        assert!(c.issues.is_empty(), "a sheet without 风险类型 is read as before: {:?}", c.issues);
        assert!(!c.roster.has_risk_types);
        let c = check_with(|r| { r[0][pos] = "致贫风险类型".into(); set(r, 1, Col::RiskTypes, "因病"); set(r, 2, Col::RiskTypes, "因病"); });
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].risk_types, vec![RiskType::Illness]);
    }

    #[test]
    fn header_aliases_and_title_rows() {
        let c = check_with(|r| {
            let i = Col::ALL.iter().position(|c| *c == Col::IdNumber).unwrap();
            r[0][i] = "身份证号码".into();
            r.insert(0, vec!["花园村花名册".into()]);
        });
        assert!(c.issues.is_empty(), "{:?}", c.issues);
        assert_eq!(c.roster.households[0].persons[0].row, 3, "row numbers count the title row");
    }

    #[test]
    fn names_that_could_become_paths_are_refused() {
        let cols = [Col::Township, Col::Village, Col::Group, Col::Name, Col::Cadre, Col::CadreUnit];
        for c in cols {
            for (bad, code) in [("城关镇/新村", "roster.path_character"), ("a\\b", "roster.path_character"), ("..", "roster.path_character"), ("花园..村", "roster.path_character"), ("花园\u{1b}[2J村", "roster.control_character"), ("花园\n村", "roster.control_character"), ("花\u{202e}园", "roster.control_character")] {
                let checked = check_with(|r| {
                    set(r, 1, c, bad);
                    if matches!(c, Col::Cadre | Col::CadreUnit) {
                        set(r, 1, Col::Cadre, if c == Col::Cadre { bad } else { "唐清" });
                        set(r, 1, Col::PairingStart, "2024-03-05");
                    }
                    if !matches!(c, Col::Name | Col::Cadre | Col::CadreUnit) {
                        set(r, 2, c, bad);
                    }
                });
                let hit = checked.issues.iter().find(|i| i.row == 2 && i.column == c.header() && i.code == code);
                let hit = hit.unwrap_or_else(|| panic!("{}={bad:?}: expected {code}, got {:?}", c.header(), checked.issues));
                assert!(!hit.fix.is_empty() && !hit.problem.is_empty());
                assert!(!hit.value.chars().any(crate::text::is_hostile_char), "the value shown has no raw control character: {:?}", hit.value);
                assert_eq!(checked.issues.iter().filter(|i| i.row == 2 && i.column == c.header()).count(), 1, "{}={bad:?}: one problem per cell: {:?}", c.header(), checked.issues);
                assert!(checked.roster.households.is_empty() || !checked.issues.is_empty());
            }
        }
        // A single dot and the middle dot of minority names are fine.
        let ok = check_with(|r| set(r, 2, Col::Name, "阿卜杜·买买提"));
        assert!(ok.issues.is_empty(), "{:?}", ok.issues);
    }

    #[test]
    fn quoted_values_are_short_and_masked() {
        let long = format!("{}430527198001011234", "乱".repeat(100_000));
        let c = check_with(|r| {
            set(r, 1, Col::Category, &long);
            set(r, 2, Col::Category, "430527198001011234");
            set(r, 1, Col::Phone, "430527198001011234");
        });
        assert!(!c.issues.is_empty());
        for i in &c.issues {
            assert!(i.value.chars().count() <= crate::text::EXCERPT_CHARS + 1, "{:?}", i.value);
            assert!(i.problem.chars().count() < 400, "{}", i.problem);
            for t in [&i.value, &i.problem, &i.fix] {
                assert!(!t.contains("198001011234") && !t.contains("乱".repeat(50).as_str()), "no whole ID number nor the whole cell: {t}");
            }
        }
        let headers_only = Sheet::from_rows(vec![(1, vec!["户编号".into(), "姓名".into(), "x".repeat(1_000_000)])]);
        let c = check_sheet(&headers_only, today());
        assert!(c.issues.iter().all(|i| i.value.chars().count() <= 41 && i.problem.chars().count() < 600), "{:?}", c.issues.iter().map(|i| i.problem.len()).collect::<Vec<_>>());
    }

    #[test]
    fn the_sheet_builder_keeps_rows_compactly_and_in_order() {
        let mut b = SheetBuilder::new();
        b.push_row(1, ["花名册"]).unwrap();
        b.push_row(2, ["户编号", "姓名", ""]).unwrap();
        b.push_row(3, ["", "", ""]).unwrap();
        b.push_row(4, ["H1", " ", "", "x", "", ""]).unwrap();
        b.push_row(5, ["H2"]).unwrap();
        let s = b.finish();
        assert_eq!((s.header_row, s.headers.clone()), (2, vec!["户编号".to_string(), "姓名".to_string()]));
        assert_eq!(s.rows.to_vec(), vec![(4, vec!["H1".into(), "".into(), "".into(), "x".into()]), (5, vec!["H2".into()])]);
        let r = s.rows.get(0).unwrap();
        assert_eq!((r.get(0), r.get(3), r.get(4)), (Some("H1"), Some("x"), None));
        assert_eq!(s.rows.len(), 2);
    }

    #[test]
    fn the_sheet_builder_refuses_what_no_roster_can_be() {
        let mut b = SheetBuilder::new();
        assert_eq!(b.push_row(MAX_ROWS + 1, ["x"]), Err(SheetLimit::Rows { row: MAX_ROWS + 1 }));
        assert_eq!(b.push_row(MAX_ROWS + 1, ["", " "]), Ok(()), "a blank far row is nothing");
        let mut wide: Vec<String> = vec![String::new(); 5000];
        assert_eq!(b.push_row(3, &wide), Ok(()), "blank cells far to the right are nothing");
        wide[4000] = "x".into();
        assert_eq!(b.push_row(3, &wide), Err(SheetLimit::Columns { row: 3, column: 4000 }));
        let cell = "长".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(b.push_row(4, ["a", cell.as_str()]), Err(SheetLimit::CellTooLong { row: 4, column: 1 }));
        assert_eq!(b.push_row(4, ["a", &cell[..MAX_CELL_CHARS * 3]]), Ok(()), "Excel's longest cell is fine");
        for l in [SheetLimit::Rows { row: 1_048_576 }, SheetLimit::Columns { row: 1, column: 16383 }, SheetLimit::CellTooLong { row: 2, column: 0 }, SheetLimit::TooMuch] {
            let m = l.message_zh();
            assert!(m.contains("请"), "says what to do: {m}");
        }
        assert!(SheetLimit::Columns { row: 1, column: 16383 }.message_zh().contains("XFD"));
    }
}
