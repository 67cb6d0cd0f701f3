/**
 * A meeting's kind as stored and sent (`院落会`) apart from how it is shown (`院落会（屋场会）`): the one
 * place that maps them. 院落会 is called 屋场会 in Hunan; a row stored under either name, or under the
 * combined wording `院落会（屋场会）` written by an older version, reads as 院落会. Pure.
 */
import { t } from '@/locales'

/** Every name of 院落会 a stored row may carry. */
const YUANLUO = new Set(['院落会', '屋场会', '院落会（屋场会）', '院落会(屋场会)'])

/** The kind to send and compare: 院落会 for any of its names, any other kind as it is. */
export function meetingKindValue(kind: string): string {
  const k = kind.trim()
  return YUANLUO.has(k) ? '院落会' : k
}

/** The kind as people read it: 院落会 (under any of its names) as 院落会（屋场会）. */
export function meetingKindLabel(kind: string): string {
  const v = meetingKindValue(kind)
  return t.meetings.kindLabels[v] ?? v
}
