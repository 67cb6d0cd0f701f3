import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, appInfo: vi.fn(), villagesList: vi.fn(), membersList: vi.fn(), uiReady: vi.fn(async () => null) }
})

import * as ipc from '@/ipc'
import { appInfo, member } from '@/testing/fixtures'
import { router } from './index'

const counts = (households: number) => ({ villages: 1, households, persons: households * 3, cadres: 0, pairings_open: 0, changes: 0, imports: 0 })

async function open(): Promise<string> {
  // Away first, so that '/' is a navigation of its own.
  await router.push('/roster')
  await router.push('/')
  await flushPromises()
  return String(router.currentRoute.value.name)
}

describe('the page the window opens on', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.villagesList).mockResolvedValue([])
  })

  it('is 今日 when the laptop has a team', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ counts: counts(300), enrolled: false }))
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    expect(await open()).toBe('today')
  })

  it('is the household list without a team', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ counts: counts(300), enrolled: false }))
    vi.mocked(ipc.membersList).mockResolvedValue([])
    expect(await open()).toBe('households')
  })

  it('is the start page on a first start, and 同步 on an enrolled laptop waiting for its roster', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ counts: counts(0), enrolled: false }))
    expect(await open()).toBe('start')
    setActivePinia(createPinia())
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ counts: counts(0), enrolled: true }))
    expect(await open()).toBe('sync')
  })

  it('is the list when the team cannot be read', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ counts: counts(300), enrolled: false }))
    vi.mocked(ipc.membersList).mockRejectedValue(new Error('boom'))
    expect(await open()).toBe('households')
  })
})
