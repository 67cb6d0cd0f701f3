import { describe, expect, it } from 'vitest'
import { addDays, addMonths, daysOfMonth, isWorkday, monthGrid, mondayOf, weekdayOf, weekOf, weekRange, weeksOfMonth } from './dates'

describe('dates', () => {
  it('steps over month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(addMonths('2024-01', -1)).toBe('2023-12')
    expect(addMonths('2024-12', 1)).toBe('2025-01')
    expect(daysOfMonth('2024-02')).toHaveLength(29)
  })

  it('numbers the weekdays from Monday', () => {
    expect(weekdayOf('2024-09-16')).toBe(1)
    expect(weekdayOf('2024-09-22')).toBe(7)
    expect(mondayOf('2024-09-22')).toBe('2024-09-16')
  })

  it('names ISO weeks as the back end does, across year ends', () => {
    expect(weekOf('2024-09-18')).toBe('2024-W38')
    expect(weekOf('2024-12-30')).toBe('2025-W01')
    expect(weekOf('2021-01-03')).toBe('2020-W53')
    expect(weekRange('2024-W38')).toEqual({ week: 38, monday: '2024-09-16', sunday: '2024-09-22' })
    expect(weekRange('2025-W01')).toEqual({ week: 1, monday: '2024-12-30', sunday: '2025-01-05' })
    expect(weekRange('2020-W53').monday).toBe('2020-12-28')
  })

  it('counts for a month the weeks whose Monday is in it', () => {
    expect(weeksOfMonth('2024-09')).toEqual(['2024-W36', '2024-W37', '2024-W38', '2024-W39', '2024-W40'])
    // 1 September 2024 is a Sunday: its week (W35) belongs to August.
    expect(weeksOfMonth('2024-08')).toContain('2024-W35')
  })

  it('counts make-up days as working days and holidays as not', () => {
    expect(isWorkday({ weekend: false, holiday: null, makeup: false })).toBe(true)
    expect(isWorkday({ weekend: true, holiday: null, makeup: false })).toBe(false)
    expect(isWorkday({ weekend: false, holiday: '中秋节', makeup: false })).toBe(false)
    expect(isWorkday({ weekend: true, holiday: '国庆节', makeup: true })).toBe(true)
  })

  it('lays a month out from Monday to Sunday', () => {
    const grid = monthGrid(daysOfMonth('2024-09').map((date) => ({ date })))
    expect(grid).toHaveLength(6)
    expect(grid[0]!.slice(0, 6)).toEqual([null, null, null, null, null, null])
    expect(grid[0]![6]).toEqual({ date: '2024-09-01' })
    expect(grid[5]![0]).toEqual({ date: '2024-09-30' })
    expect(grid[5]!.slice(1)).toEqual([null, null, null, null, null, null])
  })
})
