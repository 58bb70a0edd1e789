import 'server-only'
import { sql, type SqlBool } from 'kysely'
import type { ServiceContext } from '@/lib/context'
import { DomainError } from '@/lib/errors/domain-error'
import { encodeCursor, pageAfter, paginate, type PagePosition } from '@/lib/pagination'
import type { GetStayInput, ListStaysInput, ListStaysResponse, Stay } from '@/lib/schemas/stay'
import { loadStayCodes, selectStays, toStayObject, type StayRow } from '@/lib/stays/stay-object'

/** `/stays/get` and `/stays/list`: stays of the caller's workspace, each with its doors' codes and its health. */

export const stayNotFound = (what: string): DomainError =>
  new DomainError('stay_not_found', `Stay ${what} was not found.`)

export async function getStay(ctx: ServiceContext, input: GetStayInput): Promise<Stay> {
  let query = selectStays(ctx.db, ctx.workspaceId)
  if (input.stay_id !== undefined) query = query.where('stays.stay_id', '=', input.stay_id)
  if (input.reservation_key !== undefined) query = query.where('stays.reservation_key', '=', input.reservation_key)
  const row = await query.executeTakeFirst()
  if (row === undefined) throw stayNotFound(input.stay_id ?? `with reservation key "${input.reservation_key ?? ''}"`)
  return withCodes(ctx, row)
}

/** The stay object of a stay known to be the caller's (just written). */
export async function loadStayObject(ctx: ServiceContext, stayId: string): Promise<Stay> {
  return getStay(ctx, { stay_id: stayId })
}

async function withCodes(ctx: ServiceContext, row: StayRow): Promise<Stay> {
  const codes = await loadStayCodes(ctx.db, ctx.workspaceId, [row.stay_id])
  return toStayObject(row, codes.get(row.stay_id) ?? [], ctx.clock.now())
}

// SQLite's LIKE has no escape character unless one is named; PostgreSQL's is the backslash already.
const contains = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
const like = (column: 'stays.guest_name' | 'stays.reservation_key', pattern: string) =>
  sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`

/** Stays read at a time while a health filter looks for its page. */
const HEALTH_BATCH = 200

/**
 * `/stays/list`, in check-in order (then stay_id), keyset-paginated: one query for a page of stays and one for their
 * codes. Health is worked out from the codes, so a health filter reads pages of candidates (narrowed in SQL by what
 * the row alone says: cancelled, ended, neither) until it has its page.
 */
export async function listStays(ctx: ServiceContext, input: ListStaysInput): Promise<ListStaysResponse> {
  const now = ctx.clock.now()
  const nowIso = now.toISOString()
  let query = selectStays(ctx.db, ctx.workspaceId)
  if (input.property_id !== undefined) query = query.where('stays.property_id', '=', input.property_id)
  if (input.device_id !== undefined) {
    const deviceId = input.device_id
    query = query.where('stays.stay_id', 'in', (eb) =>
      eb
        .selectFrom('access_codes')
        .select('access_codes.stay_id')
        .where('access_codes.device_id', '=', deviceId)
        .where('access_codes.workspace_id', '=', ctx.workspaceId)
        .where('access_codes.stay_id', 'is not', null)
        .$narrowType<{ stay_id: string }>(),
    )
  }
  if (input.from !== undefined) query = query.where('stays.check_out', '>', input.from)
  if (input.to !== undefined) query = query.where('stays.check_in', '<', input.to)
  if (input.search !== undefined) {
    const pattern = contains(input.search.trim())
    query = query.where((eb) => eb.or([like('stays.guest_name', pattern), like('stays.reservation_key', pattern)]))
  }
  const health = input.health
  if (health === 'cancelled') query = query.where('stays.cancelled_at', 'is not', null)
  else if (health !== undefined) {
    query = query.where('stays.cancelled_at', 'is', null)
    query =
      health === 'ended' ? query.where('stays.check_out', '<=', nowIso) : query.where('stays.check_out', '>', nowIso)
  }

  const order = { createdAt: 'stays.check_in', id: 'stays.stay_id' } as const
  const positionOf = (row: { check_in: string; stay_id: string }): PagePosition => ({
    createdAt: row.check_in,
    id: row.stay_id,
  })
  const toObjects = async (rows: StayRow[]): Promise<Stay[]> => {
    const codes = await loadStayCodes(
      ctx.db,
      ctx.workspaceId,
      rows.map((r) => r.stay_id),
    )
    return rows.map((row) => toStayObject(row, codes.get(row.stay_id) ?? [], now))
  }

  // Only the row says whether a stay is cancelled or ended: those filters (and none) are exact in SQL.
  if (health === undefined || health === 'cancelled' || health === 'ended') {
    const page = await pageAfter(query, order, input.limit, input.page_cursor, positionOf)
    return { stays: await toObjects(page.items), pagination: page.pagination }
  }
  const matches: Stay[] = []
  let cursor = input.page_cursor
  for (;;) {
    const batch = await pageAfter(query, order, Math.max(HEALTH_BATCH, input.limit + 1), cursor, positionOf)
    for (const stay of await toObjects(batch.items)) if (stay.health === health) matches.push(stay)
    const last = batch.items[batch.items.length - 1]
    if (matches.length > input.limit || !batch.pagination.has_next_page || last === undefined) break
    cursor = encodeCursor(positionOf(last))
  }
  const page = paginate(matches, input.limit, positionOf)
  return { stays: page.items, pagination: page.pagination }
}
