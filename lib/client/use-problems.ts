'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { ProblemsFilter } from '@/lib/schemas/problem'
import { problemsQueryOptions } from '@/lib/client/query-options'
import { IDLE_REFETCH_MS, LIVE_REFETCH_MS, STUCK_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/** How often the header's count looks again: it only has to say whether there is something to look at. */
export const PROBLEM_COUNT_REFETCH_MS = 30_000

/**
 * The queue's first page for these filters, live like the codes table: every 5 s while there are problems (they move
 * on retries, as codes held up by an error do), every 10 s when all is well, and every second for a while after a fix
 * (`watching`), so its effect shows as soon as the lock side has made it. Hidden tabs do not poll, and the list answers
 * 304 while nothing changed.
 */
export function useProblems(filter: ProblemsFilter, { watching = false }: { watching?: boolean } = {}) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...problemsQueryOptions(workspaceId, filter),
    // While the filters change, keep the last list on screen rather than a spinner.
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      if (watching) return LIVE_REFETCH_MS
      const counts = query.state.data?.counts
      return counts === undefined || counts.total > 0 ? STUCK_REFETCH_MS : IDLE_REFETCH_MS
    },
  })
}

/** How many problems the workspace has now, by severity (one problem is read, the counts cover them all). */
export function useProblemCounts() {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...problemsQueryOptions(workspaceId, { limit: 1 }),
    select: (data) => data.counts,
    refetchInterval: PROBLEM_COUNT_REFETCH_MS,
  })
}
