// Mirrors codes found on a keypad that Latchkey did not put there as unmanaged access codes.
import type { Insertable } from 'kysely'
import type { AccessCodeRow } from '@/lib/db/schema'
import { unmanagedCodeRow } from '@/lib/access-codes/unmanaged-access-codes'
import type { AccessCodesTable } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/devices/device-record'
import type { NewEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import type { KeypadCode } from '@/lib/locks/lock-provider'

/** Mirrors codes found on the keypad that Latchkey did not put there as unmanaged codes. */
export function syncUnmanaged(
  device: DeviceRecord,
  keypad: readonly KeypadCode[],
  claimed: ReadonlySet<string>,
  unmanaged: readonly AccessCodeRow[],
  changed: AccessCodeRow[],
  inserts: Insertable<AccessCodesTable>[],
  events: NewEvent[],
  now: Date,
): void {
  const iso = now.toISOString()
  const known = new Map(unmanaged.map((u) => [u.provider_code_id, u]))
  const base = {
    workspaceId: device.workspaceId,
    deviceId: device.deviceId,
    connectedAccountId: device.connectedAccountId,
  }
  for (const entry of keypad) {
    if (claimed.has(entry.providerCodeId)) continue
    const row = known.get(entry.providerCodeId)
    if (row === undefined) {
      const accessCodeId = newId()
      inserts.push(unmanagedCodeRow(device, entry, accessCodeId, iso))
      events.push({ ...base, eventType: 'access_code.unmanaged.created', accessCodeId })
    } else if (row.code !== entry.code || row.name !== entry.name) {
      changed.push({ ...row, code: entry.code, name: entry.name, updated_at: iso })
    }
  }
  for (const row of unmanaged) {
    if (row.provider_code_id !== null && keypad.some((e) => e.providerCodeId === row.provider_code_id)) continue
    if (row.deleted_at !== null) {
      changed.push({ ...row, status: 'deleted', updated_at: iso })
      continue
    }
    changed.push({ ...row, status: 'deleted', deleted_at: iso, updated_at: iso })
    events.push({ ...base, eventType: 'access_code.unmanaged.removed', accessCodeId: row.access_code_id })
  }
}
