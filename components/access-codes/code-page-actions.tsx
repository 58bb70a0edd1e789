'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { useDeleteAccessCode } from '@/lib/client/use-delete-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'

/** Delete, after a question that names the code; then back to the lock, where the removal can be watched. */
export function DeleteAccessCodeButton({
  code,
  codeName,
  lockName,
}: {
  code: Pick<AccessCode, 'access_code_id' | 'device_id'>
  codeName: string
  lockName: string
}) {
  const router = useRouter()
  const workspaceId = useWorkspaceId()
  const [open, setOpen] = useState(false)
  const deleteCode = useDeleteAccessCode()
  const busy = deleteCode.isPending || deleteCode.isSuccess
  return (
    <>
      <Button variant="secondary" className="text-red-700! hover:bg-red-50!" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete “${codeName}”?`}
        confirmLabel={busy ? 'Deleting…' : 'Delete code'}
        busy={busy}
        onConfirm={() =>
          deleteCode.mutate(code, { onSuccess: () => router.push(`/w/${workspaceId}/devices/${code.device_id}`) })
        }
        onCancel={() => {
          setOpen(false)
          deleteCode.reset()
        }}
      >
        <p>
          Latchkey will remove this PIN from <strong className="font-medium text-slate-900">{lockName}</strong>. Until
          the lock confirms the removal, the PIN may still open the door. This cannot be undone.
        </p>
        {deleteCode.isError && (
          <Alert tone="danger" className="mt-3" title="The code was not deleted">
            {deleteCode.error.message}
          </Alert>
        )}
      </ConfirmDialog>
    </>
  )
}
