import type { Insertable, Kysely } from 'kysely'
import { completeActionAttempts } from '@/lib/action-attempts/action-attempts'
import type { AccessCodeRow } from '@/lib/db/schema'
import type { AccessCodesTable, Database } from '@/lib/db/schema'
import { fromBool } from '@/lib/db/values'
import { selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/devices/device-record'
import type { NewEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import {
  LockUnreachableError,
  type KeypadCode,
  type LockFailure,
  type LockProvider,
  type ProgramRequest,
} from '@/lib/locks/lock-provider'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import { CodeWork } from '@/lib/sync/code-work'
import { syncUnmanaged } from '@/lib/sync/mirror-unmanaged'
import { nextDue } from '@/lib/sync/next-due'
import { onProgramFailed, onRemoved, onRemoveFailed, planCode, settleOnKeypad, type Plan } from '@/lib/sync/plan-code'
import { persist, persistLockResults } from '@/lib/sync/store-pass'
import type { Clock } from '@/lib/time/clock'

export interface ReconcilerSettings {
  /** After this long without reaching the lock, a code gets a delay warning (and its event). */
  delayWarningAfterMs: number
  /** Consecutive failed attempts before `failed_to_set_on_device` / `failed_to_remove_from_device`. */
  failuresBeforeError: number
  retryBaseMs: number
  retryMaxMs: number
  /** How often a keypad holding codes is read again to notice changes made outside Latchkey. */
  keypadPollMs: number
  /** How long a code stays claimed by a lock operation in flight before another pass may take it over. */
  lockOpClaimMs: number
}

export const defaultReconcilerSettings: ReconcilerSettings = {
  delayWarningAfterMs: 5 * 60_000,
  failuresBeforeError: 3,
  retryBaseMs: 5_000,
  retryMaxMs: 5 * 60_000,
  keypadPollMs: 15 * 60_000,
  lockOpClaimMs: 60_000,
}

export interface ReconcileEnv {
  db: Kysely<Database>
  clock: Clock
  providerFor(device: DeviceRecord): LockProvider
  settings: ReconcilerSettings
  /** The reconciler instance: its name starts every lock-operation claim, so a restart can take its own back. */
  owner?: string
}

export interface ReconcileOutcome {
  nextDueAt: Date | null
  consecutiveFailures: number
  /** Lifecycle moves made (for throughput figures). */
  transitions: number
  /**
   * The lock calls this pass decided on, to run after the device's lease is given back: a lock answers in seconds,
   * and codes that come due meanwhile get their own pass instead of waiting behind this one.
   */
  lockWork?: () => Promise<LockWorkOutcome>
}

export interface LockWorkOutcome {
  transitions: number
  /** Some call failed: the device needs a retry. */
  failed: boolean
  /** A code changed (through the API) while its call was in flight: the device needs another look now. */
  changedMeanwhile: boolean
}

/**
 * Brings one lock's keypad in line with what Latchkey wants on it now: reads the keypad, compares it with every code
 * of the device, issues the provider operations (removals first, so they free slots for programming), and records
 * status moves, errors, warnings and events in one transaction. Returns when the device next needs a look.
 */
export async function reconcileDevice(
  env: ReconcileEnv,
  deviceId: string,
  consecutiveFailures: number,
): Promise<ReconcileOutcome> {
  const { db, clock, settings } = env
  const deviceRow = await selectDevicesIncludingRemoved(db).where('devices.device_id', '=', deviceId).executeTakeFirst()
  if (deviceRow === undefined) return { nextDueAt: null, consecutiveFailures: 0, transitions: 0 }
  const device = toDeviceRecord(deviceRow)
  const profile = profileFor(device.provider)
  const leadMs = profile?.nativeSchedulingLeadMs ?? 0
  const now = clock.now()
  const rows = await db
    .selectFrom('access_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('status', '!=', 'deleted')
    .execute()
  // Codes with a lock operation in flight belong to that operation until it ends (or its claim runs out).
  const inFlight = (r: AccessCodeRow): boolean => r.lock_op_expires_at !== null && new Date(r.lock_op_expires_at) > now
  const leased = rows.filter((r) => r.is_managed === 1 && inFlight(r))
  const managed = rows.filter((r) => r.is_managed === 1 && !inFlight(r)).map((r) => new CodeWork(r))
  const unmanaged = rows.filter((r) => r.is_managed === 0)
  const changedUnmanaged: AccessCodeRow[] = []
  const unmanagedDeletesDone: string[] = []
  const newUnmanaged: Insertable<AccessCodesTable>[] = []
  const unmanagedEvents: NewEvent[] = []

  if (device.removedAt !== null) {
    // The lock is gone from its account: deleted codes are done, the rest can no longer be managed.
    for (const work of managed) {
      if (work.row.deleted_at !== null) {
        if (work.status !== 'deleted') work.move('finished')
        work.completeDelete = true
      } else {
        if (work.status !== 'unknown') work.move('device_lost')
        work.errors.add('device_removed', now)
      }
    }
    const gone = unmanaged.map((u) => ({
      ...u,
      status: 'deleted' as const,
      deleted_at: u.deleted_at ?? now.toISOString(),
    }))
    await persist(env, device, managed, gone, [], [])
    return { nextDueAt: null, consecutiveFailures: 0, transitions: managed.reduce((n, w) => n + w.transitions, 0) }
  }

  if (!device.accountConnected) {
    for (const work of managed) {
      if (work.status !== 'unknown' && work.status !== 'deleted') work.move('account_lost')
      work.errors.add('account_disconnected', now)
    }
    await persist(env, device, managed, [], [], [])
    // Reconnecting the account asks for a pass; nothing to do until then.
    return { nextDueAt: null, consecutiveFailures: 0, transitions: managed.reduce((n, w) => n + w.transitions, 0) }
  }
  for (const work of managed) {
    if (work.status === 'unknown') work.move('account_restored')
    work.errors.remove('account_disconnected')
  }

  let keypad: KeypadCode[] | undefined
  let unreachable: LockFailure | undefined
  try {
    keypad = await env.providerFor(device).readKeypad(device)
  } catch (error) {
    if (!(error instanceof LockUnreachableError)) throw error
    unreachable = error.failure
  }

  const nativeFor = (work: CodeWork): boolean =>
    device.supportsNativeScheduling && fromBool(work.row.prefer_native_scheduling) && work.row.type === 'time_bound'

  // ---- what is on the keypad, matched to codes
  const entryById = new Map((keypad ?? []).map((e) => [e.providerCodeId, e]))
  const claimed = new Set(
    [...managed.map((w) => w.row.provider_code_id), ...leased.map((r) => r.provider_code_id)].filter(
      (id): id is string => id !== null,
    ),
  )
  // An entry an operation in flight just wrote, whose id that operation has not stored yet, is not someone else's code.
  for (const entry of keypad ?? []) {
    if (entry.setByLatchkey && leased.some((r) => r.code === entry.code)) claimed.add(entry.providerCodeId)
  }
  if (keypad !== undefined) {
    // A code Latchkey programmed just before a restart, whose id never reached the store: take it back.
    for (const work of managed) {
      if (work.row.provider_code_id !== null) continue
      const orphan = keypad.find((e) => e.setByLatchkey && !claimed.has(e.providerCodeId) && e.code === work.row.code)
      if (orphan !== undefined) {
        work.changes.provider_code_id = orphan.providerCodeId
        work.changes.programmed_code = orphan.code
        work.changes.programmed_starts_at = orphan.startsAt
        work.changes.programmed_ends_at = orphan.endsAt
        claimed.add(orphan.providerCodeId)
      }
    }
    syncUnmanaged(device, keypad, claimed, unmanaged, changedUnmanaged, newUnmanaged, unmanagedEvents, now)
  }

  // ---- unmanaged codes someone asked to delete: take them off the keypad
  const unmanagedRemovals = unmanaged.filter(
    (u) => u.deleted_at !== null && u.provider_code_id !== null && entryById.has(u.provider_code_id),
  )
  if (unmanagedRemovals.length > 0 && unreachable === undefined) {
    const results = await env.providerFor(device).removeCodes(
      device,
      unmanagedRemovals.map((u) => u.provider_code_id ?? ''),
    )
    for (const [i, row] of unmanagedRemovals.entries()) {
      if (results[i]?.ok !== true) continue
      changedUnmanaged.push({ ...row, status: 'deleted', updated_at: now.toISOString() })
      unmanagedEvents.push({
        workspaceId: device.workspaceId,
        eventType: 'access_code.unmanaged.removed',
        accessCodeId: row.access_code_id,
        deviceId: device.deviceId,
        connectedAccountId: device.connectedAccountId,
      })
      unmanagedDeletesDone.push(row.access_code_id)
    }
  }

  // ---- decide, code by code
  const plans: Plan[] = []
  for (const work of managed) {
    const plan = planCode(work, {
      device,
      now,
      leadMs,
      native: nativeFor(work),
      keypadKnown: keypad !== undefined,
      entryById,
    })
    if (plan !== undefined) plans.push(plan)
  }

  // ---- talk to the lock: removals first, they free slots
  const removals = plans.filter((p): p is Plan & { removeId: string } => p.removeId !== undefined)
  const programs = plans.filter((p): p is Plan & { program: ProgramRequest } => p.program !== undefined)
  let anyFailure = false
  let lockWork: ReconcileOutcome['lockWork']
  if (unreachable !== undefined) {
    // The lock did not answer the read: nothing to send it; every planned operation fails the same way.
    for (const plan of removals) {
      anyFailure = true
      onRemoveFailed(plan.work, unreachable, settings, now)
    }
    for (const plan of programs) {
      anyFailure = true
      onProgramFailed(plan.work, unreachable, device, settings, now)
    }
  } else if (removals.length > 0 || programs.length > 0) {
    const token = `${env.owner ?? 'reconciler'}#${newId()}`
    const claimUntil = new Date(now.getTime() + settings.lockOpClaimMs).toISOString()
    for (const plan of [...removals, ...programs]) {
      plan.work.changes.lock_op_token = token
      plan.work.changes.lock_op_expires_at = claimUntil
    }
    const working = [...removals, ...programs].map((p) => p.work)
    lockWork = () => runLockWork(env, device, token, removals, programs, nativeFor, working)
  }

  // ---- the backup pool: codes that count on it hear when it has nothing left to hand out
  const freeBackups = managed.filter(
    (w) => w.row.is_backup === 1 && w.row.pulled_for_access_code_id === null && w.row.deleted_at === null,
  ).length
  const poolStarted = managed.some((w) => w.row.is_backup === 1)
  for (const work of managed) {
    if (work.changes.lock_op_token !== undefined) continue
    const countsOnPool =
      work.row.use_backup_access_code_pool === 1 &&
      work.row.type === 'time_bound' &&
      work.row.pulled_backup_access_code_id === null
    if (countsOnPool && poolStarted && freeBackups === 0 && work.row.deleted_at === null)
      work.errors.add('empty_backup_access_code_pool', now)
    else work.errors.remove('empty_backup_access_code_pool')
  }

  // ---- delay warnings for work still waiting on the lock
  for (const work of managed) {
    const since = work.get('pending_since')
    if (since === null || work.status === 'deleted' || work.changes.lock_op_token !== undefined) continue
    if (now.getTime() - new Date(since).getTime() < settings.delayWarningAfterMs) continue
    if (work.status === 'setting' && work.warnings.add('delay_in_setting_on_device', now))
      work.event('access_code.delay_in_setting_on_device')
    if (work.status === 'removing' && work.warnings.add('delay_in_removing_from_device', now))
      work.event('access_code.delay_in_removing_from_device')
  }

  await persist(env, device, managed, changedUnmanaged, newUnmanaged, unmanagedEvents)
  for (const accessCodeId of unmanagedDeletesDone) {
    await completeActionAttempts(db, clock, accessCodeId, 'DELETE_ACCESS_CODE', { status: 'success' })
  }

  // With lock calls still to come, their outcome decides whether the failure streak ends.
  const failures = anyFailure ? consecutiveFailures + 1 : lockWork !== undefined ? consecutiveFailures : 0
  let nextDueAt = nextDue(managed, { now, leadMs, nativeFor, settings, failures, keypadKnown: keypad !== undefined })
  if (lockWork !== undefined) {
    // Should the calls never report back (the process died), look again when their claim runs out.
    const claimEnds = new Date(now.getTime() + settings.lockOpClaimMs)
    if (nextDueAt === null || nextDueAt > claimEnds) nextDueAt = claimEnds
  }
  return {
    nextDueAt,
    consecutiveFailures: failures,
    transitions: managed.reduce((n, w) => n + w.transitions, 0),
    ...(lockWork === undefined ? {} : { lockWork }),
  }
}

/** The lock calls of one pass, and what their answers mean for each code; runs without the device's lease. */
async function runLockWork(
  env: ReconcileEnv,
  device: DeviceRecord,
  token: string,
  removals: readonly (Plan & { removeId: string })[],
  programs: readonly (Plan & { program: ProgramRequest })[],
  nativeFor: (work: CodeWork) => boolean,
  working: readonly CodeWork[],
): Promise<LockWorkOutcome> {
  const { clock, settings } = env
  for (const work of working) work.commit()
  const provider = env.providerFor(device)
  let failed = false
  const noAnswer = { ok: false as const, failure: 'failed' as const, detail: 'no answer' }
  const removeResults =
    removals.length === 0
      ? []
      : await provider.removeCodes(
          device,
          removals.map((p) => p.removeId),
        )
  const afterRemovals = clock.now()
  for (const [i, plan] of removals.entries()) {
    const result = removeResults[i] ?? noAnswer
    if (result.ok) onRemoved(plan.work, afterRemovals)
    else {
      failed = true
      onRemoveFailed(plan.work, result.failure, settings, afterRemovals)
    }
  }
  const programResults =
    programs.length === 0
      ? []
      : await provider.programCodes(
          device,
          programs.map((p) => p.program),
        )
  const done = clock.now()
  for (const [i, plan] of programs.entries()) {
    const result = programResults[i] ?? noAnswer
    if (result.ok) {
      plan.work.changes.provider_code_id = result.providerCodeId
      plan.work.changes.programmed_code = plan.program.code
      plan.work.changes.programmed_starts_at = plan.program.startsAt
      plan.work.changes.programmed_ends_at = plan.program.endsAt
      settleOnKeypad(plan.work, nativeFor(plan.work), done)
    } else {
      failed = true
      onProgramFailed(plan.work, result.failure, device, settings, done)
    }
  }
  for (const work of working) {
    work.changes.lock_op_token = null
    work.changes.lock_op_expires_at = null
  }
  const changedMeanwhile = await persistLockResults(env, device, token, working)
  return { transitions: working.reduce((n, w) => n + w.transitions, 0), failed, changedMeanwhile }
}
