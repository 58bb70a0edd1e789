import 'server-only'

/**
 * What the reconcilers of this process do that nobody sees in a response: the lifecycle moves they store and the
 * failures they log. No one listens in production (the log is enough there); the test suite listens, so that a pass
 * that threw fails the test that provoked it, and so that every edge of the lifecycle is seen taken end to end.
 */
import type { LifecycleState, LifecycleTrigger } from '@/lib/sync/lifecycle'

/** One code's move along an edge of the lifecycle table, as a reconcile pass stored it. */
export interface LifecycleMove {
  accessCodeId: string
  deviceId: string
  from: LifecycleState
  trigger: LifecycleTrigger
  to: LifecycleState
}

/** Something a reconciler logged as failed: a pass that threw, its lock calls, or its bookkeeping. */
export interface ReconcilerFailure {
  /** The reconciler instance (its lease owner). */
  owner: string
  message: string
  deviceId?: string
  error: unknown
}

export interface ReconcilerObserver {
  /** Moves a pass (or its lock calls) stored, after the transaction committed. */
  moved?(moves: readonly LifecycleMove[]): void
  failed?(failure: ReconcilerFailure): void
}

// Held on globalThis, as lib/sync/wakeup.ts does: Next.js may load this module more than once in one process.
const holder = globalThis as typeof globalThis & { __latchkeyReconcilerObservers?: Set<ReconcilerObserver> }
const observers: Set<ReconcilerObserver> = (holder.__latchkeyReconcilerObservers ??= new Set<ReconcilerObserver>())

/** Listens to every reconciler of this process until the returned function is called. */
export function observeReconcilers(observer: ReconcilerObserver): () => void {
  observers.add(observer)
  return () => observers.delete(observer)
}

export function reportMoves(moves: readonly LifecycleMove[]): void {
  if (moves.length === 0) return
  for (const observer of observers) observer.moved?.(moves)
}

export function reportFailure(failure: ReconcilerFailure): void {
  for (const observer of observers) observer.failed?.(failure)
}
