'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { accessCodesQueryOptions, pendingRemovalsQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, AccessCodeActionResponse } from '@/lib/schemas/access-code'

export function useDeleteAccessCode() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: Pick<AccessCode, 'access_code_id' | 'device_id'>) =>
      apiRequest<AccessCodeActionResponse>('/access_codes/delete', {
        workspaceId,
        body: { access_code_id: code.access_code_id },
      }),
    onSuccess: (_result, code) => {
      // Move it to "being removed" at once; the lists refetch until the lock no longer has it.
      const list = accessCodesQueryOptions(workspaceId, code.device_id)
      const removals = pendingRemovalsQueryOptions(workspaceId, code.device_id)
      const removed = queryClient
        .getQueryData(list.queryKey)
        ?.access_codes.find((c) => c.access_code_id === code.access_code_id)
      queryClient.setQueryData(list.queryKey, (old) =>
        old === undefined
          ? old
          : { ...old, access_codes: old.access_codes.filter((c) => c.access_code_id !== code.access_code_id) },
      )
      if (removed !== undefined) {
        queryClient.setQueryData(removals.queryKey, (old) =>
          old === undefined
            ? old
            : { ...old, access_codes: [...old.access_codes, { ...removed, status: 'removing' as const }] },
        )
      }
      queryClient.removeQueries({ queryKey: queryKeys.accessCodes.get(code.access_code_id) })
      void queryClient.invalidateQueries({ queryKey: list.queryKey })
      void queryClient.invalidateQueries({ queryKey: removals.queryKey })
    },
  })
}
