'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import type { DeviceCodes } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

export function useDeleteAccessCode() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: Pick<AccessCode, 'access_code_id' | 'device_id'>) =>
      apiRequest<{ action_attempt: ActionAttempt }>('/access_codes/delete', {
        workspaceId,
        body: { access_code_id: code.access_code_id },
      }),
    onSuccess: (_result, code) => {
      // Move it to "being removed" at once; the list refetches until the lock no longer has it.
      queryClient.setQueryData<DeviceCodes>(queryKeys.accessCodes.list(code.device_id), (old) => {
        if (old === undefined) return old
        const removed = old.codes.find((c) => c.access_code_id === code.access_code_id)
        return {
          codes: old.codes.filter((c) => c.access_code_id !== code.access_code_id),
          removals: removed === undefined ? old.removals : [...old.removals, { ...removed, status: 'removing' }],
        }
      })
      queryClient.removeQueries({ queryKey: queryKeys.accessCodes.get(code.access_code_id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(code.device_id) })
    },
  })
}
