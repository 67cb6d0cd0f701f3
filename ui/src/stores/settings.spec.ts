import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    paramsList: vi.fn(),
    paramSet: vi.fn(),
    holidaysList: vi.fn(),
    holidaySet: vi.fn(async () => null),
    holidayRestore: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import { holidayRow, paramRow } from '@/testing/fixtures'
import { useSettingsStore } from './settings'

describe('settings store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.paramsList).mockResolvedValue([paramRow(), paramRow({ key: 'attendance.week_days', value: '5', default: '5' })])
    vi.mocked(ipc.holidaysList).mockResolvedValue([holidayRow()])
  })

  it('reads the parameters once unless forced, and gives a number with a fallback', async () => {
    const settings = useSettingsStore()
    expect(settings.paramNumber('leave.township_max_days', 3)).toBe(3)
    await settings.loadParams()
    await settings.loadParams()
    expect(ipc.paramsList).toHaveBeenCalledTimes(1)
    await settings.loadParams(true)
    expect(ipc.paramsList).toHaveBeenCalledTimes(2)
    vi.mocked(ipc.paramsList).mockResolvedValue([paramRow({ value: '5' })])
    await settings.loadParams(true)
    expect(settings.paramNumber('leave.township_max_days', 3)).toBe(5)
    expect(settings.paramNumber('no.such', 7)).toBe(7)
  })

  it('saves a parameter with its source, or none, and replaces its row', async () => {
    const settings = useSettingsStore()
    await settings.loadParams()
    vi.mocked(ipc.paramSet).mockResolvedValue(paramRow({ value: '4', changed: true }))
    await settings.saveParam('leave.township_max_days', ' 4 ', '  ')
    expect(ipc.paramSet).toHaveBeenCalledWith('leave.township_max_days', '4', null)
    expect(settings.params[0]).toMatchObject({ value: '4', changed: true })
    expect(settings.params).toHaveLength(2)

    await settings.saveParam('leave.township_max_days', '4', ' 县委组织部通知 ')
    expect(ipc.paramSet).toHaveBeenLastCalledWith('leave.township_max_days', '4', '县委组织部通知')
  })

  it('keeps the error of a failed read of the parameters', async () => {
    vi.mocked(ipc.paramsList).mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '读不出参数', detail: '' }))
    const settings = useSettingsStore()
    await settings.loadParams()
    expect(settings.paramsError?.message).toBe('读不出参数')
    expect(settings.paramsLoaded).toBe(false)
  })

  it('changes, cancels and restores a day of the calendar, reading the year again each time', async () => {
    const settings = useSettingsStore()
    await settings.loadHolidays(2024)
    expect(ipc.holidaysList).toHaveBeenCalledWith(2024)
    expect(settings.year).toBe(2024)

    await settings.setHoliday('2024-11-08', '休', ' 县庆 ')
    expect(ipc.holidaySet).toHaveBeenCalledWith('2024-11-08', '休', '县庆')
    await settings.setHoliday('2024-10-01', '常', '')
    expect(ipc.holidaySet).toHaveBeenLastCalledWith('2024-10-01', '常', '')
    await settings.restoreHoliday('2024-10-01')
    expect(ipc.holidayRestore).toHaveBeenCalledWith('2024-10-01')
    expect(ipc.holidaysList).toHaveBeenCalledTimes(4)
    expect(ipc.holidaysList).toHaveBeenLastCalledWith(2024)
  })
})
