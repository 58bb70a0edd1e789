'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { invalidateLock } from '@/lib/client/use-simulate-fault'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /devices/simulate/clear_faults: the sandbox lock behaves again. */
export function useClearFaults(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      apiRequest<{ ok: true }>('/devices/simulate/clear_faults', { workspaceId, body: { device_id: deviceId } }),
    onSuccess: () => invalidateLock(queryClient, deviceId),
  })
}
