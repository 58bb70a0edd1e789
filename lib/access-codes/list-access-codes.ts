import 'server-only'
import { createHash } from 'node:crypto'
import { SqliteAdapter, sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { freeBackupCounts, pageOfCodes, selectVisibleCodes } from '@/lib/access-codes/access-code-store'
import {
  assemble,
  digestOf,
  idOf,
  pageLines,
  positionOf,
  versionOf,
  type Assembly,
  type CodePiece,
} from '@/lib/access-codes/list-assembly'
import { CodePieces, ListCache } from '@/lib/access-codes/list-cache'
import { powerOfTwoChunks, prepared } from '@/lib/db/prepared'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import type { AccessCodeRow, Database } from '@/lib/db/schema'
import { afterPosition, decodeCursor, emptyPage, encodeCursor } from '@/lib/pagination'
import type { Pagination } from '@/lib/schemas/common'
import {
  MIN_ID_SEARCH_LENGTH,
  type AccessCode,
  type ListAccessCodesInput,
  type ListAccessCodesResponse,
} from '@/lib/schemas/access-code'

export async function listAccessCodes(
  ctx: ServiceContext,
  input: ListAccessCodesInput,
): Promise<ListAccessCodesResponse> {
  // Latchkey has no customers or user identities: those filters match nothing.
  if (input.customer_key !== undefined || input.user_identifier_key !== undefined) {
    return { access_codes: [], pagination: emptyPage }
  }
  let query = selectVisibleCodes(ctx.db, ctx.workspaceId)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  if (input.access_code_ids !== undefined)
    query = query.where('access_code_id', 'in', input.access_code_ids.length > 0 ? input.access_code_ids : [''])
  if (input.search !== undefined) {
    const terms = searchTermsOf(input.search)
    query = query.where((eb) => eb.or(codeMatchers(eb, ctx.workspaceId, terms)))
  }
  const { items, pagination } = await pageOfCodes(query, input.limit, input.page_cursor)
  const free = await freeBackupCounts(ctx.db, [...new Set(items.map((r) => r.device_id))], ctx.clock.now())
  return {
    access_codes: items.map((r) => toAccessCodeObject(r, (free.get(r.device_id) ?? 0) > 0)),
    pagination,
  }
}

// ---- search

/** What a `search` is compared with: LIKE patterns, worked out once per request. */
export interface SearchTerms {
  /** Any part of the code's name or its lock's name, ignoring case. */
  text: string
  /** The digits typed, spaces and dashes left out (as people type PINs), when the search is only that; else null. */
  pin: string | null
  /** Any part of the code's id, when the search is long enough to name one; else null. */
  id: string | null
}

const likeEscaped = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`)
const contains = (value: string): string => `%${likeEscaped(value)}%`

/**
 * A search made only of digits (spaces and dashes allowed) is also a PIN to find. A code id matches on a part of at
 * least MIN_ID_SEARCH_LENGTH characters: ids are hexadecimal, and a shorter part (four digits of a PIN, a name like
 * "Ada" or "Bea") turns up by chance in hundreds of ids of a large workspace.
 */
export function searchTermsOf(search: string): SearchTerms {
  const needle = search.trim().toLowerCase()
  const digits = needle.replace(/[\s-]/g, '')
  return {
    text: contains(needle),
    pin: /^\d+$/.test(digits) ? contains(digits) : null,
    id: needle.length >= MIN_ID_SEARCH_LENGTH && /^[0-9a-f-]+$/.test(needle) ? contains(needle) : null,
  }
}

// SQLite's LIKE has no escape character unless one is named; PostgreSQL's is the backslash already. lower() on both
// sides makes a text match ignore case on both stores (SQLite's LIKE would alone, PostgreSQL's would not).
const like = (column: string, pattern: string, { ignoreCase }: { ignoreCase: boolean }) =>
  ignoreCase
    ? sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`
    : sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`

/**
 * Each way a code can match a search, for one query: the lock's name is a subquery on the workspace's devices.
 * A stay's reservation key matches the codes of its doors.
 * The unmanaged codes' list searches with the same matchers.
 */
export function codeMatchers(
  eb: ExpressionBuilder<Database, 'access_codes'>,
  workspaceId: string,
  terms: SearchTerms,
): Expression<SqlBool>[] {
  const matchers: Expression<SqlBool>[] = [
    like('access_codes.name', terms.text, { ignoreCase: true }),
    eb(
      'access_codes.device_id',
      'in',
      eb
        .selectFrom('devices')
        .select('devices.device_id')
        .where('devices.workspace_id', '=', workspaceId)
        .where(like('devices.display_name', terms.text, { ignoreCase: true })),
    ),
    // The doors of the stays whose reservation key matches.
    eb(
      'access_codes.stay_id',
      'in',
      eb
        .selectFrom('stays')
        .select('stays.stay_id')
        .where('stays.workspace_id', '=', workspaceId)
        .where(like('stays.reservation_key', terms.text, { ignoreCase: true })),
    ),
  ]
  // A code waiting for its lock to assign a PIN is stored with an empty one: it has no digits to match.
  if (terms.pin !== null)
    matchers.push(
      eb.and([
        eb('access_codes.is_waiting_for_code_assignment', '=', 0),
        like('access_codes.code', terms.pin, { ignoreCase: false }),
      ]),
    )
  if (terms.id !== null) matchers.push(like('access_codes.access_code_id', terms.id, { ignoreCase: false }))
  return matchers
}

const cache = new ListCache()

/** The device's access-codes version, which every write to its codes moves (read before the rows: see below). */
const listVersionOf = prepared((db, p: { deviceId: string; workspaceId: string }) =>
  db
    .selectFrom('devices')
    .select('access_codes_version')
    .where('device_id', '=', p.deviceId)
    .where('workspace_id', '=', p.workspaceId)
    .where('removed_at', 'is', null),
)
const pieces = new CodePieces()

/** A finished response body for the API layer: sent as is, with an ETag for conditional requests. */
export interface SerializedResponse {
  kind: 'serialized'
  body: Buffer
  etag: string
}

/**
 * `/access_codes/list`, with an ETag. A device's whole list is served from the serialized-list cache while the device's
 * version is unchanged; the version is read before the rows, so a cached body is never older than the version it is
 * filed under. When the version has moved (a write, or the lock side changing a status), the list is assembled from
 * each code's cached JSON, and only the codes whose rows changed are read in full and serialized again.
 */
export async function listAccessCodesSerialized(
  ctx: ServiceContext,
  input: ListAccessCodesInput,
): Promise<SerializedResponse> {
  const deviceId = input.device_id
  if (deviceId === undefined)
    return serialized(Buffer.from(JSON.stringify({ ...(await listAccessCodes(ctx, input)), ok: true })))
  const device = (await listVersionOf(ctx.db, { deviceId, workspaceId: ctx.workspaceId })).rows[0]
  if (device === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
  // Only a device's whole list is cached: what a search matches also depends on the lock's name.
  if (
    input.access_code_ids !== undefined ||
    input.customer_key !== undefined ||
    input.user_identifier_key !== undefined ||
    input.search !== undefined
  )
    return serialized(Buffer.from(JSON.stringify({ ...(await listAccessCodes(ctx, input)), ok: true })))
  const version = Number(device.access_codes_version)
  const key = `${ctx.workspaceId}|${deviceId}|${input.limit}|${input.page_cursor ?? ''}`
  const hit = cache.get(key, version)
  if (hit !== undefined) return { kind: 'serialized', body: hit.body, etag: hit.etag }
  // The list this key had before the version moved: what did not change since is copied from it.
  const assembly = await assembledList(ctx, deviceId, input.limit, input.page_cursor, cache.previous(key)?.assembly)
  cache.set(key, { version, body: assembly.body, etag: assembly.etag, assembly })
  return { kind: 'serialized', body: assembly.body, etag: assembly.etag }
}

const serialized = (body: Buffer): SerializedResponse => ({
  kind: 'serialized',
  body,
  etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
})

/** One code as a list carries it: the only place a listed code is serialized (masking, if any, is a later step). */
export const serializeAccessCode = (row: AccessCodeRow, backupAvailable: boolean): string =>
  JSON.stringify(toAccessCodeObject(row, backupAvailable))

/** Full rows are read in chunks of this many ids (well under both stores' limits on bound parameters). */
const ROW_CHUNK = 512

const visibleRowsOf = prepared((db, p: { workspaceId: string; ids: string[] }) =>
  selectVisibleCodes(db, p.workspaceId).where('access_code_id', 'in', p.ids),
)

/** A page of a device's codes as lines `<row_version> <created_at> <access_code_id>` (see pageOfLines). */
const pageQuery = (
  db: Kysely<Database>,
  p: { workspaceId: string; deviceId: string; rows: number },
  after?: { createdAt: string; id: string },
) => {
  let page = selectVisibleCodes(db, p.workspaceId)
    .clearSelect()
    .select(['access_code_id', 'created_at', 'row_version'])
    .where('device_id', '=', p.deviceId)
  if (after !== undefined) page = afterPosition(page, { createdAt: 'created_at', id: 'access_code_id' }, after)
  const rows = page.orderBy('created_at').orderBy('access_code_id').limit(p.rows).as('page')
  // The id last: versions and times have no spaces.
  const line = sql<string>`page.row_version || ' ' || page.created_at || ' ' || page.access_code_id`
  // SQLite joins the lines in the order the page's rows come, which is the page's own order: an ORDER BY in the
  // aggregate would sort them all again in a temporary B-tree (0.65 -> 0.35 ms for 1,000 codes). SQLite does not
  // promise that order, so it is checked, not assumed (pageLines).
  const lines =
    db.getExecutor().adapter instanceof SqliteAdapter
      ? sql<string | null>`group_concat(${line}, char(10))`
      : sql<string | null>`string_agg(${line}, chr(10) order by page.created_at, page.access_code_id)`
  return db.selectFrom(rows).select(lines.as('lines'))
}
const firstPageOf = prepared((db, p: { workspaceId: string; deviceId: string; rows: number }) => pageQuery(db, p))
const laterPageOf = prepared(
  (db, p: { workspaceId: string; deviceId: string; rows: number; createdAt: string; id: string }) =>
    pageQuery(db, p, { createdAt: p.createdAt, id: p.id }),
)

/**
 * A page of a device's codes as one line a code, `<row_version> <created_at> <access_code_id>`, in list order (the
 * store moves a row's version when a column the code's object shows changes: migrations 0016 and 0018), with one
 * line more than `limit` when there is a next page. The store makes them one text value, which costs a quarter of
 * reading a thousand rows.
 */
async function pageOfLines(
  ctx: ServiceContext,
  deviceId: string,
  limit: number,
  pageCursor: string | undefined,
): Promise<string[]> {
  const p = { workspaceId: ctx.workspaceId, deviceId, rows: limit + 1 }
  const result =
    pageCursor === undefined
      ? await firstPageOf(ctx.db, p)
      : await laterPageOf(ctx.db, { ...p, ...decodeCursor(pageCursor) })
  const text = result.rows[0]?.lines ?? ''
  return text === '' ? [] : text.split('\n')
}

/**
 * A page of a device's list, assembled from each code's JSON (lib/access-codes/list-assembly.ts): the page's lines
 * first (one narrow query), then, for the codes whose lines differ from the list `previous` was made of, their
 * pieces, and of those only the missing or stale ones read in full and serialized. The same bytes as serializing
 * listAccessCodes' answer for the device; the ETag is a hash of the pieces' own hashes and the rest of the body, so
 * it names those bytes without hashing them again.
 */
async function assembledList(
  ctx: ServiceContext,
  deviceId: string,
  limit: number,
  pageCursor: string | undefined,
  previous: Assembly | undefined,
): Promise<Assembly> {
  const page = await pageOfLines(ctx, deviceId, limit, pageCursor)
  const free = await freeBackupCounts(ctx.db, page.length > 0 ? [deviceId] : [], ctx.clock.now())
  const backupAvailable = (free.get(deviceId) ?? 0) > 0
  // The pool's state is part of every code's JSON: a list made with the other state has nothing to give.
  const before = previous?.backupAvailable === backupAvailable ? previous : undefined
  const { lines, hasNext, from } = pageLines(before?.lines ?? [], page, limit)
  // The pool's state is part of what a piece was made from.
  const signatureOf = (rowVersion: number | string): string => `${backupAvailable ? 1 : 0}|${rowVersion}`
  const pieceList: (CodePiece | null | undefined)[] = new Array<CodePiece | null | undefined>(lines.length)
  const stale: string[] = []
  for (let i = 0; i < lines.length; i++) {
    if (from !== null && (from[i] as number) >= 0) continue
    const line = lines[i] as string
    const id = idOf(line)
    const piece = pieces.get(id, signatureOf(versionOf(line)))
    pieceList[i] = piece
    if (piece === undefined) stale.push(id)
  }
  if (stale.length > 0) {
    const rows = new Map<string, AccessCodeRow>()
    for (const chunk of powerOfTwoChunks(stale, ROW_CHUNK))
      for (const row of (await visibleRowsOf(ctx.db, { workspaceId: ctx.workspaceId, ids: chunk })).rows)
        rows.set(row.access_code_id, row)
    for (let i = 0; i < lines.length; i++) {
      if (pieceList[i] !== undefined || (from !== null && (from[i] as number) >= 0)) continue
      const row = rows.get(idOf(lines[i] as string))
      // Deleted between the two reads by a concurrent write (which moved the version on: the next list reads again).
      if (row === undefined) {
        pieceList[i] = null
        continue
      }
      const json = Buffer.from(serializeAccessCode(row, backupAvailable))
      const piece: CodePiece = { signature: signatureOf(row.row_version), json, digest: digestOf(json) }
      // Filed under the version of the row it was made from, which may be newer than the page's: then the next list
      // makes it again, never serves it stale.
      pieces.set(row.access_code_id, piece)
      pieceList[i] = piece
    }
  }
  const last = lines[lines.length - 1]
  const pagination: Pagination = {
    has_next_page: hasNext,
    next_page_cursor: hasNext && last !== undefined ? encodeCursor(positionOf(last)) : null,
    next_page_url: null,
  }
  const tail = Buffer.from(`],"pagination":${JSON.stringify(pagination)},"ok":true}`)
  return assemble(lines, from, pieceList, before, backupAvailable, tail)
}

export async function getAccessCode(
  ctx: ServiceContext,
  input: { access_code_id?: string | undefined; device_id?: string | undefined; code?: string | undefined },
): Promise<AccessCode> {
  let query = selectVisibleCodes(ctx.db, ctx.workspaceId)
  if (input.access_code_id !== undefined) query = query.where('access_code_id', '=', input.access_code_id)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  // A code still waiting for the lock to assign its PIN has none to be found by.
  if (input.code !== undefined)
    query = query.where('code', '=', input.code).where('is_waiting_for_code_assignment', '=', 0)
  const row = await query.executeTakeFirst()
  if (row === undefined) {
    const what = input.access_code_id ?? `with PIN ${input.code ?? ''} on device ${input.device_id ?? ''}`
    throw new DomainError('access_code_not_found', `Access code ${what} was not found.`)
  }
  const free = await freeBackupCounts(ctx.db, [row.device_id], ctx.clock.now())
  return toAccessCodeObject(row, (free.get(row.device_id) ?? 0) > 0)
}

/**
 * Deleted codes the lock side is still taking off the keypad. Seam's list hides a code the moment it is deleted;
 * the dashboard shows these so a property manager can see that the old PIN may still open the door.
 */
export async function listPendingRemovals(ctx: ServiceContext, deviceId: string): Promise<AccessCode[]> {
  const device = await ctx.db
    .selectFrom('devices')
    .select('device_id')
    .where('device_id', '=', deviceId)
    .where('workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (device === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
  const rows = await ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('device_id', '=', deviceId)
    .where('is_managed', '=', 1)
    .where('deleted_at', 'is not', null)
    .where('status', '!=', 'deleted')
    .orderBy('deleted_at')
    .execute()
  return rows.map((r) => ({ ...toAccessCodeObject(r, false), status: 'removing' as const }))
}
