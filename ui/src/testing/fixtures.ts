/**
 * Builders of what the back end answers, for the Vitest specs: one complete, valid value each, which a
 * spec adjusts with overrides. Test-only: nothing outside `*.spec.ts` imports this.
 */
import type { AppInfo, StoreCounts, SyncStatus } from '@/ipc'

export const LAPTOP = 'a1b2c3d4e5f60718'
export const COUNTY = 'c0c0c0c0c0c0c0c0'

/** An enrolled laptop with a 300-household village, 12 changes waiting for the county. */
export function appInfo(overrides: Partial<AppInfo> = {}, counts: Partial<StoreCounts> = {}): AppInfo {
  return {
    version: '0.1.0',
    db_path: '/tmp/zhucun.db',
    schema_version: 3,
    today: '2024-08-05',
    enrolled: true,
    pending: 12,
    ...overrides,
    counts: { villages: 1, households: 300, persons: 1100, cadres: 0, pairings_open: 0, changes: 0, imports: 0, ...overrides.counts, ...counts },
  }
}

/** The 同步 status of that laptop: nothing confirmed yet, no server, no conflicts. */
export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    device: LAPTOP,
    role: 'laptop',
    enrolled: true,
    village: '梅坪村',
    county: COUNTY,
    server_url: null,
    pending: 12,
    last_ack_at: null,
    conflicts: [],
    proposals_open: 0,
    devices: 0,
    events: [],
    ...overrides,
  }
}
