// Generated from the Rust types by `UPDATE_BINDINGS=1 cargo test -p zhucun-core --test bindings`.
// Do not edit: CI fails when this file and the Rust types disagree.

export type ErrorInfo = { code: string, message: string, detail: string, };

export type AppInfo = { version: string, db_path: string, schema_version: number, counts: StoreCounts, today: string, 
/**
 * Bound to the county by an enrollment file (then the roster comes from the county).
 */
enrolled: boolean, 
/**
 * Changes the county has not yet confirmed.
 */
pending: number, 
/**
 * The database holds the demo village only (演示数据: the banner, and 清除演示数据 on 同步).
 */
demo: boolean, };

export type StoreCounts = { villages: number, households: number, persons: number, cadres: number, pairings_open: number, changes: number, imports: number, };

export type Contents = { villages: number, households: number, persons: number, members: number, logs: number, leaves: number, meetings: number, };

export type ImportReport = { file_name: string, 
/**
 * xlsx, xls, csv or demo.
 */
format: string, encoding: string | null, sheet_name: string | null, dry_run: boolean, 
/**
 * True when the roster was valid (and, unless a dry run, written).
 */
ok: boolean, rows: number, households: number, persons: number, ignored_columns: Array<string>, issues: Array<RowIssue>, issues_total: number, 
/**
 * What the import did or would do; absent when the file was refused.
 */
counts: ImportCounts | null, changes: Array<FieldChange>, changes_total: number, };

export type ExportSummary = { path: string, households: number, persons: number, };

export type RowIssue = { 
/**
 * Row number as the spreadsheet shows it (the header is usually row 1); 0 for the file as a whole.
 */
row: number, 
/**
 * Column header, empty for the file as a whole.
 */
column: string, value: string, 
/**
 * Stable code of the problem.
 */
code: string, 
/**
 * What is wrong, in Chinese.
 */
problem: string, 
/**
 * How to fix it, in Chinese.
 */
fix: string, };

export type ImportCounts = { households_added: number, households_changed: number, households_unchanged: number, persons_added: number, persons_changed: number, persons_left: number, pairings_started: number, pairings_ended: number, cadres_added: number, divisions_added: number, };

export type FieldChange = { household_number: string, 
/**
 * The person's name, for a person's field.
 */
person: string | null, field: string, before: string, after: string, };

export type VillageSummary = { id: string, township: string, name: string, households: number, persons: number, groups: Array<GroupSummary>, };

export type GroupSummary = { id: string, name: string, households: number, };

export type HouseholdFilter = { village_id: string | null, group_id: string | null, category: Category | null, tier: Tier | null, 
/**
 * Name of any member or of the pairing cadre, 户编号, the tail of an ID number, part of the
 * household's phone number (4 digits or more), or the pinyin initials of a member's name (hxp).
 */
query: string | null, offset: number, 
/**
 * 0 means all.
 */
limit: number, };

export type HouseholdRow = { id: string, number: string, township: string, village: string, group: string, head_name: string | null, 
/**
 * The head's ID number, masked: 430527********123X.
 */
head_id_masked: string | null, members: number, category: Category, monitor_category: MonitorCategory | null, risk_status: RiskStatus | null, tier: Tier, cadre: string | null, away: boolean, no_labour: boolean, 
/**
 * When a search found the household through a member other than the head: who, with the
 * relation (胡小明（之子）).
 */
matched: string | null, };

export type HouseholdPage = { rows: Array<HouseholdRow>, total: number, counts: CategoryCounts, 
/**
 * The day the tiers were computed for.
 */
reference_day: string, };

export type CategoryCounts = { lifted: number, monitored: number, ordinary: number, tier_a: number, tier_b: number, };

export type HouseholdDetail = { id: string, number: string, township: string, village: string, group: string, category: Category, monitor_category: MonitorCategory | null, identified_on: string | null, risk_status: RiskStatus | null, eliminated_on: string | null, 
/**
 * 风险类型 (up to five; empty for households that are not monitored).
 */
risk_types: Array<RiskType>, tier: Tier, 
/**
 * When a tier A household moves to tier B (6 months after elimination), if it will.
 */
tier_b_from: string | null, away: boolean, no_labour: boolean, phone: string | null, members: Array<PersonView>, 
/**
 * Persons a later roster no longer listed.
 */
former_members: Array<PersonView>, 
/**
 * Newest first.
 */
pairings: Array<PairingView>, 
/**
 * Its visits, latest first (voided ones left out).
 */
visits: Array<VisitRow>, 
/**
 * The latest visit's day (any mode), and the latest in person.
 */
last_visit: string | null, last_in_person: string | null, 
/**
 * 三保障 and water (义务教育, 基本医疗, 住房安全, 饮水安全) as the latest visit that looked at each
 * found them.
 */
latest_checks: Array<Check>, 
/**
 * Problems of the household in the 问题台账 not yet closed (销号) nor voided.
 */
open_problems: number, 
/**
 * What the visit rules still ask of it (本月走访1次, 2024年度内走访1次): filled by
 * `zhucun_core::visits::household_detail` (the rules are not the store's), empty here.
 */
owed: Array<string>, };

