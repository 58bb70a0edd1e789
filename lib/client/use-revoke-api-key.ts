'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useApiKeysCache } from '@/lib/client/use-api-keys'
import type { ApiKey, RevokeApiKeyResponse } from '@/lib/schemas/api-key'

/** Revokes a key: from then on every request made with it is refused. */
export function useRevokeApiKey() {
  const { workspaceId, show } = useApiKeysCache()
  return useMutation({
    mutationFn: (key: Pick<ApiKey, 'api_key_id'>) =>
      apiRequest<RevokeApiKeyResponse>('/api_keys/revoke', { workspaceId, body: { api_key_id: key.api_key_id } }),
    onSuccess: ({ api_key }) => show(api_key),
  })
}
