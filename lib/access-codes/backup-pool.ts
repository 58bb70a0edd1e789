import 'server-only'
import type { Kysely } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { freeBackupCounts, loadAccessCode } from '@/lib/access-codes/access-code-store'
import { codeChanged } from '@/lib/access-codes/codes-changed'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import { generateFreePin } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, Database } from '@/lib/db/schema'
import { isUniqueViolation } from '@/lib/db/errors'
import { inTransaction } from '@/lib/db/transaction'
import { type DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import type { AccessCode } from '@/lib/schemas/access-code'

/**
 * A lock's backup pool: `backupPoolSize` extra PINs reserved on the lock, filled the first time one of its codes asks
 * for the pool, and handed out one per code by pull_backup_access_code.
 */

/**
 * Fills the device's pool if it has never been filled; says whether a backup is free in it now. Call it after
 * codesChanged in the same transaction: that write to the device row takes its row lock (PostgreSQL; SQLite
 * transactions are serialized anyway), so two first uses at once fill the pool once: the second waits, then sees
 * the first one's backups here.
 */
export async function ensureBackupPool(
  trx: Kysely<Database>,
  device: DeviceRecord,
  workspaceId: string,
  now: Date,
): Promise<boolean> {
  const free = await freeBackupCounts(trx, [device.deviceId])
  if ((free.get(device.deviceId) ?? 0) > 0) return true
  if (!device.supportsBackupPool || device.backupPoolSize <= 0) return false
  const existing = await trx
    .selectFrom('access_codes')
    .select('access_code_id')
    .where('device_id', '=', device.deviceId)
    .where('is_backup', '=', 1)
    .limit(1)
    .executeTakeFirst()
  if (existing !== undefined) return false
  let filled = 0
  for (; filled < device.backupPoolSize; filled++) {
    const pin = await generateFreePin(trx, [device])
    if (pin === undefined) break
    const row = newCodeRow(workspaceId, device, { name: `Backup code ${filled + 1}` }, pin, null, now)
    await trx
      .insertInto('access_codes')
      .values({ ...row, is_backup: 1 })
      .execute()
  }
  return filled > 0
}

const MAX_CLAIM_ATTEMPTS = 5

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
  if (code.type !== 'time_bound') {
    throw new DomainError('access_code_not_time_bound', 'Backup access codes are only for time-bound access codes.')
  }
  const device = await loadDevice(ctx, code.device_id)

  // A lost claim means another pull took that backup, so under contention a pull loses at most once per backup in
  // the pool before it either claims one or finds the pool empty: a fixed small bound would call a full pool empty.
  const maxAttempts = device.backupPoolSize + MAX_CLAIM_ATTEMPTS
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const existing = await findPulledBackup(ctx, code.access_code_id)
    if (existing !== undefined) return toAccessCodeObject(existing, false)
    try {
      const claimed = await inTransaction(ctx.db, async (trx) => {
        const backupId = await claimFreeBackup(trx, code, device, ctx.clock.now())
        if (backupId === undefined) return false
        await codeChanged(trx, ctx, {
          eventType: 'access_code.backup_access_code_pulled',
          accessCodeId: code.access_code_id,
          device,
          payload: { backup_access_code_id: backupId },
        })
        return true
      })
      if (claimed) continue
    } catch (error) {
      // Lost a race with another pull for the same code: read what it claimed.
      if (isUniqueViolation(error)) continue
      throw error
    }
  }
  throw new DomainError(
    'empty_backup_access_code_pool',
    `No backup access code could be claimed on ${device.displayName}.`,
  )
}

/** Hands the oldest free backup of the code's lock to the code: its id, or undefined if another pull took it first. */
async function claimFreeBackup(
  trx: Kysely<Database>,
  code: AccessCodeRow,
  device: DeviceRecord,
  now: Date,
): Promise<string | undefined> {
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
  if (candidate === undefined) {
    throw new DomainError(
      'empty_backup_access_code_pool',
      `The backup access code pool of ${device.displayName} is empty.`,
    )
  }
  const claim = await trx
    .updateTable('access_codes')
    .set({
      pulled_for_access_code_id: code.access_code_id,
      name: `Backup for ${code.name ?? 'unnamed code'}`,
      type: 'time_bound',
      starts_at: code.starts_at,
      ends_at: code.ends_at,
      updated_at: now.toISOString(),
    })
    .where('access_code_id', '=', candidate.access_code_id)
    .where('pulled_for_access_code_id', 'is', null)
    .executeTakeFirst()
  if (Number(claim.numUpdatedRows) !== 1) return undefined
  await trx
    .updateTable('access_codes')
    .set({ pulled_backup_access_code_id: candidate.access_code_id, updated_at: now.toISOString() })
    .where('access_code_id', '=', code.access_code_id)
    .execute()
  return candidate.access_code_id
}

async function findPulledBackup(ctx: ServiceContext, accessCodeId: string): Promise<AccessCodeRow | undefined> {
  return ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('pulled_for_access_code_id', '=', accessCodeId)
    .executeTakeFirst()
}