export type PersonView = { id: string, name: string, id_masked: string, sex: Sex, birth_date: string, age: number, relation: Relation, labour: Labour | null, health: Health | null, schooling: Schooling | null, 
/**
 * Disability certificate category and grade (e.g. "42": 4类2级), when known.
 */
disability: string | null, left_on: string | null, };

export type PairingView = { cadre_name: string, cadre_unit: string | null, cadre_phone: string | null, start: string, end: string | null, };

export type Category = "脱贫户" | "监测户" | "一般农户";

export type MonitorCategory = "脱贫不稳定户" | "边缘易致贫户" | "突发严重困难户";

export type RiskStatus = "未消除" | "已消除";

export type RiskType = "因病" | "因学" | "因残" | "因自然灾害" | "因意外事故" | "因产业失败" | "因务工就业不稳" | "缺劳动力" | "其他";

export type Tier = "重点帮扶" | "巩固联系" | "一般";

export type Sex = "男" | "女";

export type SyncStatus = { device: string, role: string, enrolled: boolean, village: string | null, county: string | null, server_url: string | null, 
/**
 * Changes of this device the county has not confirmed.
 */
pending: number, 
/**
 * When the county last confirmed (the last bundle imported from it).
 */
last_ack_at: string | null, conflicts: Array<Conflict>, 
/**
 * County: proposals waiting for a decision.
 */
proposals_open: number, 
/**
 * County: laptops enrolled (not revoked).
 */
devices: number, events: Array<SyncEvent>, };

export type ExportReport = { file: string, changes: number, bytes: number, 
/**
 * Changes the county has not yet confirmed (those in the file and `left`).
 */
pending: number, 
/**
 * Changes that did not fit in this file (a bundle carries at most [`ss::BUNDLE_BUDGET`] bytes of
 * changes): they go with the next export, after the county's return bundle has been imported.
 */
left: number, };

export type BundleImportReport = { sender: string, sender_role: string, 
/**
 * The village of the sender (county: the laptop's village).
 */
village: string | null, applied: number, duplicates: number, proposals: number, gaps: number, 
/**
 * Changes naming tables or columns of a newer app, kept for after an upgrade.
 */
kept_unknown: number, 
/**
 * A laptop enrolled by this bundle (county).
 */
newly_enrolled: boolean, 
/**
 * Laptop: this database turned out to be a copy and took a new device identity (its changes
 * the county had not confirmed go again with the next bundle).
 */
forked: boolean, 
/**
 * Changes of this device the county has not confirmed, after the import.
 */
pending: number, 
/**
 * Changes for this device the sender held back for its next bundle (a bundle carries at most
 * [`ss::BUNDLE_BUDGET`] bytes of changes).
 */
more: number, };

export type EnrollReport = { device: string, county: string, village: string, team: string, server_url: string | null, };

export type NowReport = { server: string, sent: number, received: BundleImportReport, };

export type Conflict = { tbl: string, row_id: string, 
/**
 * What the row is, for people: a household's 户编号, a person's or cadre's name, a member's name.
 */
label: string | null, col: string, ver: number, resolved: boolean, 
/**
 * (device, value as text), the winner first.
 */
values: Array<ConflictValue>, };

export type ConflictValue = { origin: string, value: string | null, winner: boolean, };

export type SyncEvent = { at: string, kind: string, peer: string | null, file: string | null, ok: boolean, changes: number, message: string, };

export type MemberRow = { id: string, team_id: string, cadre_id: string, name: string, role: string, from_date: string, to_date: string | null, phone: string | null, unit: string | null, village: string, 
/**
 * 性别: 男 / 女 (None: not written).
 */
sex: string | null, 
/**
 * 出生年月, YYYY-MM.
 */
birth_month: string | null, 
/**
 * 政治面貌.
 */
politics: string | null, 
/**
 * 原单位及职务, as written (the 派出单位 is `unit`).
 */
post: string | null, };

