import { describe, expect, it } from 'vitest'
import { INCOME_ITEMS, MEASURE_CATEGORIES, developmental, pngBytes, quartersUpTo, sectionOf, statusEdit } from './handbook'
import { byHousehold, dueGroup } from './due'
import { auditItem, dueItem } from '@/testing/handbook'

describe('handbook store helpers', () => {
  it('knows the national measure list with 开发式 for 产业, 就业, 公益岗位 and 金融 only', () => {
    expect(MEASURE_CATEGORIES).toHaveLength(14)
    expect(MEASURE_CATEGORIES.filter(developmental)).toEqual(['产业', '就业', '公益岗位', '金融'])
    expect(INCOME_ITEMS).toHaveLength(12)
  })

  it('offers only the quarters already begun', () => {
    expect(quartersUpTo(2024, '2024-09-15')).toEqual(['2024-Q3', '2024-Q2', '2024-Q1'])
    expect(quartersUpTo(2024, '2024-01-01')).toEqual(['2024-Q1'])
    expect(quartersUpTo(2023, '2024-09-15')).toEqual(['2023-Q4', '2023-Q3', '2023-Q2', '2023-Q1'])
    expect(quartersUpTo(2025, '2024-09-15')).toEqual([])
  })

  it('sends the pad PNG as its bytes, and nothing for what is not a PNG', () => {
    expect(pngBytes('data:image/png;base64,iVBORw0KGgo=')).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    expect(pngBytes('data:image/jpeg;base64,/9j/')).toBeNull()
    expect(pngBytes('data:image/png;base64,***')).toBeNull()
  })

  it('finds the section where an entry or a rule is fixed', () => {
    expect(sectionOf('visit')).toBe('contacts')
    expect(sectionOf('handbook_plan')).toBe('plan')
    expect(sectionOf('income')).toBe('income')
    expect(sectionOf('household', 'D5')).toBe('cover')
    expect(sectionOf('', 'P2.income')).toBe('income')
    expect(sectionOf(null, 'D2')).toBe('measures')
    expect(sectionOf(null, 'D1')).toBe('pairings')
    expect(sectionOf(null, 'D3')).toBe('assessments')
  })

  it('changes only the status of a measure', () => {
    expect(statusEdit('已落实')).toEqual({ category: null, content: null, amount_fen: null, clear_amount: false, from: null, to: null, clear_to: false, status: '已落实' })
  })

  it('groups 待办 by overdue, month and quarter, and audit lines by household in order', () => {
    expect(dueGroup(dueItem({ overdue: true }))).toBe('overdue')
    expect(dueGroup(dueItem({ period: '2024-09' }))).toBe('month')
    expect(dueGroup(dueItem({ period: '2024-Q3' }))).toBe('quarter')
    expect(dueGroup(dueItem({ period: '2024' }))).toBe('quarter')
    const groups = byHousehold([auditItem(), auditItem({ household_id: 'h-2', number: '2' }), auditItem({ code: 'D2' })])
    expect(groups.map((g) => [g.household_id, g.items.map((i) => i.code)])).toEqual([
      ['h-1', ['P4.unsigned', 'D2']],
      ['h-2', ['P4.unsigned']],
    ])
  })
})
