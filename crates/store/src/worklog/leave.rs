//! Leave (请销假): requests, approval, report of return, withdrawal.

use crate::error::{Result, StoreError};
use crate::writer::{text, Table, Writer};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zhucun_domain::rules::Leave;
use zhucun_domain::worklog::{ApprovalLevel, Half, HalfDay, LeaveKind, LeaveSpan};
use super::{date, require_member};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct LeaveRow {
    pub id: String,
    pub member_id: String,
    pub member_name: String,
    pub kind: String,
    pub from_date: String,
    pub from_half: String,
    pub to_date: String,
    pub to_half: String,
    /// Length in days, in half-day steps (calendar days).
    pub days: f64,
    pub reason: String,
    pub requested_on: String,
    /// 乡镇 or 县委组织部, from the length when requested.
    pub approval_level: String,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub returned_on: Option<String>,
    pub cancelled_on: Option<String>,
    /// The approver's own level (乡镇 / 县委组织部); `None` for approvals recorded before it was asked.
    pub approver_level: Option<String>,
    /// 文号 of the approval, if it has one.
    pub approval_doc: Option<String>,
    /// The photo of the 请假条: its generated file name in the attachments folder of the laptop that
    /// took it (photos do not sync), and its SHA-256 (hex).
    pub photo_file: Option<String>,
    pub photo_sha256: Option<String>,
    /// 作废: the day an approved leave was voided, and why.
    pub voided_on: Option<String>,
    pub void_reason: Option<String>,
    /// 待审批 / 已批准 / 已销假 / 已撤回 / 已作废.
    pub state: String,
}

impl LeaveRow {
    pub fn span(&self) -> Result<LeaveSpan> {
        let half = |s: &str| Half::parse(s).map_err(|_| StoreError::BadColumn { column: "leave_request.half", value: s.to_string() });
        let from = HalfDay { date: date("leave_request.from_date", &self.from_date)?, half: half(&self.from_half)? };
        let to = HalfDay { date: date("leave_request.to_date", &self.to_date)?, half: half(&self.to_half)? };
        LeaveSpan::new(from, to).map_err(|_| StoreError::BadColumn { column: "leave_request.to_date", value: self.to_date.clone() })
    }

    /// Withdrawn (an approval made elsewhere wins over a withdrawal: see `state`).
    pub fn withdrawn(&self) -> bool {
        self.state == WITHDRAWN
    }

    /// Voided (作废): it counts for nothing, whatever else happened to it.
    pub fn voided(&self) -> bool {
        self.state == VOIDED
    }

    /// The leave as the rules read it; `None` when withdrawn, voided or not readable by this app (a
    /// newer app's wording, a damaged date).
    pub fn record(&self) -> Option<Leave> {
        if self.withdrawn() || self.voided() {
            return None;
        }
        let opt_date = |s: &Option<String>, c| s.as_deref().map(|s| date(c, s)).transpose();
        Some(Leave {
            id: self.id.clone(),
            member_id: self.member_id.clone(),
            kind: LeaveKind::parse(&self.kind).ok()?,
            span: self.span().ok()?,
            level: ApprovalLevel::parse(&self.approval_level),
            approved_by: self.approved_by.clone(),
            approved_on: opt_date(&self.approved_on, "leave_request.approved_on").ok()?,
            returned_on: opt_date(&self.returned_on, "leave_request.returned_on").ok()?,
        })
    }
}

const WITHDRAWN: &str = "已撤回";
const VOIDED: &str = "已作废";

pub struct LeaveInput<'a> {
    pub member_id: &'a str,
    pub kind: LeaveKind,
    pub span: LeaveSpan,
    pub reason: &'a str,
    pub requested_on: NaiveDate,
    pub approval_level: &'a str,
}

