'use client'

import { useQueries, useQueryClient } from '@tanstack/react-query'
import { accessCodesQueryOptions, pendingRemovalsQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, AccessCodesResponse } from '@/lib/schemas/access-code'

export const isInFlight = (code: Pick<AccessCode, 'status'>): boolean =>
  code.status === 'setting' || code.status === 'removing'

/** How often to look again while the lock side is working on a code. */
export const LIVE_REFETCH_MS = 1_000
export const STUCK_REFETCH_MS = 5_000
/**
 * How often to look again when nothing is in flight: a lock can go offline, be removed or lose its account at any
 * time, and its codes then carry the error. Cheap: the list answers 304 to the browser's If-None-Match while the
 * lock's codes are unchanged, and hidden tabs do not poll.
 */
export const IDLE_REFETCH_MS = 10_000

/** The poll interval for codes in these states: fast while any is in flight, slow otherwise. */
export function codesRefetchInterval(inFlight: readonly Pick<AccessCode, 'errors'>[]): number {
  if (inFlight.length === 0) return IDLE_REFETCH_MS
  // Work held up by a problem (an offline or full lock) moves on retries, not every second: look less often.
  return inFlight.every((c) => c.errors.length > 0) ? STUCK_REFETCH_MS : LIVE_REFETCH_MS
}

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
  return codesRefetchInterval([...removals.access_codes, ...codes.access_codes.filter(isInFlight)])
}

/**
 * Every code on a lock, plus removals still in flight (two API reads, polled together); refetches every second
 * while anything is in progress, and every IDLE_REFETCH_MS otherwise. With `enabled: false` it only follows what
 * another caller fetches.
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
