import 'server-only'

// What one code needs from the lock this pass (planCode), and how the lock's answers move it along.
import { fromBool } from '@/lib/db/values'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { KeypadCode, LockIssue, LockRefusal, ProgramRequest } from '@/lib/locks/lock-provider'
import { describeIssue, isCatalogued } from '@/lib/shared/issue-catalogue'
import { isDueOnDevice } from '@/lib/shared/schedule'
import type { CodeWork } from '@/lib/sync/code-work'
import { KEYPAD_ENTRY_CODES, LOCK_WORK_ERRORS, LOCK_WORK_WARNINGS } from '@/lib/sync/issue-codes'
import type { ReconcilerSettings } from '@/lib/sync/reconcile-env'

/** What the lock answered when it did not do an operation. */
export type Refusal = Pick<LockRefusal, 'failure' | 'issue'>

/** The error a lock of this brand's code shows when the lock has no free slot for it. */
export const noSpaceError = (provider: string): string =>
  provider === 'smartthings'
    ? 'smartthings_no_free_slots_available'
    : provider === 'hubitat'
      ? 'hubitat_no_free_positions_available'
      : 'no_space_for_access_code_on_device'

const failedToSetError = (provider: string): string =>
  provider === 'smartthings' ? 'smartthings_failed_to_set_after_multiple_retries' : 'failed_to_set_on_device'

/** Whether the lock holds the code's window itself (and takes the code ahead of it), rather than Latchkey. */
export const schedulesNatively = (device: DeviceRecord, work: CodeWork): boolean =>
  device.supportsNativeScheduling && fromBool(work.row.prefer_native_scheduling) && work.row.type === 'time_bound'

export interface Plan {
  work: CodeWork
  program?: ProgramRequest
  removeId?: string
}

const windowOf = (work: CodeWork, native: boolean): { startsAt: string | null; endsAt: string | null } =>
  native ? { startsAt: work.row.starts_at, endsAt: work.row.ends_at } : { startsAt: null, endsAt: null }

interface PlanContext {
  device: DeviceRecord
  now: Date
  leadMs: number
  native: boolean
  keypadKnown: boolean
  entryById: ReadonlyMap<string, KeypadCode>
  /** What the lock maker says about every offline code of this lock. */
  offlineIssues: readonly LockIssue[]
}

