'use client'

import { AccessCodeForm, type AccessCodeFormDevice } from '@/components/access-codes/access-code-form'
import { useAccessCodeFormWiring } from '@/components/access-codes/use-access-code-form-wiring'
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
  const codePage = `/w/${useWorkspaceId()}/access-codes/${accessCodeId}`
  const update = useUpdateAccessCode(deviceId)
  const wiring = useAccessCodeFormWiring(deviceId, update, async (values) => {
    const body = toUpdateAccessCodeBody(values, defaultValues, device, accessCodeId)
    if (!isEmptyUpdate(body)) await update.mutateAsync(body)
    return codePage
  })
  return <AccessCodeForm mode="edit" defaultValues={defaultValues} device={device} cancelHref={codePage} {...wiring} />
}
