'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** /access_codes/simulate/modify_on_keypad: someone changes one of Latchkey's PINs at the sandbox lock. */
export function useModifyOnKeypad(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { access_code_id: string; code: string }) =>
      apiRequest<{ ok: true }>('/access_codes/simulate/modify_on_keypad', { workspaceId, body: input }),
    onSuccess: (_data, input) =>
      Promise.all([
        afterSimulation(queryClient, deviceId),
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(input.access_code_id) }),
      ]),
  })
}
