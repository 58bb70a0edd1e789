'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useApiKeysCache } from '@/lib/client/use-api-keys'
import type { CreateApiKeyInput, CreateApiKeyResponse } from '@/lib/schemas/api-key'

/** Creates a key. The answer's `token` is the full key: it is never sent again, so show it before dropping it. */
export function useCreateApiKey() {
  const { workspaceId, show } = useApiKeysCache()
  return useMutation({
    mutationFn: (body: CreateApiKeyInput) =>
      apiRequest<CreateApiKeyResponse>('/api_keys/create', { workspaceId, body }),
    onSuccess: ({ api_key }) => show(api_key),
  })
}
