/**
 * 台账: writes a month's ledger into a folder the user picks (usually a USB stick). Keeps the outcome
 * of the last export — what was written, or why it failed — with the kind it was for, so the page
 * shows it on that ledger's card. A cancelled folder dialog changes nothing. Must not show messages.
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
  /** The ledger being written, if any. */
  const exporting = ref<LedgerKind | null>(null)
  const result = ref<{ kind: LedgerKind; written: LedgerWritten } | null>(null)
  const error = ref<{ kind: LedgerKind; error: IpcError } | null>(null)

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

  return { period, memberId, exporting, result, error, exportLedger }
})
