/**
 * Builders of what the back end answers, for the Vitest specs: one complete, valid value each, which a
 * spec adjusts with overrides. Test-only: nothing outside `*.spec.ts` imports this.
 */
import type {
  AppInfo,
  AttendanceMonth,
  CalendarCell,
  DayView,
  Finding,
  HolidayRow,
  HouseholdDetail,
  LeaveRow,
  LogRow,
  LogWarning,
  MeetingRow,
  MemberMonth,
  MemberRow,
  ParamRow,
  StoreCounts,
  SyncStatus,
  VisitPick,
  VisitRow,
  Coverage,
  OwedHousehold,
} from '@/ipc'
import { addDays, daysOfMonth, weekdayOf } from '@/stores/dates'

export const LAPTOP = 'a1b2c3d4e5f60718'
export const COUNTY = 'c0c0c0c0c0c0c0c0'

/** An enrolled laptop with a 300-household village, 12 changes waiting for the county. */
export function appInfo(overrides: Partial<AppInfo> = {}, counts: Partial<StoreCounts> = {}): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/tmp/zhucun.db',
    schema_version: 3,
    today: '2024-08-05',
    enrolled: true,
    pending: 12,
    demo: false,
    ...overrides,
    counts: { villages: 1, households: 300, persons: 1100, cadres: 0, pairings_open: 0, changes: 0, imports: 0, ...overrides.counts, ...counts },
  }
}

/** The 同步 status of that laptop: nothing confirmed yet, no server, no conflicts. */
export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    device: LAPTOP,
    role: 'laptop',
    enrolled: true,
    village: '梅坪村',
    county: COUNTY,
    server_url: null,
    pending: 12,
    last_ack_at: null,
    conflicts: [],
    proposals_open: 0,
    devices: 0,
    events: [],
    ...overrides,
  }
}

// ----- 请销假 and 设置 (members, findings and meetings: see the team's records below) ----------------

/** A pending 事假 of one and a half days (9月19日上午—9月20日上午), for the township to approve. */
export function leaveRow(overrides: Partial<LeaveRow> = {}): LeaveRow {
  return {
    id: 'lv-1',
    member_id: 'm-longxm',
    member_name: '龙雪梅',
    kind: '事假',
    from_date: '2024-09-19',
    from_half: '上午',
    to_date: '2024-09-20',
    to_half: '上午',
    days: 1.5,
    reason: '孩子开家长会',
    requested_on: '2024-09-18',
    approval_level: '乡镇',
    approved_by: null,
    approved_on: null,
    returned_on: null,
    cancelled_on: null,
    approver_level: null,
    approval_doc: null,
    photo_file: null,
    photo_sha256: null,
    voided_on: null,
    void_reason: null,
    state: '待审批',
    ...overrides,
  }
}

/** A rule parameter at its default: the township approves up to 3 days of leave. */
export function paramRow(overrides: Partial<ParamRow> = {}): ParamRow {
  return {
    key: 'leave.township_max_days',
    value: '3',
    default: '3',
    unit: '天',
    label: '乡镇可审批的请假天数上限（A3）',
    source: '绥农发〔2024〕5号 百日攻坚行动方案',
    changed: false,
    choices: [],
    ...overrides,
  }
}

/** A built-in holiday, unchanged: 国庆节 on 2024-10-01. */
export function holidayRow(overrides: Partial<HolidayRow> = {}): HolidayRow {
  return { date: '2024-10-01', kind: '休', name: '国庆节', builtin: true, edited: false, ...overrides }
}

// ---- The team's records (今日 and 考勤; members, findings and meetings for the other pages too) ----
// A team of three at 梅坪村 in September 2024. "Today" is Thursday 26 September (week 39, 23–29
// September, whose Sunday the 29th is the make-up working day before 国庆节); 中秋节 was 15–17 September.

/** Thursday of ISO week 2024-W39. */
export const TEAM_TODAY = '2024-09-26'
export const TEAM_ID = 't-meiping'

