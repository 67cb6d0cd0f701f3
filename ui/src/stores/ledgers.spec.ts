import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, ledgerExport: vi.fn(), ledgerExportAll: vi.fn(), ledgerOpenFolder: vi.fn() }
})

import * as ipc from '@/ipc'
import { useLedgersStore } from './ledgers'

/** Queues the answers of the next folder dialogs, as the WebDriver tests do. */
function queuePicks(...answers: Array<string | null>) {
  window.__zhucun = { ...window.__zhucun, picks: answers }
}

const WRITTEN = { path: '/media/usb/驻村工作队员请销假台账-2024年9月.xlsx', title: '驻村工作队员请销假台账', rows: 2 }

describe('ledgers store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.ledgerExport).mockResolvedValue(WRITTEN)
  })
  afterEach(() => {
    window.__zhucun = { ...window.__zhucun, picks: [] }
  })

  it('writes the ledger into the folder picked and keeps what was written', async () => {
    queuePicks('/media/usb')
    const ledgers = useLedgersStore()
    const written = await ledgers.exportLedger('leave', '2024-09', 'm-yangfan')
    // The member goes only with the work log.
    expect(ipc.ledgerExport).toHaveBeenCalledWith('leave', '2024-09', null, '/media/usb')
    expect(written).toEqual(WRITTEN)
    expect(ledgers.result).toEqual({ kind: 'leave', written: WRITTEN })
    expect(ledgers.exporting).toBeNull()
  })

  it('sends the member with the work log', async () => {
    queuePicks('/media/usb')
    await useLedgersStore().exportLedger('worklog', '2024-09', 'm-longxm')
    expect(ipc.ledgerExport).toHaveBeenCalledWith('worklog', '2024-09', 'm-longxm', '/media/usb')
  })

  it('changes nothing when the dialog is cancelled', async () => {
    queuePicks('/media/usb', null)
    const ledgers = useLedgersStore()
    await ledgers.exportLedger('attendance', '2024-09', null)
    expect(await ledgers.exportLedger('personnel', '2024-09', null)).toBeNull()
    expect(ipc.ledgerExport).toHaveBeenCalledTimes(1)
    expect(ledgers.result?.kind).toBe('attendance')
    expect(ledgers.error).toBeNull()
  })

  it('keeps why an export failed, with its kind', async () => {
    queuePicks('/media/usb')
    vi.mocked(ipc.ledgerExport).mockRejectedValue(ipc.toIpcError({ code: 'file.write', message: 'U盘已满', detail: '' }))
    const ledgers = useLedgersStore()
    expect(await ledgers.exportLedger('attendance', '2024-09', null)).toBeNull()
    expect(ledgers.error?.kind).toBe('attendance')
    expect(ledgers.error?.error.message).toBe('U盘已满')
    expect(ledgers.result).toBeNull()
    expect(ledgers.exporting).toBeNull()
  })

  describe('全部导出', () => {
    const ALL = [
      { path: '/media/usb/2024年9月考勤台账.xlsx', title: '驻村工作队员考勤台账', rows: 3 },
      { path: '/media/usb/2024年9月会议记录台账.xlsx', title: '驻村工作队会议记录台账', rows: 5 },
    ]

    it('writes every ledger into the folder picked, then shows the folder', async () => {
      queuePicks('/media/usb')
      vi.mocked(ipc.ledgerExportAll).mockResolvedValue(ALL)
      vi.mocked(ipc.ledgerOpenFolder).mockResolvedValue(null)
      const ledgers = useLedgersStore()
      expect(await ledgers.exportAll('2024-09')).toEqual(ALL)
      expect(ipc.ledgerExportAll).toHaveBeenCalledWith('2024-09', '/media/usb')
      expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/media/usb')
      expect(ledgers.allResult).toEqual({ dir: '/media/usb', written: ALL })
      expect(ledgers.openError).toBeNull()
      expect(ledgers.exporting).toBeNull()
    })

    it('keeps the export when the folder cannot be shown', async () => {
      queuePicks('/media/usb')
      vi.mocked(ipc.ledgerExportAll).mockResolvedValue(ALL)
      vi.mocked(ipc.ledgerOpenFolder).mockRejectedValue(ipc.toIpcError({ code: 'file.io', message: '无法打开文件夹', detail: '' }))
      const ledgers = useLedgersStore()
      expect(await ledgers.exportAll('2024-09')).toEqual(ALL)
      expect(ledgers.allResult?.written).toHaveLength(2)
      expect(ledgers.openError?.code).toBe('file.io')
      expect(ledgers.error).toBeNull()
    })

    it('opens nothing when the export fails, and nothing at all when cancelled', async () => {
      queuePicks(null, '/media/usb')
      const ledgers = useLedgersStore()
      expect(await ledgers.exportAll('2024-09')).toBeNull()
      expect(ipc.ledgerExportAll).not.toHaveBeenCalled()
      vi.mocked(ipc.ledgerExportAll).mockRejectedValue(ipc.toIpcError({ code: 'file.write', message: 'U盘已满', detail: '' }))
      expect(await ledgers.exportAll('2024-09')).toBeNull()
      expect(ipc.ledgerOpenFolder).not.toHaveBeenCalled()
      expect(ledgers.error).toMatchObject({ kind: 'all' })
      expect(ledgers.allResult).toBeNull()
    })
  })
})
