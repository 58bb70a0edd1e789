'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { afterStayWrite } from '@/lib/client/use-stay'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { ImportStaysResponse } from '@/lib/schemas/stay'

/** /stays/import: a CSV file's stays. With `dry_run: true` (the preview) it answers every row's plan and writes nothing. */
export function useImportStays() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { csv: string; dry_run: boolean }) =>
      apiRequest<ImportStaysResponse>('/stays/import', { workspaceId, body }),
    onSuccess: (answer) => (answer.dry_run ? undefined : afterStayWrite(queryClient, workspaceId, null)),
  })
}
