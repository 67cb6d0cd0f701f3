//! The printed handbook read back as a user's PDF reader would: text (`pdftotext`), fonts
//! (`pdffonts`), images (`pdfimages`) and page count (`pdfinfo`) from poppler-utils.

mod fixture;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use fixture::{handbook, Images, CADRE, CONTACT, MEASURE};
use zhucun_core::handbook_view::HandbookView;
use zhucun_domain::handbook::{format_yuan, income_sums, IncomeKind};
use zhucun_print::{Fonts, PrintError, Printer};

fn printer() -> &'static Printer {
    static P: OnceLock<Printer> = OnceLock::new();
    P.get_or_init(|| Printer::new().expect("fonts-noto-cjk is installed by the Makefile"))
}

struct Printed {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

fn print(books: &[HandbookView], images: &Images) -> Printed {
    let pdf = printer()
        .handbooks(books, &|sha| images.get(sha))
        .expect("the fixture prints");
    assert!(pdf.starts_with(b"%PDF-"), "typst writes a PDF");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("手册.pdf");
    std::fs::write(&path, &pdf).expect("write the PDF");
    // To look at a test's PDF: ZHUCUN_PRINT_KEEP=/some/dir cargo test -p zhucun-print
    if let Some(keep) = std::env::var_os("ZHUCUN_PRINT_KEEP") {
        let name = format!("{}-{}.pdf", books.len(), books[0].contacts.len());
        std::fs::write(Path::new(&keep).join(name), &pdf).expect("keep the PDF");
    }
    Printed { _dir: dir, path }
}

fn run(cmd: &str, args: &[&str], path: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .arg(path)
        .args(if cmd == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output();
    let out = out.unwrap_or_else(|e| panic!("{cmd} (poppler-utils) runs: {e}"));
    assert!(
        out.status.success(),
        "{cmd} reads the PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn text(p: &Printed) -> String {
    run("pdftotext", &[], &p.path)
}

fn pages(p: &Printed) -> usize {
    let info = run("pdfinfo", &[], &p.path);
    let line = info
        .lines()
        .find(|l| l.starts_with("Pages:"))
        .expect("pdfinfo prints Pages:");
    line["Pages:".len()..].trim().parse().expect("a page count")
}

fn page_text(p: &Printed, n: usize) -> String {
    let n = n.to_string();
    run("pdftotext", &["-f", &n, "-l", &n], &p.path)
}

/// Text with the line breaks and spaces a PDF reader inserts taken out, for values that may wrap in a cell.
fn flat(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_handbook_prints_the_household_its_sums_measure_contact_and_missing_signatures() {
    let mut images = Images::default();
    let book = handbook("430527001001", "张大山", 3, &mut images);
    let p = print(std::slice::from_ref(&book), &images);
    let t = flat(&text(&p));
    for needle in [
        "结对帮扶手册",
        "2024年度",
        "430527001001",
        "张大山",
        "石门镇桃花村三组",
        "县农业农村局",
        CADRE,
        "重点帮扶（A类：每月入户走访，每季度成效评估）",
    ] {
        assert!(
            t.contains(needle),
            "the cover names the household and its cadre: {needle}"
        );
    }
    for section in [
        "一、家庭基本情况",
        "二、结对帮扶责任人",
        "三、帮扶计划",
        "四、帮扶措施",
        "五、走访联系记录",
        "六、帮扶成效评估",
        "七、风险消除评估",
        "八、年度收入核算",
    ] {
        assert!(
            t.contains(section),
            "the booklet has every section in print: {section}"
        );
    }
    let pos: Vec<usize> = ["一、家庭基本情况", "四、帮扶措施", "八、年度收入核算"]
        .iter()
        .map(|s| t.find(s).unwrap_or(0))
        .collect();
    assert!(
        pos.windows(2).all(|w| w[0] < w[1]),
        "sections come in the booklet's order"
    );
    let inc = book.income.as_ref().expect("fixture has income");
    let (items, costs) = fixture::income_lines();
    assert_eq!(
        inc.sums,
        income_sums(&items, costs, 4),
        "fixture sums are the domain's"
    );
    // Each sum is on its own row: its label and its amount on one line of the laid-out text.
    let rows = run("pdftotext", &["-layout"], &p.path);
    let row = |label: &str, amount: String| {
        assert!(
            rows.lines()
                .any(|l| flat(l).contains(label) && flat(l).ends_with(&amount)),
            "a row {label} … {amount}:\n{rows}"
        );
    };
    for k in IncomeKind::ALL {
        row("小计", format_yuan(inc.sums.kind(k)));
    }
    row("年收入（元）四项收入合计", format_yuan(inc.sums.total));
    row("生产经营性支出（元）", format_yuan(inc.sums.costs));
    row(
        "纯收入（元）年收入−生产经营性支出",
        format_yuan(inc.sums.net),
    );
    row(
        "人均纯收入（元）纯收入÷家庭人口",
        format_yuan(inc.sums.per_capita),
    );
    row("养殖业", "8000.00".into());
    assert!(t.contains("+1896.74"), "较上年 with its sign");
    assert!(
        t.contains("张德福4月去世"),
        "the size override's reason is printed"
    );
    assert!(
        t.contains("3600.50"),
        "a line under its kind, in yuan with two decimals"
    );
    assert!(
        t.contains(&flat(MEASURE)) && t.contains("6000.00") && t.contains("1234.56"),
        "measures with amounts"
    );
    assert!(t.contains(&flat(CONTACT)), "the contact's content");
    assert!(
        t.contains("农户：未签名") && t.contains("帮扶责任人：李建国2024-01-05"),
        "the first contact lacks the household's signature"
    );
    assert!(
        t.contains("2024年第2季度") && t.contains("继续监测"),
        "evaluation and assessment by quarter"
    );
    assert!(t.contains("430527********432X"), "ID numbers print masked");
    assert!(
        !t.contains("{") && !t.contains("null"),
        "no raw JSON leaks into the print"
    );
    let first = page_text(&p, 1);
    let total = pages(&p);
    assert!(
        flat(&first).contains(&format!("第1页共{total}页")),
        "footer numbers the pages of the document: {first}"
    );
    assert!(
        flat(&first).contains("户编号：430527001001"),
        "footer carries the 户编号"
    );
}

#[test]
fn the_cjk_font_is_embedded_as_a_subset_and_nothing_is_left_out() {
    let mut images = Images::default();
    let p = print(&[handbook("H1", "张大山", 2, &mut images)], &images);
    let fonts = run("pdffonts", &[], &p.path);
    let rows: Vec<&str> = fonts
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "pdffonts lists the fonts: {fonts}");
    assert!(
        rows.iter().any(|r| r.contains("NotoSansCJK")),
        "Noto Sans CJK is used: {fonts}"
    );
    for r in &rows {
        let cols: Vec<&str> = r.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb and sub are the 4th and 3rd from the end before the id.
        let n = cols.len();
        assert!(n >= 7, "a pdffonts row: {r}");
        assert_eq!(cols[n - 5], "yes", "every font is embedded: {r}");
        assert_eq!(cols[n - 4], "yes", "every font is a subset: {r}");
        assert!(cols[0].contains('+'), "a subset font has a tag prefix: {r}");
    }
    let size = std::fs::metadata(&p.path).expect("pdf").len();
    assert!(
        size < 3_000_000,
        "subset fonts keep the file far below the 20 MB collections: {size} bytes"
    );
}

#[test]
fn signature_images_are_embedded() {
    let mut images = Images::default();
    let book = handbook("H1", "张大山", 2, &mut images);
    let p = print(&[book], &images);
    let list = run("pdfimages", &["-list"], &p.path);
    let shown = list
        .lines()
        .skip(2)
        .filter(|l| l.split_whitespace().nth(2) == Some("image"))
        .count();
    // 3 distinct images (seeds 1..3), each used on several entries; typst writes each once or per use.
    assert!(shown >= 3, "the signature images appear in the PDF: {list}");
}

#[test]
fn a_long_contact_list_spans_pages_with_the_header_repeated() {
    let mut images = Images::default();
    let p = print(&[handbook("H1", "张大山", 40, &mut images)], &images);
    let layout = |n: usize| {
        run(
            "pdftotext",
            &["-layout", "-f", &n.to_string(), "-l", &n.to_string()],
            &p.path,
        )
    };
    let with_contacts: Vec<String> = (1..=pages(&p))
        .map(layout)
        .filter(|t| t.contains("次走访"))
        .collect();
    assert!(
        with_contacts.len() >= 2,
        "40 contacts need more than one page: {}",
        with_contacts.len()
    );
    for (i, t) in with_contacts.iter().enumerate() {
        assert!(
            t.lines()
                .any(|l| flat(l) == "日期方式走访人员走访内容下一步签名"),
            "page {} of the contact table repeats its header:\n{t}",
            i + 1
        );
    }
    // A visit is never cut from its signatures: every page's rows start with a date, none with a signature.
    for t in &with_contacts {
        let after_header = t
            .lines()
            .skip_while(|l| flat(l) != "日期方式走访人员走访内容下一步签名")
            .nth(1)
            .unwrap_or("");
        assert!(
            after_header.trim_start().starts_with("2024-"),
            "a page starts with a whole visit row: {after_header:?}"
        );
    }
}

#[test]
fn hostile_text_prints_literally() {
    let mut images = Images::default();
    let mut book = handbook("H#1[x]", "王#set text(red)", 1, &mut images);
    let hostile = r#"#pagebreak() [括号] $x^2$ \ "引号" *粗* _斜_ @ref <lab> #{panic("x")}"#;
    book.contacts[0].content = hostile.into();
    book.members[0].employment = "#image(\"/data.json\")".into();
    book.measures[0].content = "]; #let x = 1; [".into();
    let p = print(&[book], &images);
    let t = flat(&text(&p));
    for piece in [
        "#pagebreak()",
        "[括号]",
        "$x^2$",
        "\\",
        "\"引号\"",
        "*粗*",
        "_斜_",
        "@ref",
        "<lab>",
        "#{panic(\"x\")}",
        "王#settext(red)",
        "H#1[x]",
        "#image(\"/data.json\")",
        "];#letx=1;[",
    ] {
        assert!(t.contains(&flat(piece)), "{piece} prints as typed");
    }
}

#[test]
fn a_visit_longer_than_a_page_is_printed_whole_across_pages() {
    let mut images = Images::default();
    let mut book = handbook("H1", "张大山", 3, &mut images);
    let long: String = (0..160).map(|n| format!("第{n}段走访情况记录。")).collect();
    book.contacts[1].content = format!("{long}结尾标记");
    book.plan.as_mut().expect("plan").planned = format!("{long}计划结尾");
    let p = print(&[book], &images);
    let t = flat(&text(&p));
    assert!(
        t.contains("第0段走访情况记录") && t.contains("结尾标记"),
        "the beginning and the end of a long visit are printed"
    );
    assert!(
        t.contains("第159段走访情况记录。结尾标记"),
        "nothing of it runs off the page"
    );
    assert!(t.contains("计划结尾"), "a long plan is printed whole");
}

#[test]
fn each_household_of_a_group_gets_its_own_pages_and_numbering() {
    let mut images = Images::default();
    let a = handbook("430527001001", "张大山", 2, &mut images);
    let b = handbook("430527001002", "李四海", 2, &mut images);
    let one = print(std::slice::from_ref(&a), &images);
    let per_book = pages(&one);
    let p = print(&[a, b], &images);
    assert_eq!(
        pages(&p),
        2 * per_book,
        "two households of the same size take twice the pages"
    );
    let second_cover = flat(&page_text(&p, per_book + 1));
    assert!(
        second_cover.contains("结对帮扶手册") && second_cover.contains("李四海"),
        "the second household starts on a new page with its cover"
    );
    assert!(
        !second_cover.contains("张大山"),
        "nothing of the first household on the second's cover"
    );
    assert!(
        second_cover.contains(&format!("第1页共{per_book}页")),
        "numbering restarts per household: {second_cover}"
    );
    assert!(second_cover.contains("户编号：430527001002"));
    let (size_one, size_two) = (
        std::fs::metadata(&one.path).map(|m| m.len()).unwrap_or(0),
        std::fs::metadata(&p.path).map(|m| m.len()).unwrap_or(0),
    );
    assert!(size_two - size_one < 60_000, "a household more adds its pages, not another font or a structure tree: {size_one} → {size_two}");
    let last_of_first = flat(&page_text(&p, per_book));
    assert!(
        last_of_first.contains(&format!("第{per_book}页共{per_book}页"))
            && last_of_first.contains("户编号：430527001001")
    );
}

#[test]
fn a_signature_without_its_image_says_so_and_a_wrong_image_is_refused() {
    let mut images = Images::default();
    let book = handbook("H1", "张大山", 1, &mut images);
    let cadre_sig = book
        .plan
        .as_ref()
        .and_then(|p| p.signatures.cadre.clone())
        .expect("signed plan");
    let missing = printer()
        .handbooks(std::slice::from_ref(&book), &|_| None)
        .expect("prints without images");
    let wrong = printer()
        .handbooks(std::slice::from_ref(&book), &|_| {
            Some(fixture::signature_png(9))
        })
        .expect("prints");
    let dir = tempfile::tempdir().expect("tmp");
    for (name, pdf, note) in [
        ("a.pdf", missing, "签名图像缺失"),
        ("b.pdf", wrong, "签名图像与记录不符"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, pdf).expect("write");
        let t = flat(&run("pdftotext", &[], &path));
        assert!(
            t.contains(note),
            "{note} is printed where the image would be"
        );
        assert!(t.contains(&cadre_sig.signer), "the signer is still named");
        let list = run("pdfimages", &["-list"], &path);
        assert_eq!(
            list.lines().skip(2).count(),
            0,
            "no image is embedded from bytes that do not match: {list}"
        );
    }
}

#[test]
fn without_assessments_the_section_says_not_applicable() {
    let mut images = Images::default();
    let mut book = handbook("H1", "张大山", 1, &mut images);
    book.assessments.clear();
    book.assessments_apply = false;
    book.income = None;
    book.plan = None;
    let p = print(&[book], &images);
    let t = flat(&text(&p));
    assert!(t.contains("七、风险消除评估不适用"), "不适用 under 七");
    assert!(
        t.contains("本年度尚未核算") && t.contains("本年度尚未制定"),
        "empty parts say so"
    );
}

#[test]
fn an_empty_selection_and_missing_fonts_are_clear_errors() {
    let e = printer()
        .handbooks(&[], &|_| None)
        .expect_err("nothing to print");
    assert!(matches!(e, PrintError::Empty) && e.to_string().contains("请至少选择一户"));
    let e = Fonts::from_files(&[PathBuf::from("/nonexistent/NotoSansCJK-Regular.ttc")])
        .err()
        .expect("no such file");
    assert!(
        e.to_string().contains("fonts-noto-cjk") && e.to_string().contains("sudo apt install"),
        "the error names the package: {e}"
    );
}

#[test]
fn typeset_only_makes_the_same_pages_from_a_prepared_job() {
    let mut images = Images::default();
    let books = [
        handbook("H1", "张大山", 5, &mut images),
        handbook("H2", "李四海", 5, &mut images),
    ];
    let job = printer()
        .prepare(&books, &|sha| images.get(sha))
        .expect("prepare");
    assert_eq!(job.households(), 2);
    assert_eq!(job.images(), 3, "each distinct image is read once");
    let a = printer().typeset_only(&job).expect("typeset");
    let b = printer()
        .handbooks(&books, &|sha| images.get(sha))
        .expect("print");
    assert_eq!(
        a, b,
        "handbooks is prepare + typeset_only, and printing is deterministic"
    );
}
