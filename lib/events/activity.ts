import 'server-only'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved } from '@/lib/db/device-record'
import type { EventsFilter } from '@/lib/events/list-events'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { SeamEvent } from '@/lib/schemas/event'
import type { ActivityAddress, ActivityCodeChoice, ActivityFilter, ActivityRow } from '@/lib/shared/activity'
import { codeDisplayName } from '@/lib/shared/code-name'
import { eventInWords, eventTypesOf } from '@/lib/shared/event-in-words'
import { formatWithZone, zonedInputToUtc } from '@/lib/time/zoned'

/**
 * The workspace's activity as people read it: every event, filtered by property, lock, code, kind and time, each
 * in words, in its property's time zone, with the lock and the code it concerns. The activity page and its CSV
 * export both read it here.
 */

/** Events a page of the activity page shows. */
export const ACTIVITY_PAGE_SIZE = 50
/** The most events one CSV export holds (the newest ones). */
export const ACTIVITY_EXPORT_MAX_ROWS = 50_000

const EPOCH = '1970-01-01T00:00:00.000Z'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** What the filters can name: the workspace's properties and locks (removed locks too: they have a history). */
export interface ActivityScope {
  workspaceId: string
  properties: { propertyId: string; name: string; timezone: string }[]
  locks: { deviceId: string; name: string; propertyId: string; removed: boolean }[]
}

export async function loadActivityScope(ctx: ServiceContext): Promise<ActivityScope> {
  const [properties, locks] = await Promise.all([
    ctx.db
      .selectFrom('properties')
      .select(['property_id', 'name', 'timezone'])
      .where('workspace_id', '=', ctx.workspaceId)
      .orderBy('name')
      .orderBy('property_id')
      .execute(),
    selectDevicesIncludingRemoved(ctx.db)
      .where('devices.workspace_id', '=', ctx.workspaceId)
      .clearSelect()
      .select(['devices.device_id', 'devices.display_name', 'devices.property_id', 'devices.removed_at'])
      .orderBy('devices.display_name')
      .orderBy('devices.device_id')
      .execute(),
  ])
  return {
    workspaceId: ctx.workspaceId,
    properties: properties.map((p) => ({ propertyId: p.property_id, name: p.name, timezone: p.timezone })),
    locks: locks.map((l) => ({
      deviceId: l.device_id,
      name: l.display_name,
      propertyId: l.property_id,
      removed: l.removed_at !== null,
    })),
  }
}

export interface ResolvedActivity {
  /** The filters of the address that name something of this workspace, and times that read as times. */
  filter: ActivityFilter
  page: number
  /** The zone `from` and `to` are read in: the property's (or the lock's), else the only one, else UTC. */
  timezone: string
  /** The same filters as /events/list takes them. */
  events: EventsFilter
}

type CodeRow = {
  access_code_id: string
  device_id: string
  name: string | null
  is_managed: number
  is_backup: number
  pulled_for_access_code_id: string | null
  deleted_at: string | null
  status: string
}

const codeColumns = [
  'access_code_id',
  'device_id',
  'name',
  'is_managed',
  'is_backup',
  'pulled_for_access_code_id',
  'deleted_at',
  'status',
] as const

/** A deleted code the lock has not let go of yet (what /access_codes/pending_removals/list lists). */
const isBeingRemoved = (row: CodeRow): boolean =>
  row.is_managed === 1 && row.deleted_at !== null && row.status !== 'deleted'

/**
 * Whether the code page shows the code: what /access_codes/get does, and a deleted code while its PIN may still be
 * on the lock (the page says so).
 */
const hasCodePage = (row: CodeRow): boolean =>
  isBeingRemoved(row) ||
  (row.is_managed === 1 && row.deleted_at === null && (row.is_backup === 0 || row.pulled_for_access_code_id !== null))

const codeNote = (row: CodeRow): string | null =>
  isBeingRemoved(row)
    ? 'deleted, still on the lock'
    : row.deleted_at !== null
      ? 'deleted'
      : row.is_managed !== 1
        ? 'not set by Latchkey'
        : null

/**
 * Reads the address's filters against the workspace. A filter that names nothing of it (an old link, another
 * workspace's lock) or a time that is not one is left out rather than refused: the page still helps. A code
 * brings its lock (and the lock its property) into the filter, so the choices show where it is.
 */
