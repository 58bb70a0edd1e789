'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { invalidateLock } from '@/lib/client/use-simulate-fault'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /devices/simulate/disconnect and /devices/simulate/connect: the sandbox lock goes offline, or comes back. */
export function useSimulateConnection(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (online: boolean) =>
      apiRequest<{ ok: true }>(`/devices/simulate/${online ? 'connect' : 'disconnect'}`, {
        workspaceId,
        body: { device_id: deviceId },
      }),
    onSuccess: () => invalidateLock(queryClient, deviceId),
  })
}
