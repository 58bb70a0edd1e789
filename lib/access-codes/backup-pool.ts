import 'server-only'
import type { Kysely } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { loadAccessCode, selectLiveBackups } from '@/lib/access-codes/access-code-store'
import { holdsPoolPlace } from '@/lib/shared/backup-pool-places'
import { codeChanged, codesChanged } from '@/lib/access-codes/codes-changed'
import { lockAssignsPins, newCodeRow } from '@/lib/access-codes/new-access-code'
import { generateFreePin } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, Database } from '@/lib/db/schema'
import { isUniqueViolation } from '@/lib/db/errors'
import { inTransaction } from '@/lib/db/transaction'
import { type DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import type { AccessCode } from '@/lib/schemas/access-code'

/**
 * A lock's backup pool: up to `backupPoolSize` extra PINs reserved on the lock, filled the first time one of its codes
 * asks for the pool, and handed out one per code by pull_backup_access_code. A pulled backup keeps its place in the
 * pool while its stay lasts; once it is released (its code deleted, or made ongoing) or its window has ended, the lock
 * side takes it off the keypad and a new backup takes its place. So a pool of five lends at most five backups at a
 * time, and lends again as stays end.
 */

/**
 * Tops the device's pool up to its size with new backups (the reconciler programs them like any code), and says
 * whether a backup is free in it now. Call it after codesChanged for the device in the same transaction: that write to
 * the device row takes its row lock (PostgreSQL; SQLite transactions are serialized anyway), so two top-ups at once
 * fill each place once: the second waits, then counts the first one's backups.
 */
export async function topUpBackupPool(
  trx: Kysely<Database>,
  device: DeviceRecord,
  workspaceId: string,
  now: Date,
): Promise<boolean> {
  if (!device.supportsBackupPool || device.backupPoolSize <= 0) return false
  const members = (
    await selectLiveBackups(trx, [device.deviceId]).select(['pulled_for_access_code_id', 'ends_at']).execute()
  ).filter((backup) => holdsPoolPlace(backup, now))
  let free = members.filter((backup) => backup.pulled_for_access_code_id === null).length
  for (let place = members.length; place < device.backupPoolSize; place++) {
    // A lock that chooses its own PINs gives its backups theirs too.
    const pin = lockAssignsPins(device) ? null : await generateFreePin(trx, [device])
    if (pin === undefined) break
    const row = newCodeRow(workspaceId, device, { name: `Backup code ${place + 1}` }, pin, null, now)
    await trx
      .insertInto('access_codes')
      .values({ ...row, is_backup: 1 })
      .execute()
    free++
  }
  return free > 0
}

const MAX_CLAIM_ATTEMPTS = 5

const notTimeBound = (): DomainError =>
  new DomainError('access_code_not_time_bound', 'Backup access codes are only for time-bound access codes.')

/**
 * Hands the code a backup from its lock's pool. The same code always gets the same backup; a backup is never
 * handed to two codes (a conditional update claims it, and a unique index backs that up).
 */
export async function pullBackupAccessCode(ctx: ServiceContext, accessCodeId: string): Promise<AccessCode> {
  const code = await loadAccessCode(ctx, accessCodeId)
  if (code.use_backup_access_code_pool !== 1) {
    throw new DomainError(
      'backup_access_code_pool_not_enabled',
      'This access code was not created with use_backup_access_code_pool: true.',
    )
  }
  if (code.type !== 'time_bound') throw notTimeBound()
  const device = await loadDevice(ctx, code.device_id)

  // A lost claim means another pull took that backup, so under contention a pull loses at most once per backup in
  // the pool before it either claims one or finds the pool empty: a fixed small bound would call a full pool empty.
  const maxAttempts = device.backupPoolSize + MAX_CLAIM_ATTEMPTS
  let toppedUp = false
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const existing = await findPulledBackup(ctx, code.access_code_id)
    if (existing !== undefined) return toAccessCodeObject(existing, false)
    try {
      // Rows before the device row, as every write takes them (the reconciler's too), so that none waits on another
      // in a circle: the claim locks the backup and the code, codeChanged then the device.
      const claim = await inTransaction(ctx.db, async (trx) => {
        const outcome = await claimFreeBackup(trx, code, ctx.clock.now())
        if (outcome.claimed === undefined) return outcome.missed
        const backupId = outcome.claimed
        await codeChanged(trx, ctx, {
          eventType: 'access_code.backup_access_code_pulled',
          accessCodeId: code.access_code_id,
          device,
          payload: { backup_access_code_id: backupId },
        })
        return 'claimed' as const
      })
      if (claim !== 'empty') continue
      // No free backup: the places of lent backups whose stay has ended are refilled, once, and the claim tried again.
      if (toppedUp) break
      toppedUp = true
      const refilled = await inTransaction(ctx.db, async (trx) => {
        const now = ctx.clock.now()
        await codesChanged(trx, [device.deviceId], now)
        return topUpBackupPool(trx, device, ctx.workspaceId, now)
      })
      if (!refilled) break
    } catch (error) {
      // Lost a race with another pull for the same code: read what it claimed.
      if (isUniqueViolation(error)) continue
      throw error
    }
  }
  throw new DomainError(
    'empty_backup_access_code_pool',
    `The backup access code pool of ${device.displayName} has no backup left to hand out.`,
  )
}

