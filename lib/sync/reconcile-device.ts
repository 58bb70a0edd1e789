import 'server-only'

// One reconcile pass over one lock, phase by phase; the lock calls it decides on run after the lease (lock-work.ts).
import { pendingActionAttempts, type PendingActionAttempt } from '@/lib/action-attempts/action-attempts'
import type { AccessCodeRow } from '@/lib/db/schema'
import {
  reportedIssuesJson,
  selectDevicesIncludingRemoved,
  toDeviceRecord,
  type DeviceRecord,
  type ReportedDeviceIssue,
} from '@/lib/db/device-record'
import { newId } from '@/lib/ids'
import {
  LockUnreachableError,
  type KeypadCode,
  type LockIssue,
  type LockProvider,
  type ProgramRequest,
} from '@/lib/locks/lock-provider'
import { isCatalogued } from '@/lib/shared/issue-catalogue'
import { CodeIssues } from '@/lib/sync/code-issues'
import { CodeWork, transitionsOf } from '@/lib/sync/code-work'
import { DEVICE_CONDITION_CODES } from '@/lib/sync/issue-codes'
import { runLockWork, type LockBatch, type LockWorkOutcome, type UnmanagedRemoval } from '@/lib/sync/lock-work'
import { mirrorUnmanagedCodes, UnmanagedWrites } from '@/lib/sync/mirror-unmanaged'
import { nextDue } from '@/lib/sync/next-due'
import {
  noSpaceError,
  onProgramFailed,
  onRemoveFailed,
  planCode,
  schedulesNatively,
  warnOfDelay,
  type Plan,
} from '@/lib/sync/plan-code'
import type { ReconcileEnv, ReconcilerSettings } from '@/lib/sync/reconcile-env'
import { storePass } from '@/lib/sync/store-pass'
import { holdsPoolPlace } from '@/lib/shared/backup-pool-places'

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

/** One lock's codes as a pass finds them, and what it writes about the unmanaged ones. */
interface DevicePass {
  device: DeviceRecord
  now: Date
  /** Managed codes this pass works on. */
  managed: CodeWork[]
  /** Unmanaged codes this pass works on. */
  unmanaged: AccessCodeRow[]
  /** Codes a lock call in flight holds: they belong to that call until it ends (or its claim runs out). */
  inFlight: AccessCodeRow[]
  unmanagedWrites: UnmanagedWrites
}

/** What reading the keypad gave: its codes and the lock's conditions, or why the lock could not be reached. */
type KeypadView =
  | {
      known: true
      entries: readonly KeypadCode[]
      byId: ReadonlyMap<string, KeypadCode>
      conditions: readonly LockIssue[]
    }
  | { known: false; issue: LockIssue | undefined }

/**
 * Brings one lock's keypad in line with what Latchkey wants on it now: reads the keypad, compares it with every code
 * of the device, decides the lock calls (made later, without the lease), and records status moves, errors, warnings
 * and events in one transaction. Returns when the device next needs a look.
 */
export async function reconcileDevice(
  env: ReconcileEnv,
  deviceId: string,
  consecutiveFailures: number,
): Promise<ReconcileOutcome> {
  const pass = await loadPass(env, deviceId)
  if (pass === undefined) return { nextDueAt: null, consecutiveFailures: 0, transitions: 0 }
  if (pass.device.removedAt !== null) return windUpRemovedDevice(env, pass)
  if (!pass.device.accountConnected) return waitForAccount(env, pass)
  clearAccountDisconnected(pass)

  const provider = env.providerFor(pass.device)
  const keypad = await readKeypad(provider, pass.device)
  if (keypad.known) mirrorKeypad(pass, keypad.entries)
  const leadMs = provider.nativeSchedulingLeadMs(pass.device)
  const plans = planCodes(pass, keypad, leadMs, provider.offlineCodeIssues(pass.device))
  let batch: LockBatch | undefined
  if (keypad.known) {
    const removals = unmanagedRemovals(pass, keypad.byId)
    batch = claimLockWork(env, pass, waitForRoom(pass, plans, keypad.entries.length, removals.length), removals)
  } else failAsUnreachable(env.settings, pass, plans, keypad.issue)
  dropExpiredClaims(pass)
  const codesTurnAt = showLockConditions(env.settings, pass, keypad)
  const lockReports = lockReportsOnDevice(env.settings, pass, keypad)
  flagEmptyBackupPool(pass)
  warnOfDelays(env.settings, pass)
  await storePass(env, pass.device, pass.managed, pass.unmanagedWrites, lockReports.changed)
  const conditionTurnsAt = earliest(codesTurnAt, lockReports.turnsAt)

  // With lock calls still to come, their outcome decides whether the failure streak ends.
  const failed = !keypad.known && plans.length > 0
  const failures = failed ? consecutiveFailures + 1 : batch !== undefined ? consecutiveFailures : 0
  return {
    nextDueAt: nextLook(env.settings, pass, {
      leadMs,
      failures,
      keypadKnown: keypad.known,
      lockWork: batch,
      conditionTurnsAt,
    }),
    consecutiveFailures: failures,
    transitions: transitionsOf(pass.managed),
    ...(batch === undefined ? {} : { lockWork: () => runLockWork(env, pass.device, batch) }),
  }
}