export type MemberInput = { name: string, role: string, from: string, to: string | null, phone: string | null, 
/**
 * 派出单位.
 */
unit: string | null, 
/**
 * Needed only on an unenrolled laptop with several villages.
 */
village_id: string | null, 
/**
 * 性别: 男 / 女.
 */
sex: string | null, 
/**
 * 出生年月: 1985-03, 1985年3月 …
 */
birth_month: string | null, 
/**
 * 政治面貌: 中共党员, 中共预备党员, 共青团员, 民主党派, 群众.
 */
politics: string | null, 
/**
 * 原单位及职务, as people write it (县农业农村局办公室副主任).
 */
post: string | null, };

export type MemberEdit = { name: string, role: string, from: string, to: string | null, phone: string | null, unit: string | null, sex: string | null, birth_month: string | null, politics: string | null, post: string | null, };

export type Trace = { 
/**
 * The name of the person making the correction.
 */
by: string, reason: string, };

export type CorrectionRow = { id: string, tbl: string, row_id: string, 
/**
 * UTC, ISO 8601.
 */
at: string, 
/**
 * Who made it, as they wrote their name ("" when not asked: a parameter changed from the CLI).
 */
by: string, 
/**
 * The laptop (device id) that made it.
 */
device: string, 
/**
 * Made on this laptop.
 */
here: boolean, 
/**
 * 修改 / 作废 / 离队 / 参数修改 …
 */
action: string, reason: string, changes: Array<CorrectionChange>, };

export type CorrectionChange = { field: string, before: string | null, after: string | null, };

export type LogInput = { member_id: string, date: string, status: string, night: boolean, content: string, categories: Array<string>, };

export type DayView = { member: MemberRow, date: string, log: LogRow | null, week: Array<CalendarCell>, 
/**
 * A2.days and A2.nights for the week of `date`.
 */
findings: Array<Finding>, meetings: Array<MeetingRow>, categories: Array<string>, 
/**
 * What another laptop wrote for the same day before the two synced, when it differs from the
 * day's log: offered on 今日 so nothing typed is lost.
 */
other_logs: Array<LogRow>, 
/**
 * What a log of this day would contradict, by status (see `a_rules::log_warnings`): shown on
 * 今日 for the status and night chosen, before saving.
 */
warnings: Array<LogWarning>, 
/**
 * The member's latest log before `date` (复制昨天 fills the form from it).
 */
previous: LogRow | null, 
/**
 * The visits the member made that day (V4: the log lists them without retyping), in order.
 */
visits: Array<VisitRow>, };

export type FillStatus = { member_id: string, name: string, role: string, 
/**
 * A log exists for the day.
 */
today: boolean, 
/**
 * A log exists for the day before.
 */
yesterday: boolean, 
/**
 * The member was in the team the day before (if not, `yesterday` says nothing).
 */
assigned_yesterday: boolean, };

export type MemberMonth = { member_id: string, name: string, role: string, cells: Array<CalendarCell>, days_in_village: number, nights: number, 
/**
 * Approved leave in the month, in days.
 */
leave_days: number, findings: Array<Finding>, };

export type AttendanceMonth = { period: string, label: string, members: Array<MemberMonth>, };

export type LeaveInput = { member_id: string, kind: string, 
/**
 * `2024-09-10`, `2024-09-10上午` or `2024-09-10下午` (a date alone starts in the morning).
 */
from: string, 
/**
 * A date alone ends in the afternoon.
 */
to: string, reason: string, };

export type ApprovalInput = { 
/**
 * The approver's name.
 */
by: string, 
/**
 * The approver's level: 乡镇 or 县委组织部 (at least the level the leave's length calls for;
 * empty: that level).
 */
level: string, 
/**
 * The day it was approved (on paper it may precede the day it is entered); today when absent.
 */
on: string | null, 
/**
 * 文号 of the approval, if any.
 */
doc: string | null, 
/**
 * A photo (or scan) of the signed 请假条: the path of a .jpg, .png or .pdf file to copy in.
 */
photo: string | null, };

export type MeetingInput = { kind: string, date: string, topic: string, 
/**
 * 地点 (村部会议室、某某组屋场 …).
 */
place: string, 
/**
 * Who led it (主持人), a team member; for 党课 and 领学 the first secretary when not given.
 */
host_id: string | null, 
/**
 * The team members who took part.
 */
attendees: Array<string>, 
/**
 * Who took part besides the team (村两委、群众代表 …): names or a description.
 */
others: string, 
/**
 * How many took part besides the team, when known.
 */
others_count: number | null, 
/**
 * 会议记录: a 周例会 counts for M1 only with at least `meeting.weekly_min_minutes_chars` characters.
 */
minutes: string, };

