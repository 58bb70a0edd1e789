import 'server-only'
import { invalidInput, DomainError } from '@/lib/errors/domain-error'
import { deviceRequiresFutureStart } from '@/lib/shared/code-rules'
import { initialStatus, type CodeWindow } from '@/lib/shared/schedule'
import { normalizeRounding, roundOfflineWindow } from '@/lib/access-codes/offline-window'
import type { AccessCodeRow } from '@/lib/db/schema'
import { toBool } from '@/lib/db/values'
import type { DeviceRecord } from '@/lib/db/device-record'
import { newId } from '@/lib/ids'
import { DEFAULT_MAX_TIME_ROUNDING, type CreateAccessCodeInput, type MaxTimeRounding } from '@/lib/schemas/access-code'

/**
 * A new code, before it has a PIN: the rules that need only the lock and the time (no store), and the row it becomes.
 * Pure, so create, create_multiple and update share them.
 */

/** What create and create_multiple (whose input has no pool or offline fields) have in common. */
export type NewCodeOptions = Omit<CreateAccessCodeInput, 'device_id' | 'common_code_key'>

/**
 * Locks that choose every PIN themselves (code constraint `cannot_specify_pin_code`): their online codes are stored
 * without one (`code` '' and `is_waiting_for_code_assignment` 1) until the lock side stores the PIN the lock gave.
 */
export const lockAssignsPins = (device: Pick<DeviceRecord, 'codeConstraints'>): boolean =>
  device.codeConstraints.some((c) => c.constraint_type === 'cannot_specify_pin_code')

/** The brands whose offline codes can be one-time (used once, then void): igloohome algoPINs and Lockly. */
const ONE_TIME_USE_PROVIDERS: readonly string[] = ['igloohome', 'lockly']

/**
 * Rules about the window and the kind of code that depend on the lock or on the time now. `startKept`: an update that
 * leaves the code's start where it is (a later checkout of a stay already under way) is not held to a lock's rule that
 * a start be in the future: that rule is about the start the lock is sent.
 */
export function checkCodeKind(
  device: DeviceRecord,
  options: NewCodeOptions,
  now: Date,
  { startKept = false }: { startKept?: boolean } = {},
): void {
  const timeBound = options.starts_at !== undefined
  if (options.ends_at !== undefined && new Date(options.ends_at) <= now) {
    throw invalidInput({ ends_at: ['must be in the future'] })
  }
  if (
    timeBound &&
    !startKept &&
    deviceRequiresFutureStart(device) &&
    options.starts_at !== undefined &&
    new Date(options.starts_at) <= now
  ) {
    throw invalidInput({ starts_at: [`must be in the future on ${device.displayName}`] })
  }
  if (options.is_offline_access_code === true) {
    if (!device.canProgramOfflineCodes) {
      throw new DomainError(
        'offline_access_codes_not_supported',
        `${device.displayName} cannot program offline access codes.`,
      )
    }
    if (!timeBound)
      throw invalidInput({
        starts_at: ['is required: offline access codes are time-bound'],
        ends_at: ['is required: offline access codes are time-bound'],
      })
    if (options.code !== undefined)
      throw invalidInput({ code: ['must be left out: the lock maker generates offline access codes'] })
    if (options.use_backup_access_code_pool === true)
      throw invalidInput({ use_backup_access_code_pool: ['is not available for offline access codes'] })
    if (options.is_one_time_use === true && !ONE_TIME_USE_PROVIDERS.includes(device.provider))
      throw invalidInput({
        is_one_time_use: [
          `is not available on ${device.displayName}: only igloohome and Lockly offline access codes can be one-time`,
        ],
      })
  } else {
    if (options.is_one_time_use === true)
      throw invalidInput({ is_one_time_use: ['applies only to offline access codes (is_offline_access_code: true)'] })
    // The documented default is what leaving it out means, so SDKs that send it are not refused; a daily rounding
    // asks for a daily-bound offline code, which an online code cannot be.
    if (options.max_time_rounding !== undefined && !DEFAULT_MAX_TIME_ROUNDING.includes(options.max_time_rounding))
      throw invalidInput({
        max_time_rounding: [
          'can only be 1hour (the default) unless the code is offline (is_offline_access_code: true)',
        ],
      })
    if (!device.canProgramOnlineCodes) {
      throw new DomainError(
        'online_access_codes_not_supported',
        `${device.displayName} cannot program online access codes; create an offline access code instead.`,
      )
    }
  }
  if (options.use_backup_access_code_pool === true) {
    if (!device.supportsBackupPool) {
      throw new DomainError(
        'backup_access_code_pool_not_supported',
        `${device.displayName} has no backup access code pool.`,
      )
    }
    if (!timeBound)
      throw invalidInput({ use_backup_access_code_pool: ['is only for time-bound codes: give starts_at and ends_at'] })
  }
}

