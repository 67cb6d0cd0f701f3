import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('@/ipc', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/ipc')>()
  return {
    ...actual,
    rosterImport: vi.fn(),
    appInfo: vi.fn(),
    villagesList: vi.fn(async () => []),
  }
})

import * as ipc from '@/ipc'
import type { ImportReport } from '@/ipc'
import { useRosterStore } from './roster'

const rosterImport = vi.mocked(ipc.rosterImport)

function report(ok: boolean, dryRun: boolean): ImportReport {
  return {
    file_name: 'a.xlsx',
    format: 'xlsx',
    encoding: null,
    sheet_name: null,
    dry_run: dryRun,
    ok,
    rows: 1,
    households: 1,
    persons: 1,
    ignored_columns: [],
    issues: [],
    issues_total: ok ? 0 : 1,
    counts: null,
    changes: [],
    changes_total: 0,
  }
}

describe('roster store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    rosterImport.mockReset()
    vi.mocked(ipc.appInfo).mockResolvedValue({
      version: '0.1.0',
      db_path: '/tmp/z.db',
      schema_version: 1,
      today: '2024-08-05',
      enrolled: false,
      pending: 0,
      demo: false,
      counts: { villages: 1, households: 1, persons: 1, cadres: 0, pairings_open: 0, changes: 0, imports: 1 },
    })
  })

  it('only previews when a file is chosen: nothing is written before the user confirms', async () => {
    rosterImport.mockResolvedValue(report(true, true))
    const roster = useRosterStore()
    await roster.check('/tmp/a.xlsx')
    expect(rosterImport.mock.calls).toEqual([['/tmp/a.xlsx', true]])
    expect(roster.stage).toBe('preview')

    rosterImport.mockResolvedValue(report(true, false))
    await roster.confirm()
    expect(rosterImport.mock.calls.at(-1)).toEqual(['/tmp/a.xlsx', false])
    expect(roster.stage).toBe('done')
  })

  it('cannot confirm a roster the dry run refused', async () => {
    rosterImport.mockResolvedValue(report(false, true))
    const roster = useRosterStore()
    await roster.check('/tmp/bad.xlsx')
    await roster.confirm()
    // The only call is the dry run.
    expect(rosterImport.mock.calls).toEqual([['/tmp/bad.xlsx', true]])
    expect(roster.canConfirm).toBe(false)
  })

  it('keeps the Chinese error when the file cannot be read', async () => {
    rosterImport.mockRejectedValue(new ipc.IpcError('file.io', '无法读取文件', '无法读取“a.xlsx”：文件正被其他程序占用。', ''))
    const roster = useRosterStore()
    await roster.check('/tmp/a.xlsx')
    expect(roster.stage).toBe('idle')
    expect(roster.importError?.message).toBe('无法读取“a.xlsx”：文件正被其他程序占用。')
  })
})
