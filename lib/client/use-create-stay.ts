'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterStayWrite } from '@/lib/client/use-stay'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { CreateStayBody, StayWriteResponse } from '@/lib/schemas/stay'

/** /stays/create. With `dry_run: true` it answers the plan (each door's PIN, window and problems) and creates nothing. */
export function useCreateStay() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateStayBody) =>
      apiRequest<StayWriteResponse>('/stays/create', { workspaceId, body: { ...body } }),
    onSuccess: (answer) => (answer.dry_run ? undefined : afterStayWrite(queryClient, workspaceId, answer.stay)),
  })
}