export type VisitInput = { 
/**
 * The household's id, or its 户编号.
 */
household_id: string, date: string, 
/**
 * 入户 / 电话 / 微信 / 视频.
 */
mode: string, 
/**
 * Visiting team members (ids).
 */
members: Array<string>, 
/**
 * The household's pairing cadre on that date visited (often not a team member).
 */
cadre: boolean, 
/**
 * 走访对象: the person met.
 */
met: string, checks: Array<CheckInput>, 
/**
 * 政策宣传: 明白纸 handed over, policies explained.
 */
policies: string, 
/**
 * 群众诉求.
 */
requests: string, 
/**
 * 走访情况.
 */
content: string, 
/**
 * 下一步.
 */
next_step: string, 
/**
 * Problems to open in the 问题台账 with this save.
 */
problems: Array<NewVisitProblem>, };

export type CheckInput = { item: string, state: string, note: string, };

export type NewVisitProblem = { 
/**
 * 问题类别 (义务教育 / 基本医疗 / …); none: 其他.
 */
category: string | null, 
/**
 * 存在问题: what was found.
 */
description: string, 
/**
 * 整改时限.
 */
deadline: string | null, 
/**
 * 责任人.
 */
owner: string, };

export type VisitFilter = { 
/**
 * The household's id or 户编号.
 */
household_id: string | null, from: string | null, to: string | null, 
/**
 * Visits made by this team member.
 */
member_id: string | null, };

export type Coverage = { 
/**
 * `2024-09`.
 */
period: string, monitored_visited: number, 
/**
 * Monitored households required this month (those exempt left out).
 */
monitored_total: number, window_from: string, window_to: string, 
/**
 * 2024年度 / 2024年7月29日至2024年10月31日.
 */
window_label: string, covered_visited: number, covered_total: number, groups: Array<CoverageGroup>, 
/**
 * Households still owed a visit, by group and 户编号.
 */
owed: Array<OwedHousehold>, };

export type CoverageGroup = { group_id: string, group: string, monitored_visited: number, monitored_total: number, covered_visited: number, covered_total: number, };

export type OwedHousehold = { household_id: string, 
/**
 * 户编号.
 */
number: string, head: string, group_id: string, group: string, phone: string | null, category: Category, 
/**
 * The latest visit (any mode, counted or not).
 */
last_visit: string | null, 
/**
 * V1, V2 or both.
 */
rules: Array<string>, 
/**
 * What is owed: 本月走访1次 / 2024年度内走访1次.
 */
owed: string, 
/**
 * What to look at: the problems the latest visit found, else the plan's checks.
 */
to_check: string, 
/**
 * Whole-family-away today: a phone, WeChat or video visit counts.
 */
away: boolean, 
/**
 * The pairing cadre today.
 */
cadre_name: string | null, };

export type VisitPick = { household_id: string, number: string, head: string, group: string, category: Category, phone: string | null, 
/**
 * Still owed a visit this month (V1) or in the window (V2).
 */
owed: boolean, last_visit: string | null, 
/**
 * Whole-family-away today (a remote visit counts).
 */
away: boolean, 
/**
 * The 全家外出 flag and the day it holds from (null: from before any visit), so the form can say
 * before saving whether a remote visit on the chosen day counts (V3).
 */
away_flag: boolean, away_since: string | null, 
/**
 * The pairing cadre today.
 */
cadre_id: string | null, cadre_name: string | null, };

export type VisitRow = { id: string, household_id: string, 
/**
 * 户编号.
 */
household_number: string, 
/**
 * The head of the household (户主), empty when the roster names none.
 */
head_name: string, group_id: string, 
/**
 * 组.
 */
group: string, village_id: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * 入户 / 电话 / 微信 / 视频 (canonical wording).
 */
mode: string, 
/**
 * Visiting team members (ids) and their names, in the same order.
 */
members: Array<string>, member_names: Array<string>, 
/**
 * The household's pairing cadre, when they visited.
 */
cadre_id: string | null, cadre_name: string | null, 
/**
 * 走访对象: the person met.
 */
met: string, checks: Array<Check>, 
/**
 * 政策宣传: which 明白纸 were handed over, which policies explained.
 */
policies: string, 
/**
 * 群众诉求.
 */
requests: string, 
/**
 * 走访情况 (free text).
 */
content: string, 
/**
 * 下一步.
 */
next_step: string, 
/**
 * It counts for V1/V2 (V3: in person, or remote while the household was whole-family-away).
 */
counts: boolean, 
/**
 * The household was whole-family-away (全家外出) on the visit's day.
 */
away: boolean, 
/**
 * The day it was first written (`YYYY-MM-DD`, the writing laptop's date).
 */
created_at: string | null, 
/**
 * The day it was deleted (作废); it then counts nowhere.
 */
voided_on: string | null, };

