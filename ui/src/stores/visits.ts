/**
 * 走访: recording a household visit (走访情况登记表, typed once), the households to pick from (still owed
 * a visit this month first, then recent ones), the recent visits with their 修改记录, and 走访进度 (V1 for
 * the month, V2 for the coverage window, by group, the households still to visit and their export).
 * Must not show messages: add, update and remove throw their `IpcError`; reads keep theirs in `*Error`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { Coverage, CorrectionRow, IpcError, LedgerWritten, Trace, VisitInput, VisitPick, VisitRow } from '@/ipc'
import { t } from '@/locales'
import { addDays, addMonths, monthOf } from './dates'

/** 走访方式, in the order of the form (1–4 choose them). Only 入户 is in person. */
export const MODES = ['入户', '电话', '微信', '视频'] as const
/** What the plan asks a visit to check, in the order of the form. */
export const CHECK_ITEMS = ['家庭变化', '义务教育', '基本医疗', '住房安全', '饮水安全', '收入与风险线索', '政策宣传', '群众诉求'] as const
export const CHECK_STATES = ['正常', '有问题', '未查看'] as const

/** The 2024 plan's campaign window (百日攻坚), selectable on 走访进度. */
export const CAMPAIGN_2024 = { from: '2024-07-29', to: '2024-10-31' } as const

/** Whether the household is whole-family-away (全家外出) on `date`: the flag, from its day on. */
export function awayOn(pick: { away_flag: boolean; away_since: string | null }, date: string): boolean {
  return pick.away_flag && (!pick.away_since || pick.away_since <= date)
}

/**
 * V3: a 电话/微信/视频 visit counts only when the household is whole-family-away on the visit's day;
 * to one that is not, it is saved but does not count.
 */
export function remoteNotCounting(pick: { away_flag: boolean; away_since: string | null } | null, mode: string, date: string): boolean {
  return !!pick && !!date && mode !== '入户' && !awayOn(pick, date)
}

/** The 问题类别 a problem found on a check falls in (as the back end files it). */
export function problemCategory(item: string | null): string | null {
  if (!item) return null
  if (['义务教育', '基本医疗', '住房安全', '饮水安全'].includes(item)) return item
  if (item === '家庭变化' || item === '收入与风险线索') return '收入就业'
  if (item === '政策宣传') return '政策落实'
  return '其他'
}

/** Latest first (the back end lists in date order). */
const latestFirst = (rows: VisitRow[]) =>
  [...rows].sort((a, b) => b.date.localeCompare(a.date) || (b.created_at ?? '').localeCompare(a.created_at ?? ''))

/** The first and last day of a month `YYYY-MM`. */
export function monthSpan(period: string): [string, string] {
  return [`${period}-01`, addDays(`${addMonths(period, 1)}-01`, -1)]
}

