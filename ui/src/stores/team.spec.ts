import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, membersList: vi.fn() }
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
})
