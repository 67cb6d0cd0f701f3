import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
    membersList: vi.fn(),
    attendanceMonth: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import { appInfo, attendanceMonth, finding, memberMonth, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { useAttendanceStore } from './attendance'

const monthMock = vi.mocked(ipc.attendanceMonth)

const yang = memberMonth(TEAM[0]!, '2024-09', {}, [
  finding({ rule: 'A1', period: '2024-09', required: 20, found: 15 }),
  finding({ rule: 'A2.days', period: '2024-W38', required: 3, found: 3, status: 'ok', in_progress: false }),
  finding({ rule: 'A2.nights', period: '2024-W38', required: 2, found: 1, in_progress: false }),
  finding({ rule: 'A3', period: '2024-09', required: 1, found: 1, status: 'ok', in_progress: false, records: ['lv-1'] }),
])

describe('attendance store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ today: TEAM_TODAY }))
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    monthMock.mockImplementation(async (period) => attendanceMonth(period, period === '2024-09' ? [yang] : []))
  })

  it('opens on the month of today and cannot go past it', async () => {
    const store = useAttendanceStore()
    await store.open()
    expect(monthMock.mock.calls).toEqual([['2024-09']])
    expect(store.period).toBe('2024-09')
    expect(store.canGoNext).toBe(false)
    await store.next()
    expect(monthMock).toHaveBeenCalledTimes(1)

    await store.prev()
    expect(monthMock).toHaveBeenLastCalledWith('2024-08')
    expect(store.period).toBe('2024-08')
    expect(store.members).toEqual([])
    expect(store.canGoNext).toBe(true)
    await store.next()
    expect(monthMock).toHaveBeenLastCalledWith('2024-09')
  })

  it('crosses the year when stepping back from January', async () => {
    const store = useAttendanceStore()
    await store.load('2024-01')
    await store.prev()
    expect(monthMock).toHaveBeenLastCalledWith('2023-12')
  })

  it('gives the weeks of the month and each member’s findings by rule and week', async () => {
    const store = useAttendanceStore()
    await store.open()
    expect(store.weeks.map((w) => [w.period, w.week, w.monday, w.sunday])).toEqual([
      ['2024-W36', 36, '2024-09-02', '2024-09-08'],
      ['2024-W37', 37, '2024-09-09', '2024-09-15'],
      ['2024-W38', 38, '2024-09-16', '2024-09-22'],
      ['2024-W39', 39, '2024-09-23', '2024-09-29'],
      ['2024-W40', 40, '2024-09-30', '2024-10-06'],
    ])
    const m = store.members[0]!
    expect(store.monthFinding(m)?.found).toBe(15)
    const w38 = store.weekCell(m, '2024-W38')
    expect([w38.days?.found, w38.days?.required, w38.nights?.found, w38.nights?.required]).toEqual([3, 3, 1, 2])
    expect(store.weekCell(m, '2024-W39')).toEqual({ days: null, nights: null })
    expect(store.approvals(m).map((f) => f.records)).toEqual([['lv-1']])
  })

  it('opens the calendar of the first member until another is chosen', async () => {
    const long = memberMonth(TEAM[1]!, '2024-09', {}, [])
    monthMock.mockResolvedValue(attendanceMonth('2024-09', [yang, long]))
    const store = useAttendanceStore()
    await store.open()
    expect(store.selected?.member_id).toBe('m-yangfan')
    store.select('m-longxm')
    expect(store.selected?.name).toBe('龙雪梅')
  })

  it('keeps a failed read in error and drops an overtaken answer', async () => {
    const store = useAttendanceStore()
    await store.open()
    monthMock.mockRejectedValueOnce(ipc.toIpcError({ code: 'period.month', message: '这里要一个月份，如 2024-09。', detail: '' }))
    await store.prev()
    expect(store.error?.message).toBe('这里要一个月份，如 2024-09。')

    let answerSlow: (v: ReturnType<typeof attendanceMonth>) => void = () => undefined
    monthMock.mockImplementationOnce(() => new Promise((resolve) => (answerSlow = resolve)))
    const slow = store.load('2024-07')
    await store.load('2024-09')
    answerSlow(attendanceMonth('2024-07', []))
    await slow
    expect(store.period).toBe('2024-09')
    expect(store.month?.period).toBe('2024-09')
    expect(store.error).toBeNull()
  })
})
