import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { bumpAccessCodesVersion } from '@/lib/db/device-record'
import { inTransaction } from '@/lib/db/transaction'
import { loadDevice } from '@/lib/devices/load-device'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import type { LockSettings, UpdateDeviceInput } from '@/lib/schemas/device-update'
import { findProperty, listProperties } from '@/lib/workspaces/list-properties'

/**
 * `/devices/update`: renames a lock and/or places it in another property of the workspace. A name given here is the
 * manager's: a Seam sync keeps it (`name: null` hands a Seam lock back its name in Seam at the next sync). A lock
 * holding live codes of stays of its current property stays there: a stay belongs to one property. The lock's codes
 * keep their UTC instants; pages show them in the new property's zone.
 */
export async function updateDevice(ctx: ServiceContext, input: UpdateDeviceInput): Promise<void> {
  await inTransaction(ctx.db, async (db) => {
    const device = await loadDevice({ ...ctx, db }, input.device_id)
    if (input.name === null && device.isSandbox)
      throw invalidInput({ name: ['cannot be null for a sandbox lock: it has no name elsewhere to go back to'] })
    const moving = input.property_id !== undefined && input.property_id !== device.propertyId
    if (input.property_id !== undefined && moving) {
      const property = await findProperty(db, ctx.workspaceId, input.property_id)
      if (property === undefined) throw invalidInput({ property_id: ['is not a property of this workspace'] })
    }
    const name =
      input.name === undefined
        ? {}
        : input.name === null
          ? { name_set_by_manager: 0 as const }
          : { display_name: input.name, name_set_by_manager: 1 as const }
    if (!moving && input.name === undefined) return
    // The write comes first: it holds the lock's row, so a stay written at the same time is either seen below or
    // waits for this move to commit.
    await db
      .updateTable('devices')
      .set({ ...name, ...(moving && input.property_id !== undefined ? { property_id: input.property_id } : {}) })
      .where('device_id', '=', device.deviceId)
      .where('workspace_id', '=', ctx.workspaceId)
      .execute()
    if (moving) await refuseIfStaysHoldIt(ctx, db, device.deviceId, device.propertyId)
    // Lists and pages keyed on the lock's version read it again (name, zone).
    await bumpAccessCodesVersion(db, [device.deviceId])
  })
}

async function refuseIfStaysHoldIt(
  ctx: ServiceContext,
  db: ServiceContext['db'],
  deviceId: string,
  propertyId: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString()
  const rows = await db
    .selectFrom('access_codes as c')
    .innerJoin('stays as s', 's.stay_id', 'c.stay_id')
    .select('s.stay_id')
    .distinct()
    .where('c.device_id', '=', deviceId)
    .where('c.workspace_id', '=', ctx.workspaceId)
    .where('c.status', '!=', 'deleted')
    .where('c.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('c.ends_at', 'is', null), eb('c.ends_at', '>', now)]))
    .where('s.property_id', '=', propertyId)
    .where('s.cancelled_at', 'is', null)
    .execute()
  if (rows.length === 0) return
  const stays = rows.length === 1 ? '1 stay' : `${rows.length} stays`
  throw new DomainError(
    'device_has_stay_codes',
    `This lock holds live codes of ${stays} of its current property. A stay belongs to one property: move the ` +
      `${rows.length === 1 ? 'stay' : 'stays'} off this lock or cancel ${rows.length === 1 ? 'it' : 'them'} first.`,
    { device_id: deviceId, stay_ids: rows.map((r) => r.stay_id).sort() },
  )
}

/** The lock page's Lock settings: what its form starts from. */
export async function lockSettingsOf(ctx: ServiceContext, deviceId: string): Promise<LockSettings> {
  const device = await loadDevice(ctx, deviceId)
  const properties = await listProperties(ctx.db, ctx.workspaceId)
  return {
    name: device.displayName,
    property_id: device.propertyId,
    properties: properties.map(({ property_id, name, timezone }) => ({ property_id, name, timezone })),
  }
}
