'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterSimulation } from '@/lib/client/simulation-effects'
import { useWorkspaceId } from '@/lib/client/workspace-context'

/**
 * /connected_accounts/simulate/disconnect and …/connect: the lock maker's account of a sandbox lock stops answering,
 * or answers again. It affects every lock of the account; the page's lock is the one refreshed.
 */
export function useSimulateAccountConnection(deviceId: string, connectedAccountId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (connected: boolean) =>
      apiRequest<{ ok: true }>(`/connected_accounts/simulate/${connected ? 'connect' : 'disconnect'}`, {
        workspaceId,
        body: { connected_account_id: connectedAccountId },
      }),
    onSuccess: () => afterSimulation(queryClient, deviceId),
  })
}
