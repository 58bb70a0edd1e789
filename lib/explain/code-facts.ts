import 'server-only'
import type { Selectable } from 'kysely'
import { freeBackupCounts } from '@/lib/access-codes/access-code-store'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import type { AccessCodeRow, ActionAttemptsTable, EventsTable } from '@/lib/db/schema'
import { parseJson } from '@/lib/db/values'
import { DomainError } from '@/lib/errors/domain-error'
import { lockViewFor, type KeypadReading, type LockView } from '@/lib/explain/lock-view'
import { lockEventTypes } from '@/lib/schemas/event'

/**
 * Everything Latchkey knows about one code that an explanation uses, read in a handful of queries: the code, its lock
 * and the lock's keypad as last read, the lock's sync job, the code's events and action attempts, the lock's
 * connection events and keypad reports during the code's life, and any other code holding the same PIN.
 */

export type EventRow = Selectable<EventsTable>
export type ActionAttemptRow = Selectable<ActionAttemptsTable>

export interface StoredIssue {
  kind: 'error' | 'warning'
  code: string
  createdAt: string | null
}

export interface SyncJobFacts {
  /** When the lock side next looks at the lock; null while a pass holds it, or when nothing is planned. */
  dueAt: string | null
  /** A reconciler is working on the lock right now. */
  leased: boolean
  /** Lock work that failed in a row on this lock. */
  consecutiveFailures: number
}

/** Another code of the lock with the same PIN. */
export interface ClashingCode {
  accessCodeId: string
  name: string | null
  isManaged: boolean
  providerCodeId: string | null
}

export interface CodeFacts {
  now: Date
  row: AccessCodeRow
  device: DeviceRecord
  lock: LockView
  /** The lock's keypad as last read, where it can be known without a lock call. */
  keypad: KeypadReading | undefined
  job: SyncJobFacts | undefined
  errors: StoredIssue[]
  warnings: StoredIssue[]
  /** The code's own events, newest first. */
  events: EventRow[]
  /** The lock's and its account's connection events since the code was created, newest first. */
  lockEvents: EventRow[]
  /** What the lock reported from its keypad since the code was created, newest first (see doorAttemptsOf). */
  doorEvents: EventRow[]
  /** The code's action attempts, newest first. */
  attempts: ActionAttemptRow[]
  clash: ClashingCode | undefined
  /** The lock's backup pool can hand this code a backup now (or already has: `pulled_backup_access_code_id`). */
  backupAvailable: boolean
  /** Codes on the lock that Latchkey did not put there (unmanaged). */
  unmanagedOnLock: number
  /** When the lock went offline, while it is. */
  offlineSince: string | null
  /** When the lock maker's account was disconnected, while it is. */
  accountDisconnectedSince: string | null
}

const MAX_EVENTS = 200
const MAX_LOCK_EVENTS = 50
const MAX_DOOR_EVENTS = 30
const MAX_ATTEMPTS = 100

/** The device's connection events that say when it or its account stopped or started answering. */
const CONNECTION_EVENTS = ['device.connected', 'device.disconnected', 'device.removed'] as const
const ACCOUNT_EVENTS = ['connected_account.connected', 'connected_account.disconnected'] as const

interface RawIssue {
  error_code?: unknown
  warning_code?: unknown
  created_at?: unknown
}

function issuesOf(kind: 'error' | 'warning', json: string): StoredIssue[] {
  return parseJson<RawIssue[]>(json, []).flatMap((raw) => {
    const code = kind === 'error' ? raw.error_code : raw.warning_code
    if (typeof code !== 'string') return []
    return [{ kind, code, createdAt: typeof raw.created_at === 'string' ? raw.created_at : null }]
  })
}

/**
 * The code as the explanation sees it: any managed code the API shows (an unpulled backup waiting in a pool is not
 * one), and also a deleted one the lock side is still taking off the keypad. Anything else, including another
 * workspace's code, is `access_code_not_found`.
 */
async function loadExplainableCode(ctx: ServiceContext, accessCodeId: string): Promise<AccessCodeRow> {
  const row = await ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('access_code_id', '=', accessCodeId)
    .where('workspace_id', '=', ctx.workspaceId)
    .where('is_managed', '=', 1)
    .where('status', '!=', 'deleted')
    .where((eb) => eb.or([eb('is_backup', '=', 0), eb('pulled_for_access_code_id', 'is not', null)]))
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('access_code_not_found', `Access code ${accessCodeId} was not found.`)
  return row
}

