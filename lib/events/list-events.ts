import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import { toEventObject } from '@/lib/events/event-object'
import { foreignEventFilterKeys, type ListEventsInput, type SeamEvent } from '@/lib/schemas/event'

const union = (...lists: (readonly string[] | string | undefined)[]): string[] | undefined => {
  const values = lists.flatMap((l) => (l === undefined ? [] : typeof l === 'string' ? [l] : [...l]))
  return values.length > 0 ? [...new Set(values)] : undefined
}

/** Events of the caller's workspace, newest first. */
export async function listEvents(ctx: ServiceContext, input: ListEventsInput): Promise<SeamEvent[]> {
  // Filters on object kinds Latchkey does not have match nothing.
  if (foreignEventFilterKeys.some((key) => (input as Record<string, unknown>)[key] !== undefined)) return []

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
  if (input.event_ids) query = query.where('event_id', 'in', input.event_ids)
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
  const rows = await query
    .orderBy('occurred_at', 'desc')
    .orderBy('event_id', 'desc')
    .limit(input.limit)
    .offset(input.unstable_offset ?? 0)
    .execute()
  return rows.map(toEventObject)
}

export async function getEvent(
  ctx: ServiceContext,
  input: { event_id?: string | undefined; device_id?: string | undefined; event_type?: string | undefined },
): Promise<SeamEvent> {
  let query = ctx.db.selectFrom('events').selectAll().where('workspace_id', '=', ctx.workspaceId)
  if (input.event_id !== undefined) query = query.where('event_id', '=', input.event_id)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  if (input.event_type !== undefined) query = query.where('event_type', '=', input.event_type)
  const row = await query.orderBy('occurred_at', 'desc').orderBy('event_id', 'desc').limit(1).executeTakeFirst()
  if (row === undefined)
    throw new DomainError('event_not_found', 'No event matches those parameters in this workspace.')
  return toEventObject(row)
}
