'use client'

import { AccessCodeForm, type AccessCodeFormDevice } from '@/components/access-codes/access-code-form'
import { useAccessCodeFormWiring } from '@/components/access-codes/use-access-code-form-wiring'
import { useCreateAccessCode } from '@/lib/client/use-create-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import { emptyAccessCodeFormValues, toCreateAccessCodeBody } from '@/lib/schemas/access-code-form'

const defaultValues = emptyAccessCodeFormValues()

/** New code on one lock; on success, on to the new code's page to watch it reach the lock. */
export function CreateAccessCodeForm({ deviceId, device }: { deviceId: string; device: AccessCodeFormDevice }) {
  const workspaceId = useWorkspaceId()
  const create = useCreateAccessCode()
  const wiring = useAccessCodeFormWiring(deviceId, create, async (values) => {
    const { access_code } = await create.mutateAsync(toCreateAccessCodeBody(values, device, deviceId))
    return `/w/${workspaceId}/access-codes/${access_code.access_code_id}`
  })
  const devicePage = `/w/${workspaceId}/devices/${deviceId}`
  return (
    <AccessCodeForm mode="create" defaultValues={defaultValues} device={device} cancelHref={devicePage} {...wiring} />
  )
}
