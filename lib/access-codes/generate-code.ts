import { DomainError } from '@/lib/errors/domain-error'
import { generateFreePin } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import { loadDevice } from '@/lib/devices/device-record'

/** A PIN the lock would accept now, from the same generator create uses. Nothing is reserved. */
export async function generateCodeForDevice(
  ctx: ServiceContext,
  deviceId: string,
): Promise<{ device_id: string; code: string }> {
  const device = await loadDevice(ctx, deviceId)
  const code = await generateFreePin(ctx.db, [device])
  if (code === undefined)
    throw new DomainError('cannot_generate_code', `No free PIN could be generated for ${device.displayName}.`)
  return { device_id: device.deviceId, code }
}
