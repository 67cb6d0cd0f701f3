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
    visitCoverage: vi.fn(),
    visitOwedExport: vi.fn(),
    pickFolder: vi.fn(),
    ledgerOpenFolder: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import { appInfo, coverage, TEAM_TODAY } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import CoveragePage from './CoveragePage.vue'

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/visits/coverage', name: 'coverage', component: CoveragePage },
      { path: '/visits', name: 'visits', component: { template: '<div />' } },
    ],
  })
  await router.push('/visits/coverage')
  const wrapper = mount(CoveragePage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('CoveragePage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.visitCoverage).mockResolvedValue(coverage())
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows the month (V1) and the window (V2) visited of total, and each group, in neutral colours', async () => {
    const { wrapper } = await mountPage()
    expect(ipc.visitCoverage).toHaveBeenCalledWith('2024-09', null, null)
    const month = wrapper.get('[data-test="coverage-month"]')
    expect(month.text()).toContain('9月监测户走访')
    expect(month.text()).toContain('3 / 5 户')
    const window = wrapper.get('[data-test="coverage-window-total"]')
    expect(window.text()).toContain('40 / 120 户')
    expect(window.text()).toContain('2024年度')
    const groups = wrapper.findAll('[data-test="coverage-group"]')
    expect(groups.map((g) => g.text())).toEqual([expect.stringContaining('1组2 / 2 户25 / 60 户1 户'), expect.stringContaining('3组1 / 3 户15 / 60 户1 户')])
    // Counting households, not ranking people: no red anywhere.
    expect(wrapper.html()).not.toContain('danger')
  })

  it('asks for the 2024 campaign window when chosen', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test="coverage-window-campaign"] input').setValue(true)
    await flushPromises()
    expect(ipc.visitCoverage).toHaveBeenLastCalledWith('2024-09', '2024-07-29', '2024-10-31')
  })

  it('lists the households still to visit, each one click from a new visit, filtered by group', async () => {
    const { wrapper, router } = await mountPage()
    const rows = wrapper.findAll('[data-test="coverage-owed-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['h-zhang', 'h-li'])
    expect(rows[0]!.text()).toContain('本月走访1次')
    expect(rows[0]!.text()).toContain('住房安全：屋顶漏雨')
    expect(rows[1]!.text()).toContain('未走访过')

    await wrapper.findAll('[data-test="coverage-group-owed"]')[0]!.trigger('click')
    expect(wrapper.findAll('[data-test="coverage-owed-row"]').map((r) => r.attributes('data-id'))).toEqual(['h-li'])

    await wrapper.get('[data-test="coverage-visit"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toEqual({ household: 'h-li', number: '430527100201010007' })
  })

  it('exports the list of a group into a folder and says where it went', async () => {
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/u')
    vi.mocked(ipc.visitOwedExport).mockResolvedValue({ path: '/media/u/待走访农户（3组）.xlsx', title: '待走访农户', rows: 1 })
    const { wrapper } = await mountPage()
    await wrapper.findAll('[data-test="coverage-group-owed"]')[1]!.trigger('click')
    await wrapper.get('[data-test="coverage-export"]').trigger('click')
    await flushPromises()
    expect(ipc.visitOwedExport).toHaveBeenCalledWith('2024-09', null, null, 'g-3', '/media/u')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/media/u')
    expect(wrapper.get('[data-test="coverage-exported"]').text()).toContain('/media/u/待走访农户（3组）.xlsx')
  })
})
