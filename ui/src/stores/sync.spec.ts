import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
    syncStatus: vi.fn(),
    syncExport: vi.fn(),
    syncImport: vi.fn(),
    syncNow: vi.fn(),
    enroll: vi.fn(),
    conflictResolve: vi.fn(async () => null),
    onSyncChanged: vi.fn(async () => () => undefined),
    householdsList: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import type { AppInfo, Conflict } from '@/ipc'
import { appInfo, COUNTY, LAPTOP, syncStatus } from '@/testing/fixtures'
import { useAppStore } from './app'
import { useHouseholdsStore } from './households'
import { useSyncStore } from './sync'

/** This spec's laptop has no households yet. */
const info = (overrides: Partial<AppInfo> = {}): AppInfo => appInfo(overrides, { households: 0, persons: 0, ...overrides.counts })



const CONFLICT: Conflict = {
  tbl: 'household',
  row_id: 'h-0001',
  label: '430527000001',
  col: 'phone',
  ver: 3,
  resolved: false,
  values: [
    { origin: COUNTY, value: '13800000001', winner: true },
    { origin: LAPTOP, value: '13800000002', winner: false },
  ],
}

/** Queues the answers of the next file dialogs, as the WebDriver tests do. */
function queuePicks(...answers: Array<string | null>) {
  window.__zhucun = { ...window.__zhucun, picks: answers }
}

