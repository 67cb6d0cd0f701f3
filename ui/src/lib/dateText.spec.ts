import { describe, expect, it } from 'vitest'
import { daysInMonth, isLeapYear, parseDateText } from './dateText'

const today = '2024-09-15'
const read = (text: string, future?: boolean) => parseDateText(text, { today, future })

describe('parseDateText', () => {
  it.each([
    ['2024-09-26', '2024-09-26'],
    ['2024-9-6', '2024-09-06'],
    ['2024.9.26', '2024-09-26'],
    ['2024/9/26', '2024-09-26'],
    ['2024年9月26日', '2024-09-26'],
    ['2024年9月26', '2024-09-26'],
    ['9月26日', '2024-09-26'],
    ['9月26', '2024-09-26'],
    ['20240926', '2024-09-26'],
    [' 2024-09-26 ', '2024-09-26'],
    ['２０２４年９月２６日', '2024-09-26'],
  ])('reads %s as %s', (text, iso) => {
    expect(read(text)).toEqual({ ok: true, iso })
  })

  it.each([
    ['2024-09-31', '9月没有31日'],
    ['9月31日', '9月没有31日'],
    ['2024-02-30', '2月没有30日'],
    ['2023-02-29', '2023年2月没有29日'],
    ['2100-02-29', '2100年2月没有29日'],
    ['2024-04-31', '4月没有31日'],
    ['2024-01-32', '1月没有32日'],
    ['2024-09-00', '9月没有0日'],
  ])('refuses %s: %s', (text, message) => {
    const got = read(text)
    expect(got.ok).toBe(false)
    if (!got.ok) {
      expect(got.kind).toBe('day')
      expect(got.message).toContain(message)
    }
  })

  it('says how many days the month has', () => {
    const got = read('2023-02-29')
    expect(!got.ok && got.message).toContain('只有28天')
  })

  it('accepts 29 February of leap years only', () => {
    expect(read('2024-02-29')).toEqual({ ok: true, iso: '2024-02-29' })
    expect(read('2000-02-29')).toEqual({ ok: true, iso: '2000-02-29' })
    expect(read('1900-02-29').ok).toBe(false)
    expect(isLeapYear(2024) && isLeapYear(2000) && !isLeapYear(1900) && !isLeapYear(2023)).toBe(true)
    expect(daysInMonth(2024, 9)).toBe(30)
  })

  it('refuses a month that does not exist and text it cannot read', () => {
    const m = read('2024-13-01')
    expect(!m.ok && m.kind).toBe('month')
    expect(!m.ok && m.message).toContain('没有13月')
    const f = read('下周一')
    expect(!f.ok && f.kind).toBe('format')
    expect(!f.ok && f.message).toContain('2024-09-26')
    expect(read('').ok).toBe(false)
    expect(read('0024-09-01').ok).toBe(false)
  })

  it('refuses a future date only when the rule says so, with the reason', () => {
    expect(read('2024-09-16')).toEqual({ ok: true, iso: '2024-09-16' })
    expect(read('2024-09-15', false)).toEqual({ ok: true, iso: '2024-09-15' })
    const got = parseDateText('2024-09-16', { today, future: false, futureReason: '会议开过之后再记录' })
    expect(got.ok).toBe(false)
    if (!got.ok) {
      expect(got.kind).toBe('future')
      expect(got.message).toBe('2024-09-16还没到（今天是2024-09-15）：会议开过之后再记录')
    }
  })
})
