'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import type { DeviceCodes } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

/** The body of /access_codes/create, as the form sends it (times already UTC instants). */
export interface CreateAccessCodeBody {
  device_id: string
  name: string
  code?: string
  starts_at?: string
  ends_at?: string
  use_backup_access_code_pool?: boolean
  is_external_modification_allowed?: boolean
}

export function useCreateAccessCode() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateAccessCodeBody) =>
      apiRequest<{ access_code: AccessCode; action_attempt: ActionAttempt }>('/access_codes/create', {
        workspaceId,
        body: { ...body },
      }),
    onSuccess: ({ access_code }) => {
      // Show the new code at once (in progress); the list then refetches until the lock has it.
      queryClient.setQueryData(queryKeys.accessCodes.get(access_code.access_code_id), access_code)
      queryClient.setQueryData<DeviceCodes>(queryKeys.accessCodes.list(access_code.device_id), (old) =>
        old === undefined ? old : { ...old, codes: [...old.codes, access_code] },
      )
      void queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(access_code.device_id) })
    },
  })
}
