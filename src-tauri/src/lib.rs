//! The Tauri shell of 驻村工作台. Commands only adapt: they take the store from the app state, call a
//! use case of `zhucun-core` or a query of `zhucun-store`, and turn errors into [`ErrorInfo`] (a stable
//! code plus a Chinese message). No business rule and no SQL lives here.

use chrono::NaiveDate;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;
use tauri::{Manager, State};
use zhucun_core::error::ErrorInfo;
use zhucun_core::ipc::AppInfo;
use zhucun_core::roster::{ExportSummary, ImportReport};
use zhucun_core::sync::client::NowReport;
use zhucun_core::sync::ops::{BundleImportReport, EnrollReport, ExportReport, SyncStatus};
use zhucun_core::{sync, CoreError, Store};
use zhucun_core::attendance::{self as att, AttendanceMonth, DayView, FillStatus, LogInput};
use zhucun_core::leave::{self, ApprovalInput, LeaveInput};
use zhucun_core::corrections::Trace;
use zhucun_core::meetings::{self, MeetingInput};
use zhucun_core::problems::{self, ProblemClose, ProblemInput};
use zhucun_store::problems::{ProblemFilter, ProblemRow};
use zhucun_core::settings::{self, HolidayRow, ParamEffect};
use zhucun_core::ledger::{LedgerKind, LedgerWritten};
use zhucun_core::members::MemberInput;
use zhucun_domain::rules::Finding;
use zhucun_store::households::{HouseholdDetail, HouseholdFilter, HouseholdPage, VillageSummary};
use zhucun_store::members::MemberRow;
use zhucun_store::corrections::CorrectionRow;
use zhucun_store::worklog::{LeaveRow, LogRow, MeetingRow, ParamRow};
use zhucun_core::visits::{self as visits, Coverage, VisitFilter, VisitInput, VisitPick};
use zhucun_store::visits::VisitRow;
use zhucun_core::handbook::{self as hb, AssessmentInput, EvaluationInput, IncomeInput, IncomeSaved, MeasureEdit, MeasureInput, SignInput};
use zhucun_core::handbook_view::{HandbookPairing, HandbookMeasure, HandbookView};
use zhucun_domain::rules::pairing::{AuditItem, DueItem};

/// The app's state: the open store, or why it could not be opened (shown by the UI on start).
pub struct AppState {
    store: Mutex<Result<Store, ErrorInfo>>,
    started: Instant,
    /// When the window was set up and when the page first called, for the start-up breakdown.
    setup_ms: std::sync::OnceLock<f64>,
    first_call_ms: std::sync::OnceLock<f64>,
    /// The handbook printer, made at the first print (reading the fonts takes about 0.1 s) and kept.
    printer: std::sync::OnceLock<zhucun_print::Printer>,
}

type CmdResult<T> = Result<T, ErrorInfo>;

fn err(e: impl Into<CoreError>) -> ErrorInfo {
    e.into().info()
}

/// "Today" (`ZHUCUN_TODAY` for tests); an unreadable override falls back to the calendar, since the
/// window has nowhere to report it.
fn today() -> NaiveDate {
    zhucun_core::paths::today().unwrap_or_else(|_| chrono::Local::now().date_naive())
}

fn with_store<T>(state: &AppState, f: impl FnOnce(&mut Store) -> Result<T, CoreError>) -> CmdResult<T> {
    let mut guard = state.store.lock().map_err(|_| ErrorInfo {
        code: "app.poisoned".into(),
        message: "程序内部出错，请关闭后重新打开驻村工作台。".into(),
        detail: "store mutex poisoned".into(),
    })?;
    match guard.as_mut() {
        Ok(store) => f(store).map_err(|e| e.info()),
        Err(e) => Err(e.clone()),
    }
}

#[tauri::command]
async fn app_info(state: State<'_, AppState>) -> CmdResult<AppInfo> {
    let _ = state.first_call_ms.set(state.started.elapsed().as_secs_f64() * 1000.0);
    with_store(&state, |s| zhucun_core::ipc::app_info(s, today()))
}

#[tauri::command]
async fn villages_list(state: State<'_, AppState>) -> CmdResult<Vec<VillageSummary>> {
    with_store(&state, |s| Ok(zhucun_store::households::villages(s.read())?))
}

#[tauri::command]
async fn households_list(state: State<'_, AppState>, filter: HouseholdFilter) -> CmdResult<HouseholdPage> {
    with_store(&state, |s| Ok(zhucun_store::households::list_households(s.read(), &filter, today())?))
}

