/**
 * 待办 and 手册审核: what each household owes (this month, this quarter, overdue — counted by the rule
 * engine, for one member or the whole team) and the village's obvious handbook errors (P4, D2, D4, D5,
 * a missing accounting), each pointing at the entry to fix. Reads only; each keeps its failure to show.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as ipc from '@/ipc'
import type { AuditItem, DueItem, IpcError } from '@/ipc'

/** Where a 待办 line falls: overdue first, then this month, then this quarter (and the year). */
export type DueGroup = 'overdue' | 'month' | 'quarter'

export function dueGroup(item: DueItem): DueGroup {
  if (item.overdue) return 'overdue'
  return /^\d{4}-\d{2}$/.test(item.period) ? 'month' : 'quarter'
}

/** Audit lines by household, in the order the back end lists them. */
export function byHousehold(items: AuditItem[]): { household_id: string; number: string; head: string; items: AuditItem[] }[] {
  const out = new Map<string, { household_id: string; number: string; head: string; items: AuditItem[] }>()
  for (const it of items) {
    let g = out.get(it.household_id)
    if (!g) out.set(it.household_id, (g = { household_id: it.household_id, number: it.number, head: it.head, items: [] }))
    g.items.push(it)
  }
  return [...out.values()]
}

export const useDueStore = defineStore('due', () => {
  const items = ref<DueItem[]>([])
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** The member asked for; null for the whole team. */
  const memberId = ref<string | null>(null)
  let asked = 0

  async function load(member: string | null): Promise<void> {
    const ticket = ++asked
    memberId.value = member
    loading.value = true
    try {
      const got = await ipc.dueList(member)
      if (ticket !== asked) return
      items.value = got
      error.value = null
    } catch (e) {
      if (ticket === asked) error.value = e as IpcError
    } finally {
      if (ticket === asked) loading.value = false
    }
  }

  const audit = ref<AuditItem[]>([])
  const auditLoading = ref(false)
  const auditError = ref<IpcError | null>(null)
  /** The year audited; null until chosen (the back end then audits this year). */
  const auditYear = ref<number | null>(null)
  let auditAsked = 0
  /** Reads the audit of `year` (kept for the next read), or of the year last asked. */
  async function loadAudit(year?: number | null): Promise<void> {
    if (year !== undefined) auditYear.value = year
    const ticket = ++auditAsked
    auditLoading.value = true
    try {
      const got = await ipc.handbookAudit(auditYear.value)
      if (ticket !== auditAsked) return
      audit.value = got
      auditError.value = null
    } catch (e) {
      if (ticket === auditAsked) auditError.value = e as IpcError
    } finally {
      if (ticket === auditAsked) auditLoading.value = false
    }
  }
  const auditGroups = computed(() => byHousehold(audit.value))

  return { items, loading, error, memberId, load, audit, auditLoading, auditError, loadAudit, auditYear, auditGroups }
})
