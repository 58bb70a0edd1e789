import type { ProblemsFilter } from '@/lib/schemas/problem'
import type { StaysFilter } from '@/lib/client/stays-model'

/** The queue's filters, and how many problems to ask for. */
export type ProblemsQuery = ProblemsFilter & { limit?: number }

/**
 * Every query key the dashboard uses, mirroring the API's paths, so a mutation can invalidate by prefix
 * (e.g. everything under ['access_codes']).
 */
export const queryKeys = {
  accessCodes: {
    list: (deviceId: string) => ['access_codes', 'list', { device_id: deviceId }] as const,
    get: (accessCodeId: string) => ['access_codes', 'get', { access_code_id: accessCodeId }] as const,
    pendingRemovals: (deviceId: string) =>
      ['access_codes', 'pending_removals', 'list', { device_id: deviceId }] as const,
    /** Why the code does or does not open the door (/access_codes/explain). */
    explain: (accessCodeId: string) => ['access_codes', 'explain', { access_code_id: accessCodeId }] as const,
    /** A workspace-wide search, page after page (the search page's "Show more"). */
    search: (search: string) => ['access_codes', 'list', { search }] as const,
    /** Unmanaged codes a workspace-wide search finds, page after page (the search page). */
    searchUnmanaged: (search: string) => ['access_codes', 'unmanaged', 'list', { search }] as const,
    /** One lock's unmanaged codes (the lock page). */
    unmanaged: (deviceId: string) => ['access_codes', 'unmanaged', 'list', { device_id: deviceId }] as const,
  },
  devices: {
    get: (deviceId: string) => ['devices', 'get', { device_id: deviceId }] as const,
  },
  events: {
    list: (filter: { access_code_id: string }) => ['events', 'list', filter] as const,
  },
  apiKeys: {
    list: () => ['api_keys', 'list'] as const,
  },
  seam: {
    /** The workspace's Seam connection (/seam/status). */
    status: () => ['seam', 'status'] as const,
  },
  problems: {
    /** Every read of the queue (a mutation that may fix a problem invalidates them all). */
    all: () => ['problems'] as const,
    list: (query: ProblemsQuery) => ['problems', 'list', query] as const,
  },
  stays: {
    /** Every read of stays (a write to one changes lists and pages alike). */
    all: () => ['stays'] as const,
    /** The stays list for these filters, page after page ("in progress and upcoming" is read at each fetch). */
    list: (filter: StaysFilter) => ['stays', 'list', filter] as const,
    get: (stayId: string) => ['stays', 'get', { stay_id: stayId }] as const,
  },
} as const
