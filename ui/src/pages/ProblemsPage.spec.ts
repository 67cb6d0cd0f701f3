import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    villagesList: vi.fn(async () => [
      { id: 'v-meiping', township: '黄桥镇', name: '梅坪村', households: 2, persons: 5, groups: [{ id: 'g-1', name: '1组', households: 2 }] },
    ]),
    householdsList: vi.fn(),
    problemsList: vi.fn(),
    problemAdd: vi.fn(),
    problemUpdate: vi.fn(),
    problemStart: vi.fn(),
    problemClose: vi.fn(),
    problemVoid: vi.fn(),
    problemReopen: vi.fn(),
    correctionsOf: vi.fn(async () => []),
    pickFolder: vi.fn(),
    ledgerExport: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import type { ProblemRow } from '@/ipc'
import { appInfo, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { problem } from '@/testing/problems'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import ProblemsPage from './ProblemsPage.vue'

async function mountPage(rows: ProblemRow[] = []) {
  useAppStore().info = appInfo({ today: TEAM_TODAY })
  vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  vi.mocked(ipc.problemsList).mockResolvedValue(rows)
  const wrapper = mount(ProblemsPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

const settle = () => new Promise((r) => setTimeout(r, 150))

async function click(wrapper: VueWrapper, test: string) {
  await wrapper.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

describe('ProblemsPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
    forgetDraftsInMemory()
  })

  it('lists the problems; an overdue item carries 已超期 in the warning colour, never red', async () => {
    const wrapper = await mountPage([
      problem(),
      problem({ id: 'p-2', household_id: null, household_number: null, head_name: null, group_name: null, category: '环境卫生', description: '村部旁垃圾未清运', overdue: true, deadline: '2024-09-10' }),
      problem({ id: 'p-3', status: '已销号', resolution: '已维修屋顶', closed_on: '2024-09-20', approver: '杨帆' }),
    ])
    expect(ipc.problemsList).toHaveBeenCalledWith({ status: null, category: null, group_id: null, household_id: null, overdue: false, voided: false })
    const rows = wrapper.findAll('[data-test="problem-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['p-1', 'p-2', 'p-3'])
    expect(rows[0]!.get('[data-test="problem-subject"]').text()).toBe('胡新平 430527001001')
    expect(rows[1]!.get('[data-test="problem-subject"]').text()).toBe('（村级）')
    const tag = rows[1]!.get('[data-test="problem-overdue"]')
    expect(tag.text()).toBe('已超期')
    expect(tag.classes()).toContain('tag--warning')
    expect(rows[1]!.html()).not.toContain('tag--danger')
    expect(rows[0]!.find('[data-test="problem-overdue"]').exists()).toBe(false)
    expect(rows[2]!.get('[data-test="problem-status"]').text()).toBe('已销号')
    expect(rows[2]!.get('[data-test="problem-resolution"]').text()).toContain('审批人：杨帆')
    expect(rows[2]!.find('[data-test="problem-close"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="problem-count"]').text()).toBe('共 3 条，其中已超期 1 条')
    expect(wrapper.find('[data-test="problem-l1"]').exists()).toBe(false)
  })

  it('marks a closing that arrived without its approver (L1) on the item', async () => {
    const wrapper = await mountPage([problem({ status: '已销号', resolution: '已维修', closed_on: '2024-09-20', approver: null })])
    expect(wrapper.get('[data-test="problem-l1"]').text()).toBe('销号信息不全')
    expect(wrapper.get('[data-test="problem-l1"]').classes()).toContain('tag--warning')
  })

  it('filters by overdue and by status, asking the back end again', async () => {
    const wrapper = await mountPage([problem()])
    await wrapper.get('[data-test="problem-filter-overdue"] input').setValue(true)
    await flushPromises()
    expect(ipc.problemsList).toHaveBeenLastCalledWith(expect.objectContaining({ overdue: true }))
    const open = wrapper.get('[data-test="problem-filter-status"]').findAll('label').find((l) => l.text() === '未销号')!
    await open.get('input').setValue(true)
    await flushPromises()
    expect(ipc.problemsList).toHaveBeenLastCalledWith(expect.objectContaining({ status: '未销号', overdue: true }))
  })

  it('adds a village problem with the form', async () => {
    const wrapper = await mountPage([])
    await click(wrapper, 'problem-new')
    const submit = () => wrapper.get('[data-test="problem-submit"]').element as HTMLButtonElement
    expect(submit().disabled).toBe(true)
    await wrapper.get('textarea[data-test="problem-description"]').setValue('村部旁垃圾未清运')
    await flushPromises()
    expect(submit().disabled).toBe(false)
    const added = problem({ id: 'p-9', household_id: null, household_number: null, description: '村部旁垃圾未清运' })
    vi.mocked(ipc.problemAdd).mockResolvedValue(added)
    vi.mocked(ipc.problemsList).mockResolvedValue([added])
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.problemAdd).toHaveBeenCalledWith({
      village_id: null,
      household_id: null,
      source: '走访',
      category: '住房安全',
      description: '村部旁垃圾未清运',
      found_on: TEAM_TODAY,
      owner: '',
      deadline: null,
    })
    expect(wrapper.find('[data-test="problem-form"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test="problem-row"]')).toHaveLength(1)
  })

  it('销号 puts an L1 refusal beside its field, then closes with resolution, date and approver', async () => {
    const wrapper = await mountPage([problem()])
    await click(wrapper, 'problem-close')
    const dialog = wrapper.findComponent({ name: 'ElDialog' })
    await dialog.get('textarea[data-test="problem-resolution-input"]').setValue('已维修屋顶，经复查不再漏雨')
    vi.mocked(ipc.problemClose).mockRejectedValueOnce(ipc.toIpcError({ code: 'problem.approver', message: '销号须写明审批人（谁同意销号）。', detail: '' }))
    ;(document.querySelector('[data-test="problem-close-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    await settle()
    expect(document.body.textContent).toContain('销号须写明审批人（谁同意销号）。')
    expect(document.querySelector('[data-test="problem-close-error"]')).toBeNull()

    await dialog.get('input[data-test="problem-approver"]').setValue('杨帆')
    await flushPromises()
    const closed = problem({ status: '已销号', resolution: '已维修屋顶，经复查不再漏雨', closed_on: TEAM_TODAY, approver: '杨帆' })
    vi.mocked(ipc.problemClose).mockResolvedValue(closed)
    vi.mocked(ipc.problemsList).mockResolvedValue([closed])
    ;(document.querySelector('[data-test="problem-close-confirm"]') as HTMLButtonElement).click()
    await flushPromises()
    expect(ipc.problemClose).toHaveBeenLastCalledWith('p-1', { resolution: '已维修屋顶，经复查不再漏雨', closed_on: TEAM_TODAY, approver: '杨帆' })
    expect(wrapper.get('[data-test="problem-row"] [data-test="problem-status"]').text()).toBe('已销号')
  })

  it('开始整改 moves it to 整改中; 作废 asks who and why; 修改记录 opens under the row', async () => {
    const wrapper = await mountPage([problem()])
    const started = problem({ status: '整改中' })
    vi.mocked(ipc.problemStart).mockResolvedValue(started)
    vi.mocked(ipc.problemsList).mockResolvedValue([started])
    await click(wrapper, 'problem-start')
    expect(ipc.problemStart).toHaveBeenCalledWith('p-1')
    expect(wrapper.get('[data-test="problem-status"]').text()).toBe('整改中')
    expect(wrapper.find('[data-test="problem-start"]').exists()).toBe(false)

    await click(wrapper, 'problem-void')
    const confirm = () => document.querySelector('[data-test="problem-void-confirm"]') as HTMLButtonElement
    expect(confirm().disabled).toBe(true)
    const dialog = wrapper.findAllComponents({ name: 'ElDialog' }).at(-1)!
    await dialog.get('input[data-test="trace-reason"]').setValue('重复登记')
    wrapper.findAllComponents({ name: 'TraceFields' }).at(-1)!.vm.$emit('update:by', '杨帆')
    await flushPromises()
    const voided = problem({ status: '整改中', voided_on: TEAM_TODAY })
    vi.mocked(ipc.problemVoid).mockResolvedValue(voided)
    vi.mocked(ipc.problemsList).mockResolvedValue([voided])
    vi.mocked(ipc.correctionsOf).mockResolvedValue([
      { id: 'c-1', tbl: 'problem', row_id: 'p-1', at: '2024-09-26T10:00:00+08:00', by: '杨帆', action: '作废', reason: '重复登记', device: 'a1b2', here: true, changes: [] } as never,
    ])
    confirm().click()
    await flushPromises()
    expect(ipc.problemVoid).toHaveBeenCalledWith('p-1', { by: '杨帆', reason: '重复登记' })
    expect(wrapper.get('[data-test="problem-voided"]').text()).toBe('已作废')
    expect(wrapper.find('[data-test="problem-edit"]').exists()).toBe(false)
    await click(wrapper, 'problem-history-toggle')
    expect(ipc.correctionsOf).toHaveBeenCalledWith('problem', 'p-1')
    expect(wrapper.get('[data-test="problem-history"]').text()).toContain('重复登记')
  })

  it('撤销销号 asks who and why, and the problem is 整改中 again', async () => {
    const closed = problem({ status: '已销号', resolution: '已维修屋顶', closed_on: '2024-09-20', approver: '杨帆' })
    const wrapper = await mountPage([closed])
    await click(wrapper, 'problem-reopen')
    const confirm = () => document.querySelector('[data-test="problem-reopen-confirm"]') as HTMLButtonElement
    expect(confirm().disabled).toBe(true)
    const dialog = wrapper.findAllComponents({ name: 'ElDialog' }).find((d) => d.attributes('data-test') === 'problem-reopen-dialog' || d.html().includes('problem-reopen-confirm'))!
    await dialog.get('input[data-test="trace-reason"]').setValue('销号时整改未完成')
    wrapper.findAllComponents({ name: 'TraceFields' }).at(-1)!.vm.$emit('update:by', '杨帆')
    await flushPromises()
    const back = problem({ status: '整改中' })
    vi.mocked(ipc.problemReopen).mockResolvedValue(back)
    vi.mocked(ipc.problemsList).mockResolvedValue([back])
    confirm().click()
    await flushPromises()
    expect(ipc.problemReopen).toHaveBeenCalledWith('p-1', { by: '杨帆', reason: '销号时整改未完成' })
    expect(wrapper.get('[data-test="problem-status"]').text()).toBe('整改中')
    expect(wrapper.find('[data-test="problem-reopen"]').exists()).toBe(false)
    expect(ipc.correctionsOf).toHaveBeenCalledWith('problem', 'p-1')
  })

  it('exports the month’s 问题台账 into the folder picked', async () => {
    const wrapper = await mountPage([problem()])
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/u盘')
    vi.mocked(ipc.ledgerExport).mockResolvedValue({ path: '/media/u盘/2024年9月问题台账.xlsx', title: '问题排查整改台账', rows: 1 })
    await click(wrapper, 'problem-export')
    expect(ipc.ledgerExport).toHaveBeenCalledWith('problems', '2024-09', null, '/media/u盘')
    expect(wrapper.get('[data-test="problem-exported"]').text()).toContain('2024年9月问题台账.xlsx')
  })
})
