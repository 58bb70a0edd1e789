'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /access_codes/simulate/remove_from_keypad: someone deletes one of Latchkey's codes at the sandbox lock. */
export function useRemoveFromKeypad(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (accessCodeId: string) =>
      apiRequest<{ ok: true }>('/access_codes/simulate/remove_from_keypad', {
        workspaceId,
        body: { access_code_id: accessCodeId },
      }),
    onSuccess: (_data, accessCodeId) =>
      Promise.all([
        afterSimulation(queryClient, deviceId),
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(accessCodeId) }),
      ]),
  })
}
