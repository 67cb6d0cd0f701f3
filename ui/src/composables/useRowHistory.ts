import { ref } from 'vue'
import type { IpcError } from '@/ipc'

/**
 * The row of a list whose 修改记录 is open under it: one row at a time, opened and closed by the same
 * button. `load` reads a row's history (into a store or the page's own rows); a failure is kept in
 * `error` for the page to show instead of an empty history.
 */
export function useRowHistory(load: (id: string) => Promise<unknown>) {
  const open = ref<string | null>(null)
  const error = ref<IpcError | null>(null)

  /** Opens (or reads again) the history of `id`. */
  async function show(id: string): Promise<void> {
    open.value = id
    error.value = null
    try {
      await load(id)
    } catch (e) {
      error.value = e as IpcError
    }
  }

  /** Closes the history of `id` when it is the one open, else opens it. */
  async function toggle(id: string): Promise<void> {
    if (open.value === id) {
      open.value = null
      return
    }
    await show(id)
  }

  return { open, error, show, toggle }
}
