import 'server-only'
import { sql, type Kysely } from 'kysely'
import type { Engine } from '@/lib/db/connection'
import { prepared } from '@/lib/db/prepared'
import type { Database } from '@/lib/db/schema'
import { wakeReconcilerAfterCommit } from '@/lib/sync/wakeup'

/**
 * Pending lock-side work, one row per device: when the device next needs reconciling. It lives in the database so
 * a restart resumes it; leases let several instances share the work, one device at a time each.
 */

/**
 * Asks for the devices to be reconciled now, and wakes this process's reconciler once that is committed. Call inside
 * the transaction (opened with inTransaction) of the write that needs it.
 */
export async function requestSync(db: Kysely<Database>, deviceIds: readonly string[], now: Date): Promise<void> {
  const unique = [...new Set(deviceIds)]
  if (unique.length === 0) return
  // One statement for all the devices: create_multiple asks for up to 500 at once (5 parameters a row).
  await upsertSyncRequests(db, { deviceIds: unique, at: now.toISOString() })
  wakeReconcilerAfterCommit(db)
}

const upsertSyncRequests = prepared((db, p: { deviceIds: string[]; at: string }) =>
  db
    .insertInto('sync_jobs')
    .values(
      p.deviceIds.map((deviceId) => ({
        device_id: deviceId,
        due_at: p.at,
        request_seq: 1,
        claimed_seq: 0,
        consecutive_failures: 0,
      })),
    )
    .onConflict((oc) =>
      oc.column('device_id').doUpdateSet({
        due_at: sql<string>`case when sync_jobs.due_at is null or sync_jobs.due_at > ${p.at} then ${p.at} else sync_jobs.due_at end`,
        request_seq: sql<number>`sync_jobs.request_seq + 1`,
      }),
    ),
)

export interface ClaimedJob {
  deviceId: string
  consecutiveFailures: number
}

/**
 * Leases up to `limit` devices to `owner`: those due now, and those whose previous owner's lease ran out (it died
 * mid-pass). A leased device is not due (due_at is cleared) until its pass files the next due time. On PostgreSQL,
 * rows other instances are claiming are skipped, not waited on.
 */
export async function claimDueDevices(
  db: Kysely<Database>,
  engine: Engine,
  owner: string,
  now: Date,
  limit: number,
  leaseMs: number,
): Promise<ClaimedJob[]> {
  const at = now.toISOString()
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString()
  // One statement, so the choice and the lease are atomic on both engines without an explicit transaction.
  const rows = await db
    .updateTable('sync_jobs')
    .set((eb) => ({
      lease_owner: owner,
      lease_expires_at: leaseUntil,
      claimed_seq: eb.ref('request_seq'),
      due_at: null,
    }))
    .where('device_id', 'in', (eb) =>
      eb
        .selectFrom('sync_jobs as candidate')
        .select('candidate.device_id')
        .where((c) =>
          c.or([
            c.and([c('candidate.lease_expires_at', 'is', null), c('candidate.due_at', '<=', at)]),
            c('candidate.lease_expires_at', '<', at),
          ]),
        )
        .orderBy('candidate.due_at')
        .limit(limit)
        .$if(engine === 'postgres', (qb) => qb.forUpdate().skipLocked()),
    )
    .returning(['device_id', 'consecutive_failures'])
    .execute()
  return rows.map((r) => ({ deviceId: r.device_id, consecutiveFailures: Number(r.consecutive_failures) }))
}

/**
 * After lock calls made outside the lease: a failure brings the device's next pass forward to `retryAt` and lengthens
 * its failure streak; a success ends the streak.
 */
export async function recordLockWork(
  db: Kysely<Database>,
  deviceId: string,
  outcome: { failed: boolean; retryAt: Date; now: Date; again: boolean },
): Promise<void> {
  const at = (outcome.again ? outcome.now : outcome.retryAt).toISOString()
  if (!outcome.failed && !outcome.again) {
    await db.updateTable('sync_jobs').set({ consecutive_failures: 0 }).where('device_id', '=', deviceId).execute()
    return
  }
  await db
    .updateTable('sync_jobs')
    .set((eb) => ({
      due_at: sql<string>`case when due_at is null or due_at > ${at} then ${at} else due_at end`,
      consecutive_failures: outcome.failed ? eb('consecutive_failures', '+', 1) : eb.ref('consecutive_failures'),
    }))
    .where('device_id', '=', deviceId)
    .execute()
}

/** Keeps a lease alive while a long pass (a slow lock) is still running; false when it was lost meanwhile. */
export async function renewLease(db: Kysely<Database>, owner: string, deviceId: string, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('sync_jobs')
    .set({ lease_expires_at: until.toISOString() })
    .where('device_id', '=', deviceId)
    .where('lease_owner', '=', owner)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

/** A restarted instance gives back what its previous life held, so that work resumes at once. */
export async function releaseLeases(db: Kysely<Database>, owner: string, now: Date): Promise<void> {
  const ownClaims = `${owner.replace(/[%_\\]/g, (c) => `\\${c}`)}#%`
  const claimed = await db
    .selectFrom('access_codes')
    .select('device_id')
    .distinct()
    .where('lock_op_token', 'like', ownClaims)
    .execute()
  await db
    .updateTable('access_codes')
    .set({ lock_op_token: null, lock_op_expires_at: null })
    .where('lock_op_token', 'like', ownClaims)
    .execute()
  if (claimed.length > 0) {
    await db
      .updateTable('sync_jobs')
      .set({ due_at: now.toISOString() })
      .where(
        'device_id',
        'in',
        claimed.map((c) => c.device_id),
      )
      .execute()
  }
  await db
    .updateTable('sync_jobs')
    .set({ lease_owner: null, lease_expires_at: null, due_at: sql<string>`coalesce(due_at, ${now.toISOString()})` })
    .where('lease_owner', '=', owner)
    .execute()
}

/**
 * Ends the lease. The device is next due at `nextDueAt` — or at once if a write asked for it while we worked
 * (its request_seq moved past the one we claimed).
 */
export async function finishDevice(
  db: Kysely<Database>,
  owner: string,
  deviceId: string,
  nextDueAt: Date | null,
  consecutiveFailures: number,
  now: Date,
): Promise<void> {
  const next = nextDueAt === null ? null : nextDueAt.toISOString()
  await db
    .updateTable('sync_jobs')
    .set({
      due_at: sql<string | null>`case when request_seq > claimed_seq then ${now.toISOString()} else ${next} end`,
      lease_owner: null,
      lease_expires_at: null,
      consecutive_failures: consecutiveFailures,
    })
    .where('device_id', '=', deviceId)
    .where('lease_owner', '=', owner)
    .execute()
}

/** When the earliest pending work is due, or null when there is none. */
export async function nextDueTime(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom('sync_jobs')
    .select((eb) => eb.fn.min('due_at').as('next'))
    .where('due_at', 'is not', null)
    .executeTakeFirst()
  const next = row?.next
  return typeof next === 'string' ? new Date(next) : null
}
