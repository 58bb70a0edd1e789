import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import type { DeviceRecord } from '@/lib/db/device-record'
import { newId } from '@/lib/ids'
import {
  LockUnreachableError,
  type KeypadCode,
  type LockFailure,
  type LockProvider,
  type ProgramRequest,
  type ProgramResult,
  type RemoveResult,
} from '@/lib/locks/lock-provider'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { Clock } from '@/lib/time/clock'

export interface SandboxLockOptions {
  db: Kysely<Database>
  clock: Clock
  /** Multiplies each profile's latency: 1 behaves like the real brand, 0 answers at once (tests). */
  latencyScale: number
  sleep?: (ms: number) => Promise<void>
}

const READ_LATENCY_SHARE = 0.1

interface SandboxSettings {
  latency_ms?: number
}

/**
 * Sandbox locks: a keypad memory kept in the database (slots, PINs, native schedules) that behaves like the brand
 * it stands in for — limited slots, refused duplicate PINs, latency, and the faults support staff inject through
 * the simulate endpoints (offline, failing operations).
 */
export class SandboxLockProvider implements LockProvider {
  readonly #db: Kysely<Database>
  readonly #clock: Clock
  readonly #latencyScale: number
  readonly #sleep: (ms: number) => Promise<void>

  constructor(options: SandboxLockOptions) {
    this.#db = options.db
    this.#clock = options.clock
    this.#latencyScale = options.latencyScale
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
  }

  // A lock's simulated latency never changes: read once per device.
  readonly #latencies = new Map<string, number>()

  async #roundTrip(device: DeviceRecord, share = 1): Promise<void> {
    if (this.#latencyScale === 0) return
    let latency = this.#latencies.get(device.deviceId)
    if (latency === undefined) {
      const settings = await this.#db
        .selectFrom('devices')
        .select('sandbox_settings')
        .where('device_id', '=', device.deviceId)
        .executeTakeFirst()
      latency = parseJson<SandboxSettings>(settings?.sandbox_settings ?? null, {}).latency_ms ?? 0
      this.#latencies.set(device.deviceId, latency)
    }
    const ms = latency * share * this.#latencyScale
    if (ms > 0) await this.#sleep(ms)
  }