/**
 * Hands the oldest free backup of the code's lock to the code: the backup's id, or why none was claimed (another
 * pull took it first, or the pool has no free backup).
 */
async function claimFreeBackup(
  trx: Kysely<Database>,
  code: AccessCodeRow,
  now: Date,
): Promise<{ claimed: string; missed?: never } | { claimed?: never; missed: 'lost' | 'empty' }> {
  // The code's window, read under its row lock: an update that moves it either waits for this claim (and then moves
  // the backup along) or has committed already (and the backup gets the new window here).
  const current = await trx
    .updateTable('access_codes')
    .set({ updated_at: now.toISOString() })
    .where('access_code_id', '=', code.access_code_id)
    .where('deleted_at', 'is', null)
    .returning(['type', 'starts_at', 'ends_at', 'name'])
    .executeTakeFirst()
  if (current === undefined)
    throw new DomainError('access_code_not_found', `Access code ${code.access_code_id} was not found.`)
  if (current.type !== 'time_bound') throw notTimeBound()
  const candidate = await trx
    .selectFrom('access_codes')
    .select('access_code_id')
    .where('device_id', '=', code.device_id)
    .where('is_backup', '=', 1)
    .where('pulled_for_access_code_id', 'is', null)
    .where('deleted_at', 'is', null)
    .orderBy('created_at')
    .orderBy('access_code_id')
    .executeTakeFirst()
  if (candidate === undefined) return { missed: 'empty' }
  const claim = await trx
    .updateTable('access_codes')
    .set({
      pulled_for_access_code_id: code.access_code_id,
      name: `Backup for ${current.name ?? 'unnamed code'}`,
      type: 'time_bound',
      starts_at: current.starts_at,
      ends_at: current.ends_at,
      updated_at: now.toISOString(),
    })
    .where('access_code_id', '=', candidate.access_code_id)
    .where('pulled_for_access_code_id', 'is', null)
    .executeTakeFirst()
  if (Number(claim.numUpdatedRows) !== 1) return { missed: 'lost' }
  await trx
    .updateTable('access_codes')
    .set({ pulled_backup_access_code_id: candidate.access_code_id, updated_at: now.toISOString() })
    .where('access_code_id', '=', code.access_code_id)
    .execute()
  return { claimed: candidate.access_code_id }
}

async function findPulledBackup(ctx: ServiceContext, accessCodeId: string): Promise<AccessCodeRow | undefined> {
  return ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('pulled_for_access_code_id', '=', accessCodeId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}
