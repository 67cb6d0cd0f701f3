//! What crosses into the UI: the status of the app, and the list of every type the UI sees, from which
//! `ui/src/ipc/bindings.ts` is generated (and checked in CI, so the two never drift).

use crate::error::Result;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zhucun_store::households::{counts, StoreCounts};
use zhucun_store::Store;

/// The app's status: which database, how much is in it.
#[derive(Clone, Debug, Serialize, Deserialize, ts_rs::TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: u32,
    pub counts: StoreCounts,
    pub today: NaiveDate,
    /// Bound to the county by an enrollment file (then the roster comes from the county).
    pub enrolled: bool,
    /// Changes the county has not yet confirmed.
    pub pending: i64,
    /// The database holds the demo village only (演示数据: the banner, and 清除演示数据 on 同步).
    pub demo: bool,
}

pub fn app_info(store: &Store, today: NaiveDate) -> Result<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: store.path().display().to_string(),
        schema_version: store.schema_version()? as u32,
        counts: counts(store.read())?,
        today,
        enrolled: zhucun_store::sync::device(store.read())?.enrolled(),
        pending: zhucun_store::sync::pending(store.read())?,
        demo: crate::demo_reset::is_demo(store)?,
    })
}

/// The TypeScript declarations of every type that crosses IPC, as one file.
pub fn typescript_bindings() -> String {
    use ts_rs::{Config, TS};
    use zhucun_domain::{household, idcard, person, roster as droster};
    use zhucun_store::{households as h, roster as sroster};
    let cfg = Config::new().with_large_int("number");
    let decls = [
        crate::error::ErrorInfo::decl(&cfg),
        AppInfo::decl(&cfg),
        StoreCounts::decl(&cfg),
        zhucun_store::reset::Contents::decl(&cfg),
        crate::roster::ImportReport::decl(&cfg),
        crate::roster::ExportSummary::decl(&cfg),
        droster::RowIssue::decl(&cfg),
        sroster::ImportCounts::decl(&cfg),
        sroster::FieldChange::decl(&cfg),
        h::VillageSummary::decl(&cfg),
        h::GroupSummary::decl(&cfg),
        h::HouseholdFilter::decl(&cfg),
        h::HouseholdRow::decl(&cfg),
        h::HouseholdPage::decl(&cfg),
        h::CategoryCounts::decl(&cfg),
        h::HouseholdDetail::decl(&cfg),
        h::PersonView::decl(&cfg),
        h::PairingView::decl(&cfg),
        household::Category::decl(&cfg),
        household::MonitorCategory::decl(&cfg),
        household::RiskStatus::decl(&cfg),
        household::RiskType::decl(&cfg),
        household::Tier::decl(&cfg),
        idcard::Sex::decl(&cfg),
        zhucun_sync::ops::SyncStatus::decl(&cfg),
        zhucun_sync::ops::ExportReport::decl(&cfg),
        zhucun_sync::ops::BundleImportReport::decl(&cfg),
        zhucun_sync::ops::EnrollReport::decl(&cfg),
        zhucun_sync::client::NowReport::decl(&cfg),
        zhucun_store::sync::Conflict::decl(&cfg),
        zhucun_store::sync::ConflictValue::decl(&cfg),
        zhucun_store::sync::SyncEvent::decl(&cfg),
        zhucun_store::members::MemberRow::decl(&cfg),
        crate::members::MemberInput::decl(&cfg),
        crate::members::MemberEdit::decl(&cfg),
        crate::corrections::Trace::decl(&cfg),
        zhucun_store::corrections::CorrectionRow::decl(&cfg),
        zhucun_store::corrections::CorrectionChange::decl(&cfg),
        crate::attendance::LogInput::decl(&cfg),
        crate::attendance::DayView::decl(&cfg),
        crate::attendance::FillStatus::decl(&cfg),
        crate::attendance::MemberMonth::decl(&cfg),
        crate::attendance::AttendanceMonth::decl(&cfg),
        crate::leave::LeaveInput::decl(&cfg),
        crate::leave::ApprovalInput::decl(&cfg),
        crate::meetings::MeetingInput::decl(&cfg),
        crate::visits::VisitInput::decl(&cfg),
        crate::visits::CheckInput::decl(&cfg),
        crate::visits::NewVisitProblem::decl(&cfg),
        crate::visits::VisitFilter::decl(&cfg),
        crate::visits::Coverage::decl(&cfg),
        crate::visits::CoverageGroup::decl(&cfg),
        crate::visits::OwedHousehold::decl(&cfg),
        crate::visits::VisitPick::decl(&cfg),
        zhucun_store::visits::VisitRow::decl(&cfg),
        zhucun_domain::visit::Check::decl(&cfg),
        zhucun_domain::visit::CheckItem::decl(&cfg),
        zhucun_domain::visit::CheckState::decl(&cfg),
        crate::settings::HolidayRow::decl(&cfg),
        crate::settings::ParamEffect::decl(&cfg),
        crate::settings::EffectChange::decl(&cfg),
        crate::ledger::LedgerKind::decl(&cfg),
        crate::ledger::LedgerWritten::decl(&cfg),
        zhucun_store::worklog::LogRow::decl(&cfg),
        zhucun_store::worklog::LeaveRow::decl(&cfg),
        zhucun_store::worklog::MeetingRow::decl(&cfg),
        crate::problems::ProblemInput::decl(&cfg),
        crate::problems::ProblemClose::decl(&cfg),
        zhucun_store::problems::ProblemRow::decl(&cfg),
        zhucun_store::problems::ProblemFilter::decl(&cfg),
        zhucun_store::worklog::ParamRow::decl(&cfg),
        zhucun_domain::rules::Finding::decl(&cfg),
        zhucun_domain::rules::Status::decl(&cfg),
        zhucun_domain::rules::attendance::CalendarCell::decl(&cfg),
        zhucun_domain::rules::attendance::LogWarning::decl(&cfg),
        zhucun_domain::worklog::LogStatus::decl(&cfg),
        person::Relation::decl(&cfg),
        person::Labour::decl(&cfg),
        person::Health::decl(&cfg),
        person::Schooling::decl(&cfg),
        // 结对帮扶手册 (issue 12): the view, then the use cases' inputs and answers.
        crate::handbook_view::SignatureView::decl(&cfg),
        crate::handbook_view::Signatures::decl(&cfg),
        crate::handbook_view::HandbookCover::decl(&cfg),
        crate::handbook_view::HandbookMember::decl(&cfg),
        crate::handbook_view::HandbookPairing::decl(&cfg),
        crate::handbook_view::HandbookPlan::decl(&cfg),
        crate::handbook_view::HandbookMeasure::decl(&cfg),
        crate::handbook_view::HandbookContact::decl(&cfg),
        crate::handbook_view::HandbookEvaluation::decl(&cfg),
        crate::handbook_view::HandbookAssessment::decl(&cfg),
        crate::handbook_view::IncomeLine::decl(&cfg),
        crate::handbook_view::HandbookIncome::decl(&cfg),
        crate::handbook_view::HandbookView::decl(&cfg),
        zhucun_domain::handbook::IncomeItem::decl(&cfg),
        zhucun_domain::handbook::IncomeKind::decl(&cfg),
        zhucun_domain::handbook::IncomeSums::decl(&cfg),
        zhucun_domain::handbook::FocusFlags::decl(&cfg),
        zhucun_domain::handbook::MeasureCategory::decl(&cfg),
        zhucun_domain::handbook::MeasureStatus::decl(&cfg),
        zhucun_domain::handbook::AssessmentResult::decl(&cfg),
        zhucun_domain::handbook::SignRole::decl(&cfg),
        zhucun_domain::handbook::SignMethod::decl(&cfg),
        zhucun_domain::handbook::Signable::decl(&cfg),
        zhucun_domain::rules::pairing::AuditItem::decl(&cfg),
        zhucun_domain::rules::pairing::DueItem::decl(&cfg),
        zhucun_domain::rules::pairing::DueAction::decl(&cfg),
        // handbook use cases (crates/core/src/handbook.rs) add theirs below this line.
        crate::handbook::MeasureInput::decl(&cfg),
        crate::handbook::MeasureEdit::decl(&cfg),
        crate::handbook::EvaluationInput::decl(&cfg),
        crate::handbook::AssessmentInput::decl(&cfg),
        crate::handbook::IncomeInput::decl(&cfg),
        crate::handbook::IncomeSaved::decl(&cfg),
        crate::handbook::SignInput::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test bindings`.\n// Do not edit: CI fails when this file and the Rust types disagree.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.trim_end().to_string() + "\n"
}
