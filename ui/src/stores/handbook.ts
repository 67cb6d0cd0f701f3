/**
 * 结对手册: one household's handbook of one year (a view over the roster, the visit register and the
 * handbook's own parts), and what changes it — the plan, measures, evaluations, assessments, the income
 * accounting, signatures, the pairing cadre, 兜底保障 — each followed by a fresh read, so what the page
 * shows after a save is what the back end saved. Also the signature images (read once each) and 打印手册.
 * Must not show messages: actions throw their `IpcError`; the read keeps its own in `error`.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as ipc from '@/ipc'
import type {
  AssessmentInput,
  EvaluationInput,
  HandbookView,
  IncomeInput,
  IncomeItem,
  IncomeKind,
  IpcError,
  MeasureCategory,
  MeasureEdit,
  MeasureInput,
  MeasureStatus,
  SignInput,
  Trace,
} from '@/ipc'

/** 帮扶措施类别 in the national list's order (the back end refuses any other). */
export const MEASURE_CATEGORIES: readonly MeasureCategory[] = [
  '产业', '就业', '公益岗位', '金融', '健康', '教育', '义务教育保障', '住房安全保障', '饮水安全保障', '综合保障', '社会帮扶', '搬迁', '生产生活条件改善', '基础设施建设',
]
/** 开发式 (产业, 就业, 公益岗位, 金融); every other category is 保障式 (D4 asks for one 开发式). */
export const developmental = (c: string) => c === '产业' || c === '就业' || c === '公益岗位' || c === '金融'
export const MEASURE_STATUSES: readonly MeasureStatus[] = ['计划', '落实中', '已落实']

/** The accounting's twelve sub-items under their four kinds, in the national order. */
export const INCOME_KINDS: readonly { kind: IncomeKind; items: readonly IncomeItem[] }[] = [
  { kind: '工资性收入', items: ['工资性收入'] },
  { kind: '生产经营性收入', items: ['种植业', '养殖业', '林业', '其他生产经营性收入'] },
  { kind: '财产性收入', items: ['财产性收入'] },
  { kind: '转移性收入', items: ['养老金', '低保金', '特困供养金', '生态补偿', '各类补贴', '其他转移性收入'] },
]
export const INCOME_ITEMS: readonly IncomeItem[] = INCOME_KINDS.flatMap((k) => k.items)

/** The quarters of `year` already begun on `today` (`2024-Q3`), latest first. */
export function quartersUpTo(year: number, today: string): string[] {
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))]
  const last = year < ty ? 4 : year > ty ? 0 : Math.ceil(tm / 3)
  return Array.from({ length: last }, (_, i) => `${year}-Q${last - i}`)
}

/** The booklet's sections, in its order; also the `?section=` a link scrolls to. */
export const SECTIONS = ['audit', 'cover', 'members', 'pairings', 'plan', 'measures', 'contacts', 'evaluations', 'assessments', 'income'] as const
export type Section = (typeof SECTIONS)[number]

/** The section where an entry of a table (a `Signable`, `measure`, `household`…) is fixed. */
export function sectionOf(entry: string | null | undefined, code = ''): Section {
  switch (entry) {
    case 'visit':
      return 'contacts'
    case 'handbook_plan':
      return 'plan'
    case 'measure':
      return 'measures'
    case 'evaluation':
      return 'evaluations'
    case 'assessment':
      return 'assessments'
    case 'income':
      return 'income'
    case 'pairing':
      return 'pairings'
    case 'household':
      return 'cover'
  }
  if (code.includes('income')) return 'income'
  if (code.startsWith('D2') || code.startsWith('D4')) return 'measures'
  if (code.startsWith('D3')) return 'assessments'
  if (code.startsWith('D5')) return 'cover'
  if (code.includes('plan')) return 'plan'
  if (code.includes('evaluation')) return 'evaluations'
  if (code.startsWith('P1') || code.startsWith('D1')) return 'pairings'
  return 'contacts'
}

/** A measure edit that changes the status only. */
export const statusEdit = (status: MeasureStatus): MeasureEdit => ({
  category: null,
  content: null,
  amount_fen: null,
  clear_amount: false,
  from: null,
  to: null,
  clear_to: false,
  status,
})

/** The data URL of a PNG → its bytes (what the back end stores), or null when it is not one. */
export function pngBytes(dataUrl: string): number[] | null {
  const m = /^data:image\/png;base64,(.+)$/.exec(dataUrl)
  if (!m) return null
  try {
    const bin = atob(m[1]!)
    const out = new Array<number>(bin.length)
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
    return out
  } catch {
    return null
  }
}

