import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import type { Kysely, Updateable } from 'kysely'
import type { AccessCodeRow, AccessCodesTable, Database } from '@/lib/db/schema'
import { codesChanged } from '@/lib/access-codes/codes-changed'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { duplicateError, pageOfCodes } from '@/lib/access-codes/access-code-store'
import { codeMatchers, searchTermsOf } from '@/lib/access-codes/list-access-codes'
import type { ServiceContext } from '@/lib/context'
import { inTransaction } from '@/lib/db/transaction'
import { fromBool, toBool } from '@/lib/db/values'
import { isUniqueViolation } from '@/lib/db/errors'
import { loadDevice } from '@/lib/devices/load-device'
import { recordEvent } from '@/lib/events/record-event'
import { emptyPage } from '@/lib/pagination'
import type {
  AccessCodeActionResponse,
  ConvertUnmanagedAccessCodeInput,
  ListUnmanagedAccessCodesInput,
  ListUnmanagedAccessCodesResponse,
  UnmanagedAccessCode,
  UpdateUnmanagedAccessCodeInput,
} from '@/lib/schemas/access-code'
import { unmanagedAccessCodeSchema } from '@/lib/schemas/access-code'

/** An unmanaged code in Seam's shape: the access code's fields that the unmanaged schema names, in the same order. */
export function toUnmanagedAccessCodeObject(row: AccessCodeRow): UnmanagedAccessCode {
  const code = { ...toAccessCodeObject(row, false), status: 'set', is_managed: false }
  const fields = Object.entries(code).filter(([field]) => field in unmanagedAccessCodeSchema.shape)
  return Object.fromEntries(fields) as UnmanagedAccessCode
}

function selectUnmanaged(ctx: ServiceContext) {
  return ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
    .where('is_managed', '=', 0)
    .where('deleted_at', 'is', null)
}

/** Writes `values` to the code and tells the lock side its device's codes changed. */
async function changeCode(
  trx: Kysely<Database>,
  row: AccessCodeRow,
  values: Updateable<AccessCodesTable>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('access_codes')
    .set({ ...values, updated_at: now.toISOString() })
    .where('access_code_id', '=', row.access_code_id)
    .execute()
  await codesChanged(trx, [row.device_id], now)
}

export async function loadUnmanagedAccessCode(
  ctx: ServiceContext,
  input: { access_code_id?: string | undefined; device_id?: string | undefined; code?: string | undefined },
): Promise<AccessCodeRow> {
  let query = selectUnmanaged(ctx)
  if (input.access_code_id !== undefined) query = query.where('access_code_id', '=', input.access_code_id)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  if (input.code !== undefined) query = query.where('code', '=', input.code)
  const row = await query.executeTakeFirst()
  if (row === undefined)
    throw new DomainError(
      'access_code_not_found',
      `Unmanaged access code ${input.access_code_id ?? input.code ?? ''} was not found.`,
    )
  return row
}

/**
 * `/access_codes/unmanaged/list`: one lock's unmanaged codes, or with `search` (matched as the managed list matches
 * it: name, PIN digits, id, the lock's name) those of one lock or of the whole workspace, paginated.
 */
export async function listUnmanagedAccessCodes(
  ctx: ServiceContext,
  input: ListUnmanagedAccessCodesInput,
): Promise<ListUnmanagedAccessCodesResponse> {
  if (input.device_id !== undefined) await loadDevice(ctx, input.device_id)
  if (input.user_identifier_key !== undefined) {
    return { access_codes: [], pagination: emptyPage }
  }
  let query = selectUnmanaged(ctx)
  if (input.device_id !== undefined) query = query.where('device_id', '=', input.device_id)
  if (input.search !== undefined) {
    const terms = searchTermsOf(input.search)
    query = query.where((eb) => eb.or(codeMatchers(eb, ctx.workspaceId, terms)))
  }
  const { items, pagination } = await pageOfCodes(query, input.limit, input.page_cursor)
  return { access_codes: items.map(toUnmanagedAccessCodeObject), pagination }
}

/**
 * Latchkey takes over a code it found on the keypad: it keeps the PIN and the keypad entry, and from now on
 * restores it if it changes (unless external modification is allowed).
 */
export async function convertToManaged(ctx: ServiceContext, input: ConvertUnmanagedAccessCodeInput): Promise<void> {
  const row = await loadUnmanagedAccessCode(ctx, { access_code_id: input.access_code_id })
  const device = await loadDevice(ctx, row.device_id)
  const now = ctx.clock.now()
  // A flag recorded earlier (unmanaged/update with is_managed: false) holds unless the caller says otherwise.
  const allowed =
    input.is_external_modification_allowed ??
    input.allow_external_modification ??
    fromBool(row.is_external_modification_allowed)
  try {
    await inTransaction(ctx.db, async (trx) => {
      await changeCode(trx, row, { is_managed: 1, is_external_modification_allowed: toBool(allowed) }, now)
      await recordEvent(trx, ctx.clock, {
        workspaceId: ctx.workspaceId,
        eventType: 'access_code.unmanaged.converted_to_managed',
        accessCodeId: row.access_code_id,
        deviceId: row.device_id,
        connectedAccountId: device.connectedAccountId,
      })
    })
  } catch (error) {
    if (isUniqueViolation(error)) {
      const holder = await ctx.db
        .selectFrom('access_codes')
        .selectAll()
        .where('device_id', '=', row.device_id)
        .where('code', '=', row.code)
        .where('is_managed', '=', 1)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (holder !== undefined) throw duplicateError(device.displayName, holder)
    }
    throw error
  }
}

export async function updateUnmanagedAccessCode(
  ctx: ServiceContext,
  input: UpdateUnmanagedAccessCodeInput,
): Promise<void> {
  if (input.is_managed) {
    await convertToManaged(ctx, input)
    return
  }
  const row = await loadUnmanagedAccessCode(ctx, { access_code_id: input.access_code_id })
  const allowed = input.is_external_modification_allowed ?? input.allow_external_modification
  if (allowed === undefined) return
  await ctx.db
    .updateTable('access_codes')
    .set({ is_external_modification_allowed: toBool(allowed), updated_at: ctx.clock.now().toISOString() })
    .where('access_code_id', '=', row.access_code_id)
    .execute()
}

/** Asks the lock side to take the code off the keypad; the action attempt completes when it is gone. */
export async function deleteUnmanagedAccessCode(
  ctx: ServiceContext,
  accessCodeId: string,
): Promise<AccessCodeActionResponse> {
  const row = await loadUnmanagedAccessCode(ctx, { access_code_id: accessCodeId })
  const now = ctx.clock.now()
  const attempt = await inTransaction(ctx.db, async (trx) => {
    await changeCode(trx, row, { deleted_at: now.toISOString() }, now)
    return createActionAttempt(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      actionType: 'DELETE_ACCESS_CODE',
      status: 'pending',
      accessCodeId: row.access_code_id,
      deviceId: row.device_id,
    })
  })
  return { action_attempt: attempt }
}
