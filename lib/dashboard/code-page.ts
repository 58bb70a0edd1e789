import 'server-only'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { freeBackupCounts, loadAccessCode } from '@/lib/access-codes/access-code-store'
import type { ServiceContext } from '@/lib/context'
import { pageLockOf, type PageLock } from '@/lib/dashboard/page-lock'
import type { AccessCodeRow } from '@/lib/db/schema'
import { fromBool } from '@/lib/db/values'
import { loadDeviceOfCode } from '@/lib/devices/load-device'
import { DomainError } from '@/lib/errors/domain-error'
import { explainAccessCode } from '@/lib/explain/explain-access-code'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { Explanation } from '@/lib/schemas/explanation'
import { codeDisplayName } from '@/lib/shared/code-name'

/** A code of the API: the page follows it live, and offers Edit, Delete and (where it applies) a backup. */
export interface LiveCodePage {
  kind: 'live'
  lock: PageLock
  /** The code as /access_codes/get answers with it: `useAccessCode`'s first data. */
  code: AccessCode
  /** Its name, or "Unnamed code". */
  name: string
  /** A time-bound code created with the backup pool: the page offers to pull a backup. */
  offersBackup: boolean
  /** Why it does or does not open the door, as /access_codes/explain answers: `useAccessCodeExplanation`'s first data. */
  explanation: Explanation
  /** The stay this code is one door of (its dates, PIN and doors are changed there, for every door at once). */
  stay: CodeStay | null
}

export interface CodeStay {
  stayId: string
  guestName: string
  reservationKey: string
  cancelled: boolean
}

/** The stay a code belongs to, if any. */
async function stayOfCode(ctx: ServiceContext, stayId: string | null): Promise<CodeStay | null> {
  if (stayId === null) return null
  const row = await ctx.db
    .selectFrom('stays')
    .select(['stay_id', 'guest_name', 'reservation_key', 'cancelled_at'])
    .where('workspace_id', '=', ctx.workspaceId)
    .where('stay_id', '=', stayId)
    .executeTakeFirst()
  if (row === undefined) return null
  return {
    stayId: row.stay_id,
    guestName: row.guest_name,
    reservationKey: row.reservation_key,
    cancelled: row.cancelled_at !== null,
  }
}

/**
 * A deleted code the lock side is still taking off the keypad: gone from the API (/access_codes/get answers 404, as
 * Seam's does), but its PIN may still open the door, so its page says so instead of "not found".
 */
export interface RemovingCodePage {
  kind: 'removing'
  lock: PageLock
  /** The code as /access_codes/pending_removals/list answers with it (status `removing`). */
  code: AccessCode
  name: string
  /** When it was deleted. */
  deletedAt: string
  explanation: Explanation
  /** When the page was rendered. */
  renderedAt: string
}

export type CodePage = LiveCodePage | RemovingCodePage

/**
 * The code page: the code (read once), its lock, and why it does or does not open the door; for a deleted code still
 * on its lock, the same without what only a live code has. A code that is off its lock (or never was one of this
 * workspace) is `access_code_not_found`.
 */
export async function loadCodePage(ctx: ServiceContext, accessCodeId: string): Promise<CodePage> {
  let row: AccessCodeRow
  try {
    row = await loadAccessCode(ctx, accessCodeId)
  } catch (error) {
    if (error instanceof DomainError && error.type === 'access_code_not_found')
      return loadRemovingCodePage(ctx, accessCodeId, error)
    throw error
  }
  const [device, freeBackups, explanation, stay] = await Promise.all([
    loadDeviceOfCode(ctx, row.device_id),
    freeBackupCounts(ctx.db, [row.device_id], ctx.clock.now()),
    explainAccessCode(ctx, accessCodeId),
    stayOfCode(ctx, row.stay_id),
  ])
  const code = toAccessCodeObject(row, (freeBackups.get(row.device_id) ?? 0) > 0)
  return {
    kind: 'live',
    lock: pageLockOf(device, ctx.clock.now()),
    code,
    name: codeDisplayName(code),
    // Whether the code asked for the pool is in the store; the wire object only says whether a backup is free.
    offersBackup: code.type === 'time_bound' && fromBool(row.use_backup_access_code_pool),
    explanation,
    stay,
  }
}

async function loadRemovingCodePage(
  ctx: ServiceContext,
  accessCodeId: string,
  notFound: DomainError,
): Promise<RemovingCodePage> {
  // What /access_codes/pending_removals/list lists: managed, deleted, and not yet off the keypad.
  const row = await ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('access_code_id', '=', accessCodeId)
    .where('workspace_id', '=', ctx.workspaceId)
    .where('is_managed', '=', 1)
    .where('deleted_at', 'is not', null)
    .where('status', '!=', 'deleted')
    .executeTakeFirst()
  if (row === undefined || row.deleted_at === null) throw notFound
  const [device, explanation] = await Promise.all([
    loadDeviceOfCode(ctx, row.device_id),
    explainAccessCode(ctx, accessCodeId),
  ])
  const code: AccessCode = { ...toAccessCodeObject(row, false), status: 'removing' }
  return {
    kind: 'removing',
    lock: pageLockOf(device, ctx.clock.now()),
    code,
    name: codeDisplayName(code),
    deletedAt: row.deleted_at,
    explanation,
    renderedAt: ctx.clock.now().toISOString(),
  }
}
