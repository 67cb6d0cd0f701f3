//! The ledgers as they print: every sheet of every ledger of a month read back from the .xlsx's own
//! XML (page set-up, column widths, row heights, fonts), the smallest text on the printed page
//! computed from the fit-to-width scale, and a conversion through LibreOffice read back as text.

use crate::p;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use zhucun_e2e::World;

const TODAY: &str = "2024-10-08";

/// What printing needs to know of one worksheet.
#[derive(Debug)]
pub struct PrintedSheet {
    pub name: String,
    pub landscape: bool,
    pub paper: String,
    pub fit_to_page: bool,
    pub fit_width: String,
    pub fit_height: String,
    /// `_xlnm.Print_Titles` of the sheet, e.g. `'考勤台账（1—15日）'!$3:$3`.
    pub print_titles: Option<String>,
    pub margins_in: (f64, f64),
    /// Excel's width of each column in use (as stored: padding included).
    pub widths: Vec<f64>,
    /// Row number (1-based) → (height in points, custom).
    pub heights: HashMap<u32, (f64, bool)>,
    /// Row number → cells (column index, text, font size).
    pub cells: HashMap<u32, Vec<(u32, String, f64)>>,
    pub header: String,
    /// Merged ranges: (row, first column, last column), 1-based row, 0-based columns.
    pub merged: Vec<(u32, u32, u32)>,
}

impl PrintedSheet {
    fn total_width_pt(&self) -> f64 {
        // Stored widths are pixels ÷ 7 (the default font's digit), padding included.
        self.widths.iter().map(|w| (w * 7.0).round() * 0.75).sum()
    }

    fn printable_width_pt(&self) -> f64 {
        let paper = if self.landscape { 841.89 } else { 595.28 };
        paper - (self.margins_in.0 + self.margins_in.1) * 72.0
    }

    /// The fit-to-width scale, in whole percent, never above 100%.
    pub fn scale(&self) -> f64 {
        ((self.printable_width_pt() / self.total_width_pt()).min(1.0) * 100.0).floor() / 100.0
    }

    /// The smallest font of any cell with text, as printed.
    pub fn smallest_printed_pt(&self) -> f64 {
        let smallest = self.cells.values().flatten().filter(|(_, t, _)| !t.is_empty()).map(|(_, _, pt)| *pt).fold(f64::MAX, f64::min);
        smallest * self.scale()
    }

    pub fn row_texts(&self, row: u32) -> Vec<String> {
        let mut cells = self.cells.get(&row).cloned().unwrap_or_default();
        cells.sort_by_key(|c| c.0);
        cells.into_iter().map(|c| c.1).collect()
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    Some(unescape(&tag[at..at + tag[at..].find('"')?]))
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Every `<name ...>` start tag of `xml` (attributes only).
fn tags<'a>(xml: &'a str, name: &str) -> Vec<&'a str> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if after.starts_with([' ', '>', '/']) {
            let end = after.find('>').unwrap();
            out.push(&after[..end]);
        }
        rest = &rest[i + open.len()..];
    }
    out
}

/// The elements `<name ...>inner</name>` of `xml`: (attributes, inner).
fn elements<'a>(xml: &'a str, name: &str) -> Vec<(&'a str, &'a str)> {
    let (open, close) = (format!("<{name}"), format!("</{name}>"));
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        let after = &rest[i + open.len()..];
        if !after.starts_with([' ', '>', '/']) {
            rest = after;
            continue;
        }
        let end = after.find('>').unwrap();
        if after[..end].ends_with('/') {
            out.push((&after[..end], ""));
            rest = &after[end..];
            continue;
        }
        let body = &after[end + 1..];
        let stop = body.find(&close).unwrap();
        out.push((&after[..end], &body[..stop]));
        rest = &body[stop..];
    }
    out
}

fn text_of(inner: &str) -> String {
    elements(inner, "t").iter().map(|(_, t)| unescape(t)).collect()
}

fn col_index(r: &str) -> u32 {
    r.chars().take_while(|c| c.is_ascii_alphabetic()).fold(0, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1)) - 1
}

