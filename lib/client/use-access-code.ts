'use client'

import { useQuery } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { isInFlight, LIVE_REFETCH_MS } from '@/lib/client/use-access-codes'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

/** One code; refetches every second while the lock side is working on it. */
export function useAccessCode(accessCodeId: string, initialData?: AccessCode) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    queryKey: queryKeys.accessCodes.get(accessCodeId),
    queryFn: async ({ signal }) =>
      (
        await apiRequest<{ access_code: AccessCode }>('/access_codes/get', {
          method: 'GET',
          workspaceId,
          body: { access_code_id: accessCodeId },
          signal,
        })
      ).access_code,
    ...(initialData === undefined ? {} : { initialData }),
    refetchInterval: (query) =>
      query.state.data !== undefined && isInFlight(query.state.data) ? LIVE_REFETCH_MS : false,
  })
}
