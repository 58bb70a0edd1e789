import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'

type Callback = () => void

/** The after-commit callbacks of each open transaction that inTransaction started. */
const pending = new WeakMap<Kysely<Database>, Set<Callback>>()

/**
 * Runs `work` in a transaction and, once it has committed, the callbacks `afterCommit` registered in it (each
 * once). A rolled-back transaction runs none.
 */
export async function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  const callbacks = new Set<Callback>()
  const result = await db.transaction().execute((trx) => {
    pending.set(trx, callbacks)
    return work(trx)
  })
  for (const callback of callbacks) callback()
  return result
}

/**
 * Runs `callback` once `db`'s transaction has committed, or at once outside a transaction (the statement before
 * this call has committed already). A transaction not opened by inTransaction has no commit to wait for: an error.
 */
export function afterCommit(db: Kysely<Database>, callback: Callback): void {
  if (!db.isTransaction) {
    callback()
    return
  }
  const callbacks = pending.get(db)
  if (callbacks === undefined) throw new Error('afterCommit needs a transaction opened with inTransaction()')
  callbacks.add(callback)
}
