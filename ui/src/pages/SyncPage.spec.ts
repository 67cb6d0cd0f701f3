import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
    uiReady: vi.fn(async () => null),
    syncStatus: vi.fn(),
    syncExport: vi.fn(),
    syncImport: vi.fn(),
    syncNow: vi.fn(),
    enroll: vi.fn(),
    conflictResolve: vi.fn(async () => null),
    demoContents: vi.fn(),
    demoClear: vi.fn(),
  }
})

import * as ipc from '@/ipc'
import type { AppInfo, Conflict, SyncStatus } from '@/ipc'
import { IpcError } from '@/ipc'
import { appInfo as info, COUNTY, LAPTOP, syncStatus as status } from '@/testing/fixtures'
import { useAppStore } from '@/stores/app'
import SyncPage from './SyncPage.vue'



const PHONE: Conflict = {
  tbl: 'household',
  row_id: 'h-0001-0002-0003',
  label: '430527000001',
  col: 'phone',
  ver: 3,
  resolved: false,
  values: [
    { origin: COUNTY, value: '13800000001', winner: true },
    { origin: LAPTOP, value: '13800000002', winner: false },
  ],
}

async function mountPage(answer: SyncStatus, appInfo: AppInfo = info()) {
  vi.mocked(ipc.syncStatus).mockResolvedValue(answer)
  vi.mocked(ipc.appInfo).mockResolvedValue(appInfo)
  useAppStore().info = appInfo
  const wrapper = mount(SyncPage, { attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('SyncPage', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
  })
  afterEach(() => {
    window.__zhucun = { ...window.__zhucun, picks: [] }
    document.body.innerHTML = ''
  })

  it('asks a laptop not yet registered for the county’s enrollment file', async () => {
    const wrapper = await mountPage(status({ enrolled: false, county: null, village: null, pending: 3000 }), info({ enrolled: false }))

    const card = wrapper.get('[data-test="sync-not-enrolled"]')
    expect(card.text()).toContain('这台电脑还没有登记到县里')
    expect(card.text()).toContain('登记文件')
    // Nothing to sync yet: no count, no USB-stick actions.
    expect(wrapper.find('[data-test="sync-pending"]').exists()).toBe(false)
    expect(wrapper.find('[data-test="sync-export"]').exists()).toBe(false)

    vi.mocked(ipc.enroll).mockRejectedValue(
      ipc.toIpcError({
        code: 'sync.has_local_data',
        message: '这个数据库里已有 3000 条自行录入或导入的数据（例如演示数据），不能直接登记。',
        detail: 'the database already has data',
      }),
    )
    window.__zhucun!.picks = ['/home/user/梅坪村.enroll']
    await wrapper.get('[data-test="sync-enroll"]').trigger('click')
    await flushPromises()

    expect(ipc.enroll).toHaveBeenCalledWith('/home/user/梅坪村.enroll')
    const error = wrapper.get('[data-test="sync-error"]')
    expect(error.text()).toContain('这个数据库已有数据，不能登记')
    expect(error.text()).toContain('这个数据库里已有 3000 条自行录入或导入的数据')
    // The technical detail is there, folded away.
    expect(error.get('details').text()).toContain('the database already has data')
  })

  it('shows what the county has not confirmed, when it last confirmed, and the server', async () => {
    const wrapper = await mountPage(
      status({
        last_ack_at: '2024-08-05T06:03:00.000Z',
        events: [
          { at: '2024-08-05T06:03:00.000Z', kind: 'import', peer: COUNTY, file: '/u/r.zhcb', ok: true, changes: 4, message: '导入 4 条新修改（0 条已有）' },
          { at: '2024-08-04T06:03:00.000Z', kind: 'refused', peer: null, file: '/u/x.zhcb', ok: false, changes: 0, message: '同步包已损坏' },
          {
            at: '2024-08-03T06:03:00.000Z',
            kind: 'fork',
            peer: null,
            file: null,
            ok: true,
            changes: 5,
            message: '这个数据库是从另一个文件复制来的。本机已改用新的设备编号 0192f0c1（原编号 0192aa00）：县里已确认的 40 条记录保留，5 条尚未确认的记录将重新发送；县里有而本机没有的记录会在下次同步时发回本机。没有记录丢失。',
          },
          { at: '2024-08-02T06:03:00.000Z', kind: 'rekey', peer: null, file: null, ok: true, changes: 0, message: '新版本的记录' },
        ],
      }),
    )

    expect(wrapper.get('[data-test="sync-village"]').text()).toBe('梅坪村')
    expect(wrapper.get('[data-test="sync-pending"]').text()).toBe('12')
    expect(wrapper.get('[data-test="sync-last-ack"]').text()).toMatch(/^2024年8月[45]日 \d\d:03$/)
    expect(wrapper.get('[data-test="sync-server"]').text()).toBe('未设置服务器（只能用U盘同步）')
    // Without a server, only the USB stick: the button says why it is off.
    expect(wrapper.get('[data-test="sync-now"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-test="sync-now-hint"]').text()).toContain('不能联网同步')
    expect(wrapper.find('[data-test="sync-conflicts"]').exists()).toBe(false)

    const events = wrapper.get('[data-test="sync-events"]').text()
    expect(events).toContain('导入')
    expect(events).toContain('拒收')
    // A copied or restored database that took a new identity has its own label and its explanation.
    const rows = wrapper.findAll('[data-test="sync-events"] tbody tr').map((r) => r.text())
    expect(rows[2]).toContain('改用新编号')
    expect(rows[2]).toContain('本机已改用新的设备编号 0192f0c1')
    expect(events).not.toContain('fork')
    // A kind written by a newer version is named in Chinese, never shown raw.
    expect(rows[3]).toContain('其他')
    expect(events).not.toContain('rekey')
    expect(events).toContain('成功')
    expect(events).toContain('失败')
    expect(events).toContain('同步包已损坏')
  })

  it('says never when the county has not confirmed yet, and offers the exchange with a server', async () => {
    const wrapper = await mountPage(status({ server_url: 'http://county.example:8750' }))
    expect(wrapper.get('[data-test="sync-last-ack"]').text()).toBe('还没有')
    expect(wrapper.get('[data-test="sync-server"]').text()).toBe('http://county.example:8750')
    expect(wrapper.get('[data-test="sync-now"]').attributes('disabled')).toBeUndefined()
  })

  it('exports to the chosen folder and says where the file went', async () => {
    const wrapper = await mountPage(status())
    vi.mocked(ipc.syncExport).mockResolvedValue({ file: '/media/usb/梅坪村-a1b2c3d4.zhcb', changes: 12, bytes: 2048, pending: 12, left: 0 })
    window.__zhucun!.picks = ['/media/usb']

    await wrapper.get('[data-test="sync-export"]').trigger('click')
    await flushPromises()

    expect(ipc.syncExport).toHaveBeenCalledWith('/media/usb')
    const message = wrapper.get('[data-test="sync-message"]').text()
    expect(message).toContain('已导出 12 条修改到 /media/usb/梅坪村-a1b2c3d4.zhcb')
    expect(message).toContain('把这个文件带到县里')
    expect(wrapper.find('[data-test="sync-error"]').exists()).toBe(false)
  })

  it('shows a progress line while a bundle is read', async () => {
    const wrapper = await mountPage(status())
    vi.mocked(ipc.syncImport).mockReturnValue(new Promise(() => undefined))
    window.__zhucun!.picks = ['/media/usb/回执.zhcb']

    await wrapper.get('[data-test="sync-import"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-test="sync-progress"]').text()).toContain('正在导入回执包')
    expect(wrapper.get('[data-test="sync-export"]').attributes('disabled')).toBeDefined()
  })

  it('lists each conflict with its values and keeps the one chosen', async () => {
    const id: Conflict = {
      tbl: 'person',
      row_id: 'p-1',
      label: null,
      col: 'id_number',
      ver: 2,
      resolved: false,
      values: [
        { origin: 'ffffeeee00001111', value: '43052719900101123X', winner: true },
        { origin: LAPTOP, value: null, winner: false },
      ],
    }
    const wrapper = await mountPage(status({ conflicts: [PHONE, id] }))

    const card = wrapper.get('[data-test="sync-conflicts-card"]')
    expect(card.text()).toContain('两台电脑在互不知情时改了同一项')
    const conflicts = wrapper.findAll('[data-test="sync-conflict"]')
    expect(conflicts).toHaveLength(2)
    expect(conflicts[0]!.get('[data-test="conflict-what"]').text()).toBe('农户 · 联系电话')
    expect(conflicts[0]!.get('[data-test="conflict-label"]').text()).toBe('430527000001')
    expect(conflicts[1]!.find('[data-test="conflict-label"]').exists()).toBe(false)
    const phone = conflicts[0]!.findAll('[data-test="conflict-value"]')
    expect(phone[0]!.text()).toContain('13800000001')
    expect(phone[0]!.text()).toContain('县里')
    expect(phone[0]!.find('[data-test="conflict-winner"]').exists()).toBe(true)
    expect(phone[1]!.text()).toContain('本机')
    expect(phone[1]!.find('[data-test="conflict-winner"]').exists()).toBe(false)

    // ID numbers stay masked here too; a missing value says so.
    expect(conflicts[1]!.get('[data-test="conflict-what"]').text()).toBe('家庭成员 · 证件号码')
    const ids = conflicts[1]!.findAll('[data-test="conflict-value-text"]').map((v) => v.text())
    expect(ids).toEqual(['430527********123X', '（空）'])
    expect(conflicts[1]!.text()).toContain('另一台电脑（ffffeeee）')

    vi.mocked(ipc.syncStatus).mockResolvedValue(status({ conflicts: [id] }))
    await phone[1]!.get('[data-test="conflict-keep"]').trigger('click')
    await flushPromises()

    expect(ipc.conflictResolve).toHaveBeenCalledTimes(1)
    expect(ipc.conflictResolve).toHaveBeenCalledWith(PHONE, LAPTOP)
    expect(wrapper.findAll('[data-test="sync-conflict"]')).toHaveLength(1)
    expect(wrapper.get('[data-test="sync-message"]').text()).toContain('已按您的选择保留')
  })

  it('tells an enrolled laptop without households that the first sync brings the roster', async () => {
    const appInfo = info({ counts: { ...info().counts, households: 0, persons: 0 } })
    const wrapper = await mountPage(status({ pending: 0 }), appInfo)
    expect(wrapper.get('[data-test="sync-awaiting"]').text()).toContain('第一次同步后，县里会把本村花名册发过来')
    expect(wrapper.get('[data-test="sync-pending"]').text()).toBe('0')
  })
})

