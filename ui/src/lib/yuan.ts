/**
 * Amounts as people type them and as the handbook shows them. The back end keeps integer 分 (fen) and
 * parses yuan by the same rule (`zhucun_domain::handbook::parse_yuan`): `3600`, `1250.5`, `1,250.50`,
 * `1250.50元`; refused: negative, more than two decimals, not a number, above 1亿元. Here only to show
 * sums live while typing; what is saved is what the back end computes.
 */

/** The largest amount a line accepts: 1亿元 in 分. */
export const MAX_FEN = 10_000_000_000

/** Yuan as typed → 分; null when it is not an amount (empty is not an amount either). */
export function parseYuan(text: string): number | null {
  const s = text.trim().replace(/元$/, '').replace(/[,，\s]/g, '').replace('．', '.')
  if (!s) return null
  const m = /^(\d{0,12})(?:\.(\d{0,2}))?$/.exec(s)
  if (!m || (!m[1] && !m[2])) return null
  const yuan = m[1] ? Number(m[1]) : 0
  const frac = m[2] ?? ''
  const cents = frac ? Number(frac.padEnd(2, '0')) : 0
  const fen = yuan * 100 + cents
  return fen > MAX_FEN ? null : fen
}

/** 分 → yuan with two decimals: 125050 → `1250.50`, −3000 → `-30.00`. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const a = Math.abs(fen)
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`
}

/** A change shown with its sign: +1200.00 / -30.00 / 0.00. */
export function formatChange(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen)
}

/** `a ÷ b` rounded half away from zero (b > 0), as the back end rounds 人均纯收入 to the 分. */
export function divRound(a: number, b: number): number {
  if (b <= 0) return 0
  const q = Math.trunc(a / b)
  const r = a - q * b
  return 2 * Math.abs(r) >= b ? q + Math.sign(a) : q
}
