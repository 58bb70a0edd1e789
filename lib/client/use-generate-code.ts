'use client'

import { useMutation } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { GenerateCodeResponse } from '@/lib/schemas/access-code'

/** Asks the lock's rules for a fresh PIN (nothing is reserved until the code is saved). */
export function useGenerateCode(deviceId: string) {
  const workspaceId = useWorkspaceId()
  return useMutation({
    mutationFn: async () =>
      (
        await apiRequest<GenerateCodeResponse>('/access_codes/generate_code', {
          workspaceId,
          body: { device_id: deviceId },
        })
      ).generated_code.code,
  })
}
