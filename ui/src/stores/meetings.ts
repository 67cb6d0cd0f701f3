/**
 * 会议: the team's meetings of the month the page shows, and the findings of the meeting rules for it
 * (M1 a weekly meeting each week, M3 the first secretary's policy study in the month, M2 the party
 * lecture in the half-year). Must not show messages: add and remove throw their `IpcError`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { Finding, IpcError, MeetingInput, MeetingRow } from '@/ipc'
import { monthOf } from './dates'
import { monthBounds } from './leave'

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
  let asked = 0

  /** Loads the month's meetings and its findings together, and shows that month. */
  async function load(month: string | null = period.value): Promise<void> {
    if (!month) return
    period.value = month
    const ticket = ++asked
    loading.value = true
    const [first, last] = monthBounds(month)
    const [list, checked] = await Promise.allSettled([ipc.meetingsList(first, last), ipc.checkMeetings(month)])
    if (ticket !== asked) return
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

  async function remove(id: string): Promise<void> {
    await ipc.meetingDelete(id)
    await load()
  }

  return { period, rows, findings, loading, error, findingsError, load, add, remove }
})
