import 'server-only'

// CodeWork: one access code's state, pending changes and events during a reconcile pass.
import type { Updateable } from 'kysely'
import type { AccessCodeRow } from '@/lib/db/schema'
import type { AccessCodesTable } from '@/lib/db/schema'
import type { EventType } from '@/lib/schemas/event'
import { CodeIssues } from '@/lib/sync/code-issues'
import { transition, type LifecycleState, type LifecycleTrigger } from '@/lib/sync/lifecycle'

/** One code's state during a pass: its row, what changes, and the events to record. */
export class CodeWork {
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
    return (
      this.status !== this.row.status ||
      Object.keys(this.changes).length > 0 ||
      this.errors.changed ||
      this.warnings.changed ||
      this.events.length > 0
    )
  }
}

/** Lifecycle moves made on these codes (for throughput figures). */
export const transitionsOf = (works: readonly CodeWork[]): number => works.reduce((n, w) => n + w.transitions, 0)
