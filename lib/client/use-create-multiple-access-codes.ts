'use client'

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '@/lib/client/api-client'
import { failureMessage } from '@/lib/client/form-errors'
import { queryKeys } from '@/lib/client/query-keys'
import { accessCodeQueryOptions } from '@/lib/client/query-options'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode, AccessCodesResponse } from '@/lib/schemas/access-code'
import type { CreateMultipleAccessCodesBody } from '@/lib/schemas/bulk-code-form'

export interface CreateMultipleRequest {
  body: CreateMultipleAccessCodesBody
  /**
   * Locks whose new code is to use the backup pool. create_multiple (like Seam's) does not take the pool, so each of
   * these codes gets it with /access_codes/update once created.
   */
  backupPoolDeviceIds?: readonly string[]
}

/** The pool step's result per code id: turned on, or why not (the code itself was created either way). */
export type BackupPoolResults = Record<string, { on: true } | { on: false; message: string }>

export interface CreatedCodes {
  accessCodes: AccessCode[]
  backupPool: BackupPoolResults
}

/** One /access_codes/create_multiple call (PUT, as the SDK sends it), then the backup pool where it was asked for. */
export function useCreateMultipleAccessCodes() {
  const workspaceId = useWorkspaceId()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async ({ body, backupPoolDeviceIds = [] }: CreateMultipleRequest): Promise<CreatedCodes> => {
      const { access_codes } = await apiRequest<AccessCodesResponse>('/access_codes/create_multiple', {
        method: 'PUT',
        workspaceId,
        body: { ...body },
      })
      const backupPool: BackupPoolResults = {}
      await Promise.all(
        access_codes
          .filter((code) => backupPoolDeviceIds.includes(code.device_id))
          .map(async (code) => {
            try {
              await apiRequest('/access_codes/update', {
                workspaceId,
                body: { access_code_id: code.access_code_id, use_backup_access_code_pool: true },
              })
              backupPool[code.access_code_id] = { on: true }
            } catch (error) {
              backupPool[code.access_code_id] = { on: false, message: failureMessage(error) }
            }
          }),
      )
      return { accessCodes: access_codes, backupPool }
    },
    onSuccess: ({ accessCodes }) => {
      // Each new code shows at once (in progress); its row then polls it until the lock has it.
      for (const accessCode of accessCodes) {
        queryClient.setQueryData(accessCodeQueryOptions(workspaceId, accessCode.access_code_id).queryKey, {
          access_code: accessCode,
        })
        void queryClient.invalidateQueries({ queryKey: queryKeys.accessCodes.list(accessCode.device_id) })
      }
      void queryClient.invalidateQueries({ queryKey: queryKeys.problems.all() })
    },
  })
}
