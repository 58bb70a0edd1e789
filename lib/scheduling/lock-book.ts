import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import { fromBool } from '@/lib/db/values'

/**
 * What a set of locks hold and have promised, read once: each lock with every live code on it (managed or unmanaged,
 * backups included). The placement checks (placement-checks.ts) run against it in memory, and a plan of many rows
 * (a CSV import, a bulk request) reserves what it would add, so row 40 sees the PIN and the slot row 12 takes.
 */

export interface BookedCode {
  /** null for a code a plan would add (not written yet). */
  accessCodeId: string | null
  /** null while the lock has not given the PIN of a code waiting for one. */
  code: string | null
  name: string | null
  isManaged: boolean
  /** When it takes a slot on the keypad, in ms since the epoch (see occupancy below). */
  occupiesFrom: number
  occupiesUntil: number
  /** For a reserved (planned) code: who reserved it, e.g. "line 12", so a clash names the other row. */
  reservedBy?: string
  /** For a reserved code: the group it belongs to (a stay's reservation key); a group never clashes with itself. */
  group?: string
}

export interface BookedLock {
  device: DeviceRecord
  codes: BookedCode[]
}

/** Locks by id; an id that is not in the caller's workspace is absent. Removed locks are present (removedAt set). */
export type LockBook = Map<string, BookedLock>

const FOREVER = Number.POSITIVE_INFINITY

/**
 * The stretch of time a code takes a slot: a lock that schedules natively holds a time-bound code from now until it
 * ends; otherwise it is on the keypad only inside its window. Ongoing codes (and unmanaged ones) hold one for good.
 */
export function occupancy(
  device: Pick<DeviceRecord, 'supportsNativeScheduling'>,
  window: { startsAt: string | null; endsAt: string | null },
  now: number,
): { occupiesFrom: number; occupiesUntil: number } {
  if (window.startsAt === null || window.endsAt === null) return { occupiesFrom: now, occupiesUntil: FOREVER }
  const start = Date.parse(window.startsAt)
  return {
    occupiesFrom: device.supportsNativeScheduling ? Math.min(now, start) : start,
    occupiesUntil: Date.parse(window.endsAt),
  }
}

/** Two queries whatever the number of locks: the locks, then every live code on them. */
export async function loadLockBook(ctx: ServiceContext, deviceIds: readonly string[]): Promise<LockBook> {
  const book: LockBook = new Map()
  const ids = [...new Set(deviceIds)]
  if (ids.length === 0) return book
  const now = ctx.clock.now().getTime()
  const devices = await selectDevicesIncludingRemoved(ctx.db)
    .where('devices.device_id', 'in', ids)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .execute()
  for (const row of devices) book.set(row.device_id, { device: toDeviceRecord(row), codes: [] })
  if (book.size === 0) return book
  const codes = await ctx.db
    .selectFrom('access_codes')
    .select([
      'access_code_id',
      'device_id',
      'code',
      'name',
      'starts_at',
      'ends_at',
      'is_managed',
      'is_waiting_for_code_assignment',
      'is_offline_access_code',
    ])
    .where('device_id', 'in', [...book.keys()])
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'deleted')
    .execute()
  for (const row of codes) {
    const lock = book.get(row.device_id)
    if (lock === undefined) continue
    // An offline code is worked out by the maker's algorithm: it takes no keypad slot and holds no PIN others clash on.
    if (fromBool(row.is_offline_access_code)) continue
    lock.codes.push({
      accessCodeId: row.access_code_id,
      code: fromBool(row.is_waiting_for_code_assignment) ? null : row.code,
      name: row.name,
      isManaged: fromBool(row.is_managed),
      ...occupancy(lock.device, { startsAt: row.starts_at, endsAt: row.ends_at }, now),
    })
  }
  return book
}
