/** A 问题台账 row as the back end sends it, for the Vitest specs. */
import type { ProblemRow } from '@/ipc'

export function problem(overrides: Partial<ProblemRow> = {}): ProblemRow {
  return {
    id: 'p-1',
    village_id: 'v-meiping',
    village_name: '梅坪村',
    township: '黄桥镇',
    household_id: 'h-1',
    household_number: '430527001001',
    head_name: '胡新平',
    group_id: 'g-1',
    group_name: '1组',
    visit_id: null,
    visit_date: null,
    source: '走访',
    category: '住房安全',
    description: '屋顶漏雨',
    found_on: '2024-09-02',
    owner: '龙雪梅',
    deadline: '2024-09-30',
    status: '待整改',
    resolution: null,
    closed_on: null,
    approver: null,
    voided_on: null,
    overdue: false,
    ...overrides,
  }
}
