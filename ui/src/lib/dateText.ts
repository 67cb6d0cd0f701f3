/**
 * Reading a date as people type it: 2024-09-26, 2024.9.26, 2024/9/26, 2024年9月26日, 9月26日 (this
 * year), 20240926. An impossible date is refused with what is wrong ("9月没有31日", "2023年2月没有29日"),
 * never rolled over into the next month; a date after today is refused when the form's rule forbids it.
 * Pure: "today" is passed in (always `app.info.today`), never read from the clock. No DOM, no messages
 * shown, no back end.
 */
import { t } from '@/locales'

export type DateCheck =
  | { ok: true; iso: string }
  | { ok: false; kind: 'empty' | 'format' | 'year' | 'month' | 'day' | 'future'; message: string }

const pad2 = (n: number) => String(n).padStart(2, '0')

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28
  return [4, 6, 9, 11].includes(m) ? 30 : 31
}

// Full-width digits and separators become ASCII; spaces go.
function normalise(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[／]/g, '/')
    .replace(/[－—–]/g, '-')
    .replace(/\s+/g, '')
}

const FORMS: Array<{ re: RegExp; year: boolean }> = [
  { re: /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/, year: true },
  { re: /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?$/, year: true },
  { re: /^(\d{4})(\d{2})(\d{2})$/, year: true },
  { re: /^(\d{1,2})月(\d{1,2})[日号]?$/, year: false },
]

/**
 * Reads `text` as a date. `today` (YYYY-MM-DD) gives the year of "9月26日" and the limit when
 * `future` is false; `futureReason` ends the message of a refused future date.
 */
export function parseDateText(
  text: string,
  opts: { today: string; future?: boolean; futureReason?: string },
): DateCheck {
  const s = normalise(text)
  if (s === '') return { ok: false, kind: 'empty', message: t.dateInput.empty }
  let y = 0
  let m = 0
  let d = 0
  const form = FORMS.find((f) => f.re.test(s))
  if (!form) return { ok: false, kind: 'format', message: t.dateInput.format }
  const g = s.match(form.re)!
  if (form.year) {
    y = Number(g[1])
    m = Number(g[2])
    d = Number(g[3])
  } else {
    y = Number(opts.today.slice(0, 4))
    m = Number(g[1])
    d = Number(g[2])
  }
  if (y < 1900 || y > 2100) return { ok: false, kind: 'year', message: t.dateInput.year }
  if (m < 1 || m > 12) return { ok: false, kind: 'month', message: t.dateInput.month(m) }
  if (d < 1 || d > daysInMonth(y, m)) {
    // Only 29 February depends on the year: say which year has none.
    return { ok: false, kind: 'day', message: t.dateInput.day(m === 2 && d === 29 ? y : null, m, d, daysInMonth(y, m)) }
  }
  const iso = `${y}-${pad2(m)}-${pad2(d)}`
  if (opts.future === false && iso > opts.today) {
    return { ok: false, kind: 'future', message: t.dateInput.future(iso, opts.today, opts.futureReason) }
  }
  return { ok: true, iso }
}
