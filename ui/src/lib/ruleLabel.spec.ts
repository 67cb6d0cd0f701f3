import { describe, expect, it } from 'vitest'
import { splitRuleLabel } from './ruleLabel'

describe('splitRuleLabel', () => {
  it('keeps the Chinese name and sets the rule codes apart', () => {
    expect(splitRuleLabel('每月驻村天数（A1）')).toEqual({ name: '每月驻村天数', codes: 'A1' })
    expect(splitRuleLabel('每周在村天数（A2，干五天）')).toEqual({ name: '每周在村天数（干五天）', codes: 'A2' })
    expect(splitRuleLabel('监测户风险消除满多少个月后转入巩固联系（P2/P3）')).toEqual({ name: '监测户风险消除满多少个月后转入巩固联系', codes: 'P2/P3' })
    expect(splitRuleLabel('周末的调休上班日增加当周在村要求（A2；是：每个调休上班日加1天1晚）')).toEqual({
      name: '周末的调休上班日增加当周在村要求（是：每个调休上班日加1天1晚）',
      codes: 'A2',
    })
  })

  it('leaves a label without codes whole', () => {
    expect(splitRuleLabel('在村、公务外出的工作日志至少写多少字的工作内容')).toEqual({ name: '在村、公务外出的工作日志至少写多少字的工作内容', codes: null })
    expect(splitRuleLabel('上限（乡镇）')).toEqual({ name: '上限（乡镇）', codes: null })
  })
})
