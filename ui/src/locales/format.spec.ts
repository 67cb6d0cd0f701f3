import { describe, expect, it } from 'vitest'
import { formatDate } from '.'

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