/** A team member: by default 杨帆, 第一书记 since 1 March 2024. */
export function member(overrides: Partial<MemberRow> = {}): MemberRow {
  return {
    id: 'm-yangfan',
    team_id: TEAM_ID,
    cadre_id: 'c-yangfan',
    name: '杨帆',
    role: '第一书记',
    from_date: '2024-03-01',
    to_date: null,
    phone: '13800000001',
    unit: '县农业农村局',
    village: '梅坪村',
    sex: '男',
    birth_month: '1985-03',
    politics: '中共党员',
    post: '县农业农村局办公室副主任',
    ...overrides,
  }
}

/** 杨帆 (第一书记), 龙雪梅 (队员), and 吴志刚 (队员, left on 20 September). */
export const TEAM: MemberRow[] = [
  member(),
  member({ id: 'm-longxm', cadre_id: 'c-longxm', name: '龙雪梅', role: '队员', phone: '13800000002', unit: '县人社局' }),
  member({ id: 'm-wuzg', cadre_id: 'c-wuzg', name: '吴志刚', role: '队员', to_date: '2024-09-20', phone: null, unit: '乡人民政府' }),
]

/** The built-in calendar of September 2024 around the pages' days. */
const HOLIDAYS: Record<string, { holiday: string; makeup: boolean }> = {
  '2024-09-14': { holiday: '中秋节', makeup: true },
  '2024-09-15': { holiday: '中秋节', makeup: false },
  '2024-09-16': { holiday: '中秋节', makeup: false },
  '2024-09-17': { holiday: '中秋节', makeup: false },
  '2024-09-29': { holiday: '国庆节', makeup: true },
}

/** One day of a member's calendar: assigned, no log, holidays and weekends as in 2024. */
export function cell(date: string, overrides: Partial<CalendarCell> = {}): CalendarCell {
  const h = HOLIDAYS[date]
  return {
    date,
    assigned: true,
    status: null,
    night: false,
    leave_halves: 0,
    holiday: h?.holiday ?? null,
    makeup: h?.makeup ?? false,
    weekend: weekdayOf(date) > 5,
    ...overrides,
  }
}

/** 7 cells from `monday`; `days` overrides some of them by date. */
export function weekCells(monday: string, days: Record<string, Partial<CalendarCell>> = {}): CalendarCell[] {
  return Array.from({ length: 7 }, (_, i) => {
    const d = addDays(monday, i)
    return cell(d, days[d])
  })
}

/** A rule's finding: by default 杨帆's A2.days for week 39, 3 of 5 so far. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    rule: 'A2.days',
    subject: 'm-yangfan',
    subject_label: '杨帆',
    period: '2024-W39',
    required: 5,
    found: 3,
    status: 'short',
    explain: '2024年第39周（9月23日—9月29日）要求在村5天；工作日志记在村3天：9月23日—25日。',
    records: ['l-0923', 'l-0924', 'l-0925'],
    in_progress: true,
    ...overrides,
  }
}

/** A work log: by default 杨帆 in the village on 26 September, staying the night. */
export function logRow(overrides: Partial<LogRow> = {}): LogRow {
  return {
    id: 'l-0926',
    member_id: 'm-yangfan',
    member_name: '杨帆',
    date: TEAM_TODAY,
    status: '在村',
    night: true,
    content: '走访三组杨再兴、吴秀英两户，核实务工收入',
    categories: ['入户走访', '防返贫监测'],
    updated_at: '2024-09-26T10:12:00.000Z',
    created_at: TEAM_TODAY,
    ...overrides,
  }
}

/** The team's weekly meeting on Thursday 26 September, led by 杨帆. */
export function meeting(overrides: Partial<MeetingRow> = {}): MeetingRow {
  return {
    id: 'mt-0926',
    team_id: TEAM_ID,
    kind: '周例会',
    date: TEAM_TODAY,
    topic: '防返贫监测排查',
    place: '村部会议室',
    host_id: 'm-yangfan',
    host_name: '杨帆',
    attendees: ['m-yangfan', 'm-longxm'],
    attendee_names: ['杨帆', '龙雪梅'],
    others: '',
    others_count: null,
    minutes: '',
    voided_on: null,
    ...overrides,
  }
}

