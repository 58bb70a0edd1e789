'use client'

import { useRouter } from 'next/navigation'
import { AccessCodeForm, type AccessCodeFormDevice } from '@/components/access-codes/access-code-form'
import { useGenerateCode } from '@/lib/client/use-generate-code'
import { useUpdateAccessCode } from '@/lib/client/use-update-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import { isEmptyUpdate, toUpdateAccessCodeBody, type AccessCodeFormValues } from '@/lib/schemas/access-code-form'

export interface EditAccessCodeFormProps {
  accessCodeId: string
  deviceId: string
  device: AccessCodeFormDevice
  /** The code's values as loaded (see accessCodeFormValuesFrom); only what differs from them is sent. */
  defaultValues: AccessCodeFormValues
}

/** Changes one code; on success, back to its page, where the change can be watched reaching the lock. */
export function EditAccessCodeForm({ accessCodeId, deviceId, device, defaultValues }: EditAccessCodeFormProps) {
  const router = useRouter()
  const workspaceId = useWorkspaceId()
  const update = useUpdateAccessCode(deviceId)
  const generate = useGenerateCode(deviceId)
  const codePage = `/w/${workspaceId}/access-codes/${accessCodeId}`
  return (
    <AccessCodeForm
      mode="edit"
      defaultValues={defaultValues}
      device={device}
      isSubmitting={update.isPending || update.isSuccess}
      onGenerate={() => generate.mutateAsync()}
      onSubmit={async (values) => {
        const body = toUpdateAccessCodeBody(values, defaultValues, device, accessCodeId)
        if (!isEmptyUpdate(body)) await update.mutateAsync(body)
        router.push(codePage)
      }}
      cancelHref={codePage}
    />
  )
}
