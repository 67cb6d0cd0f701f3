/**
 * Sync with the county: the status (what the county has not confirmed, conflicts, recent events),
 * enrollment, the USB-stick bundles both ways, the HTTP exchange, and the choice of a conflict's value.
 * Each action first asks for its file or folder; a cancelled dialog changes nothing. Failures are kept
 * in `error`, never thrown. Must not touch the DOM or show messages.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { BundleImportReport, Conflict, Contents, EnrollReport, ExportReport, IpcError, NowReport, SyncStatus } from '@/ipc'
import { t } from '@/locales'
import { useAppStore } from './app'
import { useHouseholdsStore } from './households'

export const useSyncStore = defineStore('sync', () => {
  const app = useAppStore()
  const households = useHouseholdsStore()

  const status = ref<SyncStatus | null>(null)
  const loading = ref(false)
  /** Why the status could not be read (the page offers a retry). */
  const loadError = ref<IpcError | null>(null)

  const exporting = ref(false)
  const importing = ref(false)
  const syncing = ref(false)
  const enrolling = ref(false)
  /** 清除演示数据: what would go (asked before confirming), and the clearing itself. */
  const demoPlan = ref<Contents | null>(null)
  const clearingDemo = ref(false)
  /** The conflict being resolved. */
  const resolving = ref<Conflict | null>(null)
  const busy = computed(
    () => exporting.value || importing.value || syncing.value || enrolling.value || clearingDemo.value || resolving.value !== null,
  )

  /** What the last action did, in words, and what to do next. */
  const message = ref<string | null>(null)
  const hint = ref<string | null>(null)
  /** Why the last action failed. */
  const error = ref<IpcError | null>(null)

  /** Changes the county has not confirmed, as far as we know (0 when not enrolled). */
  const pending = computed(() => {
    if (status.value) return status.value.enrolled ? status.value.pending : 0
    return app.info?.enrolled ? app.info.pending : 0
  })

  let latest = 0
  async function refresh(): Promise<void> {
    const seq = ++latest
    loading.value = true
    try {
      const answer = await ipc.syncStatus()
      if (seq !== latest) return
      status.value = answer
      loadError.value = null
    } catch (e) {
      if (seq === latest) loadError.value = e as IpcError
    } finally {
      if (seq === latest) loading.value = false
    }
  }

  /** After data came in: the counts, the villages and the list change. */
  async function dataChanged(): Promise<void> {
    households.invalidate()
    await Promise.all([refresh(), app.refresh()])
  }

  function begin() {
    message.value = null
    hint.value = null
    error.value = null
  }

  /**
   * Runs one action: asks for its file (a cancel changes nothing), sets its flag while it runs, keeps
   * the failure in `error`. The result, or null when cancelled or failed.
   */
  async function run<T>(
    flag: { value: boolean },
    pick: (() => Promise<string | null>) | null,
    work: (path: string) => Promise<T>,
  ): Promise<T | null> {
    if (busy.value) return null
    let path = ''
    if (pick) {
      try {
        const picked = await pick()
        if (!picked) return null
        path = picked
      } catch (e) {
        begin()
        error.value = e as IpcError
        return null
      }
    }
    begin()
    flag.value = true
    try {
      return await work(path)
    } catch (e) {
      error.value = e as IpcError
      // A refusal is recorded in the events.
      void refresh()
      return null
    } finally {
      flag.value = false
    }
  }

  /** Asks for a folder (the USB stick) and writes the bundle for the county into it. */
  function exportToFolder(): Promise<ExportReport | null> {
    return run(exporting, ipc.pickFolder, async (dir) => {
      const report = await ipc.syncExport(dir)
      if (status.value) status.value = { ...status.value, pending: report.pending }
      message.value = t.sync.exported(report.changes, report.file)
      hint.value = report.left > 0 ? t.sync.exportedMore(report.left) : t.sync.exportedHint
      await refresh()
      return report
    })
  }

  /** Asks for the county's return bundle and applies it. */
  function importBundle(): Promise<BundleImportReport | null> {
    return run(importing, ipc.pickBundleFile, async (path) => {
      const report = await ipc.syncImport(path)
      if (status.value) status.value = { ...status.value, pending: report.pending }
      message.value = t.sync.imported(report.applied, report.duplicates)
      hint.value = importHint(report, t.sync.importedForked)
      await dataChanged()
      return report
    })
  }

  /** One exchange with the county server. */
  function syncNow(): Promise<NowReport | null> {
    return run(syncing, null, async () => {
      const report = await ipc.syncNow()
      const received = report.received
      if (status.value) status.value = { ...status.value, pending: received.pending }
      message.value = t.sync.synced(report.sent, received.applied, received.duplicates)
      // A copy that took a new identity has already sent again (the back end's second exchange).
      hint.value = importHint(received, t.sync.syncedForked)
      await dataChanged()
      return report
    })
  }

  /** Asks for the county's enrollment file and enrolls this laptop with it. */
  function enroll(): Promise<EnrollReport | null> {
    return run(enrolling, ipc.pickEnrollmentFile, async (path) => {
      const report = await ipc.enroll(path)
      message.value = t.sync.enrolled(report.village)
      hint.value = t.sync.enrolledHint
      await dataChanged()
      return report
    })
  }

  /** 清除演示数据, step 1: what would be removed (the page lists it and asks to confirm). */
  async function planDemoClear(): Promise<Contents | null> {
    if (busy.value) return null
    begin()
    try {
      demoPlan.value = await ipc.demoContents()
      return demoPlan.value
    } catch (e) {
      error.value = e as IpcError
      return null
    }
  }
  function cancelDemoClear() {
    demoPlan.value = null
  }
  /** Step 2, once confirmed: all the demo data goes in one transaction; then the enrollment file. */
  async function clearDemo(): Promise<Contents | null> {
    if (busy.value || !demoPlan.value) return null
    begin()
    clearingDemo.value = true
    try {
      const removed = await ipc.demoClear()
      demoPlan.value = null
      message.value = t.sync.demoCleared(removed.households, removed.members)
      hint.value = t.sync.demoClearedHint
      await dataChanged()
      return removed
    } catch (e) {
      error.value = e as IpcError
      return null
    } finally {
      clearingDemo.value = false
    }
  }

  /** Keeps the value `origin` wrote for the conflict. */
  async function resolve(conflict: Conflict, origin: string): Promise<boolean> {
    if (busy.value) return false
    begin()
    resolving.value = conflict
    try {
      await ipc.conflictResolve(conflict, origin)
      message.value = t.sync.resolved
      households.invalidate()
      await refresh()
      return true
    } catch (e) {
      error.value = e as IpcError
      return false
    } finally {
      resolving.value = null
    }
  }

  let listening = false
  /**
   * Follows the syncs the back end makes by itself: each one refreshes the status and the app info,
   * and reloads a household list already shown. Quiet outside the app window.
   */
  async function follow(): Promise<void> {
    if (listening) return
    listening = true
    try {
      await ipc.onSyncChanged((changes) => void background(changes))
    } catch {
      // Outside Tauri (tests, a browser) there is no back end to follow.
      listening = false
    }
  }

  async function background(changes: number): Promise<void> {
    await Promise.all([refresh(), app.refresh()])
    if (changes > 0 && households.result) void households.fetch()
  }

  /** What the import means, and what to do next; `forked` says what happens after a new identity. */
  function importHint(report: BundleImportReport, forked: string): string {
    const parts: string[] = []
    if (report.forked) parts.push(forked)
    if (report.gaps > 0) parts.push(t.sync.importedGaps(report.gaps))
    if (report.proposals > 0) parts.push(t.sync.importedProposals(report.proposals))
    if (report.more > 0) parts.push(t.sync.importedMore(report.more))
    parts.push(report.pending > 0 ? t.sync.stillPending(report.pending) : t.sync.allConfirmed)
    return parts.join('')
  }

  return {
    status,
    loading,
    loadError,
    exporting,
    importing,
    syncing,
    enrolling,
    demoPlan,
    clearingDemo,
    planDemoClear,
    cancelDemoClear,
    clearDemo,
    resolving,
    busy,
    message,
    hint,
    error,
    pending,
    refresh,
    exportToFolder,
    importBundle,
    syncNow,
    enroll,
    resolve,
    follow,
  }
})