/// Every worksheet of an .xlsx, read from its XML.
pub fn printed_sheets(path: &Path) -> Vec<PrintedSheet> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut part = |name: &str| -> String {
        let mut s = String::new();
        zip.by_name(name).unwrap_or_else(|_| panic!("{name} in {}", path.display())).read_to_string(&mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    let styles = part("xl/styles.xml");
    let shared: Vec<String> = elements(&part("xl/sharedStrings.xml"), "si").iter().map(|(_, inner)| text_of(inner)).collect();
    let fonts: Vec<f64> = elements(&styles, "fonts").first().map(|(_, f)| elements(f, "font")).unwrap_or_default().iter().map(|(_, f)| tags(f, "sz").first().and_then(|t| attr(t, "val")).unwrap().parse().unwrap()).collect();
    let xfs: Vec<usize> = tags(elements(&styles, "cellXfs")[0].1, "xf").iter().map(|t| attr(t, "fontId").unwrap().parse().unwrap()).collect();
    let titles: Vec<(usize, String)> = elements(&workbook, "definedName")
        .iter()
        .filter(|(a, _)| attr(a, "name").as_deref() == Some("_xlnm.Print_Titles"))
        .map(|(a, v)| (attr(a, "localSheetId").unwrap().parse().unwrap(), unescape(v)))
        .collect();
    let names: Vec<String> = tags(&workbook, "sheet").iter().map(|t| attr(t, "name").unwrap()).collect();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = part(&format!("xl/worksheets/sheet{}.xml", i + 1));
            let setup = tags(&xml, "pageSetup")[0];
            let margins = tags(&xml, "pageMargins")[0];
            let mut widths = Vec::new();
            for c in tags(&xml, "col") {
                let (a, b): (usize, usize) = (attr(c, "min").unwrap().parse().unwrap(), attr(c, "max").unwrap().parse().unwrap());
                let w: f64 = attr(c, "width").unwrap().parse().unwrap();
                widths.resize(b, 0.0);
                widths[a - 1..b].iter_mut().for_each(|x| *x = w);
            }
            let mut heights = HashMap::new();
            let mut cells: HashMap<u32, Vec<(u32, String, f64)>> = HashMap::new();
            for (a, inner) in elements(&xml, "row") {
                let r: u32 = attr(a, "r").unwrap().parse().unwrap();
                if let Some(ht) = attr(a, "ht") {
                    heights.insert(r, (ht.parse().unwrap(), attr(a, "customHeight").as_deref() == Some("1")));
                }
                for (c, v) in elements(inner, "c") {
                    let style = attr(c, "s").map_or(0, |s| s.parse().unwrap());
                    let value = elements(v, "v").first().map(|(_, v)| unescape(v)).unwrap_or_default();
                    let text = if attr(c, "t").as_deref() == Some("s") { shared[value.parse::<usize>().unwrap()].clone() } else { value };
                    cells.entry(r).or_default().push((col_index(&attr(c, "r").unwrap()), text, fonts[xfs[style]]));
                }
            }
            PrintedSheet {
                name: name.clone(),
                landscape: attr(setup, "orientation").as_deref() == Some("landscape"),
                paper: attr(setup, "paperSize").unwrap_or_default(),
                fit_to_page: tags(&xml, "pageSetUpPr").first().and_then(|t| attr(t, "fitToPage")).as_deref() == Some("1"),
                fit_width: attr(setup, "fitToWidth").unwrap_or_else(|| "1".into()),
                fit_height: attr(setup, "fitToHeight").unwrap_or_else(|| "1".into()),
                print_titles: titles.iter().find(|(s, _)| *s == i).map(|(_, v)| v.clone()),
                margins_in: (attr(margins, "left").unwrap().parse().unwrap(), attr(margins, "right").unwrap().parse().unwrap()),
                widths,
                heights,
                cells,
                merged: tags(&xml, "mergeCell")
                    .iter()
                    .map(|t| {
                        let r = attr(t, "ref").unwrap();
                        let (a, b) = r.split_once(':').unwrap();
                        (a.trim_start_matches(|c: char| c.is_ascii_alphabetic()).parse().unwrap(), col_index(a), col_index(b))
                    })
                    .collect(),
                header: elements(&xml, "oddHeader").first().map(|(_, h)| unescape(h)).unwrap_or_default(),
            }
        })
        .collect()
}

