import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'

// jsdom draws nothing: a stand-in for the library that records how it was made and "draws" when told.
const made: { canvas: HTMLCanvasElement; options: Record<string, unknown>; stroke: () => void; cleared: number }[] = []
let failing = false
vi.mock('signature_pad', () => ({
  default: class {
    private listeners: (() => void)[] = []
    private drawn = false
    private rec: (typeof made)[number]
    constructor(canvas: HTMLCanvasElement, options: Record<string, unknown>) {
      if (failing) throw new Error('no 2d context')
      this.rec = { canvas, options, cleared: 0, stroke: () => {
        this.drawn = true
        for (const l of this.listeners) l()
      } }
      made.push(this.rec)
    }
    addEventListener(type: string, l: () => void) {
      if (type === 'endStroke') this.listeners.push(l)
    }
    clear() {
      this.drawn = false
      this.rec.cleared++
    }
    isEmpty() {
      return !this.drawn
    }
    toDataURL(type: string) {
      return type === 'image/png' ? 'data:image/png;base64,iVBORw0KGgo=' : ''
    }
    off() {}
  },
}))

import SignaturePad from './SignaturePad.vue'

describe('SignaturePad', () => {
  beforeEach(() => {
    made.length = 0
    failing = false
  })

  it('draws on a white canvas sized for the screen and gives out a PNG after each stroke; 重写 empties it', async () => {
    const wrapper = mount(SignaturePad, { props: { modelValue: null, width: 400, height: 120 } })
    expect(made).toHaveLength(1)
    const canvas = wrapper.get('canvas').element as HTMLCanvasElement
    expect(made[0]!.canvas).toBe(canvas)
    expect(made[0]!.options.backgroundColor).toBe('rgb(255,255,255)')
    expect(canvas.width).toBe(400)
    expect(canvas.style.width).toBe('400px')
    expect(wrapper.text()).toContain('请在框内')
    expect((wrapper.get('[data-test="signature-clear"]').element as HTMLButtonElement).disabled).toBe(true)

    made[0]!.stroke()
    await flushPromises()
    expect(wrapper.emitted('update:modelValue')).toEqual([['data:image/png;base64,iVBORw0KGgo=']])
    await wrapper.setProps({ modelValue: 'data:image/png;base64,iVBORw0KGgo=' })
    expect(wrapper.text()).toContain('已签好')

    await wrapper.get('[data-test="signature-clear"]').trigger('click')
    expect(wrapper.emitted('update:modelValue')!.at(-1)).toEqual([null])
    expect(made[0]!.cleared).toBe(2)
  })

  it('says so when this computer cannot draw, instead of a dead box', async () => {
    failing = true
    const wrapper = mount(SignaturePad, { props: { modelValue: null } })
    await flushPromises()
    expect(wrapper.text()).toContain('无法使用签名板')
  })
})
