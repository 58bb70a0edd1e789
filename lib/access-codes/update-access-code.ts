import 'server-only'
import type { Updateable } from 'kysely'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import { assertPinFree, loadAccessCode } from '@/lib/access-codes/access-code-store'
import { ensureBackupPool } from '@/lib/access-codes/backup-pool'
import { codeChanged, codesChanged } from '@/lib/access-codes/codes-changed'
import { checkCodeKind } from '@/lib/access-codes/new-access-code'
import { assertChosenPinAvailable } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, AccessCodesTable } from '@/lib/db/schema'
import { isUniqueViolation } from '@/lib/db/errors'
import { inTransaction } from '@/lib/db/transaction'
import { fromBool, toBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/load-device'
import { recordEvent } from '@/lib/events/record-event'
import type { UpdateAccessCodeInput, UpdateMultipleAccessCodesInput } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

type Window = Pick<AccessCodeRow, 'type' | 'starts_at' | 'ends_at'>

/**
 * The window after an update: `type: "ongoing"` clears the times; both times make the code time-bound; one time
 * moves that end of an existing window; nothing about time keeps the window as it is.
 */
export function nextWindow(
  current: Window,
  input: Pick<UpdateAccessCodeInput, 'type' | 'starts_at' | 'ends_at'>,
): Window {
  if (input.type === 'ongoing') return { type: 'ongoing', starts_at: null, ends_at: null }
  const startsAt = input.starts_at ?? (current.type === 'time_bound' ? current.starts_at : null)
  const endsAt = input.ends_at ?? (current.type === 'time_bound' ? current.ends_at : null)
  if (input.starts_at === undefined && input.ends_at === undefined && input.type !== 'time_bound') return current
  if (startsAt === null || endsAt === null) {
    const missing = startsAt === null ? 'starts_at' : 'ends_at'
    throw invalidInput({ [missing]: ['is required to make this ongoing code time-bound'] })
  }
  if (new Date(endsAt) <= new Date(startsAt)) throw invalidInput({ ends_at: ['must be after starts_at'] })
  return { type: 'time_bound', starts_at: startsAt, ends_at: endsAt }
}

const sameWindow = (a: Window, b: Window): boolean =>
  a.type === b.type && a.starts_at === b.starts_at && a.ends_at === b.ends_at

export async function updateAccessCode(
  ctx: ServiceContext,
  input: UpdateAccessCodeInput,
): Promise<{ action_attempt: ActionAttempt }> {
  const current = await loadAccessCode(ctx, input.access_code_id, input.device_id)
  const device = await loadDevice(ctx, current.device_id)
  const now = ctx.clock.now()
  const window = nextWindow(current, input)
  const windowChanged = !sameWindow(window, current)
  if (windowChanged && window.ends_at !== null && new Date(window.ends_at) <= now) {
    throw invalidInput({ ends_at: ['must be in the future'] })
  }
  const offline = input.is_offline_access_code ?? fromBool(current.is_offline_access_code)
  const usesPool = input.use_backup_access_code_pool ?? fromBool(current.use_backup_access_code_pool)
  if (
    usesPool &&
    window.type !== 'time_bound' &&
    current.use_backup_access_code_pool === 1 &&
    input.use_backup_access_code_pool === undefined
  ) {
    throw new DomainError(
      'access_code_not_time_bound',
      'This code uses the backup pool, which only time-bound codes can: give starts_at and ends_at, or set use_backup_access_code_pool to false.',
    )
  }
  checkCodeKind(
    device,
    {
      starts_at: window.starts_at ?? undefined,
      ends_at: window.ends_at ?? undefined,
      is_offline_access_code: offline,
      is_one_time_use: input.is_one_time_use,
      max_time_rounding: input.max_time_rounding,
      use_backup_access_code_pool:
        usesPool && (input.use_backup_access_code_pool === true || windowChanged) ? usesPool : undefined,
      code: input.code,
    },
    windowChanged ? now : new Date(0),
  )

  const pinChanged = input.code !== undefined && input.code !== current.code
  if (pinChanged && input.code !== undefined) {
    await assertChosenPinAvailable(ctx.db, device, input.code, current.access_code_id)
  }

  const changes: Updateable<AccessCodesTable> = { updated_at: now.toISOString() }
  if (input.name !== undefined) changes.name = input.name
  if (windowChanged) Object.assign(changes, window)
  if (pinChanged) {
    changes.code = input.code
    // A PIN changed on one lock no longer matches its linked codes.
    changes.common_code_key = null
  }
  if (input.is_external_modification_allowed !== undefined || input.allow_external_modification !== undefined) {
    changes.is_external_modification_allowed = toBool(
      (input.is_external_modification_allowed ?? input.allow_external_modification) === true,
    )
  }
  if (input.use_backup_access_code_pool !== undefined)
    changes.use_backup_access_code_pool = toBool(input.use_backup_access_code_pool)
  if (input.prefer_native_scheduling !== undefined)
    changes.prefer_native_scheduling = toBool(input.prefer_native_scheduling)
  if (input.attempt_for_offline_device !== undefined)
    changes.attempt_for_offline_device = toBool(input.attempt_for_offline_device)
  if (input.is_offline_access_code !== undefined) changes.is_offline_access_code = toBool(input.is_offline_access_code)
  if (input.is_one_time_use !== undefined) changes.is_one_time_use = toBool(input.is_one_time_use)
  if (input.max_time_rounding !== undefined) changes.max_time_rounding = input.max_time_rounding
  const lockWorkNeeded = pinChanged || windowChanged

  try {
    const attempt = await inTransaction(ctx.db, async (trx) => {
      await trx.updateTable('access_codes').set(changes).where('access_code_id', '=', current.access_code_id).execute()
      // A backup handed to this code follows its stay: new dates move it, and it goes when the code stops being time-bound.
      if (windowChanged && current.pulled_backup_access_code_id !== null) {
        const follow =
          window.type === 'time_bound'
            ? { starts_at: window.starts_at, ends_at: window.ends_at, updated_at: now.toISOString() }
            : { deleted_at: now.toISOString(), updated_at: now.toISOString() }
        await trx
          .updateTable('access_codes')
          .set(follow)
          .where('access_code_id', '=', current.pulled_backup_access_code_id)
          .execute()
      }
      await codeChanged(trx, ctx, { eventType: 'access_code.changed', accessCodeId: current.access_code_id, device })
      // A code that turns the pool on needs the lock's pool filled, as create does.
      if (input.use_backup_access_code_pool === true) await ensureBackupPool(trx, device, ctx.workspaceId, now)
      return createActionAttempt(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        actionType: 'UPDATE_ACCESS_CODE',
        // Only a new PIN or window has to reach the lock; anything else is done once stored.
        status: lockWorkNeeded ? 'pending' : 'success',
        accessCodeId: current.access_code_id,
        deviceId: device.deviceId,
      })
    })
    return { action_attempt: attempt }
  } catch (error) {
    if (isUniqueViolation(error) && input.code !== undefined) {
      await assertPinFree(ctx.db, device, input.code, current.access_code_id)
    }
    throw error
  }
}

