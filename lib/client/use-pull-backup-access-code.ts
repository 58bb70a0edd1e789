'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { withRevealedPin } from '@/lib/client/use-reveal-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, PullBackupAccessCodeResponse } from '@/lib/schemas/access-code'

export function usePullBackupAccessCode(code: Pick<AccessCode, 'access_code_id' | 'device_id'>) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () =>
      withRevealedPin(
        workspaceId,
        (
          await apiRequest<PullBackupAccessCodeResponse>('/access_codes/pull_backup_access_code', {
            workspaceId,
            body: { access_code_id: code.access_code_id },
          })
        ).backup_access_code,
      ),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(code.access_code_id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(code.device_id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.events.list({ access_code_id: code.access_code_id }) }),
      ]),
  })
}
