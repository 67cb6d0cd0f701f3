import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, appInfo: vi.fn(), villagesList: vi.fn(), uiReady: vi.fn(async () => null) }
})

import * as ipc from '@/ipc'
import type { AppInfo } from '@/ipc'
import { router } from '@/router'
import { useAppStore } from './app'

function info(households: number, enrolled = false): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/tmp/zhucun.db',
    schema_version: 1,
    today: '2024-08-05',
    enrolled,
    pending: 0,
    demo: false,
    counts: { villages: 1, households, persons: households * 3, cadres: 0, pairings_open: 0, changes: 0, imports: 0 },
  }
}

describe('app store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.villagesList).mockResolvedValue([])
    vi.mocked(ipc.uiReady).mockClear()
  })

  it('sends ui_ready once, in the frame after the first page was drawn', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb))
    const app = useAppStore()

    await app.firstPageDrawn()
    await app.firstPageDrawn()
    // Not before the browser paints...
    expect(ipc.uiReady).not.toHaveBeenCalled()
    frames.forEach((cb) => cb(0))
    // ...and once only, however many pages report.
    expect(ipc.uiReady).toHaveBeenCalledTimes(1)
    // What waits for the first page (the pager) comes once that frame is painted.
    expect(app.firstPageShown).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(app.firstPageShown).toBe(true)
  })

  it('asks for the app info before reading the village remembered from last time', async () => {
    localStorage.setItem('zhucun.village', 'v2')
    const getItem = vi.spyOn(Storage.prototype, 'getItem')
    let readsBeforeAsking = -1
    vi.mocked(ipc.appInfo).mockImplementation(async () => {
      readsBeforeAsking = getItem.mock.calls.length
      return info(300)
    })
    vi.mocked(ipc.villagesList).mockResolvedValue([
      { id: 'v1', township: '长铺子苗族侗族乡', name: '大园村', households: 200, persons: 700, groups: [] },
      { id: 'v2', township: '长铺子苗族侗族乡', name: '枫木村', households: 100, persons: 400, groups: [] },
    ])
    const app = useAppStore()

    const loaded = app.ensureLoaded()
    expect(readsBeforeAsking).toBe(0)
    // Known as soon as the requests are sent, so the list can be asked for alongside.
    expect(app.villageId).toBe('v2')
    await loaded
    expect(app.village?.name).toBe('枫木村')
    localStorage.removeItem('zhucun.village')
  })

  it('sends a first start to the start page, and otherwise to the household list', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(info(0))
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('start')

    setActivePinia(createPinia())
    vi.mocked(ipc.appInfo).mockResolvedValue(info(300))
    await router.push('/households?again')
    expect(router.currentRoute.value.name).toBe('households')
    // With data, the start page has nothing to offer.
    await router.push('/start')
    expect(router.currentRoute.value.name).toBe('households')
  })

  it('sends an enrolled laptop still without households to the sync page, not to the start page', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(info(0, true))
    await router.push('/households?enrolled')
    expect(router.currentRoute.value.name).toBe('sync')
    await router.push('/start')
    expect(router.currentRoute.value.name).toBe('sync')
    expect(useAppStore().firstStart).toBe(false)
    expect(useAppStore().awaitingFirstSync).toBe(true)

    // Once the first sync brought the roster, the list opens as usual.
    setActivePinia(createPinia())
    vi.mocked(ipc.appInfo).mockResolvedValue(info(300, true))
    await router.push('/households?synced')
    expect(router.currentRoute.value.name).toBe('households')
  })

  it('keeps the sync page reachable on a first start', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(info(0))
    await router.push('/sync')
    expect(router.currentRoute.value.name).toBe('sync')
  })

  it('keeps the roster page reachable on a first start, for the import preview', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(info(0))
    await router.push('/roster')
    expect(router.currentRoute.value.name).toBe('roster')
  })
})
