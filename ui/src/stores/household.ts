/**
 * One household as its page shows it. Must not hold the list's filters (they live in `households`).
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type { HouseholdDetail, IpcError } from '@/ipc'

export const useHouseholdStore = defineStore('household', () => {
  const detail = ref<HouseholdDetail | null>(null)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)

  let latest = 0
  async function load(id: string): Promise<void> {
    const seq = ++latest
    loading.value = true
    error.value = null
    if (detail.value?.id !== id) detail.value = null
    try {
      const answer = await ipc.householdGet(id)
      if (seq === latest) detail.value = answer
    } catch (e) {
      if (seq === latest) error.value = e as IpcError
    } finally {
      if (seq === latest) loading.value = false
    }
  }

  return { detail, loading, error, load }
})
