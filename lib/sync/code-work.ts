import 'server-only'

// CodeWork: one access code's state, pending changes and events during a reconcile pass.
import type { Updateable } from 'kysely'
import type { ActionAttemptOutcome, ActionType, PendingActionAttempt } from '@/lib/action-attempts/action-attempts'
import type { AccessCodeRow } from '@/lib/db/schema'
import type { AccessCodesTable } from '@/lib/db/schema'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import type { EventType } from '@/lib/schemas/event'
import { CodeIssues } from '@/lib/sync/code-issues'
import { transition, type LifecycleState, type LifecycleTrigger } from '@/lib/sync/lifecycle'
import type { LifecycleMove } from '@/lib/sync/reconciler-observers'

/** One code's state during a pass: its row, what changes, and the events to record. */
export class CodeWork {
  row: AccessCodeRow
  status: LifecycleState
  changes: Updateable<AccessCodesTable> = {}
  readonly errors: CodeIssues
  readonly warnings: CodeIssues
  readonly events: { type: EventType; payload?: Record<string, unknown> }[] = []
  transitions = 0
  /** The lifecycle edges taken since the last store (reported once stored: lib/sync/reconciler-observers.ts). */
  readonly moves: LifecycleMove[] = []
  needsRetry = false
  /** The code's action attempts that were pending when the pass loaded it; only these are ended by the pass. */
  pendingAttempts: readonly PendingActionAttempt[]
  /** How this pass ends the pending attempts of each kind. */
  readonly #attemptOutcomes = new Map<ActionType, ActionAttemptOutcome>()

  constructor(row: AccessCodeRow, pendingAttempts: readonly PendingActionAttempt[] = []) {
    this.row = row
    this.pendingAttempts = pendingAttempts
    this.status = row.status
    this.errors = new CodeIssues('error', row.errors)
    this.warnings = new CodeIssues('warning', row.warnings)
  }

  move(trigger: LifecycleTrigger): void {
    const from = this.status
    this.status = transition(from, trigger)
    this.transitions++
    this.moves.push({
      accessCodeId: this.row.access_code_id,
      deviceId: this.row.device_id,
      from,
      trigger,
      to: this.status,
    })
  }

  /** Current value of a column, with this pass's change applied. */
  get<K extends keyof AccessCodeRow & keyof Updateable<AccessCodesTable>>(key: K): AccessCodeRow[K] {
    return (key in this.changes ? this.changes[key] : this.row[key]) as AccessCodeRow[K]
  }

  event(type: EventType, payload?: Record<string, unknown>): void {
    this.events.push(payload === undefined ? { type } : { type, payload })
  }

  /** The lock has done what these kinds of attempt asked: they succeed (unless this pass already decided otherwise). */
  succeed(...types: ActionType[]): void {
    for (const type of types)
      if (!this.#attemptOutcomes.has(type)) this.#attemptOutcomes.set(type, { status: 'success' })
  }

  /**
   * The lock side gives up on what the code's pending attempts asked (or it cannot be done): every one of them ends
   * with this error. The code itself keeps its errors, and may still get there later (retries go on).
   */
  giveUp(errorCode: string, message = describeIssue('error', errorCode).message): void {
    this.fail({ type: errorCode, message }, 'CREATE_ACCESS_CODE', 'UPDATE_ACCESS_CODE', 'DELETE_ACCESS_CODE')
  }

  /** What these kinds of attempt asked can no longer happen: they end with this error (unless already decided). */
  fail(error: { type: string; message: string }, ...types: ActionType[]): void {
    for (const type of types)
      if (!this.#attemptOutcomes.has(type)) this.#attemptOutcomes.set(type, { status: 'error', ...error })
  }

  hasPendingAttempt(...types: ActionType[]): boolean {
    return this.pendingAttempts.some((a) => types.includes(a.actionType))
  }

  /** The pending attempts this pass ends, with their outcomes. */
  get attemptEndings(): { actionAttemptId: string; outcome: ActionAttemptOutcome }[] {
    return this.pendingAttempts.flatMap((a) => {
      const outcome = this.#attemptOutcomes.get(a.actionType)
      return outcome === undefined ? [] : [{ actionAttemptId: a.actionAttemptId, outcome }]
    })
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
    this.moves.length = 0
    this.events.length = 0
    this.errors.markSaved()
    this.warnings.markSaved()
    const ended = new Set(this.attemptEndings.map((e) => e.actionAttemptId))
    this.pendingAttempts = this.pendingAttempts.filter((a) => !ended.has(a.actionAttemptId))
    this.#attemptOutcomes.clear()
  }

  get dirty(): boolean {
    return (
      this.status !== this.row.status ||
      Object.keys(this.changes).length > 0 ||
      this.errors.changed ||
      this.warnings.changed ||
      this.events.length > 0 ||
      this.attemptEndings.length > 0
    )
  }
}

/** Lifecycle moves made on these codes (for throughput figures). */
export const transitionsOf = (works: readonly CodeWork[]): number => works.reduce((n, w) => n + w.transitions, 0)
