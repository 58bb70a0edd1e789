'use client'

import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { SeamEvent } from '@/lib/schemas/event'

/** A code's events, newest first (since the code was created). */
export function useAccessCodeEvents(accessCodeId: string, since: string, options: { live?: boolean } = {}) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    queryKey: queryKeys.events.list({ access_code_id: accessCodeId }),
    queryFn: async ({ signal }) =>
      (
        await apiRequest<{ events: SeamEvent[] }>('/events/list', {
          method: 'GET',
          workspaceId,
          body: { access_code_id: accessCodeId, since, limit: 200 },
          signal,
        })
      ).events,
    refetchInterval: options.live === true ? 2_000 : false,
  })
}
