import 'server-only'
import { lockAssignsPins } from '@/lib/access-codes/new-access-code'
import type { ServiceContext } from '@/lib/context'
import { selectDevices } from '@/lib/db/device-record'
import { loadLockBook } from '@/lib/scheduling/lock-book'
import { peakSlotsInUse } from '@/lib/scheduling/placement-checks'
import { brandAndModel } from '@/lib/shared/brand-and-model'
import { describeCodeRules } from '@/lib/shared/pin-rules-in-words'
import { zoneLabel } from '@/lib/time/zoned'
import type { BulkLock, BulkProperty } from '@/lib/schemas/bulk-code-form'

export interface BulkPage {
  properties: BulkProperty[]
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** Every property with its locks (removed ones left out), each with what the picker shows. Three queries. */
export async function loadBulkPage(ctx: ServiceContext): Promise<BulkPage> {
  const [properties, devices] = await Promise.all([
    ctx.db
      .selectFrom('properties')
      .select(['property_id', 'name', 'timezone'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('name')
      .orderBy('property_id')
      .execute(),
    selectDevices(ctx.db)
      .where('devices.workspace_id', '=', ctx.workspaceId)
      .clearSelect()
      .select('devices.device_id')
      .execute(),
  ])
  const book = await loadLockBook(
    ctx,
    devices.map((d) => d.device_id),
  )
  const now = ctx.clock.now()
  const at = now.getTime()
  const locksByProperty = new Map<string, BulkLock[]>()
  for (const { device, codes } of book.values()) {
    if (device.removedAt !== null) continue
    const lock: BulkLock = {
      deviceId: device.deviceId,
      name: device.displayName,
      propertyId: device.propertyId,
      brand: brandAndModel(device),
      online: device.online,
      accountConnected: device.accountConnected,
      maxActiveCodes: device.maxActiveCodes,
      slotsInUse: peakSlotsInUse(codes, at, at + 1),
      supportsNativeScheduling: device.supportsNativeScheduling,
      supportsBackupPool: device.supportsBackupPool,
      choosesPin: lockAssignsPins(device),
      pinRules: describeCodeRules(device),
    }
    locksByProperty.set(device.propertyId, [...(locksByProperty.get(device.propertyId) ?? []), lock])
  }
  return {
    properties: properties.map((p) => ({
      propertyId: p.property_id,
      name: p.name,
      timezone: p.timezone,
      timezoneLabel: zoneLabel(p.timezone, now),
      locks: (locksByProperty.get(p.property_id) ?? []).sort((a, b) => byName.compare(a.name, b.name)),
    })),
  }
}
