'use client'

import { useInfiniteQuery } from '@tanstack/react-query'
import { searchUnmanagedAccessCodesQueryOptions } from '@/lib/client/query-options'
import { IDLE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * The codes found on keypads but not managed by Latchkey that a search finds across the workspace, a page at a time
 * (`fetchNextPage` for "Show more"), refreshed at the pace of an idle codes table; hidden tabs do not poll.
 */
export function useSearchUnmanagedAccessCodes(search: string) {
  const workspaceId = useWorkspaceId()
  return useInfiniteQuery({
    ...searchUnmanagedAccessCodesQueryOptions(workspaceId, search),
    refetchInterval: IDLE_REFETCH_MS,
  })
}
