import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    leavesList: vi.fn(),
    leaveAdd: vi.fn(),
    leaveApprove: vi.fn(),
    leaveReturn: vi.fn(),
    leaveCancel: vi.fn(),
    leaveVoid: vi.fn(),
    leaveFormExport: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import { leaveRow } from '@/testing/fixtures'
import { approvalLevel, defaultReturnDate, halfDay, leaveHalves, leaveKinds, levelCovers, monthBounds, useLeaveStore } from './leave'

describe('the 销假 date offered', () => {
  const l = { from_date: '2024-09-19', to_date: '2024-09-20' }
  it('is today while today is within the leave or the day after it', () => {
    expect(defaultReturnDate(l, '2024-09-20')).toBe('2024-09-20')
    expect(defaultReturnDate(l, '2024-09-21')).toBe('2024-09-21')
    expect(defaultReturnDate(l, '2024-09-19')).toBe('2024-09-19')
  })
  it('is the day after the leave once today is later, and its first day while it has not begun', () => {
    expect(defaultReturnDate(l, '2024-09-30')).toBe('2024-09-21')
    expect(defaultReturnDate({ from_date: '2024-09-30', to_date: '2024-10-02' }, '2024-10-08')).toBe('2024-10-03')
    expect(defaultReturnDate(l, '2024-09-10')).toBe('2024-09-19')
  })
  it('is always within [start, min(today, end + 1)] when that range is not empty', () => {
    for (const today of ['2024-09-18', '2024-09-19', '2024-09-20', '2024-09-21', '2024-09-22', '2025-01-01']) {
      const d = defaultReturnDate(l, today)
      const latest = today < '2024-09-21' ? today : '2024-09-21'
      if (latest >= l.from_date) expect(d >= l.from_date && d <= latest, `${today} → ${d}`).toBe(true)
    }
  })
})

describe('approval levels and leave kinds', () => {
  it('lets the county approve any leave and a township only its own', () => {
    expect(levelCovers('乡镇', '乡镇')).toBe(true)
    expect(levelCovers('县委组织部', '乡镇')).toBe(true)
    expect(levelCovers('县委组织部', '县委组织部')).toBe(true)
    expect(levelCovers('乡镇', '县委组织部')).toBe(false)
  })
  it('offers the parameter’s list in its order, else the default', () => {
    expect(leaveKinds('病假、事假、年休假', ['事假'])).toEqual(['病假', '事假', '年休假'])
    expect(leaveKinds(undefined, ['事假', '病假'])).toEqual(['事假', '病假'])
    expect(leaveKinds(' 、 ', ['事假'])).toEqual(['事假'])
  })
})

describe('leave length', () => {
  it('counts half days, both ends included', () => {
    expect(leaveHalves('2024-09-19', '上午', '2024-09-19', '下午')).toBe(2)
    expect(leaveHalves('2024-09-19', '上午', '2024-09-19', '上午')).toBe(1)
    expect(leaveHalves('2024-09-19', '下午', '2024-09-20', '上午')).toBe(2)
    expect(leaveHalves('2024-09-19', '下午', '2024-09-20', '下午')).toBe(3)
    // Across a month's end and a weekend: calendar days.
    expect(leaveHalves('2024-09-30', '上午', '2024-10-03', '下午')).toBe(8)
    // The end before the start.
    expect(leaveHalves('2024-09-19', '下午', '2024-09-19', '上午')).toBe(0)
    expect(leaveHalves('2024-09-20', '上午', '2024-09-19', '下午')).toBe(0)
    expect(leaveHalves('2024-09-21', '上午', '2024-09-19', '下午')).toBeLessThan(0)
  })

  it('needs the township up to the limit, the county organisation department beyond', () => {
    expect(approvalLevel(3, 3)).toBe('乡镇')
    expect(approvalLevel(3.5, 3)).toBe('县委组织部')
    expect(approvalLevel(4, 5)).toBe('乡镇')
  })

  it('writes the half day as the back end reads it', () => {
    expect(halfDay('2024-09-19', '下午')).toBe('2024-09-19下午')
    expect(monthBounds('2024-02')).toEqual(['2024-02-01', '2024-02-29'])
    expect(monthBounds('2024-12')).toEqual(['2024-12-01', '2024-12-31'])
  })
})

