use crate::{col, p, world_with_roster};
use zhucun_e2e::{csv_text, db_digest, read_xlsx, repo_root, World};

#[test]
fn checked_in_roster_with_title_row_variants_and_extra_column_imports() {
    let w = World::new();
    let fixture = repo_root().join("tests/fixtures/roster-small.csv");
    let out = w.zhucun(&["roster", "import", fixture.to_str().unwrap()]).ok();
    assert!(out.contains("已忽略的列：备注"), "unknown columns are listed: {out}");
    assert!(out.contains("新增 4 户"), "{out}");
    let rows = w.zhucun(&["households", "list", "--json"]).json();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let second = rows.iter().find(|r| r["number"] == "430527101001002").unwrap();
    assert_eq!(second["group"], "2组", "第二组 is normalised");
    assert_eq!(second["head_name"], "龙大贵", "本人 is the head");
    assert_eq!(second["head_id_masked"], "430527********071X", "lower-case x is normalised and the ID masked");
    assert_eq!(second["tier"], "重点帮扶", "an open-risk monitored household is tier A");
    let third = rows.iter().find(|r| r["number"] == "430527101001003").unwrap();
    assert_eq!(third["tier"], "巩固联系", "eliminated 2023-08-01, more than 6 months before 2024-09-15");
}

#[test]
fn utf8_gb18030_bom_and_xlsx_rosters_give_the_same_database() {
    let (w, rows) = world_with_roster(40);
    let text = csv_text(&rows);
    std::fs::write(w.path("utf8.csv"), &text).unwrap();
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    std::fs::write(w.path("bom.csv"), &bom).unwrap();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    std::fs::write(w.path("gb.csv"), &gb).unwrap();
    // An xlsx made by another program than ours (rust_xlsxwriter, plain cells).
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(w.path("roster.xlsx")).unwrap();

    let mut lists = Vec::new();
    for (file, label) in [("utf8.csv", "UTF-8"), ("bom.csv", "UTF-8（带BOM）"), ("gb.csv", "GB18030"), ("roster.xlsx", "xlsx")] {
        let world = World::new();
        let out = world.zhucun(&["roster", "import", &p(&w, file)]).ok();
        assert!(out.contains(label), "{file}: the report names the detected format {label}: {out}");
        assert!(out.contains("新增 40 户"), "{file}: {out}");
        lists.push(world.zhucun(&["households", "list", "--json"]).json());
    }
    for l in &lists[1..] {
        assert_eq!(l.as_array().unwrap().len(), 40);
        let strip = |v: &serde_json::Value| v.as_array().unwrap().iter().map(|r| { let mut r = r.clone(); r.as_object_mut().unwrap().remove("id"); r }).collect::<Vec<_>>();
        assert_eq!(strip(l), strip(&lists[0]), "every encoding and format gives the same households");
    }
}

#[test]
fn importing_twice_changes_nothing_and_next_month_updates_what_changed() {
    let (w, mut rows) = world_with_roster(30);
    w.zhucun(&["roster", "import", &p(&w, "roster.csv")]).ok();
    let before = db_digest(&w.db());
    let out = w.zhucun(&["roster", "import", &p(&w, "roster.csv")]).ok();
    assert!(out.contains("新增 0 户，变化 0 户，无变化 30 户"), "{out}");
    let after = db_digest(&w.db());
    let strip_imports = |d: &str| d.split("## roster_import").next().unwrap().to_string();
    assert_eq!(strip_imports(&after), strip_imports(&before), "the same file twice changes no data");

    // Next month: a phone number changes and the last person leaves.
    let phone = col(&rows, "联系电话");
    let number = rows[1][0].clone();
    for r in rows.iter_mut().skip(1).filter(|r| r[0] == number) {
        r[phone] = "13900001111".into();
    }
    let gone = rows.pop().unwrap();
    std::fs::write(w.path("next.csv"), csv_text(&rows)).unwrap();
    let dry = w.zhucun(&["roster", "import", &p(&w, "next.csv"), "--dry-run"]).ok();
    assert!(dry.contains("试导入（未写入）"), "{dry}");
    assert!(dry.contains("联系电话") && dry.contains("13900001111"), "the dry run lists the change: {dry}");
    assert_eq!(strip_imports(&db_digest(&w.db())), strip_imports(&after), "a dry run writes nothing");
    let out = w.zhucun(&["roster", "import", &p(&w, "next.csv"), "--json"]);
    let report = out.json();
    assert_eq!(out.code(), 0);
    assert_eq!(report["counts"]["persons_left"], 1, "{report}");
    assert!(report["changes"].as_array().unwrap().iter().any(|c| c["person"] == gone[col(&rows, "姓名")].as_str()), "{report}");
}

