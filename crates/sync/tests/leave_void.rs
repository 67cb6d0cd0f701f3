//! A leave voided (作废) on one laptop and returned (销假) on another before the two met: both
//! changes reach every replica (different columns, no conflict to decide), and every replica reads
//! the same state from the row — 已作废, a void wins — so no rule counts the leave anywhere.

mod common;

use chrono::NaiveDate;
use common::{county, laptop, round_trip, team_id};
use zhucun_domain::worklog::{Half, HalfDay, LeaveKind, LeaveSpan};
use zhucun_store::members::{add_member, NewMember};
use zhucun_store::worklog as wl;
use zhucun_store::{Store, Value};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn update(s: &mut Store, id: &str, fields: &[(&'static str, Value)]) {
    let mut w = s.write().unwrap();
    wl::update_leave(&mut w, id, fields).unwrap();
    w.commit().unwrap();
}

#[test]
fn a_void_on_one_laptop_wins_over_a_return_on_another_everywhere() {
    let mut c = county();
    let mut a = laptop(&mut c);
    let team = team_id(&a);
    let id = {
        let mut w = a.write().unwrap();
        let member = add_member(&mut w, &NewMember { team_id: &team, name: "李明", role: "队员", from_date: "2024-01-01", to_date: None, phone: None, unit: None }).unwrap();
        let span = LeaveSpan::new(HalfDay { date: d("2024-09-23"), half: Half::Am }, HalfDay { date: d("2024-09-25"), half: Half::Pm }).unwrap();
        let id = wl::add_leave(&mut w, &wl::LeaveInput { member_id: &member, kind: LeaveKind::Personal, span, reason: "家事", requested_on: d("2024-09-20"), approval_level: "乡镇" }).unwrap();
        wl::update_leave(&mut w, &id, &[("approved_by", Value::Text("王书记".into())), ("approved_on", Value::Text("2024-09-20".into())), ("approver_level", Value::Text("乡镇".into()))]).unwrap();
        w.commit().unwrap();
        id
    };
    round_trip(&mut c, &mut a);
    let mut b = laptop(&mut c);
    round_trip(&mut c, &mut b);
    assert_eq!(wl::leave(b.read(), &id).unwrap().state, "已批准");

    // Before they meet again: A voids it, B reports the return.
    update(&mut a, &id, &[("voided_on", Value::Text("2024-09-24".into())), ("void_reason", Value::Text("重复登记".into()))]);
    update(&mut b, &id, &[("returned_on", Value::Text("2024-09-25".into()))]);
    assert_eq!(wl::leave(b.read(), &id).unwrap().state, "已销假");
    for _ in 0..2 {
        round_trip(&mut c, &mut a);
        round_trip(&mut c, &mut b);
    }
    for (name, s) in [("A", &a), ("B", &b), ("county", &c)] {
        let l = wl::leave(s.read(), &id).unwrap();
        assert_eq!(
            (l.state.as_str(), l.voided_on.as_deref(), l.returned_on.as_deref(), l.void_reason.as_deref()),
            ("已作废", Some("2024-09-24"), Some("2024-09-25"), Some("重复登记")),
            "{name}"
        );
        assert!(l.record().is_none(), "{name}: no rule counts a voided leave");
        assert!(wl::leave_records(s.read(), d("2024-09-01"), d("2024-09-30")).unwrap().is_empty(), "{name}");
    }
    let conflicts: i64 = a.read().query_row("SELECT count(*) FROM sync_conflict WHERE tbl = 'leave_request'", [], |r| r.get(0)).unwrap();
    assert_eq!(conflicts, 0, "different columns: nothing to decide");
}