#[tauri::command]
async fn household_get(state: State<'_, AppState>, id: String) -> CmdResult<HouseholdDetail> {
    with_store(&state, |s| zhucun_core::visits::household_detail(s, &id, today()))
}

#[tauri::command]
async fn roster_import(state: State<'_, AppState>, path: String, dry_run: bool) -> CmdResult<ImportReport> {
    with_store(&state, |s| zhucun_core::roster::import_roster_file(s, &PathBuf::from(&path), dry_run, today()))
}

#[tauri::command]
async fn roster_export(state: State<'_, AppState>, path: String, village_id: Option<String>) -> CmdResult<ExportSummary> {
    with_store(&state, |s| zhucun_core::roster::export_roster(s, &PathBuf::from(&path), village_id.as_deref()))
}

#[tauri::command]
async fn roster_template(path: String) -> CmdResult<()> {
    zhucun_core::roster::write_template(&PathBuf::from(&path)).map_err(err)
}

#[tauri::command]
async fn demo_load(state: State<'_, AppState>) -> CmdResult<ImportReport> {
    with_store(&state, |s| {
        let n = zhucun_domain::demo::HOUSEHOLDS_PER_VILLAGE;
        Ok(zhucun_core::demo_team::load_demo_village(s, n, n, 1, today())?.0)
    })
}

/// What 清除演示数据 would remove (refused when the data is not the demo's).
#[tauri::command]
async fn demo_contents(state: State<'_, AppState>) -> CmdResult<zhucun_store::reset::Contents> {
    with_store(&state, |s| zhucun_core::demo_reset::demo_contents(s))
}

/// 清除演示数据: every record of the demo in one transaction; the database is then empty.
#[tauri::command]
async fn demo_clear(state: State<'_, AppState>) -> CmdResult<zhucun_store::reset::Contents> {
    with_store(&state, |s| zhucun_core::demo_reset::clear_demo(s))
}

#[tauri::command]
async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    with_store(&state, |s| Ok(sync::ops::status(s)?))
}

#[tauri::command]
async fn sync_export(state: State<'_, AppState>, dir: String) -> CmdResult<ExportReport> {
    with_store(&state, |s| Ok(sync::ops::export_file(s, &PathBuf::from(&dir))?))
}

#[tauri::command]
async fn sync_import(state: State<'_, AppState>, path: String) -> CmdResult<BundleImportReport> {
    with_store(&state, |s| Ok(sync::ops::import_file(s, &PathBuf::from(&path))?))
}

#[tauri::command]
async fn sync_now(state: State<'_, AppState>) -> CmdResult<NowReport> {
    exchange(&state)
}

#[tauri::command]
async fn enroll(state: State<'_, AppState>, path: String) -> CmdResult<EnrollReport> {
    with_store(&state, |s| Ok(sync::ops::enroll_file(s, &PathBuf::from(&path))?))
}

#[tauri::command]
async fn conflict_resolve(state: State<'_, AppState>, tbl: String, row_id: String, col: String, ver: i64, origin: String) -> CmdResult<()> {
    with_store(&state, |s| zhucun_core::resolve_conflict(s, &tbl, &row_id, &col, ver, &origin))
}

#[tauri::command]
async fn members_list(state: State<'_, AppState>) -> CmdResult<Vec<MemberRow>> {
    with_store(&state, |s| zhucun_core::members::list_members(s))
}

#[tauri::command]
async fn member_add(state: State<'_, AppState>, input: MemberInput) -> CmdResult<String> {
    with_store(&state, |s| zhucun_core::members::add_member(s, &input))
}

/// Corrects a member (修改, with a trace); resolves to the fields changed (none: nothing written).
#[tauri::command]
async fn member_update(
    state: State<'_, AppState>,
    id: String,
    input: zhucun_core::members::MemberEdit,
    trace: zhucun_core::corrections::Trace,
) -> CmdResult<Vec<zhucun_store::corrections::CorrectionChange>> {
    with_store(&state, |s| zhucun_core::members::update_member(s, &id, &input, &trace))
}

/// Ends a member's assignment (离队) on `on`, with the reason; the member stays listed.
#[tauri::command]
async fn member_end(
    state: State<'_, AppState>,
    id: String,
    on: NaiveDate,
    trace: zhucun_core::corrections::Trace,
) -> CmdResult<Vec<zhucun_store::corrections::CorrectionChange>> {
    with_store(&state, |s| zhucun_core::members::end_member(s, &id, on, &trace))
}

#[tauri::command]
async fn day_view(state: State<'_, AppState>, member_id: String, date: NaiveDate) -> CmdResult<DayView> {
    with_store(&state, |s| att::day_view(s, &member_id, date, today()))
}