export type Check = { item: CheckItem, state: CheckState, note: string, };

export type CheckItem = "家庭变化" | "义务教育" | "基本医疗" | "住房安全" | "饮水安全" | "收入与风险线索" | "政策宣传" | "群众诉求";

export type CheckState = "正常" | "有问题" | "未查看";

export type HolidayRow = { date: string, 
/**
 * 休 / 班 / 常 (常: a built-in day cancelled).
 */
kind: string, name: string, 
/**
 * In the built-in calendar.
 */
builtin: boolean, 
/**
 * Differs from the built-in calendar.
 */
edited: boolean, };

export type ParamEffect = { key: string, 
/**
 * The parameter's Chinese name without its rule code: 每月驻村天数.
 */
name: string, old: string, new: string, unit: string, 
/**
 * The month checked: `2024-09`.
 */
period: string, 
/**
 * Results whose status changes.
 */
findings: number, 
/**
 * People (or teams) with a result that changes.
 */
people: number, 
/**
 * The changes, at most [`EFFECT_LIST_MAX`].
 */
changes: Array<EffectChange>, 
/**
 * 每月驻村天数 20 → 15：本月3人的考勤结果会变（张三 不足→达标、…）。
 */
sentence: string, };

export type EffectChange = { 
/**
 * The member's (or team's) id.
 */
subject: string, 
/**
 * The member (or team).
 */
subject_label: string, 
/**
 * `A1`, `A2.days`, …
 */
rule: string, 
/**
 * 每月驻村天数, 每周在村天数, …
 */
rule_zh: string, 
/**
 * `2024-09`, `2024-W38`, …
 */
period: string, 
/**
 * 达标 / 不足 / 进行中 / 免于要求 (as [`Finding::state_zh`] words them).
 */
before: string, after: string, };

export type LedgerKind = "attendance" | "leave" | "personnel" | "worklog" | "meetings" | "problems" | "visits";

export type LedgerWritten = { path: string, title: string, 
/**
 * Data rows (members, leaves or days).
 */
rows: number, };

export type LogRow = { id: string, member_id: string, member_name: string, date: string, status: string, night: boolean, content: string, categories: Array<string>, updated_at: string, 
/**
 * The day the log was first written (`YYYY-MM-DD`, the writing laptop's local date); null for a
 * log written before this was kept. Later than `date`: the log was back-filled (补填).
 */
created_at: string | null, };

export type LeaveRow = { id: string, member_id: string, member_name: string, kind: string, from_date: string, from_half: string, to_date: string, to_half: string, 
/**
 * Length in days, in half-day steps (calendar days).
 */
days: number, reason: string, requested_on: string, 
/**
 * 乡镇 or 县委组织部, from the length when requested.
 */
approval_level: string, approved_by: string | null, approved_on: string | null, returned_on: string | null, cancelled_on: string | null, 
/**
 * The approver's own level (乡镇 / 县委组织部); `None` for approvals recorded before it was asked.
 */
approver_level: string | null, 
/**
 * 文号 of the approval, if it has one.
 */
approval_doc: string | null, 
/**
 * The photo of the 请假条: its generated file name in the attachments folder of the laptop that
 * took it (photos do not sync), and its SHA-256 (hex).
 */
photo_file: string | null, photo_sha256: string | null, 
/**
 * 作废: the day an approved leave was voided, and why.
 */
voided_on: string | null, void_reason: string | null, 
/**
 * 待审批 / 已批准 / 已销假 / 已撤回 / 已作废.
 */
state: string, };

export type MeetingRow = { id: string, team_id: string, 
/**
 * The canonical wording (a stored 屋场会 or 院落会（屋场会） reads as 院落会).
 */
kind: string, date: string, topic: string, 
/**
 * 地点
 */
place: string, host_id: string | null, host_name: string | null, attendees: Array<string>, attendee_names: Array<string>, 
/**
 * Who took part besides the team (村两委、群众代表 …), as written.
 */
others: string, 
/**
 * How many took part besides the team, when known.
 */
others_count: number | null, minutes: string, 
/**
 * The day it was voided (作废); it then counts for no rule and prints in no ledger.
 */
voided_on: string | null, };