/** The device (removed ones included) and its codes, the managed ones ready to be worked on. */
async function loadPass(env: ReconcileEnv, deviceId: string): Promise<DevicePass | undefined> {
  const { db, clock } = env
  const deviceRow = await selectDevicesIncludingRemoved(db).where('devices.device_id', '=', deviceId).executeTakeFirst()
  if (deviceRow === undefined) return undefined
  const now = clock.now()
  const rows = await db
    .selectFrom('access_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('status', '!=', 'deleted')
    .execute()
  const inFlight = (r: AccessCodeRow): boolean => r.lock_op_expires_at !== null && new Date(r.lock_op_expires_at) > now
  const attempts = new Map<string, PendingActionAttempt[]>()
  for (const attempt of await pendingActionAttempts(db, deviceId))
    attempts.set(attempt.accessCodeId, [...(attempts.get(attempt.accessCodeId) ?? []), attempt])
  return {
    device: toDeviceRecord(deviceRow),
    now,
    managed: rows
      .filter((r) => r.is_managed === 1 && !inFlight(r))
      .map((r) => new CodeWork(r, attempts.get(r.access_code_id))),
    unmanaged: rows.filter((r) => r.is_managed === 0 && !inFlight(r)),
    inFlight: rows.filter(inFlight),
    unmanagedWrites: new UnmanagedWrites(),
  }
}

/**
 * The lock is gone from its account: deleted codes are done, the rest can no longer be managed. Whatever was asked
 * of the lock and not done yet cannot be done any more: those attempts end with `device_removed`.
 */
async function windUpRemovedDevice(env: ReconcileEnv, pass: DevicePass): Promise<ReconcileOutcome> {
  const { now, managed, unmanaged, unmanagedWrites } = pass
  const removed = `${pass.device.displayName} was removed from its account before the lock did this.`
  for (const work of managed) {
    // A deletion succeeded if the PIN never reached the keypad (or already left it).
    if (work.row.deleted_at !== null && work.get('provider_code_id') === null) work.succeed('DELETE_ACCESS_CODE')
    work.giveUp('device_removed', removed)
    work.errors.remove(...DEVICE_CONDITION_CODES)
    work.warnings.remove(...DEVICE_CONDITION_CODES)
    if (work.row.deleted_at !== null) {
      if (work.status !== 'deleted') work.move('finished')
    } else {
      if (work.status !== 'unknown') work.move('device_lost')
      work.errors.add('device_removed', now)
    }
  }
  for (const row of unmanaged) {
    unmanagedWrites.change(row.access_code_id, { status: 'deleted', deleted_at: row.deleted_at ?? now.toISOString() })
    // A deletion asked for and not done yet cannot be done any more, as for managed codes.
    if (row.deleted_at !== null)
      unmanagedWrites.removalsGivenUp.set(row.access_code_id, { type: 'device_removed', message: removed })
  }
  await storePass(env, pass.device, managed, unmanagedWrites)
  return { nextDueAt: null, consecutiveFailures: 0, transitions: transitionsOf(managed) }
}

/** The lock maker's account does not answer: codes are `unknown` until it does (reconnecting asks for a pass). */
async function waitForAccount(env: ReconcileEnv, pass: DevicePass): Promise<ReconcileOutcome> {
  for (const work of pass.managed) {
    if (work.status !== 'unknown' && work.status !== 'deleted') work.move('account_lost')
    work.errors.add('account_disconnected', pass.now)
  }
  for (const row of pass.unmanaged) showOnUnmanaged(pass, row, 'account_disconnected', true)
  await storePass(env, pass.device, pass.managed, pass.unmanagedWrites)
  return { nextDueAt: null, consecutiveFailures: 0, transitions: transitionsOf(pass.managed) }
}

function clearAccountDisconnected(pass: DevicePass): void {
  for (const work of pass.managed) {
    if (work.status === 'unknown') work.move('account_restored')
    work.errors.remove('account_disconnected')
  }
  for (const row of pass.unmanaged) showOnUnmanaged(pass, row, 'account_disconnected', false)
}

/** Unmanaged codes are on the same lock: they show its device-level errors too. */
function showOnUnmanaged(pass: DevicePass, row: AccessCodeRow, errorCode: string, present: boolean): void {
  const errors = new CodeIssues('error', row.errors)
  if (present) errors.add(errorCode, pass.now)
  else errors.remove(errorCode)
  if (errors.changed)
    pass.unmanagedWrites.change(row.access_code_id, { errors: errors.toJson(), updated_at: pass.now.toISOString() })
}

async function readKeypad(provider: LockProvider, device: DeviceRecord): Promise<KeypadView> {
  try {
    const { entries, conditions } = await provider.readKeypad(device)
    return { known: true, entries, byId: new Map(entries.map((e) => [e.providerCodeId, e])), conditions }
  } catch (error) {
    if (!(error instanceof LockUnreachableError)) throw error
    return { known: false, issue: error.issue }
  }
}

/**
 * Matches keypad entries to codes: takes back entries Latchkey programmed whose id never reached the store (a
 * restart), and mirrors the entries no code claims as unmanaged codes.
 */
function mirrorKeypad(pass: DevicePass, entries: readonly KeypadCode[]): void {
  const claimed = new Set(
    [...pass.managed.map((w) => w.row), ...pass.inFlight]
      .map((r) => r.provider_code_id)
      .filter((id): id is string => id !== null),
  )
  // An entry a call in flight just wrote, whose id that call has not stored yet, is not someone else's code (on a
  // lock that picks PINs, the call's code does not know its PIN yet).
  const writtenInFlight = (entry: KeypadCode): boolean =>
    pass.inFlight.some((r) => r.is_managed === 1 && (r.code === entry.code || r.is_waiting_for_code_assignment === 1))
  for (const entry of entries) {
    if (entry.setByLatchkey && writtenInFlight(entry)) claimed.add(entry.providerCodeId)
  }
  for (const work of pass.managed) {
    if (work.row.provider_code_id !== null || work.row.is_waiting_for_code_assignment === 1) continue
    const orphan = entries.find((e) => e.setByLatchkey && !claimed.has(e.providerCodeId) && e.code === work.row.code)
    if (orphan !== undefined) {
      work.changes.provider_code_id = orphan.providerCodeId
      work.changes.programmed_code = orphan.code
      work.changes.programmed_starts_at = orphan.startsAt
      work.changes.programmed_ends_at = orphan.endsAt
      claimed.add(orphan.providerCodeId)
    }
  }
  mirrorUnmanagedCodes(pass.device, entries, claimed, pass.unmanaged, pass.unmanagedWrites, pass.now)
}

/** Decides, code by code, what each managed code needs from the lock. */
function planCodes(pass: DevicePass, keypad: KeypadView, leadMs: number, offlineIssues: readonly LockIssue[]): Plan[] {
  const { device, now } = pass
  const entryById = keypad.known ? keypad.byId : new Map<string, KeypadCode>()
  return pass.managed.flatMap((work) => {
    const plan = planCode(work, {
      device,
      now,
      leadMs,
      native: schedulesNatively(device, work),
      keypadKnown: keypad.known,
      entryById,
      offlineIssues,
    })
    return plan === undefined ? [] : [plan]
  })
}

/** Unmanaged codes someone asked to delete that are still on the keypad. */
function unmanagedRemovals(pass: DevicePass, entryById: ReadonlyMap<string, KeypadCode>): UnmanagedRemoval[] {
  return pass.unmanaged.flatMap((u) =>
    u.deleted_at !== null && u.provider_code_id !== null && entryById.has(u.provider_code_id)
      ? [{ accessCodeId: u.access_code_id, providerCodeId: u.provider_code_id }]
      : [],
  )
}

/**
 * Codes the lock refused for want of a free slot wait for one: while the keypad, as this pass read it, has no free
 * slot (`slotsInUse` of the lock's maxActiveCodes, less what this batch's removals free first), they are not sent to
 * the lock again, but one (a probe, should the lock hold more than it says). They keep showing the lock's no-space
 * error meanwhile, and the lock stays due for a retry. Sending them all again on every pass (every write to the lock
 * asks for one) made a lock of 1,000 codes on 250 slots cost 750 refused lock calls and ~55 ms of work a pass.
 * Changes to codes already on the keypad need no new slot, and a code not yet refused is always sent: the lock says.
 */
function waitForRoom(pass: DevicePass, plans: readonly Plan[], slotsInUse: number, unmanagedRemovals: number): Plan[] {
  const capacity = pass.device.maxActiveCodes
  if (capacity <= 0) return [...plans]
  const refusedForRoom = noSpaceError(pass.device.provider)
  const removals = plans.filter((p) => p.removeId !== undefined).length + unmanagedRemovals
  let free = Math.max(0, capacity - slotsInUse) + removals
  let probes = 1
  return plans.filter((plan) => {
    if (plan.program === undefined || plan.program.replaceProviderCodeId !== undefined) return true
    const waiting = plan.work.errors.has(refusedForRoom)
    if (!waiting || free > 0) {
      free--
      return true
    }
    if (probes > 0) {
      probes--
      return true
    }
    plan.work.needsRetry = true
    return false
  })
}

/**
 * A claim that ran out (its lock call's process died before storing the answer) is cleared on the codes this pass
 * does not claim again: a code the pass found already on the keypad and settled would otherwise keep the dead
 * call's token for good. (Claims in force keep their codes out of the pass: `inFlight`.)
 */
function dropExpiredClaims(pass: DevicePass): void {
  for (const work of pass.managed) {
    if (work.row.lock_op_token === null || work.changes.lock_op_token !== undefined) continue
    work.changes.lock_op_token = null
    work.changes.lock_op_expires_at = null
  }
}

/** Claims the codes the lock calls concern, stored with the pass, so no other pass works on them meanwhile. */
function claimLockWork(
  env: ReconcileEnv,
  pass: DevicePass,
  plans: readonly Plan[],
  unmanaged: readonly UnmanagedRemoval[],
): LockBatch | undefined {
  const removals = plans.filter((p): p is Plan & { removeId: string } => p.removeId !== undefined)
  const programs = plans.filter((p): p is Plan & { program: ProgramRequest } => p.program !== undefined)
  if (removals.length === 0 && programs.length === 0 && unmanaged.length === 0) return undefined
  const claim = {
    lock_op_token: `${env.owner ?? 'reconciler'}#${newId()}`,
    lock_op_expires_at: new Date(pass.now.getTime() + env.settings.lockOpClaimMs).toISOString(),
  }
  for (const plan of [...removals, ...programs]) Object.assign(plan.work.changes, claim)
  for (const removal of unmanaged) pass.unmanagedWrites.change(removal.accessCodeId, claim)
  return { token: claim.lock_op_token, unmanagedRemovals: unmanaged, removals, programs }
}

/**
 * The lock did not answer the read: nothing is sent to it, and every planned call fails the same way, with the
 * lock's issue if it named one.
 */
function failAsUnreachable(
  settings: ReconcilerSettings,
  pass: DevicePass,
  plans: readonly Plan[],
  issue: LockIssue | undefined,
): void {
  const refusal = { failure: 'device_offline' as const, issue }
  for (const plan of plans.filter((p) => p.removeId !== undefined))
    onRemoveFailed(plan.work, refusal, settings, pass.now)
  for (const plan of plans.filter((p) => p.program !== undefined))
    onProgramFailed(plan.work, refusal, pass.device, settings, pass.now)
}

/**
 * Device conditions show on every code of the lock, managed and unmanaged, whatever their status, as Seam does:
 * what the lock reports with a read (a keypad missing, another integration…), or, when it cannot be reached, its
 * issue (a hub or bridge offline…) or else `device_offline`. They are what the provider says, never what an
 * endpoint wrote, and go as soon as the lock stops reporting them. A warning the spec also has as an error
 * (august_lock_temporarily_offline) turns into that error once it has lasted `delayWarningAfterMs`. Returns when the
 * next such warning turns, if one is waiting to.
 */
function showLockConditions(settings: ReconcilerSettings, pass: DevicePass, keypad: KeypadView): Date | null {
  const reported: readonly LockIssue[] = keypad.known
    ? keypad.conditions
    : [keypad.issue ?? { code: 'device_offline', kind: 'error' }]
  const conditionCodes = [...new Set([...DEVICE_CONDITION_CODES, ...reported.map((i) => i.code)])]
  let turnsAt: number | null = null
  const show = (errors: CodeIssues, warnings: CodeIssues, present: boolean): void => {
    const keepErrors = new Set<string>()
    const keepWarnings = new Set<string>()
    if (present) {
      for (const issue of reported) {
        if (issue.kind === 'error') {
          errors.add(issue.code, pass.now)
          keepErrors.add(issue.code)
          continue
        }
        const turns = isCatalogued('error', issue.code)
        const since = warnings.createdAt(issue.code)
        const turnAt = turns ? (since ?? pass.now).getTime() + settings.delayWarningAfterMs : null
        if (errors.has(issue.code) || (turnAt !== null && turnAt <= pass.now.getTime())) {
          errors.add(issue.code, pass.now)
          keepErrors.add(issue.code)
          continue
        }
        warnings.add(issue.code, pass.now)
        keepWarnings.add(issue.code)
        if (turnAt !== null) turnsAt = turnsAt === null ? turnAt : Math.min(turnsAt, turnAt)
      }
    }
    errors.remove(...conditionCodes.filter((c) => !keepErrors.has(c)))
    warnings.remove(...conditionCodes.filter((c) => !keepWarnings.has(c)))
  }
  for (const work of pass.managed) show(work.errors, work.warnings, work.status !== 'deleted')
  for (const row of pass.unmanaged) {
    const errors = new CodeIssues('error', row.errors)
    const warnings = new CodeIssues('warning', row.warnings)
    show(errors, warnings, true)
    if (errors.changed || warnings.changed)
      pass.unmanagedWrites.change(row.access_code_id, {
        errors: errors.toJson(),
        warnings: warnings.toJson(),
        updated_at: pass.now.toISOString(),
      })
  }
  // Codes this pass found on the keypad for the first time carry them from the start.
  for (const insert of pass.unmanagedWrites.inserts) {
    const errors = new CodeIssues('error', insert.errors ?? '[]')
    const warnings = new CodeIssues('warning', insert.warnings ?? '[]')
    show(errors, warnings, true)
    insert.errors = errors.toJson()
    insert.warnings = warnings.toJson()
  }
  return turnsAt === null ? null : new Date(turnsAt)
}

/**
 * What the lock reports about itself, kept on the device row for /devices/get and the lock page: the conditions of
 * its read, or the reason its maker gives for it being out of reach (plain unreachability is the device's `online`,
 * and adds nothing here). As on the codes, a warning the spec also has as an error turns into it once it has lasted
 * `delayWarningAfterMs`. `changed` is the list to store, only when it differs from the stored one: most passes find
 * the same, and write nothing for it. `turnsAt`: when a warning listed turns into its error.
 */
function lockReportsOnDevice(
  settings: ReconcilerSettings,
  pass: DevicePass,
  keypad: KeypadView,
): { changed: string | undefined; turnsAt: Date | null } {
  const reported: readonly LockIssue[] = keypad.known
    ? keypad.conditions
    : keypad.issue === undefined
      ? []
      : [keypad.issue]
  const before = new Map(pass.device.reportedIssues.map((i) => [i.code, i]))
  const issues: ReportedDeviceIssue[] = []
  let turnsAt: Date | null = null
  for (const issue of reported) {
    if (issues.some((i) => i.code === issue.code)) continue
    const createdAt = before.get(issue.code)?.createdAt ?? pass.now.toISOString()
    let kind = issue.kind
    if (kind === 'warning' && isCatalogued('error', issue.code)) {
      const turnAt = new Date(new Date(createdAt).getTime() + settings.delayWarningAfterMs)
      if (turnAt <= pass.now) kind = 'error'
      else turnsAt = earliest(turnsAt, turnAt)
    }
    issues.push({ code: issue.code, kind, createdAt })
  }
  const json = reportedIssuesJson(issues)
  return { changed: json === reportedIssuesJson(pass.device.reportedIssues) ? undefined : json, turnsAt }
}

const earliest = (a: Date | null, b: Date | null): Date | null => (a === null || (b !== null && b < a) ? b : a)

/** Codes that count on the backup pool hear when it has nothing left to hand out. */
function flagEmptyBackupPool(pass: DevicePass): void {
  const { managed, now, device } = pass
  const liveBackups = managed.filter((w) => w.row.is_backup === 1 && w.row.deleted_at === null).map((w) => w.row)
  const freeBackups = liveBackups.filter((b) => b.pulled_for_access_code_id === null).length
  // A lent backup whose stay has ended gives its place back: the next pull refills it.
  const placesToRefill = device.backupPoolSize - liveBackups.filter((b) => holdsPoolPlace(b, now)).length
  const available = freeBackups + Math.max(0, placesToRefill)
  const poolStarted = managed.some((w) => w.row.is_backup === 1)
  for (const work of managed) {
    if (work.changes.lock_op_token !== undefined) continue
    const countsOnPool =
      work.row.use_backup_access_code_pool === 1 &&
      work.row.type === 'time_bound' &&
      work.row.pulled_backup_access_code_id === null
    if (countsOnPool && poolStarted && available === 0 && work.row.deleted_at === null)
      work.errors.add('empty_backup_access_code_pool', now)
    else work.errors.remove('empty_backup_access_code_pool')
  }
}

/** Delay warnings (and their events) for work that has waited on the lock too long. */
function warnOfDelays(settings: ReconcilerSettings, pass: DevicePass): void {
  // Codes about to be sent to the lock hear from its answer instead (lock-work.ts).
  for (const work of pass.managed) if (work.changes.lock_op_token === undefined) warnOfDelay(work, settings, pass.now)
}

/** When the device next needs a pass. */
function nextLook(
  settings: ReconcilerSettings,
  pass: DevicePass,
  ctx: {
    leadMs: number
    failures: number
    keypadKnown: boolean
    lockWork: LockBatch | undefined
    /** When a condition's warning turns into its error. */
    conditionTurnsAt: Date | null
  },
): Date | null {
  const { device, now } = pass
  const planned = nextDue(pass.managed, {
    now,
    device,
    leadMs: ctx.leadMs,
    settings,
    failures: ctx.failures,
    keypadKnown: ctx.keypadKnown,
  })
  const due =
    ctx.conditionTurnsAt !== null && (planned === null || ctx.conditionTurnsAt < planned)
      ? ctx.conditionTurnsAt
      : planned
  // Should calls in flight never report back (their process died), look again when their claims run out: this
  // pass's own, and those of earlier passes (or of another instance) that it had to leave alone.
  const claimEnds = [
    ...(ctx.lockWork === undefined ? [] : [now.getTime() + settings.lockOpClaimMs]),
    ...pass.inFlight.flatMap((r) => (r.lock_op_expires_at === null ? [] : [new Date(r.lock_op_expires_at).getTime()])),
  ]
  if (claimEnds.length === 0) return due
  const firstClaimEnd = new Date(Math.min(...claimEnds))
  return due === null || due > firstClaimEnd ? firstClaimEnd : due
}
