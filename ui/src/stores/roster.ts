/**
 * The roster workflows: import (always a dry run first, written only on confirmation), export, the
 * empty template and the demo village. Must not write anything the user has not confirmed.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { ExportSummary, ImportReport, IpcError } from '@/ipc'
import { t } from '@/locales'
import { useAppStore } from './app'
import { useHouseholdsStore } from './households'

export type ImportStage = 'idle' | 'checking' | 'preview' | 'importing' | 'done'

export const useRosterStore = defineStore('roster', () => {
  const app = useAppStore()
  const households = useHouseholdsStore()

  const stage = ref<ImportStage>('idle')
  const path = ref<string | null>(null)
  /** The dry run's report; with `ok: false`, the reasons the file was refused. */
  const preview = ref<ImportReport | null>(null)
  /** The report of the confirmed import. */
  const result = ref<ImportReport | null>(null)
  const importError = ref<IpcError | null>(null)

  const demoLoading = ref(false)
  const exporting = ref(false)
  const lastExport = ref<ExportSummary | null>(null)

  const canConfirm = computed(() => stage.value === 'preview' && preview.value?.ok === true && preview.value.dry_run)

  /** Opens the file dialog; null when the user cancelled. */
  const pickFile = () => ipc.pickRosterFile()

  /** Checks a roster without writing: the preview the user confirms or not. */
  async function check(file: string): Promise<void> {
    path.value = file
    preview.value = null
    result.value = null
    importError.value = null
    stage.value = 'checking'
    try {
      preview.value = await ipc.rosterImport(file, true)
      stage.value = 'preview'
    } catch (e) {
      importError.value = e as IpcError
      stage.value = 'idle'
    }
  }

  /** Writes the previewed roster. */
  async function confirm(): Promise<void> {
    if (!canConfirm.value || !path.value) return
    stage.value = 'importing'
    importError.value = null
    try {
      const report = await ipc.rosterImport(path.value, false)
      if (report.ok) {
        result.value = report
        stage.value = 'done'
        households.invalidate()
        await app.refresh()
      } else {
        // The file changed since the preview and is now refused: show why.
        preview.value = report
        stage.value = 'preview'
      }
    } catch (e) {
      importError.value = e as IpcError
      stage.value = 'preview'
    }
  }

  function reset() {
    stage.value = 'idle'
    path.value = null
    preview.value = null
    result.value = null
    importError.value = null
  }

  async function loadDemo(): Promise<ImportReport> {
    demoLoading.value = true
    try {
      const report = await ipc.demoLoad()
      households.invalidate()
      await app.refresh()
      return report
    } finally {
      demoLoading.value = false
    }
  }

  /** Asks where to save, then exports; null when the user cancelled the dialog. */
  async function exportRoster(villageId: string | null): Promise<ExportSummary | null> {
    const village = app.villages.find((v) => v.id === villageId)
    const target = await ipc.pickSavePath(t.roster.exportFileName(village?.name ?? null))
    if (!target) return null
    exporting.value = true
    try {
      lastExport.value = await ipc.rosterExport(target, villageId)
      return lastExport.value
    } finally {
      exporting.value = false
    }
  }

  /** Asks where to save, then writes the empty template; the path, or null when cancelled. */
  async function saveTemplate(): Promise<string | null> {
    const target = await ipc.pickSavePath(t.roster.templateFileName)
    if (!target) return null
    await ipc.rosterTemplate(target)
    return target
  }

  return {
    stage,
    path,
    preview,
    result,
    importError,
    canConfirm,
    demoLoading,
    exporting,
    lastExport,
    pickFile,
    check,
    confirm,
    reset,
    loadDemo,
    exportRoster,
    saveTemplate,
  }
})
