import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import type { AccessCodeRow } from '@/lib/db/schema'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import { codesChanged } from '@/lib/access-codes/codes-changed'
import type { ServiceContext } from '@/lib/context'
import { isUniqueViolation } from '@/lib/db/errors'
import { loadDevice } from '@/lib/devices/device-record'
import { recordEvent } from '@/lib/events/record-event'
import type { AccessCode } from '@/lib/schemas/access-code'

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
      const claimed = await ctx.db.transaction().execute(async (trx) => {
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
        const now = ctx.clock.now().toISOString()
        const claim = await trx
          .updateTable('access_codes')
          .set({
            pulled_for_access_code_id: code.access_code_id,
            name: `Backup for ${code.name ?? 'unnamed code'}`,
            type: 'time_bound',
            starts_at: code.starts_at,
            ends_at: code.ends_at,
            updated_at: now,
          })
          .where('access_code_id', '=', candidate.access_code_id)
          .where('pulled_for_access_code_id', 'is', null)
          .executeTakeFirst()
        if (Number(claim.numUpdatedRows) !== 1) return false
        await trx
          .updateTable('access_codes')
          .set({ pulled_backup_access_code_id: candidate.access_code_id, updated_at: now })
          .where('access_code_id', '=', code.access_code_id)
          .execute()
        await codesChanged(trx, [code.device_id], ctx.clock.now())
        await recordEvent(trx, ctx.clock, {
          workspaceId: ctx.workspaceId,
          eventType: 'access_code.backup_access_code_pulled',
          accessCodeId: code.access_code_id,
          deviceId: code.device_id,
          connectedAccountId: device.connectedAccountId,
          payload: { backup_access_code_id: candidate.access_code_id },
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

async function findPulledBackup(ctx: ServiceContext, accessCodeId: string): Promise<AccessCodeRow | undefined> {
  return ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('pulled_for_access_code_id', '=', accessCodeId)
    .executeTakeFirst()
}
