import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
    uiReady: vi.fn(async () => null),
    syncStatus: vi.fn(),
    enroll: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import type { AppInfo } from '@/ipc'
import { appInfo } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import StartPage from './StartPage.vue'

const info = (enrolled: boolean, households = 0): AppInfo =>
  appInfo({ enrolled, pending: 0 }, { villages: enrolled ? 1 : 0, households, persons: 0 })


async function mountStart() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/start', name: 'start', component: StartPage },
      { path: '/sync', name: 'sync', component: { template: '<div />' } },
      { path: '/households', name: 'households', component: { template: '<div />' } },
    ],
  })
  await router.push('/start')
  const wrapper = mount(StartPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('enrollment on the start page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    vi.mocked(ipc.syncStatus).mockResolvedValue({
      device: 'd',
      role: 'laptop',
      enrolled: true,
      village: '梅坪村',
      county: 'c',
      server_url: null,
      pending: 0,
      last_ack_at: null,
      conflicts: [],
      proposals_open: 0,
      devices: 0,
      events: [],
    })
  })
  afterEach(() => {
    window.__zhucun = { ...window.__zhucun, picks: [] }
    document.body.innerHTML = ''
  })

  it('offers the county’s enrollment file next to the roster and the demo, then opens the sync page', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue(info(true))
    vi.mocked(ipc.enroll).mockResolvedValue({ device: 'd', county: 'c', village: '梅坪村', team: 't', server_url: null })
    const { wrapper, router } = await mountStart()

    expect(wrapper.find('[data-test="start-import"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="start-demo"]').exists()).toBe(true)
    const choice = wrapper.get('[data-test="start-enroll"]')
    expect(choice.text()).toContain('导入登记文件（县里发的）')

    window.__zhucun!.picks = ['/home/u/梅坪村.enroll']
    await choice.trigger('click')
    await flushPromises()

    expect(ipc.enroll).toHaveBeenCalledWith('/home/u/梅坪村.enroll')
    expect(router.currentRoute.value.name).toBe('sync')
    expect(useAppStore().awaitingFirstSync).toBe(true)
  })

  it('stays on the start page and says why when the file is refused', async () => {
    vi.mocked(ipc.enroll).mockRejectedValue(
      ipc.toIpcError({ code: 'sync.enrollment_used', message: '这份登记文件已被另一台电脑使用过。', detail: '' }),
    )
    const { wrapper, router } = await mountStart()
    window.__zhucun!.picks = ['/home/u/旧.enroll']
    await wrapper.get('[data-test="start-enroll"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('start')
    expect(wrapper.get('[data-test="sync-error"]').text()).toContain('这份登记文件已被另一台电脑使用过。')
  })
})
