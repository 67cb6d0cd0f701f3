import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn(), save: vi.fn() }))

import { invoke } from '@tauri-apps/api/core'
import { open } from '@tauri-apps/plugin-dialog'
import * as ipc from '.'
import { IpcError } from '.'
import type { HouseholdFilter } from './bindings'

const invokeMock = vi.mocked(invoke)
const HAN = /[\u4e00-\u9fff]/

async function rejection(promise: Promise<unknown>): Promise<IpcError> {
  const reason = await promise.then(
    () => {
      throw new Error('expected the call to reject')
    },
    (e: unknown) => e,
  )
  expect(reason).toBeInstanceOf(IpcError)
  return reason as IpcError
}

describe('IPC error wrapper', () => {
  beforeEach(() => invokeMock.mockReset())

  it('maps file.not_spreadsheet to an IpcError that keeps the code and the back end’s Chinese message', async () => {
    const backend = '文件“名单.docx”不是表格文件。请选择 .xlsx、.xls 或 .csv 文件。'
    invokeMock.mockRejectedValueOnce({ code: 'file.not_spreadsheet', message: backend, detail: 'not a spreadsheet: 名单.docx' })

    const err = await rejection(ipc.rosterImport('/tmp/名单.docx', true))

    expect(err.code).toBe('file.not_spreadsheet')
    // For file.* the back end's sentence names the file, so it is what the user reads.
    expect(err.message).toBe(backend)
    // The title comes from our catalogue, not from the back end.
    expect(err.title).toBe('这不是表格文件')
    // The detail is for the log only, but must not be lost.
    expect(err.detail).toBe('not a spreadsheet: 名单.docx')
  })

  it('falls back to the catalogue title when a file error arrives without a message', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'file.too_large', message: '', detail: '' })
    const err = await rejection(ipc.rosterImport('/tmp/big.xlsx', true))
    expect(err.message).toBe('文件太大')
  })

  it('keeps the back end’s sentence for db.in_use, which names the database', async () => {
    const backend = '数据库 /home/u/zhucun.db 正在被一个命令（zhucun 或县级服务器）使用。请等它结束后再打开；若一直如此，请重启电脑后再试。'
    invokeMock.mockRejectedValueOnce({ code: 'db.in_use', message: backend, detail: 'in use' })
    const err = await rejection(ipc.appInfo())
    expect(err.title).toBe('数据库正被其他程序使用')
    expect(err.message).toBe(backend)
  })

  it('says that the app is open in another window for db.in_use_by_app, whatever the back end wrote for the command line', async () => {
    const backend = '驻村工作台正在使用这个数据库（/home/u/zhucun.db）。请先关闭驻村工作台的窗口再运行这个命令，或者直接在窗口里操作；同一个数据库同时只能由一个窗口使用。'
    invokeMock.mockRejectedValueOnce({ code: 'db.in_use_by_app', message: backend, detail: 'in use by the desktop app' })
    const err = await rejection(ipc.appInfo())
    expect(err.title).toBe('驻村工作台已在另一个窗口中打开')
    expect(err.message).toContain('请切换到那个窗口')
    expect(err.message).not.toContain('命令')
    expect(err.detail).toBe('in use by the desktop app')
  })

  it('shows the back end’s sentence under our title for a code we give only a title', async () => {
    const backend = '张三已有2024年9月10日上午至2024年9月12日下午的请假（待批准），与这次请假时间重叠。请调整时间。'
    invokeMock.mockRejectedValueOnce({ code: 'leave.overlap', message: backend, detail: '' })
    const err = await rejection(ipc.appInfo())
    expect(err.title).toBe('与已有的请假时间重叠')
    expect(err.message).toBe(backend)
  })

  it('prefers the catalogue’s message for codes outside file.* and db.*', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'arg.bad', message: 'village_id“x”不对，请检查后重试。', detail: 'bad argument' })
    const err = await rejection(ipc.villagesList())
    expect(err.code).toBe('arg.bad')
    expect(err.message).toMatch(/^软件收到了不对的操作参数/)
  })

  it('uses the back end’s message for a code the catalogue does not know', async () => {
    invokeMock.mockRejectedValueOnce({ code: 'sync.conflict', message: '同步冲突，请稍后再试。', detail: '' })
    const err = await rejection(ipc.appInfo())
    expect(err.code).toBe('sync.conflict')
    expect(err.message).toBe('同步冲突，请稍后再试。')
  })

  it('turns a rejection that is not an ErrorInfo into a Chinese message without the raw text', async () => {
    invokeMock.mockRejectedValueOnce('command households_list not found')
    const err = await rejection(ipc.householdsList(filter()))
    expect(err.code).toBe('ipc.unknown')
    expect(err.message).toMatch(HAN)
    expect(err.message).not.toContain('not found')
    expect(err.detail).toBe('command households_list not found')
  })

  it('says the back end is unreachable when Tauri is not there', async () => {
    invokeMock.mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'invoke')"))
    const err = await rejection(ipc.appInfo())
    expect(err.code).toBe('ipc.unavailable')
    expect(err.message).toMatch(HAN)
  })
})