export type ProblemInput = { 
/**
 * The village; when not given, the household's, or the only village in the database.
 */
village_id: string | null, 
/**
 * The household, for a household's problem; none for the village's.
 */
household_id: string | null, 
/**
 * 问题来源: 走访 / 会议 / 督导检查 / 自查 / 上级交办.
 */
source: string, 
/**
 * 问题类别: 义务教育 / 基本医疗 / 住房安全 / 饮水安全 / 收入就业 / 环境卫生 / 政策落实 / 其他.
 */
category: string, 
/**
 * 存在问题.
 */
description: string, found_on: string, 
/**
 * 责任人 (may be left empty and written later).
 */
owner: string, 
/**
 * 整改时限.
 */
deadline: string | null, };

export type ProblemClose = { 
/**
 * 整改措施及结果.
 */
resolution: string, 
/**
 * 销号日期.
 */
closed_on: string | null, 
/**
 * 销号审批人.
 */
approver: string, };

export type ProblemRow = { id: string, village_id: string, village_name: string, township: string, household_id: string | null, 
/**
 * 户编号, for a household's problem.
 */
household_number: string | null, 
/**
 * The household head's name (户主), for a household's problem.
 */
head_name: string | null, group_id: string | null, 
/**
 * 组, for a household's problem.
 */
group_name: string | null, visit_id: string | null, 
/**
 * The date of the visit that found it.
 */
visit_date: string | null, 
/**
 * Canonical wording of 来源, 类别 and 状态 (a stored variant reads as its canonical word).
 */
source: string, category: string, description: string, found_on: string, owner: string, deadline: string | null, status: string, resolution: string | null, closed_on: string | null, approver: string | null, voided_on: string | null, 
/**
 * Not closed, not voided, and its deadline before the day asked (已超期): the item, not a person.
 */
overdue: boolean, };

export type ProblemFilter = { 
/**
 * 待整改, 整改中 or 已销号; also "未销号" (both open states).
 */
status: string | null, category: string | null, group_id: string | null, household_id: string | null, 
/**
 * Only those overdue on the day asked.
 */
overdue: boolean, 
/**
 * Voided ones too (marked).
 */
voided: boolean, };

export type ParamRow = { key: string, value: string, default: string, unit: string, label: string, source: string, 
/**
 * The stored value differs from the default.
 */
changed: boolean, 
/**
 * For a list parameter (`leave.kinds`), every item its value may hold, in the domain's order;
 * empty for a number.
 */
choices: Array<string>, };

export type Finding = { 
/**
 * `A1`, `A2.days`, `A2.nights`, `A3`, `M1`, `M2`, `M3`.
 */
rule: string, 
/**
 * The member's (or team's) id.
 */
subject: string, subject_label: string, 
/**
 * `2024-09`, `2024-W38`, `2024-H2`, …
 */
period: string, required: number, found: number, status: Status, explain: string, 
/**
 * Ids of the records that count (work logs, leaves, meetings).
 */
records: Array<string>, 
/**
 * The period has not ended yet on the day checked: a shortfall may still be made up.
 */
in_progress: boolean, };

export type Status = "ok" | "short" | "exempt";

export type CalendarCell = { date: string, assigned: boolean, 
/**
 * 在村 / 公务外出 / 请假 / 休息, when a log exists.
 */
status: LogStatus | null, night: boolean, 
/**
 * Approved leave half days on that day (0–2).
 */
leave_halves: number, 
/**
 * The holiday's or make-up day's name.
 */
holiday: string | null, makeup: boolean, weekend: boolean, };

export type LogWarning = { 
/**
 * `log.leave_night`, `log.leave_unapproved` or `log.official`.
 */
code: string, 
/**
 * The status it is about.
 */
status: LogStatus, 
/**
 * Only when 当晚住宿 is ticked.
 */
night_only: boolean, message: string, };

export type LogStatus = "在村" | "公务外出" | "请假" | "休息";

export type Relation = "户主" | "配偶" | "之子" | "之女" | "之儿媳" | "之女婿" | "之孙子" | "之孙女" | "之父" | "之母" | "之兄弟姐妹" | "其他";

export type Labour = "普通劳动力" | "技能劳动力" | "弱劳动力或半劳动力" | "丧失劳动力" | "无劳动力";

export type Health = "健康" | "长期慢性病" | "患有大病" | "残疾";

export type Schooling = "非在校生" | "学前教育" | "小学" | "初中" | "高中" | "中职" | "高职" | "大专" | "本科及以上";

export type SignatureView = { id: string, 
/**
 * 帮扶责任人 or 农户.
 */
role: string, signer: string, signed_on: string, 
/**
 * 屏幕签名 or 照片.
 */
method: string, 
/**
 * The image's SHA-256 (its key in `signature_image`).
 */
image: string, };