#[test]
fn export_reads_back_cell_by_cell_and_the_template_is_the_header() {
    let (w, rows) = world_with_roster(25);
    w.zhucun(&["roster", "import", &p(&w, "roster.csv")]).ok();
    let out = w.zhucun(&["roster", "export", &p(&w, "out.xlsx")]).ok();
    assert!(out.contains("25 户"), "{out}");
    let sheet = read_xlsx(&w.path("out.xlsx"));
    assert_eq!(sheet[0], rows[0], "same header row, same order");
    let mut want: Vec<Vec<String>> = rows[1..].to_vec();
    let mut have: Vec<Vec<String>> = sheet[1..].iter().map(|r| { let mut r = r.clone(); r.resize(want[0].len(), String::new()); r }).collect();
    want.sort();
    have.sort();
    assert_eq!(have, want, "every cell of the export equals the imported file");

    // The shipped template is exactly what the code writes.
    w.zhucun(&["roster", "template", &p(&w, "t.xlsx")]).ok();
    let made = read_xlsx(&w.path("t.xlsx"));
    let shipped = read_xlsx(&repo_root().join("assets/花名册模板.xlsx"));
    assert_eq!(shipped, made, "assets/花名册模板.xlsx is out of date: regenerate it with `zhucun roster template`");
    assert_eq!(made, vec![rows[0].clone()], "the template is the header row only");

    // And the exported file imports back into an empty database.
    let other = World::new();
    assert!(other.zhucun(&["roster", "import", &p(&w, "out.xlsx")]).ok().contains("新增 25 户"));
}

#[test]
fn households_list_filters_and_json_is_stable() {
    let w = World::new();
    w.zhucun(&["demo"]).ok();
    let all = w.zhucun(&["households", "list", "--json"]).json();
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 300, "the demo village has 300 households");
    // Key order as printed (serde_json::Value would sort them).
    let text = w.zhucun(&["households", "list", "--json"]).stdout();
    let first = &text[..text.find('}').unwrap()];
    let keys = ["id", "number", "township", "village", "group", "head_name", "head_id_masked", "members", "category", "monitor_category", "risk_status", "tier", "cadre", "away", "no_labour", "matched"];
    let positions: Vec<usize> = keys.iter().map(|k| first.find(&format!("\"{k}\":")).unwrap_or_else(|| panic!("key {k} missing"))).collect();
    assert!(positions.windows(2).all(|p| p[0] < p[1]), "the documented JSON keys, in order: {first}");
    assert_eq!(all[0].as_object().unwrap().len(), keys.len(), "and no others");
    let village = all[0]["village"].as_str().unwrap();
    let monitored = w.zhucun(&["households", "list", "--village", village, "--category", "监测户", "--json"]).json();
    assert!(monitored.as_array().unwrap().iter().all(|r| r["category"] == "监测户"));
    let bad = w.zhucun(&["households", "list", "--village", "不存在村"]);
    assert_eq!(bad.code(), 1);
    assert!(bad.stderr().contains("没有找到村“不存在村”"), "{}", bad.stderr());
    let bad = w.zhucun(&["households", "list", "--category", "贫困户"]);
    assert_eq!(bad.code(), 1);
    assert!(bad.stderr().contains("脱贫户、监测户、一般农户"), "the message lists the allowed values: {}", bad.stderr());
}

#[test]
fn doctor_and_init() {
    let w = World::new();
    let init = w.zhucun(&["init"]).ok();
    assert!(init.contains(&format!("结构版本 {}", zhucun_store::SCHEMA_VERSION)), "{init}");
    let d = w.zhucun(&["doctor", "--json"]).json();
    assert_eq!(d["ok"], true);
    assert_eq!(d["journal_mode"], "wal");
    let missing = World::new();
    let r = missing.zhucun(&["doctor"]);
    assert_eq!(r.code(), 1, "doctor does not create a database");
    assert!(!missing.db().exists());
}

