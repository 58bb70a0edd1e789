'use client'

import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** What a simulation changes on a lock: the lock itself and its codes, which the lock side is about to look at. */
export function invalidateLock(queryClient: QueryClient, deviceId: string): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.devices.get(deviceId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(deviceId) }),
    queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.pendingRemovals(deviceId) }),
  ])
}

/** /devices/simulate/fault on a sandbox lock. */
export function useSimulateFault(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { fault: string; operations?: number | undefined }) =>
      apiRequest<{ ok: true }>('/devices/simulate/fault', { workspaceId, body: { device_id: deviceId, ...input } }),
    onSuccess: () => invalidateLock(queryClient, deviceId),
  })
}
