'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

/** The body of /access_codes/update as the form sends it. */
export interface UpdateAccessCodeBody {
  access_code_id: string
  name?: string
  code?: string
  type?: 'ongoing' | 'time_bound'
  starts_at?: string
  ends_at?: string
  is_external_modification_allowed?: boolean
  use_backup_access_code_pool?: boolean
}

export function useUpdateAccessCode(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateAccessCodeBody) =>
      apiRequest<{ action_attempt: ActionAttempt }>('/access_codes/update', { workspaceId, body: { ...body } }),
    onSuccess: (_result, body) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(body.access_code_id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(deviceId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.events.list({ access_code_id: body.access_code_id }) }),
      ]),
  })
}
