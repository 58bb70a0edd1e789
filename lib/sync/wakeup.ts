import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { afterCommit } from '@/lib/db/transaction'

/**
 * In-process signal from writes to the reconciler running in the same process, so it starts at once instead of
 * waiting for its next look at the job table. Other processes see the job table itself.
 */
type Listener = () => void

// Held on globalThis: Next.js may load this module once for instrumentation and again for route handlers.
const holder = globalThis as typeof globalThis & { __latchkeySyncListeners?: Set<Listener> }
const listeners: Set<Listener> = (holder.__latchkeySyncListeners ??= new Set<Listener>())

export function onSyncRequested(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

function notifySyncRequested(): void {
  for (const listener of listeners) listener()
}

/**
 * Wakes the reconcilers of this thread as a committed write would: the reconciler thread calls it when the web
 * thread tells it that a write asked for lock work (lib/sync/reconciler-thread.ts).
 */
export function wakeReconcilersHere(): void {
  notifySyncRequested()
}

/**
 * Wakes the reconciler once the write that asked for a sync has committed (never before: it must see the rows), and
 * not at all if the write rolls back. requestSync calls this, so every write that asks for lock work wakes it.
 */
export function wakeReconcilerAfterCommit(db: Kysely<Database>): void {
  afterCommit(db, notifySyncRequested)
}
