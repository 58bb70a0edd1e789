// Stores a reconcile pass: code rows, events, finished action attempts and unmanaged codes, in one transaction.
import type { Insertable } from 'kysely'
import { completeActionAttempts } from '@/lib/action-attempts/action-attempts'
import type { AccessCodeRow } from '@/lib/db/schema'
import type { AccessCodesTable } from '@/lib/db/schema'
import { bumpAccessCodesVersion, type DeviceRecord } from '@/lib/devices/device-record'
import { recordEvents, type NewEvent } from '@/lib/events/record-event'
import type { CodeWork } from '@/lib/sync/code-work'
import type { ReconcileEnv } from '@/lib/sync/reconcile-device'

export async function persist(
  env: ReconcileEnv,
  device: DeviceRecord,
  managed: readonly CodeWork[],
  changedUnmanaged: readonly AccessCodeRow[],
  newUnmanaged: readonly Insertable<AccessCodesTable>[],
  unmanagedEvents: readonly NewEvent[],
): Promise<void> {
  const dirty = managed.filter((w) => w.dirty)
  const stamp = env.clock.now().toISOString()
  for (const work of dirty) work.changes.updated_at = stamp
  if (dirty.length === 0 && newUnmanaged.length === 0 && unmanagedEvents.length === 0 && changedUnmanaged.length === 0)
    return
  const { db, clock } = env
  const nowIso = clock.now().toISOString()
  await db.transaction().execute(async (trx) => {
    const events: NewEvent[] = []
    const completions = {
      CREATE_ACCESS_CODE: [] as string[],
      UPDATE_ACCESS_CODE: [] as string[],
      DELETE_ACCESS_CODE: [] as string[],
    }
    for (const work of dirty) {
      await trx
        .updateTable('access_codes')
        .set({
          ...work.changes,
          status: work.status,
          errors: work.errors.toJson(),
          warnings: work.warnings.toJson(),
          updated_at: nowIso,
        })
        .where('access_code_id', '=', work.row.access_code_id)
        .execute()
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
      if (work.completeCreate) completions.CREATE_ACCESS_CODE.push(work.row.access_code_id)
      if (work.completeUpdate) completions.UPDATE_ACCESS_CODE.push(work.row.access_code_id)
      if (work.completeDelete) completions.DELETE_ACCESS_CODE.push(work.row.access_code_id)
    }
    for (const [type, ids] of Object.entries(completions)) {
      await completeActionAttempts(trx, clock, ids, type as keyof typeof completions, { status: 'success' })
    }
    await recordEvents(trx, clock, [...events, ...unmanagedEvents])
    for (const row of changedUnmanaged) {
      await trx
        .updateTable('access_codes')
        .set({
          code: row.code,
          name: row.name,
          status: row.status,
          deleted_at: row.deleted_at,
          updated_at: row.updated_at,
        })
        .where('access_code_id', '=', row.access_code_id)
        .execute()
    }
    if (newUnmanaged.length > 0)
      await trx
        .insertInto('access_codes')
        .values([...newUnmanaged])
        .execute()
    await bumpAccessCodesVersion(trx, [device.deviceId])
  })
}

/**
 * Stores what the lock answered, for the codes this operation still holds. Returns true when one of them was
 * changed through the API while the call was in flight (its row moved on), so the device needs another look.
 */
export async function persistLockResults(
  env: ReconcileEnv,
  device: DeviceRecord,
  token: string,
  working: readonly CodeWork[],
): Promise<boolean> {
  const current = await env.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'updated_at', 'lock_op_token'])
    .where(
      'access_code_id',
      'in',
      working.map((w) => w.row.access_code_id),
    )
    .execute()
  const byId = new Map(current.map((r) => [r.access_code_id, r]))
  const stillOurs = working.filter((w) => byId.get(w.row.access_code_id)?.lock_op_token === token)
  const changedMeanwhile = working.some((w) => byId.get(w.row.access_code_id)?.updated_at !== w.row.updated_at)
  await persist(env, device, stillOurs, [], [], [])
  return changedMeanwhile
}
