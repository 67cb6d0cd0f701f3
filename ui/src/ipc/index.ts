/**
 * The only door to the back end: typed wrappers of the Tauri commands and the file dialogs.
 * Nothing else in the UI imports `@tauri-apps/*` or calls `invoke`. Must not hold state or show UI.
 */
import { invoke } from '@tauri-apps/api/core'
import { listen } from '@tauri-apps/api/event'
import { open, save } from '@tauri-apps/plugin-dialog'
import type {
  AppInfo,
  ApprovalInput,
  AttendanceMonth,
  BundleImportReport,
  Conflict,
  Contents,
  Coverage,
  CorrectionChange,
  CorrectionRow,
  DayView,
  EnrollReport,
  ExportReport,
  ExportSummary,
  FillStatus,
  Finding,
  HolidayRow,
  HouseholdDetail,
  HouseholdFilter,
  HouseholdPage,
  ImportReport,
  LeaveInput,
  LeaveRow,
  LedgerKind,
  LedgerWritten,
  LogInput,
  LogRow,
  MeetingInput,
  MeetingRow,
  MemberEdit,
  MemberInput,
  MemberRow,
  NowReport,
  ParamEffect,
  ParamRow,
  SyncStatus,
  Trace,
  VillageSummary,
  VisitFilter,
  VisitInput,
  VisitPick,
  VisitRow,
} from './bindings'
import type { ProblemClose, ProblemFilter, ProblemInput, ProblemRow } from './bindings'
import type {
  AssessmentInput,
  AuditItem,
  DueItem,
  EvaluationInput,
  HandbookMeasure,
  HandbookPairing,
  HandbookView,
  IncomeInput,
  IncomeSaved,
  MeasureEdit,
  MeasureInput,
  SignInput,
} from './bindings'
import { t } from '@/locales'
import { toIpcError } from './error'

export { IpcError, errorMessage, toIpcError } from './error'
export type * from './bindings'

/**
 * `window.__zhucun`: what the WebDriver tests and the benchmark read and write. The app writes the
 * filter timings; a test pushes answers for the file dialogs onto `picks` (see README.md).
 */
export interface TestHooks {
  /** Milliseconds from sending the last household filter to the DOM showing its result. */
  lastFilterMs?: number
  filterCount?: number
  /** Answers for the next file dialogs, first in first out: a path, or null for "cancelled". */
  picks?: Array<string | null>
}

declare global {
  interface Window {
    __zhucun?: TestHooks
  }
}

// Present from the start, so a test can push its answers before the first dialog.
if (typeof window !== 'undefined') {
  window.__zhucun ??= {}
  window.__zhucun.picks ??= []
}

/** Calls a command; a rejection always comes out as an `IpcError`. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (reason) {
    throw toIpcError(reason)
  }
}

export const appInfo = () => call<AppInfo>('app_info')

export const villagesList = () => call<VillageSummary[]>('villages_list')

export const householdsList = (filter: HouseholdFilter) => call<HouseholdPage>('households_list', { filter })

export const householdGet = (id: string) => call<HouseholdDetail>('household_get', { id })

/** `dryRun: true` writes nothing and reports what an import would do. */
export const rosterImport = (path: string, dryRun: boolean) =>
  call<ImportReport>('roster_import', { path, dryRun })

/** `villageId` null exports every village. */
export const rosterExport = (path: string, villageId: string | null) =>
  call<ExportSummary>('roster_export', { path, villageId })

export const rosterTemplate = (path: string) => call<null>('roster_template', { path })

export const demoLoad = () => call<ImportReport>('demo_load')

/** What 清除演示数据 would remove; refused when the data is not only the demo's. */
export const demoContents = () => call<Contents>('demo_contents')

/** 清除演示数据: all of it in one transaction; the database is then empty, ready for enrollment. */
export const demoClear = () => call<Contents>('demo_clear')

/** Tells the back end the first page is on screen (cold-start measurement). */
export const uiReady = () => call<null>('ui_ready')

export const syncStatus = () => call<SyncStatus>('sync_status')

/** Writes one bundle (.zhcb) with every change the county has not confirmed into `dir`. */
export const syncExport = (dir: string) => call<ExportReport>('sync_export', { dir })

