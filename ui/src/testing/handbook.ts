/** Handbook answers as the back end sends them (HandbookView, DueItem, AuditItem), for the Vitest specs. */
import type { AuditItem, DueItem, HandbookIncome, HandbookView, IncomeItem, Signatures } from '@/ipc'

export const HOUSEHOLD = 'h-1'

export const unsigned = (): Signatures => ({ cadre: null, household: null })

/** The 2024 handbook of 胡新平's household: a tier A monitored household, one measure, one visit. */
export function handbookView(overrides: Partial<HandbookView> = {}): HandbookView {
  return {
    year: 2024,
    as_of: '2024-09-26',
    cover: {
      household_id: HOUSEHOLD,
      number: '430527001001',
      head: '胡新平',
      township: '黄桥镇',
      village: '梅坪村',
      group: '1组',
      address: '梅坪村1组12号',
      phone: '13907391234',
      category: '监测户',
      monitor_category: '突发严重困难户',
      identified_on: '2024-03-15',
      risk: '未消除',
      eliminated_on: null,
      risk_types: ['因病'],
      tier: 'A',
      tier_zh: '重点帮扶（A类）',
      no_labour: false,
      bottom_support: false,
      away: false,
    },
    pairings: [
      { id: 'pr-2', cadre_id: 'c-2', name: '龙雪梅', unit: '县农业农村局', phone: '13800000002', start: '2024-06-01', end: null },
      { id: 'pr-1', cadre_id: 'c-1', name: '杨帆', unit: '县财政局', phone: '13800000001', start: '2024-03-20', end: '2024-05-31' },
    ],
    members: [
      { name: '胡新平', relation: '户主', sex: '男', age: 52, id_masked: '430527********1234', labour: '普通劳动力', health: '长期慢性病', schooling: '非在校生', employment: '务农', left_on: null },
      { name: '李春兰', relation: '配偶', sex: '女', age: 50, id_masked: '430527********2345', labour: '普通劳动力', health: '健康', schooling: '非在校生', employment: '务工', left_on: null },
      { name: '胡小军', relation: '之子', sex: '男', age: 15, id_masked: '430527********3456', labour: '无劳动力', health: '健康', schooling: '初中', employment: '', left_on: null },
    ],
    plan: null,
    measures: [
      { id: 'm-1', category: '健康', kind: '保障式', content: '办理慢性病卡', amount_fen: null, from: '2024-04-01', to: null, status: '已落实' },
    ],
    contacts: [
      { id: 'v-1', date: '2024-09-02', mode: '入户', in_person: true, visitors: '龙雪梅、张伟', by_cadre: true, content: '了解用药情况', next_step: '', signatures: unsigned() },
    ],
    evaluations: [],
    assessments: [],
    assessments_apply: true,
    income: null,
    audit: [],
    ...overrides,
  }
}

const LINES: [IncomeItem, number][] = [
  ['工资性收入', 2400000],
  ['种植业', 360000],
  ['养殖业', 0],
  ['林业', 0],
  ['其他生产经营性收入', 0],
  ['财产性收入', 0],
  ['养老金', 0],
  ['低保金', 0],
  ['特困供养金', 0],
  ['生态补偿', 0],
  ['各类补贴', 0],
  ['其他转移性收入', 0],
]

/** A saved accounting: 24,000 wages + 3,600 crops − 600 costs over 3 people. */
export function income(overrides: Partial<HandbookIncome> = {}): HandbookIncome {
  const kindOf = (i: IncomeItem) =>
    i === '工资性收入' ? '工资性收入' : i === '财产性收入' ? '财产性收入' : ['种植业', '养殖业', '林业', '其他生产经营性收入'].includes(i) ? '生产经营性收入' : '转移性收入'
  return {
    id: 'inc-1',
    year: 2024,
    date: '2024-09-20',
    lines: LINES.map(([item, fen]) => ({ item, kind: kindOf(item) as HandbookIncome['lines'][number]['kind'], fen })),
    sums: { wage: 2400000, business: 360000, property: 0, transfer: 0, total: 2760000, costs: 60000, net: 2700000, per_capita: 900000 },
    size: 3,
    roster_size: 3,
    size_reason: null,
    previous_per_capita: null,
    change_fen: null,
    flags: { down: false, under_line: true, monitored: true },
    flags_zh: '人均纯收入低于10000元、监测对象',
    signatures: unsigned(),
    ...overrides,
  }
}

export function dueItem(overrides: Partial<DueItem> = {}): DueItem {
  return {
    rule: 'P2.visit',
    household_id: HOUSEHOLD,
    number: '430527001001',
    head: '胡新平',
    group: '1组',
    cadre_id: 'c-2',
    cadre: '龙雪梅',
    period: '2024-09',
    due_by: '2024-09-30',
    overdue: false,
    reason: '重点帮扶户每月要由结对干部入户走访一次，9月还没有。',
    action: 'visit',
    entry: null,
    entry_id: null,
    ...overrides,
  }
}

export function auditItem(overrides: Partial<AuditItem> = {}): AuditItem {
  return {
    code: 'P4.unsigned',
    household_id: HOUSEHOLD,
    number: '430527001001',
    head: '胡新平',
    entry: 'visit',
    entry_id: 'v-1',
    date: '2024-09-02',
    message: '2024年9月2日的走访没有农户签名。',
    fix: '请在手册的联系与走访中补签。',
    ...overrides,
  }
}
