'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { KeypadCodeEntry } from '@/lib/schemas/simulate'

/** /devices/simulate/keypad_code_entry: someone types a PIN at the sandbox lock; the answer says whether it opened, and why not. */
export function useSimulateKeypadEntry(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (code: string) =>
      (
        await apiRequest<{ keypad_code_entry: KeypadCodeEntry }>('/devices/simulate/keypad_code_entry', {
          workspaceId,
          body: { device_id: deviceId, code },
        })
      ).keypad_code_entry,
    // A one-time code is used up by its entry.
    onSuccess: () => afterSimulation(queryClient, deviceId),
  })
}
