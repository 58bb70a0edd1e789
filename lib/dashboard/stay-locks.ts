import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved, toDeviceRecord } from '@/lib/db/device-record'
import type { StayLock } from '@/lib/client/stays-model'

/**
 * The workspace's locks as the stays pages name them (by name, with property and zone), removed ones included: a stay
 * may still name one, and its door keeps its name.
 */
export async function loadStayLocks(ctx: ServiceContext): Promise<StayLock[]> {
  const rows = await selectDevicesIncludingRemoved(ctx.db)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .orderBy('devices.display_name')
    .orderBy('devices.device_id')
    .execute()
  return rows.map(toDeviceRecord).map((device) => ({
    deviceId: device.deviceId,
    name: device.displayName,
    propertyId: device.propertyId,
    propertyName: device.propertyName,
    timezone: device.timezone,
    online: device.online && device.accountConnected,
    removed: device.removedAt !== null,
  }))
}

/** The workspace's properties, by name, with their zones. */
export async function loadStayProperties(
  ctx: ServiceContext,
): Promise<{ propertyId: string; name: string; timezone: string }[]> {
  const rows = await ctx.db
    .selectFrom('properties')
    .select(['property_id', 'name', 'timezone'])
    .where('workspace_id', '=', ctx.workspaceId)
    .orderBy('name')
    .orderBy('property_id')
    .execute()
  return rows.map((p) => ({ propertyId: p.property_id, name: p.name, timezone: p.timezone }))
}