/** Reads a return bundle (.zhcb) from the county. */
export const syncImport = (path: string) => call<BundleImportReport>('sync_import', { path })

/** One exchange with the county server (needs `SyncStatus.server_url`). */
export const syncNow = () => call<NowReport>('sync_now')

/** Binds this laptop to the county with the enrollment file the county made for it. */
export const enroll = (path: string) => call<EnrollReport>('enroll', { path })

/** Keeps the value `origin` wrote for the conflicting field. */
export const conflictResolve = (conflict: Pick<Conflict, 'tbl' | 'row_id' | 'col' | 'ver'>, origin: string) =>
  call<null>('conflict_resolve', {
    tbl: conflict.tbl,
    rowId: conflict.row_id,
    col: conflict.col,
    ver: conflict.ver,
    origin,
  })

// Team members, work logs, leave, meetings, rule checks, parameters, holidays, ledgers.
// Dates cross as 'YYYY-MM-DD' strings; periods as '2024-09' (month) — see bindings.ts for the shapes.

export const membersList = () => call<MemberRow[]>('members_list')

/** Adds a team member; resolves to the member's id. */
export const memberAdd = (input: MemberInput) => call<string>('member_add', { input })

/** Corrects a member with a trace (修改); resolves to the fields changed (none: nothing written). */
export const memberUpdate = (id: string, input: MemberEdit, trace: Trace) =>
  call<CorrectionChange[]>('member_update', { id, input, trace })

/** Ends a member's assignment (离队) on `on` with the reason (trace.reason required); never deletes. */
export const memberEnd = (id: string, on: string, trace: Trace) => call<CorrectionChange[]>('member_end', { id, on, trace })

/** The 今日 page for a member and a day: the log, the week day by day, A2 findings, meetings. */
export const dayView = (memberId: string, date: string) => call<DayView>('day_view', { memberId, date })

/** Sets a member's log for a day (setting again replaces it). */
export const logSet = (input: LogInput) => call<LogRow>('log_set', { input })

export const logsList = (memberId: string | null, from: string, to: string) =>
  call<LogRow[]>('logs_list', { memberId, from, to })

/** 今日填报: who of the team has written the log of `day` and of the day before (已填/未填). */
export const logFillStatus = (day: string) => call<FillStatus[]>('log_fill_status', { day })

/** Every member's month: calendar cells, totals and their findings (A1, A2, A3). */
export const attendanceMonth = (period: string) => call<AttendanceMonth>('attendance_month', { period })

export const checkAttendance = (period: string) => call<Finding[]>('check_attendance', { period })

export const checkMeetings = (period: string) => call<Finding[]>('check_meetings', { period })

export const leaveAdd = (input: LeaveInput) => call<LeaveRow>('leave_add', { input })

export const leaveApprove = (id: string, approval: ApprovalInput) => call<LeaveRow>('leave_approve', { id, approval })

/** 作废 an approved leave, with who and why (the reason required); it stays listed as 已作废. */
export const leaveVoid = (id: string, trace: Trace) => call<LeaveRow>('leave_void', { id, trace })

/** The folder of a leave's 请假条 photo when it is on this laptop; null otherwise (photos do not sync). */
export const leavePhotoFolder = (id: string) => call<string | null>('leave_photo_folder', { id })

/** Writes the 请假审批表 of a leave into `dir`. */
export const leaveFormExport = (id: string, dir: string) => call<LedgerWritten>('leave_form_export', { id, dir })

/** Report of return (销假) on `date`. */
export const leaveReturn = (id: string, date: string) => call<LeaveRow>('leave_return', { id, date })

/** Withdraws a request not yet approved. */
export const leaveCancel = (id: string) => call<LeaveRow>('leave_cancel', { id })

/** Leaves that touch [from, to], newest first. */
export const leavesList = (from: string, to: string) => call<LeaveRow[]>('leaves_list', { from, to })

export const meetingAdd = (input: MeetingInput) => call<MeetingRow>('meeting_add', { input })

/** Corrects a meeting; the back end keeps who and why in 修改记录. */
export const meetingUpdate = (id: string, input: MeetingInput, trace: Trace) =>
  call<MeetingRow>('meeting_update', { id, input, trace })
