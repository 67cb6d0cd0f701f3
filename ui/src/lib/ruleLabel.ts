/**
 * A parameter's label as the back end writes it, `每周在村天数（A2，干五天）`, split into what people
 * read (`每周在村天数（干五天）`) and the rule codes it belongs to (`A2`), which the page shows at
 * most as small grey text. A label without codes is all name. Pure.
 */
const CODES = /（((?:[A-Z]\d(?:\.[a-z]+)?)(?:\/[A-Z]\d(?:\.[a-z]+)?)*)(?:[，；]([^）]*))?）$/

export function splitRuleLabel(label: string): { name: string; codes: string | null } {
  const m = CODES.exec(label)
  if (!m) return { name: label, codes: null }
  const base = label.slice(0, m.index)
  return { name: m[2] ? `${base}（${m[2]}）` : base, codes: m[1]! }
}
