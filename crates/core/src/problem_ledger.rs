//! 问题排查整改台账 for a month, laid out as the paper ledger: one row per problem, from its finding to
//! its 销号 (rule L1). A month's ledger lists every problem open at some time in the month: found by
//! the month's end and not closed before its first day (so the month's new problems, those carried
//! over still open, and those closed in the month); voided ones are left out and counted in a note.

use crate::error::Result;
use chrono::NaiveDate;
use zhucun_domain::rules::Period;
use zhucun_roster::ledger::{Cell, Ledger};
use zhucun_store::problems::{self as sp, ProblemFilter, ProblemRow};
use zhucun_store::Store;

/// 序号, 发现日期, 来源, 农户/村, 组, 问题类别, 存在问题, 责任人, 整改时限, 整改措施及结果, 销号日期, 销号审批人, 状态.
pub(crate) const PROBLEMS_WIDTHS: [f64; 13] = [4.5, 10.5, 6.0, 14.0, 5.0, 9.0, 24.0, 7.0, 10.5, 24.0, 10.5, 7.0, 8.0];

pub(crate) const HEADERS: [&str; 13] =
    ["序号", "发现日期", "来源", "农户/村", "组", "问题类别", "存在问题", "责任人", "整改时限", "整改措施及结果", "销号日期", "销号审批人", "状态"];

const SIGNATURES: &str = "填表人：                    审核人（驻村第一书记）：                    乡镇审核：                    填表日期：";

/// Who or what the problem is about, as the paper ledger writes it: 户编号 and head, or 村.
fn subject(p: &ProblemRow) -> String {
    match &p.household_number {
        Some(n) => format!("{} {}", p.head_name.as_deref().unwrap_or(""), n).trim().to_string(),
        None => "（村级）".to_string(),
    }
}

/// The state on the month's last day (or today, for the current month): a problem closed after the
/// month still reads open in that month's ledger.
fn state_at(p: &ProblemRow, end: NaiveDate, today: NaiveDate) -> String {
    let day = end.min(today);
    let closed = p.closed_on.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).filter(|c| *c <= day);
    if closed.is_some() {
        return "已销号".into();
    }
    // Closed after the month: it was being worked on in the month (整改中).
    let status = if p.status == "已销号" { "整改中".to_string() } else { p.status.clone() };
    let overdue = p.deadline.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).is_some_and(|dl| dl < day);
    if overdue {
        format!("{status}（已超期）")
    } else {
        status
    }
}

