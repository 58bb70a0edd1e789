'use client'

import { useRouter } from 'next/navigation'
import { AccessCodeForm, type AccessCodeFormDevice } from '@/components/access-codes/access-code-form'
import { useCreateAccessCode } from '@/lib/client/use-create-access-code'
import { useGenerateCode } from '@/lib/client/use-generate-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import { emptyAccessCodeFormValues, toCreateAccessCodeBody } from '@/lib/schemas/access-code-form'

const defaultValues = emptyAccessCodeFormValues()

/** New code on one lock; on success, on to the new code's page to watch it reach the lock. */
export function CreateAccessCodeForm({ deviceId, device }: { deviceId: string; device: AccessCodeFormDevice }) {
  const router = useRouter()
  const workspaceId = useWorkspaceId()
  const create = useCreateAccessCode()
  const generate = useGenerateCode(deviceId)
  return (
    <AccessCodeForm
      mode="create"
      defaultValues={defaultValues}
      device={device}
      isSubmitting={create.isPending || create.isSuccess}
      onGenerate={() => generate.mutateAsync()}
      onSubmit={async (values) => {
        const { access_code } = await create.mutateAsync(toCreateAccessCodeBody(values, device, deviceId))
        router.push(`/w/${workspaceId}/access-codes/${access_code.access_code_id}`)
      }}
      cancelHref={`/w/${workspaceId}/devices/${deviceId}`}
    />
  )
}