export type Signatures = { cadre: SignatureView | null, household: SignatureView | null, };

export type HandbookCover = { household_id: string, 
/**
 * 户编号.
 */
number: string, head: string, township: string, village: string, group: string, address: string, 
/**
 * The head's or the household's phone, as the roster has it.
 */
phone: string, 
/**
 * 脱贫户 / 监测户.
 */
category: string, 
/**
 * 脱贫不稳定户 … (monitored only).
 */
monitor_category: string, identified_on: string | null, 
/**
 * 未消除 / 已消除.
 */
risk: string, eliminated_on: string | null, risk_types: Array<string>, 
/**
 * `A`, `B`, or empty (an ordinary household keeps no handbook).
 */
tier: string, 
/**
 * 帮扶（A类：…） — what the tier means, one phrase.
 */
tier_zh: string, no_labour: boolean, bottom_support: boolean, away: boolean, };

export type HandbookMember = { name: string, relation: string, sex: string, age: number, 
/**
 * Masked: 430527********123X.
 */
id_masked: string, labour: string, health: string, schooling: string, employment: string, left_on: string | null, };

export type HandbookPairing = { id: string, cadre_id: string, name: string, unit: string, phone: string, start: string, end: string | null, };

export type HandbookPlan = { id: string, date: string, 
/**
 * 帮扶计划 / 年度巩固计划.
 */
title: string, goals: string, planned: string, signatures: Signatures, };

export type HandbookMeasure = { id: string, category: string, 
/**
 * 开发式 / 保障式.
 */
kind: string, content: string, amount_fen: number | null, from: string, to: string | null, 
/**
 * 计划 / 落实中 / 已落实.
 */
status: string, };

export type HandbookContact = { id: string, date: string, 
/**
 * 入户 / 电话 / 微信 / 视频.
 */
mode: string, in_person: boolean, 
/**
 * Who visited: team members' and the cadre's names, joined by 、.
 */
visitors: string, 
/**
 * The household's pairing cadre on that day took part.
 */
by_cadre: boolean, content: string, next_step: string, signatures: Signatures, };

export type HandbookEvaluation = { id: string, 
/**
 * `2024-Q3`.
 */
quarter: string, date: string, changes: string, income_trend: string, risk: string, signatures: Signatures, };

export type HandbookAssessment = { id: string, quarter: string, date: string, 
/**
 * 建议消除 / 继续监测.
 */
result: string, reasons: string, assessors: string, signatures: Signatures, };

export type IncomeLine = { item: IncomeItem, kind: IncomeKind, fen: number, };

export type HandbookIncome = { id: string, year: number, date: string, 
/**
 * Every item of the four kinds in the national order, 0 where none was typed.
 */
lines: Array<IncomeLine>, sums: IncomeSums, 
/**
 * The size used, the roster's present members today, and why they differ (when overridden).
 */
size: number, roster_size: number, size_reason: string | null, 
/**
 * The previous year's 人均纯收入, when accounted, and the change on it.
 */
previous_per_capita: number | null, change_fen: number | null, flags: FocusFlags, 
/**
 * 三类人群 in words (empty when none).
 */
flags_zh: string, signatures: Signatures, };

export type HandbookView = { year: number, 
/**
 * The day it was made (for "as of" on the cover).
 */
as_of: string, cover: HandbookCover, 
/**
 * The current pairing first, then earlier ones.
 */
pairings: Array<HandbookPairing>, members: Array<HandbookMember>, plan: HandbookPlan | null, measures: Array<HandbookMeasure>, contacts: Array<HandbookContact>, evaluations: Array<HandbookEvaluation>, 
/**
 * Monitored households with risk not eliminated (D3).
 */
assessments: Array<HandbookAssessment>, 
/**
 * Whether the household needs assessments this year (so the print says 不适用 otherwise).
 */
assessments_apply: boolean, income: HandbookIncome | null, 
/**
 * This household's 手册审核 lines for the year.
 */
audit: Array<AuditItem>, };

export type IncomeItem = "工资性收入" | "种植业" | "养殖业" | "林业" | "其他生产经营性收入" | "财产性收入" | "养老金" | "低保金" | "特困供养金" | "生态补偿" | "各类补贴" | "其他转移性收入";

export type IncomeKind = "工资性收入" | "生产经营性收入" | "财产性收入" | "转移性收入";

export type IncomeSums = { wage: number, business: number, property: number, transfer: number, 
/**
 * 年收入: the four kinds together.
 */
total: number, 
/**
 * 生产经营性支出.
 */
costs: number, 
/**
 * 纯收入 = 年收入 − 生产经营性支出 (may be negative after a bad year).
 */
net: number, 
/**
 * 人均纯收入 = 纯收入 ÷ household size, rounded half away from zero to the 分.
 */
per_capita: number, };

