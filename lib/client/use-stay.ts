'use client'

import { useQuery, type QueryClient } from '@tanstack/react-query'
import { queryKeys } from '@/lib/client/query-keys'
import { stayQueryOptions } from '@/lib/client/query-options'
import { doorsInFlight } from '@/lib/client/stays-model'
import { codesRefetchInterval, LIVE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { Stay } from '@/lib/schemas/stay'

/**
 * One stay with its doors' codes, live like a code page: every second while the lock side is putting a door's code
 * on or taking it off (or for a while after a change, `watching`), every 5 s while that work is held up by an error,
 * and every 10 s otherwise, so that a lock going offline shows without a reload. Hidden tabs do not poll.
 */
export function useStay(stayId: string, { watching = false }: { watching?: boolean } = {}) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...stayQueryOptions(workspaceId, stayId),
    select: (data) => data.stay,
    refetchInterval: (query) => {
      const stay = query.state.data?.stay
      if (stay === undefined) return false
      if (watching) return LIVE_REFETCH_MS
      const flying = doorsInFlight(stay)
      // Doors still waiting for their first try have no code status to follow yet: look again soon.
      if (flying.length === 0 && stay.health === 'pending') return LIVE_REFETCH_MS
      return codesRefetchInterval(flying)
    },
  })
}

/**
 * After a write that changed a stay: its page shows the answer at once, and every list of stays, codes and problems
 * (which the stay's doors are part of) is read again.
 */
export function afterStayWrite(queryClient: QueryClient, workspaceId: string, stay: Stay | null): Promise<unknown> {
  if (stay !== null) queryClient.setQueryData(stayQueryOptions(workspaceId, stay.stay_id).queryKey, { stay })
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.stays.all() }),
    queryClient.invalidateQueries({ queryKey: ['access_codes'] }),
    queryClient.invalidateQueries({ queryKey: queryKeys.problems.all() }),
  ])
}
