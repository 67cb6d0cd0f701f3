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
import type { DayView } from '@/ipc'
import { appInfo, dayView, finding, logRow, logWarnings, meeting, TEAM, TEAM_TODAY, weekCells } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import TodayPage from './TodayPage.vue'

const dayViewMock = vi.mocked(ipc.dayView)
const logSet = vi.mocked(ipc.logSet)

/** 杨帆's answer for a day of week 39, or another member's with the same week. */
function viewFor(memberId: string, date: string, overrides: Partial<DayView> = {}): DayView {
  return dayView({ member: TEAM.find((m) => m.id === memberId)!, date, ...overrides })
}

async function mountPage(path = '/today') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/today', component: TodayPage },
      { path: '/settings', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(TodayPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

describe('TodayPage', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date))
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
    forgetDraftsInMemory()
  })

  it('offers one button per member in the team that day and switches with one click', async () => {
    const { wrapper } = await mountPage()

    const options = wrapper.findAll('[data-test="who-option"]')
    // 吴志刚 left the team on 20 September.
    expect(options.map((o) => o.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm'])
    expect(options[0]!.text()).toContain('杨帆')
    expect(options[0]!.classes()).toContain('el-button--primary')
    expect(options[1]!.classes()).not.toContain('el-button--primary')
    expect(dayViewMock).toHaveBeenLastCalledWith('m-yangfan', '2024-09-26')

    await options[1]!.trigger('click')
    await flushPromises()

    expect(dayViewMock).toHaveBeenLastCalledWith('m-longxm', '2024-09-26')
    const after = wrapper.findAll('[data-test="who-option"]')
    expect(after[1]!.classes()).toContain('el-button--primary')
    expect(after[0]!.classes()).not.toContain('el-button--primary')
    expect(localStorage.getItem('zhucun.currentMember')).toBe('m-longxm')
  })

  it('toggles the 工作类别 from the keyboard: each tag is a button with aria-pressed, saved as chosen', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    const tag = () => wrapper.get('[data-test="category-入户走访"]')
    expect(tag().element.tagName).toBe('BUTTON')
    expect(tag().attributes('aria-pressed')).toBe('false')
    ;(tag().element as HTMLButtonElement).focus()
    await tag().trigger('keydown', { key: ' ' })
    expect(tag().attributes('aria-pressed')).toBe('true')
    expect(tag().classes()).toContain('is-checked')
    await wrapper.get('[data-test="category-会议"]').trigger('keydown', { key: 'Enter' })
    await wrapper.get('[data-test="category-会议"]').trigger('keydown', { key: 'Enter' })
    expect(wrapper.get('[data-test="category-会议"]').attributes('aria-pressed')).toBe('false')
    await wrapper.get('textarea[data-test="content"]').setValue('走访三组农户')
    logSet.mockResolvedValue(logRow())
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(logSet.mock.calls[0]![0].categories).toEqual(['入户走访'])
  })

  it('shows 今日填报: who has written today and yesterday, in neutral words; one click opens that member’s day', async () => {
    vi.mocked(ipc.logFillStatus).mockResolvedValue([
      { member_id: 'm-yangfan', name: '杨帆', role: '第一书记', today: true, yesterday: true, assigned_yesterday: true },
      { member_id: 'm-longxm', name: '龙雪梅', role: '队员', today: false, yesterday: true, assigned_yesterday: true },
    ])
    const { wrapper } = await mountPage()
    expect(ipc.logFillStatus).toHaveBeenCalledWith(TEAM_TODAY)
    const rows = wrapper.findAll('[data-test="fill-member"]')
    // The team's order, never sorted by who wrote.
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm'])
    expect(rows[0]!.text()).toBe('杨帆今天已填昨天已填')
    expect(rows[1]!.text()).toBe('龙雪梅今天未填昨天已填')
    // No red: nothing on the strip uses a danger colour class.
    expect(wrapper.get('[data-test="fill-strip"]').html()).not.toMatch(/danger|error/)

    await rows[1]!.get('[data-day="yesterday"]').trigger('click')
    await flushPromises()
    expect(dayViewMock).toHaveBeenLastCalledWith('m-longxm', '2024-09-25')
    expect(wrapper.get('[data-test="who-option"][data-id="m-longxm"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-test="day-label"]').text()).toContain('昨天')

    await rows[1]!.get('[data-day="today"]').trigger('click')
    await flushPromises()
    expect(dayViewMock).toHaveBeenLastCalledWith('m-longxm', TEAM_TODAY)
  })

  it('reads 今日填报 again after a save', async () => {
    const { wrapper } = await mountPage()
    const before = vi.mocked(ipc.logFillStatus).mock.calls.length
    await wrapper.get('[data-test="status-休息"] input').setValue(true)
    logSet.mockResolvedValue(logRow({ status: '休息', content: '' }))
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(vi.mocked(ipc.logFillStatus).mock.calls.length).toBe(before + 1)
  })

  it('keeps 保存 in a bar that sticks to the bottom of the window', async () => {
    const { wrapper } = await mountPage()
    const bar = wrapper.get('[data-test="log-actions"]')
    expect(bar.classes()).toContain('sticky-actions')
    expect(bar.find('[data-test="log-save"]').exists()).toBe(true)
  })

  it('fills and saves the day’s log, then shows the week as it now stands', async () => {
    const { wrapper } = await mountPage()

    const nights = wrapper.get('[data-test="week-nights"]')
    expect(nights.attributes()).toMatchObject({ 'data-status': 'short', 'data-required': '4', 'data-found': '3' })
    expect(nights.text()).toContain('住村 3/4 晚')
    expect(nights.text()).toContain('进行中')
    expect(wrapper.get('[data-test="week-days"]').text()).toContain('在村 3/5 天')
    expect(wrapper.get('[data-test="week-day"][data-date="2024-09-26"]').text()).toContain('未填')
    expect(wrapper.get('[data-test="log-save"]').text()).toBe('保存')
    // Nothing to save before a status is chosen.
    expect(wrapper.get('[data-test="log-save"]').attributes('disabled')).toBeDefined()

    // 在村 on a Thursday ticks the night (住四晚).
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    expect((wrapper.get('[data-test="night"] input').element as HTMLInputElement).checked).toBe(true)
    await wrapper.get('[data-test="category-入户走访"]').trigger('click')
    await wrapper.get('[data-test="category-防返贫监测"]').trigger('click')
    await wrapper.get('[data-test="category-会议"]').trigger('click')
    await wrapper.get('[data-test="category-会议"]').trigger('click')
    await wrapper.get('textarea[data-test="content"]').setValue('  走访三组杨再兴、吴秀英两户，核实务工收入 ')

    const saved = logRow()
    logSet.mockResolvedValue(saved)
    const inVillage = { status: '在村' as const, night: true }
    dayViewMock.mockResolvedValueOnce(
      viewFor('m-yangfan', TEAM_TODAY, {
        log: saved,
        week: weekCells('2024-09-23', { '2024-09-23': inVillage, '2024-09-24': inVillage, '2024-09-25': inVillage, '2024-09-26': inVillage }),
        findings: [
          finding({ found: 4 }),
          finding({ rule: 'A2.nights', required: 4, found: 4, status: 'ok', explain: '2024年第39周（9月23日—9月29日）要求住村4晚；工作日志记住村4晚：9月23日—26日。' }),
        ],
      }),
    )
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()

    expect(logSet).toHaveBeenCalledTimes(1)
    expect(logSet).toHaveBeenCalledWith({
      member_id: 'm-yangfan',
      date: '2024-09-26',
      status: '在村',
      night: true,
      content: '走访三组杨再兴、吴秀英两户，核实务工收入',
      categories: ['入户走访', '防返贫监测'],
    })
    expect(wrapper.get('[data-test="log-saved"]').text()).toBe('已保存 9月26日的日志')
    expect(wrapper.get('[data-test="week-nights"]').attributes()).toMatchObject({ 'data-status': 'ok', 'data-found': '4' })
    expect(wrapper.get('[data-test="week-nights"]').text()).toContain('达标')
    expect(wrapper.get('[data-test="week-days"]').attributes()).toMatchObject({ 'data-status': 'short', 'data-found': '4' })
    const thursday = wrapper.get('[data-test="week-day"][data-date="2024-09-26"]')
    expect(thursday.get('[data-test="day-status"]').text()).toBe('在村')
    expect(thursday.find('[data-test="day-night"]').exists()).toBe(true)
    expect(wrapper.get('[data-test="log-save"]').text()).toBe('更新')
    expect(wrapper.find('[data-test="log-error"]').exists()).toBe(false)
  })

  it('saves with Ctrl+Enter from the text', async () => {
    const { wrapper } = await mountPage()
    logSet.mockResolvedValue(logRow({ status: '休息', night: false, content: '', categories: [] }))
    await wrapper.get('[data-test="status-休息"] input').setValue(true)
    await wrapper.get('textarea[data-test="content"]').trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()
    expect(logSet).toHaveBeenCalledWith({
      member_id: 'm-yangfan',
      date: '2024-09-26',
      status: '休息',
      night: false,
      content: '',
      categories: [],
    })
  })

  it('shows why a save was refused', async () => {
    const { wrapper } = await mountPage()
    logSet.mockRejectedValue(
      ipc.toIpcError({
        code: 'member.not_assigned',
        message: '杨帆的驻村时间是2024年3月1日起，2024年2月29日不在驻村期间。请核对日期，或在设置中修改驻村时间。',
        detail: '',
      }),
    )
    await wrapper.get('[data-test="status-公务外出"] input').setValue(true)
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()

    const error = wrapper.get('[data-test="log-error"]')
    expect(error.text()).toContain('日志没有保存')
    expect(error.text()).toContain('2024年2月29日不在驻村期间')
    expect(wrapper.find('[data-test="log-saved"]').exists()).toBe(false)
  })

  it('says beside the day when the day has not come yet, not as a failure', async () => {
    const { wrapper } = await mountPage()
    logSet.mockRejectedValue(
      ipc.toIpcError({ code: 'log.future', message: '2024年9月27日还没到，不能提前填写工作日志。', detail: '' }),
    )
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="log-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="day-error"]').text()).toContain('还没到')
  })

  it('says under 工作内容 when a day 在村 has too little written, and clears it once the text changes', async () => {
    const { wrapper } = await mountPage()
    logSet.mockRejectedValue(
      ipc.toIpcError({ code: 'log.content_short', message: '在村的日志要写明当天做了什么：工作内容至少4个字，现在没有填写。', detail: '' }),
    )
    expect(wrapper.find('[data-test="content-required"]').exists()).toBe(false)
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    expect(wrapper.find('[data-test="content-required"]').exists()).toBe(true)
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="log-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="content-error"]').text()).toBe('在村的日志要写明当天做了什么：工作内容至少4个字，现在没有填写。')
    expect(wrapper.get('textarea[data-test="content"]').attributes('aria-invalid')).toBe('true')
    await wrapper.get('textarea[data-test="content"]').setValue('走访三组两户')
    await wrapper.get('textarea[data-test="content"]').trigger('input')
    expect(wrapper.find('[data-test="content-error"]').exists()).toBe(false)
  })

  it('warns before saving of 请假 with the night, 请假 without approved leave (with a link to 请销假) and 公务外出', async () => {
    const { wrapper, router } = await mountPage()
    const shown = () => wrapper.findAll('[data-test="log-warning"]').map((w) => w.attributes('data-code'))
    expect(shown()).toEqual([])
    await wrapper.get('[data-test="status-请假"] input').setValue(true)
    expect(shown()).toEqual(['log.leave_unapproved'])
    expect(wrapper.get('[data-test="log-warning"]').text()).toContain('这一天没有已批准的请假')
    await wrapper.get('[data-test="night"] input').setValue(true)
    expect(shown()).toEqual(['log.leave_night', 'log.leave_unapproved'])
    await wrapper.get('[data-test="status-公务外出"] input').setValue(true)
    expect(shown()).toEqual(['log.official'])
    expect(wrapper.get('[data-test="log-warning"]').text()).toContain('公务外出不算在村')
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    expect(shown()).toEqual([])
    // A warning never stops the save.
    await wrapper.get('[data-test="status-请假"] input').setValue(true)
    expect(wrapper.get('[data-test="log-save"]').attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-test="log-warning-leave"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/leave')
  })

  it('says nothing of unapproved leave on a day of approved leave', async () => {
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { warnings: logWarnings({ approvedLeave: true }) }))
    const { wrapper } = await mountPage()
    await wrapper.get('[data-test="status-请假"] input').setValue(true)
    expect(wrapper.findAll('[data-test="log-warning"]')).toHaveLength(0)
  })

  it('复制昨天 fills the form from the previous log as a draft, without saving', async () => {
    const yesterday = logRow({ id: 'l-0925', date: '2024-09-25', status: '公务外出', night: false, content: '到县里参加巩固衔接培训', categories: ['会议'] })
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { previous: yesterday }))
    const { wrapper } = await mountPage()
    const copy = wrapper.get('[data-test="log-copy-previous"]')
    expect(copy.text()).toBe('复制昨天')
    await copy.trigger('click')
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('到县里参加巩固衔接培训')
    expect((wrapper.get('[data-test="status-公务外出"] input').element as HTMLInputElement).checked).toBe(true)
    expect((wrapper.get('[data-test="night"] input').element as HTMLInputElement).checked).toBe(false)
    expect(wrapper.get('[data-test="category-会议"]').classes()).toContain('is-checked')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    expect(logSet).not.toHaveBeenCalled()
    // Edited, then saved: what is sent is the edited text.
    await wrapper.get('textarea[data-test="content"]').setValue('到县里参加巩固衔接培训（第二天）')
    logSet.mockResolvedValue(logRow({ status: '公务外出', night: false, content: '到县里参加巩固衔接培训（第二天）', categories: ['会议'] }))
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(logSet).toHaveBeenCalledWith(expect.objectContaining({ status: '公务外出', content: '到县里参加巩固衔接培训（第二天）', categories: ['会议'] }))
  })

  it('names an older previous log by its day, and offers nothing when there is none', async () => {
    dayViewMock.mockImplementation(async (memberId, date) =>
      viewFor(memberId, date, { previous: date === TEAM_TODAY ? logRow({ date: '2024-09-20' }) : null }),
    )
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="log-copy-previous"]').text()).toBe('复制9月20日的日志')
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date))
    await wrapper.get('[data-test="day-prev"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="log-copy-previous"]').exists()).toBe(false)
  })

  it('marks a log written after its day as 补填, and one written on its day or of unknown date not', async () => {
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { log: logRow({ created_at: '2024-09-28' }) }))
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="log-backfilled"]').text()).toBe('补填于9月28日')
    for (const onItsDay of [true, false]) {
      dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { log: logRow({ date, created_at: onItsDay ? date : null }) }))
      await wrapper.get('[data-test="day-prev"]').trigger('click')
      await flushPromises()
      expect(wrapper.find('[data-test="log-backfilled"]').exists()).toBe(false)
    }
  })

  it('keeps unsaved text per member and day, gives it back on return, and forgets it once saved or discarded', async () => {
    const { wrapper } = await mountPage()
    const content = () => (wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    await wrapper.get('textarea[data-test="content"]').setValue('走访三组杨再兴')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)

    // Another day: its own (empty) form.
    await wrapper.get('[data-test="week-day"][data-date="2024-09-24"]').trigger('click')
    await flushPromises()
    expect(content()).toBe('')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
    await wrapper.get('textarea[data-test="content"]').setValue('24日补记')

    // Another member on the 26th: nothing of 杨帆's.
    await wrapper.get('[data-test="week-day"][data-date="2024-09-26"]').trigger('click')
    await flushPromises()
    await wrapper.findAll('[data-test="who-option"]')[1]!.trigger('click')
    await flushPromises()
    expect(content()).toBe('')

    // Back to 杨帆's 26th: the text and the status are there, marked as a draft.
    await wrapper.findAll('[data-test="who-option"]')[0]!.trigger('click')
    await flushPromises()
    expect(content()).toBe('走访三组杨再兴')
    expect((wrapper.get('[data-test="status-在村"] input').element as HTMLInputElement).checked).toBe(true)
    expect(wrapper.get('[data-test="draft-mark"]').text()).toContain('未保存的草稿')

    // A day with a saved log: the draft wins over the saved text until discarded.
    dayViewMock.mockImplementation(async (memberId, date) =>
      viewFor(memberId, date, date === '2024-09-24' ? { log: logRow({ id: 'l-0924', date, content: '已保存的24日日志' }) } : {}),
    )
    await wrapper.get('[data-test="week-day"][data-date="2024-09-24"]').trigger('click')
    await flushPromises()
    expect(content()).toBe('24日补记')
    await wrapper.get('[data-test="draft-discard"]').trigger('click')
    await flushPromises()
    expect(content()).toBe('已保存的24日日志')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)

    // Saved: the draft is gone.
    await wrapper.get('[data-test="week-day"][data-date="2024-09-26"]').trigger('click')
    await flushPromises()
    expect(content()).toBe('走访三组杨再兴')
    logSet.mockResolvedValue(logRow({ content: '走访三组杨再兴' }))
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
    expect(localStorage.getItem('zhucun.draft.today.log.m-yangfan|2024-09-26')).toBeNull()
  })

  it('gives the draft back after a reload', async () => {
    let { wrapper } = await mountPage()
    await wrapper.get('textarea[data-test="content"]').setValue('重新打开也还在')
    wrapper.unmount()
    forgetDraftsInMemory()
    setActivePinia(createPinia())
    useAppStore().info = appInfo({ today: TEAM_TODAY })
    ;({ wrapper } = await mountPage())
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('重新打开也还在')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
  })

  it('goes back a day to fill it in late, and forward again, never past today', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="day-label"]').text()).toBe('2024年9月26日 星期四（今天）')
    expect(wrapper.get('[data-test="day-next"]').attributes('disabled')).toBeDefined()

    dayViewMock.mockResolvedValueOnce(
      viewFor('m-yangfan', '2024-09-25', { log: logRow({ id: 'l-0925', date: '2024-09-25', content: '参加乡里防汛会议', categories: ['会议'] }) }),
    )
    await wrapper.get('[data-test="day-prev"]').trigger('click')
    await flushPromises()

    expect(dayViewMock).toHaveBeenLastCalledWith('m-yangfan', '2024-09-25')
    expect(wrapper.get('[data-test="day-label"]').text()).toBe('2024年9月25日 星期三（昨天）')
    expect(wrapper.get('[data-test="day-next"]').attributes('disabled')).toBeUndefined()
    // The day's log fills the form, and the button updates it.
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('参加乡里防汛会议')
    expect(wrapper.get('[data-test="category-会议"]').classes()).toContain('is-checked')
    expect(wrapper.get('[data-test="category-入户走访"]').classes()).not.toContain('is-checked')
    expect(wrapper.get('[data-test="log-save"]').text()).toBe('更新')
    expect(wrapper.get('[data-test="week-day"][data-date="2024-09-25"]').classes()).toContain('selected')

    await wrapper.get('[data-test="day-prev"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="day-label"]').text()).toBe('2024年9月24日 星期二')

    await wrapper.get('[data-test="day-next"]').trigger('click')
    await wrapper.get('[data-test="day-next"]').trigger('click')
    await flushPromises()
    expect(dayViewMock).toHaveBeenLastCalledWith('m-yangfan', '2024-09-26')
    expect(wrapper.get('[data-test="day-label"]').text()).toContain('今天')
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('')
  })

  it('keeps what was begun while the chosen day was still loading, and never carries it to another day', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('textarea[data-test="content"]').setValue('这是26日的草稿')

    let answer: (v: DayView) => void = () => undefined
    dayViewMock.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
    await wrapper.get('[data-test="week-day"][data-date="2024-09-24"]').trigger('click')
    // Another day: the draft of the 26th is gone at once.
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('')
    // Nothing can be saved before the day's answer is in.
    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    await wrapper.get('textarea[data-test="content"]').setValue('走访监测户，核实务工收入')
    expect(wrapper.get('[data-test="log-save"]').attributes('disabled')).toBeDefined()

    answer(viewFor('m-yangfan', '2024-09-24', { log: null }))
    await flushPromises()
    expect((wrapper.get('textarea[data-test="content"]').element as HTMLTextAreaElement).value).toBe('走访监测户，核实务工收入')
    logSet.mockResolvedValue(logRow({ date: '2024-09-24' }))
    await wrapper.get('[data-test="log-save"]').trigger('click')
    await flushPromises()
    expect(logSet).toHaveBeenCalledWith({
      member_id: 'm-yangfan',
      date: '2024-09-24',
      status: '在村',
      night: true,
      content: '走访监测户，核实务工收入',
      categories: [],
    })
    expect(wrapper.get('[data-test="log-saved"]').text()).toBe('已保存 9月24日的日志')
  })

  it('shows the week day by day and opens a past day with a click', async () => {
    const { wrapper } = await mountPage()
    const days = wrapper.findAll('[data-test="week-day"]')
    expect(days.map((d) => d.attributes('data-date'))).toEqual([
      '2024-09-23',
      '2024-09-24',
      '2024-09-25',
      '2024-09-26',
      '2024-09-27',
      '2024-09-28',
      '2024-09-29',
    ])
    expect(days[0]!.text()).toContain('一')
    expect(days[0]!.text()).toContain('23')
    expect(days[0]!.get('[data-test="day-status"]').text()).toBe('在村')
    expect(days[0]!.find('[data-test="day-night"]').exists()).toBe(true)
    // Days to come cannot be filled in; Sunday the 29th is the make-up working day before 国庆节.
    expect(days[4]!.attributes('disabled')).toBeDefined()
    expect(days[4]!.find('[data-test="day-status"]').exists()).toBe(false)
    expect(days[6]!.text()).toContain('调休上班')

    await days[1]!.trigger('click')
    await flushPromises()
    expect(dayViewMock).toHaveBeenLastCalledWith('m-yangfan', '2024-09-24')
    expect(wrapper.get('[data-test="day-label"]').text()).toBe('2024年9月24日 星期二')
  })

  it('shows a holiday’s name and does not tick the night on a Friday', async () => {
    dayViewMock.mockImplementation(async (memberId, date) =>
      viewFor(memberId, date, { week: weekCells('2024-09-16', { '2024-09-16': { status: '休息' } }), findings: [] }),
    )
    const { wrapper } = await mountPage('/today?date=2024-09-20&member=m-wuzg')

    expect(dayViewMock).toHaveBeenLastCalledWith('m-wuzg', '2024-09-20')
    expect(wrapper.findAll('[data-test="who-option"]').map((o) => o.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm', 'm-wuzg'])
    expect(wrapper.get('[data-test="who-option"][data-id="m-wuzg"]').classes()).toContain('el-button--primary')
    const monday = wrapper.get('[data-test="week-day"][data-date="2024-09-16"]')
    expect(monday.text()).toContain('中秋节')
    expect(monday.text()).toContain('休息')

    await wrapper.get('[data-test="status-在村"] input').setValue(true)
    expect((wrapper.get('[data-test="night"] input').element as HTMLInputElement).checked).toBe(false)
  })

  it('explains the week’s requirement on a click', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.find('[data-test="finding-explain"]').exists()).toBe(false)
    await wrapper.get('[data-test="week-days"] button').trigger('click')
    expect(wrapper.get('[data-test="finding-explain"]').text()).toBe(
      '2024年第39周（9月23日—9月29日）要求在村5天；工作日志记在村3天：9月23日—25日。',
    )
  })

  it('offers what another laptop wrote for the same day, and keeps it on request', async () => {
    const mine = logRow({ id: 'l-new', status: '在村', night: true, content: '走访5户' })
    const theirs = logRow({ id: 'l-old', status: '公务外出', night: false, content: '到县里开会', categories: ['会议'] })
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { log: mine, other_logs: [theirs] }))
    vi.mocked(ipc.logSet).mockResolvedValue({ ...mine, status: '公务外出', night: false, content: '到县里开会', categories: ['会议'] })
    const { wrapper } = await mountPage()
    const other = wrapper.get('[data-test="log-other"]')
    expect(other.text()).toContain('另一台电脑也填写了这一天')
    expect(other.text()).toContain('公务外出；到县里开会')
    await other.get('[data-test="log-adopt"]').trigger('click')
    await flushPromises()
    expect(ipc.logSet).toHaveBeenCalledWith(
      expect.objectContaining({ status: '公务外出', night: false, content: '到县里开会', categories: ['会议'] }),
    )
  })

  it('lists the day’s meetings', async () => {
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { meetings: [meeting()] }))
    const { wrapper } = await mountPage()
    const text = wrapper.get('[data-test="today-meetings"]').text()
    expect(text).toContain('今日会议')
    expect(text).toContain('周例会')
    expect(text).toContain('防返贫监测排查')
    expect(text).toContain('主持：杨帆')
  })

  it('shows a 院落会 of the day as 院落会（屋场会）', async () => {
    dayViewMock.mockImplementation(async (memberId, date) => viewFor(memberId, date, { meetings: [meeting({ kind: '院落会' })] }))
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="today-meeting-kind"]').text()).toBe('院落会（屋场会）')
  })

  it('says so and leads to 设置 when the team has no members', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([])
    const { wrapper, router } = await mountPage()
    expect(wrapper.get('[data-test="today-empty"]').text()).toContain('还没有工作队员')
    expect(dayViewMock).not.toHaveBeenCalled()
    await wrapper.get('[data-test="today-to-settings"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/settings')
  })

  it('shows why the day could not be read', async () => {
    dayViewMock.mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '数据库出错：磁盘已满', detail: '' }))
    const { wrapper } = await mountPage()
    const alert = wrapper.get('[data-test="today-load-error"]')
    expect(alert.text()).toContain('工作日志没有加载出来')
    expect(alert.text()).toContain('数据库出错：磁盘已满')
  })
})
