/**
 * The 今日 page's data: the chosen day, who is filling in (one of the members assigned on that day),
 * the back end's view of that member's day (the log, the week day by day, the week's A2 findings, the
 * day's meetings), and saving the log. "Today" is always `app.info.today`, never the computer's clock.
 * Failures are kept in `error` / `saveError`, never thrown. Must not touch the DOM or show messages.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { DayView, FillStatus, Finding, IpcError, LogInput, LogRow, MemberRow } from '@/ipc'
import { useAppStore } from './app'
import { addDays } from './dates'
import { useTeamStore } from './team'

/** What the form sends; the store adds who and which day. */
export type LogDraft = Omit<LogInput, 'member_id' | 'date'>

export const useTodayStore = defineStore('today', () => {
  const app = useAppStore()
  const team = useTeamStore()

  const today = computed(() => app.info?.today ?? null)
  /** The chosen day (YYYY-MM-DD); null until the app info is known. */
  const date = ref<string | null>(null)

  /** Members assigned on the chosen day: the "who are you" buttons. */
  const assigned = computed<MemberRow[]>(() => (date.value ? team.assignedOn(date.value) : []))
  /** Who fills in: the member chosen on this laptop when assigned that day, else the first assigned. */
  const member = computed<MemberRow | null>(
    () => assigned.value.find((m) => m.id === team.currentId) ?? assigned.value[0] ?? null,
  )

  /** The last answer of the back end (maybe for another day or member: see `view`). */
  const answer = ref<DayView | null>(null)
  const loading = ref(false)
  /** Why the day could not be read. */
  const error = ref<IpcError | null>(null)
  const saving = ref(false)
  /** Why the last save failed. */
  const saveError = ref<IpcError | null>(null)
  /** The day of the last successful save, for the confirmation; cleared when the day or member changes. */
  const savedDate = ref<string | null>(null)

  /** The view on screen only when it is the chosen member's chosen day. */
  const view = computed<DayView | null>(() =>
    answer.value && answer.value.date === date.value && answer.value.member.id === member.value?.id ? answer.value : null,
  )
  const weekDays = computed<Finding | null>(() => view.value?.findings.find((f) => f.rule === 'A2.days') ?? null)
  const weekNights = computed<Finding | null>(() => view.value?.findings.find((f) => f.rule === 'A2.nights') ?? null)
  const canGoNext = computed(() => date.value !== null && today.value !== null && date.value < today.value)

  /**
   * 今日填报: who of the team has written today's and yesterday's log (the real today, whatever day is
   * chosen). Empty until read; a failure leaves the last one (the strip is a help, not the page).
   */
  const fill = ref<FillStatus[]>([])
  let fillSeq = 0
  async function loadFill(): Promise<void> {
    const d = today.value
    if (!d) return
    const seq = ++fillSeq
    try {
      const got = await ipc.logFillStatus(d)
      if (seq === fillSeq) fill.value = got
    } catch {
      // Kept as it was.
    }
  }

  let latest = 0
  /** Reads the chosen member's chosen day; an answer overtaken by a later request is dropped. */
  async function load(): Promise<void> {
    const seq = ++latest
    const m = member.value
    const d = date.value
    if (!m || !d) {
      answer.value = null
      loading.value = false
      return
    }
    loading.value = true
    try {
      const got = await ipc.dayView(m.id, d)
      if (seq !== latest) return
      answer.value = got
      error.value = null
    } catch (e) {
      if (seq === latest) error.value = e as IpcError
    } finally {
      if (seq === latest) loading.value = false
    }
  }

  /**
   * Opens the page: the members, then a day (default today) and optionally a member (from a link such
   * as the 考勤 calendar's), then that day's view.
   */
  async function open(day?: string | null, memberId?: string | null): Promise<void> {
    await Promise.all([app.ensureLoaded(), team.load()])
    if (memberId && team.members.some((m) => m.id === memberId)) team.choose(memberId)
    const target = day && today.value && day <= today.value ? day : (date.value ?? today.value)
    selectSilently(target)
    await Promise.all([load(), loadFill()])
  }

  function selectSilently(day: string | null) {
    if (day !== date.value) {
      savedDate.value = null
      saveError.value = null
    }
    date.value = day
  }

  /** Chooses a day (not after today) and reads it. */
  async function select(day: string): Promise<void> {
    if (today.value && day > today.value) return
    selectSilently(day)
    await load()
  }

  /** One click on the 今日填报 strip: that member's form for that day (today or yesterday). */
  async function fillIn(memberId: string, day: string): Promise<void> {
    if (today.value && day > today.value) return
    if (memberId !== member.value?.id || day !== date.value) {
      savedDate.value = null
      saveError.value = null
    }
    team.choose(memberId)
    date.value = day
    await load()
  }

  const prev = () => (date.value ? select(addDays(date.value, -1)) : Promise.resolve())
  const next = () => (date.value && canGoNext.value ? select(addDays(date.value, 1)) : Promise.resolve())

  /** "Who are you": remembers the choice on this laptop and reads that member's day. */
  async function choose(memberId: string): Promise<void> {
    if (memberId === member.value?.id) return
    team.choose(memberId)
    savedDate.value = null
    saveError.value = null
    await load()
  }

  /**
   * Saves the chosen member's log for the chosen day, then reads the day again so the week and its
   * findings follow. The saved row, or null when it failed (see `saveError`).
   */
  async function save(draft: LogDraft): Promise<LogRow | null> {
    const m = member.value
    const d = date.value
    if (!m || !d || saving.value) return null
    saving.value = true
    saveError.value = null
    savedDate.value = null
    try {
      const row = await ipc.logSet({ member_id: m.id, date: d, ...draft })
      // The saved log at once; the week and its findings with the next answer.
      if (answer.value && answer.value.date === d && answer.value.member.id === m.id) answer.value = { ...answer.value, log: row }
      if (date.value === d) savedDate.value = d
      await Promise.all([load(), loadFill()])
      return row
    } catch (e) {
      saveError.value = e as IpcError
      return null
    } finally {
      saving.value = false
    }
  }

  return {
    today,
    date,
    assigned,
    member,
    answer,
    view,
    loading,
    error,
    saving,
    saveError,
    savedDate,
    weekDays,
    weekNights,
    canGoNext,
    fill,
    loadFill,
    fillIn,
    open,
    load,
    select,
    prev,
    next,
    choose,
    save,
  }
})
