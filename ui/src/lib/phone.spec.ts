import { describe, expect, it } from 'vitest'
import { phoneOk } from './phone'

describe('phoneOk', () => {
  it.each(['13812345678', '138 1234 5678', '+86 138-1234-5678', '0739-7621234', '07397621234', '13812345678/0739-7621234', ''])(
    'takes %s',
    (p) => expect(phoneOk(p)).toBe(true),
  )
  it.each(['12345', '1381234567', '12812345678', '电话', '0739-12', '138123456789'])('refuses %s', (p) => expect(phoneOk(p)).toBe(false))
})
