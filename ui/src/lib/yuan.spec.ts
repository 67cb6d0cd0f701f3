import { describe, expect, it } from 'vitest'
import { divRound, formatChange, formatYuan, parseYuan } from './yuan'

describe('yuan', () => {
  it('reads yuan as typed into 分, as the back end does', () => {
    expect(parseYuan('3600')).toBe(360000)
    expect(parseYuan('1250.5')).toBe(125050)
    expect(parseYuan('1,250.50元')).toBe(125050)
    expect(parseYuan(' 0.05 ')).toBe(5)
    expect(parseYuan('.5')).toBe(50)
    expect(parseYuan('100000000')).toBe(10_000_000_000)
  })
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-5', '1.234', 'abc', '12a', '.', '100000000.01', '1e5']) expect(parseYuan(bad)).toBeNull()
  })
  it('formats 分 with two decimals and a sign for changes', () => {
    expect(formatYuan(125050)).toBe('1250.50')
    expect(formatYuan(-3000)).toBe('-30.00')
    expect(formatYuan(5)).toBe('0.05')
    expect(formatChange(120000)).toBe('+1200.00')
    expect(formatChange(-5)).toBe('-0.05')
  })
  it('rounds per-capita half away from zero', () => {
    expect(divRound(10, 4)).toBe(3)
    expect(divRound(-10, 4)).toBe(-3)
    expect(divRound(10, 3)).toBe(3)
    expect(divRound(11, 3)).toBe(4)
    expect(divRound(5, 0)).toBe(0)
  })
})
