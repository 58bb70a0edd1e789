'use client'

import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { staysQueryOptions } from '@/lib/client/query-options'
import type { StaysFilter } from '@/lib/client/stays-model'
import { IDLE_REFETCH_MS, STUCK_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * The stays list for these filters, a page at a time (`fetchNextPage` for "Show more"). Each stay's health follows
 * its doors: every 5 s while a stay on screen is still being programmed, every 10 s otherwise. While the filters
 * change, the last list stays on screen rather than a spinner.
 */
export function useStays(filter: StaysFilter) {
  const workspaceId = useWorkspaceId()
  return useInfiniteQuery({
    ...staysQueryOptions(workspaceId, filter),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.stays.some((stay) => stay.health === 'pending')) === true
        ? STUCK_REFETCH_MS
        : IDLE_REFETCH_MS,
  })
}