export const CATEGORIES = [
  '入户走访',
  '防返贫监测',
  '环境卫生整治',
  '农业生产',
  '基层党建',
  '会议',
  '政策宣传',
  '产业发展',
  '就业帮扶',
  '矛盾纠纷调解',
  '其他',
]

/**
 * What 今日 shows for 杨帆 on Thursday 26 September before the day's log: in the village with the
 * night from Monday to Wednesday, so 3 of 5 days and 3 of 4 nights so far.
 */
/** The warnings a day's log could get (crates/domain/src/rules/attendance.rs `log_warnings`). */
export function logWarnings({ approvedLeave = false } = {}): LogWarning[] {
  return [
    { code: 'log.leave_night', status: '请假', night_only: true, message: '请假的日子勾选了当晚在村住宿：这一晚会计入本周的住村晚数。如果当晚不在村，请取消勾选。' },
    ...(approvedLeave
      ? []
      : [{ code: 'log.leave_unapproved', status: '请假' as const, night_only: false, message: '这一天没有已批准的请假：日志记为请假不会减少本周的在村要求。请在“请销假”登记请假并审批。' }]),
    {
      code: 'log.official',
      status: '公务外出',
      night_only: false,
      message: '公务外出不算在村：按县里的规定，只有日志记为在村的日子计入每月在村天数（要求20天）和每周在村天数（要求5天），公务外出也不减少要求（经批准的请假和法定节假日才减少每周要求）。当晚在村住宿仍计入住村晚数。',
    },
  ]
}

export function dayView(overrides: Partial<DayView> = {}): DayView {
  const inVillage = { status: '在村' as const, night: true }
  return {
    member: member(),
    date: TEAM_TODAY,
    log: null,
    week: weekCells('2024-09-23', { '2024-09-23': inVillage, '2024-09-24': inVillage, '2024-09-25': inVillage }),
    findings: [
      finding(),
      finding({
        rule: 'A2.nights',
        required: 4,
        found: 3,
        explain: '2024年第39周（9月23日—9月29日）要求住村4晚；工作日志记住村3晚：9月23日—25日。',
      }),
    ],
    meetings: [],
    categories: CATEGORIES,
    other_logs: [],
    // As the back end gives them for a day without approved leave.
    warnings: logWarnings(),
    previous: null,
    visits: [],
    ...overrides,
  }
}

/** One member's month: cells for every day of `period` (overridden by date), totals from them. */
export function memberMonth(
  who: MemberRow,
  period: string,
  days: Record<string, Partial<CalendarCell>>,
  findings: Finding[],
): MemberMonth {
  const cells = daysOfMonth(period).map((d) =>
    cell(d, {
      assigned: d >= who.from_date && (who.to_date === null || d <= who.to_date),
      ...days[d],
    }),
  )
  return {
    member_id: who.id,
    name: who.name,
    role: who.role,
    cells,
    days_in_village: cells.filter((c) => c.status === '在村').length,
    nights: cells.filter((c) => c.night).length,
    leave_days: cells.reduce((n, c) => n + c.leave_halves, 0) / 2,
    findings,
  }
}

export function attendanceMonth(period: string, members: MemberMonth[]): AttendanceMonth {
  return { period, label: `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`, members }
}

// ---- 走访 (visits) at 梅坪村 in September 2024 ---------------------------------------------------------

/** A household to pick for a visit: by default 张德明's, a 监测户 of 3组 not yet visited this month. */
export function visitPick(overrides: Partial<VisitPick> = {}): VisitPick {
  return {
    household_id: 'h-zhang',
    number: '430527100201030001',
    head: '张德明',
    group: '3组',
    category: '监测户',
    phone: '13900000003',
    owed: true,
    last_visit: '2024-08-20',
    away: false,
    away_flag: false,
    away_since: null,
    cadre_id: 'c-liu',
    cadre_name: '刘建国',
    ...overrides,
  }
}

