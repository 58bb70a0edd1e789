'use client'

import { useEffect } from 'react'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { useDeleteAccessCode } from '@/lib/client/use-delete-access-code'
import type { AccessCode } from '@/lib/schemas/access-code'

export interface DeleteAccessCodeDialogProps {
  /** The code to delete; the dialog is open while it is set. */
  code: Pick<AccessCode, 'access_code_id' | 'device_id'> | undefined
  /** The code's name as people know it. */
  codeName: string | undefined
  lockName: string
  onDeleted(): void
  onClose(): void
}

/**
 * "Delete “Guest – Smith”?": names the code and the lock, says the old PIN may work until the lock confirms, and
 * deletes on confirmation.
 */
export function DeleteAccessCodeDialog({ code, codeName, lockName, onDeleted, onClose }: DeleteAccessCodeDialogProps) {
  const deleteCode = useDeleteAccessCode()
  const { reset } = deleteCode
  // A fresh question for each code: no error left over from another one. Busy stays on after success, while the
  // caller moves on.
  useEffect(() => reset(), [code, reset])
  const busy = deleteCode.isPending || deleteCode.isSuccess
  return (
    <ConfirmDialog
      open={code !== undefined}
      title={codeName === undefined ? 'Delete access code?' : `Delete “${codeName}”?`}
      confirmLabel={busy ? 'Deleting…' : 'Delete code'}
      busy={busy}
      onConfirm={() => {
        if (code !== undefined) deleteCode.mutate(code, { onSuccess: onDeleted })
      }}
      onCancel={onClose}
    >
      <p>
        Latchkey will remove this PIN from <strong className="font-medium text-slate-900">{lockName}</strong>. Until the
        lock confirms the removal, the PIN may still open the door. This cannot be undone.
      </p>
      {deleteCode.error !== null && (
        <Alert tone="danger" className="mt-3" title="The code was not deleted">
          {deleteCode.error.message}
        </Alert>
      )}
    </ConfirmDialog>
  )
}
