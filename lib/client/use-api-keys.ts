'use client'

import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ApiKey } from '@/lib/schemas/api-key'

/** The workspace's API keys, revoked ones included. Admins only: anyone else gets a 403 `forbidden`. */
export function useApiKeys() {
  const workspaceId = useWorkspaceId()
  return useQuery({
    queryKey: queryKeys.apiKeys.list(),
    queryFn: async ({ signal }) =>
      (await apiRequest<{ api_keys: ApiKey[] }>('/api_keys/list', { method: 'GET', workspaceId, signal })).api_keys,
  })
}
