'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { withRevealedPin } from '@/lib/client/use-reveal-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, PullBackupAccessCodeResponse } from '@/lib/schemas/access-code'
import type { ProblemAction } from '@/lib/schemas/problem'

/** The fixes of the queue that are an API call (the others are a link, or instructions to read). */
export type CallAction = Extract<
  ProblemAction,
  { action: 'pull_backup_access_code' | 'retry_access_code' | 'delete_unmanaged_access_code' | 'convert_to_managed' }
>

export const isCallAction = (action: ProblemAction): action is CallAction =>
  action.action === 'pull_backup_access_code' ||
  action.action === 'retry_access_code' ||
  action.action === 'delete_unmanaged_access_code' ||
  action.action === 'convert_to_managed'

const paths: Record<CallAction['action'], string> = {
  pull_backup_access_code: '/access_codes/pull_backup_access_code',
  // An update that changes nothing asks the lock side to look at the code again now.
  retry_access_code: '/access_codes/update',
  delete_unmanaged_access_code: '/access_codes/unmanaged/delete',
  convert_to_managed: '/access_codes/unmanaged/convert_to_managed',
}

/**
 * Runs one of the queue's fixes through the API it names. A pulled backup comes back (to show its PIN); afterwards
 * the queue, and any code or lock list on screen, are read again.
 */
export function useProblemAction() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (action: CallAction): Promise<AccessCode | undefined> => {
      const body = { access_code_id: action.access_code_id }
      if (action.action === 'pull_backup_access_code') {
        const answer = await apiRequest<PullBackupAccessCodeResponse>(paths[action.action], { workspaceId, body })
        return withRevealedPin(workspaceId, answer.backup_access_code)
      }
      await apiRequest<unknown>(paths[action.action], { workspaceId, body })
      return undefined
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.problems.all() }),
        queryClient.invalidateQueries({ queryKey: ['access_codes'] }),
      ]),
  })
}
