import 'server-only'
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, Database } from '@/lib/db/schema'
import { holdsPoolPlace } from '@/lib/shared/backup-pool-places'
import type { DeviceRecord } from '@/lib/db/device-record'
import { powerOfTwoChunks, prepared } from '@/lib/db/prepared'
import { pageAfter } from '@/lib/pagination'
import type { Pagination } from '@/lib/schemas/common'
import { MAX_ACCESS_CODES_PER_DEVICE } from '@/lib/schemas/access-code'

/** Codes the API shows: managed, not deleted, and not an unpulled backup waiting in a pool. */
export function selectVisibleCodes(db: Kysely<Database>, workspaceId: string) {
  return db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('deleted_at', 'is', null)
    .where('is_managed', '=', 1)
    .where((eb) => eb.or([eb('is_backup', '=', 0), eb('pulled_for_access_code_id', 'is not', null)]))
}

/** Live codes per device (of those that have any): managed ones only, or all of them. */
const liveCodesOf = (db: Kysely<Database>, deviceIds: readonly string[]) =>
  db
    .selectFrom('access_codes')
    .select(['device_id', (eb) => eb.fn.countAll<number | string>().as('codes')])
    .where('device_id', 'in', deviceIds)
    .where('deleted_at', 'is', null)

// Every create asks the first; the second only for a lock the first puts past the bound.
const liveCodeCountsOf = prepared((db, p: { deviceIds: string[] }) => liveCodesOf(db, p.deviceIds).groupBy('device_id'))
const managedCodeCountsOf = prepared((db, p: { deviceIds: string[] }) =>
  liveCodesOf(db, p.deviceIds).where('is_managed', '=', 1).groupBy('device_id'),
)

async function liveCodeCounts(
  db: Kysely<Database>,
  deviceIds: readonly string[],
  managedOnly: boolean,
): Promise<{ device_id: string; codes: number | string }[]> {
  const counts = managedOnly ? managedCodeCountsOf : liveCodeCountsOf
  return (await counts(db, { deviceIds: [...deviceIds] })).rows
}

const insertCodeRowsStatement = prepared((db, p: { rows: AccessCodeRow[] }) =>
  db.insertInto('access_codes').values(p.rows),
)

/**
 * Inserts new code rows in chunks of power-of-two sizes (up to 128 rows of 40 columns a statement, under both engines'
 * limits on bound parameters): statements of a few shapes, compiled once, for any number of locks.
 */
export async function insertCodeRows(db: Kysely<Database>, rows: readonly AccessCodeRow[]): Promise<void> {
  for (const chunk of powerOfTwoChunks(rows, 128)) await insertCodeRowsStatement(db, { rows: chunk })
}

/**
 * `too_many_access_codes` when `adding` more codes would take a lock past MAX_ACCESS_CODES_PER_DEVICE live managed
 * codes: far beyond any keypad, it bounds what one lock costs every list, check and pass.
 */
export async function assertRoomForCodes(
  db: Kysely<Database>,
  devices: readonly DeviceRecord[],
  adding = 1,
): Promise<void> {
  if (devices.length === 0) return
  // First every live code, managed or not: a count the index on live codes (access_codes_live_pin) answers on its
  // own, ~15× cheaper on a lock of 1,000 codes than reading each row's is_managed. Only a lock that count puts past
  // the bound has its managed codes counted.
  const live = await liveCodeCounts(
    db,
    devices.map((d) => d.deviceId),
    false,
  )
  const crowded = live.filter(({ codes }) => Number(codes) + adding > MAX_ACCESS_CODES_PER_DEVICE)
  if (crowded.length === 0) return
  const counts = await liveCodeCounts(
    db,
    crowded.map((c) => c.device_id),
    true,
  )
  for (const { device_id, codes } of counts) {
    const held = Number(codes)
    if (held + adding <= MAX_ACCESS_CODES_PER_DEVICE) continue
    const name = devices.find((d) => d.deviceId === device_id)?.displayName ?? device_id
    throw new DomainError(
      'too_many_access_codes',
      `${name} already has ${held.toLocaleString('en-US')} codes, and Latchkey keeps at most ` +
        `${MAX_ACCESS_CODES_PER_DEVICE.toLocaleString('en-US')} on one lock: delete codes that are no longer needed.`,
      { device_id },
    )
  }
}

export async function loadAccessCode(
  ctx: ServiceContext,
  accessCodeId: string,
  deviceId?: string,
): Promise<AccessCodeRow> {
  let query = selectVisibleCodes(ctx.db, ctx.workspaceId).where('access_code_id', '=', accessCodeId)
  if (deviceId !== undefined) query = query.where('device_id', '=', deviceId)
  const row = await query.executeTakeFirst()
  if (row === undefined) throw new DomainError('access_code_not_found', `Access code ${accessCodeId} was not found.`)
  return row
}

/** The live code (any kind) holding `code` on the device, if any: the one a new PIN would clash with. */
export async function findCodeHoldingPin(
  db: Kysely<Database>,
  deviceId: string,
  code: string,
  exceptAccessCodeId?: string,
): Promise<AccessCodeRow | undefined> {
  let query = db
    .selectFrom('access_codes')
    .selectAll()
    .where('device_id', '=', deviceId)
    .where('code', '=', code)
    .where('deleted_at', 'is', null)
  if (exceptAccessCodeId !== undefined) query = query.where('access_code_id', '!=', exceptAccessCodeId)
  return query.executeTakeFirst()
}

