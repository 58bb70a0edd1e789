'use client'

import { useQuery, useQueryClient } from '@tanstack/react-query'
import { apiKeysQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ApiKey } from '@/lib/schemas/api-key'

/** The workspace's API keys, revoked ones included. Admins only: anyone else gets a 403 `forbidden`. */
export function useApiKeys() {
  const workspaceId = useWorkspaceId()
  return useQuery({ ...apiKeysQueryOptions(workspaceId), select: (data) => data.api_keys })
}

/** For the key writes: `show` puts a created or revoked key in the cached list at once, then fetches the list again. */
export function useApiKeysCache() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  const { queryKey } = apiKeysQueryOptions(workspaceId)
  const show = (apiKey: ApiKey) => {
    queryClient.setQueryData(queryKey, (old) => {
      if (old === undefined) return old
      const known = old.api_keys.some((k) => k.api_key_id === apiKey.api_key_id)
      return {
        ...old,
        api_keys: known
          ? old.api_keys.map((k) => (k.api_key_id === apiKey.api_key_id ? apiKey : k))
          : [...old.api_keys, apiKey],
      }
    })
    void queryClient.invalidateQueries({ queryKey })
  }
  return { workspaceId, show }
}
