import 'server-only'

// Stores a reconcile pass: code rows, events, finished action attempts and unmanaged codes, in one transaction.
import { completeActionAttempts, endActionAttemptsQueries } from '@/lib/action-attempts/action-attempts'
import { bumpAccessCodesVersion, type DeviceRecord } from '@/lib/db/device-record'
import { recordEvents, type NewEvent } from '@/lib/events/record-event'
import type { CodeWork } from '@/lib/sync/code-work'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import { UnmanagedWrites } from '@/lib/sync/mirror-unmanaged'
import type { ReconcileEnv } from '@/lib/sync/reconcile-env'
import { reportMoves } from '@/lib/sync/reconciler-observers'

/**
 * Writes what a pass (or its lock work) decided, and bumps the device's codes version, in one transaction; with
 * `deviceIssues`, also what the lock now reports about itself (devices.reported_issues), so the device and its
 * codes change together.
 */
export async function storePass(
  env: ReconcileEnv,
  device: DeviceRecord,
  managed: readonly CodeWork[],
  unmanagedWrites: UnmanagedWrites = new UnmanagedWrites(),
  deviceIssues?: string,
): Promise<void> {
  const dirty = managed.filter((w) => w.dirty)
  const codesChanged = dirty.length > 0 || !unmanagedWrites.empty
  if (!codesChanged && deviceIssues === undefined) return
  const { db, clock } = env
  const nowIso = clock.now().toISOString()
  for (const work of dirty) work.changes.updated_at = nowIso
  // Built before the transaction, which holds the store's write lock (SQLite: every other writer, the API's creates
  // among them, waits): a pass that claims a thousand codes writes a thousand rows, and building each statement costs
  // more than running it.
  const codeUpdates = dirty.map((work) =>
    db
      .updateTable('access_codes')
      .set({ ...work.changes, status: work.status, errors: work.errors.toJson(), warnings: work.warnings.toJson() })
      .where('access_code_id', '=', work.row.access_code_id)
      .compile(),
  )
  const attemptEndings = endActionAttemptsQueries(
    db,
    clock,
    dirty.flatMap((w) => w.attemptEndings),
  )
  await db.transaction().execute(async (trx) => {
    const unmanaged = await withoutEntriesMirroredMeanwhile(trx, device.deviceId, unmanagedWrites)
    const events: NewEvent[] = []
    for (const update of codeUpdates) await trx.executeQuery(update)
    for (const work of dirty) {
      for (const event of work.events) {
        events.push({
          workspaceId: device.workspaceId,
          eventType: event.type,
          accessCodeId: work.row.access_code_id,
          deviceId: device.deviceId,
          connectedAccountId: device.connectedAccountId,
          ...(event.payload === undefined ? {} : { payload: event.payload }),
        })
      }
    }
    for (const ending of attemptEndings) await trx.executeQuery(ending)
    await completeActionAttempts(trx, clock, unmanaged.removed, 'DELETE_ACCESS_CODE', { status: 'success' })
    for (const [accessCodeId, error] of unmanaged.removalsGivenUp)
      await completeActionAttempts(trx, clock, accessCodeId, 'DELETE_ACCESS_CODE', { status: 'error', ...error })
    await recordEvents(trx, clock, [...events, ...unmanaged.events])
    for (const [accessCodeId, changes] of unmanaged.changes) {
      await trx.updateTable('access_codes').set(changes).where('access_code_id', '=', accessCodeId).execute()
    }
    if (unmanaged.inserts.length > 0) await trx.insertInto('access_codes').values(unmanaged.inserts).execute()
    if (deviceIssues !== undefined)
      await trx
        .updateTable('devices')
        .set({ reported_issues: deviceIssues })
        .where('device_id', '=', device.deviceId)
        .execute()
    if (codesChanged) await bumpAccessCodesVersion(trx, [device.deviceId])
  })
  reportMoves(dirty.flatMap((w) => w.moves))
}

/**
 * The pass's writes without the keypad entries it took for new that another writer mirrored while it worked: a
 * simulation writes a keypad entry and its unmanaged code together, and a pass that read the codes before and the
 * keypad after would otherwise list the entry twice.
 */
async function withoutEntriesMirroredMeanwhile(
  trx: Kysely<Database>,
  deviceId: string,
  writes: UnmanagedWrites,
): Promise<UnmanagedWrites> {
  const entryIds = writes.inserts.flatMap((row) =>
    typeof row.provider_code_id === 'string' ? [row.provider_code_id] : [],
  )
  if (entryIds.length === 0) return writes
  const mirrored = await trx
    .selectFrom('access_codes')
    .select('provider_code_id')
    .where('device_id', '=', deviceId)
    .where('provider_code_id', 'in', entryIds)
    .where('deleted_at', 'is', null)
    .execute()
  if (mirrored.length === 0) return writes
  const known = new Set(mirrored.map((r) => r.provider_code_id))
  const stale = new Set(
    writes.inserts.filter((row) => known.has(row.provider_code_id ?? null)).map((row) => row.access_code_id),
  )
  return writes.only((accessCodeId) => !stale.has(accessCodeId))
}

/**
 * Stores what the lock answered, for the codes this operation still holds. Returns true when a managed code was
 * changed through the API while the call was in flight (its row moved on), so the device needs another look.
 */
export async function storeLockResults(
  env: ReconcileEnv,
  device: DeviceRecord,
  token: string,
  working: readonly CodeWork[],
  unmanaged: UnmanagedWrites,
): Promise<boolean> {
  const ids = [...working.map((w) => w.row.access_code_id), ...unmanaged.changes.keys()]
  const current = await env.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'updated_at', 'lock_op_token'])
    .where('access_code_id', 'in', ids)
    .execute()
  const byId = new Map(current.map((r) => [r.access_code_id, r]))
  const ours = (accessCodeId: string): boolean => byId.get(accessCodeId)?.lock_op_token === token
  const stillOurs = working.filter((w) => ours(w.row.access_code_id))
  const changedMeanwhile = working.some((w) => byId.get(w.row.access_code_id)?.updated_at !== w.row.updated_at)
  await storePass(env, device, stillOurs, unmanaged.only(ours))
  return changedMeanwhile
}