/**
 * The whole stored row of a new managed code, as written: the API's answer is built from it, not read back. `code`
 * null: the lock assigns the PIN (lockAssignsPins), and the code waits for it.
 */
export function newCodeRow(
  workspaceId: string,
  device: DeviceRecord,
  options: NewCodeOptions,
  code: string | null,
  commonCodeKey: string | null,
  now: Date,
): AccessCodeRow {
  const offline = options.is_offline_access_code === true
  const window = codeWindow(options, offline ? (options.max_time_rounding ?? '1hour') : undefined, device.timezone)
  const iso = now.toISOString()
  return {
    access_code_id: newId(),
    workspace_id: workspaceId,
    device_id: device.deviceId,
    name: options.name ?? null,
    code: code ?? '',
    common_code_key: commonCodeKey,
    ...window,
    status: initialStatus(window, now),
    is_managed: 1,
    is_backup: 0,
    pulled_for_access_code_id: null,
    pulled_backup_access_code_id: null,
    use_backup_access_code_pool: toBool(options.use_backup_access_code_pool === true),
    is_external_modification_allowed: toBool(
      options.is_external_modification_allowed === true || options.allow_external_modification === true,
    ),
    is_offline_access_code: toBool(offline),
    is_one_time_use: toBool(offline && options.is_one_time_use === true),
    max_time_rounding: offline ? normalizeRounding(options.max_time_rounding) : null,
    prefer_native_scheduling: toBool(options.prefer_native_scheduling !== false),
    attempt_for_offline_device: toBool(options.attempt_for_offline_device !== false),
    is_scheduled_on_device: 0,
    is_waiting_for_code_assignment: toBool(code === null),
    errors: '[]',
    warnings: '[]',
    created_at: iso,
    updated_at: iso,
    deleted_at: null,
    // Nothing on the lock yet: the lock side fills these in.
    provider_code_id: null,
    programmed_code: null,
    programmed_starts_at: null,
    programmed_ends_at: null,
    pending_since: null,
    failed_attempts: 0,
    removed_from_device_at: null,
    lock_op_token: null,
    lock_op_expires_at: null,
    stay_id: null,
    row_version: 0,
  }
}

/** The window a code's times give, widened to whole hours or days for an offline code (`rounding` given). */
export function codeWindow(
  times: { starts_at?: string | null | undefined; ends_at?: string | null | undefined },
  rounding: MaxTimeRounding | string | undefined,
  timeZone: string,
): CodeWindow {
  const { starts_at: startsAt, ends_at: endsAt } = times
  if (startsAt === undefined || startsAt === null || endsAt === undefined || endsAt === null)
    return { type: 'ongoing', starts_at: null, ends_at: null }
  const window = { starts_at: startsAt, ends_at: endsAt }
  return { type: 'time_bound', ...(rounding === undefined ? window : roundOfflineWindow(window, rounding, timeZone)) }
}
