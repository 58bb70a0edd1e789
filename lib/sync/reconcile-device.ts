import type { Insertable, Kysely, Updateable } from 'kysely'
import { completeActionAttempts } from '@/lib/action-attempts/action-attempts'
import type { AccessCodeRow } from '@/lib/access-codes/access-code-object'
import { isDueOnDevice } from '@/lib/access-codes/schedule'
import { unmanagedCodeRow } from '@/lib/access-codes/unmanaged-access-codes'
import type { AccessCodesTable, Database } from '@/lib/db/schema'
import { fromBool } from '@/lib/db/values'
import { bumpAccessCodesVersion, selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/devices/device-record'
import { recordEvents, type NewEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import { LockUnreachableError, type KeypadCode, type LockFailure, type LockProvider, type ProgramRequest } from '@/lib/locks/lock-provider'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { EventType } from '@/lib/schemas/event'
import { CodeIssues } from '@/lib/sync/code-issues'
import { transition, type LifecycleState, type LifecycleTrigger } from '@/lib/sync/lifecycle'
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

/** Errors that go away once the lock has done what was asked. */
const LOCK_WORK_ERRORS = [
  'device_offline',
  'no_space_for_access_code_on_device',
  'smartthings_no_free_slots_available',
  'hubitat_no_free_positions_available',
  'duplicate_code_on_device',
  'failed_to_set_on_device',
  'smartthings_failed_to_set_after_multiple_retries',
  'failed_to_remove_from_device',
  'code_modified_external_to_seam',
]
const DELAY_WARNINGS = ['delay_in_setting_on_device', 'delay_in_removing_from_device']
/** Warnings about lock work in progress: they go once the work is done or no longer wanted. */
const LOCK_WORK_WARNINGS = [...DELAY_WARNINGS, 'smartthings_failed_to_set_access_code']

const noSpaceError = (provider: string): string =>
  provider === 'smartthings'
    ? 'smartthings_no_free_slots_available'
    : provider === 'hubitat'
      ? 'hubitat_no_free_positions_available'
      : 'no_space_for_access_code_on_device'

const failedToSetError = (provider: string): string =>
  provider === 'smartthings' ? 'smartthings_failed_to_set_after_multiple_retries' : 'failed_to_set_on_device'

/** One code's state during a pass: its row, what changes, and the events to record. */
class CodeWork {
  row: AccessCodeRow
  status: LifecycleState
  changes: Updateable<AccessCodesTable> = {}
  readonly errors: CodeIssues
  readonly warnings: CodeIssues
  readonly events: { type: EventType; payload?: Record<string, unknown> }[] = []
  transitions = 0
  needsRetry = false
  completeCreate = false
  completeUpdate = false
  completeDelete = false

  constructor(row: AccessCodeRow) {
    this.row = row
    this.status = row.status
    this.errors = new CodeIssues('error', row.errors)
    this.warnings = new CodeIssues('warning', row.warnings)
  }

  move(trigger: LifecycleTrigger): void {
    this.status = transition(this.status, trigger)
    this.transitions++
  }

  /** Current value of a column, with this pass's change applied. */
  get<K extends keyof AccessCodeRow & keyof Updateable<AccessCodesTable>>(key: K): AccessCodeRow[K] {
    return (key in this.changes ? this.changes[key] : this.row[key]) as AccessCodeRow[K]
  }

  event(type: EventType, payload?: Record<string, unknown>): void {
    this.events.push(payload === undefined ? { type } : { type, payload })
  }

  /** After a store: what was stored becomes the baseline for the rest of the pass. */
  commit(): void {
    this.row = {
      ...this.row,
      ...(this.changes as Partial<AccessCodeRow>),
      status: this.status,
      errors: this.errors.toJson(),
      warnings: this.warnings.toJson(),
    }
    this.changes = {}
    this.transitions = 0
    this.events.length = 0
    this.errors.markSaved()
    this.warnings.markSaved()
    this.completeCreate = false
    this.completeUpdate = false
    this.completeDelete = false
  }

  get dirty(): boolean {
    return this.status !== this.row.status || Object.keys(this.changes).length > 0 || this.errors.changed || this.warnings.changed || this.events.length > 0
  }
}

interface Plan {
  work: CodeWork
  program?: ProgramRequest
  removeId?: string
}

const windowOf = (work: CodeWork, native: boolean): { startsAt: string | null; endsAt: string | null } =>
  native ? { startsAt: work.row.starts_at, endsAt: work.row.ends_at } : { startsAt: null, endsAt: null }

/**
 * Brings one lock's keypad in line with what Latchkey wants on it now: reads the keypad, compares it with every code
 * of the device, issues the provider operations (removals first, so they free slots for programming), and records
 * status moves, errors, warnings and events in one transaction. Returns when the device next needs a look.
 */
export async function reconcileDevice(env: ReconcileEnv, deviceId: string, consecutiveFailures: number): Promise<ReconcileOutcome> {
  const { db, clock, settings } = env
  const deviceRow = await selectDevicesIncludingRemoved(db).where('devices.device_id', '=', deviceId).executeTakeFirst()
  if (deviceRow === undefined) return { nextDueAt: null, consecutiveFailures: 0, transitions: 0 }
  const device = toDeviceRecord(deviceRow)
  const profile = profileFor(device.provider)
  const leadMs = profile?.nativeSchedulingLeadMs ?? 0
  const now = clock.now()
  const rows = await db.selectFrom('access_codes').selectAll().where('device_id', '=', deviceId).where('status', '!=', 'deleted').execute()
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
    const gone = unmanaged.map((u) => ({ ...u, status: 'deleted' as const, deleted_at: u.deleted_at ?? now.toISOString() }))
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
    [...managed.map((w) => w.row.provider_code_id), ...leased.map((r) => r.provider_code_id)].filter((id): id is string => id !== null),
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
  const unmanagedRemovals = unmanaged.filter((u) => u.deleted_at !== null && u.provider_code_id !== null && entryById.has(u.provider_code_id))
  if (unmanagedRemovals.length > 0 && unreachable === undefined) {
    const results = await env.providerFor(device).removeCodes(device, unmanagedRemovals.map((u) => u.provider_code_id ?? ''))
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
    const plan = planCode(work, { device, now, leadMs, native: nativeFor(work), keypadKnown: keypad !== undefined, entryById })
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
  const freeBackups = managed.filter((w) => w.row.is_backup === 1 && w.row.pulled_for_access_code_id === null && w.row.deleted_at === null).length
  const poolStarted = managed.some((w) => w.row.is_backup === 1)
  for (const work of managed) {
    if (work.changes.lock_op_token !== undefined) continue
    const countsOnPool = work.row.use_backup_access_code_pool === 1 && work.row.type === 'time_bound' && work.row.pulled_backup_access_code_id === null
    if (countsOnPool && poolStarted && freeBackups === 0 && work.row.deleted_at === null) work.errors.add('empty_backup_access_code_pool', now)
    else work.errors.remove('empty_backup_access_code_pool')
  }

  // ---- delay warnings for work still waiting on the lock
  for (const work of managed) {
    const since = work.get('pending_since')
    if (since === null || work.status === 'deleted' || work.changes.lock_op_token !== undefined) continue
    if (now.getTime() - new Date(since).getTime() < settings.delayWarningAfterMs) continue
    if (work.status === 'setting' && work.warnings.add('delay_in_setting_on_device', now)) work.event('access_code.delay_in_setting_on_device')
    if (work.status === 'removing' && work.warnings.add('delay_in_removing_from_device', now)) work.event('access_code.delay_in_removing_from_device')
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
  const removeResults = removals.length === 0 ? [] : await provider.removeCodes(device, removals.map((p) => p.removeId))
  const afterRemovals = clock.now()
  for (const [i, plan] of removals.entries()) {
    const result = removeResults[i] ?? noAnswer
    if (result.ok) onRemoved(plan.work, afterRemovals)
    else {
      failed = true
      onRemoveFailed(plan.work, result.failure, settings, afterRemovals)
    }
  }
  const programResults = programs.length === 0 ? [] : await provider.programCodes(device, programs.map((p) => p.program))
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

/**
 * Stores what the lock answered, for the codes this operation still holds. Returns true when one of them was
 * changed through the API while the call was in flight (its row moved on), so the device needs another look.
 */
async function persistLockResults(env: ReconcileEnv, device: DeviceRecord, token: string, working: readonly CodeWork[]): Promise<boolean> {
  const current = await env.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'updated_at', 'lock_op_token'])
    .where('access_code_id', 'in', working.map((w) => w.row.access_code_id))
    .execute()
  const byId = new Map(current.map((r) => [r.access_code_id, r]))
  const stillOurs = working.filter((w) => byId.get(w.row.access_code_id)?.lock_op_token === token)
  const changedMeanwhile = working.some((w) => byId.get(w.row.access_code_id)?.updated_at !== w.row.updated_at)
  await persist(env, device, stillOurs, [], [], [])
  return changedMeanwhile
}

interface PlanContext {
  device: DeviceRecord
  now: Date
  leadMs: number
  native: boolean
  keypadKnown: boolean
  entryById: Map<string, KeypadCode>
}

function planCode(work: CodeWork, ctx: PlanContext): Plan | undefined {
  const { row } = work
  const { now } = ctx
  const ended = row.type === 'time_bound' && row.ends_at !== null && new Date(row.ends_at) <= now
  const gone = row.deleted_at !== null || ended

  if (row.is_offline_access_code === 1) {
    // Offline codes come from the lock maker's algorithm: nothing goes onto the keypad.
    if (gone) {
      finish(work, now, ended)
      return undefined
    }
    if (isDueOnDevice(row, now) && work.status !== 'set') {
      if (work.status === 'setting') work.move('confirmed_set')
      else if (work.status === 'unset') work.move('activated')
      work.changes.is_scheduled_on_device = 1
      work.event('access_code.set_on_device', { code: row.code })
      work.completeCreate = true
    }
    return undefined
  }

  const providerCodeId = work.get('provider_code_id')
  const programmedCode = work.get('programmed_code')
  const actual: KeypadCode | undefined = ctx.keypadKnown
    ? providerCodeId === null
      ? undefined
      : ctx.entryById.get(providerCodeId)
    : providerCodeId === null || programmedCode === null
      ? undefined
      : {
          providerCodeId,
          code: programmedCode,
          name: row.name,
          startsAt: work.get('programmed_starts_at'),
          endsAt: work.get('programmed_ends_at'),
          setByLatchkey: true,
        }
  const allowed = row.is_external_modification_allowed === 1

  if (ctx.keypadKnown && actual !== undefined && programmedCode !== null && actual.code !== programmedCode && actual.code !== row.code) {
    // Someone changed the PIN in the lock maker's app. The changed PIN stays on the keypad until Latchkey restores
    // it, so later passes see it again: the event is recorded once, when the error first appears.
    if (allowed && !gone) {
      work.event('access_code.modified_external_to_seam')
      work.changes.code = actual.code
      work.changes.programmed_code = actual.code
      work.changes.common_code_key = null
      work.warnings.add('code_modified_external_to_seam', now)
    } else if (!gone) {
      if (work.errors.add('code_modified_external_to_seam', now)) work.event('access_code.modified_external_to_seam')
    } else {
      work.event('access_code.modified_external_to_seam')
    }
  }
  if (ctx.keypadKnown && actual === undefined && providerCodeId !== null) {
    work.changes.provider_code_id = null
    work.changes.programmed_code = null
    work.changes.programmed_starts_at = null
    work.changes.programmed_ends_at = null
    work.changes.is_scheduled_on_device = 0
    if (!gone && work.status !== 'removing') {
      // Someone removed the code in the lock maker's app.
      work.event('access_code.deleted_external_to_seam')
      if (allowed) work.warnings.add('code_modified_external_to_seam', now)
      else work.errors.add('code_modified_external_to_seam', now)
    }
  }
  const leftOffOnPurpose = allowed && actual === undefined && work.warnings.has('code_modified_external_to_seam') && !gone
  const startsAt = row.starts_at === null ? null : new Date(row.starts_at).getTime()
  const inLead = ctx.native && startsAt !== null && now.getTime() >= startsAt - ctx.leadMs
  const wantOn = !gone && !leftOffOnPurpose && (isDueOnDevice(row, now) || inLead)

  if (wantOn) {
    const window = windowOf(work, ctx.native)
    const code = work.get('code')
    const matches = actual !== undefined && actual.code === code && actual.startsAt === window.startsAt && actual.endsAt === window.endsAt
    if (matches) {
      settleOnKeypad(work, ctx.native, now)
      return undefined
    }
    if (work.status !== 'setting') work.move('start_programming')
    work.changes.pending_since = work.get('pending_since') ?? now.toISOString()
    return {
      work,
      program: { replaceProviderCodeId: actual?.providerCodeId, code, name: row.name, startsAt: window.startsAt, endsAt: window.endsAt },
    }
  }

  if (actual !== undefined) {
    if (work.status !== 'removing') work.move('start_removing')
    work.changes.pending_since = work.get('pending_since') ?? now.toISOString()
    return { work, removeId: actual.providerCodeId }
  }
  if (gone) {
    finish(work, now, ended)
    return undefined
  }
  // Not due yet, and not on the keypad.
  if (work.status === 'setting') work.move('cancelled')
  else if (work.status === 'removing') {
    work.move('confirmed_removed')
    work.event('access_code.removed_from_device')
  } else if (work.status === 'set') work.move('lost_from_device')
  work.changes.pending_since = null
  work.errors.remove(...LOCK_WORK_ERRORS.filter((c) => c !== 'code_modified_external_to_seam'))
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  return undefined
}

/** The keypad holds the code as wanted: active (`set`) or, natively scheduled ahead of its window, `unset`. */
function settleOnKeypad(work: CodeWork, native: boolean, now: Date): void {
  const startsAt = work.row.starts_at === null ? null : new Date(work.row.starts_at)
  const scheduledAhead = native && startsAt !== null && now < startsAt
  if (scheduledAhead) {
    if (work.status === 'setting' || work.status === 'set') work.move('scheduled_on_device')
    else if (work.status === 'removing') {
      work.move('start_programming')
      work.move('scheduled_on_device')
    }
    if (work.get('is_scheduled_on_device') !== 1) {
      work.changes.is_scheduled_on_device = 1
      work.event('access_code.scheduled_on_device', { code: work.get('code') })
    }
  } else if (work.status !== 'set') {
    if (work.status === 'setting') work.move('confirmed_set')
    else if (work.status === 'unset') work.move('activated')
    else if (work.status === 'removing') {
      work.move('start_programming')
      work.move('confirmed_set')
    }
    if (native && work.get('is_scheduled_on_device') !== 1) work.changes.is_scheduled_on_device = 1
    work.event('access_code.set_on_device', { code: work.get('code') })
  }
  if (work.get('pending_since') !== null) work.changes.pending_since = null
  if (work.row.failed_attempts !== 0) work.changes.failed_attempts = 0
  work.errors.remove(...LOCK_WORK_ERRORS)
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  work.completeCreate = true
  work.completeUpdate = true
}

function onRemoved(work: CodeWork, now: Date): void {
  work.changes.provider_code_id = null
  work.changes.programmed_code = null
  work.changes.programmed_starts_at = null
  work.changes.programmed_ends_at = null
  work.changes.is_scheduled_on_device = 0
  work.changes.removed_from_device_at = now.toISOString()
  work.changes.pending_since = null
  work.changes.failed_attempts = 0
  work.errors.remove(...LOCK_WORK_ERRORS.filter((c) => c !== 'code_modified_external_to_seam'))
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  work.event('access_code.removed_from_device')
  const ended = work.row.type === 'time_bound' && work.row.ends_at !== null && new Date(work.row.ends_at) <= now
  if (work.row.deleted_at !== null || ended) finish(work, now, ended, false)
  else work.move('confirmed_removed')
}

/** A deleted or expired code is off the keypad: its life ends. Expiry is a deletion too, with its event. */
function finish(work: CodeWork, now: Date, ended: boolean, wasOnKeypadUntilNow = work.get('removed_from_device_at') === null && work.get('programmed_code') !== null): void {
  if (wasOnKeypadUntilNow) work.event('access_code.removed_from_device')
  if (work.status !== 'deleted') work.move('finished')
  if (work.row.deleted_at === null) {
    work.changes.deleted_at = now.toISOString()
    if (ended) work.event('access_code.deleted', { code: work.row.code })
  }
  work.changes.pending_since = null
  work.completeDelete = true
}

function onRemoveFailed(work: CodeWork, failure: LockFailure, settings: ReconcilerSettings, now: Date): void {
  work.needsRetry = true
  if (failure === 'device_offline') {
    work.errors.add('device_offline', now)
    return
  }
  const attempts = work.row.failed_attempts + 1
  work.changes.failed_attempts = attempts
  if (attempts >= settings.failuresBeforeError && work.errors.add('failed_to_remove_from_device', now)) {
    work.event('access_code.failed_to_remove_from_device')
  }
}

function onProgramFailed(work: CodeWork, failure: LockFailure, device: DeviceRecord, settings: ReconcilerSettings, now: Date): void {
  work.needsRetry = true
  switch (failure) {
    case 'device_offline':
      work.errors.add('device_offline', now)
      return
    case 'no_space':
      if (work.errors.add(noSpaceError(device.provider), now)) work.event('access_code.failed_to_set_on_device')
      return
    case 'duplicate_code':
      if (work.errors.add('duplicate_code_on_device', now)) work.event('access_code.failed_to_set_on_device')
      return
    case 'failed': {
      const attempts = work.row.failed_attempts + 1
      work.changes.failed_attempts = attempts
      if (device.provider === 'smartthings') work.warnings.add('smartthings_failed_to_set_access_code', now)
      if (attempts >= settings.failuresBeforeError && work.errors.add(failedToSetError(device.provider), now)) {
        work.event('access_code.failed_to_set_on_device')
      }
      return
    }
  }
}

/** Mirrors codes found on the keypad that Latchkey did not put there as unmanaged codes. */
function syncUnmanaged(
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
  const base = { workspaceId: device.workspaceId, deviceId: device.deviceId, connectedAccountId: device.connectedAccountId }
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

async function persist(
  env: ReconcileEnv,
  device: DeviceRecord,
  managed: readonly CodeWork[],
  changedUnmanaged: readonly AccessCodeRow[],
  newUnmanaged: readonly Insertable<AccessCodesTable>[],
  unmanagedEvents: readonly NewEvent[],
): Promise<void> {
  const dirty = managed.filter((w) => w.dirty)
  const stamp = env.clock.now().toISOString()
  for (const work of dirty) work.changes.updated_at = stamp
  if (dirty.length === 0 && newUnmanaged.length === 0 && unmanagedEvents.length === 0 && changedUnmanaged.length === 0) return
  const { db, clock } = env
  const nowIso = clock.now().toISOString()
  await db.transaction().execute(async (trx) => {
    const events: NewEvent[] = []
    const completions = { CREATE_ACCESS_CODE: [] as string[], UPDATE_ACCESS_CODE: [] as string[], DELETE_ACCESS_CODE: [] as string[] }
    for (const work of dirty) {
      await trx
        .updateTable('access_codes')
        .set({ ...work.changes, status: work.status, errors: work.errors.toJson(), warnings: work.warnings.toJson(), updated_at: nowIso })
        .where('access_code_id', '=', work.row.access_code_id)
        .execute()
      for (const event of work.events) {
        events.push({
          workspaceId: device.workspaceId,
          eventType: event.type,
          accessCodeId: work.row.access_code_id,
          deviceId: device.deviceId,
          connectedAccountId: device.connectedAccountId,
          ...(event.payload === undefined ? {} : { payload: event.payload }),
        })
      }
      if (work.completeCreate) completions.CREATE_ACCESS_CODE.push(work.row.access_code_id)
      if (work.completeUpdate) completions.UPDATE_ACCESS_CODE.push(work.row.access_code_id)
      if (work.completeDelete) completions.DELETE_ACCESS_CODE.push(work.row.access_code_id)
    }
    for (const [type, ids] of Object.entries(completions)) {
      await completeActionAttempts(trx, clock, ids, type as keyof typeof completions, { status: 'success' })
    }
    await recordEvents(trx, clock, [...events, ...unmanagedEvents])
    for (const row of changedUnmanaged) {
      await trx
        .updateTable('access_codes')
        .set({ code: row.code, name: row.name, status: row.status, deleted_at: row.deleted_at, updated_at: row.updated_at })
        .where('access_code_id', '=', row.access_code_id)
        .execute()
    }
    if (newUnmanaged.length > 0) await trx.insertInto('access_codes').values([...newUnmanaged]).execute()
    await bumpAccessCodesVersion(trx, [device.deviceId])
  })
}

interface NextDueContext {
  now: Date
  leadMs: number
  nativeFor(work: CodeWork): boolean
  settings: ReconcilerSettings
  failures: number
  keypadKnown: boolean
}

/** The earliest moment anything about this device changes: a window edge, a retry, a delay warning, a keypad poll. */
function nextDue(managed: readonly CodeWork[], ctx: NextDueContext): Date | null {
  const now = ctx.now.getTime()
  const times: number[] = []
  const future = (t: number): void => {
    if (t > now) times.push(t)
  }
  let anythingOnKeypad = false
  let retry = false
  for (const work of managed) {
    if (work.status === 'deleted') continue
    if (work.get('provider_code_id') !== null) anythingOnKeypad = true
    if (work.needsRetry) retry = true
    const { row } = work
    if (row.type === 'time_bound' && row.starts_at !== null && row.ends_at !== null) {
      const startsAt = new Date(row.starts_at).getTime()
      if (ctx.nativeFor(work) && row.is_offline_access_code === 0) future(startsAt - ctx.leadMs)
      future(startsAt)
      future(new Date(row.ends_at).getTime())
    }
    const since = work.get('pending_since')
    if (since !== null && !work.warnings.has('delay_in_setting_on_device') && !work.warnings.has('delay_in_removing_from_device')) {
      future(new Date(since).getTime() + ctx.settings.delayWarningAfterMs)
    }
  }
  if (retry) {
    times.push(now + Math.min(ctx.settings.retryBaseMs * 2 ** Math.max(0, ctx.failures - 1), ctx.settings.retryMaxMs))
  }
  if (anythingOnKeypad || !ctx.keypadKnown) times.push(now + ctx.settings.keypadPollMs)
  return times.length === 0 ? null : new Date(Math.min(...times))
}
