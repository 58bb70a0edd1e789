'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { queryKeys } from '@/lib/client/query-keys'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCodeActionResponse, UpdateAccessCodeBody } from '@/lib/schemas/access-code'

export function useUpdateAccessCode(deviceId: string) {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateAccessCodeBody) =>
      apiRequest<AccessCodeActionResponse>('/access_codes/update', { workspaceId, body: { ...body } }),
    onSuccess: (_result, body) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.get(body.access_code_id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(deviceId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.events.list({ access_code_id: body.access_code_id }) }),
      ]),
  })
}