export const useVisitsStore = defineStore('visits', () => {
  /** The month whose V1 the picker and 走访进度 follow (`YYYY-MM`); null until a page sets it. */
  const period = ref<string | null>(null)

  // ----- The household picker ---------------------------------------------------------------------
  const picks = ref<VisitPick[]>([])
  const picksQuery = ref('')
  const picksLoading = ref(false)
  const picksError = ref<IpcError | null>(null)
  let pickTicket = 0
  /** Households for `query` (name, 户编号, ID tail, group); empty: those owed this month, then recent ones. */
  async function searchHouseholds(query: string = picksQuery.value): Promise<VisitPick[]> {
    if (!period.value) return []
    picksQuery.value = query
    const ticket = ++pickTicket
    picksLoading.value = true
    try {
      const got = await ipc.visitHouseholds(query.trim(), period.value)
      if (ticket === pickTicket) {
        picks.value = got
        picksError.value = null
      }
      return got
    } catch (e) {
      if (ticket === pickTicket) picksError.value = e as IpcError
      return []
    } finally {
      if (ticket === pickTicket) picksLoading.value = false
    }
  }

  // ----- Recent visits ------------------------------------------------------------------------------
  const recent = ref<VisitRow[]>([])
  const recentError = ref<IpcError | null>(null)
  /** The visits of this month and the one before (newest first), for 修改 and 删除. */
  async function loadRecent(): Promise<void> {
    if (!period.value) return
    const [first] = monthSpan(addMonths(period.value, -1))
    const [, last] = monthSpan(period.value)
    try {
      recent.value = latestFirst(await ipc.visitsList({ household_id: null, member_id: null, from: first, to: last }))
      recentError.value = null
    } catch (e) {
      recentError.value = e as IpcError
    }
  }

  /** A household's visits (newest first), for its page. */
  const visitsOf = async (householdId: string) =>
    latestFirst(await ipc.visitsList({ household_id: householdId, member_id: null, from: null, to: null }))

  /** How one household stands this month (owed or not), as the picker would list it; null if unknown. */
  async function pickOf(number: string, month: string): Promise<VisitPick | null> {
    const got = await ipc.visitHouseholds(number, month)
    return got.find((p) => p.number === number) ?? null
  }

  /** 修改记录 by visit id, read when asked for. */
  const history = ref<Record<string, CorrectionRow[]>>({})
  async function loadHistory(id: string): Promise<CorrectionRow[]> {
    const rows = await ipc.correctionsOf('visit', id)
    history.value = { ...history.value, [id]: rows }
    return rows
  }

  /** After any change: the owed list, the recent visits and the coverage follow. */
  async function refresh(): Promise<void> {
    await Promise.all([searchHouseholds(), loadRecent(), coverage.value ? loadCoverage() : Promise.resolve()])
  }

  /** Records a visit (and the problems it opens), then reads the lists again. */
  async function add(input: VisitInput): Promise<VisitRow> {
    const row = await ipc.visitAdd(input)
    await refresh()
    return row
  }

  /** Corrects a visit with who and why, then reads the lists and its 修改记录 again. */
  async function update(id: string, input: VisitInput, trace: Trace): Promise<VisitRow> {
    const row = await ipc.visitUpdate(id, input, trace)
    await refresh()
    await loadHistory(id)
    return row
  }

  /** Deletes a visit with who and why (kept in the 修改记录), then reads the lists again. */
  async function remove(id: string, trace: Trace): Promise<void> {
    await ipc.visitDelete(id, trace)
    await refresh()
  }

  // ----- 走访进度 ----------------------------------------------------------------------------------
  const coverage = ref<Coverage | null>(null)
  const coverageLoading = ref(false)
  const coverageError = ref<IpcError | null>(null)
  /** The V2 window; null for the parameter's (the calendar year by default). */
  const window = ref<{ from: string; to: string } | null>(null)
  let covTicket = 0
  async function loadCoverage(): Promise<void> {
    if (!period.value) return
    const ticket = ++covTicket
    coverageLoading.value = true
    try {
      const got = await ipc.visitCoverage(period.value, window.value?.from ?? null, window.value?.to ?? null)
      if (ticket !== covTicket) return
      coverage.value = got
      coverageError.value = null
    } catch (e) {
      if (ticket === covTicket) coverageError.value = e as IpcError
    } finally {
      if (ticket === covTicket) coverageLoading.value = false
    }
  }

  /** The export of the households still to visit (one group, or all): what was written, or why not. */
  const exporting = ref(false)
  const exported = ref<{ dir: string; written: LedgerWritten } | null>(null)
  const exportError = ref<IpcError | null>(null)
  const openError = ref<IpcError | null>(null)
  /** Asks for a folder, writes the list there, then shows the folder. Null when cancelled or failed. */
  async function exportOwed(groupId: string | null): Promise<LedgerWritten | null> {
    if (!period.value || exporting.value) return null
    let dir: string | null
    try {
      dir = await ipc.pickFolder(t.visits.chooseFolder)
    } catch (e) {
      exportError.value = e as IpcError
      return null
    }
    if (!dir) return null
    exporting.value = true
    exported.value = null
    exportError.value = null
    openError.value = null
    try {
      const written = await ipc.visitOwedExport(period.value, window.value?.from ?? null, window.value?.to ?? null, groupId, dir)
      exported.value = { dir, written }
      try {
        await ipc.ledgerOpenFolder(dir)
      } catch (e) {
        openError.value = e as IpcError
      }
      return written
    } catch (e) {
      exportError.value = e as IpcError
      return null
    } finally {
      exporting.value = false
    }
  }

  /** Sets the month from today once (a page opening). */
  function ensurePeriod(today: string | null | undefined) {
    if (!period.value && today) period.value = monthOf(today)
  }

  return {
    period,
    picks,
    picksQuery,
    picksLoading,
    picksError,
    searchHouseholds,
    recent,
    recentError,
    loadRecent,
    visitsOf,
    pickOf,
    history,
    loadHistory,
    refresh,
    add,
    update,
    remove,
    coverage,
    coverageLoading,
    coverageError,
    window,
    loadCoverage,
    exporting,
    exported,
    exportError,
    openError,
    exportOwed,
    ensurePeriod,
  }
})
