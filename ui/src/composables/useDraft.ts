/**
 * Unsaved work is never lost by looking elsewhere. `useDraft` keeps what was typed into a form under
 * a key (for the log: member and day) until it is saved or discarded — in memory and in the window's
 * localStorage, so another day, another member, another page or a reload brings it back.
 * `useLeaveConfirm` is for what cannot be kept as a draft (a dialog half filled in, edits in a
 * table): leaving the page asks first. No domain data beyond what the form holds; no back end.
 */
import { computed, ref, type ComputedRef } from 'vue'
import { onBeforeRouteLeave } from 'vue-router'
import { t } from '@/locales'

const PREFIX = 'zhucun.draft.'
const memory = new Map<string, string>()
/** Bumped on every change, so the `has` of every form follows. */
const version = ref(0)

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

function readRaw(id: string): string | null {
  const got = memory.get(id)
  if (got !== undefined) return got
  const stored = storage()?.getItem(id) ?? null
  if (stored !== null) memory.set(id, stored)
  return stored
}

export interface Draft<T> {
  /** A draft is kept for the current key. */
  has: ComputedRef<boolean>
  /** The current key's draft, if any. */
  get(): T | undefined
  /** Keeps `value` as the current key's draft (call it on every change the user makes). */
  put(value: T): void
  /** Forgets the draft of `key` (default: the current key): after a save, or 放弃. */
  clear(key?: string | null): void
}

/** Drafts of one form (`scope`, e.g. 'today.log'), one per `key()`; null means no form on screen. */
export function useDraft<T>(scope: string, key: () => string | null): Draft<T> {
  const idOf = (k: string) => `${PREFIX}${scope}.${k}`
  const has = computed(() => {
    void version.value
    const k = key()
    return k !== null && readRaw(idOf(k)) !== null
  })
  function get(): T | undefined {
    const k = key()
    if (k === null) return undefined
    const raw = readRaw(idOf(k))
    if (raw === null) return undefined
    try {
      return JSON.parse(raw) as T
    } catch {
      return undefined
    }
  }
  function put(value: T) {
    const k = key()
    if (k === null) return
    const raw = JSON.stringify(value)
    memory.set(idOf(k), raw)
    try {
      storage()?.setItem(idOf(k), raw)
    } catch {
      // A full storage keeps the draft in memory only.
    }
    version.value++
  }
  function clear(k: string | null = key()) {
    if (k === null) return
    memory.delete(idOf(k))
    storage()?.removeItem(idOf(k))
    version.value++
  }
  return { has, get, put, clear }
}

/** Forgets every draft in memory (for tests; localStorage is cleared by its owner). */
export function forgetDraftsInMemory() {
  memory.clear()
  version.value++
}

/**
 * Asks before the page is left while `dirty()`: 离开，不保存 goes, 留在这页 stays. For changes that
 * cannot be kept as a draft.
 */
export function useLeaveConfirm(dirty: () => boolean) {
  onBeforeRouteLeave(async () => {
    if (!dirty()) return true
    try {
      await ElMessageBox.confirm(t.drafts.leaveText, t.drafts.leaveTitle, {
        confirmButtonText: t.drafts.leaveConfirm,
        cancelButtonText: t.drafts.stay,
        type: 'warning',
      })
      return true
    } catch {
      return false
    }
  })
}