pub fn add_leave(w: &mut Writer, l: &LeaveInput) -> Result<String> {
    require_member(w, l.member_id)?;
    let id = uuid::Uuid::now_v7().to_string();
    w.insert(
        Table::Leave,
        &id,
        &[
            ("member_id", text(l.member_id)),
            ("kind", text(l.kind.label())),
            ("from_date", text(l.span.from.date.to_string())),
            ("from_half", text(l.span.from.half.label())),
            ("to_date", text(l.span.to.date.to_string())),
            ("to_half", text(l.span.to.half.label())),
            ("reason", text(l.reason)),
            ("requested_on", text(l.requested_on.to_string())),
            ("approval_level", text(l.approval_level)),
        ],
    )?;
    Ok(id)
}

const LEAVE_SELECT: &str = "SELECT l.id, l.member_id, ifnull(c.name, ''), l.kind, l.from_date, l.from_half, l.to_date, l.to_half, l.reason,
        l.requested_on, l.approval_level, l.approved_by, l.approved_on, l.returned_on, l.cancelled_on,
        l.approver_level, l.approval_doc, l.photo_file, l.photo_sha256, l.voided_on, l.void_reason
     FROM leave_request l LEFT JOIN team_member m ON m.id = l.member_id LEFT JOIN cadre c ON c.id = m.cadre_id";

fn leave_row(r: &rusqlite::Row) -> rusqlite::Result<LeaveRow> {
    let mut row = LeaveRow {
        id: r.get(0)?,
        member_id: r.get(1)?,
        member_name: r.get(2)?,
        kind: r.get(3)?,
        from_date: r.get(4)?,
        from_half: r.get(5)?,
        to_date: r.get(6)?,
        to_half: r.get(7)?,
        days: 0.0,
        reason: r.get(8)?,
        requested_on: r.get(9)?,
        approval_level: r.get(10)?,
        approved_by: r.get(11)?,
        approved_on: r.get(12)?,
        returned_on: r.get(13)?,
        cancelled_on: r.get(14)?,
        approver_level: r.get(15)?,
        approval_doc: r.get(16)?,
        photo_file: r.get(17)?,
        photo_sha256: r.get(18)?,
        voided_on: r.get(19)?,
        void_reason: r.get(20)?,
        state: String::new(),
    };
    row.days = row.span().map(|s| s.days()).unwrap_or(0.0);
    // An approval wins over a withdrawal made on another laptop before the two met: the approver
    // decided, and a withdrawal is refused once a leave is approved. A void wins over everything: a
    // leave voided on one laptop and returned (销假) on another is 已作废 on every replica once both
    // changes have arrived (they are different columns, so both arrive and nothing conflicts).
    row.state = match (&row.cancelled_on, &row.approved_by, &row.returned_on) {
        _ if row.voided_on.is_some() => VOIDED,
        (_, Some(_), None) => "已批准",
        (_, Some(_), Some(_)) => "已销假",
        (Some(_), None, _) => WITHDRAWN,
        (None, None, _) => "待审批",
    }
    .to_string();
    Ok(row)
}

pub fn leave(conn: &Connection, id: &str) -> Result<LeaveRow> {
    conn.query_row(&format!("{LEAVE_SELECT} WHERE l.id = ?1"), [id], leave_row)
        .optional()?
        .ok_or_else(|| StoreError::NotFound { what: format!("请假记录 {id}") })
}

/// Leaves that touch `[from, to]`, newest first.
pub fn leaves(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<LeaveRow>> {
    let mut stmt = conn.prepare_cached(&format!("{LEAVE_SELECT} WHERE l.from_date <= ?2 AND l.to_date >= ?1 ORDER BY l.from_date DESC, l.id DESC"))?;
    let rows = stmt.query_map(params![from.to_string(), to.to_string()], leave_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Update some columns of a leave.
pub fn update_leave(w: &mut Writer, id: &str, fields: &[(&'static str, rusqlite::types::Value)]) -> Result<()> {
    w.update(Table::Leave, id, fields)
}
