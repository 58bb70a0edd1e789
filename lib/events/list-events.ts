import 'server-only'
import type { SelectQueryBuilder, Selectable } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import type { Database, EventsTable } from '@/lib/db/schema'
import { toEventObject, toLoggedEvent } from '@/lib/events/event-object'
import { foreignEventFilterKeys, latchkeyEventTypes, type ListEventsInput, type SeamEvent } from '@/lib/schemas/event'

const union = (...lists: (readonly string[] | string | undefined)[]): string[] | undefined => {
  const values = lists.flatMap((l) => (l === undefined ? [] : typeof l === 'string' ? [l] : [...l]))
  return values.length > 0 ? [...new Set(values)] : undefined
}

/** The filters of /events/list, without its paging (`limit`, `unstable_offset`). */
export type EventsFilter = Omit<ListEventsInput, 'limit' | 'unstable_offset'>

type EventsQuery = SelectQueryBuilder<Database, 'events', Selectable<EventsTable>>

/**
 * The workspace's events that match the filters, unordered; undefined when none can (a filter on an object kind
 * Latchkey does not have). The list, the count and the export all read through it, so they cannot disagree.
 */
function selectEvents(ctx: ServiceContext, input: EventsFilter): EventsQuery | undefined {
  // Filters on object kinds Latchkey does not have match nothing.
  if (foreignEventFilterKeys.some((key) => (input as Record<string, unknown>)[key] !== undefined)) return undefined

  let query = ctx.db.selectFrom('events').selectAll().where('workspace_id', '=', ctx.workspaceId)
  if (input.between !== undefined) {
    const [from, to] = input.between
    if (from !== undefined && to !== undefined)
      query = query.where('occurred_at', '>', from).where('occurred_at', '<', to)
  } else if (input.since !== undefined) {
    query = query.where('occurred_at', '>=', input.since)
  }
  const accessCodeIds = union(input.access_code_id, input.access_code_ids)
  if (accessCodeIds) query = query.where('access_code_id', 'in', accessCodeIds)
  const deviceIds = union(input.device_id, input.device_ids)
  if (deviceIds) query = query.where('device_id', 'in', deviceIds)
  if (input.connected_account_id !== undefined)
    query = query.where('connected_account_id', '=', input.connected_account_id)
  // An empty list names no event (and `in ()` is a syntax error on PostgreSQL).
  if (input.event_ids) query = query.where('event_id', 'in', input.event_ids.length > 0 ? input.event_ids : [''])
  const types = union(input.event_type, input.event_types)
  if (types) query = query.where('event_type', 'in', types)
  const spaceIds = union(input.space_id, input.space_ids)
  if (spaceIds) {
    query = query.where('device_id', 'in', (eb) =>
      eb
        .selectFrom('devices')
        .select('device_id')
        .where('property_id', 'in', spaceIds)
        .where('workspace_id', '=', ctx.workspaceId),
    )
  }
  return query
}

const newestFirst = (query: EventsQuery): EventsQuery =>
  query.orderBy('occurred_at', 'desc').orderBy('event_id', 'desc')

async function pageOfEvents(ctx: ServiceContext, input: ListEventsInput) {
  const query = selectEvents(ctx, input)
  if (query === undefined) return []
  return newestFirst(query)
    .limit(input.limit)
    .offset(input.unstable_offset ?? 0)
    .execute()
}

/** Seam's events that carry the code's PIN (`code`: required on the first two, nullable on `deleted`). */
const EVENTS_WITH_PIN: ReadonlySet<string> = new Set([
  'access_code.scheduled_on_device',
  'access_code.set_on_device',
  'access_code.deleted',
])

/**
 * The events as the API sends them. Stored events keep no PIN, so Seam's `code` is the code's PIN as it is now, read
 * from the code (one query for the page); the response layer masks it for dashboard members.
 */
