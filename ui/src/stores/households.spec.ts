import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, householdsList: vi.fn() }
})

import * as ipc from '@/ipc'
import type { HouseholdPage } from '@/ipc'
import { useAppStore } from './app'
import { useHouseholdsStore } from './households'

const householdsList = vi.mocked(ipc.householdsList)

const EMPTY: HouseholdPage = {
  rows: [],
  total: 0,
  counts: { lifted: 0, monitored: 0, ordinary: 0, tier_a: 0, tier_b: 0 },
  reference_day: '2024-08-05',
}

describe('households store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useAppStore().selectVillage('v1')
    householdsList.mockReset()
    householdsList.mockResolvedValue(EMPTY)
  })

  it('lets the page show the list asked for at start-up instead of asking again', async () => {
    const store = useHouseholdsStore()
    store.prefetch()
    store.prefetch()
    expect(householdsList).toHaveBeenCalledTimes(1)

    await store.show()
    expect(householdsList).toHaveBeenCalledTimes(1)
    expect(store.result).toEqual(EMPTY)
    // Every later visit loads afresh, so an import made meanwhile shows.
    await store.show()
    expect(householdsList).toHaveBeenCalledTimes(2)
  })

  it('asks again when the start-up request was for another village', async () => {
    const app = useAppStore()
    const store = useHouseholdsStore()
    store.prefetch()
    // The remembered village is gone: the app info chose another one.
    app.selectVillage('v2')
    store.prefetch()
    expect(householdsList.mock.calls.map(([f]) => f.village_id)).toEqual(['v1', 'v2'])

    await store.show()
    expect(householdsList).toHaveBeenCalledTimes(2)
  })

  it('forgets the start-up request when the data changed (a first start, an import)', async () => {
    const store = useHouseholdsStore()
    store.prefetch()
    store.invalidate()
    await store.show()
    expect(householdsList).toHaveBeenCalledTimes(2)
  })

  it('drops an answer overtaken by a newer request', async () => {
    const store = useHouseholdsStore()
    let answerFirst: (page: HouseholdPage) => void = () => undefined
    householdsList.mockImplementationOnce(() => new Promise((resolve) => (answerFirst = resolve)))
    const first = store.fetch()
    await store.setQuery('杨')
    answerFirst({ ...EMPTY, total: 99 })
    await first
    await flushPromises()
    expect(store.result?.total).toBe(0)
  })
})
