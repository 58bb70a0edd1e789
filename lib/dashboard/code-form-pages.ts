import 'server-only'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import type { ServiceContext } from '@/lib/context'
import { codeFormLockOf, pageLockOf, type CodeFormLock, type PageLock } from '@/lib/dashboard/page-lock'
import { fromBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/load-device'
import { accessCodeFormValuesFrom, type AccessCodeFormValues } from '@/lib/schemas/access-code-form'
import { codeDisplayName } from '@/lib/shared/code-name'

export interface NewCodePage {
  lock: PageLock
  formLock: CodeFormLock
}

export interface EditCodePage extends NewCodePage {
  /** Its name, or "Unnamed code". */
  name: string
  /** The code's values as the form shows them (times on the property's wall clock). */
  defaultValues: AccessCodeFormValues
}

/** The page that creates a code on a lock. */
export async function loadNewCodePage(ctx: ServiceContext, deviceId: string): Promise<NewCodePage> {
  const device = await loadDevice(ctx, deviceId)
  const now = ctx.clock.now()
  return { lock: pageLockOf(device, now), formLock: codeFormLockOf(device, now) }
}

/** The page that edits a code: the code (read once), its lock, and the form's values. */
export async function loadEditCodePage(ctx: ServiceContext, accessCodeId: string): Promise<EditCodePage> {
  const row = await loadAccessCode(ctx, accessCodeId)
  const device = await loadDevice(ctx, row.device_id)
  const now = ctx.clock.now()
  return {
    lock: pageLockOf(device, now),
    formLock: codeFormLockOf(device, now),
    name: codeDisplayName(row),
    defaultValues: accessCodeFormValuesFrom(row, device.timezone, fromBool(row.use_backup_access_code_pool)),
  }
}
