'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /devices/simulate/fail_next_operations: the sandbox lock refuses its next programming requests and/or removals. */
export function useFailNextOperations(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { set: number; remove: number }) =>
      apiRequest<{ ok: true }>('/devices/simulate/fail_next_operations', {
        workspaceId,
        body: { device_id: deviceId, ...input },
      }),
    onSuccess: () => afterSimulation(queryClient, deviceId),
  })
}
