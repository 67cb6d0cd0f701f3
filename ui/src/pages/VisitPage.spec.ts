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
    visitHouseholds: vi.fn(),
    visitsList: vi.fn(async () => []),
    visitAdd: vi.fn(),
    visitUpdate: vi.fn(),
    visitDelete: vi.fn(async () => null),
    visitCoverage: vi.fn(),
    correctionsOf: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import type { VisitInput } from '@/ipc'
import { appInfo, TEAM, TEAM_TODAY, visitPick, visitRow } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import { useTeamStore } from '@/stores/team'
import VisitPage from './VisitPage.vue'

const ZHANG = visitPick()
const LI = visitPick({ household_id: 'h-li', number: '430527100201010007', head: '李秀英', group: '1组', category: '脱贫户', cadre_id: null, cadre_name: null, owed: false })
const AWAY = visitPick({ household_id: 'h-wang', number: '430527100201020003', head: '王春生', group: '2组', away: true, away_flag: true, away_since: '2024-03-01' })

async function mountPage(path = '/visits') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/visits', name: 'visits', component: VisitPage },
      { path: '/visits/coverage', name: 'coverage', component: { template: '<div />' } },
      { path: '/other', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(VisitPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Element Plus shows a form item's message a moment after it is set. */
const settle = () => new Promise((r) => setTimeout(r, 120)).then(flushPromises)

type W = Awaited<ReturnType<typeof mountPage>>['wrapper']

async function pickWithEnter(wrapper: W, text: string) {
  const input = wrapper.get('input[data-test="visit-search"]')
  await input.setValue(text)
  await input.trigger('keydown', { key: 'Enter' })
  await flushPromises()
}

const sent = () => vi.mocked(ipc.visitAdd).mock.calls.at(-1)![0]

describe('VisitPage', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.clearAllMocks()
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    vi.mocked(ipc.visitHouseholds).mockImplementation(async (query: string) =>
      [ZHANG, AWAY, LI].filter((p) => !query || p.head.includes(query) || p.number.includes(query) || p.group.includes(query)),
    )
    vi.mocked(ipc.visitAdd).mockImplementation(async (input: VisitInput) => visitRow({ household_id: input.household_id, mode: input.mode, date: input.date }))
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
    forgetDraftsInMemory()
  })

  it('lists the households owed a visit first and takes the first with Enter', async () => {
    const { wrapper } = await mountPage()
    expect(ipc.visitHouseholds).toHaveBeenCalledWith('', '2024-09')
    const picks = wrapper.findAll('[data-test="visit-pick"]')
    expect(picks.map((p) => p.attributes('data-id'))).toEqual(['h-zhang', 'h-wang', 'h-li'])
    expect(picks[0]!.find('[data-test="visit-pick-owed"]').text()).toBe('9月未走访')

    await pickWithEnter(wrapper, '李')
    expect(ipc.visitHouseholds).toHaveBeenLastCalledWith('李', '2024-09')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-li')
    // The focus goes on to 走访方式.
    expect(document.activeElement?.closest('[data-test="visit-mode"]')).not.toBeNull()
  })

  it('goes down the list with the arrow keys and takes a household with Enter on it', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('input[data-test="visit-search"]').trigger('keydown', { key: 'ArrowDown' })
    const picks = () => wrapper.findAll('[data-test="visit-pick"]')
    expect(document.activeElement).toBe(picks()[0]!.element)
    await picks()[0]!.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(picks()[1]!.element)
    await picks()[1]!.trigger('keydown', { key: 'ArrowUp' })
    await picks()[0]!.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(wrapper.get('input[data-test="visit-search"]').element)
    await picks()[1]!.trigger('click')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-wang')
  })

  it('records a visit with the keyboard: Enter, a digit for the mode, Ctrl+Enter; then the form is ready for the next household', async () => {
    const { wrapper } = await mountPage()
    await pickWithEnter(wrapper, '张')
    // "Me" on 今日 (the first member assigned, 杨帆) is ticked; 吴志刚 left on the 20th and is not offered.
    expect(wrapper.findAll('[data-test="visit-member"]').map((m) => m.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm'])
    expect(wrapper.get('[data-test="visit-cadre"]').text()).toBe('结对帮扶责任人（刘建国）')

    const mode = wrapper.get('.mode')
    await mode.trigger('keydown', { key: '2' })
    expect(wrapper.get('[data-test="visit-mode-电话"] input').element).toHaveProperty('checked', true)
    // 张德明's household is not whole-family-away: said before saving.
    expect(wrapper.find('[data-test="visit-v3-warning"]').text()).toContain('不计入走访要求')
    await mode.trigger('keydown', { key: 'ArrowLeft' })
    expect(wrapper.get('[data-test="visit-mode-入户"] input').element).toHaveProperty('checked', true)
    expect(wrapper.find('[data-test="visit-v3-warning"]').exists()).toBe(false)

    await wrapper.get('[data-test="visit-cadre"] input').setValue(true)
    await wrapper.get('input[data-test="visit-met"]').setValue('户主本人')
    await wrapper.get('[data-test="visit-check-住房安全"] .check-states').trigger('keydown', { key: '1' })
    await wrapper.get('[data-test="visit-rest-ok"]').trigger('click')
    await wrapper.get('input[data-test="visit-next-step"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()

    expect(ipc.visitAdd).toHaveBeenCalledTimes(1)
    const input = sent()
    expect(input).toMatchObject({ household_id: 'h-zhang', date: '2024-09-26', mode: '入户', members: ['m-yangfan'], cadre: true, met: '户主本人' })
    expect(input.checks).toHaveLength(8)
    expect(input.checks.every((c) => c.state === '正常')).toBe(true)
    expect(input.problems).toEqual([])

    expect(wrapper.get('[data-test="visit-saved"]').text()).toContain('已保存：张德明家 9月26日 入户走访')
    // Ready for the next one: the picker is back (and asked again, so the owed list follows); the day and visitors stay.
    expect(wrapper.find('[data-test="visit-picked"]').exists()).toBe(false)
    expect(vi.mocked(ipc.visitHouseholds).mock.calls.length).toBeGreaterThanOrEqual(3)
    expect(ipc.visitsList).toHaveBeenCalledTimes(2)
    expect(document.activeElement?.closest('[data-test="visit-search"]')).not.toBeNull()
  })

  it('says nothing of V3 for a remote visit to a household whole-family-away that day', async () => {
    const { wrapper } = await mountPage()
    await pickWithEnter(wrapper, '王')
    await wrapper.get('.mode').trigger('keydown', { key: '3' })
    expect(wrapper.get('[data-test="visit-mode-微信"] input').element).toHaveProperty('checked', true)
    expect(wrapper.find('[data-test="visit-v3-warning"]').exists()).toBe(false)
  })

  it('warns of V3 for a day before the family went away', async () => {
    vi.mocked(ipc.visitHouseholds).mockResolvedValue([visitPick({ away: false, away_flag: true, away_since: '2024-09-27' })])
    const { wrapper } = await mountPage()
    await pickWithEnter(wrapper, '')
    await wrapper.get('.mode').trigger('keydown', { key: '4' })
    expect(wrapper.get('[data-test="visit-mode-视频"] input').element).toHaveProperty('checked', true)
    // Away only from the 27th: a video call on the 26th does not count.
    expect(wrapper.find('[data-test="visit-v3-warning"]').exists()).toBe(true)
  })

  it('asks for a note beside a check with a problem, and puts the problem into the ledger with the visit', async () => {
    const { wrapper } = await mountPage()
    await pickWithEnter(wrapper, '张')
    await wrapper.get('[data-test="visit-check-住房安全"] .check-states').trigger('keydown', { key: '2' })
    expect(wrapper.get('[data-test="visit-check-住房安全"]').attributes('data-state')).toBe('有问题')
    expect(wrapper.find('[data-test="visit-ledger-住房安全"]').exists()).toBe(true)

    await wrapper.get('input[data-test="visit-met"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(ipc.visitAdd).not.toHaveBeenCalled()
    await settle()
    expect(wrapper.get('[data-test="visit-note-item-住房安全"]').text()).toContain('住房安全有问题，请写明是什么问题')

    await wrapper.get('input[data-test="visit-note-住房安全"]').setValue('屋顶漏雨')
    await settle()
    expect(wrapper.get('[data-test="visit-note-item-住房安全"]').text()).not.toContain('请写明')
    await wrapper.get('input[data-test="visit-met"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    const input = sent()
    expect(input.checks.find((c) => c.item === '住房安全')).toEqual({ item: '住房安全', state: '有问题', note: '屋顶漏雨' })
    expect(input.problems).toEqual([{ category: '住房安全', description: '屋顶漏雨', deadline: null, owner: '' }])
  })

  it('keeps what was typed for a household across pages until it is saved', async () => {
    const first = await mountPage()
    await pickWithEnter(first.wrapper, '张')
    await first.wrapper.get('input[data-test="visit-met"]').setValue('户主配偶')
    expect(first.wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    first.wrapper.unmount()

    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-zhang')
    expect((wrapper.get('input[data-test="visit-met"]').element as HTMLInputElement).value).toBe('户主配偶')

    // Another household, then back: each keeps its own.
    await wrapper.get('[data-test="visit-change-household"]').trigger('click')
    await pickWithEnter(wrapper, '李')
    expect((wrapper.get('input[data-test="visit-met"]').element as HTMLInputElement).value).toBe('')
    await wrapper.get('[data-test="visit-change-household"]').trigger('click')
    await pickWithEnter(wrapper, '张')
    expect((wrapper.get('input[data-test="visit-met"]').element as HTMLInputElement).value).toBe('户主配偶')
  })

  it('shows a refusal of the back end beside its field', async () => {
    vi.mocked(ipc.visitAdd).mockRejectedValue(ipc.toIpcError({ code: 'visit.no_visitor', message: '请勾选走访人：至少一名工作队员或结对帮扶责任人。', detail: '' }))
    const { wrapper } = await mountPage()
    await pickWithEnter(wrapper, '张')
    await wrapper.get('input[data-test="visit-met"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-test="visit-members-item"]').text()).toContain('至少一名工作队员')
    expect(wrapper.find('[data-test="visit-error"]').exists()).toBe(false)
    // Nothing lost: the household and the form stay.
    expect(wrapper.find('[data-test="visit-picked"]').exists()).toBe(true)
  })

  it('takes the member and the day from 今日 (?member=&date=), and the household from a link', async () => {
    useTeamStore().choose('m-yangfan')
    const { wrapper } = await mountPage('/visits?member=m-longxm&date=2024-09-25&household=h-li&number=430527100201010007')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-li')
    expect(ipc.visitHouseholds).toHaveBeenCalledWith('430527100201010007', '2024-09')
    expect((wrapper.get('[data-test="visit-date"] input').element as HTMLInputElement).value).toBe('2024-09-25')
    const ticked = wrapper.findAll('[data-test="visit-member"]').filter((m) => m.classes().includes('is-checked'))
    expect(ticked.map((m) => m.attributes('data-id'))).toEqual(['m-longxm'])
    // 李秀英's household has no pairing cadre: no tick for one.
    expect(wrapper.find('[data-test="visit-cadre"]').exists()).toBe(false)
  })

  it('ticks the pairing cadre for 新增联系 from the handbook (?cadre=1)', async () => {
    const plain = await mountPage('/visits?household=h-zhang&number=430527100201030001')
    expect(plain.wrapper.get('[data-test="visit-cadre"]').classes()).not.toContain('is-checked')
    plain.wrapper.unmount()
    localStorage.clear()
    forgetDraftsInMemory()
    const { wrapper } = await mountPage('/visits?household=h-zhang&number=430527100201030001&cadre=1')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-zhang')
    expect(wrapper.get('[data-test="visit-cadre"]').classes()).toContain('is-checked')
  })

  it('lets the member and the day of a link from 今日 win over a kept draft', async () => {
    const first = await mountPage()
    await pickWithEnter(first.wrapper, '张')
    await first.wrapper.get('input[data-test="visit-met"]').setValue('户主配偶')
    first.wrapper.unmount()

    const { wrapper } = await mountPage('/visits?member=m-longxm&date=2024-09-24')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-zhang')
    expect((wrapper.get('input[data-test="visit-met"]').element as HTMLInputElement).value).toBe('户主配偶')
    expect((wrapper.get('[data-test="visit-date"] input').element as HTMLInputElement).value).toBe('2024-09-24')
    const ticked = wrapper.findAll('[data-test="visit-member"]').filter((m) => m.classes().includes('is-checked'))
    expect(ticked.map((m) => m.attributes('data-id'))).toEqual(['m-longxm'])
  })

  it('corrects a recent visit with 修改人, and deletes one with 修改人 and 原因', async () => {
    const row = visitRow({ checks: [{ item: '住房安全', state: '正常', note: '' }] })
    vi.mocked(ipc.visitsList).mockResolvedValue([row])
    vi.mocked(ipc.visitUpdate).mockResolvedValue(visitRow({ met: '户主配偶' }))
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test="visit-edit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="visit-form"]').attributes('data-editing')).toBe('v-1')
    expect(wrapper.get('[data-test="visit-picked"]').attributes('data-id')).toBe('h-zhang')
    await wrapper.get('input[data-test="visit-met"]').setValue('户主配偶')
    expect(wrapper.get('[data-test="visit-submit"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-test="trace-by"] input').setValue('杨帆')
    await wrapper.get('[data-test="visit-submit"]').trigger('submit')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.visitUpdate).toHaveBeenCalledTimes(1)
    const [id, input, trace] = vi.mocked(ipc.visitUpdate).mock.calls[0]!
    expect(id).toBe('v-1')
    expect(input).toMatchObject({ household_id: 'h-zhang', met: '户主配偶' })
    expect(trace).toEqual({ by: '杨帆', reason: '' })
    expect(ipc.correctionsOf).toHaveBeenCalledWith('visit', 'v-1')

    await wrapper.get('[data-test="visit-delete"]').trigger('click')
    await flushPromises()
    const dialog = document.querySelector('[data-test="visit-delete-dialog"]')!
    const confirm = dialog.querySelector<HTMLButtonElement>('[data-test="visit-delete-confirm"]')!
    expect(confirm.disabled).toBe(true)
    const inputs = dialog.querySelectorAll<HTMLInputElement>('input, textarea')
    inputs[0]!.value = '杨帆'
    inputs[0]!.dispatchEvent(new Event('input'))
    inputs[1]!.value = '录错了农户'
    inputs[1]!.dispatchEvent(new Event('input'))
    await flushPromises()
    confirm.click()
    await flushPromises()
    expect(ipc.visitDelete).toHaveBeenCalledWith('v-1', { by: '杨帆', reason: '录错了农户' })
  })
})
