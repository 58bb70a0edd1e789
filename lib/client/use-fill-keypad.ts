'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /devices/simulate/fill_keypad: every free slot of the sandbox lock gets a code Latchkey did not set. */
export function useFillKeypad(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      apiRequest<{ codes_added: number }>('/devices/simulate/fill_keypad', {
        workspaceId,
        body: { device_id: deviceId },
      }),
    onSuccess: () => afterSimulation(queryClient, deviceId),
  })
}
