import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { ElSelect } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    uiReady: vi.fn(async () => null),
    membersList: vi.fn(),
    pickFolder: vi.fn(),
    ledgerExport: vi.fn(),
    ledgerExportAll: vi.fn(),
    ledgerOpenFolder: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import { appInfo, TEAM, TEAM_TODAY } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import LedgersPage from './LedgersPage.vue'

async function mountPage(today = TEAM_TODAY) {
  useAppStore().info = appInfo({ today })
  vi.mocked(ipc.membersList).mockResolvedValue(TEAM)
  const wrapper = mount(LedgersPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

async function click(wrapper: VueWrapper, test: string) {
  await wrapper.get(`[data-test="${test}"]`).trigger('click')
  await flushPromises()
}

describe('LedgersPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    localStorage.clear()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('proposes the month just ended in the first days of a month, else the current month', async () => {
    expect((await mountPage('2024-10-03')).get('[data-test="month-label"]').text()).toBe('2024年9月')
    document.body.innerHTML = ''
    setActivePinia(createPinia())
    expect((await mountPage('2024-10-05')).get('[data-test="month-label"]').text()).toBe('2024年10月')
  })

  it('asks for a folder, writes the ledger of the month shown into it, and says where it went', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExport).mockResolvedValue({
      path: '/media/usb/驻村工作队员考勤台账-2024年9月.xlsx',
      title: '驻村工作队员考勤台账',
      rows: 3,
    })
    await click(wrapper, 'ledger-export-attendance')

    expect(ipc.pickFolder).toHaveBeenCalledWith('选择保存台账的文件夹')
    expect(ipc.ledgerExport).toHaveBeenCalledWith('attendance', '2024-09', null, '/media/usb')
    const card = wrapper.get('[data-test="ledger-card-attendance"]')
    const result = card.get('[data-test="ledger-result"]')
    expect(result.text()).toContain('已导出驻村工作队员考勤台账（3 行）')
    expect(result.text()).toContain('保存位置：/media/usb/驻村工作队员考勤台账-2024年9月.xlsx')
    // Only on the card it is for.
    expect(wrapper.findAll('[data-test="ledger-result"]')).toHaveLength(1)

    // Another month: the same ledger for August.
    await click(wrapper, 'month-prev')
    await click(wrapper, 'ledger-export-leave')
    expect(ipc.ledgerExport).toHaveBeenLastCalledWith('leave', '2024-08', null, '/media/usb')
  })

  it('writes the work log of the member chosen', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExport).mockResolvedValue({ path: '/media/usb/驻村帮扶工作日志-龙雪梅-2024年9月.xlsx', title: '驻村帮扶工作日志', rows: 30 })

    // The member using the laptop by default (the first, with none remembered).
    expect(wrapper.find('[data-test="ledger-member"]').exists()).toBe(true)
    const select = wrapper.findComponent(ElSelect)
    expect(select.props('modelValue')).toBe('m-yangfan')
    select.vm.$emit('update:modelValue', 'm-longxm')
    await flushPromises()
    await click(wrapper, 'ledger-export-worklog')

    expect(ipc.ledgerExport).toHaveBeenCalledWith('worklog', '2024-09', 'm-longxm', '/media/usb')
    expect(wrapper.get('[data-test="ledger-card-worklog"] [data-test="ledger-result"]').text()).toContain('龙雪梅')
  })

  it('does nothing when the folder dialog is cancelled', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue(null)
    await click(wrapper, 'ledger-export-personnel')
    expect(ipc.pickFolder).toHaveBeenCalledTimes(1)
    expect(ipc.ledgerExport).not.toHaveBeenCalled()
    expect(wrapper.find('[data-test="ledger-result"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="ledger-error"]').exists()).toBe(false)
  })

  it('shows why a ledger could not be written, on its card', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExport).mockRejectedValue(
      ipc.toIpcError({ code: 'file.write', message: '无法写入 /media/usb：U盘已满。', detail: 'No space left on device' }),
    )
    await click(wrapper, 'ledger-export-leave')
    const error = wrapper.get('[data-test="ledger-card-leave"] [data-test="ledger-error"]')
    expect(error.text()).toContain('无法保存文件')
    expect(error.text()).toContain('U盘已满')
    expect(wrapper.find('[data-test="ledger-result"]').exists()).toBe(false)
  })

  it('has a card for the 会议记录台账', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExport).mockResolvedValue({ path: '/media/usb/2024年9月会议记录台账.xlsx', title: '驻村工作队会议记录台账', rows: 5 })
    expect(wrapper.get('[data-test="ledger-card-meetings"]').text()).toContain('会议记录台账')
    await click(wrapper, 'ledger-export-meetings')
    expect(ipc.ledgerExport).toHaveBeenCalledWith('meetings', '2024-09', null, '/media/usb')
  })

  it('全部导出 writes every ledger of the month into the folder, then opens it', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExportAll).mockResolvedValue([
      { path: '/media/usb/2024年9月考勤台账.xlsx', title: '驻村工作队员考勤台账', rows: 3 },
      { path: '/media/usb/2024年9月请销假台账.xlsx', title: '驻村工作队员请销假台账', rows: 1 },
      { path: '/media/usb/2024年9月杨帆工作日志.xlsx', title: '驻村帮扶工作日志', rows: 30 },
    ])
    vi.mocked(ipc.ledgerOpenFolder).mockResolvedValue(null)
    await click(wrapper, 'ledger-export-all')
    expect(ipc.ledgerExportAll).toHaveBeenCalledWith('2024-09', '/media/usb')
    expect(ipc.ledgerOpenFolder).toHaveBeenCalledWith('/media/usb')
    const result = wrapper.get('[data-test="ledger-all-result"]')
    expect(result.text()).toContain('已导出本月全部台账，共 3 个文件')
    expect(result.text()).toContain('保存位置：/media/usb')
    expect(wrapper.find('[data-test="ledger-open-error"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="ledger-result"]').exists()).toBe(false)
  })

  it('says so when the folder could not be opened, and keeps what was written', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExportAll).mockResolvedValue([{ path: '/media/usb/2024年9月考勤台账.xlsx', title: '驻村工作队员考勤台账', rows: 3 }])
    vi.mocked(ipc.ledgerOpenFolder).mockRejectedValue(ipc.toIpcError({ code: 'file.io', message: '无法打开文件夹', detail: '' }))
    await click(wrapper, 'ledger-export-all')
    expect(wrapper.get('[data-test="ledger-all-result"]').text()).toContain('共 1 个文件')
    expect(wrapper.get('[data-test="ledger-open-error"]').text()).toContain('请在文件管理器中打开')
  })

  it('shows why 全部导出 failed', async () => {
    const wrapper = await mountPage()
    vi.mocked(ipc.pickFolder).mockResolvedValue('/media/usb')
    vi.mocked(ipc.ledgerExportAll).mockRejectedValue(ipc.toIpcError({ code: 'file.write', message: '无法写入 /media/usb：U盘已满。', detail: '' }))
    await click(wrapper, 'ledger-export-all')
    expect(wrapper.get('[data-test="ledger-all-error"]').text()).toContain('U盘已满')
    expect(ipc.ledgerOpenFolder).not.toHaveBeenCalled()
  })
})
