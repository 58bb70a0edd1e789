import 'server-only'
import type { Insertable, Kysely } from 'kysely'
import type { Database, SandboxKeypadCodesTable } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import type { DeviceRecord } from '@/lib/db/device-record'
import { newId } from '@/lib/ids'
import {
  LockUnreachableError,
  type KeypadCode,
  type KeypadRead,
  type LockIssue,
  type LockProvider,
  type LockRefusal,
  type ProgramRequest,
  type ProgramResult,
  type RemoveResult,
} from '@/lib/locks/lock-provider'
import { canHappenOn, sandboxFaults, type SandboxFault } from '@/lib/locks/sandbox-faults'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { generateCode } from '@/lib/shared/code-rules'
import { prepared } from '@/lib/db/prepared'
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
 * it stands in for — limited slots, refused duplicate PINs (and names, on Wyze), PINs it picks itself where the
 * brand does, latency — and the faults support staff inject through the simulate endpoints: offline, failing
 * operations (`sandbox_lock_faults`), and the faults of lib/locks/sandbox-faults.ts (`sandbox_faults`), which it
 * acts out as the real lock would.
 */
const insertKeypadEntry = prepared((db, p: { entry: Insertable<SandboxKeypadCodesTable> }) =>
  db.insertInto('sandbox_keypad_codes').values(p.entry),
)

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

  async readKeypad(device: DeviceRecord): Promise<KeypadRead> {
    await this.#roundTrip(device, READ_LATENCY_SHARE)
    if (!(await isOnline(this.#db, device.deviceId))) {
      throw new LockUnreachableError('device_offline', `${device.displayName} is offline.`)
    }
    const faults = await FaultBook.load(this.#db, device.deviceId)
    const cutOff = faults.unreachable()
    if (cutOff !== undefined) {
      throw new LockUnreachableError('device_offline', `${device.displayName}: ${cutOff.lockDoes}.`, issueOf(cutOff))
    }
    return {
      entries: await readSandboxKeypad(this.#db, device.deviceId, device.provider),
      conditions: faults.conditions(),
    }
  }

  /**
   * One batch of keypad changes: a round trip, then one transaction holding the lock's keypad. An offline or
   * unreachable lock, or one whose condition blocks changes, refuses the whole batch; otherwise `apply` goes
   * request by request, and the faults it used up are stored.
   */
  async #keypadBatch<R>(
    device: DeviceRecord,
    requests: number,
    apply: (trx: Kysely<Database>, faults: FaultBook, results: (R | LockRefusal)[]) => Promise<void>,
  ): Promise<(R | LockRefusal)[]> {
    if (requests === 0) return []
    await this.#roundTrip(device)
    let results: (R | LockRefusal)[] = []
    await this.#db.transaction().execute(async (trx) => {
      await lockKeypad(trx, device.deviceId)
      if (!(await isOnline(trx, device.deviceId))) {
        results = refuseAll(requests, { failure: 'device_offline', detail: `${device.displayName} is offline.` })
        return
      }
      const faults = await FaultBook.load(trx, device.deviceId)
      const cutOff = faults.unreachable()
      const blocking = faults.blockingCondition()
      if (cutOff !== undefined || blocking !== undefined) {
        results = refuseAll(requests, {
          failure: cutOff !== undefined ? 'device_offline' : 'rejected',
          detail: `${device.displayName}: ${(cutOff ?? blocking)?.lockDoes ?? ''}.`,
          issue: issueOf(cutOff ?? blocking),
        })
        return
      }
      await apply(trx, faults, results)
      await faults.save(trx)
    })
    return results
  }

  programCodes(device: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]> {
    const profile = profileFor(device.provider)
    return this.#keypadBatch<ProgramResult>(device, requests.length, async (trx, faults, results) => {
      const entries = await trx
        .selectFrom('sandbox_keypad_codes')
        .selectAll()
        .where('device_id', '=', device.deviceId)
        .execute()
      const failSetBefore = await refusalsLeft(trx, device.deviceId, 'fail_next_set')
      let failSet = failSetBefore
      const usedSlots = new Set(entries.map((e) => e.slot))
      // The lowest free slot only grows while slots are only taken: each request looks on from the last one found.
      let freeSlot = 1
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
        const refusal = faults.refusalFor('set', device)
        if (refusal !== undefined) {
          results.push(refusal)
          continue
        }
        const replacing =
          request.replaceProviderCodeId === undefined
            ? undefined
            : entries.find((e) => e.keypad_code_id === request.replaceProviderCodeId)
        // The entries other than the one replaced (scanned in place: this runs once per request of a batch).
        const other = (e: (typeof entries)[number]): boolean => e.keypad_code_id !== replacing?.keypad_code_id
        const code =
          request.code ??
          generateCode([device], [new Set(entries.map((e) => e.code))]) ??
          // A lock that picks its own PINs and has none left to give: it reports itself full.
          null
        if (code === null) {
          results.push({
            ok: false,
            failure: 'no_space',
            detail: `${device.displayName} has no PIN left to give.`,
          })
          continue
        }
        const sameName =
          profile?.duplicateNameRefusal !== undefined && request.name !== null
            ? entries.find((e) => other(e) && e.name !== null && e.name.trim() === request.name?.trim())
            : undefined
        if (sameName !== undefined && profile?.duplicateNameRefusal !== undefined) {
          results.push({
            ok: false,
            failure: 'rejected',
            detail: `${device.displayName} already holds a code named “${sameName.name ?? ''}” in slot ${sameName.slot}.`,
            issue: profile.duplicateNameRefusal,
          })
          continue
        }
        const clash = entries.find((e) => e.code === code && other(e))
        if (clash !== undefined) {
          results.push({
            ok: false,
            failure: 'duplicate_code',
            detail: `${device.displayName} already holds PIN ${code} in slot ${clash.slot}.`,
          })
          continue
        }
        if (replacing !== undefined) {
          await trx
            .updateTable('sandbox_keypad_codes')
            .set({
              code,
              name: request.name,
              starts_at: request.startsAt,
              ends_at: request.endsAt,
              set_by_latchkey: 1,
              updated_at: now,
            })
            .where('keypad_code_id', '=', replacing.keypad_code_id)
            .execute()
          replacing.code = code
          replacing.name = request.name
          results.push({ ok: true, providerCodeId: replacing.keypad_code_id, code })
          continue
        }
        while (usedSlots.has(freeSlot)) freeSlot++
        const slot = freeSlot
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
          code,
          name: request.name,
          starts_at: request.startsAt,
          ends_at: request.endsAt,
          set_by_latchkey: 1 as const,
          disabled: 0 as const,
          created_at: now,
          updated_at: now,
        }
        await insertKeypadEntry(trx, { entry })
        entries.push(entry)
        results.push({ ok: true, providerCodeId: entry.keypad_code_id, code })
      }
      if (failSet !== failSetBefore) await storeRefusalsLeft(trx, device.deviceId, 'fail_next_set', failSet)
    })
  }

  nativeSchedulingLeadMs(device: DeviceRecord): number {
    return profileFor(device.provider)?.nativeSchedulingLeadMs ?? 0
  }

  offlineCodeIssues(device: DeviceRecord): readonly LockIssue[] {
    return profileFor(device.provider)?.offlineCodeIssues ?? []
  }

  removeCodes(device: DeviceRecord, providerCodeIds: readonly string[]): Promise<RemoveResult[]> {
    return this.#keypadBatch<RemoveResult>(device, providerCodeIds.length, async (trx, faults, results) => {
      let failRemove = await refusalsLeft(trx, device.deviceId, 'fail_next_remove')
      for (const id of providerCodeIds) {
        if (failRemove > 0) {
          failRemove--
          results.push({ ok: false, failure: 'failed', detail: `${device.displayName} rejected the removal request.` })
          continue
        }
        const refusal = faults.refusalFor('remove', device)
        if (refusal !== undefined) {
          results.push(refusal)
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

const refuseAll = (requests: number, refusal: Omit<LockRefusal, 'ok'>): LockRefusal[] =>
  Array.from({ length: requests }, () => ({ ok: false, ...refusal }))

/**
 * The spec code the lock reports for a fault, and whether as an error or a warning. A fault that shows a warning
 * first (august_device_programming_delay, kwikset_unable_to_confirm_code, august_lock_temporarily_offline) is
 * reported as that warning: the reconciler turns it into the error if it lasts. A failing request whose fault shows
 * another warning first (smartthings_failed_to_set_after_multiple_retries) reports that warning; the error after
 * several refusals is the reconciler's.
 */
function issueOf(fault: SandboxFault): LockIssue
function issueOf(fault: SandboxFault | undefined): LockIssue | undefined
function issueOf(fault: SandboxFault | undefined): LockIssue | undefined {
  if (fault === undefined) return undefined
  const { errors, warnings } = fault.produces
  if (warnings.includes(fault.code)) return { code: fault.code, kind: 'warning' }
  const firstWarning = warnings[0]
  if (fault.effect.type === 'refuse' && fault.effect.refusal === 'failed' && firstWarning !== undefined)
    return { code: firstWarning, kind: 'warning' }
  return { code: fault.code, kind: errors.includes(fault.code) || warnings.length === 0 ? 'error' : 'warning' }
}

const tableOrder = new Map(sandboxFaults.map((f, i) => [f.code, i]))

interface ActiveFault {
  fault: SandboxFault
  /** Operations it still affects; null: until cleared. */
  operationsLeft: number | null
  changed: boolean
}

/** The faults a sandbox lock has now (one query), and the operations they use up while a batch runs. */
class FaultBook {
  readonly #deviceId: string
  readonly #faults: ActiveFault[]

  private constructor(deviceId: string, faults: ActiveFault[]) {
    this.#deviceId = deviceId
    this.#faults = faults
  }

  static async load(db: Kysely<Database>, deviceId: string): Promise<FaultBook> {
    const rows = await db
      .selectFrom('sandbox_faults')
      .select(['fault', 'operations_left'])
      .where('device_id', '=', deviceId)
      .execute()
    const faults = rows
      .flatMap((r) => {
        const fault = sandboxFaults[tableOrder.get(r.fault) ?? -1]
        return fault === undefined ? [] : [{ fault, operationsLeft: r.operations_left, changed: false }]
      })
      .sort((a, b) => (tableOrder.get(a.fault.code) ?? 0) - (tableOrder.get(b.fault.code) ?? 0))
    return new FaultBook(deviceId, faults)
  }

  /** The fault that keeps the lock from being reached, if any. */
  unreachable(): SandboxFault | undefined {
    return this.#faults.find((f) => f.fault.effect.type === 'unreachable')?.fault
  }

  /** A condition the lock reports that makes it refuse every change. */
  blockingCondition(): SandboxFault | undefined {
    return this.#faults.find((f) => f.fault.effect.type === 'condition' && f.fault.effect.blocksChanges)?.fault
  }

  conditions(): LockIssue[] {
    return this.#faults.filter((f) => f.fault.effect.type === 'condition').map((f) => issueOf(f.fault))
  }

  /**
   * How the lock answers the next request of this kind: busy (no answer) while a stall lasts, or the refusal of the
   * first fault with operations left, which this request uses up. Undefined: the request goes through.
   */
  refusalFor(on: 'set' | 'remove', device: DeviceRecord): LockRefusal | undefined {
    const stalled = this.#faults.some((f) => f.fault.effect.type === 'stall' && f.fault.effect.on === on)
    if (stalled) {
      return {
        ok: false,
        failure: 'busy',
        detail: `${device.displayName} took the ${on === 'set' ? 'programming' : 'removal'} request and has not confirmed it.`,
      }
    }
    const refusing = this.#faults.find(
      (f) =>
        f.fault.effect.type === 'refuse' &&
        f.fault.effect.on === on &&
        (f.operationsLeft === null || f.operationsLeft > 0),
    )
    if (refusing === undefined || refusing.fault.effect.type !== 'refuse') return undefined
    if (refusing.operationsLeft !== null) {
      refusing.operationsLeft--
      refusing.changed = true
    }
    return {
      ok: false,
      failure: refusing.fault.effect.refusal,
      detail: `${device.displayName}: ${refusing.fault.lockDoes}.`,
      issue: issueOf(refusing.fault),
    }
  }

  /** Stores what the batch used up: a fault with no operations left is gone. */
  async save(trx: Kysely<Database>): Promise<void> {
    for (const f of this.#faults.filter((x) => x.changed)) {
      if (f.operationsLeft !== null && f.operationsLeft <= 0) {
        await trx
          .deleteFrom('sandbox_faults')
          .where('device_id', '=', this.#deviceId)
          .where('fault', '=', f.fault.code)
          .execute()
      } else {
        await trx
          .updateTable('sandbox_faults')
          .set({ operations_left: f.operationsLeft })
          .where('device_id', '=', this.#deviceId)
          .where('fault', '=', f.fault.code)
          .execute()
      }
      f.changed = false
    }
  }
}

async function isOnline(db: Kysely<Database>, deviceId: string): Promise<boolean> {
  const row = await db.selectFrom('devices').select('online').where('device_id', '=', deviceId).executeTakeFirst()
  return row?.online === 1
}

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

/**
 * What is on a sandbox lock's keypad. Given the lock's provider, a disabled entry carries the issue its brand
 * reports for it (Ultraloq: ultraloq_access_code_disabled).
 */
export async function readSandboxKeypad(
  db: Kysely<Database>,
  deviceId: string,
  provider?: string,
): Promise<KeypadCode[]> {
  const rows = await db
    .selectFrom('sandbox_keypad_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .orderBy('slot')
    .execute()
  const disabling =
    provider === undefined
      ? undefined
      : sandboxFaults.find((f) => f.effect.type === 'disable_entries' && canHappenOn(f.brands, provider))
  const disabledIssue = disabling === undefined ? undefined : issueOf(disabling)
  return rows.map((r) => ({
    providerCodeId: r.keypad_code_id,
    code: r.code,
    name: r.name,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    setByLatchkey: r.set_by_latchkey === 1,
    ...(r.disabled === 1 ? { disabled: true, ...(disabledIssue === undefined ? {} : { issue: disabledIssue }) } : {}),
  }))
}
