import 'server-only'

// The lock calls a pass decided on, made after the device's lease is given back, and what the answers mean.
import type { DeviceRecord } from '@/lib/db/device-record'
import type { ProgramRequest } from '@/lib/locks/lock-provider'
import { transitionsOf } from '@/lib/sync/code-work'
import { unmanagedCodeEvent, UnmanagedWrites } from '@/lib/sync/mirror-unmanaged'
import {
  onProgramFailed,
  onRemoved,
  onRemoveFailed,
  schedulesNatively,
  settleOnKeypad,
  warnOfDelay,
  type Plan,
} from '@/lib/sync/plan-code'
import type { ReconcileEnv } from '@/lib/sync/reconcile-env'
import { storeLockResults } from '@/lib/sync/store-pass'

export interface LockWorkOutcome {
  transitions: number
  /** Some call failed: the device needs a retry. */
  failed: boolean
  /** A code changed (through the API) while its call was in flight: the device needs another look now. */
  changedMeanwhile: boolean
}

/** An unmanaged code someone asked to delete, still on the keypad. */
export interface UnmanagedRemoval {
  accessCodeId: string
  providerCodeId: string
}

/** The lock calls of one pass. Its codes are claimed with `token` until the calls end (or the claim runs out). */
export interface LockBatch {
  token: string
  unmanagedRemovals: readonly UnmanagedRemoval[]
  removals: readonly (Plan & { removeId: string })[]
  programs: readonly (Plan & { program: ProgramRequest })[]
}

const noAnswer = { ok: false as const, failure: 'failed' as const, detail: 'no answer' }

/** Makes the batch's calls, removals first (they free slots), and stores what the answers mean for each code. */
export async function runLockWork(env: ReconcileEnv, device: DeviceRecord, batch: LockBatch): Promise<LockWorkOutcome> {
  const { clock, settings } = env
  const { removals, programs, unmanagedRemovals } = batch
  const working = [...removals, ...programs].map((p) => p.work)
  for (const work of working) work.commit()
  const provider = env.providerFor(device)
  let failed = false

  const removeIds = [...unmanagedRemovals.map((u) => u.providerCodeId), ...removals.map((p) => p.removeId)]
  const removeResults = removeIds.length === 0 ? [] : await provider.removeCodes(device, removeIds)
  const afterRemovals = clock.now()
  const unmanaged = new UnmanagedWrites()
  for (const [i, removal] of unmanagedRemovals.entries()) {
    unmanaged.change(removal.accessCodeId, { lock_op_token: null, lock_op_expires_at: null })
    // A failed removal is tried again at the device's next pass.
    if (removeResults[i]?.ok !== true) continue
    unmanaged.change(removal.accessCodeId, { status: 'deleted', updated_at: afterRemovals.toISOString() })
    unmanaged.events.push(unmanagedCodeEvent(device, 'access_code.unmanaged.removed', removal.accessCodeId))
    unmanaged.removed.push(removal.accessCodeId)
  }
  for (const [i, plan] of removals.entries()) {
    const result = removeResults[unmanagedRemovals.length + i] ?? noAnswer
    if (result.ok) onRemoved(plan.work, afterRemovals)
    else {
      failed = true
      onRemoveFailed(plan.work, result, settings, afterRemovals)
      warnOfDelay(plan.work, settings, afterRemovals)
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
      plan.work.changes.programmed_code = result.code
      if (plan.work.get('is_waiting_for_code_assignment') === 1) {
        // The lock picked the PIN: it is the code's from now on.
        plan.work.changes.code = result.code
        plan.work.changes.is_waiting_for_code_assignment = 0
      }
      plan.work.changes.programmed_starts_at = plan.program.startsAt
      plan.work.changes.programmed_ends_at = plan.program.endsAt
      settleOnKeypad(plan.work, schedulesNatively(device, plan.work), done)
    } else {
      failed = true
      onProgramFailed(plan.work, result, device, settings, done)
      warnOfDelay(plan.work, settings, done)
    }
  }

  for (const work of working) {
    work.changes.lock_op_token = null
    work.changes.lock_op_expires_at = null
  }
  const changedMeanwhile = await storeLockResults(env, device, batch.token, working, unmanaged)
  return { transitions: transitionsOf(working), failed, changedMeanwhile }
}
