import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import DateInput from './DateInput.vue'

const TODAY = '2024-09-15'

/** The field with its value and message held by a parent, as a form does. */
function mountField(props: Record<string, unknown> = {}, initial = '') {
  const value = ref(initial)
  const error = ref<string | null>(null)
  const Host = defineComponent({
    setup: () => () =>
      h(DateInput, {
        modelValue: value.value,
        'onUpdate:modelValue': (v: string) => (value.value = v),
        'onUpdate:error': (e: string | null) => (error.value = e),
        today: TODAY,
        ...props,
      }),
  })
  const wrapper = mount(Host, { attachTo: document.body })
  const input = wrapper.find('input')
  /** Keystrokes (an input event only, as a browser sends while typing), then leaving the field. */
  async function type(text: string, leave = true) {
    ;(input.element as HTMLInputElement).value = text
    await input.trigger('input')
    if (leave) await input.trigger('blur')
    await flushPromises()
  }
  return { wrapper, input, value, error, type }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('DateInput', () => {
  it.each([
    ['2024-09-26', '2024-09-26'],
    ['2024.9.26', '2024-09-26'],
    ['2024/9/26', '2024-09-26'],
    ['2024年9月26日', '2024-09-26'],
    ['9月26日', '2024-09-26'],
    ['20240926', '2024-09-26'],
  ])('takes %s as %s and shows it that way once left', async (text, iso) => {
    const f = mountField()
    await f.type(text)
    expect(f.value.value).toBe(iso)
    expect(f.error.value).toBeNull()
    expect((f.input.element as HTMLInputElement).value).toBe(iso)
  })

  it.each([
    ['2024-09-31', '9月没有31日'],
    ['2024-02-30', '2月没有30日'],
    ['2023-02-29', '2023年2月没有29日'],
    ['2024-11-31', '11月没有31日'],
    ['2024-13-01', '没有13月'],
    ['昨天', '看不懂这个日期'],
  ])('refuses %s beside the field (%s), keeps the text and sends no date', async (text, message) => {
    const f = mountField({}, '2024-09-10')
    await f.type(text)
    expect(f.error.value).toContain(message)
    expect(f.value.value).toBe('')
    expect((f.input.element as HTMLInputElement).value).toBe(text)
    expect(f.wrapper.find('.date-input').classes()).toContain('is-error')
  })

  it('takes 29 February in a leap year', async () => {
    const f = mountField()
    await f.type('2024-02-29')
    expect(f.value.value).toBe('2024-02-29')
    expect(f.error.value).toBeNull()
  })

  it('clears the message as soon as the date is fixed', async () => {
    const f = mountField()
    await f.type('2024-09-31')
    expect(f.error.value).toContain('9月没有31日')
    await f.type('2024-09-30', false)
    expect(f.error.value).toBeNull()
    expect(f.value.value).toBe('2024-09-30')
  })

  it('does not interrupt typing with a message', async () => {
    const f = mountField()
    await f.type('2024-0', false)
    expect(f.error.value).toBeNull()
    expect(f.value.value).toBe('')
  })

  it('refuses a date after today when the rule says so, with the reason', async () => {
    const f = mountField({ future: false, futureReason: '会议开过之后再记录' })
    await f.type('2024-09-16')
    expect(f.error.value).toBe('2024-09-16还没到（今天是2024-09-15）：会议开过之后再记录')
    expect(f.value.value).toBe('')
    expect((f.input.element as HTMLInputElement).value).toBe('2024-09-16')
    await f.type('2024-09-15')
    expect(f.value.value).toBe('2024-09-15')
    expect(f.error.value).toBeNull()
  })

  it('takes a date after today where the rule allows it', async () => {
    const f = mountField()
    await f.type('2024-10-08')
    expect(f.value.value).toBe('2024-10-08')
    expect(f.error.value).toBeNull()
  })

  it('an empty optional field is no error; an empty required one says so', async () => {
    const optional = mountField({ required: false }, '2024-09-01')
    await optional.type('')
    expect(optional.value.value).toBe('')
    expect(optional.error.value).toBeNull()
    const required = mountField({}, '2024-09-01')
    await required.type('')
    expect(required.error.value).toContain('请填写日期')
  })

  it('shows a value set by the form (a reset, a draft) as it is', async () => {
    const f = mountField({}, '2024-09-01')
    expect((f.input.element as HTMLInputElement).value).toBe('2024-09-01')
    f.value.value = '2024-09-12'
    await flushPromises()
    expect((f.input.element as HTMLInputElement).value).toBe('2024-09-12')
  })

  it('opens a calendar whose weeks start on Monday, and a day picked there is the value', async () => {
    const f = mountField({}, '2024-09-10')
    await f.wrapper.find('[data-test=date-pick]').trigger('click')
    await flushPromises()
    // The calendar is teleported to the body (a card would clip it).
    const heads = Array.from(document.querySelectorAll('.el-date-table th')).map((th) => th.textContent?.trim())
    expect(heads[0]).toBe('一')
    expect(heads[6]).toBe('日')
    // The first row of September 2024 starts on Monday 26 August.
    const firstCell = document.querySelector('.el-date-table tbody tr.el-date-table__row td')!
    expect(firstCell.textContent?.trim()).toBe('26')
    const day20 = Array.from(document.querySelectorAll<HTMLElement>('.el-date-table td.available')).find((td) => td.textContent?.trim() === '20')!
    day20.click()
    await flushPromises()
    expect(f.value.value).toBe('2024-09-20')
    expect((f.input.element as HTMLInputElement).value).toBe('2024-09-20')
  })

  it('greys out the days after today in the calendar when the rule forbids them', async () => {
    const f = mountField({ future: false }, '2024-09-10')
    await f.wrapper.find('[data-test=date-pick]').trigger('click')
    await flushPromises()
    const cell = (n: string) =>
      Array.from(document.querySelectorAll('.el-date-table td')).find((td) => td.textContent?.trim() === n && !td.classList.contains('prev-month'))!
    expect(cell('16').classList).toContain('disabled')
    expect(cell('15').classList).not.toContain('disabled')
  })
})
