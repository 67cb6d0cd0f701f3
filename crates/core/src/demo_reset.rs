//! 清除演示数据并登记到县里: a laptop that was tried out on the demo village is emptied before its
//! real use (then it takes the county's enrollment file, which needs an empty database). Only demo
//! data may go this way: a database with a county roster, or one enrolled, is refused untouched.

use crate::error::{refused, Result};
use zhucun_store::reset::{contents, import_history, Contents};
use zhucun_store::Store;

/// Does the database hold the demo village and nothing else imported (and is it not enrolled)?
/// What the 演示数据 banner and the 同步 page's clearing step follow.
pub fn is_demo(store: &Store) -> Result<bool> {
    let h = import_history(store.read())?;
    Ok(h.demo > 0 && h.other == 0 && !zhucun_store::sync::device(store.read())?.enrolled())
}

/// Why the data may not be cleared, if it may not.
fn check(store: &Store) -> Result<()> {
    if zhucun_store::sync::device(store.read())?.enrolled() {
        return Err(refused("demo.enrolled", "这台电脑已经登记到县里，数据来自县里，不能当作演示数据清除。"));
    }
    let h = import_history(store.read())?;
    if h.other > 0 {
        return Err(refused(
            "demo.real_data",
            format!("这个数据库里有{}次正式花名册导入，不只是演示数据，不能清除。", h.other),
        ));
    }
    if h.demo == 0 {
        return Err(refused("demo.none", "这个数据库里没有演示数据，无需清除。"));
    }
    Ok(())
}

/// What clearing would remove (shown before asking); refused as [`clear_demo`] would be.
pub fn demo_contents(store: &Store) -> Result<Contents> {
    check(store)?;
    Ok(contents(store.read())?)
}

/// Remove all the demo data in one transaction, leaving an empty database ready for the county's
/// enrollment file (see `zhucun_store::reset` for how and why). Returns what was removed.
pub fn clear_demo(store: &mut Store) -> Result<Contents> {
    check(store)?;
    let removed = contents(store.read())?;
    store.reset_to_empty()?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn demo() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::roster::load_demo(&mut store, 20, 20, 7).unwrap();
        crate::demo_team::load_demo_team(&mut store, NaiveDate::from_ymd_opt(2024, 9, 15).unwrap()).unwrap();
        store
    }

    #[test]
    fn demo_data_is_cleared_whole_and_leaves_nothing_to_send() {
        let mut store = demo();
        assert!(is_demo(&store).unwrap());
        let before = zhucun_store::sync::device(store.read()).unwrap().id;
        let c = demo_contents(&store).unwrap();
        assert_eq!((c.villages, c.households, c.members), (1, 20, 3));
        assert!(c.logs > 0 && c.meetings > 0);

        let removed = clear_demo(&mut store).unwrap();
        assert_eq!(removed, c);
        assert_eq!(contents(store.read()).unwrap(), Contents::default());
        assert!(!is_demo(&store).unwrap());
        let counts = zhucun_store::households::counts(store.read()).unwrap();
        assert_eq!((counts.households, counts.changes, counts.imports), (0, 0, 0), "no change record is left to send");
        assert_eq!(zhucun_store::sync::own_changes(store.read()).unwrap(), 0);
        let after = zhucun_store::sync::device(store.read()).unwrap();
        assert_ne!(after.id, before, "a new identity, as a new laptop");
        assert_eq!(after.next_seq, 1);
        assert!(store.check_integrity().unwrap().is_empty());
        // Nothing left to clear, and the store works as a new one: a roster can be imported.
        assert_eq!(clear_demo(&mut store).unwrap_err().code(), "demo.none");
        crate::roster::load_demo(&mut store, 5, 5, 8).unwrap();
        assert_eq!(zhucun_store::households::counts(store.read()).unwrap().households, 5);
    }

    #[test]
    fn a_database_with_a_county_roster_is_refused_untouched() {
        let mut store = demo();
        // The county's file of the same village (the demo roster written out and imported as a file).
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("花名册2024年9月.csv");
        crate::roster::write_demo_file(&file, 20, 20, 7).unwrap();
        let report = crate::roster::import_roster_file(&mut store, &file, false, NaiveDate::from_ymd_opt(2024, 9, 20).unwrap()).unwrap();
        assert!(report.ok);
        assert!(!is_demo(&store).unwrap());
        let before = contents(store.read()).unwrap();
        let e = clear_demo(&mut store).unwrap_err();
        assert_eq!(e.code(), "demo.real_data");
        assert!(e.info().message.contains("正式花名册"));
        assert_eq!(contents(store.read()).unwrap(), before, "nothing removed");
    }
}