/** Renames or reschedules every code linked by a common_code_key, all or none. */
export async function updateMultipleAccessCodes(
  ctx: ServiceContext,
  input: UpdateMultipleAccessCodesInput,
): Promise<void> {
  const now = ctx.clock.now()
  if (input.ends_at !== undefined && new Date(input.ends_at) <= now)
    throw invalidInput({ ends_at: ['must be in the future'] })
  await inTransaction(ctx.db, async (trx) => {
    const codes = await trx
      .selectFrom('access_codes')
      .innerJoin('devices', 'devices.device_id', 'access_codes.device_id')
      .selectAll('access_codes')
      .select('devices.connected_account_id')
      .where('access_codes.workspace_id', '=', ctx.workspaceId)
      .where('access_codes.common_code_key', '=', input.common_code_key)
      .where('access_codes.deleted_at', 'is', null)
      .execute()
    if (codes.length === 0) {
      throw new DomainError(
        'access_code_not_found',
        `No access codes share common_code_key "${input.common_code_key}".`,
      )
    }
    for (const code of codes) {
      const changes: Updateable<AccessCodesTable> = { updated_at: now.toISOString() }
      if (input.name !== undefined) changes.name = input.name
      if (input.starts_at !== undefined && input.ends_at !== undefined) {
        const window = { type: 'time_bound', starts_at: input.starts_at, ends_at: input.ends_at } as const
        if (!sameWindow(window, code)) Object.assign(changes, window)
      }
      await trx.updateTable('access_codes').set(changes).where('access_code_id', '=', code.access_code_id).execute()
      await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'access_code.changed',
        accessCodeId: code.access_code_id,
        deviceId: code.device_id,
        connectedAccountId: code.connected_account_id,
      })
    }
    await codesChanged(
      trx,
      codes.map((c) => c.device_id),
      now,
    )
  })
}
