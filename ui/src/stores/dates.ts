/**
 * Calendar arithmetic on the ISO strings the back end sends: days ('2024-09-18'), months ('2024-09')
 * and ISO weeks ('2024-W38', Monday to Sunday). Pure functions, computed in UTC so that the computer's
 * time zone never shifts a day. Must not read the clock: "today" is always `app.info.today`.
 */

const DAY_MS = 86_400_000
const pad2 = (n: number) => String(n).padStart(2, '0')

function toUtc(iso: string): Date {
  return new Date(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))))
}

function toIso(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** The day `n` days after `iso` (before it when `n` is negative). */
export function addDays(iso: string, n: number): string {
  return toIso(new Date(toUtc(iso).getTime() + n * DAY_MS))
}

/** Days from `a` to `b` (negative when `b` is before `a`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / DAY_MS)
}

/** 1 for Monday … 7 for Sunday. */
export function weekdayOf(iso: string): number {
  return ((toUtc(iso).getUTCDay() + 6) % 7) + 1
}

/** The Monday of the ISO week of `iso`. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - weekdayOf(iso))
}

/** Year, month and day of a date, as numbers. */
export function partsOf(iso: string): { year: number; month: number; day: number } {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)), day: Number(iso.slice(8, 10)) }
}

/** The month period of a date: '2024-09-18' → '2024-09'. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7)
}

/** The month `n` months after `period` ('2024-09' → '2024-10' for 1). */
export function addMonths(period: string, n: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + n
  return `${Math.floor(index / 12)}-${pad2((index % 12) + 1)}`
}

/** Every day of a month period, first to last. */
export function daysOfMonth(period: string): string[] {
  const first = `${period}-01`
  const next = `${addMonths(period, 1)}-01`
  return Array.from({ length: daysBetween(first, next) }, (_, i) => addDays(first, i))
}

/** The ISO week period of a date: '2024-09-18' → '2024-W38' (the week's year is its Thursday's). */
export function weekOf(iso: string): string {
  const thursday = addDays(mondayOf(iso), 3)
  const year = Number(thursday.slice(0, 4))
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1
  return `${year}-W${pad2(week)}`
}

/** An ISO week period's number, Monday and Sunday: '2024-W38' → 38, '2024-09-16', '2024-09-22'. */
export function weekRange(period: string): { week: number; monday: string; sunday: string } {
  const year = Number(period.slice(0, 4))
  const week = Number(period.slice(period.indexOf('W') + 1))
  // 4 January is always in week 1.
  const monday = addDays(mondayOf(`${year}-01-04`), (week - 1) * 7)
  return { week, monday, sunday: addDays(monday, 6) }
}

/** The ISO weeks whose Monday falls in a month: the weeks the rules count for that month. */
export function weeksOfMonth(period: string): string[] {
  return daysOfMonth(period)
    .filter((d) => weekdayOf(d) === 1)
    .map(weekOf)
}

/**
 * Lays out a month's days (in date order) on a Monday-to-Sunday grid: one array of 7 per row, with
 * null before the first and after the last day.
 */
export function monthGrid<T extends { date: string }>(days: T[]): Array<Array<T | null>> {
  if (days.length === 0) return []
  const cells: Array<T | null> = [...Array<null>(weekdayOf(days[0]!.date) - 1).fill(null), ...days]
  while (cells.length % 7 !== 0) cells.push(null)
  const rows: Array<Array<T | null>> = []
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7))
  return rows
}

/** A working day of the calendar: Monday to Friday except holidays, plus the make-up working days. */
export function isWorkday(day: { weekend: boolean; holiday: string | null; makeup: boolean }): boolean {
  return day.makeup || (!day.weekend && day.holiday === null)
}
