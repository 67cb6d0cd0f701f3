import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    visitHouseholds: vi.fn(async () => []),
    visitsList: vi.fn(async () => []),
    visitAdd: vi.fn(),
    visitUpdate: vi.fn(),
    visitDelete: vi.fn(async () => null),
    visitCoverage: vi.fn(),
    visitOwedExport: vi.fn(),
    correctionsOf: vi.fn(async () => []),
    pickFolder: vi.fn(),
    ledgerOpenFolder: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import type { VisitInput } from '@/ipc'
import { coverage as coverageOf, visitPick, visitRow } from '@/testing/fixtures'

const coverage = coverageOf()
const ledgerWritten = () => ({ path: '/media/u/待走访农户名单（3组）.xlsx', title: '待走访农户名单', rows: 4 })
import { CAMPAIGN_2024, awayOn, monthSpan, problemCategory, remoteNotCounting, useVisitsStore } from './visits'

const input: VisitInput = {
  household_id: 'h-zhang',
  date: '2024-09-26',
  mode: '入户',
  members: ['m-yangfan'],
  cadre: false,
  met: '',
  checks: [],
  policies: '',
  requests: '',
  content: '',
  next_step: '',
  problems: [],
}

describe('visits store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('says when a remote visit does not count (V3): only a household whole-family-away on that day', () => {
    const home = visitPick()
    const away = visitPick({ away: true, away_flag: true, away_since: '2024-09-10' })
    expect(remoteNotCounting(home, '入户', '2024-09-26')).toBe(false)
    expect(remoteNotCounting(home, '电话', '2024-09-26')).toBe(true)
    expect(remoteNotCounting(away, '微信', '2024-09-26')).toBe(false)
    // Away only from the 10th: a video call on the 9th does not count.
    expect(awayOn(away, '2024-09-09')).toBe(false)
    expect(remoteNotCounting(away, '视频', '2024-09-09')).toBe(true)
    expect(remoteNotCounting(visitPick({ away_flag: true, away_since: null }), '电话', '2024-01-02')).toBe(false)
    expect(remoteNotCounting(null, '电话', '2024-09-26')).toBe(false)
  })

  it('files a problem of a check under its 问题类别', () => {
    expect(problemCategory('住房安全')).toBe('住房安全')
    expect(problemCategory('收入与风险线索')).toBe('收入就业')
    expect(problemCategory('政策宣传')).toBe('政策落实')
    expect(problemCategory('群众诉求')).toBe('其他')
    expect(problemCategory(null)).toBeNull()
  })

  it('lists the recent visits latest first', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    vi.mocked(ipc.visitsList).mockResolvedValue([visitRow({ id: 'a', date: '2024-09-02' }), visitRow({ id: 'b', date: '2024-09-20' })])
    await store.loadRecent()
    expect(store.recent.map((r) => r.id)).toEqual(['b', 'a'])
  })

  it('spans a month from its first to its last day', () => {
    expect(monthSpan('2024-02')).toEqual(['2024-02-01', '2024-02-29'])
    expect(monthSpan('2024-12')).toEqual(['2024-12-01', '2024-12-31'])
  })

  it('asks for the households of the month, and drops an answer overtaken by a later one', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    let release: (v: ReturnType<typeof visitPick>[]) => void = () => {}
    vi.mocked(ipc.visitHouseholds)
      .mockImplementationOnce(() => new Promise((r) => (release = r)))
      .mockResolvedValueOnce([visitPick({ household_id: 'h-li' })])
    const slow = store.searchHouseholds('张')
    await store.searchHouseholds('李')
    release([visitPick()])
    await slow
    expect(ipc.visitHouseholds).toHaveBeenNthCalledWith(1, '张', '2024-09')
    expect(store.picks.map((p) => p.household_id)).toEqual(['h-li'])
  })

  it('reads the lists again after a save, a correction and a deletion, so the owed list and coverage follow', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    vi.mocked(ipc.visitCoverage).mockResolvedValue(coverage)
    await store.loadCoverage()
    vi.mocked(ipc.visitAdd).mockResolvedValue(visitRow())
    vi.mocked(ipc.visitUpdate).mockResolvedValue(visitRow())

    await store.add(input)
    expect(ipc.visitHouseholds).toHaveBeenCalledWith('', '2024-09')
    expect(ipc.visitsList).toHaveBeenCalledWith({ household_id: null, member_id: null, from: '2024-08-01', to: '2024-09-30' })
    expect(ipc.visitCoverage).toHaveBeenCalledTimes(2)

    await store.update('v-1', input, { by: '杨帆', reason: '日期记错' })
    expect(ipc.visitUpdate).toHaveBeenCalledWith('v-1', input, { by: '杨帆', reason: '日期记错' })
    expect(ipc.correctionsOf).toHaveBeenCalledWith('visit', 'v-1')

    await store.remove('v-1', { by: '杨帆', reason: '录错了农户' })
    expect(ipc.visitDelete).toHaveBeenCalledWith('v-1', { by: '杨帆', reason: '录错了农户' })
    expect(ipc.visitCoverage).toHaveBeenCalledTimes(4)
  })

  it('throws a refused save to the page', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    vi.mocked(ipc.visitAdd).mockRejectedValue(ipc.toIpcError({ code: 'visit.future', message: '还没到', detail: '' }))
    await expect(store.add(input)).rejects.toMatchObject({ code: 'visit.future' })
  })

  it('asks coverage for the calendar year by default, or for the 2024 campaign window', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    vi.mocked(ipc.visitCoverage).mockResolvedValue(coverage)
    await store.loadCoverage()
    expect(ipc.visitCoverage).toHaveBeenLastCalledWith('2024-09', null, null)
    store.window = { ...CAMPAIGN_2024 }
    await store.loadCoverage()
    expect(ipc.visitCoverage).toHaveBeenLastCalledWith('2024-09', '2024-07-29', '2024-10-31')
  })

  it('exports the households still to visit of a group into a folder and shows the folder; a cancelled dialog does nothing', async () => {
    const store = useVisitsStore()
    store.ensurePeriod('2024-09-26')
    vi.mocked(ipc.pickFolder).mockResolvedValueOnce(null)
    expect(await store.exportOwed('g-3')).toBeNull()
    expect(ipc.visitOwedExport).not.toHaveBeenCalled()

    const written = ledgerWritten()
    vi.mocked(ipc.pickFolder).mockResolvedValueOnce('/media/u')
    vi.mocked(ipc.visitOwedExport).mockResolvedValue(written)
    expect(await store.exportOwed('g-3')).toEqual(written)
    expect(ipc.visitOwedExport).toHaveBeenCalledWith('2024-09', null, null, 'g-3', '/media/u')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/media/u')
    expect(store.exported).toEqual({ dir: '/media/u', written })
  })
})
