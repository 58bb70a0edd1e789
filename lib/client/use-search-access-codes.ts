'use client'

import { useInfiniteQuery } from '@tanstack/react-query'
import { searchAccessCodesQueryOptions } from '@/lib/client/query-options'
import { IDLE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * The codes a search finds across the workspace, a page at a time (`fetchNextPage` for "Show more"). Statuses stay
 * live at the pace of an idle codes table; hidden tabs do not poll.
 */
export function useSearchAccessCodes(search: string) {
  const workspaceId = useWorkspaceId()
  return useInfiniteQuery({ ...searchAccessCodesQueryOptions(workspaceId, search), refetchInterval: IDLE_REFETCH_MS })
}
