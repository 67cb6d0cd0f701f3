import { describe, expect, it } from 'vitest'
import { IpcError } from '@/ipc/error'
import { useFieldErrors } from './useFieldErrors'

const refusal = (code: string, message: string) => new IpcError(code, '标题', message, '')

describe('useFieldErrors', () => {
  it('puts a refusal about one field beside that field', () => {
    const f = useFieldErrors(['date', 'topic'] as const, { 'meeting.future': 'date' })
    expect(f.fromIpc(refusal('meeting.future', '9月20日还没到：会议开过之后再记录。'))).toBe(true)
    expect(f.errors.date).toContain('还没到')
    expect(f.errors.topic).toBeNull()
    expect(f.any()).toBe(true)
    f.clear('date')
    expect(f.any()).toBe(false)
  })

  it('leaves a refusal of the whole form to the form', () => {
    const f = useFieldErrors(['phone'] as const, { 'phone.bad': 'phone' })
    expect(f.fromIpc(refusal('db.locked', '数据库正在使用'))).toBe(false)
    expect(f.fromIpc(null)).toBe(false)
    expect(f.errors.phone).toBeNull()
  })

  it('sets and clears messages of its own', () => {
    const f = useFieldErrors(['from', 'to'] as const)
    f.set('from', '9月没有31日')
    f.set('to', '2月没有30日')
    f.clear()
    expect([f.errors.from, f.errors.to]).toEqual([null, null])
  })
})