  async #isOnline(deviceId: string): Promise<boolean> {
    const row = await this.#db
      .selectFrom('devices')
      .select('online')
      .where('device_id', '=', deviceId)
      .executeTakeFirst()
    return row?.online === 1
  }

  async readKeypad(device: DeviceRecord): Promise<KeypadCode[]> {
    await this.#roundTrip(device, READ_LATENCY_SHARE)
    if (!(await this.#isOnline(device.deviceId))) {
      throw new LockUnreachableError('device_offline', `${device.displayName} is offline.`)
    }
    return readSandboxKeypad(this.#db, device.deviceId)
  }

  /** One batch of keypad changes: a round trip, then, if the lock is online, one transaction holding its keypad. */
  async #keypadBatch<R>(
    device: DeviceRecord,
    requests: number,
    apply: (trx: Kysely<Database>, results: (R | Refused)[]) => Promise<void>,
  ): Promise<(R | Refused)[]> {
    if (requests === 0) return []
    await this.#roundTrip(device)
    if (!(await this.#isOnline(device.deviceId))) return offline(device, requests)
    const results: (R | Refused)[] = []
    await this.#db.transaction().execute(async (trx) => {
      await lockKeypad(trx, device.deviceId)
      await apply(trx, results)
    })
    return results
  }

  programCodes(device: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]> {
    return this.#keypadBatch<ProgramResult>(device, requests.length, async (trx, results) => {
      const entries = await trx
        .selectFrom('sandbox_keypad_codes')
        .selectAll()
        .where('device_id', '=', device.deviceId)
        .execute()
      const failSetBefore = await refusalsLeft(trx, device.deviceId, 'fail_next_set')
      let failSet = failSetBefore
      const usedSlots = new Set(entries.map((e) => e.slot))
      const now = this.#clock.now().toISOString()
      for (const request of requests) {
        if (failSet > 0) {
          failSet--
          results.push({
            ok: false,
            failure: 'failed',
            detail: `${device.displayName} rejected the programming request.`,
          })
          continue
        }
        const replacing =
          request.replaceProviderCodeId === undefined
            ? undefined
            : entries.find((e) => e.keypad_code_id === request.replaceProviderCodeId)
        const clash = entries.find((e) => e.code === request.code && e.keypad_code_id !== replacing?.keypad_code_id)
        if (clash !== undefined) {
          results.push({
            ok: false,
            failure: 'duplicate_code',
            detail: `${device.displayName} already holds PIN ${request.code} in slot ${clash.slot}.`,
          })
          continue
        }
        if (replacing !== undefined) {
          await trx
            .updateTable('sandbox_keypad_codes')
            .set({
              code: request.code,
              name: request.name,
              starts_at: request.startsAt,
              ends_at: request.endsAt,
              set_by_latchkey: 1,
              updated_at: now,
            })
            .where('keypad_code_id', '=', replacing.keypad_code_id)
            .execute()
          replacing.code = request.code
          results.push({ ok: true, providerCodeId: replacing.keypad_code_id })
          continue
        }
        let slot = 1
        while (usedSlots.has(slot)) slot++
        if (slot > device.maxActiveCodes) {
          results.push({
            ok: false,
            failure: 'no_space',
            detail: `All ${device.maxActiveCodes} code slots of ${device.displayName} are in use.`,
          })
          continue
        }
        usedSlots.add(slot)
        const entry = {
          keypad_code_id: newId(),
          device_id: device.deviceId,
          slot,
          code: request.code,
          name: request.name,
          starts_at: request.startsAt,
          ends_at: request.endsAt,
          set_by_latchkey: 1 as const,
          created_at: now,
          updated_at: now,
        }
        await trx.insertInto('sandbox_keypad_codes').values(entry).execute()
        entries.push(entry)
        results.push({ ok: true, providerCodeId: entry.keypad_code_id })
      }
      if (failSet !== failSetBefore) await storeRefusalsLeft(trx, device.deviceId, 'fail_next_set', failSet)
    })
  }

  nativeSchedulingLeadMs(device: DeviceRecord): number {
    return profileFor(device.provider)?.nativeSchedulingLeadMs ?? 0
  }

  removeCodes(device: DeviceRecord, providerCodeIds: readonly string[]): Promise<RemoveResult[]> {
    return this.#keypadBatch<RemoveResult>(device, providerCodeIds.length, async (trx, results) => {
      let failRemove = await refusalsLeft(trx, device.deviceId, 'fail_next_remove')
      for (const id of providerCodeIds) {
        if (failRemove > 0) {
          failRemove--
          results.push({ ok: false, failure: 'failed', detail: `${device.displayName} rejected the removal request.` })
          continue
        }
        // Removing what is already gone succeeds: the goal is an empty slot.
        await trx
          .deleteFrom('sandbox_keypad_codes')
          .where('device_id', '=', device.deviceId)
          .where('keypad_code_id', '=', id)
          .execute()
        results.push({ ok: true })
      }
      await storeRefusalsLeft(trx, device.deviceId, 'fail_next_remove', failRemove)
    })
  }
}

type Refused = { ok: false; failure: LockFailure; detail: string }

const offline = (device: DeviceRecord, requests: number): Refused[] =>
  Array.from({ length: requests }, () => ({
    ok: false,
    failure: 'device_offline',
    detail: `${device.displayName} is offline.`,
  }))

/** Programming or removal requests the lock is to refuse next (simulate/fail_next_operations). */
type Refusals = 'fail_next_set' | 'fail_next_remove'

async function refusalsLeft(trx: Kysely<Database>, deviceId: string, kind: Refusals): Promise<number> {
  const faults = await trx
    .selectFrom('sandbox_lock_faults')
    .select(kind)
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
  return faults?.[kind] ?? 0
}

async function storeRefusalsLeft(trx: Kysely<Database>, deviceId: string, kind: Refusals, left: number): Promise<void> {
  await trx
    .updateTable('sandbox_lock_faults')
    .set({ [kind]: left })
    .where('device_id', '=', deviceId)
    .execute()
}

/**
 * One change to a keypad at a time, like the real lock: on PostgreSQL this takes the device row's lock for the
 * transaction (SQLite runs one writing transaction at a time anyway).
 */
async function lockKeypad(trx: Kysely<Database>, deviceId: string): Promise<void> {
  await trx
    .updateTable('devices')
    .set((eb) => ({ online: eb.ref('online') }))
    .where('device_id', '=', deviceId)
    .execute()
}

export async function readSandboxKeypad(db: Kysely<Database>, deviceId: string): Promise<KeypadCode[]> {
  const rows = await db
    .selectFrom('sandbox_keypad_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .orderBy('slot')
    .execute()
  return rows.map((r) => ({
    providerCodeId: r.keypad_code_id,
    code: r.code,
    name: r.name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    setByLatchkey: r.set_by_latchkey === 1,
  }))
}
