'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ApiKey } from '@/lib/schemas/api-key'

/** Revokes a key: from then on every request made with it is refused. */
export function useRevokeApiKey() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (key: Pick<ApiKey, 'api_key_id'>) =>
      apiRequest<{ api_key: ApiKey }>('/api_keys/revoke', { workspaceId, body: { api_key_id: key.api_key_id } }),
    onSuccess: ({ api_key }) => {
      queryClient.setQueryData<ApiKey[]>(queryKeys.apiKeys.list(), (old) =>
        old?.map((k) => (k.api_key_id === api_key.api_key_id ? api_key : k)),
      )
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys.list() })
    },
  })
}
