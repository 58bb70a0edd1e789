'use client'

import { useQuery } from '@tanstack/react-query'
import { unmanagedAccessCodesQueryOptions } from '@/lib/client/query-options'
import { IDLE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * One lock's unmanaged codes (found on its keypad, not set by Latchkey), refreshed at the pace of an idle codes table:
 * someone may add one at the keypad at any time. With `enabled: false` it only follows what another caller fetches.
 */
export function useUnmanagedAccessCodes(deviceId: string, { enabled = true }: { enabled?: boolean } = {}) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...unmanagedAccessCodesQueryOptions(workspaceId, deviceId),
    enabled,
    refetchInterval: IDLE_REFETCH_MS,
  })
}
