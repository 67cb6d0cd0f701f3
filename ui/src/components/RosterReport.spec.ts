import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { ImportReport } from '@/ipc'
import RosterReport from './RosterReport.vue'

function report(overrides: Partial<ImportReport>): ImportReport {
  return {
    file_name: '花名册.xlsx',
    format: 'xlsx',
    encoding: null,
    sheet_name: 'Sheet1',
    dry_run: true,
    ok: true,
    rows: 12,
    households: 3,
    persons: 11,
    ignored_columns: [],
    issues: [],
    issues_total: 0,
    counts: {
      households_added: 2,
      households_changed: 1,
      households_unchanged: 0,
      persons_added: 8,
      persons_changed: 1,
      persons_left: 1,
      pairings_started: 2,
      pairings_ended: 0,
      cadres_added: 2,
      divisions_added: 1,
    },
    changes: [],
    changes_total: 0,
    ...overrides,
  }
}

const refused = report({
  ok: false,
  counts: null,
  issues_total: 5,
  issues: [
    {
      row: 4,
      column: '证件号码',
      value: '430527199001011234',
      code: 'id.check_digit',
      problem: '证件号码的校验位不对',
      fix: '对照身份证改正最后一位',
    },
    { row: 0, column: '', value: '', code: 'file.no_header', problem: '找不到“户编号”列', fix: '第一行写上列名' },
  ],
})

describe('RosterReport', () => {
  it('lists the issues of a refused roster and offers no way to import it', async () => {
    const wrapper = mount(RosterReport, { props: { report: refused } })
    // el-table renders its rows once its columns have registered.
    await flushPromises()

    expect(wrapper.get('[data-test="report-refused"]').text()).toContain('发现 5 处问题，没有导入任何数据')
    const table = wrapper.get('[data-test="report-issues"]')
    expect(table.text()).toContain('证件号码的校验位不对')
    expect(table.text()).toContain('对照身份证改正最后一位')
    // Row 0 is the file as a whole, which the user must not read as "row 0".
    expect(table.text()).toContain('整个文件')
    // Only 2 of the 5 problems came along: the user must know more are waiting.
    expect(wrapper.get('[data-test="issues-more"]').text()).toBe('另有 3 处未列出')
    // A refused roster can never be confirmed.
    expect(wrapper.find('[data-test="import-confirm"]').exists()).toBe(false)
  })

  it('offers the confirm button for an accepted dry run and reports the click', async () => {
    const wrapper = mount(RosterReport, {
      props: {
        report: report({
          changes: [{ household_number: '430527001001010001', person: '张三', field: '联系电话', before: '', after: '13800000000' }],
          changes_total: 40,
        }),
      },
    })
    await flushPromises()

    expect(wrapper.find('[data-test="report-refused"]').exists()).toBe(false)
    expect(wrapper.get('[data-test="report-counts"]').text()).toContain('新增农户')
    expect(wrapper.get('[data-test="report-changes"]').text()).toContain('13800000000')
    expect(wrapper.get('[data-test="changes-more"]').text()).toContain('共 40 处变更')

    await wrapper.get('[data-test="import-confirm"]').trigger('click')
    expect(wrapper.emitted('confirm')).toHaveLength(1)
  })

  it('shows no confirm button once the import has been written', () => {
    const wrapper = mount(RosterReport, { props: { report: report({ dry_run: false }) } })
    expect(wrapper.find('[data-test="import-confirm"]').exists()).toBe(false)
  })
})
