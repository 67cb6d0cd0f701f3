import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    uiReady: vi.fn(async () => null),
    householdGet: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import { appInfo, householdDetail, TEAM_TODAY, visitRow } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import HouseholdPage from './HouseholdPage.vue'

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/households/:id', name: 'household', component: HouseholdPage, props: true },
      { path: '/households', name: 'households', component: { template: '<div />' } },
      { path: '/visits', name: 'visits', component: { template: '<div />' } },
      { path: '/households/:id/handbook', name: 'handbook', component: { template: '<div />' } },
    ],
  })
  await router.push('/households/h-zhang')
  const wrapper = mount(HouseholdPage, { props: { id: 'h-zhang' }, global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('HouseholdPage: its visits and 一户一画像', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.householdGet).mockResolvedValue(
      householdDetail({
        visits: [
          visitRow({ id: 'v-2', date: '2024-09-20', mode: '电话', counts: false, checks: [{ item: '住房安全', state: '有问题', note: '屋顶漏雨' }], next_step: '报乡镇危改' }),
          visitRow({ id: 'v-1', date: '2024-08-20' }),
        ],
        last_visit: '2024-09-20',
        last_in_person: '2024-08-20',
        latest_checks: [
          { item: '义务教育', state: '正常', note: '' },
          { item: '住房安全', state: '有问题', note: '屋顶漏雨' },
        ],
        open_problems: 1,
        owed: ['本月走访1次'],
      }),
    )
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('draws the portrait from the data: category and tier, members, flags, 三保障 and water, cadre, last visit and contact, problems, what is owed', async () => {
    const { wrapper } = await mountPage()
    const p = wrapper.get('[data-test="portrait"]')
    expect(p.get('[data-test="portrait-category"]').text()).toBe('监测户（突发严重困难户） · 重点帮扶')
    expect(p.get('[data-test="portrait-flags"]').text()).toBe('整户无劳动能力')
    expect(p.get('[data-test="portrait-members"]').text()).toContain('张德明（户主，62岁，丧失劳动力，患有大病）')
    const g = p.findAll('[data-test="portrait-guarantee"]').map((x) => [x.attributes('data-item'), x.attributes('data-state')])
    expect(g).toEqual([
      ['义务教育', '正常'],
      ['基本医疗', ''],
      ['住房安全', '有问题'],
      ['饮水安全', ''],
    ])
    expect(p.get('[data-test="portrait-guarantees"]').text()).toContain('屋顶漏雨')
    expect(p.get('[data-test="portrait-guarantees"]').text()).toContain('未查看过')
    expect(p.get('[data-test="portrait-cadre"]').text()).toBe('刘建国（县林业局）')
    expect(p.get('[data-test="portrait-last-visit"]').text()).toBe('2024年8月20日')
    expect(p.get('[data-test="portrait-last-contact"]').text()).toBe('2024年9月20日')
    expect(p.get('[data-test="portrait-problems"]').text()).toBe('1 个')
    expect(p.get('[data-test="portrait-owed"]').text()).toBe('还需本月走访1次')
  })

  it('shows the risk types beside the risk status as neutral tags, and says when a monitored household has none', async () => {
    const { wrapper } = await mountPage()
    const p = wrapper.get('[data-test="portrait"]')
    expect(p.get('[data-test="portrait-risk"]').text()).toContain('未消除')
    const tags = p.findAll('[data-test="portrait-risk-type"]')
    expect(tags.map((x) => x.text())).toEqual(['因病', '缺劳动力'])
    expect(tags.every((x) => x.classes().includes('tag--info'))).toBe(true)
    wrapper.unmount()

    vi.mocked(ipc.householdGet).mockResolvedValue(householdDetail({ risk_types: [] }))
    const none = (await mountPage()).wrapper.get('[data-test="portrait"]')
    expect(none.findAll('[data-test="portrait-risk-type"]')).toHaveLength(0)
    expect(none.get('[data-test="portrait-risk-types"]').text()).toBe('花名册未填风险类型')
    document.body.innerHTML = ''

    vi.mocked(ipc.householdGet).mockResolvedValue(
      householdDetail({ category: '脱贫户', monitor_category: null, risk_status: null, risk_types: [], tier: '巩固联系' }),
    )
    const lifted = (await mountPage()).wrapper.get('[data-test="portrait"]')
    expect(lifted.find('[data-test="portrait-risk-types"]').exists()).toBe(false)
    expect(lifted.get('[data-test="portrait-risk"]').text()).toBe('无')
  })

  it('lists its visits latest first, and 记走访 opens the 走访 page with the household taken', async () => {
    const { wrapper, router } = await mountPage()
    const rows = wrapper.findAll('[data-test="household-visit"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['v-2', 'v-1'])
    expect(rows[0]!.text()).toContain('不计入')
    expect(rows[0]!.text()).toContain('住房安全：屋顶漏雨')
    expect(rows[0]!.text()).toContain('报乡镇危改')

    await wrapper.get('[data-test="household-visit-add"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toEqual({ household: 'h-zhang', number: '430527100201030001' })
  })

  it("结对手册 opens the household's handbook of this year", async () => {
    const { wrapper, router } = await mountPage()
    await wrapper.get('[data-test="household-handbook"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/households/h-zhang/handbook')
    expect(router.currentRoute.value.query).toEqual({ year: TEAM_TODAY.slice(0, 4) })
  })
})
