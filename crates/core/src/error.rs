//! Errors of the use cases. Each has a stable code (what crosses IPC and HTTP) and a Chinese message
//! that says what happened and what to do.

use serde::{Deserialize, Serialize};
use thiserror::Error;
use zhucun_roster::FileError;
use zhucun_store::StoreError;

#[derive(Debug, Error)]
pub enum CoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Sync(#[from] zhucun_sync::SyncError),
    #[error("roster is distributed by the county on an enrolled laptop")]
    RosterFromCounty,
    #[error("bad argument {what}: {value}")]
    BadArgument { what: &'static str, value: String },
    #[error(transparent)]
    Domain(#[from] zhucun_domain::DomainError),
    /// A signature image refused (not a PNG/JPEG, unreadable, too large once scaled down).
    #[error(transparent)]
    Image(#[from] crate::sig_image::SigImageError),
    /// A request that cannot be done as asked; `message` says why and what to do, in Chinese.
    #[error("{code}: {message}")]
    Refused { code: &'static str, message: String },
}

impl CoreError {
    /// Every code a `CoreError` gives itself: its own variants and each [`refused`] code of the use
    /// cases. The wrapped errors list theirs (`StoreError::ALL_CODES` and the others). The UI's
    /// catalogue must know each one (checked by the test below, which also reads the use cases for
    /// their codes, and by `crates/core/tests/error_codes.rs`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "roster.from_county",
        "arg.bad",
        "assessment.not_monitored",
        "assessment.reasons",
        "assessment.result",
        "correction.by",
        "correction.reason",
        "correction.table",
        "demo.enrolled",
        "demo.none",
        "demo.real_data",
        "evaluation.changes",
        "evaluation.exists",
        "evaluation.unknown",
        "file.write",
        "handbook.before_quarter",
        "handbook.entry_kind",
        "handbook.entry_unknown",
        "handbook.entry_voided",
        "handbook.future",
        "handbook.group_many",
        "handbook.group_unknown",
        "handbook.household_changed",
        "handbook.household_unknown",
        "handbook.lost",
        "handbook.quarter_future",
        "handbook.text_long",
        "handbook.year",
        "holiday.name",
        "image.dimensions",
        "image.kind",
        "image.too_large",
        "image.unreadable",
        "income.date",
        "income.future_year",
        "income.item_twice",
        "income.negative",
        "income.size",
        "income.size_reason",
        "income.too_large",
        "leave.approved",
        "leave.approved_early",
        "leave.approved_future",
        "leave.approver",
        "leave.attachments",
        "leave.cancelled",
        "leave.doc",
        "leave.kind",
        "leave.level",
        "leave.not_approved",
        "leave.overlap",
        "leave.photo_changed",
        "leave.photo_size",
        "leave.photo_type",
        "leave.reason",
        "leave.return_early",
        "leave.return_future",
        "leave.returned",
        "leave.self_approval",
        "leave.unknown",
        "leave.void_unapproved",
        "leave.voided",
        "ledger.member",
        "log.content_short",
        "log.future",
        "log.lost",
        "log.not_found",
        "measure.amount",
        "measure.category",
        "measure.content",
        "measure.dates",
        "measure.status",
        "measure.unknown",
        "meeting.future",
        "meeting.lost",
        "meeting.minutes",
        "meeting.others",
        "meeting.others_count",
        "meeting.place",
        "meeting.teams",
        "meeting.topic",
        "meeting.unknown",
        "meeting.voided",
        "member.birth_month",
        "member.dates",
        "member.ended",
        "member.logs_after",
        "member.logs_before",
        "member.name",
        "member.not_assigned",
        "member.politics",
        "member.post",
        "member.sex",
        "member.unit",
        "member.unknown",
        "pairing.before_current",
        "pairing.name",
        "pairing.phone",
        "pairing.same",
        "param.list_empty",
        "param.list_item",
        "param.lost",
        "param.source_required",
        "param.unknown",
        "param.value",
        "period.month",
        "plan.empty",
        "plan.year",
        "problem.approver",
        "problem.close_before_found",
        "problem.close_future",
        "problem.closed",
        "problem.closed_on",
        "problem.deadline",
        "problem.description",
        "problem.found_future",
        "problem.household",
        "problem.household_village",
        "problem.lost",
        "problem.not_closed",
        "problem.owner",
        "problem.resolution",
        "problem.started",
        "problem.unknown",
        "problem.village",
        "problem.voided",
        "sign.entry_unknown",
        "sign.entry_voided",
        "sign.signer",
        "team.many",
        "team.none",
        "visit.check_note",
        "visit.future",
        "visit.household_unknown",
        "visit.no_cadre",
        "visit.no_visitor",
        "visit.problem_deadline",
        "visit.problem_text",
        "visit.text_long",
        "visit.unknown",
        "visit.voided",
        "visit.window_order",
    ];

    pub fn code(&self) -> &'static str {
        match self {
            CoreError::Store(e) => e.code(),
            CoreError::File(e) => e.code(),
            CoreError::Sync(e) => e.code(),
            CoreError::RosterFromCounty => "roster.from_county",
            CoreError::BadArgument { .. } => "arg.bad",
            CoreError::Domain(e) => e.code(),
            CoreError::Image(e) => e.code(),
            CoreError::Refused { code, .. } => code,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            CoreError::Store(e) => e.message_zh(),
            CoreError::File(e) => e.message_zh(),
            CoreError::Sync(e) => e.message_zh(),
            CoreError::RosterFromCounty => {
                "这台电脑已登记到县里，花名册由县里统一导入后随同步下发，本机不能自行导入（以免两边不一致）。如花名册有误，请告诉县里。".to_string()
            }
            CoreError::BadArgument { what, value } => format!("{what}“{value}”不对，请检查后重试。"),
            CoreError::Domain(e) => format!("{}。{}。", e.message_zh(), e.hint_zh()),
            CoreError::Image(e) => format!("{}{}", e.message_zh(), e.hint_zh()),
            CoreError::Refused { message, .. } => message.clone(),
        }
    }

    /// The form that crosses the IPC boundary.
    pub fn info(&self) -> ErrorInfo {
        let detail = match self {
            CoreError::Sync(e) => e.detail(),
            other => other.to_string(),
        };
        ErrorInfo { code: self.code().to_string(), message: self.message_zh(), detail }
    }
}

/// An error as the UI receives it: the UI shows the message for the code from its own catalogue and
/// falls back to `message`; `detail` is for the log.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct ErrorInfo {
    pub code: String,
    pub message: String,
    pub detail: String,
}

pub type Result<T> = std::result::Result<T, CoreError>;

/// A request that cannot be done as asked, with its code and the Chinese reason.
pub(crate) fn refused(code: &'static str, message: impl Into<String>) -> CoreError {
    CoreError::Refused { code, message: message.into() }
}

#[cfg(test)]
mod code_list_tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// The quoted text right after `at` (after blanks), if `at` starts with a quote.
    fn quoted(at: &str) -> Option<&str> {
        let rest = at.trim_start().strip_prefix('"')?;
        rest.find('"').map(|end| &rest[..end])
    }

    /// The quoted codes the use cases give to the `refused` function and to `CoreError::Refused`.
    fn refusal_codes(dir: &Path, out: &mut BTreeSet<String>) {
        // Written in two pieces so that this test does not find itself.
        let call = concat!("refused", "(");
        let literal = concat!("Refused", " {");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                refusal_codes(&path, out);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices(call) {
                out.extend(quoted(&text[i + call.len()..]).map(str::to_string));
            }
            for (i, _) in text.match_indices(literal) {
                let at = text[i + literal.len()..].trim_start();
                out.extend(at.strip_prefix("code:").and_then(quoted).map(str::to_string));
            }
        }
    }

    #[test]
    fn all_codes_lists_every_code_once() {
        let own = [CoreError::RosterFromCounty, CoreError::BadArgument { what: "w", value: "v".into() }];
        for e in &own {
            // A new variant does not compile here until it has a sample above (or wraps an error
            // whose type lists its own codes).
            match e {
                CoreError::RosterFromCounty | CoreError::BadArgument { .. } | CoreError::Refused { .. } => {}
                CoreError::Store(_) | CoreError::File(_) | CoreError::Sync(_) | CoreError::Domain(_) | CoreError::Image(_) => {
                    unreachable!("listed by their own types")
                }
            }
        }
        let mut made: BTreeSet<String> = own.iter().map(|e| e.code().to_string()).collect();
        refusal_codes(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut made);
        // A refused signature image carries its own code (listed here so the UI's catalogue gets it).
        made.extend(crate::sig_image::SigImageError::ALL_CODES.iter().map(|c| c.to_string()));
        assert!(made.len() > 20, "the use cases' refusals were not found: {made:?}");
        let listed: BTreeSet<String> = CoreError::ALL_CODES.iter().map(|c| c.to_string()).collect();
        assert_eq!(made, listed, "CoreError::ALL_CODES must list every code the use cases refuse with");
        assert_eq!(listed.len(), CoreError::ALL_CODES.len(), "a code listed twice");
    }
}
