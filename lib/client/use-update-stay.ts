'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterStayWrite } from '@/lib/client/use-stay'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { StayWriteResponse, UpdateStayBody } from '@/lib/schemas/stay'

/** /stays/update: a shift, a new PIN, doors added or removed. With `dry_run: true` it answers the plan and changes nothing. */
export function useUpdateStay() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UpdateStayBody) =>
      apiRequest<StayWriteResponse>('/stays/update', { workspaceId, body: { ...body } }),
    onSuccess: (answer) => (answer.dry_run ? undefined : afterStayWrite(queryClient, workspaceId, answer.stay)),
  })
}
