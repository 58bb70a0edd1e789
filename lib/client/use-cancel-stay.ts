'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterStayWrite } from '@/lib/client/use-stay'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { StayWriteResponse } from '@/lib/schemas/stay'

/** /stays/delete: cancels the stay, and every door's code is taken off its lock. `dry_run: true` answers the plan. */
export function useCancelStay() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { stay_id: string; dry_run?: boolean }) =>
      apiRequest<StayWriteResponse>('/stays/delete', { workspaceId, body: { ...body } }),
    onSuccess: (answer) => (answer.dry_run ? undefined : afterStayWrite(queryClient, workspaceId, answer.stay)),
  })
}
