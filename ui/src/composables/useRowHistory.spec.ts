import { describe, expect, it, vi } from 'vitest'
import { IpcError } from '@/ipc'
import { useRowHistory } from './useRowHistory'

describe('useRowHistory', () => {
  it('opens one row at a time, closes it with the same toggle, and reads again on show', async () => {
    const load = vi.fn(async (_id: string) => {})
    const h = useRowHistory(load)
    await h.toggle('a')
    expect(h.open.value).toBe('a')
    await h.toggle('b')
    expect(h.open.value).toBe('b')
    await h.toggle('b')
    expect(h.open.value).toBeNull()
    await h.show('a')
    await h.show('a')
    expect(load.mock.calls.map((c) => c[0])).toEqual(['a', 'b', 'a', 'a'])
  })

  it('keeps a failure to show instead of an empty history, and clears it on the next read', async () => {
    const load = vi.fn<(id: string) => Promise<void>>()
    load.mockRejectedValueOnce(new IpcError('db.busy', '数据库正忙', '请稍后再试', ''))
    load.mockResolvedValueOnce()
    const h = useRowHistory(load)
    await h.toggle('a')
    expect((h.error.value as IpcError).code).toBe('db.busy')
    expect(h.open.value).toBe('a')
    await h.show('a')
    expect(h.error.value).toBeNull()
  })
})
