//! A copied or restored laptop database (issue 9, item 4): no record is lost and the user is told.
//! See docs/adr/0001-sync.md, "A copied database". The copies are made as a person makes them: the
//! database folder's files copied while no program has them open.

use std::path::{Path, PathBuf};
use zhucun_e2e::{files_in, County, World};

fn member_names(l: &World) -> Vec<String> {
    let mut v: Vec<String> =
        l.zhucun(&["member", "list", "--json"]).json().as_array().unwrap().iter().map(|m| m["name"].as_str().unwrap().to_string()).collect();
    v.sort();
    v
}

fn add(l: &World, name: &str) {
    l.zhucun(&["member", "add", "--name", name, "--role", "队员", "--from", "2024-03-01"]).ok();
}

/// The database files of a laptop (the database, its WAL and shared memory), as a folder copy takes them.
fn db_files(l: &World) -> Vec<(String, PathBuf)> {
    ["", "-wal", "-shm"].iter().map(|s| (s.to_string(), PathBuf::from(format!("{}{s}", l.db().display())))).filter(|(_, p)| p.exists()).collect()
}

/// Copy `from`'s database files onto `to`'s database path: as new files, or written into the
/// existing files in place (the same inode, as some restore tools do).
fn copy_db(from: &[(String, Vec<u8>)], to: &Path, in_place: bool) {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", to.display()));
        if !in_place {
            let _ = std::fs::remove_file(&p);
        }
        match from.iter().find(|(s, _)| s == suffix) {
            Some((_, bytes)) => std::fs::write(&p, bytes).unwrap(),
            None => {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
}

fn snapshot(l: &World) -> Vec<(String, Vec<u8>)> {
    db_files(l).into_iter().map(|(s, p)| (s, std::fs::read(p).unwrap())).collect()
}

/// The first half of a round trip: export to a stick, the county imports it into `ret-<tag>`.
/// Returns what the county said and the return bundle, if it wrote one.
fn send(county: &County, l: &World, tag: &str) -> (zhucun_e2e::Run, Option<PathBuf>) {
    let usb = l.path(&format!("usb-{tag}"));
    let ret = l.path(&format!("ret-{tag}"));
    std::fs::create_dir_all(&usb).unwrap();
    l.zhucun(&["sync", "export", "--out", usb.to_str().unwrap()]).ok();
    let bundle = files_in(&usb).pop().unwrap();
    let out = county.server(&["import", bundle.to_str().unwrap(), "--out-dir", ret.to_str().unwrap()]);
    (out, files_in(&ret).pop())
}

/// One round trip by USB stick: export, the county imports and writes the return bundle, import it.
fn round(county: &County, l: &World, tag: &str) -> String {
    let (out, back) = send(county, l, tag);
    let back = back.unwrap_or_else(|| panic!("a return bundle is written even for a refused copy: {}{}", out.stdout(), out.stderr()));
    l.zhucun(&["sync", "import", back.to_str().unwrap()]).ok();
    out.stdout() + &out.stderr()
}

fn county_members(county: &County) -> Vec<String> {
    let c = rusqlite::Connection::open(county.db()).unwrap();
    let mut s = c.prepare("SELECT c.name FROM team_member m JOIN cadre c ON c.id = m.cadre_id ORDER BY c.name").unwrap();
    s.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

fn events(l: &World) -> String {
    l.zhucun(&["sync", "status", "--json"]).json()["events"].to_string()
}

/// Two laptops from one database, both writing: every record ends at the county and on both.
#[test]
fn a_byte_copy_on_a_second_laptop_loses_nothing() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let a = county.enroll(&village, None);
    add(&a, "甲一");
    round(&county, &a, "1");
    add(&a, "甲二"); // not yet at the county when the copy is made
    let b = World::new();
    copy_db(&snapshot(&a), &b.db(), false);
    add(&b, "乙一");
    assert!(events(&b).contains("复制"), "the copy says what happened: {}", events(&b));
    add(&a, "甲三");
    round(&county, &a, "2");
    round(&county, &b, "2");
    round(&county, &a, "3");
    round(&county, &b, "3");
    let all = vec!["乙一", "甲一", "甲三", "甲二"];
    assert_eq!(county_members(&county), all, "the county has every record");
    assert_eq!(member_names(&a), all, "so has the original laptop");
    assert_eq!(member_names(&b), all, "and the copy");
    assert_eq!(a.zhucun(&["sync", "status", "--json"]).json()["pending"], 0);
    assert_eq!(b.zhucun(&["sync", "status", "--json"]).json()["pending"], 0);
}

/// An older copy put back (a restored backup), with new records written before the next sync: the
/// county tells the copy apart by content, nothing is dropped as "已有", and the laptop's own newer
/// records come back from the county. Both ways of restoring: new files, and files rewritten in place.
#[test]
fn an_old_copy_put_back_gets_its_newer_records_back_and_loses_nothing() {
    for in_place in [false, true] {
        let county = County::with_demo(300, 300);
        let village = county.village();
        let l = county.enroll(&village, None);
        add(&l, "张一");
        round(&county, &l, "1");
        let backup = snapshot(&l);
        add(&l, "张二");
        round(&county, &l, "2");
        assert_eq!(county_members(&county), vec!["张一", "张二"]);

        copy_db(&backup, &l.db(), in_place);
        add(&l, "张三"); // written on the restored copy before it syncs
        let said = round(&county, &l, "3");
        round(&county, &l, "4");
        round(&county, &l, "5");
        assert_eq!(county_members(&county), vec!["张一", "张三", "张二"], "in place: {in_place}; the county has every record ({said})");
        assert_eq!(member_names(&l), vec!["张一", "张三", "张二"], "in place: {in_place}; 张二 came back from the county");
        assert_eq!(l.zhucun(&["sync", "status", "--json"]).json()["pending"], 0, "in place: {in_place}");
        let ev = events(&l);
        assert!(ev.contains("新的设备编号"), "in place: {in_place}; the laptop says it took a new identity: {ev}");
    }
}

/// A database copied before its first sync: the copy has a new id the county never heard of, but it
/// carries the laptop's enrollment, which is still its own.
#[test]
fn a_copy_made_before_the_first_sync_still_enrolls() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let a = county.enroll(&village, None);
    let b = World::new();
    copy_db(&snapshot(&a), &b.db(), false);
    add(&b, "乙一");
    let said = round(&county, &b, "1");
    assert!(!said.contains("拒收"), "{said}");
    assert_eq!(county_members(&county), vec!["乙一"]);
}

/// Revoking a laptop revokes every id it had: a stolen laptop's older copy is refused too.
#[test]
fn revoking_a_forked_laptop_revokes_its_older_ids() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let a = county.enroll(&village, None);
    add(&a, "甲一");
    round(&county, &a, "1");
    let b = World::new();
    copy_db(&snapshot(&a), &b.db(), false);
    add(&b, "乙一");
    round(&county, &b, "1");
    let new_id = b.zhucun(&["sync", "status", "--json"]).json()["device"].as_str().unwrap().to_string();
    county.server(&["revoke", &new_id]).ok();
    add(&a, "甲二");
    let (out, _) = send(&county, &a, "r");
    assert_eq!(out.code(), 1);
    assert!(out.stdout().contains("停用"), "the older id of the revoked laptop is refused: {}", out.stdout());
}

/// An older copy put back in place (same file) that writes past the county's count before it
/// imports the last return bundle: counting alone would take the county's acknowledgement for
/// changes this copy never sent; the county's last change, compared by content, tells it.
#[test]
fn an_old_copy_that_wrote_past_the_county_is_told_by_content() {
    let county = County::with_demo(300, 300);
    let village = county.village();
    let l = county.enroll(&village, None);
    add(&l, "张一");
    round(&county, &l, "1");
    let backup = snapshot(&l);
    add(&l, "张二");
    let (out, last_return) = send(&county, &l, "2");
    out.ok();
    let last_return = last_return.expect("a return bundle");

    copy_db(&backup, &l.db(), true);
    for n in ["张三", "张四", "张五"] {
        add(&l, n);
    }
    l.zhucun(&["sync", "import", last_return.to_str().unwrap()]).ok();
    round(&county, &l, "3");
    round(&county, &l, "4");
    let all = vec!["张一", "张三", "张二", "张五", "张四"];
    assert_eq!(county_members(&county), all, "every record reached the county");
    assert_eq!(member_names(&l), all, "and the laptop has them all");
    assert_eq!(l.zhucun(&["sync", "status", "--json"]).json()["pending"], 0);
}
