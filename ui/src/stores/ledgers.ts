/**
 * 台账: writes a month's ledger, or all of them (全部导出), into a folder the user picks (usually a USB
 * stick). Keeps the outcome of the last export — what was written, or why it failed — with the kind it
 * was for ('all' for 全部导出), so the page shows it where it belongs. After 全部导出 the folder is
 * shown in the file manager; when that fails, the export still stands and `openError` says so. A
 * cancelled folder dialog changes nothing. Must not show messages.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { IpcError, LedgerKind, LedgerWritten } from '@/ipc'
import { t } from '@/locales'

export const useLedgersStore = defineStore('ledgers', () => {
  /** The month to export (`YYYY-MM`); null until the page sets it. */
  const period = ref<string | null>(null)
  /** The member whose 工作日志 to export. */
  const memberId = ref<string | null>(null)
  /** The ledger being written ('all' for 全部导出), if any. */
  const exporting = ref<LedgerKind | 'all' | null>(null)
  const result = ref<{ kind: LedgerKind; written: LedgerWritten } | null>(null)
  const error = ref<{ kind: LedgerKind | 'all'; error: IpcError } | null>(null)
  /** What 全部导出 last wrote, and into which folder. */
  const allResult = ref<{ dir: string; written: LedgerWritten[] } | null>(null)
  /** Why the folder of 全部导出 could not be shown. */
  const openError = ref<IpcError | null>(null)

  /**
   * Asks for a folder, then writes the ledger `kind` of `month` into it (`member` only for the
   * 工作日志). What was written, or null when the dialog was cancelled or the export failed (then
   * `error` says why).
   */
  async function exportLedger(kind: LedgerKind, month: string, member: string | null): Promise<LedgerWritten | null> {
    if (exporting.value) return null
    let dir: string | null
    try {
      dir = await ipc.pickFolder(t.ledgers.chooseFolder)
    } catch (e) {
      error.value = { kind, error: e as IpcError }
      result.value = null
      return null
    }
    if (!dir) return null
    exporting.value = kind
    result.value = null
    error.value = null
    allResult.value = null
    openError.value = null
    try {
      const written = await ipc.ledgerExport(kind, month, kind === 'worklog' ? member : null, dir)
      result.value = { kind, written }
      return written
    } catch (e) {
      error.value = { kind, error: e as IpcError }
      return null
    } finally {
      exporting.value = null
    }
  }

  /**
   * Asks for a folder, writes every ledger of `month` into it (each member's 工作日志 too), then shows
   * the folder. What was written, or null when the dialog was cancelled or the export failed.
   */
  async function exportAll(month: string): Promise<LedgerWritten[] | null> {
    if (exporting.value) return null
    let dir: string | null
    try {
      dir = await ipc.pickFolder(t.ledgers.chooseFolder)
    } catch (e) {
      error.value = { kind: 'all', error: e as IpcError }
      return null
    }
    if (!dir) return null
    exporting.value = 'all'
    result.value = null
    error.value = null
    allResult.value = null
    openError.value = null
    try {
      const written = await ipc.ledgerExportAll(month, dir)
      allResult.value = { dir, written }
      try {
        await ipc.ledgerOpenFolder(dir)
      } catch (e) {
        openError.value = e as IpcError
      }
      return written
    } catch (e) {
      error.value = { kind: 'all', error: e as IpcError }
      return null
    } finally {
      exporting.value = null
    }
  }

  return { period, memberId, exporting, result, error, allResult, openError, exportLedger, exportAll }
})
