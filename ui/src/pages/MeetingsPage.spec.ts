import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    meetingsList: vi.fn(),
    checkMeetings: vi.fn(),
    meetingAdd: vi.fn(),
    meetingDelete: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import type { Finding, MeetingRow } from '@/ipc'
import { appInfo, finding, meeting, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import MeetingsPage from './MeetingsPage.vue'

/** September 2024 on the 26th: weeks 36–38 met, week 39 still going, the study not held yet. */
const FINDINGS: Finding[] = [
  finding({ rule: 'M3', subject: 't-meiping', period: '2024-09', required: 1, found: 0, status: 'short', in_progress: true, explain: '9月还没有第一书记领学政策的记录（本月尚未结束）。' }),
  finding({ rule: 'M1', subject: 't-meiping', period: '2024-W38', required: 1, found: 1, status: 'ok', in_progress: false, explain: '9月16日—22日召开周例会 1 次。' }),
  finding({ rule: 'M1', subject: 't-meiping', period: '2024-W39', required: 1, found: 0, status: 'short', in_progress: true, explain: '本周还没有周例会记录。' }),
  finding({ rule: 'M1', subject: 't-meiping', period: '2024-W37', required: 1, found: 0, status: 'short', in_progress: false, explain: '9月9日—15日没有周例会记录。' }),
  finding({ rule: 'M2', subject: 't-meiping', period: '2024-H2', required: 1, found: 1, status: 'ok', in_progress: true, explain: '下半年第一书记已讲党课 1 次。' }),
]

async function mountPage(rows: MeetingRow[] = [], findings: Finding[] = FINDINGS) {
  useAppStore().info = appInfo({ today: TEAM_TODAY })
  vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  vi.mocked(ipc.meetingsList).mockResolvedValue(rows)
  vi.mocked(ipc.checkMeetings).mockResolvedValue(findings)
  const wrapper = mount(MeetingsPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** el-form-item shows and hides its message after 100 ms. */
const settle = () => new Promise((r) => setTimeout(r, 150))

async function click(wrapper: VueWrapper, test: string) {
  await wrapper.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

describe('MeetingsPage', () => {
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

  it('shows the month’s findings week by week, a running period as in progress, and explains one on click', async () => {
    const wrapper = await mountPage()
    expect(ipc.checkMeetings).toHaveBeenCalledWith('2024-09')
    expect(ipc.meetingsList).toHaveBeenCalledWith('2024-09-01', '2024-09-30')

    const chips = wrapper.findAll('[data-test="meeting-finding"]')
    expect(chips.map((c) => `${c.attributes('data-rule')} ${c.attributes('data-period')} ${c.attributes('data-status')}`)).toEqual([
      'M1 2024-W37 short',
      'M1 2024-W38 ok',
      'M1 2024-W39 short',
      'M3 2024-09 short',
      'M2 2024-H2 ok',
    ])
    expect(chips[0]!.text()).toContain('周例会')
    expect(chips[0]!.text()).toContain('9月9日那周')
    expect(chips[0]!.text()).toContain('0/1 次')
    expect(chips[0]!.get('[data-test="finding-status"]').text()).toBe('不足')
    expect(chips[1]!.get('[data-test="finding-status"]').text()).toBe('达标')
    // Not over yet: in progress, not a shortfall.
    expect(chips[2]!.get('[data-test="finding-status"]').text()).toBe('进行中')
    expect(chips[3]!.text()).toContain('第一书记领学政策')
    expect(chips[3]!.text()).toContain('9月')
    expect(chips[4]!.text()).toContain('下半年')

    expect(wrapper.find('[data-test="meeting-finding-explain"]').exists()).toBe(false)
    await chips[0]!.trigger('click')
    expect(wrapper.get('[data-test="meeting-finding-explain"]').text()).toBe('9月9日—15日没有周例会记录。')
    await chips[0]!.trigger('click')
    expect(wrapper.find('[data-test="meeting-finding-explain"]').exists()).toBe(false)
  })

  it('lists the meetings with their attendees, minutes folded, and deletes one after confirmation', async () => {
    const rows = [
      meeting({ minutes: '各队员汇报上周工作，第一书记部署本周任务。' }),
      meeting({ id: 'mt-0910', kind: '领学', date: '2024-09-10', topic: '学习防返贫监测政策', attendees: TEAM.map((m) => m.id), attendee_names: ['杨帆', '龙雪梅', '吴志刚'] }),
    ]
    const wrapper = await mountPage(rows)
    const shown = wrapper.findAll('[data-test="meeting-row"]')
    expect(shown.map((r) => r.attributes('data-id'))).toEqual(['mt-0926', 'mt-0910'])
    expect(shown[0]!.text()).toContain('2024年9月26日')
    expect(shown[0]!.get('[data-test="meeting-kind"]').text()).toBe('周例会')
    expect(shown[1]!.get('[data-test="meeting-attendees-cell"]').text()).toBe('杨帆、龙雪梅、吴志刚')
    const minutes = shown[0]!.get('[data-test="meeting-minutes-text"]')
    expect(minutes.classes()).toContain('folded')
    await shown[0]!.get('[data-test="meeting-minutes-toggle"]').trigger('click')
    expect(minutes.classes()).not.toContain('folded')
    expect(shown[1]!.find('[data-test="meeting-minutes-toggle"]').exists()).toBe(false)

    await shown[1]!.get('[data-test="meeting-delete"]').trigger('click')
    await flushPromises()
    expect(ipc.meetingDelete).not.toHaveBeenCalled()
    vi.mocked(ipc.meetingsList).mockResolvedValue([rows[0]!])
    await click(wrapper, 'meeting-delete-confirm')

    expect(ipc.meetingDelete).toHaveBeenCalledWith('mt-0910')
    expect(ipc.checkMeetings).toHaveBeenCalledTimes(2)
    expect(wrapper.findAll('[data-test="meeting-row"]').map((r) => r.attributes('data-id'))).toEqual(['mt-0926'])
  })

  it('records a meeting with the members on duty that day, then refreshes the list and the findings', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'meeting-new')

    // 26 September: 吴志刚 left on the 20th, so two members, both ticked.
    expect((wrapper.get('[data-test="meeting-date"] input').element as HTMLInputElement).value).toBe('2024-09-26')
    let attendees = wrapper.findAll('[data-test="meeting-attendee"]')
    expect(attendees.map((a) => a.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm'])
    expect(attendees.every((a) => (a.get('input').element as HTMLInputElement).checked)).toBe(true)

    // Earlier in the month all three were there.
    const date = wrapper.get('[data-test="meeting-date"] input')
    await date.setValue('2024-09-19')
    await date.trigger('change')
    await flushPromises()
    attendees = wrapper.findAll('[data-test="meeting-attendee"]')
    expect(attendees.map((a) => a.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm', 'm-wuzg'])
    await wrapper.get('[data-test="meeting-attendee"][data-id="m-longxm"] input').setValue(false)

    await wrapper.get('[data-test="meeting-kind-党课"] input').setValue(true)
    await wrapper.get('input[data-test="meeting-topic"]').setValue(' 学习党的二十届三中全会精神 ')
    await wrapper.get('textarea[data-test="meeting-minutes"]').setValue('第一书记讲专题党课。')

    const added = meeting({ id: 'mt-0919', kind: '党课', date: '2024-09-19', topic: '学习党的二十届三中全会精神' })
    vi.mocked(ipc.meetingAdd).mockResolvedValue(added)
    vi.mocked(ipc.meetingsList).mockResolvedValue([added])
    vi.mocked(ipc.checkMeetings).mockResolvedValue([finding({ rule: 'M2', period: '2024-H2', required: 1, found: 1, status: 'ok' })])
    await click(wrapper, 'meeting-submit')

    expect(ipc.meetingAdd).toHaveBeenCalledWith({
      kind: '党课',
      date: '2024-09-19',
      topic: '学习党的二十届三中全会精神',
      host_id: null,
      attendees: ['m-yangfan', 'm-wuzg'],
      minutes: '第一书记讲专题党课。',
    })
    expect(ipc.checkMeetings).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-test="meeting-form"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test="meeting-row"]').map((r) => r.attributes('data-id'))).toEqual(['mt-0919'])
    expect(wrapper.findAll('[data-test="meeting-finding"]').map((c) => c.attributes('data-rule'))).toEqual(['M2'])
  })

  it('shows the back end’s refusal in the form', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('部署本周走访任务')
    vi.mocked(ipc.meetingAdd).mockRejectedValue(
      ipc.toIpcError({ code: 'team.none', message: '还没有工作队：请先添加队员。', detail: '' }),
    )
    await click(wrapper, 'meeting-submit')
    expect(wrapper.get('[data-test="meeting-form"] [data-test="meeting-error"]').text()).toContain('还没有工作队：请先添加队员。')
  })

  it('refuses a meeting date after today beside the field, keeping what was typed', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('部署本周走访任务')
    const date = wrapper.get('[data-test="meeting-date"] input')
    await date.setValue('2024-09-30')
    await date.trigger('blur')
    await settle()
    expect(wrapper.get('[data-test="meeting-date-item"] .el-form-item__error').text()).toBe(
      '2024-09-30还没到（今天是2024-09-26）：会议开过之后再记录',
    )
    expect((date.element as HTMLInputElement).value).toBe('2024-09-30')
    expect(wrapper.get('[data-test="meeting-submit"]').attributes('disabled')).toBeDefined()
    await date.setValue('9月25日')
    await date.trigger('blur')
    await settle()
    expect(wrapper.find('.el-form-item__error').exists()).toBe(false)
    expect((date.element as HTMLInputElement).value).toBe('2024-09-25')
  })

  it('puts the back end’s refusal of the date beside the date', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('部署本周走访任务')
    vi.mocked(ipc.meetingAdd).mockRejectedValue(
      ipc.toIpcError({ code: 'meeting.future', message: '2024年9月26日还没到：会议开过之后再记录。', detail: '' }),
    )
    await click(wrapper, 'meeting-submit')
    await settle()
    expect(wrapper.find('[data-test="meeting-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="meeting-date-item"] .el-form-item__error').text()).toContain('还没到')
  })

  it('keeps the meeting being recorded as a draft until it is saved or discarded', async () => {
    let wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('部署本周走访任务')
    wrapper.unmount()
    wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    expect((wrapper.get('input[data-test="meeting-topic"]').element as HTMLInputElement).value).toBe('部署本周走访任务')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    await click(wrapper, 'draft-discard')
    expect((wrapper.get('input[data-test="meeting-topic"]').element as HTMLInputElement).value).toBe('')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
  })

  it('steps back a month, but not past the current one', async () => {
    const wrapper = await mountPage()
    expect(wrapper.get('[data-test="month-next"]').attributes('disabled')).toBeDefined()
    await click(wrapper, 'month-prev')
    expect(wrapper.get('[data-test="month-label"]').text()).toBe('2024年8月')
    expect(ipc.meetingsList).toHaveBeenLastCalledWith('2024-08-01', '2024-08-31')
    expect(ipc.checkMeetings).toHaveBeenLastCalledWith('2024-08')
    expect(wrapper.get('[data-test="month-next"]').attributes('disabled')).toBeUndefined()
  })
})
