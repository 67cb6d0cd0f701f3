/**
 * The household list: its filters (kept while the user opens a household and comes back), the page
 * shown, and how long the last filter took to reach the screen. Must not touch the DOM.
 */
import { defineStore } from 'pinia'
import { computed, nextTick, ref, watch } from 'vue'
import * as ipc from '@/ipc'
import type { Category, HouseholdFilter, HouseholdPage, IpcError, Tier } from '@/ipc'
import { useAppStore } from './app'

export const PAGE_SIZES = [20, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 50

/** The tiers the list filters by (一般 households carry no tier work). */
export type TierFilter = Extract<Tier, '重点帮扶' | '巩固联系'>

export const useHouseholdsStore = defineStore('households', () => {
  const app = useAppStore()

  const query = ref('')
  const groupId = ref<string | null>(null)
  const category = ref<Category | null>(null)
  const tier = ref<TierFilter | null>(null)
  const page = ref(1)
  const pageSize = ref(DEFAULT_PAGE_SIZE)

  const result = ref<HouseholdPage | null>(null)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  const lastFilterMs = ref<number | null>(null)
  const filterCount = ref(0)

  const filter = computed<HouseholdFilter>(() => ({
    village_id: app.villageId,
    group_id: groupId.value,
    category: category.value,
    tier: tier.value,
    query: query.value.trim() || null,
    offset: (page.value - 1) * pageSize.value,
    limit: pageSize.value,
  }))

  const hasFilters = computed(
    () => query.value.trim() !== '' || groupId.value !== null || category.value !== null || tier.value !== null,
  )

  let latest = 0
  /** The newest request and the filters it asked for. */
  let newest: { key: string; done: Promise<void> } | null = null
  /** A request started before the page opened (`prefetch`), not yet shown by the page. */
  let ahead = false
  const keyOf = (f: HouseholdFilter) => JSON.stringify(f)

  /** Loads the page for the current filters; an answer overtaken by a newer request is dropped. */
  function fetch(): Promise<void> {
    const sent = filter.value
    const done = load(sent)
    newest = { key: keyOf(sent), done }
    return done
  }

  async function load(sent: HouseholdFilter): Promise<void> {
    const seq = ++latest
    loading.value = true
    const started = performance.now()
    try {
      const answer = await ipc.householdsList(sent)
      performance.mark('zhucun:rows')
      if (seq !== latest) return
      result.value = answer
      error.value = null
      await nextTick()
      if (seq !== latest) return
      lastFilterMs.value = performance.now() - started
      filterCount.value += 1
      // Read by the WebDriver benchmark (`window.__zhucun`, declared in @/ipc); the other hooks stay.
      Object.assign((window.__zhucun ??= {}), { lastFilterMs: lastFilterMs.value, filterCount: filterCount.value })
    } catch (e) {
      if (seq === latest) error.value = e as IpcError
    } finally {
      if (seq === latest) loading.value = false
    }
  }

  /**
   * Asks for the list before the page exists (start-up, see main.ts), so the answer is on its way
   * while the window is still being built. Asking again for the same filters does nothing.
   */
  function prefetch(): void {
    ahead = true
    if (newest?.key !== keyOf(filter.value)) void fetch()
  }

  /**
   * What the page calls when it opens: waits for the request `prefetch` started when it asked for
   * the current filters, and otherwise loads afresh (so an import made meanwhile shows).
   */
  function show(): Promise<void> {
    const early = ahead && newest?.key === keyOf(filter.value) ? newest.done : null
    ahead = false
    return early ?? fetch()
  }

  function refilter() {
    page.value = 1
    return fetch()
  }

  const setQuery = (value: string) => {
    query.value = value
    return refilter()
  }
  const setGroup = (value: string | null) => {
    groupId.value = value
    return refilter()
  }
  const setCategory = (value: Category | null) => {
    category.value = value
    return refilter()
  }
  const setTier = (value: TierFilter | null) => {
    tier.value = value
    return refilter()
  }
  const setPage = (value: number) => {
    page.value = value
    return fetch()
  }
  const setPageSize = (value: number) => {
    pageSize.value = value
    return refilter()
  }

  function clearFilters() {
    query.value = ''
    groupId.value = null
    category.value = null
    tier.value = null
    return refilter()
  }

  /** Forgets the loaded page, e.g. after an import; the next visit loads afresh. */
  function invalidate() {
    result.value = null
    page.value = 1
    ahead = false
  }

  // Another village: its groups differ, so the group filter goes.
  watch(
    () => app.villageId,
    (now, before) => {
      if (now === before) return
      groupId.value = null
      page.value = 1
      if (result.value) void fetch()
    },
  )

  return {
    query,
    groupId,
    category,
    tier,
    page,
    pageSize,
    result,
    loading,
    error,
    lastFilterMs,
    filterCount,
    filter,
    hasFilters,
    fetch,
    prefetch,
    show,
    setQuery,
    setGroup,
    setCategory,
    setTier,
    setPage,
    setPageSize,
    clearFilters,
    invalidate,
  }
})
