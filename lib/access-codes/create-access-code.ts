import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { createActionAttempt } from '@/lib/action-attempts/action-attempts'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import {
  duplicateError,
  findCodeHoldingPin,
  freeBackupCounts,
  loadAccessCode,
} from '@/lib/access-codes/access-code-store'
import { checkCodeKind, ensureBackupPool, newCodeRow } from '@/lib/access-codes/new-access-code'
import { assertChosenPinFits, generateFreePin } from '@/lib/access-codes/pin-checks'
import { codesChanged } from '@/lib/access-codes/codes-changed'
import type { ServiceContext } from '@/lib/context'
import { isUniqueViolation } from '@/lib/db/errors'
import { loadDevice, type DeviceRecord } from '@/lib/devices/device-record'
import { recordEvent } from '@/lib/events/record-event'
import type { AccessCode, CreateAccessCodeInput } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'

export async function createAccessCode(
  ctx: ServiceContext,
  input: CreateAccessCodeInput,
): Promise<{ access_code: AccessCode; action_attempt: ActionAttempt }> {
  const device = await loadDevice(ctx, input.device_id)
  const now = ctx.clock.now()
  checkCodeKind(device, input, now)

  let code = input.code
  const commonCodeKey = input.common_code_key ?? null
  if (commonCodeKey !== null) {
    // Codes that share a common_code_key share their PIN.
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

  const chosen = code !== undefined
  if (code !== undefined) {
    await assertChosenPinFits(ctx.db, device, code)
    const holder = await findCodeHoldingPin(ctx.db, device.deviceId, code)
    if (holder !== undefined) throw duplicateError(device.displayName, holder)
  }

  // A PIN we generated that a concurrent write took first is not the caller's problem: generate another.
  for (let attempt = 1; ; attempt++) {
    const pin = code ?? (await generateFreePin(ctx.db, [device], input.preferred_code_length))
    if (pin === undefined)
      throw new DomainError('cannot_generate_code', `No free PIN could be generated for ${device.displayName}.`)
    try {
      return await insertAccessCode(ctx, device, input, pin, commonCodeKey, now)
    } catch (error) {
      if (!isUniqueViolation(error)) throw error
      if (chosen || attempt >= 3) {
        // Another request took this PIN between our check and our insert: the database decided, report the winner.
        const holder = await findCodeHoldingPin(ctx.db, device.deviceId, pin)
        if (holder !== undefined) throw duplicateError(device.displayName, holder)
        throw error
      }
    }
  }
}

async function insertAccessCode(
  ctx: ServiceContext,
  device: DeviceRecord,
  input: CreateAccessCodeInput,
  code: string,
  commonCodeKey: string | null,
  now: Date,
): Promise<{ access_code: AccessCode; action_attempt: ActionAttempt }> {
  const row = newCodeRow(ctx.workspaceId, device, input, code, commonCodeKey, now)
  const actionAttempt = await ctx.db.transaction().execute(async (trx) => {
    await trx.insertInto('access_codes').values(row).execute()
    // After the code itself, so the pool's generated PINs see this one as taken.
    if (input.use_backup_access_code_pool === true) await ensureBackupPool(trx, device, ctx.workspaceId, now)
    await codesChanged(trx, [device.deviceId], now)
    await recordEvent(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      eventType: 'access_code.created',
      accessCodeId: row.access_code_id,
      deviceId: device.deviceId,
      connectedAccountId: device.connectedAccountId,
    })
    return createActionAttempt(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      actionType: 'CREATE_ACCESS_CODE',
      status: 'pending',
      accessCodeId: row.access_code_id,
      deviceId: device.deviceId,
    })
  })
  const stored = await loadAccessCode(ctx, row.access_code_id)
  const free = await freeBackupCounts(ctx.db, [device.deviceId])
  return {
    access_code: toAccessCodeObject(stored, (free.get(device.deviceId) ?? 0) > 0),
    action_attempt: actionAttempt,
  }
}
