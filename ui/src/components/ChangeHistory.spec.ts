import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import { ElForm } from 'element-plus'
import type { CorrectionRow } from '@/ipc/bindings'
import ChangeHistory from './ChangeHistory.vue'
import TraceFields from './TraceFields.vue'

const row = (over: Partial<CorrectionRow> = {}): CorrectionRow => ({
  id: 'c1',
  tbl: 'team_member',
  row_id: 'm1',
  at: '2024-09-20T02:30:00.000Z',
  by: '李四',
  device: 'abcdef0123456789',
  here: true,
  action: '修改',
  reason: '',
  changes: [{ field: '电话', before: null, after: '13800001111' }],
  ...over,
})

describe('ChangeHistory', () => {
  it('shows each correction: action, who, where, fields before and after, reason', () => {
    const w = mount(ChangeHistory, {
      props: {
        rows: [
          row(),
          row({ id: 'c2', here: false, by: '', action: '离队', reason: '调回原单位', changes: [{ field: '离队日期', before: null, after: '2024-09-30' }] }),
        ],
      },
    })
    const items = w.findAll('[data-test="change-history-row"]')
    expect(items).toHaveLength(2)
    expect(items[0]!.text()).toContain('修改')
    expect(items[0]!.text()).toContain('修改人：李四')
    expect(items[0]!.text()).toContain('本机')
    expect(items[0]!.text()).toContain('电话：空 → 13800001111')
    expect(items[1]!.text()).toContain('另一台电脑（abcdef01）')
    expect(items[1]!.text()).toContain('未署名')
    expect(items[1]!.text()).toContain('离队日期：空 → 2024年9月30日')
    expect(items[1]!.text()).toContain('原因：调回原单位')
  })

  it('says when a record was never corrected', () => {
    const w = mount(ChangeHistory, { props: { rows: [] } })
    expect(w.find('[data-test="change-history-empty"]').text()).toBe('没有修改过。')
  })
})

describe('TraceFields', () => {
  it('starts 修改人 empty (a shared laptop), offering the last name used here first, then the team', async () => {
    localStorage.setItem('zhucun.correction.by', '王五')
    const by = ref('')
    const Host = defineComponent({
      setup: () => () =>
        h(ElForm, null, () =>
          h(TraceFields, { names: ['张三', '王五'], by: by.value, reason: '', 'onUpdate:by': (v: string) => (by.value = v) }),
        ),
    })
    const w = mount(Host, { attachTo: document.body })
    await flushPromises()
    expect(by.value).toBe('')
    const input = w.get('[data-test="trace-by"] input')
    expect((input.element as HTMLInputElement).value).toBe('')
    const ac = w.findComponent({ name: 'ElAutocomplete' })
    const fetch = ac.props('fetchSuggestions') as (q: string, cb: (s: { value: string }[]) => void) => void
    let offered: string[] = []
    fetch('', (s) => (offered = s.map((x) => x.value)))
    expect(offered).toEqual(['王五', '张三'])
    fetch('张', (s) => (offered = s.map((x) => x.value)))
    expect(offered).toEqual(['张三'])
    w.unmount()
    localStorage.clear()
  })

  it('keeps a typed name as it is, without Enter, and remembers it when the field is left', async () => {
    localStorage.clear()
    const by = ref('')
    const Host = defineComponent({
      setup: () => () =>
        h(ElForm, null, () =>
          h(TraceFields, { names: ['张三'], by: by.value, reason: '', 'onUpdate:by': (v: string) => (by.value = v) }),
        ),
    })
    const w = mount(Host, { attachTo: document.body })
    const input = w.get('[data-test="trace-by"] input')
    await input.setValue('周书记')
    expect(by.value).toBe('周书记')
    await input.trigger('blur')
    await new Promise((r) => setTimeout(r, 10))
    expect(by.value).toBe('周书记')
    expect(localStorage.getItem('zhucun.correction.by')).toBe('周书记')
    // Enter keeps what is typed too (not a suggestion in its place).
    await input.setValue('李')
    await input.trigger('keydown', { key: 'Enter', code: 'Enter' })
    await flushPromises()
    expect(by.value).toBe('李')
    w.unmount()
    localStorage.clear()
  })

  it('marks the reason required where the correction undoes a record and shows errors beside fields', async () => {
    const errors = ref<[string | null, string | null]>([null, null])
    const Host = defineComponent({
      setup: () => () =>
        h(ElForm, null, () =>
          h(TraceFields, { names: [], by: '', reason: '', reasonRequired: true, byError: errors.value[0], reasonError: errors.value[1] }),
        ),
    })
    const w = mount(Host)
    errors.value = ['请写明修改人', '请写明原因']
    await flushPromises()
    expect(w.findAll('.el-form-item.is-error')).toHaveLength(2)
    expect(w.find('input[data-test="trace-reason"]').attributes('placeholder')).toContain('必填')
  })
})
