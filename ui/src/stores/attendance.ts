/**
 * The 考勤 page's data: the chosen month (not after the month of `app.info.today`), every member's
 * month as the back end counts it (calendar cells, totals, A1/A2/A3 findings), the ISO weeks the
 * month's A2 findings belong to, and whose calendar is open. Failures are kept in `error`, never
 * thrown. Must not touch the DOM or show messages.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { AttendanceMonth, Finding, IpcError, MemberMonth } from '@/ipc'
import { useAppStore } from './app'
import { addMonths, monthOf, weekRange, weeksOfMonth } from './dates'
import { useTeamStore } from './team'

/** One ISO week column: '2024-W38', its number, Monday and Sunday. */
export interface WeekColumn {
  period: string
  week: number
  monday: string
  sunday: string
}

/** One member's A2 findings for one week. */
export interface WeekCell {
  days: Finding | null
  nights: Finding | null
}

export const useAttendanceStore = defineStore('attendance', () => {
  const app = useAppStore()
  const team = useTeamStore()

  /** The month of today: the last month one can choose. */
  const thisMonth = computed(() => (app.info ? monthOf(app.info.today) : null))
  /** The chosen month, 'YYYY-MM'; null until the app info is known. */
  const period = ref<string | null>(null)
  const month = ref<AttendanceMonth | null>(null)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** The member whose calendar is open (null: the first of the month). */
  const selectedId = ref<string | null>(null)

  /** The month on screen only when it is the chosen one. */
  const current = computed(() => (month.value && month.value.period === period.value ? month.value : null))
  const members = computed<MemberMonth[]>(() => current.value?.members ?? [])
  const selected = computed<MemberMonth | null>(
    () => members.value.find((m) => m.member_id === selectedId.value) ?? members.value[0] ?? null,
  )
  const canGoNext = computed(() => period.value !== null && thisMonth.value !== null && period.value < thisMonth.value)

  /**
   * The weeks the month's A2 findings are for: every ISO week whose Monday is in the month (how the
   * rules count), plus any other week a finding names.
   */
  const weeks = computed<WeekColumn[]>(() => {
    if (!period.value) return []
    const periods = new Set(weeksOfMonth(period.value))
    for (const m of members.value) for (const f of m.findings) if (f.rule.startsWith('A2.')) periods.add(f.period)
    return [...periods].sort().map((p) => ({ period: p, ...weekRange(p) }))
  })

  const findingOf = (m: MemberMonth, rule: string, forPeriod?: string): Finding | null =>
    m.findings.find((f) => f.rule === rule && (forPeriod === undefined || f.period === forPeriod)) ?? null
  /** A member's A1 finding for the month. */
  const monthFinding = (m: MemberMonth) => findingOf(m, 'A1')
  /** A member's A2.days and A2.nights for one week. */
  const weekCell = (m: MemberMonth, week: string): WeekCell => ({
    days: findingOf(m, 'A2.days', week),
    nights: findingOf(m, 'A2.nights', week),
  })
  /** A member's leave approvals (A3) touching the month. */
  const approvals = (m: MemberMonth) => m.findings.filter((f) => f.rule === 'A3')

  let latest = 0
  /** Reads a month; an answer overtaken by a later request is dropped. */
  async function load(p: string): Promise<void> {
    const seq = ++latest
    period.value = p
    loading.value = true
    try {
      const answer = await ipc.attendanceMonth(p)
      if (seq !== latest) return
      month.value = answer
      error.value = null
    } catch (e) {
      if (seq === latest) error.value = e as IpcError
    } finally {
      if (seq === latest) loading.value = false
    }
  }

  /** Opens the page on the month last chosen, or today's month; also reads the team. */
  async function open(): Promise<void> {
    await Promise.all([app.ensureLoaded(), team.load()])
    const p = period.value ?? thisMonth.value
    if (p) await load(p)
  }

  const reload = () => (period.value ? load(period.value) : Promise.resolve())
  const prev = () => (period.value ? load(addMonths(period.value, -1)) : Promise.resolve())
  const next = () => (period.value && canGoNext.value ? load(addMonths(period.value, 1)) : Promise.resolve())

  function select(memberId: string) {
    selectedId.value = memberId
  }

  return {
    thisMonth,
    period,
    month,
    loading,
    error,
    selectedId,
    members,
    selected,
    canGoNext,
    weeks,
    monthFinding,
    weekCell,
    approvals,
    open,
    load,
    reload,
    prev,
    next,
    select,
  }
})
