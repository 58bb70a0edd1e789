'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { accessCodeQueryOptions, accessCodesQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { CreateAccessCodeBody, CreateAccessCodeResponse } from '@/lib/schemas/access-code'

export function useCreateAccessCode() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateAccessCodeBody) =>
      apiRequest<CreateAccessCodeResponse>('/access_codes/create', { workspaceId, body: { ...body } }),
    onSuccess: ({ access_code }) => {
      // Show the new code at once (in progress); the list then refetches until the lock has it.
      queryClient.setQueryData(accessCodeQueryOptions(workspaceId, access_code.access_code_id).queryKey, {
        access_code,
      })
      const list = accessCodesQueryOptions(workspaceId, access_code.device_id)
      queryClient.setQueryData(list.queryKey, (old) =>
        old === undefined ? old : { ...old, access_codes: [...old.access_codes, access_code] },
      )
      void queryClient.invalidateQueries({ queryKey: list.queryKey })
    },
  })
}
