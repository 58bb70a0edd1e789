'use client'

import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { SeamConnectInput, SeamConnectionObject } from '@/lib/schemas/seam-connection'

interface SeamConnectionResponse {
  seam_connection: SeamConnectionObject | null
}

/** /seam/status: anyone in the workspace may read it. */
export const seamConnectionQueryOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: queryKeys.seam.status(),
    queryFn: ({ signal }) => apiRequest<SeamConnectionResponse>('/seam/status', { method: 'GET', workspaceId, signal }),
  })

/** The workspace's Seam connection (null when it has none), read again every 30 s while shown. */
export function useSeamConnection() {
  const workspaceId = useWorkspaceId()
  return useQuery({
    ...seamConnectionQueryOptions(workspaceId),
    select: (data) => data.seam_connection,
    refetchInterval: 30_000,
  })
}

/** After a connect or disconnect: the new state at once, and the locks and problems it changes read again. */
function useShowConnection() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return (connection: SeamConnectionObject | null) => {
    queryClient.setQueryData(seamConnectionQueryOptions(workspaceId).queryKey, { seam_connection: connection })
    void queryClient.invalidateQueries({ queryKey: queryKeys.problems.all() })
    void queryClient.invalidateQueries({ queryKey: ['devices'] })
  }
}

/** /seam/connect: checks the key with Seam, stores it encrypted and imports the locks (admins only). */
export function useConnectSeam() {
  const workspaceId = useWorkspaceId()
  const show = useShowConnection()
  return useMutation({
    mutationFn: (body: SeamConnectInput) =>
      apiRequest<SeamConnectionResponse>('/seam/connect', { workspaceId, body: { ...body } }),
    onSuccess: ({ seam_connection }) => show(seam_connection),
  })
}

/** /seam/disconnect: forgets the key; the locks stay listed, their account disconnected (admins only). */
export function useDisconnectSeam() {
  const workspaceId = useWorkspaceId()
  const show = useShowConnection()
  return useMutation({
    mutationFn: () => apiRequest<{ disconnected: boolean }>('/seam/disconnect', { workspaceId }),
    onSuccess: () => show(null),
  })
}
