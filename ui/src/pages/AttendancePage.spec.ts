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
    attendanceMonth: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import type { Finding, MemberRow } from '@/ipc'
import { appInfo, attendanceMonth, finding, memberMonth, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import AttendancePage from './AttendancePage.vue'

const monthMock = vi.mocked(ipc.attendanceMonth)
const [YANG, LONG, WU] = TEAM as [MemberRow, MemberRow, MemberRow]

/** A2.days and A2.nights of one member for one week. */
function week(who: MemberRow, period: string, days: [number, number], nights: [number, number], over = false): Finding[] {
  const base = { subject: who.id, subject_label: who.name, period, in_progress: !over }
  const status = (found: number, required: number) => (required === 0 ? 'exempt' : found >= required ? 'ok' : 'short') as Finding['status']
  return [
    finding({ ...base, rule: 'A2.days', found: days[0], required: days[1], status: status(...days), explain: `${period} 在村说明` }),
    finding({ ...base, rule: 'A2.nights', found: nights[0], required: nights[1], status: status(...nights), explain: `${period} 住村说明` }),
  ]
}

const inVillage = { status: '在村' as const, night: true }
const SEPTEMBER = attendanceMonth('2024-09', [
  memberMonth(YANG, '2024-09', { '2024-09-23': inVillage, '2024-09-24': inVillage, '2024-09-25': inVillage, '2024-09-26': { status: '公务外出' } }, [
    finding({ rule: 'A1', period: '2024-09', required: 20, found: 15, explain: '2024年9月要求在村20天（请假不减少月度要求）；工作日志记在村15天。' }),
    ...week(YANG, '2024-W36', [5, 5], [4, 4], true),
    ...week(YANG, '2024-W37', [5, 5], [3, 4], true),
    ...[
      finding({ rule: 'A2.days', period: '2024-W38', required: 3, found: 3, status: 'ok', in_progress: false }),
      finding({
        rule: 'A2.nights',
        period: '2024-W38',
        required: 2,
        found: 1,
        status: 'short',
        in_progress: false,
        explain: '2024年第38周（9月16日—9月22日）要求住村4晚，中秋节9月16日—17日（法定节假日）减2，应住村2晚；工作日志记住村1晚：9月18日。',
      }),
    ],
    ...week(YANG, '2024-W39', [3, 5], [3, 4]),
    ...week(YANG, '2024-W40', [0, 5], [0, 4]),
  ]),
  memberMonth(LONG, '2024-09', { '2024-09-19': { leave_halves: 2 }, '2024-09-20': { leave_halves: 1, status: '在村' } }, [
    finding({ rule: 'A1', subject: LONG.id, subject_label: LONG.name, period: '2024-09', required: 20, found: 17 }),
    ...week(LONG, '2024-W38', [2, 2], [2, 2], true),
    finding({
      rule: 'A3',
      subject: LONG.id,
      subject_label: LONG.name,
      period: '2024-09',
      required: 1,
      found: 1,
      status: 'ok',
      in_progress: false,
      records: ['lv-1'],
      explain: '事假2024年9月19日上午至2024年9月20日上午共1.5天，应由乡镇审批（3天以内乡镇审批，更长报县委组织部）；已由王乡长于2024年9月18日批准。',
    }),
  ]),
  memberMonth(WU, '2024-09', {}, [
    finding({ rule: 'A1', subject: WU.id, subject_label: WU.name, period: '2024-09', required: 14, found: 14, status: 'ok', in_progress: true }),
    ...week(WU, '2024-W39', [0, 0], [0, 0]),
  ]),
])

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/attendance', component: AttendancePage },
      { path: '/today', component: { template: '<div />' } },
      { path: '/settings', component: { template: '<div />' } },
    ],
  })
  await router.push('/attendance')
  const wrapper = mount(AttendancePage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const detail = () => document.body.querySelector('[data-test="finding-detail"]') as HTMLElement | null

describe('AttendancePage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    const info = appInfo({ today: TEAM_TODAY })
    vi.mocked(ipc.appInfo).mockResolvedValue(info)
    useAppStore().info = info
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    monthMock.mockImplementation(async (period) => (period === '2024-09' ? SEPTEMBER : attendanceMonth(period, [])))
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('shows one row per member with the month’s totals and the month’s requirement', async () => {
    const { wrapper } = await mountPage()
    expect(monthMock.mock.calls).toEqual([['2024-09']])

    const rows = wrapper.findAll('[data-test="att-row"]')
    expect(rows.map((r) => r.attributes('data-id'))).toEqual(['m-yangfan', 'm-longxm', 'm-wuzg'])
    expect(rows[0]!.text()).toContain('杨帆')
    expect(rows[0]!.text()).toContain('第一书记')
    expect(rows[0]!.get('[data-test="att-days"]').text()).toBe('3')
    expect(rows[0]!.get('[data-test="att-nights"]').text()).toBe('3')
    expect(rows[1]!.get('[data-test="att-leave"]').text()).toBe('1.5 天')

    const a1 = rows[0]!.get('[data-test="finding"][data-rule="A1"]')
    expect(a1.attributes('data-status')).toBe('short')
    // A month not over yet: 进行中, not 不足, and not red.
    expect(a1.text()).toBe('15/20 天 · 进行中')
    expect(a1.classes()).not.toContain('tag--danger')
    expect(rows[2]!.get('[data-test="finding"][data-rule="A1"]').text()).toBe('14/14 天 · 达标')
  })

  it('shows each week of the month with the days and nights found against those required', async () => {
    const { wrapper } = await mountPage()
    const headers = wrapper.findAll('[data-test="week-header"]')
    expect(headers.map((h) => h.text())).toEqual([
      '第36周9/2–9/8',
      '第37周9/9–9/15',
      '第38周9/16–9/22',
      '第39周9/23–9/29',
      '第40周9/30–10/6',
    ])

    const yang = wrapper.get('[data-test="att-row"][data-id="m-yangfan"]')
    const w38 = yang.get('[data-test="week-cell"][data-period="2024-W38"]')
    expect(w38.get('[data-rule="A2.days"]').text()).toBe('天 3/3')
    expect(w38.get('[data-rule="A2.days"]').attributes('data-status')).toBe('ok')
    expect(w38.get('[data-rule="A2.days"]').classes()).toContain('tag--success')
    expect(w38.get('[data-rule="A2.nights"]').text()).toBe('晚 1/2')
    expect(w38.get('[data-rule="A2.nights"]').attributes('title')).toBe('不足')
    expect(w38.get('[data-rule="A2.nights"]').classes()).toContain('tag--warning')
    expect(yang.get('[data-test="week-cell"][data-period="2024-W39"] [data-rule="A2.days"]').attributes('title')).toBe('进行中')

    // 龙雪梅 has only week 38 here; the other weeks show a dash. 吴志刚 left: nothing required.
    const long = wrapper.get('[data-test="att-row"][data-id="m-longxm"]')
    expect(long.get('[data-test="week-cell"][data-period="2024-W36"]').text()).toBe('—')
    const wu = wrapper.get('[data-test="att-row"][data-id="m-wuzg"] [data-test="week-cell"][data-period="2024-W39"] [data-rule="A2.days"]')
    expect(wu.attributes('data-status')).toBe('exempt')
    expect(wu.attributes('title')).toBe('免于要求')
  })

  it('opens a finding’s detail with its rule, period, numbers and explanation', async () => {
    const { wrapper } = await mountPage()
    expect(detail()).toBeNull()

    await wrapper.get('[data-test="att-row"][data-id="m-yangfan"] [data-rule="A2.nights"][data-period="2024-W38"]').trigger('click')
    await flushPromises()

    const d = detail()!
    expect(d).not.toBeNull()
    expect(d.querySelector('[data-test="detail-rule"]')!.textContent).toBe('每周住村晚数')
    expect(d.querySelector('[data-test="detail-period"]')!.textContent).toBe('2024年第38周（9月16日—9月22日）')
    expect(d.querySelector('[data-test="detail-required"]')!.textContent).toBe('2 晚')
    expect(d.querySelector('[data-test="detail-found"]')!.textContent).toBe('1 晚')
    expect(d.querySelector('[data-test="finding-status"]')!.textContent).toBe('不足')
    expect(d.textContent).toContain('杨帆')
    expect(d.querySelector('[data-test="finding-explain"]')!.textContent).toBe(
      '2024年第38周（9月16日—9月22日）要求住村4晚，中秋节9月16日—17日（法定节假日）减2，应住村2晚；工作日志记住村1晚：9月18日。',
    )
  })

  it('lists leave approvals and explains them', async () => {
    const { wrapper } = await mountPage()
    const a3 = wrapper.get('[data-test="att-row"][data-id="m-longxm"] [data-rule="A3"]')
    expect(a3.text()).toBe('已批准')
    await a3.trigger('click')
    await flushPromises()
    const d = detail()!
    expect(d.querySelector('[data-test="detail-rule"]')!.textContent).toBe('请假审批')
    expect(d.querySelector('[data-test="detail-period"]')!.textContent).toBe('2024年9月')
    expect(d.querySelector('[data-test="detail-found"]')!.textContent).toBe('已批准')
    expect(d.querySelector('[data-test="finding-explain"]')!.textContent).toContain('应由乡镇审批')
  })

  it('steps through the months, never past the current one', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="month-label"]').text()).toBe('2024年9月')
    expect(wrapper.get('[data-test="month-next"]').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-test="month-prev"]').trigger('click')
    await flushPromises()
    expect(monthMock).toHaveBeenLastCalledWith('2024-08')
    expect(wrapper.get('[data-test="month-label"]').text()).toBe('2024年8月')
    expect(wrapper.get('[data-test="att-none-in-month"]').text()).toContain('这个月没有在驻村期间的工作队员')
    expect(wrapper.get('[data-test="month-next"]').attributes('disabled')).toBeUndefined()

    await wrapper.get('[data-test="month-next"]').trigger('click')
    await flushPromises()
    expect(monthMock).toHaveBeenLastCalledWith('2024-09')
    expect(monthMock).toHaveBeenCalledTimes(3)
    expect(wrapper.findAll('[data-test="att-row"]')).toHaveLength(3)
  })

  it('shows a member’s month as a calendar and opens a past day in 今日', async () => {
    const { wrapper, router } = await mountPage()
    // The first member's calendar until another is chosen.
    expect(wrapper.get('[data-test="cal-title"]').text()).toBe('杨帆 · 2024年9月')
    const cells = wrapper.findAll('[data-test="cal-cell"]')
    expect(cells).toHaveLength(30)
    expect(cells[0]!.attributes('data-date')).toBe('2024-09-01')
    const at = (date: string) => wrapper.get(`[data-test="cal-cell"][data-date="${date}"]`)
    expect(at('2024-09-23').get('[data-test="cal-status"]').text()).toBe('在村')
    expect(at('2024-09-23').find('[data-test="cal-night"]').exists()).toBe(true)
    expect(at('2024-09-26').get('[data-test="cal-status"]').text()).toBe('外出')
    expect(at('2024-09-16').text()).toContain('中秋节')
    expect(at('2024-09-16').classes()).toContain('holiday')
    expect(at('2024-09-14').text()).toContain('调休上班')
    expect(at('2024-09-21').classes()).toContain('weekend')
    // A past working day without a log says so; a weekend, a holiday or a day to come does not.
    expect(at('2024-09-18').text()).toContain('未填')
    expect(at('2024-09-14').text()).toContain('未填')
    expect(at('2024-09-21').text()).not.toContain('未填')
    expect(at('2024-09-16').text()).not.toContain('未填')
    expect(at('2024-09-27').text()).not.toContain('未填')
    expect(at('2024-09-27').attributes('disabled')).toBeDefined()

    await wrapper.get('[data-test="att-row"][data-id="m-longxm"]').trigger('click')
    expect(wrapper.get('[data-test="cal-title"]').text()).toBe('龙雪梅 · 2024年9月')
    expect(at('2024-09-19').get('[data-test="cal-leave"]').text()).toBe('请假')
    expect(at('2024-09-20').get('[data-test="cal-leave"]').text()).toBe('半天假')

    await wrapper.get('[data-test="att-row"][data-id="m-wuzg"] [data-test="att-calendar"]').trigger('click')
    expect(wrapper.get('[data-test="cal-title"]').text()).toBe('吴志刚 · 2024年9月')
    expect(at('2024-09-23').classes()).toContain('unassigned')
    expect(at('2024-09-23').attributes('disabled')).toBeDefined()

    await at('2024-09-18').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/today')
    expect(router.currentRoute.value.query).toEqual({ date: '2024-09-18', member: 'm-wuzg' })
  })

  it('shows why the month could not be read', async () => {
    monthMock.mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '数据库出错：磁盘已满', detail: '' }))
    const { wrapper } = await mountPage()
    const alert = wrapper.get('[data-test="att-error"]')
    expect(alert.text()).toContain('考勤情况没有加载出来')
    expect(alert.text()).toContain('数据库出错：磁盘已满')
  })

  it('says so and leads to 设置 when the team has no members', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([])
    monthMock.mockResolvedValue(attendanceMonth('2024-09', []))
    const { wrapper, router } = await mountPage()
    expect(wrapper.get('[data-test="att-empty"]').text()).toContain('还没有工作队员')
    await wrapper.get('[data-test="att-to-settings"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/settings')
  })
})
