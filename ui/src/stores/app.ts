/**
 * What the whole window needs: the app info (counts, first start), the villages and the chosen
 * village, and the one-time "first page drawn" signal. Must not hold page state.
 */
import { defineStore } from 'pinia'
import { computed, nextTick, ref } from 'vue'
import * as ipc from '@/ipc'
import type { AppInfo, IpcError, VillageSummary } from '@/ipc'

const VILLAGE_KEY = 'zhucun.village'

function rememberedVillage(): string | null {
  try {
    return localStorage.getItem(VILLAGE_KEY)
  } catch {
    return null
  }
}

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const villages = ref<VillageSummary[]>([])
  const villageId = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** True once the first page is on screen: what can wait until then (the pager) appears. */
  const firstPageShown = ref(false)
  let pending: Promise<void> | null = null
  // The village chosen last time is read once, just after the first requests are sent: the first
  // read of localStorage can take milliseconds that the app info need not wait for.
  let recalled = false
  function recallVillage() {
    if (recalled) return
    recalled = true
    villageId.value ??= rememberedVillage()
  }

  /** Bound to the county: the roster comes from the county, through sync. */
  const enrolled = computed(() => info.value?.enrolled === true)
  const noHouseholds = computed(() => info.value !== null && info.value.counts.households === 0)
  /** No household yet and not enrolled: the start page greets the user. */
  const firstStart = computed(() => noHouseholds.value && !enrolled.value)
  /** Enrolled, but the first sync has not brought the village's roster yet: the sync page waits for it. */
  const awaitingFirstSync = computed(() => noHouseholds.value && enrolled.value)
  const village = computed(() => villages.value.find((v) => v.id === villageId.value) ?? null)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const answers = Promise.all([ipc.appInfo(), ipc.villagesList()])
      recallVillage()
      const [appInfo, list] = await answers
      performance.mark('zhucun:info')
      info.value = appInfo
      villages.value = list
      // Keep the chosen village while it still exists; otherwise the first one.
      if (!list.some((v) => v.id === villageId.value)) selectVillage(list[0]?.id ?? null)
      error.value = null
    } catch (e) {
      error.value = e as IpcError
    } finally {
      loading.value = false
    }
  }

  /** Loads once; later callers share the first load. */
  function ensureLoaded(): Promise<void> {
    pending ??= load()
    return pending
  }

  /** Loads again, e.g. after an import changed the counts and the villages. */
  function refresh(): Promise<void> {
    pending = load()
    return pending
  }

  function selectVillage(id: string | null) {
    recalled = true
    villageId.value = id
    try {
      if (id) localStorage.setItem(VILLAGE_KEY, id)
      else localStorage.removeItem(VILLAGE_KEY)
    } catch {
      // Storage can be unavailable; the choice then lasts for this session only.
    }
  }

  let readySent = false
  /**
   * Called by the first page once its content is on screen. Sends `ui_ready` exactly once, after Vue
   * has patched the DOM and the browser is about to paint it; `firstPageShown` follows once painted.
   */
  async function firstPageDrawn(): Promise<void> {
    if (readySent) return
    readySent = true
    await nextTick()
    requestAnimationFrame(() => {
      performance.mark('zhucun:drawn')
      // A failure here only loses a measurement; the user must not see it.
      ipc.uiReady().catch(() => undefined)
      // A task queued in the frame runs after its paint.
      setTimeout(() => (firstPageShown.value = true))
    })
  }

  return {
    info,
    villages,
    villageId,
    village,
    loading,
    error,
    enrolled,
    firstStart,
    awaitingFirstSync,
    firstPageShown,
    ensureLoaded,
    refresh,
    selectVillage,
    firstPageDrawn,
  }
})
