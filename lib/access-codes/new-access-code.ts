import type { Kysely } from 'kysely'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { deviceRequiresFutureStart } from '@/lib/shared/code-rules'
import { generateFreePin } from '@/lib/access-codes/pin-checks'
import { initialStatus } from '@/lib/shared/schedule'
import type { AccessCodesTable, Database } from '@/lib/db/schema'
import { toBool } from '@/lib/db/values'
import { bumpAccessCodesVersion, type DeviceRecord } from '@/lib/devices/device-record'
import { newId } from '@/lib/ids'
import type { Insertable } from 'kysely'

/** What create and create_multiple have in common, after the schema has parsed it. */
export interface NewCodeOptions {
  name?: string | undefined
  starts_at?: string | undefined
  ends_at?: string | undefined
  allow_external_modification?: boolean | undefined
  is_external_modification_allowed?: boolean | undefined
  attempt_for_offline_device?: boolean | undefined
  prefer_native_scheduling?: boolean | undefined
  use_backup_access_code_pool?: boolean | undefined
  is_offline_access_code?: boolean | undefined
  is_one_time_use?: boolean | undefined
  max_time_rounding?: string | undefined
  code?: string | undefined
}

/** Rules about the window and the kind of code that depend on the lock or on the time now. */
export function checkCodeKind(device: DeviceRecord, options: NewCodeOptions, now: Date): void {
  const timeBound = options.starts_at !== undefined
  if (options.ends_at !== undefined && new Date(options.ends_at) <= now) {
    throw invalidInput({ ends_at: ['must be in the future'] })
  }
  if (
    timeBound &&
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
  } else {
    if (options.is_one_time_use === true)
      throw invalidInput({ is_one_time_use: ['applies only to offline access codes (is_offline_access_code: true)'] })
    if (options.max_time_rounding !== undefined)
      throw invalidInput({ max_time_rounding: ['applies only to offline access codes (is_offline_access_code: true)'] })
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

export function newCodeRow(
  workspaceId: string,
  device: DeviceRecord,
  options: NewCodeOptions,
  code: string,
  commonCodeKey: string | null,
  now: Date,
): Insertable<AccessCodesTable> {
  const type = options.starts_at !== undefined ? 'time_bound' : 'ongoing'
  const window = { type, starts_at: options.starts_at ?? null, ends_at: options.ends_at ?? null } as const
  const iso = now.toISOString()
  const offline = options.is_offline_access_code === true
  return {
    access_code_id: newId(),
    workspace_id: workspaceId,
    device_id: device.deviceId,
    name: options.name ?? null,
    code,
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
    max_time_rounding: offline ? normalizeRounding(options.max_time_rounding ?? '1hour') : null,
    prefer_native_scheduling: toBool(options.prefer_native_scheduling !== false),
    attempt_for_offline_device: toBool(options.attempt_for_offline_device !== false),
    is_scheduled_on_device: 0,
    is_waiting_for_code_assignment: 0,
    errors: '[]',
    warnings: '[]',
    created_at: iso,
    updated_at: iso,
    deleted_at: null,
  }
}

const normalizeRounding = (value: string): string => (value === '1h' ? '1hour' : value === '1d' ? '1day' : value)

/**
 * The first time a code on this lock asks for the backup pool, the pool is filled: `backupPoolSize` extra PINs
 * reserved on the lock, handed out one per code by pull_backup_access_code.
 */
export async function ensureBackupPool(
  trx: Kysely<Database>,
  device: DeviceRecord,
  workspaceId: string,
  now: Date,
): Promise<void> {
  if (!device.supportsBackupPool || device.backupPoolSize <= 0) return
  // Writing the device row first takes its row lock (PostgreSQL; SQLite transactions are serialized anyway), so two
  // first uses at once fill the pool once: the second waits, then sees the first one's backups below.
  await bumpAccessCodesVersion(trx, [device.deviceId])
  const existing = await trx
    .selectFrom('access_codes')
    .select('access_code_id')
    .where('device_id', '=', device.deviceId)
    .where('is_backup', '=', 1)
    .limit(1)
    .executeTakeFirst()
  if (existing !== undefined) return
  for (let i = 0; i < device.backupPoolSize; i++) {
    const pin = await generateFreePin(trx, [device])
    if (pin === undefined) break
    const row = newCodeRow(workspaceId, device, { name: `Backup code ${i + 1}` }, pin, null, now)
    await trx
      .insertInto('access_codes')
      .values({ ...row, is_backup: 1 })
      .execute()
  }
}
