import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, uiReady: vi.fn(async () => null) }
})

import type { AppInfo } from '@/ipc'
import { appInfo } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import RosterPage from './RosterPage.vue'

const info = (enrolled: boolean): AppInfo => appInfo({ enrolled, pending: 0 })


async function mountPage(enrolled: boolean) {
  useAppStore().info = info(enrolled)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/roster', name: 'roster', component: RosterPage },
      { path: '/households', name: 'households', component: { template: '<div />' } },
    ],
  })
  await router.push('/roster')
  const wrapper = mount(RosterPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper }
}

describe('RosterPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('has no roster import on an enrolled laptop, only export and the template', async () => {
    const { wrapper } = await mountPage(true)
    expect(wrapper.get('[data-test="import-from-county"]').text()).toContain('花名册由县里统一下发')
    expect(wrapper.find('[data-test="choose-file"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="export-card"]').exists()).toBe(true)
    expect(wrapper.find('[data-test="save-template"]').exists()).toBe(true)
  })

  it('keeps the roster import on a laptop that is not enrolled', async () => {
    const { wrapper } = await mountPage(false)
    expect(wrapper.find('[data-test="import-from-county"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="choose-file"]').exists()).toBe(true)
  })
})
