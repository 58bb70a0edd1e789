import 'server-only'
import { invalidInput } from '@/lib/errors/domain-error'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { assertPinFree, assertRoomForCodes, insertCodeRows } from '@/lib/access-codes/access-code-store'
import { topUpBackupPool } from '@/lib/access-codes/backup-pool'
import { codeChanged } from '@/lib/access-codes/codes-changed'
import { checkCodeKind, lockAssignsPins, newCodeRow } from '@/lib/access-codes/new-access-code'
import { assertChosenPinAvailable, freePinFor } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import { isUniqueViolation } from '@/lib/db/errors'
import { inTransaction } from '@/lib/db/transaction'
import { type DeviceRecord } from '@/lib/db/device-record'
import { loadDevice } from '@/lib/devices/load-device'
import type { AccessCode, CreateAccessCodeInput } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

type Created = { access_code: AccessCode; action_attempt: ActionAttempt }

/**
 * `/access_codes/create`, in one direction: the rules that need only the lock and the clock, then the PIN (the
 * caller's, checked, or a generated one), then one transaction that writes the code and all it implies.
 */
export async function createAccessCode(ctx: ServiceContext, input: CreateAccessCodeInput): Promise<Created> {
  const device = await loadDevice(ctx, input.device_id)
  const now = ctx.clock.now()
  checkCodeKind(device, input, now)
  const chosenPin = await chosenPinOf(ctx, device, input)
  // The lock gives the PIN later (offline codes excepted: the maker's algorithm gives theirs at once, here).
  if (chosenPin === undefined && lockAssignsPins(device) && input.is_offline_access_code !== true)
    return writeNewCode(ctx, device, input, null, now)

  // A PIN we generated that a concurrent write took first is not the caller's problem: generate another.
  for (let attempt = 1; ; attempt++) {
    const pin = chosenPin ?? (await freePinFor(ctx.db, device, input.preferred_code_length))
    try {
      return await writeNewCode(ctx, device, input, pin, now)
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      if (chosenPin !== undefined || attempt >= 3) {
        // Another request took this PIN between our check and our insert: the database decided, report the winner.
        await assertPinFree(ctx.db, device, pin)
        throw error
      }
    }
  }
}

/**
 * The PIN the caller chose or, when other codes already share the common_code_key, theirs; checked against the lock
 * and its codes. Undefined when one is to be generated.
 */
async function chosenPinOf(
  ctx: ServiceContext,
  device: DeviceRecord,
  input: CreateAccessCodeInput,
): Promise<string | undefined> {
  let code = input.code
  const commonCodeKey = input.common_code_key
  if (commonCodeKey !== undefined && lockAssignsPins(device)) {
    throw invalidInput({
      common_code_key: [
        `cannot be used on ${device.displayName}: the lock chooses each code's PIN, so its codes cannot share one`,
      ],
    })
  }
  if (commonCodeKey !== undefined) {
    const sibling = await ctx.db
      .selectFrom('access_codes')
      .select(['code'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('common_code_key', '=', commonCodeKey)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
    if (sibling !== undefined) {
      if (code !== undefined && code !== sibling.code) {
        throw invalidInput({
          code: [`must be ${sibling.code}, the PIN of the other codes with common_code_key "${commonCodeKey}"`],
        })
      }
      code = sibling.code
    }
  }
  if (code !== undefined) await assertChosenPinAvailable(ctx.db, device, code)
  return code
}

/** The one write: the code, the lock work it asks for, the backup pool it may need, its event and action attempt. */
async function writeNewCode(
  ctx: ServiceContext,
  device: DeviceRecord,
  input: CreateAccessCodeInput,
  pin: string | null,
  now: Date,
): Promise<Created> {
  const row = newCodeRow(ctx.workspaceId, device, input, pin, input.common_code_key ?? null, now)
  return inTransaction(ctx.db, async (trx) => {
    await assertRoomForCodes(trx, [device])
    await insertCodeRows(trx, [row])
    await codeChanged(trx, ctx, { eventType: 'access_code.created', accessCodeId: row.access_code_id, device })
    // After the code itself, so the pool's generated PINs see this one as taken.
    const backupAvailable =
      input.use_backup_access_code_pool === true && (await topUpBackupPool(trx, device, ctx.workspaceId, now))
    const actionAttempt = await createActionAttempt(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      actionType: 'CREATE_ACCESS_CODE',
      status: 'pending',
      accessCodeId: row.access_code_id,
      deviceId: device.deviceId,
    })
    return { access_code: toAccessCodeObject(row, backupAvailable), action_attempt: actionAttempt }
  })
}
