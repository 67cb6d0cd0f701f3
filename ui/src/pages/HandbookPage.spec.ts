import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    paramsList: vi.fn(async () => []),
    correctionsOf: vi.fn(async () => []),
    handbookGet: vi.fn(),
    planSet: vi.fn(async () => 'pl-1'),
    measureAdd: vi.fn(async () => 'm-2'),
    measureSet: vi.fn(async () => handbookView().measures[0]),
    measureVoid: vi.fn(async () => null),
    evaluationAdd: vi.fn(async () => 'e-1'),
    evaluationEdit: vi.fn(async () => null),
    assessmentAdd: vi.fn(async () => 'a-1'),
    assessmentVoid: vi.fn(async () => null),
    incomeSet: vi.fn(async () => ({ id: 'inc-1', sums: income().sums, size: 3, updated: false })),
    signEntry: vi.fn(async () => 's-1'),
    signatureImage: vi.fn(async () => ['image/png', 'iVBORw0KGgo=']),
    pairingSet: vi.fn(async () => handbookView().pairings[0]),
    bottomSupportSet: vi.fn(async () => true),
    handbookPdf: vi.fn(async () => null),
    pickSavePdf: vi.fn(),
    pickSignaturePhoto: vi.fn(),
  }
})

// The pad draws on a canvas jsdom does not have: a stand-in that "draws" when told to.
const pads: { stroke: () => void }[] = []
vi.mock('signature_pad', () => ({
  default: class {
    private listeners: (() => void)[] = []
    private drawn = false
    constructor() {
      pads.push({
        stroke: () => {
          this.drawn = true
          for (const l of this.listeners) l()
        },
      })
    }
    addEventListener(_: string, l: () => void) {
      this.listeners.push(l)
    }
    clear() {
      this.drawn = false
    }
    isEmpty() {
      return !this.drawn
    }
    toDataURL() {
      return 'data:image/png;base64,iVBORw0KGgo='
    }
    off() {}
  },
}))

