import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return { ...actual, householdsList: vi.fn(), uiReady: vi.fn(async () => null) }
})

import * as ipc from '@/ipc'
import type { HouseholdPage, HouseholdRow } from '@/ipc'
import { useAppStore } from '@/stores/app'
import { useHouseholdsStore } from '@/stores/households'
import HouseholdsPage from './HouseholdsPage.vue'

const householdsList = vi.mocked(ipc.householdsList)

function row(overrides: Partial<HouseholdRow>): HouseholdRow {
  return {
    id: 'h1',
    number: '430527101201000001',
    township: '长铺子苗族侗族乡',
    village: '大园村',
    group: '一组',
    head_name: '杨再兴',
    head_id_masked: '430527********123X',
    members: 4,
    category: '脱贫户',
    monitor_category: null,
    risk_status: null,
    tier: '巩固联系',
    cadre: '李明',
    away: false,
    no_labour: false,
    matched: null,
    ...overrides,
  }
}

function page(rows: HouseholdRow[]): HouseholdPage {
  return {
    rows,
    total: rows.length,
    counts: { lifted: 120, monitored: 9, ordinary: 171, tier_a: 6, tier_b: 123 },
    reference_day: '2024-08-05',
  }
}

const TWO = page([
  row({}),
  row({
    id: 'h2',
    number: '430527101201000002',
    head_name: '龙秀英',
    head_id_masked: '430527********0021',
    category: '监测户',
    monitor_category: '边缘易致贫户',
    risk_status: '未消除',
    tier: '重点帮扶',
    away: true,
  }),
])

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/households', name: 'households', component: HouseholdsPage },
      { path: '/households/:id', name: 'household', component: { template: '<div />' } },
    ],
  })
  await router.push('/households')
  const wrapper = mount(HouseholdsPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const lastFilter = () => householdsList.mock.calls.at(-1)![0]

describe('HouseholdsPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    const app = useAppStore()
    app.villages = [
      { id: 'v1', township: '长铺子苗族侗族乡', name: '大园村', households: 300, persons: 1100, groups: [{ id: 'g1', name: '一组', households: 40 }] },
    ]
    app.selectVillage('v1')
    householdsList.mockReset()
    householdsList.mockResolvedValue(TWO)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('asks the store for the first page of the chosen village and shows one row per household', async () => {
    const { wrapper } = await mountPage()

    expect(lastFilter()).toEqual({
      village_id: 'v1',
      group_id: null,
      category: null,
      tier: null,
      query: null,
      offset: 0,
      limit: 50,
    })
    expect(wrapper.findAll('tr.household-row')).toHaveLength(2)
    expect(wrapper.findAll('[data-test="household-number"]').map((n) => n.text())).toEqual([
      '430527101201000001',
      '430527101201000002',
    ])
  })

  it('shows the head’s ID number masked, exactly as the back end gave it', async () => {
    const { wrapper } = await mountPage()
    const ids = wrapper.findAll('[data-test="head-id"]').map((n) => n.text())
    expect(ids).toEqual(['430527********123X', '430527********0021'])
    // Sensitive data: no ID cell may show more than the masked form.
    for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
  })

  it('shows the category counts of the page and the flags of each household', async () => {
    const { wrapper } = await mountPage()
    const category = wrapper.get('[data-test="category-filter"]').text()
    expect(category).toContain('全部 300')
    expect(category).toContain('监测户 9')
    expect(wrapper.get('[data-test="tier-filter"]').text()).toContain('重点帮扶 6')
    expect(wrapper.findAll('tr.household-row')[1]!.text()).toContain('全家外出')
  })

  it('applies the search at once on Enter, from the first page', async () => {
    const { wrapper } = await mountPage()
    const input = wrapper.get('input[data-test="household-search"]')
    await input.setValue('  杨再兴 ')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(lastFilter().query).toBe('杨再兴')
    expect(lastFilter().offset).toBe(0)
  })

  it('opens the household on Enter when the search finds exactly one, and stays on the list otherwise', async () => {
    const { wrapper, router } = await mountPage()
    const input = wrapper.get('input[data-test="household-search"]')
    // Two found: the list stays.
    await input.setValue('杨')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/households')

    householdsList.mockResolvedValue(page([row({ id: 'h7', head_name: '胡新平' })]))
    await input.setValue('hxp')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(lastFilter().query).toBe('hxp')
    expect(router.currentRoute.value.fullPath).toBe('/households/h7')
  })

  it('says which member the search found when it was not the head', async () => {
    householdsList.mockResolvedValue(page([row({ head_name: '胡新平', matched: '胡小明（之子）' }), row({ id: 'h2' })]))
    const { wrapper } = await mountPage()
    const rows = wrapper.findAll('tr.household-row')
    expect(rows[0]!.get('[data-test="household-matched"]').text()).toBe('匹配：胡小明（之子）')
    expect(rows[1]!.find('[data-test="household-matched"]').exists()).toBe(false)
    // The ID number stays masked.
    expect(rows[0]!.get('[data-test="head-id"]').text()).toBe('430527********123X')
  })

  it('filters as the user types, once the typing pauses', async () => {
    const { wrapper } = await mountPage()
    const calls = householdsList.mock.calls.length
    await wrapper.get('input[data-test="household-search"]').setValue('1234')
    // Not on every key stroke...
    expect(householdsList.mock.calls.length).toBe(calls)
    // ...but about 200 ms after the last one.
    await new Promise((resolve) => setTimeout(resolve, 260))
    await flushPromises()
    expect(householdsList.mock.calls.length).toBe(calls + 1)
    expect(lastFilter().query).toBe('1234')
  })

  it('records how long a filter took to reach the screen, for the benchmark', async () => {
    await mountPage()
    expect(window.__zhucun?.filterCount).toBeGreaterThanOrEqual(1)
    expect(window.__zhucun?.lastFilterMs).toBeTypeOf('number')
  })

  it('says when nothing matches and clears the filters on request', async () => {
    const { wrapper } = await mountPage()
    householdsList.mockResolvedValue(page([]))
    const input = wrapper.get('input[data-test="household-search"]')
    await input.setValue('没有这个人')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()

    expect(wrapper.get('[data-test="households-empty"]').text()).toContain('没有找到符合条件的农户')
    await wrapper.get('[data-test="clear-filters"]').trigger('click')
    await flushPromises()
    expect(lastFilter().query).toBeNull()
    expect((input.element as HTMLInputElement).value).toBe('')
  })

  it('opens a household from a click on its row and from the keyboard', async () => {
    const { wrapper, router } = await mountPage()
    const rows = wrapper.findAll('tr.household-row')

    await rows[1]!.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/households/h2')

    await router.push('/households')
    // Rows are tab stops, and Enter opens the focused one.
    expect(rows[0]!.attributes('tabindex')).toBe('0')
    await rows[0]!.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/households/h1')
  })

  it('moves between rows with the arrow keys', async () => {
    const { wrapper } = await mountPage()
    const rows = wrapper.findAll('tr.household-row').map((r) => r.element as HTMLElement)
    rows[0]!.focus()
    await wrapper.findAll('tr.household-row')[0]!.trigger('keydown', { key: 'ArrowDown' })
    expect(document.activeElement).toBe(rows[1])
    await wrapper.findAll('tr.household-row')[1]!.trigger('keydown', { key: 'ArrowUp' })
    expect(document.activeElement).toBe(rows[0])
  })

  it('draws the list as a plain table, with a column header per field and plain tags', async () => {
    const { wrapper } = await mountPage()
    const table = wrapper.get('table[data-test="households"]')
    expect(table.findAll('thead th').map((th) => th.text())).toEqual([
      '户编号',
      '组',
      '户主',
      '户主证件号',
      '人数',
      '户类别',
      '风险状态',
      '帮扶层级',
      '帮扶责任人',
      '标记',
    ])
    // No Element Plus component per cell: tags are spans styled like el-tag.
    expect(table.find('.el-table, .el-tag').exists()).toBe(false)
    const cells = table.findAll('tr.household-row')[1]!.findAll('td')
    const tag = (i: number) => cells[i]!.get('.tag')
    expect(tag(5).text()).toBe('监测户')
    expect(tag(5).classes()).toContain('tag--warning')
    expect(tag(5).attributes('title')).toBe('边缘易致贫户')
    expect(tag(6).text()).toBe('风险未消除')
    expect(tag(6).classes()).toContain('tag--danger')
    expect(tag(7).classes()).toEqual(expect.arrayContaining(['tag--plain', 'tag--danger']))
    expect(cells[9]!.findAll('.tag').map((t) => t.text())).toEqual(['全家外出'])
    // Nothing to show is a quiet dash, not an empty tag.
    expect(table.findAll('tr.household-row')[0]!.findAll('td')[6]!.text()).toBe('—')
  })

  it('shows the list asked for at start-up without asking again', async () => {
    useHouseholdsStore().prefetch()
    await mountPage()
    expect(householdsList).toHaveBeenCalledTimes(1)
  })

  it('names the chosen group while the group list is closed', async () => {
    useHouseholdsStore().groupId = 'g1'
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-test="group-filter"]').text()).toContain('一组（40 户）')
    expect(lastFilter().group_id).toBe('g1')
  })

  it('builds the pager once the first page is on screen, with its page-size chooser', async () => {
    const { wrapper } = await mountPage()
    const app = useAppStore()
    expect(wrapper.find('.el-pagination').exists()).toBe(app.firstPageShown)
    app.firstPageShown = true
    await flushPromises()
    expect(wrapper.find('.el-pagination').exists()).toBe(true)
    const sizes = wrapper.findComponent<{ $emit: (event: string, value: number) => void }>('[data-test="page-size"]')
    expect(wrapper.get('[data-test="page-size"]').text()).toContain('50条/页')
    sizes.vm.$emit('update:modelValue', 100)
    await flushPromises()
    expect(lastFilter().limit).toBe(100)
    expect(lastFilter().offset).toBe(0)
  })
})