/** For each device that has one, the live code holding `code` there: findCodeHoldingPin for many devices at once. */
export async function findCodesHoldingPin(
  db: Kysely<Database>,
  deviceIds: readonly string[],
  code: string,
): Promise<Map<string, AccessCodeRow>> {
  if (deviceIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('access_codes')
    .selectAll()
    .where('device_id', 'in', [...new Set(deviceIds)])
    .where('code', '=', code)
    .where('deleted_at', 'is', null)
    .execute()
  const holders = new Map<string, AccessCodeRow>()
  for (const row of rows) if (!holders.has(row.device_id)) holders.set(row.device_id, row)
  return holders
}

export async function livePinsOnDevice(
  db: Kysely<Database>,
  deviceId: string,
  exceptAccessCodeId?: string,
): Promise<string[]> {
  let query = db
    .selectFrom('access_codes')
    .select('code')
    .where('device_id', '=', deviceId)
    .where('deleted_at', 'is', null)
    // Codes waiting for the lock to assign a PIN hold none yet.
    .where('is_waiting_for_code_assignment', '=', 0)
  if (exceptAccessCodeId !== undefined) query = query.where('access_code_id', '!=', exceptAccessCodeId)
  return (await query.execute()).map((r) => r.code)
}

/** Refuses `code` with duplicate_access_code when a live code on the device holds it. */
export async function assertPinFree(
  db: Kysely<Database>,
  device: Pick<DeviceRecord, 'deviceId' | 'displayName'>,
  code: string,
  exceptAccessCodeId?: string,
): Promise<void> {
  const holder = await findCodeHoldingPin(db, device.deviceId, code, exceptAccessCodeId)
  if (holder !== undefined) throw duplicateError(device.displayName, holder)
}

export function duplicateError(deviceName: string, holder: AccessCodeRow): DomainError {
  const who =
    holder.is_backup === 1
      ? "a backup code in the lock's backup pool"
      : holder.name
        ? `"${holder.name}"`
        : 'an unnamed code'
  const codeIs = holder.is_managed === 1 ? 'access code' : 'unmanaged code'
  return new DomainError(
    'duplicate_access_code',
    `PIN ${holder.code} is already used on ${deviceName} by ${codeIs} ${who} (${holder.access_code_id}).`,
    { conflicting_access_code_id: holder.access_code_id, device_id: holder.device_id },
  )
}

/** The live backups of these devices (a partial index holds exactly these rows). */
export function selectLiveBackups(db: Kysely<Database>, deviceIds: readonly string[]) {
  return (
    db
      .selectFrom('access_codes')
      .where('device_id', 'in', [...new Set(deviceIds)])
      // Literals, not bound parameters, so that the partial index access_codes_live_backups can serve this.
      .where('is_backup', '=', sql.lit(1))
      .where('deleted_at', 'is', null)
  )
}

/**
 * How many backups each device's pool can hand out: the free (unpulled) ones and, given `now`, the places of lent
 * backups whose stay has ended, which the next pull refills.
 */
const freeBackupsOf = prepared((db, p: { deviceIds: string[] }) =>
  db
    .selectFrom('access_codes')
    .select(['device_id', (eb) => eb.fn.countAll<number | string>().as('free')])
    .where('device_id', 'in', p.deviceIds)
    // A literal, not a bound parameter, so that the partial index access_codes_free_backups can serve this.
    .where('is_backup', '=', sql.lit(1))
    .where('pulled_for_access_code_id', 'is', null)
    .where('deleted_at', 'is', null)
    .groupBy('device_id'),
)
const lentBackupsOf = prepared((db, p: { deviceIds: string[] }) =>
  selectLiveBackups(db, p.deviceIds).select(['device_id', 'pulled_for_access_code_id', 'ends_at']),
)
const backupPoolsOf = prepared((db, p: { deviceIds: string[] }) =>
  db
    .selectFrom('devices')
    .select(['device_id', 'backup_pool_size'])
    .where('device_id', 'in', p.deviceIds)
    .where('supports_backup_access_code_pool', '=', 1),
)

export async function freeBackupCounts(
  db: Kysely<Database>,
  deviceIds: readonly string[],
  now: Date,
): Promise<Map<string, number>> {
  if (deviceIds.length === 0) return new Map()
  const free = (await freeBackupsOf(db, { deviceIds: [...new Set(deviceIds)] })).rows
  const counts = new Map(free.map((r) => [r.device_id, Number(r.free)]))
  const drained = [...new Set(deviceIds.filter((id) => (counts.get(id) ?? 0) === 0))]
  if (drained.length === 0) return counts
  // A drained pool may have places to refill: only then is it worth reading the lent backups and the pool sizes.
  const [{ rows: lent }, { rows: pools }] = await Promise.all([
    lentBackupsOf(db, { deviceIds: drained }),
    backupPoolsOf(db, { deviceIds: drained }),
  ])
  // (Only codes that use the pool read this, and the first of them filled it.)
  for (const pool of pools) {
    const holding = lent.filter((b) => b.device_id === pool.device_id && holdsPoolPlace(b, now)).length
    counts.set(pool.device_id, Math.max(0, pool.backup_pool_size - holding))
  }
  return counts
}

/** One page of codes in creation order, after the position `pageCursor` names (lists of codes and unmanaged codes). */
export function pageOfCodes(
  query: SelectQueryBuilder<Database, 'access_codes', AccessCodeRow>,
  limit: number,
  pageCursor: string | undefined,
): Promise<{ items: AccessCodeRow[]; pagination: Pagination }> {
  return pageAfter(query, { createdAt: 'created_at', id: 'access_code_id' }, limit, pageCursor, (r) => ({
    createdAt: r.created_at,
    id: r.access_code_id,
  }))
}