pub fn problems_ledger(store: &Store, p: Period, today: NaiveDate) -> Result<Ledger> {
    let (a, b) = p.range();
    let rows = sp::problems_open_between(store.read(), a, b, today)?;
    let voided = sp::problems(store.read(), &ProblemFilter { voided: true, ..Default::default() }, today)?
        .iter()
        .filter(|r| r.voided_on.is_some() && r.found_on.as_str() <= b.to_string().as_str())
        .count();
    let end = b;
    let mut closed = 0;
    let mut found = 0;
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let state = state_at(r, end, today);
            // What was closed after the month is not shown as closed in it.
            let shown_closed = state == "已销号";
            if shown_closed && r.closed_on.as_deref().is_some_and(|c| c >= a.to_string().as_str()) {
                closed += 1;
            }
            if r.found_on.as_str() >= a.to_string().as_str() {
                found += 1;
            }
            let or_empty = |v: &Option<String>| if shown_closed { v.clone().unwrap_or_default() } else { String::new() };
            vec![
                Cell::Number((i + 1) as f64),
                r.found_on.as_str().into(),
                r.source.as_str().into(),
                subject(r).into(),
                r.group_name.clone().unwrap_or_default().into(),
                r.category.as_str().into(),
                r.description.as_str().into(),
                r.owner.as_str().into(),
                r.deadline.clone().unwrap_or_default().into(),
                or_empty(&r.resolution).into(),
                or_empty(&r.closed_on).into(),
                or_empty(&r.approver).into(),
                state.into(),
            ]
        })
        .collect();
    let open = cells.len() - rows.iter().filter(|r| state_at(r, end, today) == "已销号").count();
    let mut totals: Vec<Cell> = vec!["合计".into(), format!("{}条", cells.len()).into()];
    totals.extend(std::iter::repeat_n(Cell::Empty, HEADERS.len() - 2));
    let voided_note = if voided > 0 { format!("另有{voided}条问题已作废，未列入（作废的原因见修改记录）。") } else { String::new() };
    Ok(Ledger {
        sheet: "问题台账".into(),
        headers: HEADERS.map(String::from).to_vec(),
        widths: PROBLEMS_WIDTHS.to_vec(),
        rows: cells,
        totals: Some(totals),
        notes: vec![
            format!(
                "说明：列出本月内任何时候未销号的问题（本月发现的、以前发现尚未销号的、本月销号的），来源于走访、会议、督导检查、自查和上级交办。销号须写明整改措施及结果、销号日期和审批人。本月新发现{found}条，本月销号{closed}条，月末未销号{open}条。{voided_note}"
            ),
            SIGNATURES.into(),
        ],
        landscape: true,
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problems::{self as pr, ProblemClose, ProblemInput};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_ledger_prints_at_nine_points_or_more_on_a4_landscape() {
        use zhucun_roster::ledger::{fit_scale, printed_font_pt};
        let l = Ledger { headers: HEADERS.map(String::from).to_vec(), widths: PROBLEMS_WIDTHS.to_vec(), landscape: true, ..Default::default() };
        assert!(printed_font_pt(&l) >= 9.0, "{} pt at scale {}", printed_font_pt(&l), fit_scale(&l));
    }

    #[test]
    fn a_month_lists_what_was_open_in_it_with_its_state_then() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(&dir.path().join("t.db")).unwrap();
        crate::roster::load_demo(&mut s, 5, 5, 1).unwrap();
        let h = zhucun_store::households::list_households(s.read(), &Default::default(), d("2024-09-01")).unwrap().rows[0].id.clone();
        let today = d("2024-10-20");
        let input = |desc: &str, found: &str| ProblemInput {
            village_id: None,
            household_id: Some(h.clone()),
            source: "走访".into(),
            category: "住房安全".into(),
            description: desc.into(),
            found_on: d(found),
            owner: "李娟".into(),
            deadline: Some(d("2024-09-15")),
        };
        let a = pr::add(&mut s, &input("屋顶漏雨", "2024-08-20"), today).unwrap();
        let b = pr::add(&mut s, &input("饮水不足", "2024-09-05"), today).unwrap();
        let c = pr::add(&mut s, &input("早已解决", "2024-07-01"), today).unwrap();
        pr::close(&mut s, &c.id, &ProblemClose { resolution: "已解决".into(), closed_on: Some(d("2024-08-01")), approver: "周建国".into() }, today).unwrap();
        pr::close(&mut s, &b.id, &ProblemClose { resolution: "已接通自来水".into(), closed_on: Some(d("2024-10-10")), approver: "周建国".into() }, today).unwrap();
        let l = problems_ledger(&s, Period::parse("2024-09").unwrap(), today).unwrap();
        assert_eq!(l.rows.len(), 2, "closed before September: not listed");
        let text = |c: &Cell| match c {
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            _ => String::new(),
        };
        assert_eq!(text(&l.rows[0][1]), "2024-08-20");
        assert_eq!(text(&l.rows[0][12]), "待整改（已超期）");
        // Closed in October: in September's ledger still open, its closing not shown yet.
        assert_eq!((text(&l.rows[1][10]), text(&l.rows[1][12])), (String::new(), "整改中（已超期）".to_string()));
        let oct = problems_ledger(&s, Period::parse("2024-10").unwrap(), today).unwrap();
        let closed_row = oct.rows.iter().find(|r| text(&r[6]) == "饮水不足").unwrap();
        assert_eq!((text(&closed_row[9]), text(&closed_row[10]), text(&closed_row[11]), text(&closed_row[12])), ("已接通自来水".into(), "2024-10-10".into(), "周建国".into(), "已销号".into()));
        assert!(oct.notes[0].contains("本月销号1条"), "{}", oct.notes[0]);
        let _ = a;
    }
}