/// Every sheet of an .xlsx as text rows (calamine), by sheet name.
pub fn read_sheets(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{open_workbook_auto, Data, Reader};
    let mut wb = open_workbook_auto(path).expect("open xlsx");
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).expect("sheet");
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| match c { Data::String(s) => s.clone(), Data::Empty => String::new(), other => other.to_string() }).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// Lines of `text` in a column of `px` pixels at `pt` points, a CJK character two units wide and
/// a unit half the font size; no allowance for the renderer (the ledger writer keeps one).
fn lines(text: &str, px: f64, pt: f64) -> usize {
    let per_line = (((px - 6.0) / (pt / 2.0 * 96.0 / 72.0)).floor() as usize).max(1);
    text.split('\n')
        .map(|para| {
            let units: usize = para.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
            units.div_ceil(per_line).max(1)
        })
        .sum()
}

const LONG_LOG: &str = "上午入户走访三组脱贫户李大山家，了解今年水稻和油茶的收成、两个孩子在县城务工的收入情况，核对家庭人口和联系电话，宣传防返贫监测政策和医疗保障政策，发放明白纸；下午到五组查看饮水工程，与村委会商量冬季管护人员安排，记录群众反映的道路维修问题，准备下周村民代表大会的材料。结尾标记甲乙丙";

/// A team of three with a month of logs, a long log entry, leave and meetings; the ledgers of
/// September 2024 written into one folder by `ledger all`.
fn month_of_ledgers() -> (World, Vec<PathBuf>, String) {
    let w = World::new();
    let roster = p(&w, "roster.csv");
    w.zhucun(&["demo", "--households", "30", "--village-size", "30", "--out", &roster]).ok();
    w.zhucun(&["roster", "import", &roster]).ok();
    let add = |name: &str, role: &str, unit: &str| {
        w.zhucun_on(TODAY, &["member", "add", "--name", name, "--role", role, "--from", "2024-01-01", "--unit", unit, "--phone", "13907391001"]).ok().trim().to_string()
    };
    let zhou = add("周建国", "第一书记", "中共绥宁县委组织部（县委党建办）");
    let li = add("李娟", "队员", "绥宁县农业农村局");
    add("欧阳振华", "队长", "湖南省邵阳市绥宁县乡村振兴服务中心");
    // The 人员信息台账's details, written as a correction.
    w.zhucun_on(TODAY, &["member", "edit", &zhou, "--sex", "男", "--birth", "1978-06", "--politics", "中共党员", "--post", "县委组织部组织二股股长", "--by", "周建国"]).ok();
    for day in 2..=30 {
        let date = format!("2024-09-{day:02}");
        let text = if day == 10 { LONG_LOG.to_string() } else { "走访农户".to_string() };
        // Written on its day, so no row says 补填.
        w.zhucun_on(&date, &["log", "set", "--member", &zhou, "--date", &date, "--status", "在村", "--night", "--text", &text, "--category", "入户走访,防返贫监测,政策宣传"]).ok();
    }
    w.zhucun_on("2024-09-10", &["log", "set", "--member", &li, "--date", "2024-09-10", "--status", "公务外出", "--text", "到县里培训"]).ok();
    w.zhucun_on(TODAY, &["leave", "add", "--member", &li, "--type", "事假", "--from", "2024-09-11", "--to", "2024-09-12", "--reason", "家中老人住院需要陪护，已安排其他队员接替走访"]).ok();
    for (kind, date, minutes, place, others) in [
        ("周例会", "2024-09-02", LONG_LOG, "村部会议室", "村两委成员"),
        ("领学", "2024-09-20", "学习防返贫监测帮扶政策", "", ""),
    ] {
        let mut args = vec!["meeting", "add", "--kind", kind, "--date", date, "--topic", "部署本周走访和防返贫监测工作", "--place", place, "--others", others];
        let attendees = format!("{zhou},{li}");
        args.extend(["--attendees", &attendees, "--minutes", minutes]);
        if kind == "周例会" {
            args.extend(["--host", &zhou, "--others-count", "5"]);
        }
        w.zhucun_on(TODAY, &args).ok();
    }
    // Two visits for the 走访情况登记表: one with a long account, one by the pairing cadre alone.
    let number = w.zhucun(&["households", "list", "--category", "监测户", "--json"]).json()[0]["number"].as_str().unwrap().to_string();
    w.zhucun_on(TODAY, &["visit", "add", "--household", &number, "--date", "2024-09-05", "--mode", "入户", "--by", &zhou, "--met", "户主", "--check", "义务教育=ok,住房安全=problem:屋顶漏雨,饮水安全=ok", "--text", LONG_LOG]).ok();
    w.zhucun_on(TODAY, &["visit", "add", "--household", &number, "--date", "2024-09-18", "--mode", "入户", "--cadre", "--text", "结尾标记甲乙丙"]).ok();
    // One recorded by mistake and voided: not in the ledger, counted in its note.
    let wrong = w.zhucun_on(TODAY, &["meeting", "add", "--kind", "周例会", "--date", "2024-09-03", "--topic", "重复", "--json"]).json();
    w.zhucun_on(TODAY, &["meeting", "void", wrong["id"].as_str().unwrap(), "--by", "周建国", "--reason", "重复登记"]).ok();
    let dir = w.path("台账");
    std::fs::create_dir(&dir).unwrap();
    let all = w.zhucun_on(TODAY, &["ledger", "all", "--period", "2024-09", "--out", dir.to_str().unwrap(), "--json"]).json();
    let paths = all.as_array().unwrap().iter().map(|x| PathBuf::from(x["path"].as_str().unwrap())).collect();
    (w, paths, zhou)
}

