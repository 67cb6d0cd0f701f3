import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, membersList: vi.fn(), memberUpdate: vi.fn(), memberEnd: vi.fn(), correctionsOf: vi.fn() }
})

import * as ipc from '@/ipc'
import { member } from '@/testing/fixtures'
import { useTeamStore } from './team'

describe('team store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('reads the members once for callers that ask at the same time (start-up and the router)', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    const team = useTeamStore()
    await Promise.all([team.load(), team.load()])
    await team.load()
    expect(ipc.membersList).toHaveBeenCalledTimes(1)
    expect(team.members).toHaveLength(1)
    await team.load(true)
    expect(ipc.membersList).toHaveBeenCalledTimes(2)
  })

  it('asks again after a failed read', async () => {
    vi.mocked(ipc.membersList).mockRejectedValueOnce(new Error('busy')).mockResolvedValue([])
    const team = useTeamStore()
    await team.load()
    expect(team.error).not.toBeNull()
    await team.load()
    expect(ipc.membersList).toHaveBeenCalledTimes(2)
    expect(team.loaded).toBe(true)
  })

  it('corrects a member with a trace and reloads the list only when something changed', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    const team = useTeamStore()
    await team.load()
    const edit = {
      name: '杨帆',
      role: '第一书记',
      from: '2024-03-01',
      to: null,
      phone: '13800000001',
      unit: '县农业农村局',
      sex: '男',
      birth_month: '1985-03',
      politics: '中共党员',
      post: '县农业农村局办公室副主任',
    }
    const trace = { by: '龙雪梅', reason: '换号' }
    vi.mocked(ipc.memberUpdate).mockResolvedValueOnce([])
    expect(await team.update('m-yangfan', edit, trace)).toEqual([])
    expect(ipc.membersList).toHaveBeenCalledTimes(1)

    const change = { field: '联系电话', before: '13800000001', after: '13900000009' }
    vi.mocked(ipc.memberUpdate).mockResolvedValueOnce([change])
    vi.mocked(ipc.membersList).mockResolvedValue([member({ phone: '13900000009' })])
    expect(await team.update('m-yangfan', { ...edit, phone: '13900000009' }, trace)).toEqual([change])
    expect(ipc.memberUpdate).toHaveBeenLastCalledWith('m-yangfan', { ...edit, phone: '13900000009' }, trace)
    expect(team.members[0]!.phone).toBe('13900000009')
  })

  it('ends a member: still listed, no longer assigned after the day', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    const team = useTeamStore()
    await team.load()
    vi.mocked(ipc.memberEnd).mockResolvedValue([{ field: '离队日期', before: null, after: '2024-09-20' }])
    vi.mocked(ipc.membersList).mockResolvedValue([member({ to_date: '2024-09-20' })])
    await team.end('m-yangfan', '2024-09-20', { by: '龙雪梅', reason: '调回原单位' })
    expect(ipc.memberEnd).toHaveBeenCalledWith('m-yangfan', '2024-09-20', { by: '龙雪梅', reason: '调回原单位' })
    expect(team.members).toHaveLength(1)
    expect(team.assignedOn('2024-09-20')).toHaveLength(1)
    expect(team.assignedOn('2024-09-21')).toHaveLength(0)
  })

  it('reads a member\'s 修改记录 from the team_member corrections', async () => {
    vi.mocked(ipc.correctionsOf).mockResolvedValue([])
    await useTeamStore().history('m-yangfan')
    expect(ipc.correctionsOf).toHaveBeenCalledWith('team_member', 'm-yangfan')
  })

  it('passes a refusal to the caller and keeps the list', async () => {
    vi.mocked(ipc.membersList).mockResolvedValue([member()])
    const team = useTeamStore()
    await team.load()
    vi.mocked(ipc.memberEnd).mockRejectedValue({ code: 'member.logs_after', message: '杨帆在2024年9月20日之后还有2条工作日志' })
    await expect(team.end('m-yangfan', '2024-09-20', { by: '龙雪梅', reason: '调回' })).rejects.toMatchObject({ code: 'member.logs_after' })
    expect(team.members[0]!.to_date).toBeNull()
  })
})