/** Voids (作废) a meeting recorded by mistake; meetings are never deleted. */
export const meetingVoid = (id: string, trace: Trace) => call<MeetingRow>('meeting_void', { id, trace })

export const meetingsList = (from: string, to: string) => call<MeetingRow[]>('meetings_list', { from, to })

/** Adds a problem to the 问题台账 (待整改). */
export const problemAdd = (input: ProblemInput) => call<ProblemRow>('problem_add', { input })
/** Corrects a problem; the back end keeps who and why in 修改记录. */
export const problemUpdate = (id: string, input: ProblemInput, trace: Trace) =>
  call<ProblemRow>('problem_update', { id, input, trace })
/** 开始整改: 待整改 → 整改中. */
export const problemStart = (id: string) => call<ProblemRow>('problem_start', { id })
/** 销号 (L1): resolution, date and approver all required. */
export const problemClose = (id: string, close: ProblemClose) => call<ProblemRow>('problem_close', { id, close })
/** 撤销销号 of a closing made in error, with who and why. */
export const problemReopen = (id: string, trace: Trace) => call<ProblemRow>('problem_reopen', { id, trace })
/** Voids (作废) a problem entered by mistake; problems are never deleted. */
export const problemVoid = (id: string, trace: Trace) => call<ProblemRow>('problem_void', { id, trace })
/** The 问题台账 as the filter asks; `overdue` computed against the back end's today. */
export const problemsList = (filter: ProblemFilter) => call<ProblemRow[]>('problems_list', { filter })

export const paramsList = () => call<ParamRow[]>('params_list')

export const paramSet = (key: string, value: string, source: string | null) =>
  call<ParamRow>('param_set', { key, value, source })
/** What setting a parameter would change in this month's results; nothing is written. */
export const paramEffect = (key: string, value: string) => call<ParamEffect>('param_effect', { key, value })

/** 修改记录 of one record (table: team_member, leave_request, meeting, parameter), newest first. */
export const correctionsOf = (table: string, id: string) => call<CorrectionRow[]>('corrections_of', { table, id })
/** The newest corrections of one kind of record (null: of all kinds). */
export const correctionsRecent = (table: string | null, limit = 50) =>
  call<CorrectionRow[]>('corrections_recent', { table, limit })

export const holidaysList = (year: number) => call<HolidayRow[]>('holidays_list', { year })

/** kind: 休 (holiday), 班 (make-up working day) or 常 (ordinary day). */
export const holidaySet = (date: string, kind: string, name: string) => call<null>('holiday_set', { date, kind, name })

/** Puts the built-in arrangement of `date` back. */
export const holidayRestore = (date: string) => call<null>('holiday_restore', { date })

/** Writes a ledger for a month into `dir` (memberId only for 'worklog'). */
export const ledgerExport = (kind: LedgerKind, period: string, memberId: string | null, dir: string) =>
  call<LedgerWritten>('ledger_export', { kind, period, memberId, dir })

/** Writes every ledger of the month (each member's 工作日志 included) into `dir`. */
export const ledgerExportAll = (period: string, dir: string) => call<LedgerWritten[]>('ledger_export_all', { period, dir })

/** Shows the folder `dir` in the system's file manager. */
export const ledgerOpenFolder = (dir: string) => call<null>('ledger_open_folder', { dir })

// 走访: visits, 走访进度 (coverage), the picker.

/** Records a visit; the visitors' logs of the day (V4) and the problems found are written with it. */
export const visitAdd = (input: VisitInput) => call<VisitRow>('visit_add', { input })

/** Corrects a visit; the back end keeps who and why in 修改记录. */
export const visitUpdate = (id: string, input: VisitInput, trace: Trace) => call<VisitRow>('visit_update', { id, input, trace })

/** Deletes (删除) a visit recorded by mistake (trace.reason required); it stays in 修改记录. */
export const visitDelete = (id: string, trace: Trace) => call<null>('visit_delete', { id, trace })

/** Visits by household, dates and visiting member, in date order. */
export const visitsList = (filter: VisitFilter) => call<VisitRow[]>('visits_list', { filter })

