//! Leave (请销假): request with the level that must approve it, approval, report of return,
//! withdrawal: what `zhucun leave` and the 请销假 page call.

use crate::error::{refused, Result};
use crate::members::{check_assigned, member};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zhucun_domain::date::format_date_zh as zh;
use zhucun_domain::worklog::{ApprovalLevel, Half, HalfDay, LeaveKind, LeaveSpan};
use zhucun_store::worklog::{self as wl, LeaveRow};
use zhucun_store::{Store, Value};

#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveInput {
    pub member_id: String,
    pub kind: String,
    /// `2024-09-10`, `2024-09-10上午` or `2024-09-10下午` (a date alone starts in the morning).
    pub from: String,
    /// A date alone ends in the afternoon.
    pub to: String,
    pub reason: String,
}

pub fn add_leave(store: &mut Store, input: &LeaveInput, today: NaiveDate) -> Result<LeaveRow> {
    let kind = LeaveKind::parse(&input.kind)?;
    let span = LeaveSpan::new(HalfDay::parse(&input.from, Half::Am)?, HalfDay::parse(&input.to, Half::Pm)?)?;
    if input.reason.trim().is_empty() {
        return Err(refused("leave.reason", "请写明请假事由。"));
    }
    let m = member(store, &input.member_id)?;
    check_assigned(&m, span.from.date)?;
    let (from, to) = (span.from.date, span.to.date);
    for other in wl::leaves(store.read(), from, to)? {
        if other.member_id != input.member_id {
            continue;
        }
        // An approved leave ended by the report of return no longer holds the days after it.
        let Some(o) = other.record().and_then(|r| r.until_return()) else { continue };
        if o.from.index() <= span.to.index() && span.from.index() <= o.to.index() {
            return Err(refused(
                "leave.overlap",
                format!(
                    "{}已有{}至{}的请假（{}），与这次请假时间重叠。请调整时间；原来的请假如未批准可先撤回，如已批准且已提前回村请先办理销假。",
                    m.name,
                    o.from.label(),
                    o.to.label(),
                    other.state
                ),
            ));
        }
    }
    let p = wl::rule_params(store.read())?;
    let level = ApprovalLevel::for_days(span.days(), p.township_max_days);
    let mut w = store.write()?;
    let id = wl::add_leave(
        &mut w,
        &wl::LeaveInput { member_id: &input.member_id, kind, span, reason: input.reason.trim(), requested_on: today, approval_level: level.label() },
    )?;
    w.commit()?;
    Ok(wl::leave(store.read(), &id)?)
}

fn open_leave(store: &Store, id: &str) -> Result<LeaveRow> {
    let l = wl::leave(store.read(), id).map_err(|_| refused("leave.unknown", format!("没有编号为“{id}”的请假记录。")))?;
    if l.withdrawn() {
        return Err(refused("leave.cancelled", format!("这条请假已于{}撤回。", l.cancelled_on.clone().unwrap_or_default())));
    }
    Ok(l)
}

/// Approve a leave: by whom (the approver's name; the level the length calls for is on the request).
pub fn approve_leave(store: &mut Store, id: &str, by: &str, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    let by = by.trim();
    if by.is_empty() {
        return Err(refused("leave.approver", "请写明审批人。"));
    }
    if let Some(prev) = &l.approved_by {
        return Err(refused("leave.approved", format!("这条请假已由{prev}于{}批准，无需再次审批。", l.approved_on.clone().unwrap_or_default())));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("approved_by", Value::Text(by.into())), ("approved_on", Value::Text(today.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Report of return (销假) on `date`: the leave ends the day before.
pub fn return_leave(store: &mut Store, id: &str, date: NaiveDate, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_none() {
        return Err(refused("leave.not_approved", "这条请假还没有批准，不能销假。未批准的请假如不再需要，可以撤回。"));
    }
    if let Some(r) = &l.returned_on {
        return Err(refused("leave.returned", format!("这条请假已于{r}销假。")));
    }
    if date > today {
        return Err(refused("leave.return_future", format!("{}还没到，销假日期不能晚于今天。如果今天确实是这一天，请检查电脑的日期设置。", zh(date))));
    }
    let from = l.span()?.from.date;
    if date < from {
        return Err(refused("leave.return_early", format!("销假日期{}早于请假开始日期{}，请核对。", zh(date), zh(from))));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("returned_on", Value::Text(date.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

/// Withdraw a request (撤回); an approved leave is ended by the report of return instead.
pub fn cancel_leave(store: &mut Store, id: &str, today: NaiveDate) -> Result<LeaveRow> {
    let l = open_leave(store, id)?;
    if l.approved_by.is_some() {
        return Err(refused("leave.approved", "已批准的请假不能撤回：提前回村请办理销假。"));
    }
    let mut w = store.write()?;
    wl::update_leave(&mut w, id, &[("cancelled_on", Value::Text(today.to_string()))])?;
    w.commit()?;
    Ok(wl::leave(store.read(), id)?)
}

pub fn leaves(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeaveRow>> {
    Ok(wl::leaves(store.read(), from, to)?)
}
