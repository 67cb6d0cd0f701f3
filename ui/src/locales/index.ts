/**
 * The product's language: the Chinese texts and how dates and moments are written.
 */
import { zhCN } from './zh-CN'

export { zhCN as t }
export type { ErrorText, Messages } from './zh-CN'

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})/

/**
 * A date as Chinese staff write it: `2024-08-05` → `2024年8月5日`. A missing date shows as a dash;
 * a value that is not an ISO date is shown as it came, never hidden.
 */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return zhCN.common.none
  const m = ISO_DATE.exec(iso)
  if (!m) return iso
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/**
 * A moment (ISO, usually UTC as the back end records it) in this computer's local time:
 * `2024-08-05T06:03:00Z` → `2024年8月5日 14:03` in China. Missing shows as a dash; a value that is
 * not a moment is shown as it came.
 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return zhCN.common.none
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso
  return `${at.getFullYear()}年${at.getMonth() + 1}月${at.getDate()}日 ${pad2(at.getHours())}:${pad2(at.getMinutes())}`
}