export function planCode(work: CodeWork, ctx: PlanContext): Plan | undefined {
  const { row } = work
  const { now } = ctx
  const ended = row.type === 'time_bound' && row.ends_at !== null && new Date(row.ends_at) <= now
  const gone = row.deleted_at !== null || ended

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
  if (ctx.keypadKnown) showEntryIssue(work, actual, now)
  if (row.is_offline_access_code === 1) return planOfflineCode(work, actual, ctx, gone, ended)
  hideIssues(work, ctx.offlineIssues)
  const allowed = row.is_external_modification_allowed === 1

  if (
    ctx.keypadKnown &&
    actual !== undefined &&
    programmedCode !== null &&
    actual.code !== programmedCode &&
    actual.code !== row.code
  ) {
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
  const leftOffOnPurpose =
    allowed && actual === undefined && work.warnings.has('code_modified_external_to_seam') && !gone
  const startsAt = row.starts_at === null ? null : new Date(row.starts_at).getTime()
  const inLead = ctx.native && startsAt !== null && now.getTime() >= startsAt - ctx.leadMs
  const declined = declinedWhileOffline(work) && !work.hasPendingAttempt('CREATE_ACCESS_CODE', 'UPDATE_ACCESS_CODE')
  const wantOn = !gone && !leftOffOnPurpose && !declined && (isDueOnDevice(row, now) || inLead)

  if (wantOn) {
    const window = windowOf(work, ctx.native)
    // On a lock that picks its own PINs, the code has none until the lock has given it one.
    const code = work.get('is_waiting_for_code_assignment') === 1 ? null : work.get('code')
    const matches =
      actual !== undefined &&
      actual.pending !== true &&
      code !== null &&
      actual.code === code &&
      actual.startsAt === window.startsAt &&
      actual.endsAt === window.endsAt
    if (matches) {
      settleOnKeypad(work, ctx.native, now)
      return undefined
    }
    if (work.status !== 'setting') work.move('start_programming')
    // Only when it starts waiting: a change written with the value the row has would rewrite the row for nothing.
    if (work.get('pending_since') === null) work.changes.pending_since = now.toISOString()
    return {
      work,
      program: {
        replaceProviderCodeId: actual?.providerCodeId,
        code,
        name: row.name,
        startsAt: window.startsAt,
        endsAt: window.endsAt,
      },
    }
  }

  if (actual !== undefined) return removeFromKeypad(work, actual, now)
  if (gone) {
    finish(work, now, ended)
    return undefined
  }
  // Given up on while the lock was offline: it stays off, with its error, until a new PIN or window asks again.
  if (declined) return undefined
  // Not due yet, and not on the keypad: any update is done as far as the lock goes.
  work.succeed('UPDATE_ACCESS_CODE')
  if (work.status === 'setting') work.move('cancelled')
  else if (work.status === 'removing') {
    work.move('confirmed_removed')
    work.event('access_code.removed_from_device')
  } else if (work.status === 'set') work.move('lost_from_device')
  // Written only when it changes: a pass that finds nothing new writes nothing (and the lock's list stays cached).
  if (work.get('pending_since') !== null) work.changes.pending_since = null
  work.errors.remove(...LOCK_WORK_ERRORS.filter((c) => c !== 'code_modified_external_to_seam'))
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  return undefined
}

/** The keypad holds the code as wanted: active (`set`) or, natively scheduled ahead of its window, `unset`. */
export function settleOnKeypad(work: CodeWork, native: boolean, now: Date): void {
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
  work.succeed('CREATE_ACCESS_CODE', 'UPDATE_ACCESS_CODE')
}

export function onRemoved(work: CodeWork, now: Date): void {
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
  else {
    work.move('confirmed_removed')
    // Off the keypad and wanted off (a later window, or now an offline code): an update asking for that is done.
    if (work.row.is_offline_access_code === 1) settleOfflineCode(work, now)
    else work.succeed('UPDATE_ACCESS_CODE')
  }
}

/** A deleted or expired code is off the keypad: its life ends. Expiry is a deletion too, with its event. */
function finish(
  work: CodeWork,
  now: Date,
  ended: boolean,
  wasOnKeypadUntilNow = work.get('removed_from_device_at') === null && work.get('programmed_code') !== null,
): void {
  if (wasOnKeypadUntilNow) work.event('access_code.removed_from_device')
  if (work.status !== 'deleted') work.move('finished')
  if (work.row.deleted_at === null) {
    work.changes.deleted_at = now.toISOString()
    // A code still waiting for the lock to assign its PIN has none to report.
    if (ended)
      work.event('access_code.deleted', {
        code: work.get('is_waiting_for_code_assignment') === 1 ? null : work.get('code'),
      })
  }
  work.changes.pending_since = null
  work.succeed('DELETE_ACCESS_CODE')
  // Creating or changing it on the lock can no longer happen.
  work.fail(
    ended
      ? { type: 'access_code_expired', message: 'The code’s window ended before the lock had it.' }
      : { type: 'access_code_deleted', message: 'The code was deleted before the lock had it.' },
    'CREATE_ACCESS_CODE',
    'UPDATE_ACCESS_CODE',
  )
}

/**
 * The lock did not take a removal. An unreachable lock's issue shows (device_offline when it gives none); a busy
 * lock's issue shows while it lasts; a rejection shows its issue at once; other refusals count, and the error comes
 * after `failuresBeforeError` of them. Retries go on in every case.
 */
export function onRemoveFailed(work: CodeWork, refusal: Refusal, settings: ReconcilerSettings, now: Date): void {
  work.needsRetry = true
  const { failure, issue } = refusal
  switch (failure) {
    case 'device_offline':
      showIssue(work, issue ?? { code: 'device_offline', kind: 'error' }, now)
      return
    case 'busy':
      if (issue !== undefined) showIssue(work, issue, now)
      return
    case 'rejected':
      failOperation(work, issue ?? { code: 'failed_to_remove_from_device', kind: 'error' }, 'remove', now)
      return
    case 'unconfirmed':
    case 'failed':
    case 'no_space':
    case 'duplicate_code':
      countFailure(work, refusal, 'remove', 'failed_to_remove_from_device', settings, now)
      return
  }
}

/**
 * The lock did not take a programming request. The code to show is the lock's `issue`; the brand defaults
 * (noSpaceError, failedToSetError, SmartThings' warning) only stand in when the refusal carries none.
 */
export function onProgramFailed(
  work: CodeWork,
  refusal: Refusal,
  device: DeviceRecord,
  settings: ReconcilerSettings,
  now: Date,
): void {
  work.needsRetry = true
  const { failure, issue } = refusal
  switch (failure) {
    case 'device_offline':
      // A lock out of reach for a reason its maker names (a hub or bridge gone) shows that instead of device_offline.
      showIssue(work, issue ?? { code: 'device_offline', kind: 'error' }, now)
      if (work.row.attempt_for_offline_device === 0) declineOnOfflineLock(work, device, now)
      return
    case 'no_space':
      failOperation(work, errorOf(issue, noSpaceError(device.provider)), 'set', now)
      return
    case 'duplicate_code':
      failOperation(work, errorOf(issue, 'duplicate_code_on_device'), 'set', now)
      return
    case 'rejected':
      failOperation(work, issue ?? { code: failedToSetError(device.provider), kind: 'error' }, 'set', now)
      return
    case 'busy':
      // Not the code's fault nor the lock's refusal: it does not count toward the error.
      if (issue !== undefined) showIssue(work, issue, now)
      return
    case 'failed':
      if (issue === undefined && device.provider === 'smartthings')
        work.warnings.add('smartthings_failed_to_set_access_code', now)
      countFailure(work, refusal, 'set', failedToSetError(device.provider), settings, now)
      return
    case 'unconfirmed':
      countFailure(work, refusal, 'set', failedToSetError(device.provider), settings, now)
      return
  }
}

const errorOf = (issue: LockIssue | undefined, fallback: string): LockIssue =>
  issue?.kind === 'error' ? issue : { code: fallback, kind: 'error' }

function showIssue(work: CodeWork, issue: LockIssue, now: Date): boolean {
  return (issue.kind === 'error' ? work.errors : work.warnings).add(issue.code, now)
}

function hideIssues(work: CodeWork, issues: readonly LockIssue[]): void {
  if (issues.length === 0) return
  work.errors.remove(...issues.filter((i) => i.kind === 'error').map((i) => i.code))
  work.warnings.remove(...issues.filter((i) => i.kind === 'warning').map((i) => i.code))
}

/**
 * The operation failed with this issue: it shows (an error's event once, when it first appears), and whoever waits
 * on the code's pending attempts hears it. Retries go on.
 */
function failOperation(work: CodeWork, issue: LockIssue, op: 'set' | 'remove', now: Date): void {
  if (showIssue(work, issue, now) && issue.kind === 'error')
    work.event(op === 'set' ? 'access_code.failed_to_set_on_device' : 'access_code.failed_to_remove_from_device')
  work.giveUp(issue.code, describeIssue(issue.kind, issue.code).message)
}

/**
 * A refusal that counts toward the error. Its warning shows at once; after `failuresBeforeError` refusals the error
 * follows: the refusal's own error code, or, for an unconfirmed operation whose warning is also an error of the spec
 * (kwikset_unable_to_confirm_code, august_device_programming_delay), that error in place of the warning; otherwise
 * the default. An unconfirmed operation with an error of its own shows it at once.
 */
function countFailure(
  work: CodeWork,
  refusal: Refusal,
  op: 'set' | 'remove',
  fallbackError: string,
  settings: ReconcilerSettings,
  now: Date,
): void {
  const { failure, issue } = refusal
  const attempts = work.row.failed_attempts + 1
  work.changes.failed_attempts = attempts
  if (failure === 'unconfirmed' && issue?.kind === 'error') {
    failOperation(work, issue, op, now)
    return
  }
  if (issue?.kind === 'warning' && !work.errors.has(issue.code)) work.warnings.add(issue.code, now)
  if (attempts < settings.failuresBeforeError) return
  const escalates = failure === 'unconfirmed' && issue?.kind === 'warning' && isCatalogued('error', issue.code)
  if (escalates) work.warnings.remove(issue.code)
  const error = issue !== undefined && (escalates || issue.kind === 'error') ? issue.code : fallbackError
  failOperation(work, { code: error, kind: 'error' }, op, now)
}

/**
 * What the lock reports about the code's keypad entry (Ultraloq: switched off in the maker's app) shows while it
 * does. Such an entry is not programmed again: the PIN is there, and only the maker's app turns it back on.
 */
function showEntryIssue(work: CodeWork, entry: KeypadCode | undefined, now: Date): void {
  const issue = entry?.issue
  work.errors.remove(...KEYPAD_ENTRY_CODES.filter((c) => c !== issue?.code || issue.kind !== 'error'))
  work.warnings.remove(...KEYPAD_ENTRY_CODES.filter((c) => c !== issue?.code || issue.kind !== 'warning'))
  if (issue !== undefined) showIssue(work, issue, now)
}

/** Work still pending after `delayWarningAfterMs`: a delay warning, with its event, once. */
export function warnOfDelay(work: CodeWork, settings: ReconcilerSettings, now: Date): void {
  const since = work.get('pending_since')
  if (since === null || work.status === 'deleted') return
  if (now.getTime() - new Date(since).getTime() < settings.delayWarningAfterMs) return
  if (work.status === 'setting' && work.warnings.add('delay_in_setting_on_device', now))
    work.event('access_code.delay_in_setting_on_device')
  if (work.status === 'removing' && work.warnings.add('delay_in_removing_from_device', now))
    work.event('access_code.delay_in_removing_from_device')
}

/**
 * `attempt_for_offline_device: false`: the code was due on a lock that is offline, and Latchkey does not wait for
 * it. Its pending attempts end in error at once. A code that is not on the keypad goes back to `unset` with
 * `failed_to_set_on_device` and is not retried (declinedWhileOffline) until a new PIN or window asks again; one
 * the keypad already holds (a changed PIN or window) waits as usual, because its old entry still has to be dealt
 * with.
 */
function declineOnOfflineLock(work: CodeWork, device: DeviceRecord, now: Date): void {
  work.giveUp(
    'device_offline',
    `${device.displayName} is offline, and the code asks not to wait for an offline lock (attempt_for_offline_device: false).`,
  )
  if (work.get('provider_code_id') !== null) return
  work.needsRetry = false
  if (work.status === 'setting') work.move('cancelled')
  work.changes.pending_since = null
  work.changes.failed_attempts = 0
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  if (work.errors.add('failed_to_set_on_device', now)) work.event('access_code.failed_to_set_on_device')
}

/** A code declineOnOfflineLock left off the keypad: `unset`, nothing on the keypad, with its error. */
const declinedWhileOffline = (work: CodeWork): boolean =>
  work.row.attempt_for_offline_device === 0 &&
  work.status === 'unset' &&
  work.get('provider_code_id') === null &&
  work.errors.has('failed_to_set_on_device')

/**
 * Offline codes come from the lock maker's algorithm: nothing goes onto the keypad. A code that was online before
 * (changed to offline through update) has its old PIN taken off the keypad first, so that it no longer opens the door.
 */
function planOfflineCode(
  work: CodeWork,
  actual: KeypadCode | undefined,
  ctx: PlanContext,
  gone: boolean,
  ended: boolean,
): Plan | undefined {
  const { now } = ctx
  if (gone) hideIssues(work, ctx.offlineIssues)
  else for (const issue of ctx.offlineIssues) showIssue(work, issue, now)
  if (actual !== undefined) return removeFromKeypad(work, actual, now)
  if (gone) {
    finish(work, now, ended)
    return undefined
  }
  if (work.get('provider_code_id') !== null) {
    // The old entry went from the keypad some other way.
    work.changes.provider_code_id = null
    work.changes.programmed_code = null
    work.changes.programmed_starts_at = null
    work.changes.programmed_ends_at = null
  }
  if (work.status === 'removing') {
    work.move('confirmed_removed')
    work.event('access_code.removed_from_device')
  }
  settleOfflineCode(work, now)
  return undefined
}

/** An offline code with nothing of it on the keypad: `set` once its window opens; an update is done once stored. */
function settleOfflineCode(work: CodeWork, now: Date): void {
  if (isDueOnDevice(work.row, now) && work.status !== 'set') {
    if (work.status === 'setting') work.move('confirmed_set')
    else if (work.status === 'unset') work.move('activated')
    work.changes.is_scheduled_on_device = 1
    work.event('access_code.set_on_device', { code: work.row.code })
    work.succeed('CREATE_ACCESS_CODE')
  }
  if (work.get('pending_since') !== null) work.changes.pending_since = null
  work.errors.remove(...LOCK_WORK_ERRORS)
  work.warnings.remove(...LOCK_WORK_WARNINGS)
  work.succeed('UPDATE_ACCESS_CODE')
}

/** The code's entry comes off the keypad: `removing` until the lock confirms, pending since the first try. */
function removeFromKeypad(work: CodeWork, actual: KeypadCode, now: Date): Plan {
  if (work.status !== 'removing') work.move('start_removing')
  if (work.get('pending_since') === null) work.changes.pending_since = now.toISOString()
  return { work, removeId: actual.providerCodeId }
}
