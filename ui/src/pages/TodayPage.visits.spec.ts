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
    membersList: vi.fn(),
    dayView: vi.fn(),
    logSet: vi.fn(),
    logFillStatus: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import { appInfo, dayView, TEAM, TEAM_TODAY, visitRow } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import TodayPage from './TodayPage.vue'

async function mountPage(path = '/today') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/today', component: TodayPage },
      { path: '/visits', name: 'visits', component: { template: '<div />' } },
      { path: '/settings', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(TodayPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('TodayPage: the day’s visits', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
    forgetDraftsInMemory()
  })

  it('lists the member’s visits of the day from the register, each a link to the visit', async () => {
    vi.mocked(ipc.dayView).mockImplementation(async (memberId, date) =>
      dayView({
        member: TEAM.find((m) => m.id === memberId)!,
        date,
        visits: [
          visitRow(),
          visitRow({ id: 'v-2', household_id: 'h-li', head_name: '李秀英', group: '1组', mode: '电话', counts: false }),
        ],
      }),
    )
    const { wrapper, router } = await mountPage()
    const items = wrapper.findAll('[data-test="today-visit"]')
    expect(items.map((i) => i.text())).toEqual([expect.stringContaining('张德明家（3组）入户'), expect.stringContaining('李秀英家（1组）电话不计入走访要求')])

    await items[1]!.get('a').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toEqual({ visit: 'v-2' })
  })

  it('offers 记走访 for the member and the day shown', async () => {
    vi.mocked(ipc.dayView).mockImplementation(async (memberId, date) => dayView({ member: TEAM.find((m) => m.id === memberId)!, date }))
    const { wrapper, router } = await mountPage('/today?date=2024-09-25&member=m-longxm')
    expect(wrapper.get('[data-test="today-visits-none"]').text()).toBe('这一天还没有走访记录。')
    await wrapper.get('[data-test="today-visit-add"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toEqual({ member: 'm-longxm', date: '2024-09-25' })
  })
})
