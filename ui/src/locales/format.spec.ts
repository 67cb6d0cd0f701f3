import { describe, expect, it } from 'vitest'
import { formatDate, formatDateTime } from '.'

describe('formatDate', () => {
  it('writes an ISO date the Chinese way, without leading zeros', () => {
    // Staff read 2024年8月5日, never 2024年08月05日 or 2024-08-05.
    expect(formatDate('2024-08-05')).toBe('2024年8月5日')
    expect(formatDate('2023-12-31')).toBe('2023年12月31日')
  })

  it('shows a dash for a missing date and keeps an unexpected value visible', () => {
    expect(formatDate(null)).toBe('—')
    expect(formatDate('')).toBe('—')
    // A value we cannot parse must still reach the user rather than vanish.
    expect(formatDate('不详')).toBe('不详')
  })
})

describe('formatDateTime', () => {
  it('writes a moment in local time, the Chinese way', () => {
    // 14:03 here, whatever the time zone of the machine running the test.
    const at = new Date(2024, 7, 5, 14, 3, 27).toISOString()
    expect(formatDateTime(at)).toBe('2024年8月5日 14:03')
    expect(formatDateTime(new Date(2024, 11, 31, 9, 5).toISOString())).toBe('2024年12月31日 09:05')
  })

  it('shows a dash for a missing moment and keeps an unexpected value visible', () => {
    expect(formatDateTime(null)).toBe('—')
    expect(formatDateTime('不详')).toBe('不详')
  })
})