describe('sync store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.syncStatus).mockResolvedValue(syncStatus())
    vi.mocked(ipc.appInfo).mockResolvedValue(info())
  })
  afterEach(() => {
    window.__zhucun = { ...window.__zhucun, picks: [] }
  })

  it('reads the status, and counts pending changes only once enrolled', async () => {
    const sync = useSyncStore()
    const app = useAppStore()
    // Before the status arrives, the app info tells.
    app.info = info({ enrolled: false, pending: 3000 })
    expect(sync.pending).toBe(0)
    app.info = info({ pending: 7 })
    expect(sync.pending).toBe(7)

    await sync.refresh()
    expect(sync.status?.village).toBe('梅坪村')
    expect(sync.pending).toBe(12)
    expect(sync.loading).toBe(false)
  })

  it('writes the bundle into the folder the test seam chose, and updates what is pending', async () => {
    vi.mocked(ipc.syncExport).mockResolvedValue({ file: '/media/usb/梅坪村-1.zhcb', changes: 12, bytes: 4096, pending: 12, left: 0 })
    const sync = useSyncStore()
    await sync.refresh()
    vi.mocked(ipc.syncStatus).mockResolvedValue(syncStatus({ pending: 12, events: [] }))
    queuePicks('/media/usb')

    const report = await sync.exportToFolder()

    // No dialog opened: the queued answer was taken.
    expect(window.__zhucun?.picks).toEqual([])
    expect(ipc.syncExport).toHaveBeenCalledWith('/media/usb')
    expect(report?.changes).toBe(12)
    expect(sync.message).toBe('已导出 12 条修改到 /media/usb/梅坪村-1.zhcb')
    expect(sync.hint).toBe('把这个文件带到县里；县里导入后会给你一个回执包')
    expect(sync.error).toBeNull()
    expect(sync.exporting).toBe(false)
  })

  it('says when a bundle could not carry everything, and how the rest goes', async () => {
    vi.mocked(ipc.syncExport).mockResolvedValue({ file: '/u/a.zhcb', changes: 160, bytes: 30_000_000, pending: 300, left: 140 })
    const sync = useSyncStore()
    queuePicks('/u')
    await sync.exportToFolder()
    expect(sync.hint).toContain('还有 140 条改动待下次同步')
    expect(sync.hint).toContain('再“导出到U盘”一次')
  })

  it('takes the pending count of the export report', async () => {
    const sync = useSyncStore()
    await sync.refresh()
    // The status read after the export is slow; the report's count shows at once.
    vi.mocked(ipc.syncStatus).mockReturnValue(new Promise(() => undefined))
    vi.mocked(ipc.syncExport).mockResolvedValue({ file: '/u/a.zhcb', changes: 20, bytes: 1, pending: 20, left: 0 })
    queuePicks('/u')
    void sync.exportToFolder()
    await vi.waitFor(() => expect(sync.status?.pending).toBe(20))
  })

  it('does nothing when the dialog is cancelled', async () => {
    const sync = useSyncStore()
    sync.message = '上一次的结果'
    queuePicks(null)

    expect(await sync.exportToFolder()).toBeNull()
    expect(window.__zhucun?.picks).toEqual([])
    expect(ipc.syncExport).not.toHaveBeenCalled()
    expect(sync.exporting).toBe(false)
    expect(sync.error).toBeNull()
    expect(sync.message).toBe('上一次的结果')
  })

  it('keeps the Chinese message of a refused bundle', async () => {
    const message = '同步包已损坏或被改动过，无法使用。请重新导出或重新拷贝一次。'
    vi.mocked(ipc.syncImport).mockRejectedValue(ipc.toIpcError({ code: 'sync.corrupt', message, detail: 'bad tag' }))
    const sync = useSyncStore()
    queuePicks('/media/usb/回执.zhcb')

    expect(await sync.importBundle()).toBeNull()
    expect(ipc.syncImport).toHaveBeenCalledWith('/media/usb/回执.zhcb')
    expect(sync.error?.code).toBe('sync.corrupt')
    expect(sync.error?.title).toBe('同步包已损坏')
    expect(sync.error?.message).toBe(message)
    expect(sync.error?.detail).toBe('bad tag')
    expect(sync.message).toBeNull()
    expect(sync.importing).toBe(false)
  })

  it('says what a return bundle brought, and reloads the counts', async () => {
    vi.mocked(ipc.syncImport).mockResolvedValue({
      sender: COUNTY,
      sender_role: 'county',
      village: '梅坪村',
      applied: 310,
      duplicates: 4,
      proposals: 0,
      gaps: 0,
      kept_unknown: 0,
      newly_enrolled: false,
      forked: false,
      pending: 0,
      more: 0,
    })
    const sync = useSyncStore()
    queuePicks('/media/usb/回执.zhcb')

    await sync.importBundle()
    expect(sync.message).toBe('新修改 310 条，已有 4 条')
    expect(sync.hint).toBe('县里已确认本机的全部修改。')
    expect(ipc.appInfo).toHaveBeenCalled()
    expect(ipc.syncStatus).toHaveBeenCalled()
  })

  it('says when a return bundle made this database take a new identity, and to export again', async () => {
    vi.mocked(ipc.syncImport).mockResolvedValue({
      sender: COUNTY,
      sender_role: 'county',
      village: '梅坪村',
      applied: 2,
      duplicates: 0,
      proposals: 0,
      gaps: 0,
      kept_unknown: 0,
      newly_enrolled: false,
      forked: true,
      pending: 7,
      more: 0,
    })
    const sync = useSyncStore()
    queuePicks('/media/usb/回执.zhcb')

    await sync.importBundle()
    expect(sync.hint).toContain('已改用新的设备编号')
    expect(sync.hint).toContain('请再“导出到U盘”一次')
    expect(sync.hint).toContain('还有 7 条修改县里尚未确认')
  })

  it('says after an exchange that a copied database took a new identity and sent again', async () => {
    vi.mocked(ipc.syncNow).mockResolvedValue({
      server: 'http://county.example:8040',
      sent: 7,
      received: {
        sender: COUNTY,
        sender_role: 'county',
        village: '梅坪村',
        applied: 2,
        duplicates: 0,
        proposals: 0,
        gaps: 0,
        kept_unknown: 0,
        newly_enrolled: false,
        forked: true,
        pending: 0,
        more: 0,
      },
    })
    const sync = useSyncStore()

    await sync.syncNow()
    expect(sync.message).toBe('已和县里同步：发出 7 条修改，收到 2 条新修改（0 条已有）。')
    expect(sync.hint).toContain('已改用新的设备编号，并已把县里尚未确认的修改重新发给县里')
    expect(sync.hint).not.toContain('导出到U盘')
  })

  it('enrolls with the chosen file and refreshes the app info', async () => {
    vi.mocked(ipc.enroll).mockResolvedValue({
      device: LAPTOP,
      county: COUNTY,
      village: '梅坪村',
      team: 't1',
      server_url: null,
    })
    const sync = useSyncStore()
    const app = useAppStore()
    queuePicks('/home/user/梅坪村.enroll')

    await sync.enroll()
    expect(ipc.enroll).toHaveBeenCalledWith('/home/user/梅坪村.enroll')
    expect(sync.message).toBe('已登记到县里（梅坪村）。')
    expect(app.awaitingFirstSync).toBe(true)
  })

  it('sends the conflict and the chosen origin', async () => {
    const sync = useSyncStore()
    expect(await sync.resolve(CONFLICT, LAPTOP)).toBe(true)
    expect(ipc.conflictResolve).toHaveBeenCalledWith(CONFLICT, LAPTOP)
    expect(sync.resolving).toBeNull()
    expect(sync.message).toBe('已按您的选择保留。')
  })

  it('reports a failed exchange with the county server', async () => {
    vi.mocked(ipc.syncNow).mockRejectedValue(
      ipc.toIpcError({ code: 'sync.unreachable', message: '连不上县里的服务器（http://county:8080）。', detail: 'timeout' }),
    )
    const sync = useSyncStore()
    expect(await sync.syncNow()).toBeNull()
    expect(sync.error?.message).toBe('连不上县里的服务器（http://county:8080）。')
    expect(sync.syncing).toBe(false)
  })

  it('follows the background syncs: status, app info, and a list already shown', async () => {
    let handler: ((changes: number) => void) | null = null
    vi.mocked(ipc.onSyncChanged).mockImplementation(async (h) => {
      handler = h
      return () => undefined
    })
    vi.mocked(ipc.householdsList).mockResolvedValue({
      rows: [],
      total: 0,
      counts: { lifted: 0, monitored: 0, ordinary: 0, tier_a: 0, tier_b: 0 },
      reference_day: '2024-08-05',
    })
    const sync = useSyncStore()
    const households = useHouseholdsStore()
    await households.fetch()
    await sync.follow()
    await sync.follow()
    // Listened to once, however often asked.
    expect(ipc.onSyncChanged).toHaveBeenCalledTimes(1)

    vi.mocked(ipc.syncStatus).mockResolvedValue(syncStatus({ pending: 0 }))
    vi.mocked(ipc.appInfo).mockResolvedValue(info({ pending: 0, counts: { ...info().counts, households: 300 } }))
    handler!(25)
    await vi.waitFor(() => expect(ipc.householdsList).toHaveBeenCalledTimes(2))
    expect(sync.pending).toBe(0)
    expect(useAppStore().info?.counts.households).toBe(300)
  })
})
