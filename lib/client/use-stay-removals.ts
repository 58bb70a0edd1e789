'use client'

import { useQueries } from '@tanstack/react-query'
import { pendingRemovalsQueryOptions } from '@/lib/client/query-options'
import type { LeavingCode, RemovalState } from '@/lib/client/stays-model'
import { LIVE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * Codes a change of a stay deleted (a cancellation, a door taken away), followed on their locks through
 * /access_codes/pending_removals/list: "removing" while the lock still holds the PIN, "gone" once it has let go. Each
 * lock is read every second until none of its followed codes is left, then no more.
 */
export function useStayRemovals(leaving: readonly LeavingCode[]): ReadonlyMap<string, RemovalState> {
  const workspaceId = useWorkspaceId()
  const deviceIds = [...new Set(leaving.map((l) => l.deviceId))]
  const followed = (deviceId: string): Set<string> =>
    new Set(leaving.filter((l) => l.deviceId === deviceId).map((l) => l.accessCodeId))
  return useQueries({
    queries: deviceIds.map((deviceId) => ({
      ...pendingRemovalsQueryOptions(workspaceId, deviceId),
      refetchInterval: (query: { state: { data?: { access_codes: { access_code_id: string }[] } } }) => {
        const ids = followed(deviceId)
        const data = query.state.data
        return data === undefined || data.access_codes.some((c) => ids.has(c.access_code_id)) ? LIVE_REFETCH_MS : false
      },
    })),
    combine: (results) => {
      const states = new Map<string, RemovalState>()
      deviceIds.forEach((deviceId, i) => {
        const data = results[i]?.data
        const ids = followed(deviceId)
        // Until the lock's list is read, the code is taken to be on its way off.
        const still = data === undefined || data.access_codes.some((c) => ids.has(c.access_code_id))
        states.set(deviceId, still ? 'removing' : 'gone')
      })
      return states
    },
  })
}