#[tauri::command]
async fn log_set(state: State<'_, AppState>, input: LogInput) -> CmdResult<LogRow> {
    with_store(&state, |s| att::set_log(s, &input, today()))
}

/// The 今日填报 strip: who of the team has written the log of `day` and of the day before.
#[tauri::command]
async fn log_fill_status(state: State<'_, AppState>, day: NaiveDate) -> CmdResult<Vec<FillStatus>> {
    with_store(&state, |s| att::log_fill_status(s, day))
}

#[tauri::command]
async fn logs_list(state: State<'_, AppState>, member_id: Option<String>, from: NaiveDate, to: NaiveDate) -> CmdResult<Vec<LogRow>> {
    with_store(&state, |s| att::logs(s, member_id.as_deref(), from, to))
}

#[tauri::command]
async fn attendance_month(state: State<'_, AppState>, period: String) -> CmdResult<AttendanceMonth> {
    with_store(&state, |s| att::attendance_month(s, &period, today()))
}

#[tauri::command]
async fn check_attendance(state: State<'_, AppState>, period: String) -> CmdResult<Vec<Finding>> {
    with_store(&state, |s| att::check_attendance(s, &period, today()))
}

#[tauri::command]
async fn check_meetings(state: State<'_, AppState>, period: String) -> CmdResult<Vec<Finding>> {
    with_store(&state, |s| meetings::check_meetings(s, &period, today()))
}

#[tauri::command]
async fn leave_add(state: State<'_, AppState>, input: LeaveInput) -> CmdResult<LeaveRow> {
    with_store(&state, |s| leave::add_leave(s, &input, today()))
}

#[tauri::command]
async fn leave_approve(state: State<'_, AppState>, id: String, approval: ApprovalInput) -> CmdResult<LeaveRow> {
    with_store(&state, |s| leave::approve_leave(s, &id, &approval, today()))
}