describe('leave store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.leavesList).mockResolvedValue([leaveRow()])
  })

  it('reads the leaves touching the month', async () => {
    const leave = useLeaveStore()
    await leave.load('2024-09')
    expect(ipc.leavesList).toHaveBeenCalledWith('2024-09-01', '2024-09-30')
    expect(leave.period).toBe('2024-09')
    expect(leave.rows).toHaveLength(1)
    expect(leave.error).toBeNull()
  })

  it('keeps only the answer for the last month asked for', async () => {
    let answerSeptember: (rows: ReturnType<typeof leaveRow>[]) => void = () => undefined
    vi.mocked(ipc.leavesList)
      .mockImplementationOnce(() => new Promise((resolve) => (answerSeptember = resolve)))
      .mockResolvedValueOnce([leaveRow({ id: 'lv-oct' })])
    const leave = useLeaveStore()
    const september = leave.load('2024-09')
    await leave.load('2024-10')
    answerSeptember([leaveRow({ id: 'lv-sep' })])
    await september
    expect(leave.period).toBe('2024-10')
    expect(leave.rows.map((r) => r.id)).toEqual(['lv-oct'])
  })

  it('keeps the error of a failed read', async () => {
    vi.mocked(ipc.leavesList).mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '数据库出错了', detail: '' }))
    const leave = useLeaveStore()
    await leave.load('2024-09')
    expect(leave.error?.message).toBe('数据库出错了')
    expect(leave.loading).toBe(false)
  })

  it('shows the month of a new leave that does not touch the month shown', async () => {
    const leave = useLeaveStore()
    await leave.load('2024-09')
    vi.mocked(ipc.leaveAdd).mockResolvedValue(leaveRow({ from_date: '2024-10-08', to_date: '2024-10-08' }))
    const input = { member_id: 'm-longxm', kind: '事假', from: '2024-10-08上午', to: '2024-10-08下午', reason: '家中有事' }
    await leave.add(input)
    expect(ipc.leaveAdd).toHaveBeenCalledWith(input)
    expect(ipc.leavesList).toHaveBeenLastCalledWith('2024-10-01', '2024-10-31')
    expect(leave.period).toBe('2024-10')

    // One that touches it: the same month, read again.
    vi.mocked(ipc.leaveAdd).mockResolvedValue(leaveRow({ from_date: '2024-09-30', to_date: '2024-10-02' }))
    await leave.add(input)
    expect(ipc.leavesList).toHaveBeenLastCalledWith('2024-10-01', '2024-10-31')
  })

  it('approves, reports the return and withdraws, reading the month again each time', async () => {
    const leave = useLeaveStore()
    await leave.load('2024-09')
    vi.mocked(ipc.leaveApprove).mockResolvedValue(leaveRow({ state: '已批准' }))
    vi.mocked(ipc.leaveReturn).mockResolvedValue(leaveRow({ state: '已销假' }))
    vi.mocked(ipc.leaveCancel).mockResolvedValue(leaveRow({ state: '已撤回' }))

    await leave.approve('lv-1', { by: ' 乡党委 张书记 ', level: '乡镇', on: '2024-09-17', doc: '  ', photo: null })
    expect(ipc.leaveApprove).toHaveBeenCalledWith('lv-1', { by: '乡党委 张书记', level: '乡镇', on: '2024-09-17', doc: null, photo: null })
    await leave.reportReturn('lv-1', '2024-09-21')
    expect(ipc.leaveReturn).toHaveBeenCalledWith('lv-1', '2024-09-21')
    await leave.cancel('lv-2')
    expect(ipc.leaveCancel).toHaveBeenCalledWith('lv-2')
    expect(ipc.leavesList).toHaveBeenCalledTimes(4)
  })

  it('voids with who and why, and writes the approval form without reading the month again', async () => {
    const leave = useLeaveStore()
    await leave.load('2024-09')
    vi.mocked(ipc.leaveVoid).mockResolvedValue(leaveRow({ state: '已作废' }))
    await leave.voidLeave('lv-1', { by: ' 王五 ', reason: ' 重复登记 ' })
    expect(ipc.leaveVoid).toHaveBeenCalledWith('lv-1', { by: '王五', reason: '重复登记' })
    expect(ipc.leavesList).toHaveBeenCalledTimes(2)
    vi.mocked(ipc.leaveFormExport).mockResolvedValue({ path: '/u/王强请假审批表.xlsx', title: '驻村工作队员请假审批表', rows: 1 })
    expect((await leave.exportForm('lv-1', '/u')).path).toBe('/u/王强请假审批表.xlsx')
    expect(ipc.leavesList).toHaveBeenCalledTimes(2)
  })

  it('throws a refused change to the page and reads nothing', async () => {
    const leave = useLeaveStore()
    await leave.load('2024-09')
    vi.mocked(ipc.leaveReturn).mockRejectedValue(ipc.toIpcError({ code: 'leave.return_future', message: '销假日期不能晚于今天。', detail: '' }))
    await expect(leave.reportReturn('lv-1', '2024-10-01')).rejects.toThrow('销假日期不能晚于今天。')
    expect(ipc.leavesList).toHaveBeenCalledTimes(1)
  })
})
