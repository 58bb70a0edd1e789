'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { DeleteAccessCodeDialog } from '@/components/access-codes/delete-access-code-dialog'
import { Button } from '@/components/ui/button'
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
  return (
    <>
      <Button variant="secondary" className="text-red-700! hover:bg-red-50!" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <DeleteAccessCodeDialog
        code={open ? code : undefined}
        codeName={codeName}
        lockName={lockName}
        onDeleted={() => router.push(`/w/${workspaceId}/devices/${code.device_id}`)}
        onClose={() => setOpen(false)}
      />
    </>
  )
}