/** 走访进度 for a month (V1) and the coverage window (V2; null: the `visit.window` parameter). */
export const visitCoverage = (period: string, windowFrom: string | null = null, windowTo: string | null = null) =>
  call<Coverage>('visit_coverage', { period, windowFrom, windowTo })

/** Writes the printable list of households still owed a visit (one group, or a sheet per group) into `dir`. */
export const visitOwedExport = (
  period: string,
  windowFrom: string | null,
  windowTo: string | null,
  groupId: string | null,
  dir: string,
) => call<LedgerWritten>('visit_owed_export', { period, windowFrom, windowTo, groupId, dir })

/** Households for the visit form's picker: still owed a visit this month first, then recent ones. */
export const visitHouseholds = (query: string, period: string) => call<VisitPick[]>('visit_households', { query, period })

// ----- 结对手册 ---------------------------------------------------------------------------------------

/** The handbook of one household and year, in the booklet's order. */
export const handbookGet = (householdId: string, year: number) => call<HandbookView>('handbook_get', { householdId, year })

/** The year's 帮扶计划 / 年度巩固计划; a second save corrects the first (`trace` names who and why). */
export const planSet = (householdId: string, year: number, goals: string, planned: string, date: string, trace: Trace) =>
  call<string>('plan_set', { householdId, year, goals, planned, date, trace })

export const measureAdd = (input: MeasureInput) => call<string>('measure_add', { input })

/** 修改 of a measure (e.g. its status 计划 / 落实中 / 已落实), with who and why (修改记录). */
export const measureSet = (id: string, edit: MeasureEdit, trace: Trace) => call<HandbookMeasure>('measure_set', { id, edit, trace })

/** 作废 a measure entered by mistake, with who and why. */
export const measureVoid = (id: string, trace: Trace) => call<null>('measure_void', { id, trace })

export const evaluationAdd = (input: EvaluationInput) => call<string>('evaluation_add', { input })

/** 修改 of an evaluation (the quarter's one), with who and why (修改记录). */
export const evaluationEdit = (id: string, input: EvaluationInput, trace: Trace) => call<null>('evaluation_edit', { id, input, trace })

export const assessmentAdd = (input: AssessmentInput) => call<string>('assessment_add', { input })

/** 作废 an assessment entered by mistake (a reason required), so a correct one can be added. */
export const assessmentVoid = (id: string, trace: Trace) => call<null>('assessment_void', { id, trace })

/** The year's income accounting; correcting a saved one needs `trace.by`. The sums as saved. */
export const incomeSet = (input: IncomeInput, trace: Trace) => call<IncomeSaved>('income_set', { input, trace })

/** Signs an entry: the pad's PNG in `input.image`, or the photo file at `photo` (read by the back end). */
export const signEntry = (input: SignInput, photo: string | null) => call<string>('sign_entry', { input, photo })

/** A signature image by its SHA-256 as [MIME type, base64], for display; null when not on this laptop. */
export const signatureImage = (hash: string) => call<[string, string] | null>('signature_image', { hash })

/** 更换结对干部: ends the current pairing the day before `from` and starts one with this cadre. */
export const pairingSet = (householdId: string, cadre: string, unit: string, phone: string, from: string) =>
  call<HandbookPairing>('pairing_set', { householdId, cadre, unit, phone, from })

/** 兜底保障 of a household on or off; whether it changed. */
export const bottomSupportSet = (householdId: string, on: boolean) => call<boolean>('bottom_support_set', { householdId, on })

/** 待办 of one member (null: the whole team), for today. */
export const dueList = (memberId: string | null) => call<DueItem[]>('due_list', { memberId })

/** 手册审核 of `year` (null: this year): the village's obvious handbook errors. */
export const handbookAudit = (year: number | null) => call<AuditItem[]>('handbook_audit', { year })

/** The PDF of one household's handbook, or of every household of a group, written to `path`. */
export const handbookPdf = (householdId: string | null, groupId: string | null, year: number, path: string) =>
  call<null>('handbook_pdf', { householdId, groupId, year, path })

/**
 * Calls `handler` with the number of new changes each time a background sync with the county server
 * has been applied. Resolves to the function that stops listening.
 */
