import 'server-only'
import type { Kysely } from 'kysely'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import { DomainError } from '@/lib/errors/domain-error'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import { topUpBackupPool } from '@/lib/access-codes/backup-pool'
import { codeChanged } from '@/lib/access-codes/codes-changed'
import type { ServiceContext } from '@/lib/context'
import type { DeviceRecord } from '@/lib/db/device-record'
import { loadDeviceOfCode } from '@/lib/devices/load-device'
import type { AccessCodeRow, Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

/**
 * Deletes the code: it leaves `get` and `list` at once; the lock side takes it off the keypad (moving it through
 * `removing`) and then completes the DELETE_ACCESS_CODE action attempt.
 */
export async function deleteAccessCode(
  ctx: ServiceContext,
  input: { access_code_id: string; device_id?: string | undefined },
): Promise<{ action_attempt: ActionAttempt }> {
  const code = await loadAccessCode(ctx, input.access_code_id, input.device_id)
  // A code whose lock was removed from its account is still listed (with device_removed) and can still be deleted:
  // the reconciler then ends its life without the lock.
  const device = await loadDeviceOfCode(ctx, code.device_id)
  const attempt = await inTransaction(ctx.db, async (trx) => {
    // A simultaneous delete got there first: answer as a delete after it would.
    if (!(await markCodeDeleted(trx, ctx, code, device)))
      throw new DomainError('access_code_not_found', `Access code ${code.access_code_id} was not found.`)
    return createActionAttempt(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      actionType: 'DELETE_ACCESS_CODE',
      status: 'pending',
      accessCodeId: code.access_code_id,
      deviceId: code.device_id,
    })
  })
  return { action_attempt: attempt }
}

/**
 * The deletion itself, inside the caller's transaction: the code (and a backup lent to it) leave the reads, the event
 * records it and the lock side is asked to take it off the keypad. /access_codes/delete and a stay losing a door (or
 * being cancelled) share it. False when the code was deleted meanwhile (by a write that recorded it): nothing is done.
 */
export async function markCodeDeleted(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'workspaceId'>,
  code: Pick<AccessCodeRow, 'access_code_id' | 'code' | 'is_waiting_for_code_assignment'>,
  device: DeviceRecord,
): Promise<boolean> {
  const now = ctx.clock.now().toISOString()
  // A backup handed to this code was for its guest only: it goes with it. Read once the code's row is written (and
  // locked), so that a backup a pull handed out meanwhile goes too.
  const deleted = await trx
    .updateTable('access_codes')
    .set({ deleted_at: now, updated_at: now })
    .where('access_code_id', '=', code.access_code_id)
    .where('deleted_at', 'is', null)
    .returning('pulled_backup_access_code_id')
    .executeTakeFirst()
  if (deleted === undefined) return false
  const backup = deleted.pulled_backup_access_code_id
  if (backup !== null) {
    await trx
      .updateTable('access_codes')
      .set({ deleted_at: now, updated_at: now })
      .where('access_code_id', '=', backup)
      .where('deleted_at', 'is', null)
      .execute()
  }
  await codeChanged(trx, ctx, {
    eventType: 'access_code.deleted',
    accessCodeId: code.access_code_id,
    device,
    // Seam's event names the PIN; a code still waiting for the lock to assign one has none.
    payload: { code: code.is_waiting_for_code_assignment === 1 ? null : code.code },
  })
  // The backup's place in the pool is free again: a new backup takes it (after codeChanged: see topUpBackupPool).
  if (backup !== null && device.removedAt === null) await topUpBackupPool(trx, device, ctx.workspaceId, ctx.clock.now())
  return true
}
