'use client'

import { useQuery } from '@tanstack/react-query'
import { accessCodeQueryOptions } from '@/lib/client/query-options'
import { codesRefetchInterval, isInFlight } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

/**
 * One code; refetches every second while the lock side is working on it, and slowly otherwise, so that an error that
 * comes from its lock (offline, removed, account disconnected) shows without a reload.
 */
export function useAccessCode(accessCodeId: string, initialData?: AccessCode) {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...accessCodeQueryOptions(workspaceId, accessCodeId),
    ...(initialData === undefined ? {} : { initialData: { access_code: initialData } }),
    select: (data) => data.access_code,
    refetchInterval: (query) => {
      const code = query.state.data?.access_code
      return code === undefined ? false : codesRefetchInterval(isInFlight(code) ? [code] : [])
    },
  })
}
