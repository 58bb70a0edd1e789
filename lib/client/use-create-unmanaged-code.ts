'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { UnmanagedAccessCode } from '@/lib/schemas/access-code'

/** /access_codes/simulate/create_unmanaged_access_code: someone adds a code at the sandbox lock, outside Latchkey. */
export function useCreateUnmanagedCode(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: { code: string; name: string }) =>
      (
        await apiRequest<{ access_code: UnmanagedAccessCode }>('/access_codes/simulate/create_unmanaged_access_code', {
          workspaceId,
          body: { device_id: deviceId, ...input },
        })
      ).access_code,
    onSuccess: () => afterSimulation(queryClient, deviceId),
  })
}