export const useHandbookStore = defineStore('handbook', () => {
  const view = ref<HandbookView | null>(null)
  const loading = ref(false)
  const error = ref<IpcError | null>(null)
  /** The household and year on screen. */
  const key = ref<{ householdId: string; year: number } | null>(null)
  /** 人均纯收入 of the year before (分), when accounted: for the live change while typing. */
  const previousPerCapita = ref<number | null>(null)
  let asked = 0

  /** Reads the handbook of `householdId` for `year`; an older answer arriving late is dropped. */
  async function load(householdId: string, year: number): Promise<void> {
    const ticket = ++asked
    if (key.value?.householdId !== householdId || key.value.year !== year) {
      view.value = null
      previousPerCapita.value = null
    }
    key.value = { householdId, year }
    loading.value = true
    try {
      const got = await ipc.handbookGet(householdId, year)
      if (ticket !== asked) return
      view.value = got
      error.value = null
    } catch (e) {
      if (ticket === asked) error.value = e as IpcError
    } finally {
      if (ticket === asked) loading.value = false
    }
  }
  const reload = () => (key.value ? load(key.value.householdId, key.value.year) : Promise.resolve())

  /** The previous year's 人均纯收入 (from that year's handbook), when this year's is not saved yet. */
  async function loadPrevious(): Promise<void> {
    const k = key.value
    if (!k) return
    if (view.value?.income?.previous_per_capita != null) {
      previousPerCapita.value = view.value.income.previous_per_capita
      return
    }
    try {
      const before = await ipc.handbookGet(k.householdId, k.year - 1)
      if (key.value === k) previousPerCapita.value = before.income?.sums.per_capita ?? null
    } catch {
      // Without it the change on last year is said to be unknown, never guessed.
      if (key.value === k) previousPerCapita.value = null
    }
  }

  async function after<T>(p: Promise<T>): Promise<T> {
    const got = await p
    await reload()
    return got
  }

  const setPlan = (plan: { householdId: string; year: number; goals: string; planned: string; date: string }, trace: Trace) =>
    after(ipc.planSet(plan.householdId, plan.year, plan.goals, plan.planned, plan.date, trace))
  const addMeasure = (input: MeasureInput) => after(ipc.measureAdd(input))
  /** Only the status changes; every other field of the measure stays. */
  const setMeasureStatus = (id: string, status: MeasureStatus, trace: Trace) => after(ipc.measureSet(id, statusEdit(status), trace))
  const voidMeasure = (id: string, trace: Trace) => after(ipc.measureVoid(id, trace))
  const addEvaluation = (input: EvaluationInput) => after(ipc.evaluationAdd(input))
  /** 修改 of an evaluation: every field as in the form, with who and why. */
  const editEvaluation = (id: string, input: EvaluationInput, trace: Trace) => after(ipc.evaluationEdit(id, input, trace))
  const addAssessment = (input: AssessmentInput) => after(ipc.assessmentAdd(input))
  /** 作废 of an assessment entered by mistake (a reason required), so a correct one can be added. */
  const voidAssessment = (id: string, trace: Trace) => after(ipc.assessmentVoid(id, trace))
  const setIncome = (input: IncomeInput, trace: Trace) => after(ipc.incomeSet(input, trace))
  const sign = (input: SignInput, photo: string | null) => after(ipc.signEntry(input, photo))
  const setPairing = (p: { householdId: string; cadre: string; unit: string; phone: string; from: string }) =>
    after(ipc.pairingSet(p.householdId, p.cadre, p.unit, p.phone, p.from))
  const setBottomSupport = (householdId: string, on: boolean) => after(ipc.bottomSupportSet(householdId, on))

  /** 修改记录 of one handbook record (measure, income…), newest first. */
  const history = (table: string, id: string) => ipc.correctionsOf(table, id)
  /** Asks for a photo of a wet signature or thumbprint (.jpg, .png); null when cancelled. */
  const pickPhoto = () => ipc.pickSignaturePhoto()

  /** Signature images by hash, as data URLs; read once each, a failed read kept as ''. */
  const images = ref<Record<string, string>>({})
  async function image(hash: string): Promise<void> {
    if (!hash || hash in images.value) return
    images.value = { ...images.value, [hash]: '' }
    try {
      const img = await ipc.signatureImage(hash)
      if (img) images.value = { ...images.value, [hash]: `data:${img[0]};base64,${img[1]}` }
    } catch {
      // Shown as 图片无法显示 beside the signer's name; the signature itself stands.
    }
  }

  /** 打印手册: asks where to save the PDF, writes it; the path written, or null when cancelled. */
  const printing = ref(false)
  async function print(target: { householdId: string } | { groupId: string }, year: number, defaultName: string): Promise<string | null> {
    if (printing.value) return null
    const path = await ipc.pickSavePdf(defaultName)
    if (!path) return null
    printing.value = true
    try {
      'householdId' in target
        ? await ipc.handbookPdf(target.householdId, null, year, path)
        : await ipc.handbookPdf(null, target.groupId, year, path)
      return path
    } finally {
      printing.value = false
    }
  }

  return {
    view,
    loading,
    error,
    key,
    previousPerCapita,
    load,
    reload,
    loadPrevious,
    setPlan,
    addMeasure,
    setMeasureStatus,
    voidMeasure,
    addEvaluation,
    editEvaluation,
    addAssessment,
    voidAssessment,
    setIncome,
    sign,
    setPairing,
    setBottomSupport,
    history,
    pickPhoto,
    images,
    image,
    printing,
    print,
  }
})
