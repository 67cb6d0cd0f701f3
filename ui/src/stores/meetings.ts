/**
 * 会议: the team's meetings of the month the page shows, and the findings of the meeting rules for it
 * (M1 a weekly meeting each week, M3 the first secretary's policy study in the month, M2 the party
 * lecture in the half-year). Must not show messages: add, update and void throw their `IpcError`.
 * Meetings are corrected (修改) or voided (作废), each with a trace; never deleted.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { CorrectionRow, Finding, IpcError, MeetingInput, MeetingRow, Trace } from '@/ipc'
import { monthOf } from './dates'
import { monthBounds } from './leave'

const MIN_MINUTES_KEY = 'meeting.weekly_min_minutes_chars'
const DEFAULT_MIN_MINUTES = 10

/** Characters of minutes as the rule counts them: spaces and line breaks not counted. */
export const minutesChars = (text: string) => [...text.replace(/\s/g, '')].length

export const useMeetingsStore = defineStore('meetings', () => {
  /** The month shown (`YYYY-MM`); null until the page sets it from today. */
  const period = ref<string | null>(null)
  const rows = ref<MeetingRow[]>([])
  const findings = ref<Finding[]>([])
  const loading = ref(false)
  /** The list could not be read. */
  const error = ref<IpcError | null>(null)
  /** The rules could not be checked (the list may still be there). */
  const findingsError = ref<IpcError | null>(null)
  /** Characters of minutes a 周例会 needs to count (`meeting.weekly_min_minutes_chars`; 0: none). */
  const minMinutes = ref(DEFAULT_MIN_MINUTES)
  /** 修改记录 by meeting id, read when asked for. */
  const history = ref<Record<string, CorrectionRow[]>>({})
  let asked = 0

  /** Loads the month's meetings and its findings together, and shows that month. */
  async function load(month: string | null = period.value): Promise<void> {
    if (!month) return
    period.value = month
    const ticket = ++asked
    loading.value = true
    const [first, last] = monthBounds(month)
    const [list, checked, params] = await Promise.allSettled([ipc.meetingsList(first, last), ipc.checkMeetings(month), ipc.paramsList()])
    if (ticket !== asked) return
    // The parameter only shapes a hint; unreadable, the default stands.
    if (params.status === 'fulfilled') {
      const v = Number(params.value.find((p) => p.key === MIN_MINUTES_KEY)?.value)
      if (Number.isFinite(v) && v >= 0) minMinutes.value = v
    }
    if (list.status === 'fulfilled') {
      rows.value = list.value
      error.value = null
    } else {
      error.value = list.reason as IpcError
    }
    if (checked.status === 'fulfilled') {
      findings.value = checked.value
      findingsError.value = null
    } else {
      findings.value = []
      findingsError.value = checked.reason as IpcError
    }
    loading.value = false
  }

  /** Records a meeting, then shows its month (list and findings) so the user sees it counted. */
  async function add(input: MeetingInput): Promise<MeetingRow> {
    const row = await ipc.meetingAdd(input)
    await load(monthOf(row.date))
    return row
  }

  /** Corrects a meeting with who and why, then shows its month and its 修改记录. */
  async function update(id: string, input: MeetingInput, trace: Trace): Promise<MeetingRow> {
    const row = await ipc.meetingUpdate(id, input, trace)
    await load(monthOf(row.date))
    await loadHistory(id)
    return row
  }

  /** Voids a meeting (it stays listed, marked, and counts no more), then reads the month again. */
  async function voidMeeting(id: string, trace: Trace): Promise<MeetingRow> {
    const row = await ipc.meetingVoid(id, trace)
    await load()
    await loadHistory(id)
    return row
  }

  /** Reads a meeting's 修改记录 (newest first). */
  async function loadHistory(id: string): Promise<CorrectionRow[]> {
    const rows = await ipc.correctionsOf('meeting', id)
    history.value = { ...history.value, [id]: rows }
    return rows
  }

  return { period, rows, findings, loading, error, findingsError, minMinutes, history, load, add, update, voidMeeting, loadHistory }
})
