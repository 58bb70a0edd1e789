import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { connectedWorkspaces } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { requestSync } from '@/lib/sync/sync-jobs'
import { inTransaction } from '@/lib/db/transaction'
import type { Clock } from '@/lib/time/clock'

/**
 * How often the poll reads Seam so that a change there shows in Latchkey within `intervalMs` (SEAM_SYNC_INTERVAL_MS):
 * the read, and the pass over the lock it leads to, must both fit in the interval, so the poll runs at four fifths of
 * it (bench/seam-mirror.ts measures the lag against the interval).
 */
export const pollCadenceMs = (intervalMs: number): number => Math.round(intervalMs * 0.8)

/** How often the poll checks what is due: a twentieth of the interval, between 250 ms and 1 s. */
export const pollTickMs = (intervalMs: number): number => Math.max(250, Math.min(Math.round(intervalMs / 20), 1_000))

/**
 * One round of the Seam poll: each connected workspace whose sync is due has its locks synced, and its Seam locks
 * with codes still waiting on Seam (setting, removing) get a reconcile pass, so what Seam reports reaches Latchkey
 * within one interval. A failing workspace backs off (next_sync_at, set by recordSeamFailure; Retry-After for 429).
 */
export async function pollSeamOnce(
  db: Kysely<Database>,
  clock: Clock,
  secretKey: Buffer,
  intervalMs: number,
): Promise<void> {
  const now = clock.now()
  for (const workspaceId of await connectedWorkspaces(db)) {
    const row = await seamDb(db)
      .selectFrom('seam_connections')
      .select('next_sync_at')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (row?.next_sync_at != null && new Date(row.next_sync_at) > now) continue
    const outcome = await syncSeamLocks(db, clock, workspaceId, secretKey, {
      nextSyncAt: new Date(now.getTime() + pollCadenceMs(intervalMs)),
    })
    if (outcome.failure !== undefined) continue
    const waiting = await seamDb(db)
      .selectFrom('access_codes')
      .innerJoin('seam_objects', 'seam_objects.latchkey_id', 'access_codes.device_id')
      .select('access_codes.device_id')
      .distinct()
      .where('seam_objects.workspace_id', '=', workspaceId)
      .where('access_codes.status', 'in', ['setting', 'removing'])
      .execute()
    if (waiting.length > 0)
      await inTransaction(db, (trx) =>
        requestSync(
          trx,
          waiting.map((w) => w.device_id),
          now,
        ),
      )
  }
}

/** Polls Seam in this process, so changes there show within `intervalMs`. Returns a stop function. */
export function startSeamPolling(
  db: Kysely<Database>,
  clock: Clock,
  secretKey: () => Buffer | undefined,
  intervalMs: number,
  log: (message: string, error?: unknown) => void = (m, e) => console.error(`[seam] ${m}`, e ?? ''),
): () => void {
  let running = false
  const tick = async (): Promise<void> => {
    if (running) return
    running = true
    try {
      const key = secretKey()
      if (key !== undefined) await pollSeamOnce(db, clock, key, intervalMs)
    } catch (error) {
      log('the Seam poll failed; it runs again at the next interval', error)
    } finally {
      running = false
    }
  }
  // Due checks run more often than the interval, so a sync, a backoff or a Retry-After ends on time.
  const timer = setInterval(() => void tick(), pollTickMs(intervalMs))
  timer.unref()
  void tick()
  return () => clearInterval(timer)
}
