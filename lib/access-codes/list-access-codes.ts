import 'server-only'
import { createHash } from 'node:crypto'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { freeBackupCounts, pageOfCodes, selectVisibleCodes } from '@/lib/access-codes/access-code-store'
import { ListCache } from '@/lib/access-codes/list-cache'
import { DomainError } from '@/lib/errors/domain-error'
import type { ServiceContext } from '@/lib/context'
import { emptyPage } from '@/lib/pagination'
import type { AccessCode, ListAccessCodesInput, ListAccessCodesResponse } from '@/lib/schemas/access-code'

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
  const { items, pagination } = await pageOfCodes(query, input.limit, input.page_cursor)
  const free = await freeBackupCounts(ctx.db, [...new Set(items.map((r) => r.device_id))], ctx.clock.now())
  return {
    access_codes: items.map((r) => toAccessCodeObject(r, (free.get(r.device_id) ?? 0) > 0)),
    pagination,
  }
}

const cache = new ListCache()

/** A finished response body for the API layer: sent as is, with an ETag for conditional requests. */
export interface SerializedResponse {
  kind: 'serialized'
  body: Buffer
  etag: string
}

/**
 * `/access_codes/list` by device, served from the serialized-list cache while the device's version is unchanged.
 * The version is read before the rows, so a cached body is never older than the version it is filed under.
 */
export async function listAccessCodesSerialized(
  ctx: ServiceContext,
  input: ListAccessCodesInput,
): Promise<SerializedResponse> {
  const deviceId = input.device_id
  let version: number | undefined
  let key: string | undefined
  if (
    deviceId !== undefined &&
    input.access_code_ids === undefined &&
    input.customer_key === undefined &&
    input.user_identifier_key === undefined
  ) {
    const device = await ctx.db
      .selectFrom('devices')
      .select('access_codes_version')
      .where('device_id', '=', deviceId)
      .where('workspace_id', '=', ctx.workspaceId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (device === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
    version = Number(device.access_codes_version)
    key = `${ctx.workspaceId}|${deviceId}|${input.limit}|${input.page_cursor ?? ''}`
    const hit = cache.get(key, version)
    if (hit !== undefined) return { kind: 'serialized', body: hit.body, etag: hit.etag }
  }
  const result = await listAccessCodes(ctx, input)
  const body = Buffer.from(JSON.stringify({ ...result, ok: true }))
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`
  if (key !== undefined && version !== undefined) cache.set(key, { version, body, etag })
  return { kind: 'serialized', body, etag }
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
