'use client'

import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'

export interface DeleteAccessCodeDialogProps {
  open: boolean
  /** The code's name as people know it; undefined while no code is chosen. */
  codeName: string | undefined
  lockName: string
  busy: boolean
  error: Error | null
  onConfirm(): void
  onCancel(): void
}

/** "Delete “Guest – Smith”?": names the code and the lock, and says the old PIN may work until the lock confirms. */
export function DeleteAccessCodeDialog({
  open,
  codeName,
  lockName,
  busy,
  error,
  onConfirm,
  onCancel,
}: DeleteAccessCodeDialogProps) {
  return (
    <ConfirmDialog
      open={open}
      title={codeName === undefined ? 'Delete access code?' : `Delete “${codeName}”?`}
      confirmLabel={busy ? 'Deleting…' : 'Delete code'}
      busy={busy}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Latchkey will remove this PIN from <strong className="font-medium text-slate-900">{lockName}</strong>. Until the
        lock confirms the removal, the PIN may still open the door. This cannot be undone.
      </p>
      {error !== null && (
        <Alert tone="danger" className="mt-3" title="The code was not deleted">
          {error.message}
        </Alert>
      )}
    </ConfirmDialog>
  )
}
