import 'server-only'
import type { ExpressionBuilder, Kysely, Updateable } from 'kysely'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import { assertPinFree, loadAccessCode } from '@/lib/access-codes/access-code-store'
import { topUpBackupPool } from '@/lib/access-codes/backup-pool'
import { changeNeedsLockWork, codeChanged, codesChanged } from '@/lib/access-codes/codes-changed'
import { checkCodeKind, codeWindow, lockAssignsPins } from '@/lib/access-codes/new-access-code'
import { normalizeRounding } from '@/lib/access-codes/offline-window'
import { assertChosenPinAvailable, freePinFor } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, AccessCodesTable, Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import { isUniqueViolation } from '@/lib/db/errors'
import { CodeIssues } from '@/lib/sync/code-issues'
import { inTransaction } from '@/lib/db/transaction'
import { fromBool, toBool } from '@/lib/db/values'
import { loadDevice } from '@/lib/devices/load-device'
import { recordEvent } from '@/lib/events/record-event'
import { deviceRequiresFutureStart } from '@/lib/shared/code-rules'
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
  if (new Date(endsAt) <= new Date(startsAt)) {
    // Name the bound that was moved: the one kept is not the caller's mistake.
    throw input.ends_at === undefined
      ? invalidInput({ starts_at: [`must be before the code's ends_at (${endsAt})`] })
      : invalidInput({
          ends_at: [
            input.starts_at === undefined
              ? `must be after the code's starts_at (${startsAt})`
              : 'must be after starts_at',
          ],
        })
  }
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
  const offline = input.is_offline_access_code ?? fromBool(current.is_offline_access_code)
  const rounding = offline ? normalizeRounding(input.max_time_rounding ?? current.max_time_rounding) : null
  const window = codeWindow(nextWindow(current, input), rounding ?? undefined, device.timezone)
  const windowChanged = !sameWindow(window, current)
  if (windowChanged && window.ends_at !== null && new Date(window.ends_at) <= now) {
    throw invalidInput({ ends_at: ['must be in the future'] })
  }
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
    { startKept: window.starts_at === current.starts_at },
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
  // Only offline codes can be one-time.
  if (!offline && current.is_one_time_use === 1) changes.is_one_time_use = 0
  if (offline !== fromBool(current.is_offline_access_code) && lockAssignsPins(device)) {
    // On a lock that chooses its PINs, an online code takes the lock's PIN and an offline one the maker's.
    Object.assign(
      changes,
      offline
        ? { code: await freePinFor(ctx.db, device), is_waiting_for_code_assignment: 0 }
        : { code: '', is_waiting_for_code_assignment: 1 },
    )
    changes.common_code_key = null
  }
  if (rounding !== current.max_time_rounding) changes.max_time_rounding = rounding
  // A change made through Latchkey acknowledges a PIN changed on the keypad that the code was allowed to keep.
  const warnings = new CodeIssues('warning', current.warnings)
  warnings.remove('code_modified_external_to_seam')
  if (warnings.changed) changes.warnings = warnings.toJson()
  // Online to offline takes the old PIN off the keypad; offline to online puts it on.
  const lockWorkNeeded = pinChanged || windowChanged || offline !== fromBool(current.is_offline_access_code)

  try {
    const attempt = await inTransaction(ctx.db, async (trx) => {
      const released = await writeCodeChange(trx, ctx, {
        accessCodeId: current.access_code_id,
        device,
        changes,
        ...(windowChanged ? { window } : {}),
      })
      // A code that turns the pool on needs the lock's pool filled, as create does; a released backup's place is
      // refilled.
      if (input.use_backup_access_code_pool === true || released)
        await topUpBackupPool(trx, device, ctx.workspaceId, now)
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

/**
 * Writes a change to one managed code inside the caller's transaction, and what it implies: a backup lent to it
 * follows a new `window` (given only when the window changed), the event, and the lock work. Says whether that backup
 * was released (the caller refills the pool). /access_codes/update and a stay's doors share it.
 */
export async function writeCodeChange(
  trx: Kysely<Database>,
  ctx: Pick<ServiceContext, 'clock' | 'workspaceId'>,
  change: {
    accessCodeId: string
    device: Pick<DeviceRecord, 'deviceId' | 'connectedAccountId'>
    changes: Updateable<AccessCodesTable>
    window?: Window
  },
): Promise<boolean> {
  const { accessCodeId, device, changes, window } = change
  await trx.updateTable('access_codes').set(changes).where('access_code_id', '=', accessCodeId).execute()
  const released = window !== undefined && (await backupFollows(trx, accessCodeId, window, ctx.clock.now()))
  await codeChanged(trx, ctx, {
    eventType: 'access_code.changed',
    accessCodeId,
    device,
    lockWork: changeNeedsLockWork(changes),
  })
  return released
}

/**
 * A backup handed to this code follows its stay: a new window moves it, and it is released (it leaves the pool, and
 * the lock side takes it off the keypad) when the code stops being time-bound. Says whether it was released. Call it
 * once the code's row is written: the backup is read under that row's lock, so a pull that claimed one meanwhile is
 * seen.
 */
async function backupFollows(trx: Kysely<Database>, accessCodeId: string, window: Window, now: Date): Promise<boolean> {
  const linked = await trx
    .selectFrom('access_codes')
    .select('pulled_backup_access_code_id')
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirst()
  const backupId = linked?.pulled_backup_access_code_id ?? null
  if (backupId === null) return false
  const iso = now.toISOString()
  if (window.type === 'time_bound') {
    await trx
      .updateTable('access_codes')
      .set({ starts_at: window.starts_at, ends_at: window.ends_at, updated_at: iso })
      .where('access_code_id', '=', backupId)
      .execute()
    return false
  }
  // Unlinked both ways, so that the code can pull a fresh backup if it becomes time-bound again.
  await trx
    .updateTable('access_codes')
    .set({ deleted_at: iso, updated_at: iso, pulled_for_access_code_id: null })
    .where('access_code_id', '=', backupId)
    .execute()
  await trx
    .updateTable('access_codes')
    .set({ pulled_backup_access_code_id: null })
    .where('access_code_id', '=', accessCodeId)
    .execute()
  return true
}

/**
 * Renames or reschedules every code linked by a common_code_key, all or none. One bound may move alone and is merged
 * with each code's own window; a window that cannot be (an end before a kept start, an end in the past, a single bound
 * on an ongoing code) refuses the whole request with invalid_input on that field.
 */
export async function updateMultipleAccessCodes(
  ctx: ServiceContext,
  input: UpdateMultipleAccessCodesInput,
): Promise<void> {
  const now = ctx.clock.now()
  if (input.ends_at !== undefined && new Date(input.ends_at) <= now)
    throw invalidInput({ ends_at: ['must be in the future'] })
  const timeChange = input.starts_at !== undefined || input.ends_at !== undefined
  const inGroup = (eb: ExpressionBuilder<Database, 'access_codes'>) =>
    eb.and([
      eb('workspace_id', '=', ctx.workspaceId),
      eb('common_code_key', '=', input.common_code_key),
      eb('deleted_at', 'is', null),
      eb('is_managed', '=', 1),
    ])
  await inTransaction(ctx.db, async (trx) => {
    // The group's rows are locked first (rows before device rows, as every write takes them), so that a bound moved
    // alone is merged with windows no other write is changing meanwhile.
    const locked = await trx
      .updateTable('access_codes')
      .set({ updated_at: now.toISOString() })
      .where(inGroup)
      .executeTakeFirst()
    if (Number(locked.numUpdatedRows) === 0) {
      throw new DomainError(
        'access_code_not_found',
        `No access codes share common_code_key "${input.common_code_key}".`,
      )
    }
    const codes = await trx.selectFrom('access_codes').selectAll().where(inGroup).execute()
    const devices = new Map<string, DeviceRecord>()
    const deviceOf = async (deviceId: string): Promise<DeviceRecord> => {
      const device = devices.get(deviceId) ?? (await loadDevice({ ...ctx, db: trx }, deviceId))
      devices.set(deviceId, device)
      return device
    }

    // Every code's new window first: one that cannot be refuses the request before anything is written.
    const planned: { code: AccessCodeRow; device: DeviceRecord; window: Window; windowChanged: boolean }[] = []
    for (const code of codes) {
      const device = await deviceOf(code.device_id)
      const rounding = code.is_offline_access_code === 1 ? normalizeRounding(code.max_time_rounding) : undefined
      const window = timeChange ? codeWindow(nextWindow(code, input), rounding, device.timezone) : code
      const windowChanged = !sameWindow(window, code)
      if (windowChanged) {
        if (input.starts_at !== undefined && deviceRequiresFutureStart(device) && new Date(input.starts_at) <= now)
          throw invalidInput({ starts_at: [`must be in the future on ${device.displayName}`] })
        if (window.ends_at !== null && new Date(window.ends_at) <= now)
          throw invalidInput({ ends_at: ['must be in the future'] })
      }
      planned.push({ code, device, window, windowChanged })
    }

    let lockWork = false
    for (const { code, device, window, windowChanged } of planned) {
      const changes: Updateable<AccessCodesTable> = { updated_at: now.toISOString() }
      if (input.name !== undefined) changes.name = input.name
      if (windowChanged) Object.assign(changes, window)
      lockWork ||= changeNeedsLockWork(changes)
      await trx.updateTable('access_codes').set(changes).where('access_code_id', '=', code.access_code_id).execute()
      if (windowChanged) await backupFollows(trx, code.access_code_id, window, now)
      await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'access_code.changed',
        accessCodeId: code.access_code_id,
        deviceId: code.device_id,
        connectedAccountId: device.connectedAccountId,
      })
    }
    await codesChanged(trx, [...devices.keys()], now, { lockWork })
  })
}
