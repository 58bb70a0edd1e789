import 'server-only'
import type { Kysely } from 'kysely'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { Database } from '@/lib/db/schema'
import { profileFor } from '@/lib/locks/sandbox-profiles'

/**
 * What an explanation may learn about a lock beyond Latchkey's own records, without asking the lock anything: a
 * support page must not queue lock calls or run the reconciler. Sandbox locks keep their keypad in the store, so it is
 * read as it is; a real provider implements `lastKeypadReading` from the last read it kept (or leaves it undefined,
 * and the explanation falls back on what Latchkey programmed).
 */
export interface LockView {
  /** The lock maker's name, as people know it ("August", "Samsung SmartThings"). */
  brand: string
  /** How long before a window opens the lock takes a natively scheduled code (0 when it takes only active codes). */
  schedulingLeadMs: number
  /** The keypad as the lock last reported it; undefined when only a call to the lock could tell. */
  lastKeypadReading(): Promise<KeypadReading | undefined>
}

/** One keypad entry as the lock reports it. */
export interface KeypadEntryView {
  providerCodeId: string
  /** The keypad position, where the lock numbers them. */
  slot: number | null
  code: string
  name: string | null
  /** The lock's own schedule for the entry; both null: always on. */
  startsAt: string | null
  endsAt: string | null
  /** False when the lock keeps the entry but has switched it off. */
  enabled: boolean
}

export interface KeypadReading {
  readAt: string
  entries: KeypadEntryView[]
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

export function lockViewFor(db: Kysely<Database>, device: DeviceRecord, now: Date): LockView {
  const profile = device.isSandbox ? profileFor(device.provider) : undefined
  return {
    brand: profile?.manufacturerDisplayName ?? capitalise(device.manufacturer),
    schedulingLeadMs: device.supportsNativeScheduling ? (profile?.nativeSchedulingLeadMs ?? 0) : 0,
    lastKeypadReading: () =>
      device.isSandbox ? readSandboxKeypadMemory(db, device.deviceId, now) : Promise.resolve(undefined),
  }
}

/** A sandbox lock's keypad memory, slot by slot, as it is now. */
async function readSandboxKeypadMemory(db: Kysely<Database>, deviceId: string, now: Date): Promise<KeypadReading> {
  const rows = await db
    .selectFrom('sandbox_keypad_codes')
    .select(['keypad_code_id', 'slot', 'code', 'name', 'starts_at', 'ends_at', 'disabled'])
    .where('device_id', '=', deviceId)
    .orderBy('slot')
    .execute()
  return {
    readAt: now.toISOString(),
    entries: rows.map((r) => ({
      providerCodeId: r.keypad_code_id,
      slot: r.slot,
      code: r.code,
      name: r.name,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      enabled: r.disabled === 0,
    })),
  }
}
