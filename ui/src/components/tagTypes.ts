/**
 * The Element Plus colour of each value shown as a tag, shared by the tag components (`el-tag`) and
 * the household list's plain tags (`<span class="tag tag--…">`, see `app.css`), so both agree.
 */
import type { Category, RiskStatus, Status, Tier } from '@/ipc'

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

/** 户类别: 监测户 stands out, 脱贫户 is primary, 一般农户 is quiet. */
export const CATEGORY_TAG: Record<Category, TagType> = {
  监测户: 'warning',
  脱贫户: 'primary',
  一般农户: 'info',
}

/** 帮扶层级: 重点帮扶 stands out, 巩固联系 is plain, 一般 is quiet. */
export const TIER_TAG: Record<Tier, TagType> = {
  重点帮扶: 'danger',
  巩固联系: 'primary',
  一般: 'info',
}

/** 风险状态 of a monitored household: 未消除 is red, 已消除 green. */
export const riskTag = (status: RiskStatus): TagType => (status === '未消除' ? 'danger' : 'success')

/**
 * How a rule's finding stands, in neutral colours (no red: these are people): 达标 green, 免于要求
 * grey, a shortfall in a period not yet over (进行中) plain blue, a shortfall in a period that is over
 * (不足) orange.
 */
export function findingTag(f: { status: Status; in_progress: boolean }): TagType {
  if (f.status === 'ok') return 'success'
  if (f.status === 'exempt') return 'info'
  return f.in_progress ? 'primary' : 'warning'
}
