import { describe, expect, it } from 'vitest'
import { t } from '@/locales'
import { meetingKindLabel, meetingKindValue } from './meetingKind'

describe('meetingKind', () => {
  it('sends 院落会 under any of its names, other kinds as they are', () => {
    expect(meetingKindValue('院落会')).toBe('院落会')
    expect(meetingKindValue('屋场会')).toBe('院落会')
    expect(meetingKindValue('院落会（屋场会）')).toBe('院落会')
    expect(meetingKindValue('周例会')).toBe('周例会')
  })

  it('shows 院落会 with both names, however it was stored', () => {
    expect(meetingKindLabel('院落会')).toBe('院落会（屋场会）')
    expect(meetingKindLabel('院落会（屋场会）')).toBe('院落会（屋场会）')
    expect(meetingKindLabel('屋场会')).toBe('院落会（屋场会）')
    expect(meetingKindLabel('党课')).toBe('党课')
  })

  it('offers kinds whose values are what the back end stores', () => {
    expect(t.meetings.kinds).toContain('院落会')
    expect(t.meetings.kinds.some((k) => k.includes('（'))).toBe(false)
  })
})
