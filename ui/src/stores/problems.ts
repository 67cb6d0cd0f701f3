/**
 * 问题台账: the problems the page's filter asks (status, category, group, overdue), each with 已超期
 * computed by the back end against its today. Add, 修改, 开始整改, 销号, 作废 reload the list; 修改 and
 * 作废 (and 撤销销号) keep a trace (修改记录, read on demand). Must not show messages: actions throw their `IpcError`.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import * as ipc from '@/ipc'
import type { CorrectionRow, IpcError, ProblemClose, ProblemFilter, ProblemInput, ProblemRow, Trace } from '@/ipc'

/** What the page filters by; '' is 全部, '未销号' both open states. */
export interface ProblemFilterForm {
  status: string
  category: string
  groupId: string
  overdue: boolean
  voided: boolean
}

export const blankFilter = (): ProblemFilterForm => ({ status: '', category: '', groupId: '', overdue: false, voided: false })

export function toFilter(f: ProblemFilterForm): ProblemFilter {
  return {
    status: f.status || null,
    category: f.category || null,
    group_id: f.groupId || null,
    household_id: null,
    overdue: f.overdue,
    voided: f.voided,
  }
}

export const useProblemsStore = defineStore('problems', () => {
  const filter = reactive(blankFilter())
  const rows = ref<ProblemRow[]>([])
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** 修改记录 by problem id, read when asked for. */
  const history = ref<Record<string, CorrectionRow[]>>({})
  let asked = 0

  const overdueCount = computed(() => rows.value.filter((r) => r.overdue).length)

  /** Reads the list the filter asks; an older answer arriving late is dropped. */
  async function load(): Promise<void> {
    const ticket = ++asked
    loading.value = true
    try {
      const list = await ipc.problemsList(toFilter(filter))
      if (ticket !== asked) return
      rows.value = list
      error.value = null
    } catch (e) {
      if (ticket !== asked) return
      error.value = e as IpcError
    } finally {
      if (ticket === asked) loading.value = false
    }
  }

  async function add(input: ProblemInput): Promise<ProblemRow> {
    const row = await ipc.problemAdd(input)
    await load()
    return row
  }

  async function update(id: string, input: ProblemInput, trace: Trace): Promise<ProblemRow> {
    const row = await ipc.problemUpdate(id, input, trace)
    await load()
    await loadHistory(id)
    return row
  }

  async function start(id: string): Promise<ProblemRow> {
    const row = await ipc.problemStart(id)
    await load()
    return row
  }

  /** 销号: the list (全部 by default) then shows it 已销号. */
  async function close(id: string, c: ProblemClose): Promise<ProblemRow> {
    const row = await ipc.problemClose(id, c)
    await load()
    return row
  }

  /** 撤销销号 of a closing made in error (整改中 again), with who and why; then its 修改记录. */
  async function reopen(id: string, trace: Trace): Promise<ProblemRow> {
    const row = await ipc.problemReopen(id, trace)
    await load()
    await loadHistory(id)
    return row
  }

  async function voidProblem(id: string, trace: Trace): Promise<ProblemRow> {
    const row = await ipc.problemVoid(id, trace)
    await load()
    await loadHistory(id)
    return row
  }

  async function loadHistory(id: string): Promise<CorrectionRow[]> {
    const list = await ipc.correctionsOf('problem', id)
    history.value = { ...history.value, [id]: list }
    return list
  }

  return { filter, rows, loading, error, history, overdueCount, load, add, update, start, close, reopen, voidProblem, loadHistory }
})