/** A visit: by default 杨帆's in-person visit to 张德明's household on 26 September, nothing checked. */
export function visitRow(overrides: Partial<VisitRow> = {}): VisitRow {
  return {
    id: 'v-1',
    household_id: 'h-zhang',
    household_number: '430527100201030001',
    head_name: '张德明',
    group_id: 'g-3',
    group: '3组',
    village_id: 'vil-meiping',
    date: TEAM_TODAY,
    mode: '入户',
    members: ['m-yangfan'],
    member_names: ['杨帆'],
    cadre_id: null,
    cadre_name: null,
    met: '户主本人',
    checks: [],
    policies: '',
    requests: '',
    content: '',
    next_step: '',
    counts: true,
    away: false,
    created_at: TEAM_TODAY,
    voided_on: null,
    ...overrides,
  }
}

/** A household still owed a visit: by default 张德明's, this month (V1). */
export function owedHousehold(overrides: Partial<OwedHousehold> = {}): OwedHousehold {
  return {
    household_id: 'h-zhang',
    number: '430527100201030001',
    head: '张德明',
    group_id: 'g-3',
    group: '3组',
    phone: '13900000003',
    category: '监测户',
    last_visit: '2024-08-20',
    rules: ['V1'],
    owed: '本月走访1次',
    to_check: '住房安全：屋顶漏雨',
    away: false,
    cadre_name: '刘建国',
    ...overrides,
  }
}

/** 走访进度 of September 2024: 3 of 5 monitored households visited, 40 of 120 in the year. */
export function coverage(overrides: Partial<Coverage> = {}): Coverage {
  return {
    period: '2024-09',
    monitored_visited: 3,
    monitored_total: 5,
    window_from: '2024-01-01',
    window_to: '2024-12-31',
    window_label: '2024年度',
    covered_visited: 40,
    covered_total: 120,
    groups: [
      { group_id: 'g-1', group: '1组', monitored_visited: 2, monitored_total: 2, covered_visited: 25, covered_total: 60 },
      { group_id: 'g-3', group: '3组', monitored_visited: 1, monitored_total: 3, covered_visited: 15, covered_total: 60 },
    ],
    owed: [
      owedHousehold(),
      owedHousehold({ household_id: 'h-li', number: '430527100201010007', head: '李秀英', group_id: 'g-1', group: '1组', category: '脱贫户', rules: ['V2'], owed: '2024年度内走访1次', last_visit: null }),
    ],
    ...overrides,
  }
}

/** 张德明's household: a 监测户 (突发严重困难户) of 3组, risk not eliminated, without labour capacity, paired with 刘建国. */
export function householdDetail(overrides: Partial<HouseholdDetail> = {}): HouseholdDetail {
  return {
    id: 'h-zhang',
    number: '430527100201030001',
    township: '武阳镇',
    village: '梅坪村',
    group: '3组',
    category: '监测户',
    monitor_category: '突发严重困难户',
    identified_on: '2024-03-15',
    risk_status: '未消除',
    eliminated_on: null,
    risk_types: ['因病', '缺劳动力'],
    tier: '重点帮扶',
    tier_b_from: null,
    away: false,
    no_labour: true,
    phone: '13900000003',
    members: [
      {
        id: 'p-zhang',
        name: '张德明',
        id_masked: '430527********1234',
        sex: '男',
        birth_date: '1962-05-01',
        age: 62,
        relation: '户主',
        labour: '丧失劳动力',
        health: '患有大病',
        schooling: '非在校生',
        disability: null,
        left_on: null,
      },
    ],
    former_members: [],
    pairings: [{ cadre_name: '刘建国', cadre_unit: '县林业局', cadre_phone: '13973900009', start: '2024-03-20', end: null }],
    visits: [],
    last_visit: null,
    last_in_person: null,
    latest_checks: [],
    open_problems: 0,
    owed: [],
    ...overrides,
  }
}
