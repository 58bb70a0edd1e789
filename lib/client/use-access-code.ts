'use client'

import { useQuery } from '@tanstack/react-query'
import { accessCodeQueryOptions } from '@/lib/client/query-options'
import { isInFlight, LIVE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

/** One code; refetches every second while the lock side is working on it. */
export function useAccessCode(accessCodeId: string, initialData?: AccessCode) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...accessCodeQueryOptions(workspaceId, accessCodeId),
    ...(initialData === undefined ? {} : { initialData: { access_code: initialData } }),
    select: (data) => data.access_code,
    refetchInterval: (query) =>
      query.state.data !== undefined && isInFlight(query.state.data.access_code) ? LIVE_REFETCH_MS : false,
  })
}
