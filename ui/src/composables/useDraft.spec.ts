import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { forgetDraftsInMemory, useDraft, useLeaveConfirm } from './useDraft'

afterEach(() => {
  localStorage.clear()
  forgetDraftsInMemory()
  document.body.innerHTML = ''
})

describe('useDraft', () => {
  it('keeps one draft per key and gives it back when the key comes back', () => {
    const key = ref<string | null>('m1|2024-09-15')
    const d = useDraft<{ content: string }>('today.log', () => key.value)
    expect(d.has.value).toBe(false)
    d.put({ content: '走访五保户' })
    expect(d.has.value).toBe(true)

    key.value = 'm1|2024-09-14'
    expect(d.has.value).toBe(false)
    expect(d.get()).toBeUndefined()
    d.put({ content: '周六的日志' })

    key.value = 'm2|2024-09-15'
    expect(d.get()).toBeUndefined()

    key.value = 'm1|2024-09-15'
    expect(d.has.value).toBe(true)
    expect(d.get()).toEqual({ content: '走访五保户' })
    key.value = 'm1|2024-09-14'
    expect(d.get()).toEqual({ content: '周六的日志' })
  })

  it('survives a reload (kept in localStorage)', () => {
    useDraft<string>('leave.new', () => 'new').put('母亲住院')
    forgetDraftsInMemory()
    const again = useDraft<string>('leave.new', () => 'new')
    expect(again.has.value).toBe(true)
    expect(again.get()).toBe('母亲住院')
  })

  it('forgets a draft when it is saved or discarded, and only that one', () => {
    const key = ref('a')
    const d = useDraft<number>('form', () => key.value)
    d.put(1)
    key.value = 'b'
    d.put(2)
    d.clear()
    expect(d.has.value).toBe(false)
    d.clear('nothing-there')
    key.value = 'a'
    expect(d.get()).toBe(1)
    d.clear('a')
    expect(d.has.value).toBe(false)
    forgetDraftsInMemory()
    expect(useDraft<number>('form', () => 'a').has.value).toBe(false)
  })

  it('keeps the drafts of two forms apart', () => {
    useDraft<string>('meeting.new', () => 'new').put('周例会')
    expect(useDraft<string>('leave.new', () => 'new').has.value).toBe(false)
  })

  it('has no draft without a key', () => {
    const d = useDraft<string>('form', () => null)
    d.put('x')
    expect(d.has.value).toBe(false)
    expect(localStorage.length).toBe(0)
  })
})

describe('useLeaveConfirm', () => {
  async function setup(dirty: () => boolean) {
    const Form = defineComponent({
      setup() {
        useLeaveConfirm(dirty)
        return () => h('div', { id: 'form' }, 'form')
      },
    })
    const Other = defineComponent({ render: () => h('div', { id: 'other' }, 'other') })
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/form', component: Form },
        { path: '/other', component: Other },
      ],
    })
    await router.push('/form')
    const wrapper = mount(defineComponent({ render: () => h(RouterView) }), { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    return { router, wrapper }
  }

  it('leaves at once when nothing is unsaved', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm')
    const { router } = await setup(() => false)
    await router.push('/other')
    expect(router.currentRoute.value.path).toBe('/other')
    expect(confirm).not.toHaveBeenCalled()
  })

  it('asks first and stays when the user says 留在这页', async () => {
    const confirm = vi.spyOn(ElMessageBox, 'confirm').mockRejectedValue('cancel')
    const { router } = await setup(() => true)
    await router.push('/other')
    expect(confirm).toHaveBeenCalledOnce()
    expect(confirm.mock.calls[0]![0]).toContain('还没有保存')
    expect(router.currentRoute.value.path).toBe('/form')
  })

  it('leaves when the user confirms', async () => {
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
    const { router } = await setup(() => true)
    await router.push('/other')
    await nextTick()
    expect(router.currentRoute.value.path).toBe('/other')
  })

  it('shows the question in the window with both choices', async () => {
    const { router } = await setup(() => true)
    const going = router.push('/other')
    await flushPromises()
    await new Promise((r) => setTimeout(r, 50))
    const box = document.querySelector('.el-message-box')
    expect(box?.textContent).toContain('离开，不保存')
    expect(box?.textContent).toContain('留在这页')
    ;(Array.from(document.querySelectorAll('.el-message-box button')).find((b) => b.textContent?.includes('留在这页')) as HTMLButtonElement).click()
    await going
    expect(router.currentRoute.value.path).toBe('/form')
  })
})
