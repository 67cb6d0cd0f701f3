/**
 * The team on this shared laptop: its members, and who is using the laptop now ("choosing who you
 * are is one click"). The choice is remembered on this laptop (localStorage) between starts. Must not
 * show messages; pages do.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { CorrectionChange, CorrectionRow, IpcError, MemberEdit, MemberInput, MemberRow, Trace } from '@/ipc'

const CURRENT_KEY = 'zhucun.currentMember'

function remembered(): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(CURRENT_KEY)
  } catch {
    return null
  }
}

export const useTeamStore = defineStore('team', () => {
  const members = ref<MemberRow[]>([])
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  const currentId = ref<string | null>(remembered())

  /** Members assigned on `date` (YYYY-MM-DD): from ≤ date ≤ to. */
  const assignedOn = (date: string) =>
    members.value.filter((m) => m.from_date <= date && (m.to_date === null || m.to_date >= date))

  const current = computed<MemberRow | null>(
    () => members.value.find((m) => m.id === currentId.value) ?? members.value[0] ?? null,
  )

  let inflight: Promise<void> | null = null
  /** Reads the members (once, unless forced); callers while a read is under way share it. */
  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    if (inflight && !force) return inflight
    const run = (async () => {
      loading.value = true
      error.value = null
      try {
        members.value = await ipc.membersList()
        loaded.value = true
      } catch (e) {
        error.value = e as IpcError
      } finally {
        loading.value = false
      }
    })()
    inflight = run
    void run.then(() => {
      if (inflight === run) inflight = null
    })
    return run
  }

  function choose(id: string): void {
    currentId.value = id
    try {
      localStorage.setItem(CURRENT_KEY, id)
    } catch {
      // A laptop without storage simply forgets the choice.
    }
  }

  /** Adds a member and reloads the list; resolves to the new id. Errors are thrown to the caller. */
  async function add(input: MemberInput): Promise<string> {
    const id = await ipc.memberAdd(input)
    await load(true)
    return id
  }

  /**
   * Corrects a member with a trace and reloads the list; resolves to the fields changed (none:
   * nothing differed). Errors are thrown to the caller.
   */
  async function update(id: string, input: MemberEdit, trace: Trace): Promise<CorrectionChange[]> {
    const changes = await ipc.memberUpdate(id, input, trace)
    if (changes.length) await load(true)
    return changes
  }

  /** Ends a member's assignment (离队) on `on`; the member stays listed. Errors are thrown. */
  async function end(id: string, on: string, trace: Trace): Promise<CorrectionChange[]> {
    const changes = await ipc.memberEnd(id, on, trace)
    await load(true)
    return changes
  }

  /** 修改记录 of a member, newest first. */
  const history = (id: string): Promise<CorrectionRow[]> => ipc.correctionsOf('team_member', id)

  return { members, loaded, loading, error, currentId, current, assignedOn, load, choose, add, update, end, history }
})
