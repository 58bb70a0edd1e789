import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { lockAssignsPins } from '@/lib/access-codes/new-access-code'
import { freePinFor } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import { loadDevice } from '@/lib/devices/load-device'

/** A PIN the lock would accept now, from the same generator create uses. Nothing is reserved. */
export async function generateCodeForDevice(
  ctx: ServiceContext,
  deviceId: string,
): Promise<{ device_id: string; code: string }> {
  const device = await loadDevice(ctx, deviceId)
  if (lockAssignsPins(device))
    throw new DomainError(
      'cannot_generate_code',
      `${device.displayName} chooses the PIN of each of its codes, so none can be suggested: create the code without ` +
        'one, and the lock assigns it.',
    )
  return { device_id: device.deviceId, code: await freePinFor(ctx.db, device) }
}
