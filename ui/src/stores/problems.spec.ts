import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    problemsList: vi.fn(),
    problemAdd: vi.fn(),
    problemUpdate: vi.fn(),
    problemStart: vi.fn(),
    problemClose: vi.fn(),
    problemVoid: vi.fn(),
    correctionsOf: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import { problem } from '@/testing/problems'
import { toFilter, useProblemsStore } from './problems'

describe('problems store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.problemsList).mockResolvedValue([problem(), problem({ id: 'p-2', overdue: true })])
  })

  it('reads the list the filter asks and counts the overdue items', async () => {
    const s = useProblemsStore()
    s.filter.status = '未销号'
    s.filter.category = '住房安全'
    s.filter.overdue = true
    await s.load()
    expect(ipc.problemsList).toHaveBeenCalledWith({ status: '未销号', category: '住房安全', group_id: null, household_id: null, overdue: true, voided: false })
    expect(s.rows).toHaveLength(2)
    expect(s.overdueCount).toBe(1)
    expect(toFilter({ status: '', category: '', groupId: 'g-2', overdue: false, voided: true })).toMatchObject({ status: null, group_id: 'g-2', voided: true })
  })

  it('keeps the list and says why when it cannot be read', async () => {
    const s = useProblemsStore()
    await s.load()
    vi.mocked(ipc.problemsList).mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '读取出错', detail: '' }))
    await s.load()
    expect(s.rows).toHaveLength(2)
    expect(s.error?.message).toBe('读取出错')
  })

  it('closes a problem (L1) and reloads; a refusal comes out to the caller', async () => {
    const s = useProblemsStore()
    const close = { resolution: '已维修屋顶', closed_on: '2024-09-20', approver: '杨帆' }
    vi.mocked(ipc.problemClose).mockResolvedValue(problem({ status: '已销号', ...close }))
    const row = await s.close('p-1', close)
    expect(ipc.problemClose).toHaveBeenCalledWith('p-1', close)
    expect(row.status).toBe('已销号')
    expect(ipc.problemsList).toHaveBeenCalledTimes(1)
    vi.mocked(ipc.problemClose).mockRejectedValue(ipc.toIpcError({ code: 'problem.approver', message: '销号须写明审批人（谁同意销号）。', detail: '' }))
    await expect(s.close('p-1', { ...close, approver: '' })).rejects.toMatchObject({ code: 'problem.approver' })
  })

  it('corrects and voids with a trace, then reads the 修改记录', async () => {
    const s = useProblemsStore()
    const trace = { by: '杨帆', reason: '重复登记' }
    vi.mocked(ipc.problemVoid).mockResolvedValue(problem({ voided_on: '2024-09-26' }))
    await s.voidProblem('p-1', trace)
    expect(ipc.problemVoid).toHaveBeenCalledWith('p-1', trace)
    expect(ipc.correctionsOf).toHaveBeenCalledWith('problem', 'p-1')
    vi.mocked(ipc.problemStart).mockResolvedValue(problem({ status: '整改中' }))
    expect((await s.start('p-1')).status).toBe('整改中')
  })
})