describe('SyncPage: 清除演示数据并登记到县里', () => {
  const DEMO = { villages: 1, households: 300, persons: 934, members: 3, logs: 105, leaves: 2, meetings: 6 }
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
  })
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('says what will go, asks, clears it all, then leads to the enrollment file', async () => {
    const notEnrolled = status({ enrolled: false, village: null, county: null, pending: 0 })
    const wrapper = await mountPage(notEnrolled, info({ enrolled: false, pending: 0, demo: true }))
    const step = wrapper.get('[data-test="demo-clear-step"]')
    expect(step.text()).toContain('第一步：清除演示数据')
    // Enrollment waits for the demo to go (it would be refused on a database with data).
    expect(wrapper.get('[data-test="sync-enroll"]').attributes('disabled')).toBeDefined()

    vi.mocked(ipc.demoContents).mockResolvedValue(DEMO)
    await wrapper.get('[data-test="demo-clear-start"]').trigger('click')
    await flushPromises()
    const plan = wrapper.get('[data-test="demo-clear-plan"]')
    expect(plan.text()).toContain('确认清除下面这些演示数据？')
    expect(plan.text()).toContain('农户 300 户，934 人')
    expect(plan.text()).toContain('工作队员 3 人，工作日志 105 条')
    expect(ipc.demoClear).not.toHaveBeenCalled()

    // 取消 changes nothing.
    await wrapper.get('[data-test="demo-clear-cancel"]').trigger('click')
    expect(wrapper.find('[data-test="demo-clear-plan"]').exists()).toBe(false)
    await wrapper.get('[data-test="demo-clear-start"]').trigger('click')
    await flushPromises()

    vi.mocked(ipc.demoClear).mockResolvedValue(DEMO)
    vi.mocked(ipc.appInfo).mockResolvedValue(info({ enrolled: false, pending: 0, demo: false }, { households: 0, persons: 0 }))
    await wrapper.get('[data-test="demo-clear-confirm"]').trigger('click')
    await flushPromises()
    expect(ipc.demoClear).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-test="demo-clear-step"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('演示数据已清除（300 户农户、3 名队员等）')
    expect(wrapper.text()).toContain('下一步：导入县里发的登记文件。')
    expect(wrapper.get('[data-test="sync-enroll"]').attributes('disabled')).toBeUndefined()
  })

  it('shows the refusal when the data is not only the demo’s, and clears nothing', async () => {
    const notEnrolled = status({ enrolled: false, village: null, county: null, pending: 0 })
    const wrapper = await mountPage(notEnrolled, info({ enrolled: false, pending: 0, demo: true }))
    vi.mocked(ipc.demoContents).mockRejectedValue(
      new IpcError('demo.real_data', '数据库里有正式数据，不能清除', '这个数据库里有1次正式花名册导入，不只是演示数据，不能清除。', ''),
    )
    await wrapper.get('[data-test="demo-clear-start"]').trigger('click')
    await flushPromises()
    expect(wrapper.text()).toContain('不只是演示数据，不能清除')
    expect(wrapper.find('[data-test="demo-clear-plan"]').exists()).toBe(false)
    expect(ipc.demoClear).not.toHaveBeenCalled()
  })
})
