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
    meetingUpdate: vi.fn(),
    meetingVoid: vi.fn(),
    correctionsOf: vi.fn(async () => []),
    paramsList: vi.fn(async () => []),
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

  it('lists the meetings with place, attendees and others, minutes folded, and voids one with who and why', async () => {
    const rows = [
      meeting({ minutes: '各队员汇报上周工作，第一书记部署本周任务。', others: '村支书、村主任', others_count: 2 }),
      meeting({ id: 'mt-0910', kind: '领学', date: '2024-09-10', place: '', topic: '学习防返贫监测政策', attendees: TEAM.map((m) => m.id), attendee_names: ['杨帆', '龙雪梅', '吴志刚'] }),
    ]
    const wrapper = await mountPage(rows)
    const shown = wrapper.findAll('[data-test="meeting-row"]')
    expect(shown.map((r) => r.attributes('data-id'))).toEqual(['mt-0926', 'mt-0910'])
    expect(shown[0]!.text()).toContain('2024年9月26日')
    expect(shown[0]!.get('[data-test="meeting-kind"]').text()).toBe('周例会')
    expect(shown[0]!.get('[data-test="meeting-place-cell"]').text()).toBe('村部会议室')
    expect(shown[0]!.get('[data-test="meeting-others-cell"]').text()).toBe('村支书、村主任（2人）')
    expect(shown[1]!.get('[data-test="meeting-attendees-cell"]').text()).toBe('杨帆、龙雪梅、吴志刚')
    expect(shown[1]!.find('[data-test="meeting-others-cell"]').exists()).toBe(false)
    const minutes = shown[0]!.get('[data-test="meeting-minutes-text"]')
    expect(minutes.classes()).toContain('folded')
    await shown[0]!.get('[data-test="meeting-minutes-toggle"]').trigger('click')
    expect(minutes.classes()).not.toContain('folded')
    expect(shown[1]!.find('[data-test="meeting-minutes-toggle"]').exists()).toBe(false)

    // 作废 asks who and why; nothing is sent before both are there.
    await shown[1]!.get('[data-test="meeting-void"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('不会删除')
    const confirm = () => document.querySelector('[data-test="meeting-void-confirm"]') as HTMLButtonElement
    expect(confirm().disabled).toBe(true)
    const dialog = wrapper.findComponent({ name: 'ElDialog' })
    const reason = dialog.find('input[data-test="trace-reason"]')
    await reason.setValue('重复登记')
    const traceFields = wrapper.findAllComponents({ name: 'TraceFields' }).at(-1)!
    traceFields.vm.$emit('update:by', '杨帆')
    await flushPromises()
    expect(confirm().disabled).toBe(false)
    const voided = { ...rows[1]!, voided_on: '2024-09-26' }
    vi.mocked(ipc.meetingVoid).mockResolvedValue(voided)
    vi.mocked(ipc.meetingsList).mockResolvedValue([rows[0]!, voided])
    confirm().click()
    await flushPromises()

    expect(ipc.meetingVoid).toHaveBeenCalledWith('mt-0910', { by: '杨帆', reason: '重复登记' })
    expect(ipc.correctionsOf).toHaveBeenCalledWith('meeting', 'mt-0910')
    expect(ipc.checkMeetings).toHaveBeenCalledTimes(2)
    // Still listed, marked 已作废, with no 修改 or 作废 left; its 修改记录 shown.
    const after = wrapper.get('[data-test="meeting-row"][data-id="mt-0910"]')
    expect(after.attributes('data-voided')).toBe('true')
    expect(after.get('[data-test="meeting-voided"]').text()).toBe('已作废')
    expect(after.find('[data-test="meeting-edit"]').exists()).toBe(false)
    expect(after.find('[data-test="meeting-void"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="meeting-history"][data-id="mt-0910"]').exists()).toBe(true)

    // The next 作废 is signed anew: 修改人 does not carry 杨帆 over (a shared laptop).
    await wrapper.get('[data-test="meeting-row"][data-id="mt-0926"] [data-test="meeting-void"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAllComponents({ name: 'TraceFields' }).at(-1)!.props('by')).toBe('')
    expect(confirm().disabled).toBe(true)
  })

  it('corrects a meeting with the same form, 修改人 required, and shows its 修改记录', async () => {
    const row = meeting({ minutes: '各队员汇报上周工作，第一书记部署本周任务。' })
    const wrapper = await mountPage([row])
    await click(wrapper, 'meeting-edit')
    const form = wrapper.get('[data-test="meeting-form"]')
    expect(form.attributes('data-editing')).toBe('mt-0926')
    expect(form.text()).toContain('修改会议记录')
    expect((wrapper.get('input[data-test="meeting-topic"]').element as HTMLInputElement).value).toBe('防返贫监测排查')
    expect((wrapper.get('input[data-test="meeting-place"]').element as HTMLInputElement).value).toBe('村部会议室')
    const ticked = wrapper.findAll('[data-test="meeting-attendee"]').filter((a) => (a.get('input').element as HTMLInputElement).checked)
    expect(ticked.map((a) => a.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm'])

    await wrapper.get('input[data-test="meeting-topic"]').setValue('防返贫监测集中排查')
    await flushPromises()
    // No name yet: the correction cannot be sent.
    expect(wrapper.get('[data-test="meeting-submit"]').attributes('disabled')).toBeDefined()
    wrapper.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '杨帆')
    await wrapper.get('input[data-test="trace-reason"]').setValue('主题写得不准确')
    await flushPromises()

    const saved = { ...row, topic: '防返贫监测集中排查' }
    vi.mocked(ipc.meetingUpdate).mockResolvedValue(saved)
    vi.mocked(ipc.meetingsList).mockResolvedValue([saved])
    vi.mocked(ipc.correctionsOf).mockResolvedValue([
      { id: 'c1', tbl: 'meeting', row_id: 'mt-0926', at: '2024-09-26T10:00:00Z', by: '杨帆', device: 'dev', here: true, action: '修改', reason: '主题写得不准确', changes: [{ field: '主题', before: '防返贫监测排查', after: '防返贫监测集中排查' }] },
    ] as never)
    await click(wrapper, 'meeting-submit')

    expect(ipc.meetingUpdate).toHaveBeenCalledWith(
      'mt-0926',
      {
        kind: '周例会',
        date: '2024-09-26',
        topic: '防返贫监测集中排查',
        place: '村部会议室',
        host_id: 'm-yangfan',
        attendees: ['m-yangfan', 'm-longxm'],
        others: '',
        others_count: null,
        minutes: '各队员汇报上周工作，第一书记部署本周任务。',
      },
      { by: '杨帆', reason: '主题写得不准确' },
    )
    expect(ipc.meetingAdd).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="meeting-form"]').exists()).toBe(false)
    const history = wrapper.get('[data-test="meeting-history"][data-id="mt-0926"]')
    expect(history.text()).toContain('修改记录')
    expect(history.text()).toContain('主题：防返贫监测排查 → 防返贫监测集中排查')
    expect(history.text()).toContain('主题写得不准确')
  })

  it('saves a correction opened before the month was switched as that meeting’s correction, never as a new one', async () => {
    const row = meeting()
    const wrapper = await mountPage([row])
    await click(wrapper, 'meeting-edit')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('防返贫监测集中排查')
    // Back to August: the September meeting is no longer among the month's rows.
    vi.mocked(ipc.meetingsList).mockResolvedValue([])
    await click(wrapper, 'month-prev')
    expect(wrapper.findAll('[data-test="meeting-row"]')).toHaveLength(0)
    expect(wrapper.get('[data-test="meeting-form"]').attributes('data-editing')).toBe('mt-0926')
    await wrapper.get('[data-test="trace-by"] input').setValue('杨帆')
    await flushPromises()
    vi.mocked(ipc.meetingUpdate).mockResolvedValue({ ...row, topic: '防返贫监测集中排查' })
    await click(wrapper, 'meeting-submit')
    expect(ipc.meetingAdd).not.toHaveBeenCalled()
    expect(ipc.meetingUpdate).toHaveBeenCalledWith('mt-0926', expect.objectContaining({ topic: '防返贫监测集中排查', date: '2024-09-26' }), { by: '杨帆', reason: '' })
  })

  it('offers and shows 院落会 as 院落会（屋场会）, sending 院落会', async () => {
    const rows = [
      meeting({ id: 'mt-a', kind: '院落会', topic: '三组屋场会' }),
      meeting({ id: 'mt-b', kind: '院落会（屋场会）', topic: '五组屋场会' }),
    ]
    const wrapper = await mountPage(rows)
    const kinds = wrapper.findAll('[data-test="meeting-kind"]').map((k) => k.text())
    expect(kinds).toEqual(['院落会（屋场会）', '院落会（屋场会）'])
    // A row stored under the combined wording, corrected without change, changes nothing.
    await wrapper.get('[data-test="meeting-row"][data-id="mt-b"] [data-test="meeting-edit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="meeting-kind-院落会"]').text()).toBe('院落会（屋场会）')
    expect((wrapper.get('[data-test="meeting-kind-院落会"] input').element as HTMLInputElement).checked).toBe(true)
    await click(wrapper, 'meeting-close')

    await click(wrapper, 'meeting-new')
    await wrapper.get('[data-test="meeting-kind-院落会"] input').setValue(true)
    await wrapper.get('input[data-test="meeting-topic"]').setValue('七组屋场会')
    await flushPromises()
    vi.mocked(ipc.meetingAdd).mockResolvedValue(meeting({ id: 'mt-c', kind: '院落会' }))
    await click(wrapper, 'meeting-submit')
    expect(ipc.meetingAdd).toHaveBeenCalledWith(expect.objectContaining({ kind: '院落会', topic: '七组屋场会' }))
  })

  it('keeps an unsent correction as a draft of that meeting, and puts a refused name beside its field', async () => {
    const row = meeting()
    const wrapper = await mountPage([row])
    await click(wrapper, 'meeting-edit')
    await wrapper.get('input[data-test="meeting-topic"]').setValue('改了一半')
    await flushPromises()
    await click(wrapper, 'meeting-close')
    await click(wrapper, 'meeting-edit')
    expect((wrapper.get('input[data-test="meeting-topic"]').element as HTMLInputElement).value).toBe('改了一半')
    expect(wrapper.find('[data-test="draft-mark"]').exists() || wrapper.text().includes('未保存的草稿')).toBe(true)

    wrapper.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '杨帆')
    await flushPromises()
    vi.mocked(ipc.meetingUpdate).mockRejectedValue(ipc.toIpcError({ code: 'correction.by', message: '请写明修改人（谁做的这次修改），修改记录里会保留。', detail: '' }))
    await click(wrapper, 'meeting-submit')
    await settle()
    expect(wrapper.text()).toContain('请写明修改人')
    expect(wrapper.find('[data-test="meeting-error"]').exists()).toBe(false)
  })

  it('says beside the minutes that a 周例会 counts only with them', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'meeting-new')
    expect(wrapper.get('[data-test="meeting-minutes-needed"]').text()).toContain('至少写10个字才计入每周例会要求')
    await wrapper.get('textarea[data-test="meeting-minutes"]').setValue('各队员汇报上周工作，部署本周任务。')
    expect(wrapper.find('[data-test="meeting-minutes-needed"]').exists()).toBe(false)
    await wrapper.get('textarea[data-test="meeting-minutes"]').setValue('')
    await wrapper.get('[data-test="meeting-kind-领学"] input').setValue(true)
    expect(wrapper.find('[data-test="meeting-minutes-needed"]').exists()).toBe(false)
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
    await wrapper.get('input[data-test="meeting-place"]').setValue(' 村部党员活动室 ')
    await wrapper.get('input[data-test="meeting-others"]').setValue('村两委成员、党员代表')
    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 12)
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
      place: '村部党员活动室',
      host_id: null,
      attendees: ['m-yangfan', 'm-wuzg'],
      others: '村两委成员、党员代表',
      others_count: 12,
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