export type FocusFlags = { 
/**
 * 人均纯收入 lower than the previous year's accounting.
 */
down: boolean, 
/**
 * 人均纯收入 under `income.focus_line`.
 */
under_line: boolean, 
/**
 * A 监测户.
 */
monitored: boolean, };

export type MeasureCategory = "产业" | "就业" | "公益岗位" | "健康" | "教育" | "义务教育保障" | "住房安全保障" | "饮水安全保障" | "综合保障" | "金融" | "社会帮扶" | "搬迁" | "生产生活条件改善" | "基础设施建设";

export type MeasureStatus = "计划" | "落实中" | "已落实";

export type AssessmentResult = "建议消除" | "继续监测";

export type SignRole = "帮扶责任人" | "农户";

export type SignMethod = "屏幕签名" | "照片";

export type Signable = "visit" | "handbook_plan" | "evaluation" | "assessment" | "income";

export type AuditItem = { 
/**
 * A stable code: `P4.unsigned`, `P4.sums`, `P4.per_capita`, `P4.future`, `P4.before_pairing`,
 * `P2.month_visit`, `D2`, `D4`, `D5`, `P2.income` / `P3.income`, …
 */
code: string, household_id: string, 
/**
 * 户编号.
 */
number: string, head: string, 
/**
 * The entry to fix (a `Signable` table name, `measure`, `household`, or empty for one missing).
 */
entry: string, entry_id: string | null, date: string | null, 
/**
 * What is wrong, one Chinese sentence.
 */
message: string, 
/**
 * How to fix it.
 */
fix: string, };

export type DueItem = { 
/**
 * The rule: `P1`, `P2.visit`, `P3.contact`, `D1`, `D3`, `P4.unsigned`, …
 */
rule: string, household_id: string, number: string, head: string, group: string, 
/**
 * The pairing cadre's id and name, when paired.
 */
cadre_id: string | null, cadre: string | null, 
/**
 * The period owed: `2024-09`, `2024-Q3`, `2024`.
 */
period: string, 
/**
 * Due by this day (end of the period, or a D1/D2 deadline).
 */
due_by: string, 
/**
 * Past `due_by` on the day asked.
 */
overdue: boolean, 
/**
 * One Chinese sentence: why it is owed.
 */
reason: string, action: DueAction, 
/**
 * For `Sign`: the entry to sign.
 */
entry: string | null, entry_id: string | null, };

export type DueAction = "pairing" | "plan" | "measure" | "visit" | "contact" | "evaluation" | "assessment" | "income" | "sign";

export type MeasureInput = { 
/**
 * The household's id or 户编号.
 */
number: string, 
/**
 * 产业 / 就业 / … (the national list).
 */
category: string, content: string, 
/**
 * In 分, optional, ≥ 0.
 */
amount_fen: number | null, from: string, to: string | null, 
/**
 * 计划 / 落实中 / 已落实; none: 计划.
 */
status: string | null, };

export type MeasureEdit = { category: string | null, content: string | null, amount_fen: number | null, 
/**
 * Remove the amount.
 */
clear_amount: boolean, from: string | null, to: string | null, 
/**
 * Remove the end date.
 */
clear_to: boolean, status: string | null, };

export type EvaluationInput = { number: string, 
/**
 * `2024-Q3` (also `2024年第三季度`).
 */
quarter: string, date: string, 
/**
 * What changed.
 */
changes: string, income_trend: string, 
/**
 * Remaining risk.
 */
risk: string, };

export type AssessmentInput = { number: string, quarter: string, date: string, 
/**
 * 建议消除 / 继续监测.
 */
result: string, reasons: string, assessors: string, };

export type IncomeInput = { number: string, year: number, items: Array<[IncomeItem, number]>, 
/**
 * 生产经营性支出, in 分.
 */
costs_fen: number, 
/**
 * The household size used, when it differs from the roster's present members (a reason needed).
 */
size: number | null, size_reason: string | null, date: string, };

export type IncomeSaved = { id: string, sums: IncomeSums, size: number, 
/**
 * Whether an earlier accounting of the year was corrected (修改) rather than a new one written.
 */
updated: boolean, };

export type SignInput = { entry: Signable, row_id: string, role: SignRole, signer: string, method: SignMethod, 
/**
 * The PNG (pad) or the JPEG/PNG photo as read.
 */
image: Array<number>, date: string, };
