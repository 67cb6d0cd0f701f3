import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    meetingsList: vi.fn(),
    checkMeetings: vi.fn(),
    meetingAdd: vi.fn(),
    meetingUpdate: vi.fn(),
    meetingVoid: vi.fn(),
    correctionsOf: vi.fn(async () => []),
    paramsList: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import { finding, meeting, paramRow } from '@/testing/fixtures'
import { minutesChars, useMeetingsStore } from './meetings'

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
    const input = { kind: '周例会', date: '2024-08-30', topic: '部署走访', place: '村部', host_id: null, attendees: ['m-yangfan'], others: '村两委', others_count: 3, minutes: '' }
    await meetings.add(input)
    expect(ipc.meetingAdd).toHaveBeenCalledWith(input)
    expect(meetings.period).toBe('2024-08')
    expect(ipc.checkMeetings).toHaveBeenLastCalledWith('2024-08')
  })

  it('corrects a meeting with its trace, then shows its month and its 修改记录', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    const row = meeting({ topic: '防返贫监测再排查' })
    vi.mocked(ipc.meetingUpdate).mockResolvedValue(row)
    const trace = { by: '杨帆', reason: '主题写错' }
    const history = [{ id: 'c1', team_id: 't', tbl: 'meeting', row_id: 'mt-0926', at: '2024-09-26T10:00:00Z', by: '杨帆', device: 'd', here: true, action: '修改', reason: '主题写错', changes: [{ field: '主题', before: '防返贫监测排查', after: '防返贫监测再排查' }] }]
    vi.mocked(ipc.correctionsOf).mockResolvedValue(history as never)
    const input = { kind: '周例会', date: '2024-09-26', topic: '防返贫监测再排查', place: '村部会议室', host_id: 'm-yangfan', attendees: ['m-yangfan'], others: '', others_count: null, minutes: '' }
    await meetings.update('mt-0926', input, trace)
    expect(ipc.meetingUpdate).toHaveBeenCalledWith('mt-0926', input, trace)
    expect(ipc.meetingsList).toHaveBeenCalledTimes(2)
    expect(ipc.correctionsOf).toHaveBeenCalledWith('meeting', 'mt-0926')
    expect(meetings.history['mt-0926']).toHaveLength(1)
  })

  it('voids a meeting (never deletes it) and reads the month again; a refusal is thrown', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    vi.mocked(ipc.meetingVoid).mockResolvedValue(meeting({ voided_on: '2024-09-26' }))
    await meetings.voidMeeting('mt-0926', { by: '杨帆', reason: '重复登记' })
    expect(ipc.meetingVoid).toHaveBeenCalledWith('mt-0926', { by: '杨帆', reason: '重复登记' })
    expect(ipc.meetingsList).toHaveBeenCalledTimes(2)

    vi.mocked(ipc.meetingVoid).mockRejectedValue(ipc.toIpcError({ code: 'correction.reason', message: '请写明原因', detail: '' }))
    await expect(meetings.voidMeeting('x', { by: '杨帆', reason: '' })).rejects.toThrow('请写明原因')
  })

  it('reads how many characters of minutes a 周例会 needs from the parameter', async () => {
    const meetings = useMeetingsStore()
    await meetings.load('2024-09')
    expect(meetings.minMinutes).toBe(10)
    vi.mocked(ipc.paramsList).mockResolvedValue([paramRow({ key: 'meeting.weekly_min_minutes_chars', value: '0' })])
    await meetings.load('2024-09')
    expect(meetings.minMinutes).toBe(0)
    expect(minutesChars(' 研究\n工作 ')).toBe(4)
  })
})
