import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, appInfo: vi.fn(), uiReady: vi.fn(async () => null), membersList: vi.fn(), dueList: vi.fn() }
})

import * as ipc from '@/ipc'
import type { DueItem } from '@/ipc'
import { useAppStore } from '@/stores/app'
import { useTeamStore } from '@/stores/team'
import { appInfo, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { dueItem, HOUSEHOLD } from '@/testing/handbook'
import DuePage from './DuePage.vue'

async function mountPage(items: DueItem[]) {
  vi.mocked(ipc.dueList).mockResolvedValue(items)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/due', component: DuePage },
      { path: '/visits', component: { template: '<div />' } },
      { path: '/households/:id/handbook', component: { template: '<div />' } },
    ],
  })
  await router.push('/due')
  const wrapper = mount(DuePage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('DuePage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
  })

  it("asks for the member chosen on 今日 first, then the whole team; groups overdue, this month and this quarter", async () => {
    useTeamStore().choose(TEAM[1]!.id)
    const { wrapper } = await mountPage([
      dueItem(),
      dueItem({ rule: 'P2.evaluation', action: 'evaluation', period: '2024-Q3', reason: '重点帮扶户每季度做一次帮扶成效评估。' }),
      dueItem({ rule: 'D2', action: 'measure', period: '2024-09', due_by: '2024-09-14', overdue: true, reason: '识别后30天内要有帮扶措施。' }),
    ])
    expect(ipc.dueList).toHaveBeenCalledWith(TEAM[1]!.id)
    expect(wrapper.get('[data-test="due-scope-me"]').text()).toContain(TEAM[1]!.name)
    expect(wrapper.get('[data-test="due-count"]').text()).toBe('共 3 件，其中已超期 1 件')
    expect(wrapper.get('[data-test="due-group-overdue"] [data-test="due-row"]').attributes('data-rule')).toBe('D2')
    expect(wrapper.get('[data-test="due-group-month"] [data-test="due-row"]').attributes('data-rule')).toBe('P2.visit')
    expect(wrapper.get('[data-test="due-group-quarter"] [data-test="due-row"]').attributes('data-rule')).toBe('P2.evaluation')
    // Overdue is a neutral warning tag on the item; no red anywhere, no person ranked.
    const tag = wrapper.get('[data-test="due-overdue"]')
    expect(tag.text()).toBe('已超期')
    expect(tag.classes()).toContain('tag--warning')
    expect(wrapper.html()).not.toContain('tag--danger')
    expect(wrapper.get('[data-test="due-group-month"] [data-test="due-reason"]').text()).toContain('每月')

    wrapper.findComponent({ name: 'ElRadioGroup' }).vm.$emit('update:modelValue', 'team')
    await flushPromises()
    expect(ipc.dueList).toHaveBeenLastCalledWith(null)
  })

  it('one button does the thing: a cadre visit opens the visit form with the household and cadre, the rest the handbook at its section', async () => {
    useTeamStore().choose(TEAM[0]!.id)
    const { wrapper, router } = await mountPage([
      dueItem(),
      dueItem({ rule: 'P4.unsigned', action: 'sign', entry: 'income', entry_id: 'inc-1', period: '2024' }),
      dueItem({ rule: 'P2.income', action: 'income', period: '2024' }),
    ])
    const buttons = wrapper.findAll('[data-test="due-act"]')
    expect(buttons.map((b) => b.text())).toEqual(['记走访', '去签名', '收入核算'])
    await buttons[0]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toEqual({ household: HOUSEHOLD, number: '430527001001', member: TEAM[0]!.id, cadre: '1' })
    await buttons[1]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe(`/households/${HOUSEHOLD}/handbook`)
    expect(router.currentRoute.value.query).toEqual({ year: '2024', section: 'income', entry: 'inc-1' })
    await buttons[2]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ year: '2024', section: 'income' })
  })

  it('says when nothing is owed', async () => {
    const { wrapper } = await mountPage([])
    expect(wrapper.get('[data-test="due-empty"]').text()).toContain('没有待办')
  })
})