#[test]
fn every_ledger_of_a_month_prints_on_a4_at_nine_points_or_more() {
    let (_w, paths, _) = month_of_ledgers();
    let names: Vec<String> = paths.iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        names,
        ["2024年9月考勤台账.xlsx", "2024年9月请销假台账.xlsx", "2024年9月人员信息台账.xlsx", "2024年9月会议记录台账.xlsx", "2024年9月走访情况登记表.xlsx", "2024年9月问题台账.xlsx", "2024年9月周建国工作日志.xlsx", "2024年9月欧阳振华工作日志.xlsx", "2024年9月李娟工作日志.xlsx"],
        "one folder holds every ledger of the month"
    );
    for path in &paths {
        let sheets = printed_sheets(path);
        let file = path.file_name().unwrap().to_string_lossy();
        assert_eq!(sheets.len(), if file.contains("考勤") { 2 } else { 1 }, "{file}");
        for s in &sheets {
            let what = format!("{file} / {}", s.name);
            assert_eq!(s.paper, "9", "{what}: A4");
            assert_eq!(s.landscape, !file.contains("工作日志"), "{what}: the log is portrait, the township's tables landscape");
            assert!(s.fit_to_page && s.fit_width == "1" && s.fit_height == "0", "{what}: fitted to one page wide, as many tall as it takes: {s:?}");
            let titles = s.print_titles.as_deref().unwrap_or_else(|| panic!("{what}: no repeated rows"));
            assert!(titles.ends_with("!$3:$3"), "{what}: the header row repeats on every page: {titles}");
            assert!(s.header.contains('乡') || s.header.contains('镇'), "{what}: the village on every page: {:?}", s.header);
            let smallest = s.smallest_printed_pt();
            println!("{what}: {:.0} pt of columns on {:.0} pt, scale {:.2}, smallest printed text {smallest:.2} pt", s.total_width_pt(), s.printable_width_pt(), s.scale());
            assert!(smallest >= 9.0, "{what}: the smallest text prints at {smallest:.2} pt");
            // Every row of the table and the notes is as tall as its wrapped text.
            for (&r, cells) in &s.cells {
                if r < 3 {
                    continue;
                }
                let need = cells
                    .iter()
                    .map(|(c, t, pt)| {
                        let span = s.merged.iter().find(|(mr, a, _)| *mr == r && a == c).map_or((*c, *c), |(_, a, b)| (*a, *b));
                        let px: f64 = (span.0..=span.1).map(|c| (s.widths[c as usize] * 7.0).round()).sum();
                        lines(t, px, *pt) as f64 * pt * 1.3
                    })
                    .fold(0.0, f64::max);
                let (ht, custom) = s.heights.get(&r).copied().unwrap_or((15.0, false));
                assert!(custom && ht >= need, "{what}: row {r} is {ht} pt high for {need:.1} pt of text: {:?}", s.row_texts(r));
            }
        }
    }
    // The day columns are narrow and 派出单位/备注 take no more than their share.
    let att = printed_sheets(&paths[0]);
    for s in &att {
        let day_cols: Vec<f64> = (0..s.widths.len()).filter(|&c| s.row_texts(3).get(c).is_some_and(|h| h.parse::<u32>().is_ok())).map(|c| s.widths[c]).collect();
        assert!(day_cols.len() >= 15 && day_cols.iter().all(|w| *w < 5.0), "{}: {day_cols:?}", s.name);
        assert!(s.widths.iter().all(|w| *w <= 25.0), "{}: {:?}", s.name, s.widths);
    }
    // The long log entry wraps inside its row: several lines, none into the next row.
    let log = printed_sheets(paths.iter().find(|p| p.to_string_lossy().contains("周建国工作日志")).unwrap());
    let row = 3 + 10; // 1-based: title, unit, header, then the 1st to the 10th
    assert!(log[0].row_texts(row)[5].starts_with("上午入户走访"), "{:?}", log[0].row_texts(row));
    assert!(log[0].heights[&row].0 >= 5.0 * 10.5 * 1.3, "{:?}", log[0].heights[&row]);
    assert!(log[0].heights[&(row + 1)].0 < log[0].heights[&row].0, "the next day keeps its own, shorter row");
}

