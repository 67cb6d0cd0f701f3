import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IpcError, type CorrectionRow, type MemberEdit, type Trace } from '@/ipc'
import { member } from '@/testing/fixtures'
import MemberDialog from './MemberDialog.vue'

const TODAY = '2024-09-25'

const HISTORY: CorrectionRow[] = [
  {
    id: 'c1',
    tbl: 'team_member',
    row_id: 'm-yangfan',
    at: '2024-09-20T02:30:00.000Z',
    by: '龙雪梅',
    device: 'abcdef0123456789',
    here: true,
    action: '修改',
    reason: '换号',
    changes: [{ field: '联系电话', before: '13800000001', after: '13900000009' }],
  },
]

/** el-form-item shows and hides its message after 100 ms. */
const settle = () => new Promise((r) => setTimeout(r, 150))

type Save = (input: MemberEdit, trace: Trace) => Promise<void>
type End = (on: string, trace: Trace) => Promise<void>

function mountDialog(
  mode: 'edit' | 'end',
  save = vi.fn<Save>(async () => {}),
  end = vi.fn<End>(async () => {}),
  by = '龙雪梅',
) {
  // The last name used on this laptop: offered as 修改人, never filled in.
  if (by) localStorage.setItem('zhucun.correction.by', by)
  const wrapper = mount(MemberDialog, {
    props: { member: member(), mode, today: TODAY, names: ['杨帆', '龙雪梅'], history: HISTORY, save, end },
    attachTo: document.body,
  })
  return { wrapper, save, end }
}

/** The dialog is teleported to the body: find its parts there. */
const q = (test: string) => document.body.querySelector<HTMLElement>(`[data-test="${test}"]`)

/** The input of a field (el-input puts data-test on the input itself, DateInput on its box). */
function inp(test: string): HTMLInputElement {
  const el = q(test)!
  return (el.tagName === 'INPUT' ? el : el.querySelector('input')) as HTMLInputElement
}

async function type(test: string, value: string) {
  const input = inp(test)
  input.value = value
  input.dispatchEvent(new Event('input'))
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}

async function submit() {
  q('member-dialog-submit')!.click()
  await flushPromises()
}

let mounted: VueWrapper | null = null

describe('MemberDialog', () => {
  afterEach(() => {
    mounted?.unmount()
    mounted = null
    document.body.innerHTML = ''
    localStorage.clear()
  })

  it('edits: starts from the stored values, sends every field with who and why, shows 修改记录', async () => {
    const { wrapper, save } = mountDialog('edit')
    mounted = wrapper
    await flushPromises()
    expect(inp('edit-phone').value).toBe('13800000001')
    expect(document.body.textContent).toContain('修改记录')
    expect(document.body.textContent).toContain('龙雪梅')
    expect(document.body.querySelectorAll('[data-test="change-history-row"]')).toHaveLength(1)
    await type('edit-phone', '13900000009')
    expect(inp('trace-by').value).toBe('')
    await type('trace-by', '龙雪梅')
    await type('trace-reason', '换号')
    await submit()
    expect(save).toHaveBeenCalledTimes(1)
    const [input, trace] = save.mock.calls[0]!
    expect(input).toEqual({
      name: '杨帆',
      role: '第一书记',
      from: '2024-03-01',
      to: null,
      phone: '13900000009',
      unit: '县农业农村局',
      sex: '男',
      birth_month: '1985-03',
      politics: '中共党员',
      post: '县农业农村局办公室副主任',
    })
    expect(trace).toEqual({ by: '龙雪梅', reason: '换号' })
  })

  it('puts a refused phone beside the phone and a missing name of who corrects beside 修改人', async () => {
    const save = vi.fn<Save>()
    save.mockRejectedValueOnce(new IpcError('correction.by', '请写明修改人', '请写明修改人（谁做的这次修改），修改记录里会保留。', ''))
    const { wrapper } = mountDialog('edit', save, vi.fn<End>(), '')
    mounted = wrapper
    await flushPromises()
    await type('edit-phone', '1234')
    inp('edit-phone').dispatchEvent(new Event('blur'))
    await flushPromises()
    await settle()
    expect(q('edit-phone-item')!.textContent).toContain('电话应为11位')
    expect((q('member-dialog-submit') as HTMLButtonElement).disabled).toBe(true)
    await type('edit-phone', '13900000009')
    await submit()
    await settle()
    expect(save).toHaveBeenCalledTimes(1)
    expect(document.body.textContent).toContain('请写明修改人（谁做的这次修改）')
    expect(q('member-dialog-error')).toBeNull()
  })

  it('ends: the leaving date (today by default) and the reason; logs after it refused beside the date', async () => {
    const end = vi.fn<End>()
    end.mockRejectedValueOnce(
      new IpcError('member.logs_after', '离队日期之后还有工作日志', '杨帆在2024年9月20日之后还有2条工作日志（最早是2024年9月23日）', ''),
    )
    end.mockResolvedValueOnce()
    const { wrapper } = mountDialog('end', vi.fn<Save>(), end)
    mounted = wrapper
    await flushPromises()
    expect(document.body.textContent).toContain('离队后队员仍保留在名单中')
    expect(inp('end-on').value).toBe(TODAY)
    await type('end-on', '2024-09-20')
    await type('trace-by', '龙雪梅')
    await type('trace-reason', '调回原单位')
    await submit()
    await settle()
    expect(end).toHaveBeenLastCalledWith('2024-09-20', { by: '龙雪梅', reason: '调回原单位' })
    expect(q('end-on-item')!.textContent).toContain('还有2条工作日志')
    await type('end-on', '2024-09-23')
    await submit()
    expect(end).toHaveBeenLastCalledWith('2024-09-23', { by: '龙雪梅', reason: '调回原单位' })
  })

  it('switching from 编辑 to 离队 starts the signature anew: 修改人 and 原因 empty', async () => {
    const { wrapper } = mountDialog('edit')
    mounted = wrapper
    await flushPromises()
    await type('trace-by', '龙雪梅')
    await type('trace-reason', '换号')
    await wrapper.setProps({ mode: 'end' })
    await flushPromises()
    expect(inp('trace-by').value).toBe('')
    expect(inp('trace-reason').value).toBe('')
  })

  it('cancel closes without saving', async () => {
    const { wrapper, save, end } = mountDialog('edit')
    mounted = wrapper
    await flushPromises()
    q('member-dialog-cancel')!.click()
    await flushPromises()
    expect(wrapper.emitted('close')).toHaveLength(1)
    expect(save).not.toHaveBeenCalled()
    expect(end).not.toHaveBeenCalled()
  })
})
