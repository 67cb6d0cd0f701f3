import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
    membersList: vi.fn(),
    dayView: vi.fn(),
    logSet: vi.fn(),
    logFillStatus: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import { appInfo, dayView, finding, logRow, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { useTeamStore } from './team'
import { useTodayStore } from './today'

const dayViewMock = vi.mocked(ipc.dayView)
const logSet = vi.mocked(ipc.logSet)

describe('today store', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.appInfo).mockResolvedValue(appInfo({ today: TEAM_TODAY }))
    vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
    dayViewMock.mockImplementation(async (memberId, date) =>
      dayView({ member: TEAM.find((m) => m.id === memberId)!, date, week: [], findings: [] }),
    )
  })

  it('opens on today for the first member assigned, and only lists those assigned that day', async () => {
    const today = useTodayStore()
    await today.open()
    expect(today.date).toBe('2024-09-26')
    // 吴志刚 left the team on 20 September.
    expect(today.assigned.map((m) => m.name)).toEqual(['杨帆', '龙雪梅'])
    expect(today.member?.id).toBe('m-yangfan')
    expect(dayViewMock.mock.calls).toEqual([['m-yangfan', '2024-09-26']])
    expect(today.view?.member.id).toBe('m-yangfan')
    expect(today.canGoNext).toBe(false)
  })

  it('remembers who is using the laptop and honours a link to a member and a day', async () => {
    useTeamStore().choose('m-longxm')
    const today = useTodayStore()
    await today.open('2024-09-20', 'm-wuzg')
    expect(dayViewMock).toHaveBeenLastCalledWith('m-wuzg', '2024-09-20')
    expect(today.assigned.map((m) => m.id)).toEqual(['m-yangfan', 'm-longxm', 'm-wuzg'])
    expect(localStorage.getItem('zhucun.currentMember')).toBe('m-wuzg')

    // Back on a day 吴志刚 is no longer in the team: the first member assigned fills in.
    await today.next()
    await today.next()
    expect(today.date).toBe('2024-09-22')
    expect(today.member?.id).toBe('m-yangfan')
    expect(dayViewMock).toHaveBeenLastCalledWith('m-yangfan', '2024-09-22')
  })

  it('never goes past today, even from a link', async () => {
    const today = useTodayStore()
    await today.open('2024-09-27', null)
    expect(today.date).toBe('2024-09-26')
    await today.next()
    await today.select('2024-09-28')
    expect(today.date).toBe('2024-09-26')
    await today.prev()
    expect(today.date).toBe('2024-09-25')
    expect(today.canGoNext).toBe(true)
    expect(dayViewMock.mock.calls.map((c) => c[1])).toEqual(['2024-09-26', '2024-09-25'])
  })

  it('saves the log for the chosen member and day, then reads the day again', async () => {
    const today = useTodayStore()
    await today.open()
    await today.choose('m-longxm')
    const row = logRow({ member_id: 'm-longxm', member_name: '龙雪梅', status: '公务外出', night: false, content: '到县里参加培训', categories: ['会议'] })
    logSet.mockResolvedValue(row)
    dayViewMock.mockResolvedValueOnce(
      dayView({ member: TEAM[1]!, log: row, findings: [finding({ subject: 'm-longxm', found: 3 })] }),
    )

    const saved = await today.save({ status: '公务外出', night: false, content: '到县里参加培训', categories: ['会议'] })

    expect(saved).toEqual(row)
    expect(logSet).toHaveBeenCalledWith({
      member_id: 'm-longxm',
      date: '2024-09-26',
      status: '公务外出',
      night: false,
      content: '到县里参加培训',
      categories: ['会议'],
    })
    expect(dayViewMock).toHaveBeenLastCalledWith('m-longxm', '2024-09-26')
    expect(today.view?.log).toEqual(row)
    expect(today.weekDays?.subject).toBe('m-longxm')
    expect(today.savedDate).toBe('2024-09-26')
    expect(today.saveError).toBeNull()

    // Another day: the confirmation is for the day it was given.
    await today.prev()
    expect(today.savedDate).toBeNull()
  })

  it('keeps a refused save in saveError, without throwing', async () => {
    const today = useTodayStore()
    await today.open()
    logSet.mockRejectedValue(
      ipc.toIpcError({ code: 'log.future', message: '2024年9月27日还没到，不能提前填写工作日志。', detail: '' }),
    )
    const saved = await today.save({ status: '在村', night: true, content: '', categories: [] })
    expect(saved).toBeNull()
    expect(today.saveError?.message).toBe('2024年9月27日还没到，不能提前填写工作日志。')
    expect(today.savedDate).toBeNull()
    expect(today.saving).toBe(false)
  })

  it('drops an answer overtaken by a later choice of day', async () => {
    const today = useTodayStore()
    await today.open()
    let answerSlow: (v: ReturnType<typeof dayView>) => void = () => undefined
    dayViewMock.mockImplementationOnce(() => new Promise((resolve) => (answerSlow = resolve)))
    const slow = today.select('2024-09-24')
    await today.select('2024-09-25')
    answerSlow(dayView({ date: '2024-09-24' }))
    await slow
    expect(today.date).toBe('2024-09-25')
    expect(today.view?.date).toBe('2024-09-25')
    expect(today.loading).toBe(false)
  })

  it('keeps a failed read in error', async () => {
    dayViewMock.mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '数据库出错：磁盘已满', detail: '' }))
    const today = useTodayStore()
    await today.open()
    expect(today.error?.message).toBe('数据库出错：磁盘已满')
    expect(today.view).toBeNull()
  })
})