#[test]
fn the_meetings_ledger_and_the_village_in_every_header() {
    let (_w, paths, _) = month_of_ledgers();
    // 人员信息台账: who the members are, as the township's form asks it.
    let people = read_sheets(&paths[2]);
    let (name, s) = &people[0];
    assert_eq!(name, "人员信息台账");
    assert_eq!(s[2], ["序号", "姓名", "性别", "出生年月", "政治面貌", "派出单位", "原单位及职务", "驻村职务", "驻村开始", "离队日期", "联系电话"]);
    assert_eq!(s[3], ["1", "周建国", "男", "1978.06", "中共党员", "中共绥宁县委组织部（县委党建办）", "县委组织部组织二股股长", "第一书记", "2024-01-01", "", "13907391001"]);
    assert_eq!(s[6][..2], ["合计", "3人"]);
    let sheets = read_sheets(&paths[3]);
    let (name, s) = &sheets[0];
    assert_eq!(name, "会议记录台账");
    assert_eq!(s[0][0], "驻村工作队会议记录台账");
    assert_eq!(s[2], ["序号", "日期", "会议类型", "会议主题", "地点", "主持人", "参会人员", "会议记录"]);
    assert_eq!(s[3][..7], ["1", "2024-09-02", "周例会", "部署本周走访和防返贫监测工作", "村部会议室", "周建国", "周建国、李娟；村两委成员（5人）"]);
    assert_eq!(s[3][7], LONG_LOG);
    assert_eq!(s[4][..7], ["2", "2024-09-20", "领学", "部署本周走访和防返贫监测工作", "", "周建国", "周建国、李娟"], "领学 is led by the first secretary");
    assert_eq!(s[5][..2], ["合计", "2次"]);
    assert!(s.iter().any(|r| r[0].contains("本月：周例会1次、领学1次")), "{s:?}");
    assert!(s.iter().any(|r| r[0].contains("另有1次会议记录已作废，未列入")), "{s:?}");
    assert!(s.iter().any(|r| r[0].contains("周例会的会议记录不足10个字的，不计入每周例会要求")), "{s:?}");
    let att = read_sheets(&paths[0]);
    let remarks_col = att[1].1[2].iter().position(|h| h == "备注").unwrap();
    let remarks = &att[1].1.iter().find(|r| r[1] == "李娟").unwrap()[remarks_col];
    assert!(remarks.starts_with("9月2日—8日在村不足；9月2日—8日住村不足；9月9日—15日在村不足"), "weeks by their days: {remarks}");
    // The full village name (乡镇 + 村) in the unit line of every ledger and on the log.
    for path in &paths {
        for (_, s) in read_sheets(path) {
            let unit = &s[1][0];
            assert!(unit.contains('乡') || unit.contains('镇'), "{}: {unit}", path.display());
            assert!(unit.contains('村'), "{}: {unit}", path.display());
        }
    }
    // The CLI writes the same ledger alone, to a file.
    let w = World::new();
    let r = w.zhucun_on(TODAY, &["ledger", "会议记录", "--period", "2024-09", "--out", &p(&w, "会议.xlsx")]);
    assert_eq!(r.code(), 0, "{}", r.stderr());
    let r = w.zhucun_on(TODAY, &["ledger", "all", "--period", "2024-09", "--out", &p(&w, "no-such-dir")]);
    assert!(r.code() == 1 && r.stderr().contains("不存在"), "{}", r.stderr());
}