import * as ipc from '@/ipc'
import type { HandbookView } from '@/ipc'
import { forgetDraftsInMemory } from '@/composables/useDraft'
import { useAppStore } from '@/stores/app'
import { appInfo, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { auditItem, handbookView, HOUSEHOLD, income, unsigned } from '@/testing/handbook'
import HandbookPage from './HandbookPage.vue'

async function mountPage(views: HandbookView[], path = `/households/${HOUSEHOLD}/handbook?year=2024`) {
  for (const v of views) vi.mocked(ipc.handbookGet).mockResolvedValueOnce(v)
  vi.mocked(ipc.handbookGet).mockResolvedValue(views.at(-1)!)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/households/:id/handbook', name: 'handbook', component: HandbookPage, props: true },
      { path: '/households/:id', name: 'household', component: { template: '<div />' } },
      { path: '/visits', name: 'visits', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount(HandbookPage, { props: { id: HOUSEHOLD }, global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** Element shows a field's message 100 ms after it is set. */
const settle = () => new Promise((r) => setTimeout(r, 150))

const openDialog = (w: VueWrapper) => w.findAllComponents({ name: 'ElDialog' }).find((d) => d.props('modelValue'))!

async function click(w: VueWrapper, test: string) {
  await w.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

describe('HandbookPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    pads.length = 0
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    Element.prototype.scrollIntoView = vi.fn()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    localStorage.clear()
    forgetDraftsInMemory()
  })

  it('shows the booklet in its order: audit lines, cover, roster members, cadres with history, plan, measures, contacts, evaluations, assessments, income', async () => {
    const { wrapper } = await mountPage([handbookView({ audit: [auditItem()] })])
    expect(ipc.handbookGet).toHaveBeenCalledWith(HOUSEHOLD, 2024)
    const order = wrapper.findAll('[data-section]').map((s) => s.attributes('data-section'))
    expect(order).toEqual(['audit', 'cover', 'members', 'pairings', 'plan', 'measures', 'contacts', 'evaluations', 'assessments', 'income'])
    expect(wrapper.get('[data-test="handbook-audit-row"]').text()).toContain('没有农户签名')
    expect(wrapper.get('[data-test="handbook-audit-count"]').text()).toBe('这本手册有 1 处要改')
    expect(wrapper.get('[data-test="cover-number"]').text()).toBe('430527001001')
    expect(wrapper.get('[data-test="cover-cadre"]').text()).toBe('龙雪梅 · 县农业农村局 · 13800000002')
    expect(wrapper.get('[data-test="cover-tier"]').text()).toBe('重点帮扶（A类）')
    // Members come from the roster: shown, never editable here.
    expect(wrapper.findAll('[data-test="handbook-member"]')).toHaveLength(3)
    expect(wrapper.get('[data-test="handbook-members"]').find('input').exists()).toBe(false)
    expect(wrapper.findAll('[data-test="handbook-pairing"]').map((r) => r.text())).toEqual([
      expect.stringContaining('龙雪梅当前'),
      expect.stringContaining('杨帆'),
    ])
    // Tier A: 帮扶计划.
    expect(wrapper.get('[data-test="handbook-plan"]').text()).toContain('帮扶计划')
    expect(wrapper.get('[data-test="measure-kind"]').text()).toBe('保障式')
    // A missing signature is a neutral tag, never red.
    const sig = wrapper.get('[data-test="contact-row"] [data-test="signature-household"]')
    expect(sig.get('[data-test="signature-missing"]').text()).toBe('未签名')
    expect(sig.get('[data-test="signature-missing"]').classes()).toContain('tag--info')
    expect(wrapper.html()).not.toContain('tag--danger')
  })

  it('says 年度巩固计划 for a tier B household and 不适用 where no assessment is due', async () => {
    const v = handbookView({ assessments_apply: false })
    v.cover = { ...v.cover, tier: 'B', tier_zh: '巩固联系（B类）', category: '脱贫户', risk: '' }
    const { wrapper } = await mountPage([v])
    expect(wrapper.get('[data-test="handbook-plan"]').text()).toContain('年度巩固计划')
    expect(wrapper.get('[data-test="assessments-na"]').text()).toContain('不适用')
  })

  it('adds a measure: category with 开发式 shown, amount in yuan checked as typed, then the list from the back end', async () => {
    const after = handbookView()
    after.measures = [...after.measures, { id: 'm-2', category: '产业', kind: '开发式', content: '发放鸡苗200羽', amount_fen: 150000, from: '2024-09-26', to: null, status: '计划' }]
    const { wrapper } = await mountPage([handbookView(), after])
    await click(wrapper, 'measure-add')
    const dialog = openDialog(wrapper)
    const submit = () => dialog.get('[data-test="measure-submit"]').element as HTMLButtonElement
    expect(submit().disabled).toBe(true)
    dialog.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', '产业')
    await flushPromises()
    expect(dialog.get('[data-test="measure-form-kind"]').text()).toBe('开发式')
    await dialog.get('textarea[data-test="measure-content"]').setValue('发放鸡苗200羽')
    await dialog.get('input[data-test="measure-amount-input"]').setValue('-5')
    await settle()
    expect(dialog.text()).toContain('金额不对')
    await dialog.get('input[data-test="measure-amount-input"]').setValue('1500')
    await flushPromises()
    expect(dialog.text()).not.toContain('金额不对')
    expect(submit().disabled).toBe(false)
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.measureAdd).toHaveBeenCalledWith({
      number: HOUSEHOLD,
      category: '产业',
      content: '发放鸡苗200羽',
      amount_fen: 150000,
      from: TEAM_TODAY,
      to: null,
      status: '计划',
    })
    expect(ipc.handbookGet).toHaveBeenCalledTimes(2)
    const rows = wrapper.findAll('[data-test="measure-row"]')
    expect(rows).toHaveLength(2)
    expect(rows[1]!.get('[data-test="measure-amount"]').text()).toBe('1500.00 元')
    expect(rows[1]!.get('[data-test="measure-kind"]').text()).toBe('开发式')
  })

  it('changes a measure status with who and why', async () => {
    const { wrapper } = await mountPage([handbookView()])
    wrapper.get('[data-test="measure-row"]').findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', '落实中')
    await flushPromises()
    const dialog = openDialog(wrapper)
    expect(dialog.text()).toContain('已落实 → 落实中')
    await dialog.get('form').trigger('submit')
    await settle()
    // 修改人 is required.
    expect(ipc.measureSet).not.toHaveBeenCalled()
    expect(dialog.text()).toContain('请写明修改人')
    dialog.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '张伟')
    await flushPromises()
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.measureSet).toHaveBeenCalledWith(
      'm-1',
      { category: null, content: null, amount_fen: null, clear_amount: false, from: null, to: null, clear_to: false, status: '落实中' },
      { by: '张伟', reason: '' },
    )
  })

  it('records the income accounting: sums, 人均纯收入, change and 三类人群 shown live, then the saved figures', async () => {
    const before = handbookView()
    const lastYear = handbookView({ year: 2023, income: income({ year: 2023, sums: { ...income().sums, per_capita: 1000000 } }) })
    const saved = handbookView({ income: income({ previous_per_capita: 1000000, change_fen: -100000, flags: { down: true, under_line: true, monitored: true }, flags_zh: '人均纯收入同比下降、人均纯收入低于10000元、监测对象' }) })
    const { wrapper } = await mountPage([before, lastYear, saved])
    expect(wrapper.get('[data-test="income-none"]').text()).toContain('还没有2024年度的收入核算')
    await click(wrapper, 'income-edit')
    expect(ipc.handbookGet).toHaveBeenLastCalledWith(HOUSEHOLD, 2023)
    const item = (name: string) => wrapper.get(`input[data-test="income-item"][data-item="${name}"]`)
    await item('工资性收入').setValue('24000')
    await item('种植业').setValue('3,600')
    await wrapper.get('input[data-test="income-costs"]').setValue('600')
    await flushPromises()
    expect(wrapper.get('[data-test="live-total"]').text()).toBe('27600.00')
    expect(wrapper.get('[data-test="live-net"]').text()).toBe('27000.00')
    // The roster's 3 present members.
    expect(wrapper.get('[data-test="income-size"]').text()).toContain('3 人')
    expect(wrapper.get('[data-test="live-per-capita"]').text()).toBe('9000.00')
    expect(wrapper.get('[data-test="live-change"]').text()).toBe('-1000.00')
    expect(wrapper.get('[data-test="live-flags"]').text()).toBe('人均纯收入同比下降、人均纯收入低于10000元、监测对象')
    // A bad amount is said beside its line and blocks the save; nothing is computed from it silently.
    await item('林业').setValue('12.345')
    await settle()
    expect(wrapper.get('[data-test="income-form"]').text()).toContain('金额不对')
    expect((wrapper.get('[data-test="income-submit"]').element as HTMLButtonElement).disabled).toBe(true)
    await item('林业').setValue('')
    // Overriding the size needs a reason; the per-capita figure follows.
    await wrapper.get('[data-test="income-size-override"] input').setValue(true)
    await flushPromises()
    wrapper.findComponent({ name: 'ElInputNumber' }).vm.$emit('update:modelValue', 4)
    await settle()
    expect(wrapper.get('[data-test="live-per-capita"]').text()).toBe('6750.00')
    expect(wrapper.get('[data-test="income-form"]').text()).toContain('必填：为什么与花名册的人数不同')
    await wrapper.get('input[data-test="income-size-reason"]').setValue('长子在外上学，户口仍在家')
    await flushPromises()
    await wrapper.get('[data-test="income-form"]').trigger('submit')
    await flushPromises()
    expect(ipc.incomeSet).toHaveBeenCalledWith(
      {
        number: HOUSEHOLD,
        year: 2024,
        date: TEAM_TODAY,
        items: [
          ['工资性收入', 2400000],
          ['种植业', 360000],
        ],
        costs_fen: 60000,
        size: 4,
        size_reason: '长子在外上学，户口仍在家',
      },
      { by: '', reason: '' },
    )
    // After the save: what the back end saved, not what was typed.
    expect(wrapper.find('[data-test="income-form"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="income-saved-per-capita"]').text()).toBe('9000.00')
    expect(wrapper.get('[data-test="income-saved-change"]').text()).toBe('-1000.00')
    expect(wrapper.get('[data-test="income-saved-flags"]').text()).toContain('同比下降')
  })

  it('corrects a saved accounting with 修改人 and shows its 修改记录', async () => {
    const saved = handbookView({ income: income() })
    const { wrapper } = await mountPage([saved])
    vi.mocked(ipc.correctionsOf).mockResolvedValue([
      { id: 'c-1', tbl: 'income', row_id: 'inc-1', at: '2024-09-21T02:00:00Z', by: '张伟', device: 'a1b2c3d4e5f60718', here: true, action: '修改', reason: '漏填养老金', changes: [{ field: '收入明细', before: '2', after: '3' }] },
    ])
    await click(wrapper, 'income-history')
    expect(ipc.correctionsOf).toHaveBeenCalledWith('income', 'inc-1')
    expect(wrapper.get('[data-test="change-history"]').text()).toContain('漏填养老金')

    await click(wrapper, 'income-edit')
    expect((wrapper.get('input[data-test="income-item"][data-item="工资性收入"]').element as HTMLInputElement).value).toBe('24000.00')
    await wrapper.get('input[data-test="income-item"][data-item="养老金"]').setValue('1800')
    await wrapper.get('[data-test="income-form"]').trigger('submit')
    await settle()
    expect(ipc.incomeSet).not.toHaveBeenCalled()
    expect(wrapper.get('[data-test="income-form"]').text()).toContain('请写明修改人')
    wrapper.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '张伟')
    await flushPromises()
    await wrapper.get('[data-test="income-form"]').trigger('submit')
    await flushPromises()
    expect(ipc.incomeSet).toHaveBeenCalledWith(expect.objectContaining({ items: expect.arrayContaining([['养老金', 180000]]) }), { by: '张伟', reason: '' })
  })

  it('keeps a half-typed accounting as a draft until saved or 放弃', async () => {
    const { wrapper } = await mountPage([handbookView()])
    await click(wrapper, 'income-edit')
    await wrapper.get('input[data-test="income-item"][data-item="养老金"]').setValue('1800')
    await flushPromises()
    await click(wrapper, 'income-cancel')
    expect(wrapper.find('[data-test="draft-mark"]').exists()).toBe(true)
    await click(wrapper, 'income-edit')
    expect((wrapper.get('input[data-test="income-item"][data-item="养老金"]').element as HTMLInputElement).value).toBe('1800')
  })

  it('signs a contact on the pad: the PNG goes to the back end, the image shows after', async () => {
    const signed = handbookView()
    signed.contacts = [{ ...signed.contacts[0]!, signatures: { cadre: null, household: { id: 's-1', role: '农户', signer: '胡新平', signed_on: TEAM_TODAY, method: '屏幕签名', image: 'sha-1' } } }]
    const { wrapper } = await mountPage([handbookView(), signed])
    await click(wrapper, 'sign-household')
    const dialog = openDialog(wrapper)
    expect((dialog.get('input[data-test="sign-signer"]').element as HTMLInputElement).value).toBe('胡新平')
    const submit = () => dialog.get('[data-test="sign-submit"]').element as HTMLButtonElement
    expect(submit().disabled).toBe(true)
    pads.at(-1)!.stroke()
    await flushPromises()
    expect(submit().disabled).toBe(false)
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.signEntry).toHaveBeenCalledWith(
      {
        entry: 'visit',
        row_id: 'v-1',
        role: '农户',
        signer: '胡新平',
        method: '屏幕签名',
        image: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
        date: TEAM_TODAY,
      },
      null,
    )
    expect(ipc.signatureImage).toHaveBeenCalledWith('sha-1')
    const img = wrapper.get('[data-test="contact-row"] [data-test="signature-household"] img')
    expect(img.attributes('src')).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(wrapper.get('[data-test="contact-row"] [data-test="signature-cadre"]').text()).toContain('未签名')
  })

  it('signs by a photo of the wet signature', async () => {
    const { wrapper } = await mountPage([handbookView()])
    await click(wrapper, 'sign-cadre')
    const dialog = openDialog(wrapper)
    expect((dialog.get('input[data-test="sign-signer"]').element as HTMLInputElement).value).toBe('龙雪梅')
    dialog.findComponent({ name: 'ElRadioGroup' }).vm.$emit('update:modelValue', '照片')
    await flushPromises()
    vi.mocked(ipc.pickSignaturePhoto).mockResolvedValue('/media/usb/签名.jpg')
    await dialog.get('[data-test="sign-photo"]').trigger('click')
    await flushPromises()
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.signEntry).toHaveBeenCalledWith(expect.objectContaining({ role: '帮扶责任人', method: '照片', image: [] }), '/media/usb/签名.jpg')
  })

  it('新增联系 opens the visit form for this household with the cadre ticked', async () => {
    const { wrapper, router } = await mountPage([handbookView()])
    await click(wrapper, 'contact-add')
    expect(router.currentRoute.value.path).toBe('/visits')
    expect(router.currentRoute.value.query).toMatchObject({ household: HOUSEHOLD, number: '430527001001', cadre: '1' })
  })

  it('opens at the section a link asks for (the income form when none is saved)', async () => {
    const { wrapper } = await mountPage([handbookView()], `/households/${HOUSEHOLD}/handbook?year=2024&section=income`)
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled()
    expect(wrapper.find('[data-test="income-form"]').exists()).toBe(true)
  })

  it('prints the handbook to the PDF file chosen', async () => {
    const { wrapper } = await mountPage([handbookView()])
    vi.mocked(ipc.pickSavePdf).mockResolvedValue('/media/usb/手册.pdf')
    wrapper.findComponent({ name: 'ElDropdown' }).vm.$emit('click')
    await flushPromises()
    expect(ipc.pickSavePdf).toHaveBeenCalledWith('430527001001-胡新平-2024年结对帮扶手册.pdf')
    expect(ipc.handbookPdf).toHaveBeenCalledWith(HOUSEHOLD, null, 2024, '/media/usb/手册.pdf')
  })

  it('corrects a saved evaluation (修改) with 修改人, never as a second one for the quarter', async () => {
    const evaluation = { id: 'e-1', quarter: '2024-Q3', date: '2024-09-20', changes: '慢性病卡已办', income_trend: '持平', risk: '', signatures: unsigned() }
    const { wrapper } = await mountPage([handbookView({ evaluations: [evaluation] })])
    await click(wrapper, 'evaluation-edit')
    const dialog = openDialog(wrapper)
    expect(dialog.props('title')).toContain('修改')
    expect((dialog.get('textarea[data-test="evaluation-changes"]').element as HTMLTextAreaElement).value).toBe('慢性病卡已办')
    await dialog.get('textarea[data-test="evaluation-changes"]').setValue('慢性病卡已办，报销两次')
    await dialog.get('form').trigger('submit')
    await settle()
    expect(ipc.evaluationEdit).not.toHaveBeenCalled()
    expect(dialog.text()).toContain('请写明修改人')
    dialog.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '张伟')
    dialog.findComponent({ name: 'TraceFields' }).vm.$emit('update:reason', '漏写报销')
    await flushPromises()
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.evaluationAdd).not.toHaveBeenCalled()
    expect(ipc.evaluationEdit).toHaveBeenCalledWith(
      'e-1',
      { number: HOUSEHOLD, quarter: '2024-Q3', date: '2024-09-20', changes: '慢性病卡已办，报销两次', income_trend: '持平', risk: '' },
      { by: '张伟', reason: '漏写报销' },
    )
    expect(ipc.handbookGet).toHaveBeenCalledTimes(2)
  })

  it('作废 a wrong assessment with who and why, so a right one can be added', async () => {
    const assessment = { id: 'a-1', quarter: '2024-Q3', date: '2024-09-10', result: '建议消除', reasons: '写错了户', assessors: '张伟、龙雪梅', signatures: unsigned() }
    const { wrapper } = await mountPage([handbookView({ assessments: [assessment] })])
    await click(wrapper, 'assessment-void')
    const dialog = openDialog(wrapper)
    expect(dialog.text()).toContain('作废2024年第三季度的风险消除评估（建议消除）')
    dialog.findComponent({ name: 'TraceFields' }).vm.$emit('update:by', '张伟')
    await flushPromises()
    await dialog.get('form').trigger('submit')
    await settle()
    // A reason is required to void.
    expect(ipc.assessmentVoid).not.toHaveBeenCalled()
    dialog.findComponent({ name: 'TraceFields' }).vm.$emit('update:reason', '结论填反了')
    await flushPromises()
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(ipc.assessmentVoid).toHaveBeenCalledWith('a-1', { by: '张伟', reason: '结论填反了' })
  })

  it('defaults the cadre signer to the cadre paired on the entry’s date, not the current one', async () => {
    const view = handbookView()
    view.contacts = [...view.contacts, { id: 'v-0', date: '2024-05-10', mode: '入户', in_person: true, visitors: '杨帆', by_cadre: true, content: '入户了解', next_step: '', signatures: unsigned() }]
    const { wrapper } = await mountPage([view])
    await wrapper.get('[data-test="contact-row"][data-id="v-0"] [data-test="sign-cadre"]').trigger('click')
    await flushPromises()
    let dialog = openDialog(wrapper)
    expect((dialog.get('input[data-test="sign-signer"]').element as HTMLInputElement).value).toBe('杨帆')
    dialog.vm.$emit('close')
    await flushPromises()
    await wrapper.get('[data-test="contact-row"][data-id="v-1"] [data-test="sign-cadre"]').trigger('click')
    await flushPromises()
    dialog = openDialog(wrapper)
    expect((dialog.get('input[data-test="sign-signer"]').element as HTMLInputElement).value).toBe('龙雪梅')
  })

  it('shows a refusal beside the field it concerns: the pairing phone, an assessment’s reasons, one income line', async () => {
    const { wrapper } = await mountPage([handbookView()])
    const formItem = (d: VueWrapper, test: string) => d.get(`[data-test="${test}"]`).element.closest('.el-form-item')!
    const alertOf = (d: VueWrapper) => d.find('.form-alert')

    await click(wrapper, 'pairing-change')
    let dialog = openDialog(wrapper)
    await dialog.get('input[data-test="pairing-cadre"]').setValue('吴敏')
    await dialog.get('input[data-test="pairing-unit"]').setValue('县教育局')
    await dialog.get('input[data-test="pairing-phone"]').setValue('123')
    vi.mocked(ipc.pairingSet).mockRejectedValueOnce(ipc.toIpcError({ code: 'pairing.phone', message: '联系电话“123”不对：请写11位手机号', detail: '' }))
    await dialog.get('form').trigger('submit')
    await settle()
    expect(formItem(dialog, 'pairing-phone').textContent).toContain('联系电话“123”不对')
    expect(alertOf(dialog).exists()).toBe(false)
    // Changing the phone takes the message away, and the form can be sent again.
    await dialog.get('input[data-test="pairing-phone"]').setValue('13812345678')
    await settle()
    expect(formItem(dialog, 'pairing-phone').textContent).not.toContain('不对')
    dialog.vm.$emit('close')
    await flushPromises()

    await click(wrapper, 'assessment-add')
    dialog = openDialog(wrapper)
    await dialog.get('textarea[data-test="assessment-reasons"]').setValue('   x')
    vi.mocked(ipc.assessmentAdd).mockRejectedValueOnce(ipc.toIpcError({ code: 'assessment.reasons', message: '请写明评估的理由', detail: '' }))
    await dialog.get('form').trigger('submit')
    await settle()
    expect(formItem(dialog, 'assessment-reasons').textContent).toContain('请写明评估的理由')
    expect(alertOf(dialog).exists()).toBe(false)
    dialog.vm.$emit('close')
    await flushPromises()

    await click(wrapper, 'income-edit')
    await wrapper.get('input[data-test="income-item"][data-item="养殖业"]').setValue('500')
    vi.mocked(ipc.incomeSet).mockRejectedValueOnce(ipc.toIpcError({ code: 'income.item_twice', message: '“养殖业”写了两次：每项只写一次', detail: '' }))
    await wrapper.get('[data-test="income-form"]').trigger('submit')
    await settle()
    const line = wrapper.get('input[data-test="income-item"][data-item="养殖业"]').element.closest('.el-form-item')!
    expect(line.textContent).toContain('写了两次')
    expect(wrapper.get('[data-test="income-form"]').find('.form-alert').exists()).toBe(false)
  })
})

