'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { CreateMultipleAccessCodesBody } from '@/lib/schemas/bulk-code-form'
import type { CheckCreateMultipleResponse } from '@/lib/schemas/lock-check'

/**
 * /access_codes/create_multiple/check: what create_multiple would do with this body on each lock, before anything is
 * sent. A mutation, not a query: it runs when the person asks for it, on the body of that moment, and writes nothing.
 */
export function useCheckMultiple() {
  const workspaceId = useWorkspaceId()
  return useMutation({
    mutationFn: (body: CreateMultipleAccessCodesBody) =>
      apiRequest<CheckCreateMultipleResponse>('/access_codes/create_multiple/check', {
        workspaceId,
        body: { ...body },
      }),
  })
}
