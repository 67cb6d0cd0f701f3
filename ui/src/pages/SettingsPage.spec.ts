import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElMessageBox } from 'element-plus'
import type { VNode } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    memberAdd: vi.fn(),
    memberUpdate: vi.fn(),
    memberEnd: vi.fn(),
    correctionsOf: vi.fn(async () => []),
    correctionsRecent: vi.fn(async () => []),
    paramsList: vi.fn(),
    paramSet: vi.fn(),
    paramEffect: vi.fn(),
    holidaysList: vi.fn(),
    holidaySet: vi.fn(async () => null),
    holidayRestore: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import type { ParamEffect, ParamRow } from '@/ipc'
import { appInfo, holidayRow, member, paramRow, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import SettingsPage from './SettingsPage.vue'

const WEEK_DAYS: ParamRow = paramRow({
  key: 'attendance.week_days',
  value: '4',
  default: '5',
  label: '每周在村天数（A2，干五天）',
  source: '县委组织部通知',
  changed: true,
})

const HOLIDAYS_2024 = [
  holidayRow({ date: '2024-09-14', kind: '班', name: '中秋节' }),
  holidayRow({ date: '2024-09-15', name: '中秋节' }),
  holidayRow({ date: '2024-10-01' }),
  holidayRow({ date: '2024-10-12', kind: '常', name: '国庆节', edited: true }),
  holidayRow({ date: '2024-11-08', name: '县庆', builtin: false, edited: true }),
]

async function mountPage() {
  useAppStore().info = appInfo({ today: TEAM_TODAY })
  vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  vi.mocked(ipc.paramsList).mockResolvedValue([paramRow(), WEEK_DAYS])
  vi.mocked(ipc.holidaysList).mockResolvedValue(HOLIDAYS_2024)
  const wrapper = mount(SettingsPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function typeDate(wrapper: VueWrapper, test: string, date: string) {
  const input = wrapper.get(`[data-test="${test}"] input`)
  await input.setValue(date)
  await input.trigger('change')
  await flushPromises()
}

/** el-form-item shows and hides its message after 100 ms. */
const settle = () => new Promise((r) => setTimeout(r, 150))

describe('SettingsPage', () => {
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

  it('lists the team and adds a member', async () => {
    const wrapper = await mountPage()
    const rows = wrapper.findAll('[data-test="member-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm', 'm-wuzg'])
    expect(rows[0]!.text()).toContain('第一书记')
    expect(rows[0]!.text()).toContain('县农业农村局')
    expect(rows[0]!.text()).toContain('在岗')
    expect(rows[2]!.text()).toContain('2024年9月20日')

    await wrapper.get('input[data-test="member-name"]').setValue(' 石磊 ')
    await wrapper.get('[data-test="member-role-队长"] input').setValue(true)
    await typeDate(wrapper, 'member-from', '2024-09-23')
    await wrapper.get('input[data-test="member-phone"]').setValue('13907391005')
    await wrapper.get('input[data-test="member-unit"]').setValue('县交通运输局')
    await wrapper.get('input[data-test="member-post"]').setValue('县交通运输局规划股股长')
    await wrapper.get('[data-test="member-sex-女"] input').setValue(true)
    await wrapper.get('input[data-test="member-birth"]').setValue('1988年5月')

    const added = member({ id: 'm-shilei', name: '石磊', role: '队长', from_date: '2024-09-23' })
    vi.mocked(ipc.memberAdd).mockResolvedValue('m-shilei')
    vi.mocked(ipc.membersList).mockResolvedValue([...TEAM, added])
    await wrapper.get('[data-test="member-submit"]').trigger('click')
    await flushPromises()

    expect(ipc.memberAdd).toHaveBeenCalledWith({
      name: '石磊',
      role: '队长',
      from: '2024-09-23',
      to: null,
      phone: '13907391005',
      unit: '县交通运输局',
      sex: '女',
      birth_month: '1988年5月',
      politics: null,
      post: '县交通运输局规划股股长',
      village_id: null,
    })
    expect(wrapper.findAll('[data-test="member-row"]')).toHaveLength(4)
    // The form is ready for the next one.
    expect((wrapper.get('input[data-test="member-name"]').element as HTMLInputElement).value).toBe('')
  })

  it('edits a member with a trace and ends another; an ended member stays listed, marked', async () => {
    const wrapper = await mountPage()
    const rows = () => wrapper.findAll('[data-test="member-row"]')
    expect(rows()[2]!.get('[data-test="member-ended"]').text()).toBe('已离队 9月20日')
    expect(rows()[2]!.find('[data-test="member-end"]').exists()).toBe(false)
    expect(rows()[0]!.find('[data-test="member-ended"]').exists()).toBe(false)

    vi.mocked(ipc.correctionsOf).mockResolvedValue([])
    await rows()[0]!.get('[data-test="member-edit"]').trigger('click')
    await flushPromises()
    expect(ipc.correctionsOf).toHaveBeenCalledWith('team_member', 'm-yangfan')
    const phone = document.body.querySelector<HTMLInputElement>('input[data-test="edit-phone"]')!
    phone.value = '13900000009'
    phone.dispatchEvent(new Event('input'))
    await flushPromises()
    vi.mocked(ipc.memberUpdate).mockResolvedValue([{ field: '联系电话', before: '13800000001', after: '13900000009' }])
    vi.mocked(ipc.membersList).mockResolvedValue([member({ phone: '13900000009' }), ...TEAM.slice(1)])
    document.body.querySelector<HTMLElement>('[data-test="member-dialog-submit"]')!.click()
    await flushPromises()
    expect(ipc.memberUpdate).toHaveBeenCalledWith('m-yangfan', expect.objectContaining({ phone: '13900000009', name: '杨帆' }), { by: '', reason: '' })
    expect(rows()[0]!.text()).toContain('13900000009')

    await rows()[1]!.get('[data-test="member-end"]').trigger('click')
    await flushPromises()
    const reason = document.body.querySelector<HTMLInputElement>('input[data-test="trace-reason"]')!
    reason.value = '调回原单位'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    vi.mocked(ipc.memberEnd).mockResolvedValue([{ field: '离队日期', before: null, after: TEAM_TODAY }])
    document.body.querySelector<HTMLElement>('[data-test="member-dialog-submit"]')!.click()
    await flushPromises()
    expect(ipc.memberEnd).toHaveBeenCalledWith('m-longxm', TEAM_TODAY, { by: '', reason: '调回原单位' })
  })

  it('says beside the phone what is wrong with it, and sends nothing', async () => {
    const wrapper = await mountPage()
    await wrapper.get('input[data-test="member-name"]').setValue('石磊')
    const phone = wrapper.get('input[data-test="member-phone"]')
    await phone.setValue('12345')
    await phone.trigger('blur')
    await settle()
    expect(wrapper.get('[data-test="member-phone-item"] .el-form-item__error').text()).toContain('电话应为11位手机号')
    expect(wrapper.get('[data-test="member-submit"]').attributes('disabled')).toBeDefined()
    expect(ipc.memberAdd).not.toHaveBeenCalled()
    await phone.setValue('13907391005')
    await settle()
    expect(wrapper.find('[data-test="member-phone-item"] .el-form-item__error').exists()).toBe(false)
  })

  it('shows a refusal of the whole form above the button, and one about the phone beside it', async () => {
    const wrapper = await mountPage()
    await wrapper.get('input[data-test="member-name"]').setValue('石磊')
    vi.mocked(ipc.memberAdd).mockRejectedValue(ipc.toIpcError({ code: 'arg.bad', message: '姓名不对', detail: '' }))
    await wrapper.get('[data-test="member-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="member-error"]').text()).toContain('操作参数不对')
    expect(wrapper.findAll('[data-test="member-row"]')).toHaveLength(3)

    vi.mocked(ipc.memberAdd).mockRejectedValue(
      ipc.toIpcError({ code: 'phone.bad', message: '电话应为11位数字', detail: '' }),
    )
    await wrapper.get('[data-test="member-submit"]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-test="member-phone-item"] .el-form-item__error').text()).toBeTruthy()
    expect(wrapper.find('[data-test="member-error"]').exists()).toBe(false)

    // A date of leaving before the start: beside 离队日期, in the back end's words.
    await wrapper.get('input[data-test="member-phone"]').setValue('13907391005')
    vi.mocked(ipc.memberAdd).mockRejectedValue(
      ipc.toIpcError({ code: 'member.dates', message: '离队日期不能早于驻村开始日期：离队2024年1月1日，驻村开始2024年9月26日。', detail: '' }),
    )
    await wrapper.get('[data-test="member-submit"]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.get('[data-test="member-to-item"] .el-form-item__error').text()).toContain('离队日期不能早于驻村开始日期')
    expect(wrapper.find('[data-test="member-error"]').exists()).toBe(false)
  })

  it('keeps the member being added as a draft across a visit elsewhere, until 放弃', async () => {
    let wrapper = await mountPage()
    await wrapper.get('input[data-test="member-name"]').setValue('石磊')
    wrapper.unmount()
    wrapper = await mountPage()
    expect((wrapper.get('input[data-test="member-name"]').element as HTMLInputElement).value).toBe('石磊')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    await wrapper.get('[data-test="draft-discard"]').trigger('click')
    await flushPromises()
    expect((wrapper.get('input[data-test="member-name"]').element as HTMLInputElement).value).toBe('')
  })

  it('marks a parameter changed from its default, and saves a new value with its source', async () => {
    const wrapper = await mountPage()
    const rows = wrapper.findAll('[data-test="param-row"]')
    expect(rows.map((r) => r.attributes('data-key'))).toEqual(['leave.township_max_days', 'attendance.week_days'])
    expect(rows[0]!.find('[data-test="param-changed"]').exists()).toBe(false)
    expect(rows[1]!.get('[data-test="param-changed"]').text()).toBe('已修改')
    expect(rows[1]!.text()).toContain('5 天')
    expect(rows[1]!.text()).toContain('县委组织部通知')
    // The rule's Chinese name is the label; its code only as small text beside it; no file names.
    expect(rows[1]!.get('[data-test="param-name"]').text()).toBe('每周在村天数（干五天）')
    expect(rows[1]!.get('[data-test="param-rule"]').text()).toBe('A2')
    expect(rows[1]!.get('[data-test="param-rule"]').classes()).toContain('rule-code')
    expect(wrapper.text()).not.toMatch(/DOMAIN|\.md\b/)

    const save = () => wrapper.get('[data-test="param-save"][data-key="leave.township_max_days"]')
    expect(save().attributes('disabled')).toBeDefined()
    await rows[0]!.get('input[data-test="param-value"]').setValue('5')
    expect(save().attributes('disabled')).toBeUndefined()
    await rows[0]!.get('input[data-test="param-source"]').setValue('县委组织部〔2024〕12号')

    vi.mocked(ipc.paramSet).mockResolvedValue(paramRow({ value: '5', source: '县委组织部〔2024〕12号', changed: true }))
    await save().trigger('click')
    await flushPromises()

    expect(ipc.paramSet).toHaveBeenCalledWith('leave.township_max_days', '5', '县委组织部〔2024〕12号')
    const row = wrapper.get('[data-test="param-row"][data-key="leave.township_max_days"]')
    expect(row.get('[data-test="param-changed"]').text()).toBe('已修改')
    expect((row.get('input[data-test="param-value"]').element as HTMLInputElement).value).toBe('5')
    expect(save().attributes('disabled')).toBeDefined()
  })

  it('lists the parameters’ 修改记录 and reloads it after a change', async () => {
    const change = {
      id: 'c1',
      tbl: 'parameter',
      row_id: 'leave.township_max_days',
      at: '2024-09-20T02:30:00.000Z',
      by: '',
      device: 'abcdef0123456789',
      here: true,
      action: '参数修改',
      reason: '县委组织部〔2024〕12号',
      changes: [{ field: '乡镇可审批的请假天数上限（A3）', before: '3天', after: '5天' }],
    }
    const wrapper = await mountPage()
    expect(ipc.correctionsRecent).toHaveBeenCalledWith('parameter', 50)
    expect(wrapper.get('[data-test="param-history"]').text()).toContain('没有修改过')
    vi.mocked(ipc.correctionsRecent).mockResolvedValue([change])
    vi.mocked(ipc.paramSet).mockResolvedValue(paramRow({ value: '5', source: '县委组织部〔2024〕12号', changed: true }))
    const row = wrapper.get('[data-test="param-row"][data-key="leave.township_max_days"]')
    await row.get('input[data-test="param-value"]').setValue('5')
    await row.get('input[data-test="param-source"]').setValue('县委组织部〔2024〕12号')
    await wrapper.get('[data-test="param-save"][data-key="leave.township_max_days"]').trigger('click')
    await flushPromises()
    const history = wrapper.get('[data-test="param-history"]').text()
    expect(history).toContain('规则参数修改记录')
    expect(history).toContain('乡镇可审批的请假天数上限（A3）：3天 → 5天')
    expect(history).toContain('原因：县委组织部〔2024〕12号')
  })

  it('says the parameters’ 修改记录 could not be read (not 没有修改过), and reads it again on 重试', async () => {
    vi.mocked(ipc.correctionsRecent).mockRejectedValueOnce(ipc.toIpcError({ code: 'db.sqlite', message: '数据库文件被锁定。', detail: '' }))
    const wrapper = await mountPage()
    const box = wrapper.get('[data-test="param-history"]')
    expect(box.text()).not.toContain('没有修改过')
    expect(wrapper.get('[data-test="param-history-error"]').text()).toContain('规则参数修改记录没有加载出来')
    expect(wrapper.get('[data-test="param-history-error"]').text()).toContain('数据库文件被锁定')
    vi.mocked(ipc.correctionsRecent).mockResolvedValue([])
    await wrapper.get('[data-test="param-history-retry"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-test="param-history-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="param-history"]').text()).toContain('没有修改过')
  })

  it('sends no source when none is written, and shows a refused value on its row', async () => {
    const wrapper = await mountPage()
    const row = wrapper.get('[data-test="param-row"][data-key="attendance.week_days"]')
    await row.get('input[data-test="param-value"]').setValue('-1')
    vi.mocked(ipc.paramSet).mockRejectedValue(
      ipc.toIpcError({ code: 'param.value', message: '参数attendance.week_days（每周在村天数）的值应为不小于 0 的数，收到的是“-1”。', detail: '' }),
    )
    await wrapper.get('[data-test="param-save"][data-key="attendance.week_days"]').trigger('click')
    await flushPromises()

    expect(ipc.paramSet).toHaveBeenCalledWith('attendance.week_days', '-1', null)
    expect(wrapper.get('[data-test="param-error"][data-key="attendance.week_days"]').text()).toContain('收到的是“-1”')
  })

  it('shows a 0/1 parameter as a 是/否 switch and saves 1 or 0', async () => {
    const MAKEUP = paramRow({ key: 'attendance.makeup_adds', value: '0', default: '0', unit: '0/1', label: '周末的调休上班日增加当周在村要求（A2）' })
    vi.mocked(ipc.paramsList).mockResolvedValue([MAKEUP])
    useAppStore().info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    vi.mocked(ipc.holidaysList).mockResolvedValue([])
    const wrapper = mount(SettingsPage, { attachTo: document.body })
    await flushPromises()
    const row = wrapper.get('[data-test="param-row"][data-key="attendance.makeup_adds"]')
    expect(row.find('input[data-test="param-value"]').exists()).toBe(false)
    expect(row.text()).toContain('否')
    await row.get('[data-test="param-switch"]').trigger('click')
    vi.mocked(ipc.paramSet).mockResolvedValue({ ...MAKEUP, value: '1', changed: true })
    await wrapper.get('[data-test="param-save"][data-key="attendance.makeup_adds"]').trigger('click')
    await flushPromises()
    expect(ipc.paramSet).toHaveBeenCalledWith('attendance.makeup_adds', '1', null)
  })

  it('shows 请假类型 as a choice among the known kinds, and saves the chosen list in its order', async () => {
    const CHOICES = ['事假', '病假', '公假', '婚假', '丧假', '产假', '年休假', '探亲假']
    const KINDS = paramRow({ key: 'leave.kinds', value: '事假、病假、公假', default: '事假、病假、公假', unit: '', label: '请假类型（请假表单按此顺序列出，用“、”分隔）', choices: CHOICES })
    vi.mocked(ipc.paramsList).mockResolvedValue([KINDS])
    useAppStore().info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    vi.mocked(ipc.holidaysList).mockResolvedValue([])
    const wrapper = mount(SettingsPage, { attachTo: document.body })
    await flushPromises()
    const row = wrapper.get('[data-test="param-row"][data-key="leave.kinds"]')
    expect(row.find('input[data-test="param-value"]').exists()).toBe(false)
    const select = row.findComponent({ name: 'ElSelect' })
    expect(select.props('modelValue')).toEqual(['事假', '病假', '公假'])
    // Only the known kinds are offered: nothing can be typed in.
    expect(select.props('allowCreate')).toBe(false)
    select.vm.$emit('update:modelValue', ['病假', '事假', '探亲假'])
    await flushPromises()
    vi.mocked(ipc.paramSet).mockResolvedValue({ ...KINDS, value: '病假、事假、探亲假', changed: true })
    await wrapper.get('[data-test="param-save"][data-key="leave.kinds"]').trigger('click')
    await flushPromises()
    expect(ipc.paramSet).toHaveBeenCalledWith('leave.kinds', '病假、事假、探亲假', null)
  })

  it('lists the year’s special days, restores an edited one and cancels a built-in one', async () => {
    const wrapper = await mountPage()
    expect(ipc.holidaysList).toHaveBeenCalledWith(2024)
    expect((wrapper.get('[data-test="holiday-year-2024"] input').element as HTMLInputElement).checked).toBe(true)

    const rows = wrapper.findAll('[data-test="holiday-row"]')
    expect(rows.map((r) => r.attributes('data-date'))).toEqual(['2024-09-14', '2024-09-15', '2024-10-01', '2024-10-12', '2024-11-08'])
    expect(rows.map((r) => r.get('[data-test="holiday-kind"]').text())).toEqual(['调休上班', '放假', '放假', '已取消', '放假'])
    expect(rows.map((r) => r.get('[data-test="holiday-origin"]').text())).toEqual(['内置', '内置', '内置', '已修改', '自行添加'])
    expect(rows[0]!.text()).toContain('周六')
    // Restore only what was changed; cancel only what is built in and in force.
    expect(rows.map((r) => r.find('[data-test="holiday-restore"]').exists())).toEqual([false, false, false, true, true])
    expect(rows.map((r) => r.find('[data-test="holiday-cancel"]').exists())).toEqual([true, true, true, false, false])
    expect(rows[3]!.get('[data-test="holiday-restore"]').text()).toBe('恢复内置')
    expect(rows[4]!.get('[data-test="holiday-restore"]').text()).toBe('删除')

    vi.mocked(ipc.holidaysList).mockResolvedValue(HOLIDAYS_2024.map((h) => (h.date === '2024-10-12' ? holidayRow({ date: '2024-10-12', kind: '班' }) : h)))
    await rows[3]!.get('[data-test="holiday-restore"]').trigger('click')
    await flushPromises()
    expect(ipc.holidayRestore).toHaveBeenCalledWith('2024-10-12')
    expect(ipc.holidaysList).toHaveBeenCalledTimes(2)
    const restored = wrapper.get('[data-test="holiday-row"][data-date="2024-10-12"]')
    expect(restored.get('[data-test="holiday-origin"]').text()).toBe('内置')
    expect(restored.find('[data-test="holiday-restore"]').exists()).toBe(false)

    await wrapper.get('[data-test="holiday-row"][data-date="2024-10-01"] [data-test="holiday-cancel"]').trigger('click')
    await flushPromises()
    expect(ipc.holidaySet).toHaveBeenCalledWith('2024-10-01', '常', '')
  })

  it('adds a make-up working day, and switches to another year', async () => {
    const wrapper = await mountPage()
    await typeDate(wrapper, 'holiday-date', '2025-01-26')
    await wrapper.get('[data-test="holiday-kind-班"] input').setValue(true)
    await wrapper.get('input[data-test="holiday-name"]').setValue('春节')
    vi.mocked(ipc.holidaysList).mockResolvedValue([holidayRow({ date: '2025-01-26', kind: '班', name: '春节' })])
    await wrapper.get('[data-test="holiday-submit"]').trigger('click')
    await flushPromises()

    expect(ipc.holidaySet).toHaveBeenCalledWith('2025-01-26', '班', '春节')
    // The year of the day changed is shown.
    expect(ipc.holidaysList).toHaveBeenLastCalledWith(2025)
    expect((wrapper.get('[data-test="holiday-year-2025"] input').element as HTMLInputElement).checked).toBe(true)

    await wrapper.get('[data-test="holiday-year-2027"] input').setValue(true)
    await flushPromises()
    expect(ipc.holidaysList).toHaveBeenLastCalledWith(2027)
  })

  it('shows a refused calendar change beside the field it concerns', async () => {
    const wrapper = await mountPage()
    await typeDate(wrapper, 'holiday-date', '2024-12-30')
    vi.mocked(ipc.holidaySet).mockRejectedValue(
      ipc.toIpcError({ code: 'holiday.name', message: '请写明节日名称（如“国庆节”）。', detail: '' }),
    )
    await wrapper.get('[data-test="holiday-submit"]').trigger('click')
    await flushPromises()
    await settle()
    expect(wrapper.find('[data-test="holiday-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="holiday-form"] .el-form-item__error').text()).toContain('请写明节日名称')
  })

  describe('on a laptop not enrolled', () => {
    const EFFECT: ParamEffect = {
      key: 'attendance.week_days',
      name: '每周在村天数',
      old: '4',
      new: '3',
      unit: '天',
      period: '2024-09',
      findings: 2,
      people: 1,
      changes: [
        { subject: 'm1', subject_label: '张三', rule: 'A2.days', rule_zh: '每周在村天数', period: '2024-W37', before: '不足', after: '达标' },
        { subject: 'm1', subject_label: '张三', rule: 'A2.days', rule_zh: '每周在村天数', period: '2024-W38', before: '进行中', after: '达标' },
      ],
      sentence: '每周在村天数 4 → 3：本月1人的考勤或会议结果会变（张三 不足→达标），共2项。',
    }

    async function mountUnenrolled() {
      const wrapper = await mountPage()
      useAppStore().info = appInfo({ today: TEAM_TODAY, enrolled: false })
      await flushPromises()
      return wrapper
    }
    const row = (w: VueWrapper) => w.get('[data-test="param-row"][data-key="attendance.week_days"]')
    const save = (w: VueWrapper) => w.get('[data-test="param-save"][data-key="attendance.week_days"]').trigger('click')
    /** The text of what the confirmation showed. */
    const shown = (vnode: unknown) => mount({ render: () => vnode as VNode }).text()

    afterEach(() => vi.restoreAllMocks())

    it('asks for the 依据 beside its field before anything is sent', async () => {
      const wrapper = await mountUnenrolled()
      await row(wrapper).get('input[data-test="param-value"]').setValue('3')
      expect(row(wrapper).get('input[data-test="param-source"]').attributes('placeholder')).toContain('必填')
      await save(wrapper)
      await flushPromises()
      expect(wrapper.get('[data-test="param-source-error"]').text()).toContain('请写明依据')
      await row(wrapper).get('input[data-test="param-source"]').setValue('通知')
      await flushPromises()
      expect(wrapper.find('[data-test="param-source-error"]').exists()).toBe(false)
      await save(wrapper)
      await flushPromises()
      expect(wrapper.get('[data-test="param-source-error"]').text()).toContain('至少4个字')
      expect(ipc.paramEffect).not.toHaveBeenCalled()
      expect(ipc.paramSet).not.toHaveBeenCalled()
    })

    it('shows what the change does, and saves only once confirmed', async () => {
      const wrapper = await mountUnenrolled()
      await row(wrapper).get('input[data-test="param-value"]').setValue('3')
      await row(wrapper).get('input[data-test="param-source"]').setValue('绥农发〔2025〕1号')
      vi.mocked(ipc.paramEffect).mockResolvedValue(EFFECT)
      const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValueOnce('cancel')
      await save(wrapper)
      await flushPromises()
      expect(ipc.paramEffect).toHaveBeenCalledWith('attendance.week_days', '3')
      expect(confirm).toHaveBeenCalledTimes(1)
      const [body, title] = confirm.mock.calls[0]!
      expect(title).toBe('确认修改规则参数')
      const text = shown(body)
      expect(text).toContain(EFFECT.sentence)
      expect(text).toContain('张三　每周在村天数（2024-W37）：不足 → 达标')
      expect(text).toContain('张三　每周在村天数（2024-W38）：进行中 → 达标')
      // Cancelled: nothing saved, the edit kept.
      expect(ipc.paramSet).not.toHaveBeenCalled()
      expect((row(wrapper).get('input[data-test="param-value"]').element as HTMLInputElement).value).toBe('3')

      confirm.mockResolvedValueOnce('confirm' as never)
      vi.mocked(ipc.paramSet).mockResolvedValue({ ...WEEK_DAYS, value: '3', source: '绥农发〔2025〕1号' })
      await save(wrapper)
      await flushPromises()
      expect(ipc.paramSet).toHaveBeenCalledWith('attendance.week_days', '3', '绥农发〔2025〕1号')
      expect(row(wrapper).text()).toContain('绥农发〔2025〕1号')
    })

    it('puts the back end’s refusal for a missing 依据 beside the field', async () => {
      const wrapper = await mountUnenrolled()
      await row(wrapper).get('input[data-test="param-value"]').setValue('3')
      await row(wrapper).get('input[data-test="param-source"]').setValue('县里的通知')
      vi.mocked(ipc.paramEffect).mockResolvedValue({ ...EFFECT, findings: 0, people: 0, changes: [], sentence: '每周在村天数 4 → 3：本月的考勤和会议结果不变。' })
      vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
      vi.mocked(ipc.paramSet).mockRejectedValue(
        ipc.toIpcError({ code: 'param.source_required', message: '改动规则参数要写明依据（文件名称或文号，如“绥农发〔2024〕5号”，至少4个字）。', detail: '' }),
      )
      await save(wrapper)
      await flushPromises()
      expect(wrapper.get('[data-test="param-source-error"]').text()).toContain('改动规则参数要写明依据')
      expect(wrapper.find('[data-test="param-error"]').exists()).toBe(false)
    })
  })
})
