import 'server-only'
import { freePinFor } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import { loadDevice } from '@/lib/devices/load-device'

/** A PIN the lock would accept now, from the same generator create uses. Nothing is reserved. */
export async function generateCodeForDevice(
  ctx: ServiceContext,
  deviceId: string,
): Promise<{ device_id: string; code: string }> {
  const device = await loadDevice(ctx, deviceId)
  return { device_id: device.deviceId, code: await freePinFor(ctx.db, device) }
}
