import 'server-only'
import { sql, type SelectQueryBuilder, type StringReference } from 'kysely'
import { invalidInput } from '@/lib/errors/domain-error'
import type { Pagination } from '@/lib/schemas/common'

export const emptyPage: Pagination = { has_next_page: false, next_page_cursor: null, next_page_url: null }

/** A page position: the sort key (`created_at`, id) of the last row of the previous page. */
export interface PagePosition {
  createdAt: string
  id: string
}

export const encodeCursor = (position: PagePosition): string =>
  Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url')

export function decodeCursor(cursor: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] }
    }
  } catch {
    // falls through to the error below
  }
  throw invalidInput({ page_cursor: ['is not a cursor this API returned'] })
}

/** Takes `limit + 1` rows fetched in order and returns the page with its pagination object. */
export function paginate<T>(
  rows: T[],
  limit: number,
  positionOf: (row: T) => PagePosition,
): { items: T[]; pagination: Pagination } {
  const hasNext = rows.length > limit
  const items = hasNext ? rows.slice(0, limit) : rows
  const last = items[items.length - 1]
  const nextCursor = hasNext && last !== undefined ? encodeCursor(positionOf(last)) : null
  return { items, pagination: { has_next_page: hasNext, next_page_cursor: nextCursor, next_page_url: null } }
}

/** `query` narrowed to the rows after the position `pageCursor` names, in (`createdAt`, `id`) order. */
export function afterCursor<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: { createdAt: StringReference<DB, TB>; id: StringReference<DB, TB> },
  pageCursor: string | undefined,
): SelectQueryBuilder<DB, TB, O> {
  return pageCursor === undefined ? query : afterPosition(query, order, decodeCursor(pageCursor))
}

/**
 * `query` narrowed to the rows after `after`, in (`createdAt`, `id`) order: afterCursor with the cursor decoded (a
 * prepared statement gives its parameters here, lib/db/prepared.ts).
 */
export function afterPosition<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: { createdAt: StringReference<DB, TB>; id: StringReference<DB, TB> },
  after: PagePosition,
): SelectQueryBuilder<DB, TB, O> {
  const createdAt = sql.ref(order.createdAt)
  const id = sql.ref(order.id)
  return query.where(
    sql<boolean>`(${createdAt} > ${after.createdAt} or (${createdAt} = ${after.createdAt} and ${id} > ${after.id}))`,
  )
}

/**
 * One page of `query` in (`createdAt`, `id`) order, after the position `pageCursor` names: the keyset
 * pagination every list uses. `positionOf` reads a row's position back for the next cursor.
 */
export async function pageAfter<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: { createdAt: StringReference<DB, TB>; id: StringReference<DB, TB> },
  limit: number,
  pageCursor: string | undefined,
  positionOf: (row: O) => PagePosition,
): Promise<{ items: O[]; pagination: Pagination }> {
  const rows = await afterCursor(query, order, pageCursor)
    .orderBy(sql.ref(order.createdAt))
    .orderBy(sql.ref(order.id))
    .limit(limit + 1)
    .execute()
  return paginate(rows, limit, positionOf)
}
