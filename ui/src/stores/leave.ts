/**
 * 请销假: the leaves touching the month the page shows, and the steps of a leave — request, approval,
 * report of return (销假), withdrawal (撤回). The back end decides the approval level and the state;
 * `leaveHalves` only previews the length while the form is filled in. Must not show messages: the
 * actions throw their `IpcError` to the page.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { ApprovalInput, IpcError, LeaveInput, LeaveRow, LedgerWritten, Trace } from '@/ipc'
import { addDays, addMonths, daysBetween, monthOf } from './dates'

export type Half = '上午' | '下午'

/** The first and last day of a month: '2024-02' → ['2024-02-01', '2024-02-29']. */
export const monthBounds = (period: string): [string, string] => [`${period}-01`, addDays(`${addMonths(period, 1)}-01`, -1)]

/**
 * The length of a leave in half days, both ends included: 9月19日上午—9月19日下午 is 2 halves,
 * 9月19日下午—9月20日上午 is 2 as well. Zero or less when the end comes before the start; NaN when a
 * date is missing.
 */
export function leaveHalves(fromDate: string, fromHalf: Half, toDate: string, toHalf: Half): number {
  return daysBetween(fromDate, toDate) * 2 + (toHalf === '下午' ? 1 : 0) - (fromHalf === '下午' ? 1 : 0) + 1
}

/** The approval level a length calls for, as the back end decides it: up to `townshipMaxDays`, 乡镇. */
export const approvalLevel = (days: number, townshipMaxDays: number): string =>
  days <= townshipMaxDays ? '乡镇' : '县委组织部'

/**
 * The 销假 date the form starts with: today when it is valid for the leave, else the nearest valid day.
 * Valid is [the leave's first day, min(today, the day after its last day)]: the back end refuses a
 * return before the leave began or after today, and a later one says nothing the day after does not.
 */
export function defaultReturnDate(row: Pick<LeaveRow, 'from_date' | 'to_date'>, today: string): string {
  const latest = [today, addDays(row.to_date, 1)].sort()[0]!
  return latest < row.from_date ? row.from_date : latest
}

/** Whether an approver of `level` may approve a leave that needs `needed` (the county approves any). */
export const levelCovers = (level: string, needed: string): boolean => level === '县委组织部' || needed === '乡镇'

/** The leave kinds the form offers: the parameter `leave.kinds` (、-separated), else `fallback`. */
export function leaveKinds(value: string | undefined, fallback: readonly string[]): string[] {
  const items = (value ?? '').split(/[、，,；;\s]+/).map((s) => s.trim()).filter(Boolean)
  return items.length ? [...new Set(items)] : [...fallback]
}

/** What `LeaveInput.from`/`to` expect: `2024-09-19下午`. */
export const halfDay = (date: string, half: Half): string => `${date}${half}`

export const useLeaveStore = defineStore('leave', () => {
  /** The month shown (`YYYY-MM`); null until the page sets it from today. */
  const period = ref<string | null>(null)
  const rows = ref<LeaveRow[]>([])
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  // Only the answer for the last month asked for is kept, when the user steps quickly.
  let asked = 0

  /** Loads the leaves touching `month` (by default the month shown) and shows that month. */
  async function load(month: string | null = period.value): Promise<void> {
    if (!month) return
    period.value = month
    const ticket = ++asked
    loading.value = true
    try {
      const [first, last] = monthBounds(month)
      const answer = await ipc.leavesList(first, last)
      if (ticket !== asked) return
      rows.value = answer
      error.value = null
    } catch (e) {
      if (ticket === asked) error.value = e as IpcError
    } finally {
      if (ticket === asked) loading.value = false
    }
  }

  /** Runs a change, then reloads the month; the change's answer, or its error thrown. */
  async function change(work: () => Promise<LeaveRow>): Promise<LeaveRow> {
    const row = await work()
    await load()
    return row
  }

  /**
   * Requests a leave. Afterwards the month shown is reloaded, or — when the new leave does not touch
   * it — the month the leave starts in is shown, so the user sees what was recorded.
   */
  async function add(input: LeaveInput): Promise<LeaveRow> {
    const row = await ipc.leaveAdd(input)
    const shown = period.value
    const [first, last] = shown ? monthBounds(shown) : ['', '']
    const touches = shown !== null && row.from_date <= last && row.to_date >= first
    await load(touches ? shown : monthOf(row.from_date))
    return row
  }
  /** Approves with the evidence: the approver and level, the date (null: today), 文号, photo path. */
  const approve = (id: string, a: ApprovalInput) =>
    change(() => ipc.leaveApprove(id, { ...a, by: a.by.trim(), doc: a.doc?.trim() || null }))
  /** 作废 an approved leave: who and why (both required by the back end). */
  const voidLeave = (id: string, trace: Trace) => change(() => ipc.leaveVoid(id, { by: trace.by.trim(), reason: trace.reason.trim() }))
  /** Writes the 请假审批表 into `dir`; the file written. */
  const exportForm = (id: string, dir: string): Promise<LedgerWritten> => ipc.leaveFormExport(id, dir)
  /** Report of return: `date` is the day the member came back. */
  const reportReturn = (id: string, date: string) => change(() => ipc.leaveReturn(id, date))
  const cancel = (id: string) => change(() => ipc.leaveCancel(id))

  return { period, rows, loading, error, load, add, approve, reportReturn, cancel, voidLeave, exportForm }
})
