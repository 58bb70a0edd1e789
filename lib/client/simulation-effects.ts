import type { QueryClient } from '@tanstack/react-query'
import { queryKeys } from '@/lib/client/query-keys'
import { invalidateLock } from '@/lib/client/use-simulate-fault'

/**
 * What a simulation may change beyond the lock and its codes: the problems queue (and its count in the header) and
 * the events, which the lock side is about to write.
 */
export function afterSimulation(queryClient: QueryClient, deviceId: string): Promise<unknown> {
  return Promise.all([
    invalidateLock(queryClient, deviceId),
    queryClient.invalidateQueries({ queryKey: queryKeys.problems.all() }),
    queryClient.invalidateQueries({ queryKey: ['events'] }),
  ])
}