export async function resolveActivityFilter(
  ctx: ServiceContext,
  scope: ActivityScope,
  address: ActivityAddress,
): Promise<ResolvedActivity & { code: ActivityCodeChoice | undefined }> {
  const filter: ActivityFilter = {}
  let code: ActivityCodeChoice | undefined
  if (address.access_code_id !== undefined && UUID.test(address.access_code_id)) {
    const row = await ctx.db
      .selectFrom('access_codes')
      .select(codeColumns)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('access_code_id', '=', address.access_code_id)
      .executeTakeFirst()
    if (row !== undefined) code = codeChoiceOf(row)
  }
  const lockOf = (deviceId: string | undefined) => scope.locks.find((l) => l.deviceId === deviceId)
  const property = scope.properties.find((p) => p.propertyId === address.property_id)
  let lock = lockOf(address.device_id)
  if (lock !== undefined && property !== undefined && lock.propertyId !== property.propertyId) lock = undefined
  if (code !== undefined) {
    const codeLock = lockOf(code.deviceId)
    const fits =
      codeLock !== undefined &&
      (lock === undefined || lock.deviceId === codeLock.deviceId) &&
      (property === undefined || property.propertyId === codeLock.propertyId)
    if (fits) lock = codeLock
    else code = undefined
  }
  if (property !== undefined) filter.property_id = property.propertyId
  if (lock !== undefined) filter.device_id = lock.deviceId
  if (code !== undefined) filter.access_code_id = code.accessCodeId

  const zones = [...new Set(scope.properties.map((p) => p.timezone))]
  const zoneProperty = property ?? scope.properties.find((p) => p.propertyId === lock?.propertyId)
  const timezone = zoneProperty?.timezone ?? (zones.length === 1 && zones[0] !== undefined ? zones[0] : 'UTC')

  const eventTypes = address.type === undefined ? undefined : eventTypesOf(address.type)
  if (eventTypes !== undefined) filter.type = address.type
  const from = address.from === undefined ? undefined : zonedInputToUtc(address.from, timezone)
  const to = address.to === undefined ? undefined : zonedInputToUtc(address.to, timezone)
  if (from !== undefined) filter.from = address.from
  if (to !== undefined) filter.to = address.to

  const events: EventsFilter = {
    ...(to !== undefined
      ? // `between` leaves out both ends: a millisecond before `from` keeps an event at `from` itself.
        { between: [from === undefined ? EPOCH : new Date(new Date(from).getTime() - 1).toISOString(), to] }
      : { since: from ?? EPOCH }),
    ...(property !== undefined ? { space_id: property.propertyId } : {}),
    ...(lock !== undefined ? { device_id: lock.deviceId } : {}),
    ...(code !== undefined ? { access_code_id: code.accessCodeId } : {}),
    ...(eventTypes !== undefined ? { event_types: [...eventTypes] } : {}),
  }
  return { filter, page: address.page ?? 1, timezone, events, code }
}

function codeChoiceOf(row: CodeRow): ActivityCodeChoice {
  return { accessCodeId: row.access_code_id, name: codeDisplayName(row), deviceId: row.device_id, note: codeNote(row) }
}

/** How many codes of a lock the code filter offers: the newest ones. */
const CODE_CHOICES = 200

/** The lock's codes for the code filter, newest first: deleted ones and those Latchkey did not set too. */
export async function codeChoices(ctx: ServiceContext, deviceId: string): Promise<ActivityCodeChoice[]> {
  const rows = await ctx.db
    .selectFrom('access_codes')
    .select(codeColumns)
    .where('workspace_id', '=', ctx.workspaceId)
    .where('device_id', '=', deviceId)
    // Backups waiting in the pool are the lock's spares, not anyone's code.
    .where((eb) => eb.or([eb('is_backup', '=', 0), eb('pulled_for_access_code_id', 'is not', null)]))
    .orderBy('created_at', 'desc')
    .orderBy('access_code_id', 'desc')
    .limit(CODE_CHOICES)
    .execute()
  return rows.map(codeChoiceOf)
}

/** Names and zones the rows need, loaded once per page (or per export batch). */
export interface ActivityNames {
  scope: ActivityScope
  /** The zone of events that concern no lock. */
  timezone: string
}

/** The events as rows: names of their locks, codes and accounts looked up in two reads. */
export async function activityRows(
  ctx: ServiceContext,
  names: ActivityNames,
  events: readonly SeamEvent[],
): Promise<ActivityRow[]> {
  const codeIds = [...new Set(events.flatMap((e) => (e.access_code_id === undefined ? [] : [e.access_code_id])))]
  const accountIds = [
    ...new Set(
      events.flatMap((e) =>
        e.device_id === undefined && e.connected_account_id !== undefined ? [e.connected_account_id] : [],
      ),
    ),
  ]
  const [codes, accounts] = await Promise.all([
    codeIds.length === 0
      ? []
      : ctx.db
          .selectFrom('access_codes')
          .select(codeColumns)
          .where('workspace_id', '=', ctx.workspaceId)
          .where('access_code_id', 'in', codeIds)
          .execute(),
    accountIds.length === 0
      ? []
      : ctx.db
          .selectFrom('connected_accounts')
          .select(['connected_account_id', 'provider'])
          .where('workspace_id', '=', ctx.workspaceId)
          .where('connected_account_id', 'in', accountIds)
          .execute(),
  ])
  const codeById = new Map(codes.map((c) => [c.access_code_id, c]))
  const brandByAccount = new Map(
    accounts.map((a) => [a.connected_account_id, profileFor(a.provider)?.manufacturerDisplayName ?? a.provider]),
  )
  const lockById = new Map(names.scope.locks.map((l) => [l.deviceId, l]))
  const propertyById = new Map(names.scope.properties.map((p) => [p.propertyId, p]))
  const base = `/w/${names.scope.workspaceId}`

  return events.map((event) => {
    const lock = event.device_id === undefined ? undefined : lockById.get(event.device_id)
    const property = lock === undefined ? undefined : propertyById.get(lock.propertyId)
    const codeRow = event.access_code_id === undefined ? undefined : codeById.get(event.access_code_id)
    const timezone = property?.timezone ?? names.timezone
    const words = eventInWords(event, {
      lock: lock?.name,
      brand: event.connected_account_id === undefined ? undefined : brandByAccount.get(event.connected_account_id),
    })
    return {
      eventId: event.event_id,
      eventType: event.event_type,
      occurredAt: event.occurred_at,
      timezone,
      time: formatWithZone(event.occurred_at, timezone, { second: '2-digit' }),
      summary: words.summary,
      detail: words.detail ?? null,
      tone: words.tone,
      property: property?.name ?? null,
      lock:
        lock === undefined
          ? null
          : {
              deviceId: lock.deviceId,
              name: lock.name,
              href: lock.removed ? null : `${base}/devices/${lock.deviceId}`,
            },
      code:
        codeRow === undefined
          ? null
          : {
              accessCodeId: codeRow.access_code_id,
              name: codeDisplayName(codeRow),
              href: hasCodePage(codeRow) ? `${base}/access-codes/${codeRow.access_code_id}` : null,
              note: codeNote(codeRow),
            },
    }
  })
}
