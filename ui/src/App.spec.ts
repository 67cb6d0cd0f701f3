import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(),
    householdsList: vi.fn(),
    householdGet: vi.fn(() => new Promise(() => undefined)),
    uiReady: vi.fn(async () => null),
  }
})

import * as ipc from '@/ipc'
import { IpcError } from '@/ipc'
import type { AppInfo } from '@/ipc'
import { router } from '@/router'
import App from './App.vue'

const INFO: AppInfo = {
  version: '0.1.0',
  db_path: '/tmp/zhucun.db',
  schema_version: 1,
  today: '2024-08-05',
  enrolled: false,
  pending: 0,
  demo: false,
  counts: { villages: 1, households: 300, persons: 1100, cadres: 0, pairings_open: 0, changes: 0, imports: 0 },
}

let wrapper: VueWrapper | null = null

async function mountApp(path: string) {
  wrapper = mount(App, { global: { plugins: [createPinia(), router] }, attachTo: document.body })
  await router.push(path)
  await flushPromises()
  return wrapper
}

describe('App', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.mocked(ipc.appInfo).mockResolvedValue(INFO)
    vi.mocked(ipc.villagesList).mockResolvedValue([
      { id: 'v1', township: '长铺子苗族侗族乡', name: '大园村', households: 300, persons: 1100, groups: [] },
    ])
    vi.mocked(ipc.householdsList).mockResolvedValue({
      rows: [],
      total: 0,
      counts: { lifted: 0, monitored: 0, ordinary: 0, tier_a: 0, tier_b: 0 },
      reference_day: '2024-08-05',
    })
  })
  afterEach(() => {
    wrapper?.unmount()
    document.body.innerHTML = ''
  })

  it('lights up the menu entry of the page shown, also on one household', async () => {
    const wrapper = await mountApp('/households')
    const nav = wrapper.get('nav[aria-label="主菜单"]')
    const links = () => nav.findAll('a')
    expect(links().map((a) => [a.text(), a.attributes('href')])).toEqual([
      ['今日', '#/today'],
      ['待办', '#/due'],
      ['考勤', '#/attendance'],
      ['请销假', '#/leave'],
      ['会议', '#/meetings'],
      ['走访', '#/visits'],
      ['农户', '#/households'],
      ['花名册', '#/roster'],
      ['问题台账', '#/problems'],
      ['手册审核', '#/handbook-audit'],
      ['台账', '#/ledgers'],
      ['同步', '#/sync'],
      ['设置', '#/settings'],
    ])
    const households = () => nav.get('a[href="#/households"]')
    const roster = () => nav.get('a[href="#/roster"]')
    // Not enrolled: no count of unconfirmed changes, whatever the change log holds.
    expect(wrapper.find('[data-test="nav-sync-pending"]').exists()).toBe(false)
    expect(households().classes()).toContain('is-active')
    expect(households().attributes('aria-current')).toBe('page')
    expect(roster().classes()).not.toContain('is-active')
    expect(wrapper.get('[data-test="village-name"]').text()).toBe('长铺子苗族侗族乡 大园村')
    expect(wrapper.get('[data-test="status"]').text()).toBe('300 户 · 1100 人')

    await router.push('/households/h1')
    await flushPromises()
    expect(households().classes()).toContain('is-active')

    await roster().trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('roster'))
    await flushPromises()
    expect(roster().classes()).toContain('is-active')
    expect(households().attributes('aria-current')).toBeUndefined()
  })

  it('says 演示数据 on every page while the laptop holds the demo village, with the way to clear it', async () => {
    let wrapper = await mountApp('/households')
    expect(wrapper.find('[data-test="demo-banner"]').exists()).toBe(false)
    wrapper.unmount()

    vi.mocked(ipc.appInfo).mockResolvedValue({ ...INFO, demo: true })
    setActivePinia(createPinia())
    wrapper = await mountApp('/households')
    const banner = wrapper.get('[data-test="demo-banner"]')
    expect(banner.text()).toContain('演示数据')
    expect(banner.text()).toContain('不是真实农户')
    expect(banner.get('[data-test="demo-banner-link"]').attributes('href')).toBe('#/sync')
    await router.push('/roster')
    await flushPromises()
    expect(wrapper.find('[data-test="demo-banner"]').exists()).toBe(true)
  })

  it('shows on 同步 how many changes the county has not confirmed', async () => {
    vi.mocked(ipc.appInfo).mockResolvedValue({ ...INFO, enrolled: true, pending: 42 })
    const wrapper = await mountApp('/households?enrolled')
    const badge = wrapper.get('nav [data-test="nav-sync-pending"]')
    expect(badge.text()).toBe('42')
    expect(badge.attributes('title')).toBe('县里尚未确认的修改 42 条')
    expect(badge.element.closest('a')?.getAttribute('href')).toBe('#/sync')
  })

  it('shows the error screen as the first page when the data cannot be opened', async () => {
    const frames: FrameRequestCallback[] = []
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => frames.push(cb))
    vi.mocked(ipc.appInfo).mockRejectedValue(new IpcError('db.open', '无法打开', '数据文件打不开。', ''))
    const wrapper = await mountApp('/households?fatal')

    expect(wrapper.find('nav').exists()).toBe(false)
    expect(wrapper.get('.fatal').text()).toContain('数据文件打不开。')
    vi.mocked(ipc.uiReady).mockClear()
    frames.forEach((cb) => cb(0))
    expect(ipc.uiReady).toHaveBeenCalledTimes(1)
  })
})
