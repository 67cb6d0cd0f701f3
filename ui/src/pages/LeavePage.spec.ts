import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    paramsList: vi.fn(),
    leavesList: vi.fn(),
    leaveAdd: vi.fn(),
    leaveApprove: vi.fn(),
    leaveReturn: vi.fn(),
    leaveCancel: vi.fn(),
    leaveVoid: vi.fn(),
    leaveFormExport: vi.fn(),
    correctionsOf: vi.fn(),
    pickLeavePhoto: vi.fn(),
    leavePhotoFolder: vi.fn(),
    pickFolder: vi.fn(),
    ledgerOpenFolder: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import type { LeaveRow } from '@/ipc'
import { appInfo, leaveRow, member, paramRow } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import LeavePage from './LeavePage.vue'

const MEMBERS = [
  member({ id: 'm1', name: '周建国' }),
  member({ id: 'm2', cadre_id: 'c2', name: '刘芳', role: '队长' }),
  member({ id: 'm3', cadre_id: 'c3', name: '杨帆', role: '队员' }),
]

/** 周建国's pending request, 9月19日上午—9月20日上午. */
const leave = (overrides: Partial<LeaveRow> = {}) => leaveRow({ id: 'l1', member_id: 'm1', member_name: '周建国', ...overrides })

async function mountPage(leaves: LeaveRow[] = [], today = '2024-09-18') {
  useAppStore().info = appInfo({ today })
  vi.mocked(ipc.membersList).mockResolvedValue(MEMBERS)
  vi.mocked(ipc.paramsList).mockResolvedValue([paramRow()])
  vi.mocked(ipc.leavesList).mockResolvedValue(leaves)
  const wrapper = mount(LeavePage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

/** Types a date into a date picker as a user would, and leaves the field. */
async function typeDate(wrapper: VueWrapper, test: string, date: string) {
  const input = wrapper.get(`[data-test="${test}"] input`)
  await input.setValue(date)
  await input.trigger('change')
  await input.trigger('blur')
  await flushPromises()
}

/** el-form-item shows and hides its message after 100 ms. */
const settle = () => new Promise((r) => setTimeout(r, 150))

async function click(wrapper: VueWrapper, test: string) {
  await wrapper.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

describe('LeavePage', () => {
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

  it('lists the leaves touching the month of today, and steps to the next month', async () => {
    const wrapper = await mountPage([
      leave(),
      leave({
        id: 'l2',
        member_id: 'm3',
        member_name: '杨帆',
        kind: '病假',
        from_date: '2024-08-28',
        to_date: '2024-09-03',
        to_half: '下午',
        days: 7,
        approval_level: '县委组织部',
        approved_by: '县委组织部 王部长',
        approved_on: '2024-08-27',
        state: '已批准',
      }),
    ])

    expect(ipc.leavesList).toHaveBeenCalledWith('2024-09-01', '2024-09-30')
    expect(wrapper.get('[data-test="month-label"]').text()).toBe('2024年9月')
    const rows = wrapper.findAll('[data-test="leave-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['l1', 'l2'])
    expect(rows.map((r) => r.attributes('data-state'))).toEqual(['待审批', '已批准'])
    expect(rows[0]!.get('[data-test="leave-span"]').text()).toBe('9月19日上午—9月20日上午')
    expect(rows[0]!.get('[data-test="leave-days"]').text()).toBe('1.5')
    expect(rows[0]!.get('[data-test="leave-level"]').text()).toBe('需乡镇审批')
    expect(rows[1]!.get('[data-test="leave-level"]').text()).toBe('需县委组织部审批')
    expect(rows[1]!.get('[data-test="leave-approval"]').text()).toBe('县委组织部 王部长（2024年8月27日）')
    // A pending request can be approved or withdrawn; an approved one returned from.
    expect(rows[0]!.find('[data-test="leave-approve"]').exists()).toBe(true)
    expect(rows[0]!.find('[data-test="leave-cancel"]').exists()).toBe(true)
    expect(rows[0]!.find('[data-test="leave-return"]').exists()).toBe(false)
    expect(rows[1]!.find('[data-test="leave-approve"]').exists()).toBe(false)
    expect(rows[1]!.find('[data-test="leave-return"]').exists()).toBe(true)

    vi.mocked(ipc.leavesList).mockResolvedValue([])
    await click(wrapper, 'month-next')
    expect(ipc.leavesList).toHaveBeenLastCalledWith('2024-10-01', '2024-10-31')
    expect(wrapper.get('[data-test="month-label"]').text()).toBe('2024年10月')
    expect(wrapper.findAll('[data-test="leave-row"]')).toHaveLength(0)
    expect(wrapper.get('[data-test="leave-empty"]').text()).toBe('这个月没有请假记录')
  })

  it('builds the request from the form, previewing its length and approval level', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'leave-new')

    // The member using the laptop is chosen already; another is one click.
    const options = wrapper.findAll('[data-test="leave-member-option"]')
    expect(options.map((o) => o.attributes('data-id'))).toEqual(['m1', 'm2', 'm3'])
    expect(wrapper.get('[data-test="leave-member"] input:checked').attributes('value')).toBe('m1')
    await wrapper.get('[data-test="leave-member-option"][data-id="m3"] input').setValue(true)
    await wrapper.get('[data-test="leave-kind-病假"] input').setValue(true)

    // Today, morning to afternoon: one day.
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('共 1 天，需乡镇审批')

    await typeDate(wrapper, 'leave-from-date', '2024-09-19')
    await wrapper.get('[data-test="leave-from-下午"] input').setValue(true)
    await typeDate(wrapper, 'leave-to-date', '2024-09-20')
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('共 1.5 天，需乡镇审批')
    await typeDate(wrapper, 'leave-to-date', '2024-09-22')
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('共 3.5 天，需县委组织部审批')
    await wrapper.get('[data-test="leave-to-上午"] input').setValue(true)
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('共 3 天，需乡镇审批')
    await wrapper.get('textarea[data-test="leave-reason"]').setValue('  感冒发烧，到县医院就诊 ')

    const added = leave({ id: 'l9', member_id: 'm3', member_name: '杨帆', kind: '病假', days: 3 })
    vi.mocked(ipc.leaveAdd).mockResolvedValue(added)
    vi.mocked(ipc.leavesList).mockResolvedValue([added])
    await click(wrapper, 'leave-submit')

    expect(ipc.leaveAdd).toHaveBeenCalledWith({
      member_id: 'm3',
      kind: '病假',
      from: '2024-09-19下午',
      to: '2024-09-22上午',
      reason: '感冒发烧，到县医院就诊',
    })
    expect(ipc.leavesList).toHaveBeenCalledTimes(2)
    expect(wrapper.find('[data-test="leave-form"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-test="leave-row"]').map((r) => r.attributes('data-id'))).toEqual(['l9'])
  })

  it('takes the township’s limit from the parameters', async () => {
    vi.mocked(ipc.paramsList).mockResolvedValue([paramRow({ value: '5', changed: true })])
    useAppStore().info = appInfo({ today: '2024-09-18' })
    vi.mocked(ipc.membersList).mockResolvedValue(MEMBERS)
    vi.mocked(ipc.leavesList).mockResolvedValue([])
    const wrapper = mount(LeavePage, { attachTo: document.body })
    await flushPromises()
    await click(wrapper, 'leave-new')
    await typeDate(wrapper, 'leave-to-date', '2024-09-21')
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('共 4 天，需乡镇审批')
  })

  it('says when the end comes before the start, and shows the back end’s refusal beside its field', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'leave-new')
    await wrapper.get('[data-test="leave-from-下午"] input').setValue(true)
    await wrapper.get('[data-test="leave-to-上午"] input').setValue(true)
    expect(wrapper.get('[data-test="leave-preview"]').text()).toBe('结束时间早于开始时间，请核对。')
    expect(wrapper.get('[data-test="leave-submit"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-test="leave-to-下午"] input').setValue(true)
    vi.mocked(ipc.leaveAdd).mockRejectedValue(
      ipc.toIpcError({ code: 'leave.reason', message: '请写明请假事由。', detail: '' }),
    )
    await click(wrapper, 'leave-submit')
    await settle()
    expect(wrapper.find('[data-test="leave-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="leave-reason-item"] .el-form-item__error').text()).toBe('请写明请假事由。')
    expect(wrapper.find('[data-test="leave-form"]').exists()).toBe(true)
    // Fixing the field takes the message away.
    await wrapper.get('textarea[data-test="leave-reason"]').setValue('家中有事')
    await settle()
    expect(wrapper.find('[data-test="leave-reason-item"] .el-form-item__error').exists()).toBe(false)
  })

  it('refuses an impossible date beside the field, keeps what was typed and sends nothing', async () => {
    const wrapper = await mountPage()
    await click(wrapper, 'leave-new')
    await typeDate(wrapper, 'leave-from-date', '2024-09-31')
    await settle()
    expect(wrapper.get('[data-test="leave-from-item"] .el-form-item__error').text()).toContain('9月没有31日')
    expect((wrapper.get('[data-test="leave-from-date"] input').element as HTMLInputElement).value).toBe('2024-09-31')
    expect(wrapper.get('[data-test="leave-submit"]').attributes('disabled')).toBeDefined()
    await typeDate(wrapper, 'leave-to-date', '2023-02-29')
    await settle()
    expect(wrapper.get('[data-test="leave-to-item"] .el-form-item__error').text()).toContain('2023年2月没有29日')
    await typeDate(wrapper, 'leave-from-date', '2024.9.30')
    await typeDate(wrapper, 'leave-to-date', '10月8日')
    await settle()
    expect(wrapper.find('.el-form-item__error').exists()).toBe(false)
    expect((wrapper.get('[data-test="leave-from-date"] input').element as HTMLInputElement).value).toBe('2024-09-30')
    // Leave may be asked ahead: 8 October is after today and fine.
    expect(wrapper.get('[data-test="leave-preview"]').text()).toContain('共')
    expect(ipc.leaveAdd).not.toHaveBeenCalled()
  })

  it('keeps a request being written as a draft when the form is closed or the page left, until 放弃', async () => {
    let wrapper = await mountPage()
    await click(wrapper, 'leave-new')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
    await wrapper.get('textarea[data-test="leave-reason"]').setValue('母亲住院陪护')
    await typeDate(wrapper, 'leave-from-date', '2024-09-19')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    wrapper.unmount()

    wrapper = await mountPage()
    await click(wrapper, 'leave-new')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    expect((wrapper.get('textarea[data-test="leave-reason"]').element as HTMLTextAreaElement).value).toBe('母亲住院陪护')
    expect((wrapper.get('[data-test="leave-from-date"] input').element as HTMLInputElement).value).toBe('2024-09-19')

    await click(wrapper, 'draft-discard')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(false)
    expect((wrapper.get('textarea[data-test="leave-reason"]').element as HTMLTextAreaElement).value).toBe('')
    expect((wrapper.get('[data-test="leave-from-date"] input').element as HTMLInputElement).value).toBe('2024-09-18')
  })

  it('approves with the approver’s name, then shows the list again', async () => {
    const wrapper = await mountPage([leave()])
    await click(wrapper, 'leave-approve')
    const confirm = wrapper.get('[data-test="leave-approve-confirm"]')
    expect(confirm.attributes('disabled')).toBeDefined()
    await wrapper.get('input[data-test="leave-approver"]').setValue('乡党委 张书记')

    const approved = leave({ approved_by: '乡党委 张书记', approved_on: '2024-09-18', state: '已批准' })
    vi.mocked(ipc.leaveApprove).mockResolvedValue(approved)
    vi.mocked(ipc.leavesList).mockResolvedValue([approved])
    await click(wrapper, 'leave-approve-confirm')

    expect(ipc.leaveApprove).toHaveBeenCalledWith('l1', { by: '乡党委 张书记', level: '乡镇', on: '2024-09-18', doc: null, photo: null })
    expect(ipc.leavesList).toHaveBeenCalledTimes(2)
    const row = wrapper.get('[data-test="leave-row"]')
    expect(row.attributes('data-state')).toBe('已批准')
    expect(row.find('[data-test="leave-return"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="leave-approve-confirm"]').exists()).toBe(false)
  })

  it('reports the return on the day chosen, by default a day valid for the leave', async () => {
    const approved = leave({ approved_by: '乡党委 张书记', approved_on: '2024-09-18', state: '已批准' })
    const returnInput = () => (wrapper.get('[data-test="leave-return-date"] input').element as HTMLInputElement).value
    // Today (the 20th) is within the leave: today.
    let wrapper = await mountPage([approved], '2024-09-20')
    await click(wrapper, 'leave-return')
    expect(returnInput()).toBe('2024-09-20')
    wrapper.unmount()
    // Days after the leave (19th–20th) ended: the day after its end, not today.
    wrapper = await mountPage([approved], '2024-09-23')
    await click(wrapper, 'leave-return')
    expect(returnInput()).toBe('2024-09-21')
    expect(wrapper.find('.el-form-item__error').exists()).toBe(false)
    await typeDate(wrapper, 'leave-return-date', '2024-09-21')

    const returned = { ...approved, returned_on: '2024-09-21', state: '已销假' }
    vi.mocked(ipc.leaveReturn).mockResolvedValue(returned)
    vi.mocked(ipc.leavesList).mockResolvedValue([returned])
    await click(wrapper, 'leave-return-confirm')

    expect(ipc.leaveReturn).toHaveBeenCalledWith('l1', '2024-09-21')
    const row = wrapper.get('[data-test="leave-row"]')
    expect(row.attributes('data-state')).toBe('已销假')
    expect(row.get('[data-test="leave-returned"]').text()).toBe('2024年9月21日')
    expect(row.find('[data-test="leave-return"]').exists()).toBe(false)
  })

  it('withdraws a pending request after confirmation, and shows a refusal in the dialog', async () => {
    const wrapper = await mountPage([leave()])
    await click(wrapper, 'leave-cancel')
    vi.mocked(ipc.leaveCancel).mockRejectedValueOnce(
      ipc.toIpcError({ code: 'leave.approved', message: '已批准的请假不能撤回：提前回村请办理销假。', detail: '' }),
    )
    await click(wrapper, 'leave-cancel-confirm')
    expect(wrapper.get('[data-test="leave-action-error"]').text()).toContain('已批准的请假不能撤回')

    const withdrawn = leave({ cancelled_on: '2024-09-18', state: '已撤回' })
    vi.mocked(ipc.leaveCancel).mockResolvedValue(withdrawn)
    vi.mocked(ipc.leavesList).mockResolvedValue([withdrawn])
    await click(wrapper, 'leave-cancel-confirm')

    expect(ipc.leaveCancel).toHaveBeenCalledTimes(2)
    expect(ipc.leaveCancel).toHaveBeenLastCalledWith('l1')
    const row = wrapper.get('[data-test="leave-row"]')
    expect(row.attributes('data-state')).toBe('已撤回')
    expect(row.find('[data-test="leave-approve"]').exists()).toBe(false)
    expect(row.find('[data-test="leave-cancel"]').exists()).toBe(false)
  })

  it('records the approval’s evidence: level, the real date, 文号 and a photo of the 请假条', async () => {
    const long = leave({ days: 5, approval_level: '县委组织部', to_date: '2024-09-23', to_half: '下午' })
    const wrapper = await mountPage([long], '2024-09-20')
    await click(wrapper, 'leave-approve')
    expect(wrapper.get('[data-test="leave-level-needed"]').text()).toContain('县委组织部')
    // The level the length calls for is chosen; a township is refused beside the field.
    expect(wrapper.get('[data-test="leave-level-县委组织部"] input').element).toHaveProperty('checked', true)
    await wrapper.get('[data-test="leave-level-乡镇"] input').setValue(true)
    await wrapper.get('input[data-test="leave-approver"]').setValue('乡党委 张书记')
    await flushPromises()
    await settle()
    expect(wrapper.text()).toContain('这条请假需县委组织部审批，乡镇不能审批。')
    expect(wrapper.get('[data-test="leave-approve-confirm"]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-test="leave-level-县委组织部"] input').setValue(true)
    // The applicant cannot approve their own leave.
    await wrapper.get('input[data-test="leave-approver"]').setValue('周 建国')
    await flushPromises()
    await settle()
    expect(wrapper.text()).toContain('周建国不能审批自己的请假。')
    expect(wrapper.get('[data-test="leave-approve-confirm"]').attributes('disabled')).toBeDefined()
    await wrapper.get('input[data-test="leave-approver"]').setValue('组织部 刘科长')
    await flushPromises()
    // Approved on paper two days ago; a future date is refused beside the field.
    expect((wrapper.get('[data-test="leave-approved-on"] input').element as HTMLInputElement).value).toBe('2024-09-20')
    await typeDate(wrapper, 'leave-approved-on', '2024-09-21')
    await settle()
    expect(wrapper.get('[data-test="leave-approve-confirm"]').attributes('disabled')).toBeDefined()
    await typeDate(wrapper, 'leave-approved-on', '2024-09-18')
    await wrapper.get('input[data-test="leave-doc-input"]').setValue('绥组通〔2024〕8号')
    vi.mocked(ipc.pickLeavePhoto).mockResolvedValue('/home/u/照片/请假条.jpg')
    await click(wrapper, 'leave-photo-pick')
    expect(wrapper.get('[data-test="leave-photo-name"]').text()).toBe('请假条.jpg')

    const approved = { ...long, approved_by: '组织部 刘科长', approver_level: '县委组织部', approved_on: '2024-09-18', approval_doc: '绥组通〔2024〕8号', photo_file: 'x.jpg', photo_sha256: 'ab'.repeat(32), state: '已批准' }
    vi.mocked(ipc.leaveApprove).mockResolvedValue(approved)
    vi.mocked(ipc.leavesList).mockResolvedValue([approved])
    await click(wrapper, 'leave-approve-confirm')
    expect(ipc.leaveApprove).toHaveBeenCalledWith('l1', {
      by: '组织部 刘科长',
      level: '县委组织部',
      on: '2024-09-18',
      doc: '绥组通〔2024〕8号',
      photo: '/home/u/照片/请假条.jpg',
    })
    const row = wrapper.get('[data-test="leave-row"]')
    expect(row.get('[data-test="leave-approval"]').text()).toContain('组织部 刘科长·县委组织部')
    expect(row.get('[data-test="leave-doc"]').text()).toBe('绥组通〔2024〕8号')
    expect(row.get('[data-test="leave-photo"]').text()).toContain('保存在')
    // The photo's folder opens when the photo is on this laptop.
    vi.mocked(ipc.leavePhotoFolder).mockResolvedValue('/home/u/.local/share/zhucun/zhucun.db-附件')
    await click(wrapper, 'leave-photo-open')
    expect(ipc.leavePhotoFolder).toHaveBeenCalledWith('l1')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/home/u/.local/share/zhucun/zhucun.db-附件')
    // Taken on another laptop: nothing to open.
    vi.mocked(ipc.leavePhotoFolder).mockResolvedValue(null)
    await click(wrapper, 'leave-photo-open')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledTimes(1)
  })

  it('places the back end’s refusal of an approval beside its field', async () => {
    const wrapper = await mountPage([leave()], '2024-09-20')
    await click(wrapper, 'leave-approve')
    await wrapper.get('input[data-test="leave-approver"]').setValue('张书记')
    vi.mocked(ipc.leaveApprove).mockRejectedValueOnce(
      ipc.toIpcError({ code: 'leave.approved_early', message: '审批日期2024年2月1日早于周建国开始驻村的日期2024年3月1日，请核对。', detail: '' }),
    )
    await click(wrapper, 'leave-approve-confirm')
    await settle()
    expect(wrapper.text()).toContain('早于周建国开始驻村的日期')
    expect(wrapper.find('[data-test="leave-action-error"]').exists()).toBe(false)
  })

  it('voids an approved leave with who and why; it stays listed with its 修改记录', async () => {
    const approved = leave({ approved_by: '乡党委 张书记', approved_on: '2024-09-18', state: '已批准' })
    const wrapper = await mountPage([approved], '2024-09-20')
    await click(wrapper, 'leave-void')
    const confirm = () => wrapper.get('[data-test="leave-void-confirm"]')
    expect(confirm().attributes('disabled')).toBeDefined()
    const by = wrapper.get('[data-test="trace-by"] input')
    await by.setValue('杨帆')
    await by.trigger('keydown', { key: 'Enter' })
    await wrapper.get('input[data-test="trace-reason"]').setValue('实际未离村')
    await flushPromises()

    const voided = { ...approved, voided_on: '2024-09-20', void_reason: '实际未离村', state: '已作废' }
    vi.mocked(ipc.leaveVoid).mockResolvedValue(voided)
    vi.mocked(ipc.leavesList).mockResolvedValue([voided])
    vi.mocked(ipc.correctionsOf).mockResolvedValue([
      {
        id: 'c1', team_id: 't', table: 'leave_request', row_id: 'l1', at: '2024-09-20T09:00:00Z', by: '杨帆', device: 'dev', here: true, action: '作废',
        reason: '实际未离村', changes: [{ field: '状态', before: '已批准', after: '已作废' }],
      } as never,
    ])
    expect(confirm().attributes('disabled')).toBeUndefined()
    await click(wrapper, 'leave-void-confirm')
    expect(ipc.leaveVoid).toHaveBeenCalledWith('l1', { by: '杨帆', reason: '实际未离村' })
    const row = wrapper.get('[data-test="leave-row"]')
    expect(row.attributes('data-state')).toBe('已作废')
    expect(row.get('[data-test="leave-void-note"]').text()).toContain('实际未离村')
    expect(row.find('[data-test="leave-return"]').exists()).toBe(false)
    expect(row.find('[data-test="leave-void"]').exists()).toBe(false)
    await click(wrapper, 'leave-history')
    expect(ipc.correctionsOf).toHaveBeenCalledWith('leave_request', 'l1')
    const history = wrapper.get('[data-test="leave-history-row"]')
    expect(history.text()).toContain('作废')
    expect(history.text()).toContain('已批准')
    expect(history.text()).toContain('实际未离村')
  })

  it('clears a refusal beside 修改人 or 原因 of 作废 as soon as that field is typed in', async () => {
    const approved = leave({ approved_by: '乡党委 张书记', approved_on: '2024-09-18', state: '已批准' })
    const wrapper = await mountPage([approved], '2024-09-20')
    await click(wrapper, 'leave-void')
    const by = wrapper.get('[data-test="trace-by"] input')
    const reason = wrapper.get('input[data-test="trace-reason"]')
    await by.setValue('杨帆')
    await reason.setValue('重复登记')
    await flushPromises()
    const errors = () => wrapper.findAll('.el-form-item.is-error').length
    vi.mocked(ipc.leaveVoid).mockRejectedValueOnce(ipc.toIpcError({ code: 'correction.reason', message: '请写明作废的原因。', detail: '' }))
    await click(wrapper, 'leave-void-confirm')
    await settle()
    expect(wrapper.text()).toContain('请写明作废的原因')
    expect(errors()).toBe(1)
    await reason.setValue('重复登记，已另录')
    await settle()
    expect(wrapper.text()).not.toContain('请写明作废的原因')
    expect(errors()).toBe(0)

    vi.mocked(ipc.leaveVoid).mockRejectedValueOnce(ipc.toIpcError({ code: 'correction.by', message: '请写明修改人（谁做的这次修改）。', detail: '' }))
    await click(wrapper, 'leave-void-confirm')
    await settle()
    expect(errors()).toBe(1)
    await by.setValue('杨帆书记')
    await settle()
    expect(errors()).toBe(0)
  })

  it('offers exactly the kinds of the parameter 请假类型, in its order', async () => {
    useAppStore().info = appInfo({ today: '2024-09-18' })
    vi.mocked(ipc.membersList).mockResolvedValue(MEMBERS)
    vi.mocked(ipc.paramsList).mockResolvedValue([paramRow(), paramRow({ key: 'leave.kinds', value: '病假、事假、婚假', unit: '', choices: ['事假', '病假', '公假', '婚假'] })])
    vi.mocked(ipc.leavesList).mockResolvedValue([])
    const wrapper = mount(LeavePage, { attachTo: document.body })
    await flushPromises()
    await click(wrapper, 'leave-new')
    const kinds = wrapper.findAll('[data-test^="leave-kind-"]').map((k) => k.text())
    expect(kinds).toEqual(['病假', '事假', '婚假'])
  })

  it('prints the 请假审批表 into a chosen folder and opens it', async () => {
    const approved = leave({ approved_by: '乡党委 张书记', approved_on: '2024-09-18', state: '已批准' })
    const wrapper = await mountPage([approved], '2024-09-20')
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/u')
    vi.mocked(ipc.leaveFormExport).mockResolvedValue({ path: '/media/u/周建国请假审批表（2024-09-19）.xlsx', title: '驻村工作队员请假审批表', rows: 1 })
    await click(wrapper, 'leave-form-print')
    expect(ipc.leaveFormExport).toHaveBeenCalledWith('l1', '/media/u')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/media/u')
    // Cancelled: nothing written.
    vi.mocked(ipc.pickFolder).mockResolvedValue(null)
    await click(wrapper, 'leave-form-print')
    expect(ipc.leaveFormExport).toHaveBeenCalledTimes(1)
  })

  it('shows why the list could not be read', async () => {
    useAppStore().info = appInfo({ today: '2024-09-18' })
    vi.mocked(ipc.membersList).mockResolvedValue(MEMBERS)
    vi.mocked(ipc.paramsList).mockResolvedValue([])
    vi.mocked(ipc.leavesList).mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '数据库文件被锁定。', detail: '' }))
    const wrapper = mount(LeavePage, { attachTo: document.body })
    await flushPromises()
    expect(wrapper.get('[data-test="leave-load-error"]').text()).toContain('数据库文件被锁定。')
  })
})
