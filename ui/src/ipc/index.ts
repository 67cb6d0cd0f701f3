/**
 * The only door to the back end: typed wrappers of the Tauri commands and the file dialogs.
 * Nothing else in the UI imports `@tauri-apps/*` or calls `invoke`. Must not hold state or show UI.
 */
import { invoke } from '@tauri-apps/api/core'
import { open, save } from '@tauri-apps/plugin-dialog'
import type {
  AppInfo,
  ExportSummary,
  HouseholdDetail,
  HouseholdFilter,
  HouseholdPage,
  ImportReport,
  VillageSummary,
} from './bindings'
import { t } from '@/locales'
import { toIpcError } from './error'

export { IpcError, errorMessage, toIpcError } from './error'
export type * from './bindings'

/** Calls a command; a rejection always comes out as an `IpcError`. */
async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args)
  } catch (reason) {
    throw toIpcError(reason)
  }
}

export const appInfo = () => call<AppInfo>('app_info')

export const villagesList = () => call<VillageSummary[]>('villages_list')

export const householdsList = (filter: HouseholdFilter) => call<HouseholdPage>('households_list', { filter })

export const householdGet = (id: string) => call<HouseholdDetail>('household_get', { id })

/** `dryRun: true` writes nothing and reports what an import would do. */
export const rosterImport = (path: string, dryRun: boolean) =>
  call<ImportReport>('roster_import', { path, dryRun })

/** `villageId` null exports every village. */
export const rosterExport = (path: string, villageId: string | null) =>
  call<ExportSummary>('roster_export', { path, villageId })

export const rosterTemplate = (path: string) => call<null>('roster_template', { path })

export const demoLoad = () => call<ImportReport>('demo_load')

/** Tells the back end the first page is on screen (cold-start measurement). */
export const uiReady = () => call<null>('ui_ready')

const ROSTER_FILTER = { name: t.dialogs.rosterFiles, extensions: ['xlsx', 'xls', 'csv'] }
const XLSX_FILTER = { name: t.dialogs.workbooks, extensions: ['xlsx'] }

/** Asks for a roster to read; null when the user cancelled. */
export async function pickRosterFile(): Promise<string | null> {
  try {
    const picked = await open({ multiple: false, directory: false, filters: [ROSTER_FILTER] })
    return typeof picked === 'string' ? picked : null
  } catch (reason) {
    throw toIpcError(reason)
  }
}

/** Asks where to save a workbook; null when the user cancelled. */
export async function pickSavePath(defaultPath: string): Promise<string | null> {
  try {
    return (await save({ defaultPath, filters: [XLSX_FILTER] })) ?? null
  } catch (reason) {
    throw toIpcError(reason)
  }
}