export async function onSyncChanged(handler: (changes: number) => void): Promise<() => void> {
  try {
    const unlisten = await listen<number>('sync-changed', (event) => handler(Number(event.payload) || 0))
    return () => void unlisten()
  } catch (reason) {
    throw toIpcError(reason)
  }
}

const ROSTER_FILTER = { name: t.dialogs.rosterFiles, extensions: ['xlsx', 'xls', 'csv'] }
const XLSX_FILTER = { name: t.dialogs.workbooks, extensions: ['xlsx'] }
const BUNDLE_FILTER = { name: t.dialogs.bundles, extensions: ['zhcb'] }
const ENROLLMENT_FILTER = { name: t.dialogs.enrollment, extensions: ['enroll', 'json'] }
const PHOTO_FILTER = { name: t.dialogs.leavePhoto, extensions: ['jpg', 'jpeg', 'png', 'pdf'] }
const PDF_FILTER = { name: t.dialogs.pdf, extensions: ['pdf'] }
const SIGNATURE_FILTER = { name: t.dialogs.signaturePhoto, extensions: ['jpg', 'jpeg', 'png'] }
const ALL_FILES = { name: t.dialogs.allFiles, extensions: ['*'] }

/**
 * The test seam of every dialog: WebDriver cannot drive the native dialogs, so a test pushes the
 * answers onto `window.__zhucun.picks` (a path, or null for "cancelled"); while any are queued, the
 * next dialog takes the first one instead of opening.
 */
function queuedPick(): { answer: string | null } | null {
  const picks = typeof window === 'undefined' ? undefined : window.__zhucun?.picks
  if (!Array.isArray(picks) || picks.length === 0) return null
  const answer = picks.shift()
  return { answer: typeof answer === 'string' ? answer : null }
}

/** Opens a file or folder dialog; null when the user cancelled. */
async function pickOne(options: Parameters<typeof open>[0]): Promise<string | null> {
  const queued = queuedPick()
  if (queued) return queued.answer
  try {
    const picked = await open({ multiple: false, ...options })
    return typeof picked === 'string' ? picked : null
  } catch (reason) {
    throw toIpcError(reason)
  }
}

/** Asks for a roster to read; null when the user cancelled. */
export const pickRosterFile = () => pickOne({ directory: false, filters: [ROSTER_FILTER] })

/**
 * Asks for a folder to write into (usually a USB stick): by default for a bundle, `title` says what
 * for otherwise (e.g. a ledger). Null when the user cancelled.
 */
export const pickFolder = (title: string = t.dialogs.chooseFolder) => pickOne({ directory: true, title })

/** Asks for a photo or scan of a signed 请假条 (.jpg, .png, .pdf); null when the user cancelled. */
export const pickLeavePhoto = () => pickOne({ directory: false, filters: [PHOTO_FILTER] })

/** Asks for a bundle (.zhcb) to read; null when the user cancelled. */
export const pickBundleFile = () => pickOne({ directory: false, filters: [BUNDLE_FILTER] })

/** Asks for the county's enrollment file (e.g. 梅坪村.enroll); null when the user cancelled. */
export const pickEnrollmentFile = () => pickOne({ directory: false, filters: [ENROLLMENT_FILTER, ALL_FILES] })

/** Asks where to save a workbook; null when the user cancelled. */
export async function pickSavePath(defaultPath: string): Promise<string | null> {
  const queued = queuedPick()
  if (queued) return queued.answer
  try {
    return (await save({ defaultPath, filters: [XLSX_FILTER] })) ?? null
  } catch (reason) {
    throw toIpcError(reason)
  }
}

/** Asks where to save a PDF (打印手册); null when the user cancelled. */
export async function pickSavePdf(defaultPath: string): Promise<string | null> {
  const queued = queuedPick()
  if (queued) return queued.answer
  try {
    return (await save({ defaultPath, filters: [PDF_FILTER] })) ?? null
  } catch (reason) {
    throw toIpcError(reason)
  }
}

/** Asks for a photo of a wet signature or thumbprint (.jpg, .png); null when the user cancelled. */
export const pickSignaturePhoto = () => pickOne({ directory: false, filters: [SIGNATURE_FILTER] })
