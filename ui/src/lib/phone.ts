/**
 * The phone rule of the back end (`zhucun_domain::phone`), checked beside the field before anything
 * is sent: an 11-digit mobile number (spaces, dashes and +86 allowed), or a landline with its area code;
 * several numbers separated by / 、 , ；. Pure.
 */
function one(p: string): boolean {
  const s = (p.startsWith('+86') ? p.slice(3) : p).trim()
  if (/[^0-9\- ()]/.test(s)) return false
  const d = s.replace(/\D/g, '')
  if (d.length === 11 && d[0] === '1' && d[1]! >= '3' && d[1]! <= '9') return true
  if (d[0] === '0' && d.length >= 10 && d.length <= 12) {
    const area = d[1] === '1' || d[1] === '2' ? 3 : 4
    const n = d.length - area
    return n >= 7 && n <= 8
  }
  return false
}

/** Whether `text` is a phone number the back end takes (an empty field is none, and fine). */
export function phoneOk(text: string): boolean {
  const parts = text
    .split(/[/、,，;；]/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
  if (text.trim() === '') return true
  return parts.length > 0 && parts.every(one)
}
