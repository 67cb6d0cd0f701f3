import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    meetingsList: vi.fn(),
    checkMeetings: vi.fn(),
    meetingAdd: vi.fn(),
    meetingDelete: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import { finding, meeting } from '@/testing/fixtures'
import { useMeetingsStore } from './meetings'

describe('meetings store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.mocked(ipc.meetingsList).mockResolvedValue([meeting()])
    vi.mocked(ipc.checkMeetings).mockResolvedValue([finding({ rule: 'M1', period: '2024-W39' })])
  })

  it('reads the month’s meetings and its findings together', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    expect(ipc.meetingsList).toHaveBeenCalledWith('2024-09-01', '2024-09-30')
    expect(ipc.checkMeetings).toHaveBeenCalledWith('2024-09')
    expect(meetings.rows).toHaveLength(1)
    expect(meetings.findings.map((f) => f.rule)).toEqual(['M1'])
    expect(meetings.loading).toBe(false)
  })

  it('keeps the list when only the check fails, and says so', async () => {
    vi.mocked(ipc.checkMeetings).mockRejectedValue(ipc.toIpcError({ code: 'db.sqlite', message: '核对出错', detail: '' }))
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    expect(meetings.rows).toHaveLength(1)
    expect(meetings.error).toBeNull()
    expect(meetings.findingsError?.message).toBe('核对出错')
  })

  it('records a meeting and shows its month', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    vi.mocked(ipc.meetingAdd).mockResolvedValue(meeting({ date: '2024-08-30' }))
    const input = { kind: '周例会', date: '2024-08-30', topic: '部署走访', host_id: null, attendees: ['m-yangfan'], minutes: '' }
    await meetings.add(input)
    expect(ipc.meetingAdd).toHaveBeenCalledWith(input)
    expect(meetings.period).toBe('2024-08')
    expect(ipc.checkMeetings).toHaveBeenLastCalledWith('2024-08')
  })

  it('deletes a meeting and reads the month again; a refusal is thrown', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    await meetings.remove('mt-0926')
    expect(ipc.meetingDelete).toHaveBeenCalledWith('mt-0926')
    expect(ipc.meetingsList).toHaveBeenCalledTimes(2)

    vi.mocked(ipc.meetingDelete).mockRejectedValue(ipc.toIpcError({ code: 'db.not_found', message: '没有这条会议记录', detail: '' }))
    await expect(meetings.remove('x')).rejects.toThrow('没有这条会议记录')
  })
})
