'use client'

import { useQueries, useQueryClient } from '@tanstack/react-query'
import { accessCodesQueryOptions, pendingRemovalsQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, AccessCodesResponse } from '@/lib/schemas/access-code'

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

export type DeviceCodesQuery = {
  data: DeviceCodes | undefined
  isFetching: boolean
  refetch(): Promise<unknown>
} & ({ isError: true; error: Error } | { isError: false; error: null })

function refetchInterval(codes?: AccessCodesResponse, removals?: AccessCodesResponse): number | false {
  if (codes === undefined || removals === undefined) return false
  const moving = [...removals.access_codes, ...codes.access_codes.filter(isInFlight)]
  if (moving.length === 0) return false
  // Work held up by a problem (an offline or full lock) moves on retries, not every second: look less often.
  return moving.every((c) => c.errors.length > 0) ? STUCK_REFETCH_MS : LIVE_REFETCH_MS
}

/**
 * Every code on a lock, plus removals still in flight (two API reads, polled together); refetches every second
 * while anything is in progress. With `enabled: false` it only follows what another caller fetches.
 */
export function useAccessCodes(deviceId: string, { enabled = true }: { enabled?: boolean } = {}): DeviceCodesQuery {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  const list = accessCodesQueryOptions(workspaceId, deviceId)
  const removals = pendingRemovalsQueryOptions(workspaceId, deviceId)
  const interval = () =>
    refetchInterval(queryClient.getQueryData(list.queryKey), queryClient.getQueryData(removals.queryKey))
  return useQueries({
    queries: [
      { ...list, enabled, refetchInterval: interval },
      { ...removals, enabled, refetchInterval: interval },
    ],
    combine: ([codes, removed]): DeviceCodesQuery => {
      const error = codes.error ?? removed.error
      return {
        data:
          codes.data === undefined || removed.data === undefined
            ? undefined
            : { codes: codes.data.access_codes, removals: removed.data.access_codes },
        isFetching: codes.isFetching || removed.isFetching,
        refetch: () => Promise.all([codes.refetch(), removed.refetch()]),
        ...(error === null ? { isError: false, error: null } : { isError: true, error }),
      }
    },
  })
}
