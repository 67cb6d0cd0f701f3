import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ToggleTag from './ToggleTag.vue'

describe('ToggleTag', () => {
  it('is a button Tab reaches, toggled by a click, Space or Enter, with aria-pressed', async () => {
    const wrapper = mount(ToggleTag, { props: { checked: false }, slots: { default: '入户走访' }, attachTo: document.body })
    const b = wrapper.get('button')
    expect(b.attributes('type')).toBe('button')
    expect(b.attributes('tabindex')).toBeUndefined()
    expect(b.attributes('aria-pressed')).toBe('false')
    ;(b.element as HTMLButtonElement).focus()
    expect(document.activeElement).toBe(b.element)

    await b.trigger('keydown', { key: ' ' })
    await b.trigger('keydown', { key: 'Enter' })
    await b.trigger('click')
    expect(wrapper.emitted('toggle')).toHaveLength(3)
    // Another key does nothing.
    await b.trigger('keydown', { key: 'a' })
    expect(wrapper.emitted('toggle')).toHaveLength(3)

    await wrapper.setProps({ checked: true })
    expect(b.attributes('aria-pressed')).toBe('true')
    expect(b.classes()).toContain('is-checked')
    wrapper.unmount()
  })
})