/// 作废 an approved leave, with who and why (修改记录).
#[tauri::command]
async fn leave_void(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<LeaveRow> {
    with_store(&state, |s| leave::void_leave(s, &id, &trace, today()))
}

/// The folder of a leave's 请假条 photo when it is on this laptop (photos do not sync).
#[tauri::command]
async fn leave_photo_folder(state: State<'_, AppState>, id: String) -> CmdResult<Option<String>> {
    with_store(&state, |s| leave::photo_folder(s, &id))
}

/// The 请假审批表 of one leave into the folder `dir`.
#[tauri::command]
async fn leave_form_export(state: State<'_, AppState>, id: String, dir: String) -> CmdResult<LedgerWritten> {
    with_store(&state, |s| zhucun_core::leave_form::write_leave_form(s, &id, &PathBuf::from(&dir)))
}

#[tauri::command]
async fn leave_return(state: State<'_, AppState>, id: String, date: NaiveDate) -> CmdResult<LeaveRow> {
    with_store(&state, |s| leave::return_leave(s, &id, date, today()))
}

#[tauri::command]
async fn leave_cancel(state: State<'_, AppState>, id: String) -> CmdResult<LeaveRow> {
    with_store(&state, |s| leave::cancel_leave(s, &id, today()))
}

#[tauri::command]
async fn leaves_list(state: State<'_, AppState>, from: NaiveDate, to: NaiveDate) -> CmdResult<Vec<LeaveRow>> {
    with_store(&state, |s| leave::leaves(s, from, to))
}

#[tauri::command]
async fn meeting_add(state: State<'_, AppState>, input: MeetingInput) -> CmdResult<MeetingRow> {
    with_store(&state, |s| meetings::add_meeting(s, &input, today()))
}

/// Correct a meeting, with who and why (修改记录).
#[tauri::command]
async fn meeting_update(state: State<'_, AppState>, id: String, input: MeetingInput, trace: Trace) -> CmdResult<MeetingRow> {
    with_store(&state, |s| meetings::update_meeting(s, &id, &input, &trace, today()))
}

/// Void (作废) a meeting recorded by mistake, with who and why; meetings are not deleted.
#[tauri::command]
async fn meeting_void(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<MeetingRow> {
    with_store(&state, |s| meetings::void_meeting(s, &id, &trace, today()))
}

#[tauri::command]
async fn meetings_list(state: State<'_, AppState>, from: NaiveDate, to: NaiveDate) -> CmdResult<Vec<MeetingRow>> {
    with_store(&state, |s| meetings::meetings(s, from, to))
}

/// Add a problem to the 问题台账 (待整改).
#[tauri::command]
async fn problem_add(state: State<'_, AppState>, input: ProblemInput) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::add(s, &input, today()))
}

/// Correct a problem, with who and why (修改记录).
#[tauri::command]
async fn problem_update(state: State<'_, AppState>, id: String, input: ProblemInput, trace: Trace) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::update(s, &id, &input, &trace, today()))
}

/// 开始整改: 待整改 → 整改中.
#[tauri::command]
async fn problem_start(state: State<'_, AppState>, id: String) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::start(s, &id, today()))
}

/// 销号 (L1: resolution, date and approver required).
#[tauri::command]
async fn problem_close(state: State<'_, AppState>, id: String, close: ProblemClose) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::close(s, &id, &close, today()))
}

/// 撤销销号 of a closing made in error, with who and why.
#[tauri::command]
async fn problem_reopen(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::reopen(s, &id, &trace, today()))
}

/// Void (作废) a problem entered by mistake, with who and why; problems are not deleted.
#[tauri::command]
async fn problem_void(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<ProblemRow> {
    with_store(&state, |s| problems::void(s, &id, &trace, today()))
}

/// The 问题台账 as the filter asks, 已超期 against today.
#[tauri::command]
async fn problems_list(state: State<'_, AppState>, filter: ProblemFilter) -> CmdResult<Vec<ProblemRow>> {
    with_store(&state, |s| problems::list(s, &filter, today()))
}

#[tauri::command]
async fn params_list(state: State<'_, AppState>) -> CmdResult<Vec<ParamRow>> {
    with_store(&state, |s| settings::params(s))
}

#[tauri::command]
async fn param_set(state: State<'_, AppState>, key: String, value: String, source: Option<String>) -> CmdResult<ParamRow> {
    with_store(&state, |s| settings::set_param(s, &key, &value, source.as_deref()))
}

/// 修改记录 of one record (table: team_member, leave_request, meeting, parameter), newest first.
#[tauri::command]
async fn corrections_of(state: State<'_, AppState>, table: String, id: String) -> CmdResult<Vec<CorrectionRow>> {
    with_store(&state, |s| zhucun_core::corrections::history(s, &table, &id))
}

/// The newest corrections of one kind of record, or of all.
#[tauri::command]
async fn corrections_recent(state: State<'_, AppState>, table: Option<String>, limit: u32) -> CmdResult<Vec<CorrectionRow>> {
    with_store(&state, |s| zhucun_core::corrections::recent(s, table.as_deref(), limit))
}

/// What a parameter change would do to this month's results (nothing is written).
#[tauri::command]
async fn param_effect(state: State<'_, AppState>, key: String, value: String) -> CmdResult<ParamEffect> {
    with_store(&state, |s| settings::param_effect(s, &key, &value, today()))
}

#[tauri::command]
async fn holidays_list(state: State<'_, AppState>, year: i32) -> CmdResult<Vec<HolidayRow>> {
    with_store(&state, |s| settings::holidays(s, year))
}

#[tauri::command]
async fn holiday_set(state: State<'_, AppState>, date: NaiveDate, kind: String, name: String) -> CmdResult<()> {
    with_store(&state, |s| settings::set_holiday(s, date, &kind, &name))
}

#[tauri::command]
async fn holiday_restore(state: State<'_, AppState>, date: NaiveDate) -> CmdResult<()> {
    with_store(&state, |s| settings::restore_holiday(s, date))
}

#[tauri::command]
async fn ledger_export(state: State<'_, AppState>, kind: LedgerKind, period: String, member_id: Option<String>, dir: String) -> CmdResult<LedgerWritten> {
    with_store(&state, |s| zhucun_core::ledger::write(s, kind, &period, member_id.as_deref(), &PathBuf::from(&dir), today()))
}

/// Every ledger of the month (考勤, 请销假, 人员信息, 会议记录, each member's 工作日志) into `dir`.
#[tauri::command]
async fn ledger_export_all(state: State<'_, AppState>, period: String, dir: String) -> CmdResult<Vec<LedgerWritten>> {
    with_store(&state, |s| zhucun_core::ledger::write_all(s, &period, &PathBuf::from(&dir), today()))
}

/// Record a visit (走访): the visitors' logs of the day (V4) and the problems found, in one save.
#[tauri::command]
async fn visit_add(state: State<'_, AppState>, input: VisitInput) -> CmdResult<VisitRow> {
    with_store(&state, |s| visits::add_visit(s, &input, today()))
}

/// Correct a visit; the back end keeps who and why in 修改记录.
#[tauri::command]
async fn visit_update(state: State<'_, AppState>, id: String, input: VisitInput, trace: Trace) -> CmdResult<VisitRow> {
    with_store(&state, |s| visits::update_visit(s, &id, &input, &trace, today()))
}

/// Delete (删除) a visit recorded by mistake: kept with the day and its 修改记录, counted nowhere.
#[tauri::command]
async fn visit_delete(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<()> {
    with_store(&state, |s| visits::delete_visit(s, &id, &trace, today()))
}

/// Visits by household, dates and visiting member (voided ones left out), in date order.
#[tauri::command]
async fn visits_list(state: State<'_, AppState>, filter: VisitFilter) -> CmdResult<Vec<VisitRow>> {
    with_store(&state, |s| visits::list_visits(s, &filter))
}

/// 走访进度: monitored households this month (V1), 脱贫户 and 一般农户 in the window (V2), by group, and
/// the households still owed a visit.
#[tauri::command]
async fn visit_coverage(state: State<'_, AppState>, period: String, window_from: Option<NaiveDate>, window_to: Option<NaiveDate>) -> CmdResult<Coverage> {
    with_store(&state, |s| visits::coverage(s, &period, window_from, window_to, today()))
}

/// The printable list of households still owed a visit (a sheet per group, or one group) into `dir`.
#[tauri::command]
async fn visit_owed_export(
    state: State<'_, AppState>,
    period: String,
    window_from: Option<NaiveDate>,
    window_to: Option<NaiveDate>,
    group_id: Option<String>,
    dir: String,
) -> CmdResult<LedgerWritten> {
    with_store(&state, |s| visits::owed_export(s, &period, window_from, window_to, group_id.as_deref(), &PathBuf::from(&dir), today()))
}

/// The visit form's household picker: those still owed a visit first, then the recently visited.
#[tauri::command]
async fn visit_households(state: State<'_, AppState>, query: String, period: String) -> CmdResult<Vec<VisitPick>> {
    with_store(&state, |s| visits::visit_households(s, &query, &period, today()))
}

// ----- 结对手册 -----------------------------------------------------------------------------------

/// The handbook of one household (its id or 户编号) and year, as the page shows it and the PDF prints it.
#[tauri::command]
async fn handbook_get(state: State<'_, AppState>, household_id: String, year: i32) -> CmdResult<HandbookView> {
    with_store(&state, |s| hb::handbook(s, &household_id, year, today()))
}

/// 更换结对干部: the current pairing ends the day before `from`; a new one starts.
#[tauri::command]
async fn pairing_set(state: State<'_, AppState>, household_id: String, cadre: String, unit: String, phone: String, from: NaiveDate) -> CmdResult<HandbookPairing> {
    with_store(&state, |s| hb::pairing_set(s, &household_id, &cadre, &unit, &phone, from, today()))
}

/// The year's 帮扶计划 / 年度巩固计划; a second save corrects the first (with `trace`).
#[tauri::command]
async fn plan_set(state: State<'_, AppState>, household_id: String, year: i32, goals: String, planned: String, date: NaiveDate, trace: Trace) -> CmdResult<String> {
    with_store(&state, |s| hb::plan_set(s, &household_id, year, &goals, &planned, date, &trace, today()))
}

#[tauri::command]
async fn measure_add(state: State<'_, AppState>, input: MeasureInput) -> CmdResult<String> {
    with_store(&state, |s| hb::measure_add(s, &input, today()))
}

/// 修改 of a measure (its status among others), with who and why.
#[tauri::command]
async fn measure_set(state: State<'_, AppState>, id: String, edit: MeasureEdit, trace: Trace) -> CmdResult<HandbookMeasure> {
    with_store(&state, |s| hb::measure_set(s, &id, &edit, &trace, today()))
}

/// 作废 of a measure entered by mistake, with who and why.
#[tauri::command]
async fn measure_void(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<()> {
    with_store(&state, |s| hb::measure_void(s, &id, &trace, today()))
}

#[tauri::command]
async fn evaluation_add(state: State<'_, AppState>, input: EvaluationInput) -> CmdResult<String> {
    with_store(&state, |s| hb::evaluation_add(s, &input, today()))
}

/// 修改 of an evaluation, with who and why.
#[tauri::command]
async fn evaluation_edit(state: State<'_, AppState>, id: String, input: EvaluationInput, trace: Trace) -> CmdResult<()> {
    with_store(&state, |s| hb::evaluation_edit(s, &id, &input, &trace, today()))
}

#[tauri::command]
async fn assessment_add(state: State<'_, AppState>, input: AssessmentInput) -> CmdResult<String> {
    with_store(&state, |s| hb::assessment_add(s, &input, today()))
}

/// 作废 of an assessment entered by mistake (a reason required), so a correct one can be added.
#[tauri::command]
async fn assessment_void(state: State<'_, AppState>, id: String, trace: Trace) -> CmdResult<()> {
    with_store(&state, |s| hb::void(s, "assessment", &id, &trace, today()))
}

/// The year's 年度收入核算 (a second save corrects the first, with `trace`); the sums as saved.
#[tauri::command]
async fn income_set(state: State<'_, AppState>, input: IncomeInput, trace: Trace) -> CmdResult<IncomeSaved> {
    with_store(&state, |s| hb::income_set(s, &input, &trace, today()))
}

/// A handbook contact: a visit with the household's pairing cadre (it shows in the visit register).
#[tauri::command]
async fn contact_add(state: State<'_, AppState>, input: VisitInput) -> CmdResult<VisitRow> {
    with_store(&state, |s| hb::contact_add(s, &input, today()))
}

/// Signs an entry: the pad's PNG in `input.image`, or, with `photo`, the photo file at that path read
/// (a regular file within `sig_image::MAX_INPUT_BYTES`) in its place. The back end checks and scales it.
#[tauri::command]
async fn sign_entry(state: State<'_, AppState>, mut input: SignInput, photo: Option<String>) -> CmdResult<String> {
    pad_image_bounded(input.image.len())?;
    if let Some(path) = photo {
        input.image = zhucun_files::read_bounded(&PathBuf::from(&path), zhucun_core::sig_image::MAX_INPUT_BYTES)
            .map_err(|e| ErrorInfo { code: e.code().into(), message: e.message_zh(), detail: format!("{e:?}") })?;
    }
    with_store(&state, |s| hb::sign(s, &input, today()))
}

/// The most bytes the pad's PNG may have when it reaches [`sign_entry`] (a pad drawing is tens of KB).
pub const PAD_IMAGE_MAX_BYTES: u64 = 2 * 1024 * 1024;

/// Refuses a pad image over [`PAD_IMAGE_MAX_BYTES`] before anything else looks at it (image.too_large).
fn pad_image_bounded(len: usize) -> CmdResult<()> {
    let bytes = len as u64;
    if bytes > PAD_IMAGE_MAX_BYTES {
        return Err(err(zhucun_core::sig_image::SigImageError::FileTooLarge { bytes, max: PAD_IMAGE_MAX_BYTES }));
    }
    Ok(())
}

/// A signature image by its SHA-256, as (MIME type, base64) for the page; None when not on this laptop.
#[tauri::command]
async fn signature_image(state: State<'_, AppState>, hash: String) -> CmdResult<Option<(String, String)>> {
    with_store(&state, |s| Ok(zhucun_store::handbook::image(s.read(), hash.trim())?))
}

/// 兜底保障 of a household on or off; whether it changed.
#[tauri::command]
async fn bottom_support_set(state: State<'_, AppState>, household_id: String, on: bool) -> CmdResult<bool> {
    with_store(&state, |s| hb::set_bottom_support(s, &household_id, on))
}

/// P1–P3 and D1–D3 for a month, quarter or year (and D4/D5 for a month).
#[tauri::command]
async fn check_pairing(state: State<'_, AppState>, period: String) -> CmdResult<Vec<Finding>> {
    with_store(&state, |s| hb::check_pairing(s, &period, today()))
}

/// 待办 of this month for one team member (or cadre), or for everyone.
#[tauri::command]
async fn due_list(state: State<'_, AppState>, member_id: Option<String>) -> CmdResult<Vec<DueItem>> {
    let day = today();
    with_store(&state, |s| hb::due(s, &day.format("%Y-%m").to_string(), member_id.as_deref(), day))
}

/// 手册审核 of `year` (this year when none): a past year shows its lines after 1 January too, and
/// P2/P3's 年度收入核算 lines only once that year is over.
#[tauri::command]
async fn handbook_audit(state: State<'_, AppState>, year: Option<i32>) -> CmdResult<Vec<AuditItem>> {
    let day = today();
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&day));
    with_store(&state, |s| hb::audit(s, year, day))
}

/// 打印手册: the PDF of one household's handbook, or of every household of a group, written to `path`
/// (the file the user chose) in one step. The views and images are read with the store held; the
/// typesetting runs after it is released, so the window stays responsive.
#[tauri::command]
async fn handbook_pdf(state: State<'_, AppState>, household_id: Option<String>, group_id: Option<String>, year: i32, path: String) -> CmdResult<()> {
    let day = today();
    let (books, images) = with_store(&state, |s| {
        let books = match (&household_id, &group_id) {
            (Some(h), _) => vec![hb::handbook(s, h, year, day)?],
            (None, Some(g)) => hb::handbook_group(s, g, year, day)?,
            (None, None) => Vec::new(),
        };
        let mut images = std::collections::HashMap::new();
        for b in &books {
            for sha in signature_hashes(b) {
                if !images.contains_key(&sha) {
                    if let Some(bytes) = hb::signature_image(s, &sha)? {
                        images.insert(sha, bytes);
                    }
                }
            }
        }
        Ok((books, images))
    })?;
    let print_err = |e: zhucun_print::PrintError| ErrorInfo { code: "print.failed".into(), message: e.to_string(), detail: format!("{e:?}") };
    let printer = match state.printer.get() {
        Some(p) => p,
        None => {
            let made = zhucun_print::Printer::new().map_err(print_err)?;
            state.printer.get_or_init(|| made)
        }
    };
    let pdf = printer.handbooks(&books, &|sha| images.get(sha).cloned()).map_err(print_err)?;
    zhucun_files::write_atomic(&PathBuf::from(&path), &pdf).map_err(|e| ErrorInfo { code: e.code().into(), message: e.message_zh(), detail: format!("{e:?}") })
}

/// Every signature image a handbook shows.
fn signature_hashes(b: &HandbookView) -> Vec<String> {
    let mut sigs: Vec<&zhucun_core::handbook_view::Signatures> = Vec::new();
    sigs.extend(b.plan.as_ref().map(|p| &p.signatures));
    sigs.extend(b.contacts.iter().map(|c| &c.signatures));
    sigs.extend(b.evaluations.iter().map(|e| &e.signatures));
    sigs.extend(b.assessments.iter().map(|a| &a.signatures));
    sigs.extend(b.income.as_ref().map(|i| &i.signatures));
    sigs.iter().flat_map(|s| [&s.cadre, &s.household]).flatten().map(|v| v.image.clone()).collect()
}

/// Shows a folder (one the ledgers were just written into) in the system's file manager. Only an
/// existing folder is opened, never a file, so nothing is run or opened by its type.
#[tauri::command]
async fn ledger_open_folder(dir: String) -> CmdResult<()> {
    let path = PathBuf::from(&dir);
    let refused = |detail: String| ErrorInfo { code: "file.io".into(), message: format!("无法打开文件夹 {dir}，请在文件管理器中自己打开。"), detail };
    if !path.is_dir() {
        return Err(refused("not a folder".into()));
    }
    let opener = if cfg!(target_os = "windows") {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(opener).arg(&path).spawn().map_err(|e| refused(format!("{opener}: {e}")))?;
    // Reaped when it ends, so that it leaves no zombie behind.
    std::thread::spawn(move || child.wait());
    Ok(())
}

/// HTTP exchanges with the county, as `sync::client::sync_now` makes them: the store is held while a
/// bundle is built and while the answer is applied, never while the network is in use, so the window
/// stays responsive. Another exchange follows at once while either side held changes back (a bundle
/// carries at most 24 MiB of changes: signature photos after a long time offline) or when the answer
/// made this database take a new identity (`sync::client::rounds`); the report counts what all the
/// answers brought, and says `forked`.
fn exchange(state: &AppState) -> CmdResult<NowReport> {
    sync::client::rounds(|| {
        let (url, pending_before, out) = with_store(state, |s| {
            let url = sync::client::server_url(s, None)?;
            Ok((url, zhucun_store::sync::pending(s.read())?, sync::ops::export_to_county(s)?))
        })?;
        let answer = sync::client::post_bundle(&url, &out.bytes).map_err(err)?;
        let report = with_store(state, |s| Ok(sync::client::finish(s, &url, out.changes, &answer)?))?;
        Ok(sync::client::Round { pending_before, left: out.left, report })
    })
}

/// Background sync: when the laptop is enrolled and the county server answers, exchange bundles, then
/// tell the window. Quiet when offline: offline is the normal state.
fn background_sync(app: tauri::AppHandle) {
    use tauri::Emitter;
    let every = std::env::var("ZHUCUN_SYNC_INTERVAL_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(120u64);
    // After failed exchanges (a broken or rogue server) the tries space out, up to one an hour.
    let mut backoff = sync::Backoff::new(std::time::Duration::from_secs(every), std::time::Duration::from_secs(3600));
    std::thread::spawn(move || loop {
        std::thread::sleep(backoff.delay());
        let state = app.state::<AppState>();
        let url = with_store(&state, |s| {
            let d = zhucun_store::sync::device(s.read())?;
            Ok(if d.enrolled() { d.server_url } else { None })
        });
        let Ok(Some(url)) = url else { continue };
        if !sync::client::reachable(&url) {
            continue;
        }
        match exchange(&state) {
            Ok(r) => {
                backoff.succeeded();
                let _ = app.emit("sync-changed", r.received.applied);
            }
            Err(e) => {
                backoff.failed();
                eprintln!("zhucun: background sync: {} ({}); next try in {} s", e.message, e.detail, backoff.delay().as_secs());
            }
        }
    });
}

/// Called once by the UI when its first page is drawn: logs the cold-start time, and with
/// `ZHUCUN_EXIT_ON_READY=1` quits (the start-up benchmark).
#[tauri::command]
fn ui_ready(app: tauri::AppHandle, state: State<'_, AppState>) {
    let ms = state.started.elapsed().as_secs_f64() * 1000.0;
    let setup = state.setup_ms.get().copied().unwrap_or(f64::NAN);
    let first = state.first_call_ms.get().copied().unwrap_or(f64::NAN);
    eprintln!("ZHUCUN_READY_MS={ms:.1} setup={setup:.1} first_call={first:.1}");
    if std::env::var_os("ZHUCUN_EXIT_ON_READY").is_some() {
        app.exit(0);
    }
}

/// `--db PATH` from the command line, if given.
fn db_flag() -> Option<PathBuf> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == "--db").and_then(|i| args.get(i + 1)).map(PathBuf::from).or_else(|| {
        args.iter().find_map(|a| a.strip_prefix("--db=").map(PathBuf::from))
    })
}

pub fn run() {
    let started = Instant::now();
    let path = zhucun_core::paths::resolve_db_path(db_flag());
    let store = Store::open_exclusive(&path).map_err(|e| CoreError::from(e).info());
    if let Err(e) = &store {
        eprintln!("zhucun: {} ({})", e.message, e.detail);
    }
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState { store: Mutex::new(store), started, setup_ms: Default::default(), first_call_ms: Default::default(), printer: Default::default() })
        .invoke_handler(tauri::generate_handler![
            app_info,
            villages_list,
            households_list,
            household_get,
            roster_import,
            roster_export,
            roster_template,
            demo_load,
            demo_contents,
            demo_clear,
            sync_status,
            sync_export,
            sync_import,
            sync_now,
            enroll,
            conflict_resolve,
            members_list,
            member_add,
            member_update,
            member_end,
            day_view,
            log_set,
            logs_list,
            log_fill_status,
            attendance_month,
            check_attendance,
            check_meetings,
            leave_add,
            leave_approve,
            leave_void,
            leave_form_export,
            leave_photo_folder,
            leave_return,
            leave_cancel,
            leaves_list,
            meeting_add,
            meeting_update,
            meeting_void,
            meetings_list,
            problem_add,
            problem_update,
            problem_start,
            problem_close,
            problem_reopen,
            problem_void,
            problems_list,
            params_list,
            param_set,
            param_effect,
            corrections_of,
            corrections_recent,
            holidays_list,
            holiday_set,
            holiday_restore,
            ledger_export,
            ledger_export_all,
            visit_add,
            visit_update,
            visit_delete,
            visits_list,
            visit_coverage,
            visit_owed_export,
            visit_households,
            handbook_get,
            pairing_set,
            plan_set,
            measure_add,
            measure_set,
            measure_void,
            evaluation_add,
            evaluation_edit,
            assessment_void,
            assessment_add,
            income_set,
            contact_add,
            sign_entry,
            signature_image,
            bottom_support_set,
            check_pairing,
            due_list,
            handbook_audit,
            handbook_pdf,
            ledger_open_folder,
            ui_ready
        ])
        .setup(|app| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.set_title("驻村工作台");
            }
            let state = app.state::<AppState>();
            let _ = state.setup_ms.set(state.started.elapsed().as_secs_f64() * 1000.0);
            background_sync(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("驻村工作台无法启动：{e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_image_over_two_mb_is_refused_as_image_too_large() {
        assert!(pad_image_bounded(PAD_IMAGE_MAX_BYTES as usize).is_ok());
        let e = pad_image_bounded(PAD_IMAGE_MAX_BYTES as usize + 1).unwrap_err();
        assert_eq!(e.code, "image.too_large");
        assert!(e.message.contains("图片文件太大"), "{}", e.message);
    }
}
