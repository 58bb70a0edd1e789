'use client'

import { DeleteAccessCodeDialog } from '@/components/access-codes/delete-access-code-dialog'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Button } from '@/components/ui/button'
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
      <DeleteAccessCodeDialog
        open={open}
        codeName={codeName}
        lockName={lockName}
        busy={busy}
        error={deleteCode.error}
        onConfirm={() =>
          deleteCode.mutate(code, { onSuccess: () => router.push(`/w/${workspaceId}/devices/${code.device_id}`) })
        }
        onCancel={() => {
          setOpen(false)
          deleteCode.reset()
        }}
      />
    </>
  )
}
