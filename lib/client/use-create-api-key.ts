'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ApiKey, CreateApiKeyInput, CreateApiKeyResponse } from '@/lib/schemas/api-key'

/** Creates a key. The answer's `token` is the full key: it is never sent again, so show it before dropping it. */
export function useCreateApiKey() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateApiKeyInput) =>
      apiRequest<CreateApiKeyResponse>('/api_keys/create', { workspaceId, body: { ...body } }),
    onSuccess: ({ api_key }) => {
      queryClient.setQueryData<ApiKey[]>(queryKeys.apiKeys.list(), (old) =>
        old === undefined ? old : [...old, api_key],
      )
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list() })
    },
  })
}