export async function loadCodeFacts(ctx: ServiceContext, accessCodeId: string): Promise<CodeFacts> {
  const now = ctx.clock.now()
  const row = await loadExplainableCode(ctx, accessCodeId)
  const deviceRow = await selectDevicesIncludingRemoved(ctx.db)
    .where('devices.device_id', '=', row.device_id)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (deviceRow === undefined)
    throw new DomainError('access_code_not_found', `Access code ${accessCodeId} was not found.`)
  const device = toDeviceRecord(deviceRow)
  const lock = lockViewFor(ctx.db, device, now)
  const since = row.created_at
  const pin = row.is_waiting_for_code_assignment === 1 ? null : row.code

  const usesPool =
    row.type === 'time_bound' &&
    row.use_backup_access_code_pool === 1 &&
    row.is_backup === 0 &&
    row.pulled_backup_access_code_id === null
  const [keypad, job, events, lockEvents, doorEvents, attempts, clashes, unmanaged, freeBackups] = await Promise.all([
    lock.lastKeypadReading(),
    ctx.db
      .selectFrom('sync_jobs')
      .select(['due_at', 'lease_owner', 'lease_expires_at', 'consecutive_failures'])
      .where('device_id', '=', device.deviceId)
      .executeTakeFirst(),
    ctx.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('access_code_id', '=', row.access_code_id)
      .orderBy('occurred_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(MAX_EVENTS)
      .execute(),
    ctx.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where((eb) =>
        eb.or([
          eb.and([eb('device_id', '=', device.deviceId), eb('event_type', 'in', [...CONNECTION_EVENTS])]),
          eb.and([
            eb('connected_account_id', '=', device.connectedAccountId),
            eb('device_id', 'is', null),
            eb('event_type', 'in', [...ACCOUNT_EVENTS]),
          ]),
        ]),
      )
      .where('occurred_at', '>=', since)
      .orderBy('occurred_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(MAX_LOCK_EVENTS)
      .execute(),
    ctx.db
      .selectFrom('events')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('device_id', '=', device.deviceId)
      .where('event_type', 'in', [...lockEventTypes])
      .where((eb) => eb.or([eb('access_code_id', '=', row.access_code_id), eb('access_code_id', 'is', null)]))
      .where('occurred_at', '>=', since)
      .orderBy('occurred_at', 'desc')
      .orderBy('event_id', 'desc')
      .limit(MAX_DOOR_EVENTS)
      .execute(),
    ctx.db
      .selectFrom('action_attempts')
      .selectAll()
      .where('workspace_id', '=', ctx.workspaceId)
      .where('access_code_id', '=', row.access_code_id)
      .orderBy('created_at', 'desc')
      .orderBy('action_attempt_id', 'desc')
      .limit(MAX_ATTEMPTS)
      .execute(),
    pin === null || pin === ''
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('access_codes')
          .select(['access_code_id', 'name', 'is_managed', 'provider_code_id'])
          .where('device_id', '=', device.deviceId)
          .where('code', '=', pin)
          .where('access_code_id', '!=', row.access_code_id)
          .where('deleted_at', 'is', null)
          .where('status', '!=', 'deleted')
          .where('is_waiting_for_code_assignment', '=', 0)
          // Unmanaged codes first: they are the ones a lock refuses a second entry for.
          .orderBy('is_managed')
          .orderBy('created_at')
          .limit(1)
          .execute(),
    ctx.db
      .selectFrom('access_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('device_id', '=', device.deviceId)
      .where('is_managed', '=', 0)
      .where('status', '!=', 'deleted')
      .executeTakeFirst(),
    usesPool ? freeBackupCounts(ctx.db, [device.deviceId], now) : Promise.resolve(new Map<string, number>()),
  ])
  const clash = clashes[0]
  const lastOf = async (type: string, column: 'device_id' | 'connected_account_id', id: string) => {
    const found = await ctx.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('occurred_at').as('at'))
      .where('workspace_id', '=', ctx.workspaceId)
      .where(column, '=', id)
      .where('event_type', '=', type)
      .executeTakeFirst()
    return typeof found?.at === 'string' ? found.at : null
  }
  const [offlineEvent, accountEvent] = await Promise.all([
    device.online ? null : lastOf('device.disconnected', 'device_id', device.deviceId),
    device.accountConnected
      ? null
      : lastOf('connected_account.disconnected', 'connected_account_id', device.connectedAccountId),
  ])
  const errors = issuesOf('error', row.errors)
  const issueSince = (code: string): string | null => errors.find((e) => e.code === code)?.createdAt ?? null
  return {
    now,
    row,
    device,
    lock,
    keypad,
    job:
      job === undefined
        ? undefined
        : {
            dueAt: job.due_at,
            leased: job.lease_expires_at !== null && new Date(job.lease_expires_at) > now,
            consecutiveFailures: Number(job.consecutive_failures),
          },
    errors,
    warnings: issuesOf('warning', row.warnings),
    events,
    lockEvents,
    doorEvents,
    attempts,
    unmanagedOnLock: Number(unmanaged?.count ?? 0),
    backupAvailable: (freeBackups.get(device.deviceId) ?? 0) > 0,
    clash:
      clash === undefined
        ? undefined
        : {
            accessCodeId: clash.access_code_id,
            name: clash.name,
            isManaged: clash.is_managed === 1,
            providerCodeId: clash.provider_code_id,
          },
    // The last event saying so, or the error's first sighting when the change came some other way.
    offlineSince: device.online ? null : (offlineEvent ?? issueSince('device_offline')),
    accountDisconnectedSince: device.accountConnected ? null : (accountEvent ?? issueSince('account_disconnected')),
  }
}