describe('IPC commands', () => {
  beforeEach(() => {
    invokeMock.mockReset()
    vi.mocked(open).mockReset()
  })

  it('sends the contract’s command names and argument names', async () => {
    invokeMock.mockResolvedValue(null)
    const f = filter()
    await ipc.householdsList(f)
    await ipc.householdGet('h1')
    await ipc.rosterImport('/a.xlsx', true)
    await ipc.rosterExport('/b.xlsx', null)
    await ipc.rosterTemplate('/c.xlsx')
    await ipc.demoLoad()
    await ipc.uiReady()
    await ipc.syncStatus()
    await ipc.syncExport('/media/usb')
    await ipc.syncImport('/media/usb/回执.zhcb')
    await ipc.syncNow()
    await ipc.enroll('/home/u/梅坪村.enroll')
    await ipc.conflictResolve({ tbl: 'household', row_id: 'h1', col: 'phone', ver: 3 }, 'dev1')
    expect(invokeMock.mock.calls).toEqual([
      ['households_list', { filter: f }],
      ['household_get', { id: 'h1' }],
      ['roster_import', { path: '/a.xlsx', dryRun: true }],
      ['roster_export', { path: '/b.xlsx', villageId: null }],
      ['roster_template', { path: '/c.xlsx' }],
      ['demo_load', undefined],
      ['ui_ready', undefined],
      ['sync_status', undefined],
      ['sync_export', { dir: '/media/usb' }],
      ['sync_import', { path: '/media/usb/回执.zhcb' }],
      ['sync_now', undefined],
      ['enroll', { path: '/home/u/梅坪村.enroll' }],
      ['conflict_resolve', { tbl: 'household', rowId: 'h1', col: 'phone', ver: 3, origin: 'dev1' }],
    ])
  })

  it('offers only roster files in the open dialog and reports a cancel as null', async () => {
    vi.mocked(open).mockResolvedValueOnce(null)
    expect(await ipc.pickRosterFile()).toBeNull()
    const options = vi.mocked(open).mock.calls[0]![0]!
    expect(options.filters).toEqual([{ name: '花名册', extensions: ['xlsx', 'xls', 'csv'] }])
  })

  it('offers a folder for the bundle, .zhcb files to import, and enrollment files with all files', async () => {
    vi.mocked(open).mockResolvedValue('/x')
    await ipc.pickFolder()
    await ipc.pickBundleFile()
    await ipc.pickEnrollmentFile()
    const [folder, bundle, enrollment] = vi.mocked(open).mock.calls.map((c) => c[0]!)
    expect(folder!.directory).toBe(true)
    expect(bundle!.filters).toEqual([{ name: '同步包', extensions: ['zhcb'] }])
    expect(enrollment!.filters).toEqual([
      { name: '登记文件', extensions: ['enroll', 'json'] },
      { name: '所有文件', extensions: ['*'] },
    ])
  })

  it('answers the dialogs from window.__zhucun.picks while a test has queued answers', async () => {
    expect(window.__zhucun?.picks).toEqual([])
    window.__zhucun!.picks!.push('/media/usb', null, '/tmp/a.xlsx', '/tmp/b.xlsx')
    expect(await ipc.pickFolder()).toBe('/media/usb')
    expect(await ipc.pickBundleFile()).toBeNull()
    expect(await ipc.pickRosterFile()).toBe('/tmp/a.xlsx')
    expect(await ipc.pickSavePath('花名册.xlsx')).toBe('/tmp/b.xlsx')
    expect(open).not.toHaveBeenCalled()
    // Once the queue is empty, the real dialog opens again.
    vi.mocked(open).mockResolvedValueOnce('/home/u/梅坪村.enroll')
    expect(await ipc.pickEnrollmentFile()).toBe('/home/u/梅坪村.enroll')
    expect(open).toHaveBeenCalledTimes(1)
  })

  it('rejects with a Chinese message when the back end cannot be followed (outside the app window)', async () => {
    const err = await rejection(ipc.onSyncChanged(() => undefined))
    expect(err.message).toMatch(HAN)
  })
})

function filter(): HouseholdFilter {
  return { village_id: null, group_id: null, category: null, tier: null, query: null, offset: 0, limit: 50 }
}
