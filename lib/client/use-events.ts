'use client'

import { useQuery } from '@tanstack/react-query'
import { accessCodeEventsQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** A code's events, newest first (since the code was created). */
export function useAccessCodeEvents(accessCodeId: string, since: string, options: { live?: boolean } = {}) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...accessCodeEventsQueryOptions(workspaceId, accessCodeId, since),
    select: (data) => data.events,
    refetchInterval: options.live === true ? 2_000 : false,
  })
}
