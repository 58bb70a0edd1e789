'use client'

import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

export const isInFlight = (code: Pick<AccessCode, 'status'>): boolean =>
  code.status === 'setting' || code.status === 'removing'

/** How often to look again while the lock side is working on a code; no polling when nothing is in flight. */
export const LIVE_REFETCH_MS = 1_000
export const STUCK_REFETCH_MS = 5_000

export interface DeviceCodes {
  codes: AccessCode[]
  /** Deleted codes the lock is still taking off the keypad. */
  removals: AccessCode[]
}

/** Every code on a lock, plus removals still in flight; refetches every second while anything is in progress. */
export function useAccessCodes(deviceId: string) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    queryKey: queryKeys.accessCodes.list(deviceId),
    queryFn: async ({ signal }): Promise<DeviceCodes> => {
      const [list, removals] = await Promise.all([
        apiRequest<{ access_codes: AccessCode[] }>('/access_codes/list', {
          method: 'GET',
          workspaceId,
          body: { device_id: deviceId },
          signal,
        }),
        apiRequest<{ access_codes: AccessCode[] }>('/access_codes/pending_removals/list', {
          method: 'GET',
          workspaceId,
          body: { device_id: deviceId },
          signal,
        }),
      ])
      return { codes: list.access_codes, removals: removals.access_codes }
    },
    refetchInterval: (query) => {
      const data = query.state.data
      if (data === undefined) return false
      const moving = [...data.removals, ...data.codes.filter(isInFlight)]
      if (moving.length === 0) return false
      // Work held up by a problem (an offline or full lock) moves on retries, not every second: look less often.
      return moving.every((c) => c.errors.length > 0) ? STUCK_REFETCH_MS : LIVE_REFETCH_MS
    },
  })
}
