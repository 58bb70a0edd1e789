import 'server-only'

// Mirrors codes found on a keypad that Latchkey did not put there as unmanaged access codes.
import type { Insertable, Updateable } from 'kysely'
import type { AccessCodeRow, AccessCodesTable } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { NewEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import type { KeypadCode } from '@/lib/locks/lock-provider'

/** What a pass (or its lock work) writes about unmanaged codes: stored with the managed codes, in one transaction. */
export class UnmanagedWrites {
  /** Column changes by access code id; changes to one code within a pass add up. */
  readonly changes = new Map<string, Updateable<AccessCodesTable>>()
  readonly inserts: Insertable<AccessCodesTable>[] = []
  readonly events: NewEvent[] = []
  /** Codes taken off the keypad on request: their delete action attempts succeed. */
  readonly removed: string[] = []
  /**
   * Codes whose removal can no longer happen (their lock was removed): their delete action attempts end with this
   * error.
   */
  readonly removalsGivenUp = new Map<string, { type: string; message: string }>()

  change(accessCodeId: string, changes: Updateable<AccessCodesTable>): void {
    this.changes.set(accessCodeId, { ...this.changes.get(accessCodeId), ...changes })
  }

  /** The writes about the codes `keep` accepts. */
  only(keep: (accessCodeId: string) => boolean): UnmanagedWrites {
    const kept = new UnmanagedWrites()
    for (const [accessCodeId, changes] of this.changes) if (keep(accessCodeId)) kept.change(accessCodeId, changes)
    kept.inserts.push(...this.inserts.filter((row) => keep(row.access_code_id)))
    kept.events.push(...this.events.filter((event) => event.accessCodeId !== undefined && keep(event.accessCodeId)))
    kept.removed.push(...this.removed.filter(keep))
    for (const [accessCodeId, error] of this.removalsGivenUp)
      if (keep(accessCodeId)) kept.removalsGivenUp.set(accessCodeId, error)
    return kept
  }

  get empty(): boolean {
    return (
      this.changes.size === 0 &&
      this.inserts.length === 0 &&
      this.events.length === 0 &&
      this.removed.length === 0 &&
      this.removalsGivenUp.size === 0
    )
  }
}

/** The stored row of a code found on a keypad: unmanaged, `set`, mirroring the keypad entry. */
export function unmanagedCodeRow(
  device: { workspaceId: string; deviceId: string },
  entry: KeypadCode,
  accessCodeId: string,
  now: string,
): Insertable<AccessCodesTable> {
  const scheduled = entry.startsAt !== null && entry.endsAt !== null
  return {
    access_code_id: accessCodeId,
    workspace_id: device.workspaceId,
    device_id: device.deviceId,
    name: entry.name,
    code: entry.code,
    common_code_key: null,
    type: scheduled ? 'time_bound' : 'ongoing',
    starts_at: entry.startsAt,
    ends_at: entry.endsAt,
    status: 'set',
    is_managed: 0,
    is_backup: 0,
    pulled_for_access_code_id: null,
    pulled_backup_access_code_id: null,
    use_backup_access_code_pool: 0,
    is_external_modification_allowed: 0,
    is_offline_access_code: 0,
    is_one_time_use: 0,
    max_time_rounding: null,
    prefer_native_scheduling: 1,
    attempt_for_offline_device: 1,
    is_scheduled_on_device: scheduled ? 1 : 0,
    is_waiting_for_code_assignment: 0,
    errors: '[]',
    warnings: '[]',
    deleted_at: null,
    provider_code_id: entry.providerCodeId,
    programmed_code: entry.code,
    programmed_starts_at: entry.startsAt,
    programmed_ends_at: entry.endsAt,
    pending_since: null,
    removed_from_device_at: null,
    created_at: now,
    updated_at: now,
  }
}

export function unmanagedCodeEvent(
  device: DeviceRecord,
  eventType: 'access_code.unmanaged.created' | 'access_code.unmanaged.removed',
  accessCodeId: string,
): NewEvent {
  return {
    workspaceId: device.workspaceId,
    eventType,
    accessCodeId,
    deviceId: device.deviceId,
    connectedAccountId: device.connectedAccountId,
  }
}

/** Mirrors codes found on the keypad that Latchkey did not put there (and that no code claims) as unmanaged codes. */
export function mirrorUnmanagedCodes(
  device: DeviceRecord,
  keypad: readonly KeypadCode[],
  claimed: ReadonlySet<string>,
  unmanaged: readonly AccessCodeRow[],
  writes: UnmanagedWrites,
  now: Date,
): void {
  const iso = now.toISOString()
  const known = new Map(unmanaged.map((u) => [u.provider_code_id, u]))
  for (const entry of keypad) {
    if (claimed.has(entry.providerCodeId)) continue
    const row = known.get(entry.providerCodeId)
    if (row === undefined) {
      const accessCodeId = newId()
      writes.inserts.push(unmanagedCodeRow(device, entry, accessCodeId, iso))
      writes.events.push(unmanagedCodeEvent(device, 'access_code.unmanaged.created', accessCodeId))
    } else if (row.code !== entry.code || row.name !== entry.name) {
      writes.change(row.access_code_id, { code: entry.code, name: entry.name, updated_at: iso })
    }
  }
  for (const row of unmanaged) {
    if (row.provider_code_id !== null && keypad.some((e) => e.providerCodeId === row.provider_code_id)) continue
    if (row.deleted_at !== null) {
      // Someone asked to delete it, and it is off the keypad: the deletion is done, however the entry went.
      writes.change(row.access_code_id, { status: 'deleted', updated_at: iso })
      writes.removed.push(row.access_code_id)
      continue
    }
    writes.change(row.access_code_id, { status: 'deleted', deleted_at: iso, updated_at: iso })
    writes.events.push(unmanagedCodeEvent(device, 'access_code.unmanaged.removed', row.access_code_id))
  }
}
