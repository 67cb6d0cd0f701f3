import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, appInfo: vi.fn(), uiReady: vi.fn(async () => null), handbookAudit: vi.fn() }
})

import * as ipc from '@/ipc'
import type { AuditItem } from '@/ipc'
import { useAppStore } from '@/stores/app'
import { appInfo, TEAM_TODAY } from '@/testing/fixtures'
import { auditItem, HOUSEHOLD } from '@/testing/handbook'
import HandbookAuditPage from './HandbookAuditPage.vue'

async function mountPage(items: AuditItem[]) {
  vi.mocked(ipc.handbookAudit).mockResolvedValue(items)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/handbook-audit', component: HandbookAuditPage },
      { path: '/visits', component: { template: '<div />' } },
      { path: '/households/:id/handbook', component: { template: '<div />' } },
    ],
  })
  await router.push('/handbook-audit')
  const wrapper = mount(HandbookAuditPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('HandbookAuditPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('groups the lines by household with the count at the top', async () => {
    const { wrapper } = await mountPage([
      auditItem(),
      auditItem({ code: 'D4', entry: 'measure', entry_id: null, date: null, message: '有劳动能力的监测户还没有开发式帮扶措施。', fix: '请新增产业、就业、公益岗位或金融帮扶措施。' }),
      auditItem({ household_id: 'h-2', number: '430527001002', head: '杨志明', code: 'P2.income', entry: '', entry_id: null, date: null, message: '还没有2024年度的收入核算。', fix: '请填写收入核算。' }),
    ])
    expect(wrapper.get('[data-test="audit-count"]').text()).toBe('共 3 个问题，涉及 2 户')
    const groups = wrapper.findAll('[data-test="audit-household"]')
    expect(groups.map((g) => g.attributes('data-household'))).toEqual([HOUSEHOLD, 'h-2'])
    expect(groups[0]!.findAll('[data-test="audit-row"]').map((r) => r.attributes('data-code'))).toEqual(['P4.unsigned', 'D4'])
    expect(groups[0]!.text()).toContain('缺签名')
    expect(groups[0]!.text()).toContain('请在手册的联系与走访中补签。')
    expect(wrapper.html()).not.toContain('tag--danger')
  })

  it('each line opens the entry to fix; coming back reads the list again, so a fixed line is gone', async () => {
    const { wrapper, router } = await mountPage([
      auditItem(),
      auditItem({ code: 'P2.month_visit', entry: '', entry_id: null, date: '2024-08-31', message: '8月结对干部没有入户走访。', fix: '请补记走访。' }),
      auditItem({ code: 'D5', entry: 'household', entry_id: HOUSEHOLD, date: null }),
    ])
    const fix = () => wrapper.findAll('[data-test="audit-fix"]')
    await fix()[0]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe(`/households/${HOUSEHOLD}/handbook`)
    expect(router.currentRoute.value.query).toEqual({ year: '2024', section: 'contacts', entry: 'v-1' })
    await fix()[1]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toMatchObject({ household: HOUSEHOLD, cadre: '1' })
    await fix()[2]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ section: 'cover' })

    vi.mocked(ipc.handbookAudit).mockResolvedValue([])
    await wrapper.get('[data-test="audit-reload"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-test="audit-row"]')).toHaveLength(0)
    expect(wrapper.get('[data-test="audit-count"]').text()).toBe('没有发现问题')
  })

  it('audits this year first; ‹ audits last year (its income lines), and a fix opens that year', async () => {
    const { wrapper, router } = await mountPage([])
    const thisYear = Number(TEAM_TODAY.slice(0, 4))
    expect(vi.mocked(ipc.handbookAudit).mock.calls).toEqual([[thisYear]])
    expect(wrapper.get('[data-test="audit-year"]').text()).toBe(`${thisYear}年`)
    expect(wrapper.get('[data-test="audit-year-next"]').attributes('disabled')).toBeDefined()

    vi.mocked(ipc.handbookAudit).mockResolvedValue([
      auditItem({ code: 'P2.income', entry: 'income', entry_id: null, date: null, message: `还没有${thisYear - 1}年度的收入核算。`, fix: '请填写收入核算。' }),
    ])
    await wrapper.get('[data-test="audit-year-prev"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.handbookAudit).mock.calls.at(-1)).toEqual([thisYear - 1])
    expect(wrapper.get('[data-test="audit-year"]').text()).toBe(`${thisYear - 1}年`)
    expect(wrapper.findAll('[data-test="audit-row"]').map((r) => r.attributes('data-code'))).toEqual(['P2.income'])
    await wrapper.get('[data-test="audit-reload"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.handbookAudit).mock.calls.at(-1)).toEqual([thisYear - 1])
    await wrapper.get('[data-test="audit-fix"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toMatchObject({ year: String(thisYear - 1) })
  })
})