async function apiEventsOf(ctx: ServiceContext, rows: readonly Selectable<EventsTable>[]): Promise<SeamEvent[]> {
  const events = rows.map(toEventObject)
  const ids = [
    ...new Set(
      rows.flatMap((r) => (EVENTS_WITH_PIN.has(r.event_type) && r.access_code_id !== null ? [r.access_code_id] : [])),
    ),
  ]
  if (ids.length === 0) return events
  const codes = await ctx.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'code', 'is_waiting_for_code_assignment'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('access_code_id', 'in', ids)
    .execute()
  const pinById = new Map(
    codes.map((c) => [c.access_code_id, c.is_waiting_for_code_assignment === 1 ? null : c.code] as const),
  )
  for (const event of events) {
    if (!EVENTS_WITH_PIN.has(event.event_type) || event.access_code_id === undefined) continue
    const pin = pinById.get(event.access_code_id) ?? null
    event.code = event.event_type === 'access_code.deleted' ? pin : (pin ?? '')
  }
  return events
}

/** Latchkey's own events (a PIN revealed in the dashboard) are for its activity page, not the Seam API. */
const onlySeamEvents = (query: EventsQuery): EventsQuery => query.where('event_type', 'not in', latchkeyEventTypes)

/** Events of the caller's workspace, newest first. */
export async function listEvents(ctx: ServiceContext, input: ListEventsInput): Promise<SeamEvent[]> {
  const query = selectEvents(ctx, input)
  if (query === undefined) return []
  const rows = await newestFirst(onlySeamEvents(query))
    .limit(input.limit)
    .offset(input.unstable_offset ?? 0)
    .execute()
  return apiEventsOf(ctx, rows)
}

/** The same events with the fields Latchkey keeps for its own pages (see toLoggedEvent): for the dashboard. */
export async function listLoggedEvents(ctx: ServiceContext, input: ListEventsInput): Promise<SeamEvent[]> {
  return (await pageOfEvents(ctx, input)).map(toLoggedEvent)
}

/** How many events match, counting no further than `atMost` (a count of a busy workspace's history stays cheap). */
export async function countEvents(ctx: ServiceContext, input: EventsFilter, atMost: number): Promise<number> {
  const query = selectEvents(ctx, input)
  if (query === undefined) return 0
  const row = await ctx.db
    .selectFrom(query.clearSelect().select('event_id').limit(atMost).as('matching'))
    .select((eb) => eb.fn.countAll<number | string | bigint>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/**
 * The matching events (as the dashboard reads them, see toLoggedEvent), newest first, in batches of `batchSize`,
 * `atMost` in all. Each batch starts after the last event of the one before (by time, then id), so events recorded
 * meanwhile neither repeat nor shift the rest.
 */
export async function* eventBatches(
  ctx: ServiceContext,
  input: EventsFilter,
  { batchSize, atMost }: { batchSize: number; atMost: number },
): AsyncGenerator<SeamEvent[]> {
  let after: { occurredAt: string; eventId: string } | undefined
  let left = atMost
  while (left > 0) {
    let query = selectEvents(ctx, input)
    if (query === undefined) return
    if (after !== undefined) {
      const { occurredAt, eventId } = after
      query = query.where((eb) =>
        eb.or([
          eb('occurred_at', '<', occurredAt),
          eb.and([eb('occurred_at', '=', occurredAt), eb('event_id', '<', eventId)]),
        ]),
      )
    }
    const rows = await newestFirst(query).limit(Math.min(batchSize, left)).execute()
    const last = rows[rows.length - 1]
    if (last === undefined) return
    yield rows.map(toLoggedEvent)
    left -= rows.length
    if (rows.length < batchSize) return
    after = { occurredAt: last.occurred_at, eventId: last.event_id }
  }
}

export async function getEvent(
  ctx: ServiceContext,
  input: { event_id?: string | undefined; device_id?: string | undefined; event_type?: string | undefined },
): Promise<SeamEvent> {
  let query = onlySeamEvents(ctx.db.selectFrom('events').selectAll().where('workspace_id', '=', ctx.workspaceId))
  if (input.event_id !== undefined) query = query.where('event_id', '=', input.event_id)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  if (input.event_type !== undefined) query = query.where('event_type', '=', input.event_type)
  const row = await query.orderBy('occurred_at', 'desc').orderBy('event_id', 'desc').limit(1).executeTakeFirst()
  if (row === undefined)
    throw new DomainError('event_not_found', 'No event matches those parameters in this workspace.')
  const [event] = await apiEventsOf(ctx, [row])
  return event ?? toEventObject(row)
}
