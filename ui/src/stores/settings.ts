/**
 * 设置: the rule parameters (thresholds of the county plan, each with its default and the document it
 * comes from) and the holiday calendar of a year (built in, with this laptop's changes). The team's
 * members are in the `team` store. Must not show messages: changes throw their `IpcError`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { CorrectionRow, HolidayRow, IpcError, ParamRow } from '@/ipc'

/** What a 节假日 row arranges: 休 a holiday, 班 a make-up working day, 常 an ordinary day. */
export type HolidayKind = '休' | '班' | '常'

export const useSettingsStore = defineStore('settings', () => {
  const params = ref<ParamRow[]>([])
  const paramsLoaded = ref(false)
  const paramsLoading = ref(false)
  const paramsError = ref<IpcError | null>(null)

  /** The year whose calendar is shown; null until the page sets it from today. */
  const year = ref<number | null>(null)
  const holidays = ref<HolidayRow[]>([])
  const holidaysLoading = ref(false)
  const holidaysError = ref<IpcError | null>(null)
  let askedYear = 0

  async function loadParams(force = false): Promise<void> {
    if (paramsLoaded.value && !force) return
    paramsLoading.value = true
    try {
      params.value = await ipc.paramsList()
      paramsLoaded.value = true
      paramsError.value = null
    } catch (e) {
      paramsError.value = e as IpcError
    } finally {
      paramsLoading.value = false
    }
  }

  /** A parameter as a number; `fallback` when it is not loaded (or not a number). */
  function paramNumber(key: string, fallback: number): number {
    const value = Number(params.value.find((p) => p.key === key)?.value)
    return Number.isFinite(value) ? value : fallback
  }

  /** 修改记录 of the parameters, newest first (reloaded after each change). */
  const paramHistory = ref<CorrectionRow[]>([])
  const paramHistoryError = ref<IpcError | null>(null)
  async function loadParamHistory(): Promise<void> {
    try {
      paramHistory.value = await ipc.correctionsRecent('parameter', 50)
      paramHistoryError.value = null
    } catch (e) {
      paramHistoryError.value = e as IpcError
    }
  }

  /** Sets a parameter; `source` is the document the new value comes from (null: 本机设置). */
  async function saveParam(key: string, value: string, source: string | null): Promise<ParamRow> {
    const row = await ipc.paramSet(key, value.trim(), source?.trim() || null)
    params.value = params.value.map((p) => (p.key === key ? row : p))
    void loadParamHistory()
    return row
  }

  /** Loads the special days of `y` (by default the year shown) and shows that year. */
  async function loadHolidays(y: number | null = year.value): Promise<void> {
    if (y === null) return
    year.value = y
    const ticket = ++askedYear
    holidaysLoading.value = true
    try {
      const answer = await ipc.holidaysList(y)
      if (ticket !== askedYear) return
      holidays.value = answer
      holidaysError.value = null
    } catch (e) {
      if (ticket === askedYear) holidaysError.value = e as IpcError
    } finally {
      if (ticket === askedYear) holidaysLoading.value = false
    }
  }

  /** Arranges `date` (休 with the holiday's name, 班 with the name of the holiday it makes up for, 常). */
  async function setHoliday(date: string, kind: HolidayKind, name: string): Promise<void> {
    await ipc.holidaySet(date, kind, name.trim())
    await loadHolidays()
  }

  /** Puts the built-in arrangement of `date` back (a day added here simply goes away). */
  async function restoreHoliday(date: string): Promise<void> {
    await ipc.holidayRestore(date)
    await loadHolidays()
  }

  return {
    params,
    paramsLoaded,
    paramsLoading,
    paramsError,
    paramNumber,
    loadParams,
    paramHistory,
    paramHistoryError,
    loadParamHistory,
    saveParam,
    year,
    holidays,
    holidaysLoading,
    holidaysError,
    loadHolidays,
    setHoliday,
    restoreHoliday,
  }
})