/// Converts through LibreOffice and reads the PDF back: A4 pages, nothing cut off, the week names.
#[test]
fn libreoffice_prints_them_legibly() {
    if Command::new("soffice").arg("--version").output().is_err() || Command::new("pdftotext").arg("-v").output().is_err() {
        println!("SKIPPED: soffice (libreoffice-calc-nogui) or pdftotext (poppler-utils) is not installed; `make apt-deps` installs them. See docs/ledger-printing.md for the manual check.");
        return;
    }
    let (w, paths, _) = month_of_ledgers();
    let out = w.path("pdf");
    std::fs::create_dir(&out).unwrap();
    let profile = format!("-env:UserInstallation=file://{}", w.path("lo-profile").display());
    let named = |n: &str| paths.iter().find(|p| p.to_string_lossy().contains(n)).unwrap_or_else(|| panic!("no {n} in {paths:?}"));
    let chosen = [named("考勤台账"), named("会议记录台账"), named("周建国工作日志"), named("人员信息台账"), named("走访情况登记表")];
    let st = Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir", out.to_str().unwrap()])
        .args(chosen.iter().map(|p| p.as_os_str()))
        .output()
        .unwrap();
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    for (xlsx, must) in chosen.iter().zip([
        vec!["驻村工作队员考勤台账", "1—15日", "16日—30日", "周建国", "欧阳振华", "在村天数", "9月9日—15日在村不足", "第1页"],
        vec!["驻村工作队会议记录台账", "周例会", "村部会议室", "村两委成员（5人）", "结尾标记甲乙丙", "本月：周例会1次、领学1次"],
        vec!["驻村帮扶工作日志", "周建国", "结尾标记甲乙丙", "入户走访"],
        vec!["驻村工作队员人员信息台账", "政治面貌", "原单位及职务", "县委组织部组织二股股长", "1978.06", "中共党员", "欧阳振华"],
        vec!["走访情况登记表", "户主签字", "住房安全", "有问题：屋顶漏雨", "结尾标记甲乙丙", "（结对干部）", "合计"],
    ]) {
        let pdf = out.join(xlsx.file_stem().unwrap()).with_extension("pdf");
        let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
        let landscape = !xlsx.to_string_lossy().contains("工作日志");
        let size = info.lines().find(|l| l.starts_with("Page size:")).unwrap_or_default();
        let pts: Vec<f64> = size.split_whitespace().filter_map(|x| x.parse().ok()).collect();
        assert!(size.ends_with("(A4)") && (pts[0] > pts[1]) == landscape, "{}: {size}", pdf.display());
        let text = String::from_utf8(Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for m in must {
            assert!(flat.contains(m), "{}: no “{m}” in\n{text}", pdf.display());
        }
        // The size of the text as drawn: the height of each word's box, in points.
        let bbox = String::from_utf8(Command::new("pdftotext").args(["-bbox"]).arg(&pdf).arg("-").output().unwrap().stdout).unwrap();
        let smallest = tags(&bbox, "word")
            .iter()
            .map(|t| attr(t, "yMax").unwrap().parse::<f64>().unwrap() - attr(t, "yMin").unwrap().parse::<f64>().unwrap())
            .fold(f64::MAX, f64::min);
        println!("{}: {} pages, smallest word box {smallest:.1} pt high", pdf.display(), info.lines().find(|l| l.starts_with("Pages:")).unwrap_or(""));
        assert!(smallest >= 9.0, "{}: text drawn {smallest:.1} pt high", pdf.display());
    }
}

/// Two members of one name (their phones differ) each get their own 工作日志 file in 全部导出; the
/// second does not overwrite the first.
#[test]
fn two_members_of_one_name_get_two_log_files() {
    let w = World::new();
    w.zhucun_on(TODAY, &["demo", "--households", "30", "--village-size", "30"]).ok();
    for phone in ["13800001111", "13800002222"] {
        w.zhucun_on(TODAY, &["member", "add", "--name", "张伟", "--role", "队员", "--from", "2024-01-01", "--phone", phone]).ok();
    }
    let dir = w.path("同名");
    std::fs::create_dir(&dir).unwrap();
    let all = w.zhucun_on(TODAY, &["ledger", "all", "--period", "2024-09", "--out", dir.to_str().unwrap(), "--json"]).json();
    let logs: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["path"].as_str().unwrap().to_string())
        .filter(|p| p.contains("张伟"))
        .collect();
    assert_eq!(logs.len(), 2, "{logs:?}");
    assert_ne!(logs[0], logs[1], "two files, not one written twice");
    assert!(logs.iter().all(|p| std::path::Path::new(p).exists()));
}