#[test]
fn the_shipped_demo_roster_is_what_the_generator_makes() {
    let w = World::new();
    w.zhucun(&["demo", "--out", &p(&w, "demo.xlsx")]).ok();
    let made = read_xlsx(&w.path("demo.xlsx"));
    let shipped = read_xlsx(&repo_root().join("assets/演示村花名册.xlsx"));
    assert_eq!(made.len(), shipped.len());
    assert!(made == shipped, "assets/演示村花名册.xlsx is out of date: regenerate it with `zhucun demo --out`");
}

#[test]
fn risk_types_import_export_and_report_their_changes() {
    let (w, mut rows) = world_with_roster(60);
    let (risk, category, number, status) = (col(&rows, "风险类型"), col(&rows, "户类别"), col(&rows, "户编号"), col(&rows, "风险状态"));
    assert!(rows[1..].iter().any(|r| r[category] == "监测户" && !r[risk].is_empty()), "the demo's monitored households carry risk types");
    let monitored = rows[1..].iter().find(|r| r[category] == "监测户").expect("a monitored household")[number].clone();
    // The county's own wording: another header, other separators, a duplicate.
    rows[0][risk] = "致贫风险类型".into();
    for r in rows.iter_mut().skip(1).filter(|r| r[number] == monitored) {
        r[risk] = "因学，因病; 因学".into();
    }
    std::fs::write(w.path("risk.csv"), csv_text(&rows)).unwrap();
    w.zhucun(&["roster", "import", &p(&w, "risk.csv")]).ok();
    let before = db_digest(&w.db());
    let again = w.zhucun(&["roster", "import", &p(&w, "risk.csv")]).ok();
    assert!(again.contains("新增 0 户，变化 0 户，无变化 60 户"), "{again}");
    let strip_imports = |d: &str| d.split("## roster_import").next().unwrap().to_string();
    assert_eq!(strip_imports(&db_digest(&w.db())), strip_imports(&before), "the same file twice changes nothing");

    // The export writes them back, canonical.
    w.zhucun(&["roster", "export", &p(&w, "out.csv")]).ok();
    let out = zhucun_e2e::read_csv(&w.path("out.csv"));
    let oi = out[0].iter().position(|h| h == "风险类型").expect("the export has the column");
    let on = out[0].iter().position(|h| h == "户编号").unwrap();
    assert!(out[1..].iter().filter(|r| r[on] == monitored).all(|r| r[oi] == "因病、因学"), "{:?}", out.iter().find(|r| r[on] == monitored));

    // A change is reported like any other field.
    for r in rows.iter_mut().skip(1).filter(|r| r[number] == monitored) {
        r[risk] = "因病、缺劳动力".into();
    }
    std::fs::write(w.path("next.csv"), csv_text(&rows)).unwrap();
    let report = w.zhucun(&["roster", "import", &p(&w, "next.csv"), "--json"]).json();
    let changes = report["changes"].as_array().unwrap();
    assert!(
        changes.iter().any(|c| c["household_number"] == monitored.as_str() && c["field"] == "风险类型" && c["before"] == "因病、因学" && c["after"] == "因病、缺劳动力"),
        "{report}"
    );

    // An unknown value, and risk types on a household that is not monitored, are refused whole.
    let lifted = rows[1..].iter().find(|r| r[category] != "监测户" && r[status].is_empty()).unwrap()[number].clone();
    let mut bad = rows.clone();
    for r in bad.iter_mut().skip(1) {
        if r[number] == monitored {
            r[risk] = "因病、因懒".into();
        } else if r[number] == lifted {
            r[risk] = "因病".into();
        }
    }
    std::fs::write(w.path("bad.csv"), csv_text(&bad)).unwrap();
    let before = db_digest(&w.db());
    let run = w.zhucun(&["roster", "import", &p(&w, "bad.csv")]);
    assert_eq!(run.code(), 1, "{}\n{}", run.stdout(), run.stderr());
    assert!(run.stdout().contains("因懒") && run.stdout().contains("因自然灾害"), "names the value and lists the allowed ones: {}", run.stdout());
    assert!(run.stdout().contains("只有监测户才填写风险类型"), "{}", run.stdout());
    assert_eq!(db_digest(&w.db()), before, "nothing written");
}
