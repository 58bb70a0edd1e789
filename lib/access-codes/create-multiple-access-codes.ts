import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import type { AccessCodeRow } from '@/lib/db/schema'
import { assertPinFree, duplicateError, findCodesHoldingPin } from '@/lib/access-codes/access-code-store'
import { chooseCodeLength } from '@/lib/shared/code-rules'
import { checkCodeKind, newCodeRow } from '@/lib/access-codes/new-access-code'
import { chosenPinProblems, freePinFor, generateFreePin } from '@/lib/access-codes/pin-checks'
import { codesChanged } from '@/lib/access-codes/codes-changed'
import type { ServiceContext } from '@/lib/context'
import { isUniqueViolation } from '@/lib/db/errors'
import { inTransaction } from '@/lib/db/transaction'
import { type DeviceRecord } from '@/lib/db/device-record'
import { loadDevices } from '@/lib/devices/load-device'
import { newId } from '@/lib/ids'
import { recordEvents } from '@/lib/events/record-event'
import type { AccessCode, CreateMultipleAccessCodesInput } from '@/lib/schemas/access-code'

interface Placement {
  device: DeviceRecord
  code: string
  shared: boolean
}

/** Why `code` cannot go on `device` (where `holder` already holds it, if any), or undefined when it can. */
async function reasonCodeCannotGo(
  ctx: ServiceContext,
  device: DeviceRecord,
  code: string,
  holder: AccessCodeRow | undefined,
): Promise<DomainError | undefined> {
  const problems = await chosenPinProblems(ctx.db, device, code)
  if (problems.length > 0) {
    return new DomainError(
      'code_cannot_be_shared',
      `PIN ${code} cannot be used on ${device.displayName}: it ${problems.join('; it ')}.`,
      {
        device_id: device.deviceId,
      },
    )
  }
  return holder === undefined ? undefined : duplicateError(device.displayName, holder)
}

/** The code length most of the locks accept (the preferred one when all accept it; ties go to the shorter). */
function sharedLength(devices: readonly DeviceRecord[], preferred?: number): number | undefined {
  if (preferred !== undefined && devices.every((d) => d.supportedCodeLengths.includes(preferred))) return preferred
  const counts = new Map<number, number>()
  for (const d of devices) for (const n of d.supportedCodeLengths) counts.set(n, (counts.get(n) ?? 0) + 1)
  const best = Math.max(0, ...counts.values())
  return chooseCodeLength([...counts].filter(([, c]) => c === best).map(([n]) => n))
}

/**
 * One PIN on every device (the front door and the unit door). With `throw`, nothing is created if any device
 * cannot take the shared PIN; with `create_random_code`, such a device gets a PIN of its own.
 */
export async function createMultipleAccessCodes(
  ctx: ServiceContext,
  input: CreateMultipleAccessCodesInput,
): Promise<AccessCode[]> {
  const devices = await loadDevices(ctx, input.device_ids)
  const now = ctx.clock.now()
  for (const device of devices) checkCodeKind(device, input, now)
  const fallBackToRandom = input.behavior_when_code_cannot_be_shared === 'create_random_code'

  const placements: Placement[] = []
  let commonCodeKey: string | null = null
  if (input.code !== undefined) {
    const holders = await findCodesHoldingPin(
      ctx.db,
      devices.map((d) => d.deviceId),
      input.code,
    )
    for (const device of devices) {
      const reason = await reasonCodeCannotGo(ctx, device, input.code, holders.get(device.deviceId))
      if (reason === undefined) placements.push({ device, code: input.code, shared: true })
      else if (!fallBackToRandom) throw reason
      else placements.push({ device, code: '', shared: false })
    }
  } else {
    const length = sharedLength(devices, input.preferred_code_length)
    const sharing = devices.filter((d) => length !== undefined && d.supportedCodeLengths.includes(length))
    if (sharing.length < devices.length && !fallBackToRandom) {
      const names = devices.filter((d) => !sharing.includes(d)).map((d) => d.displayName)
      throw new DomainError(
        'code_cannot_be_shared',
        `No PIN length is supported by every device: ${names.join(', ')} cannot take a ${length ?? '?'}-digit PIN.`,
      )
    }
    const shared = sharing.length > 0 ? await generateFreePin(ctx.db, sharing, length) : undefined
    if (shared === undefined && !fallBackToRandom) {
      throw new DomainError('code_cannot_be_shared', 'No PIN could be found that is free and allowed on every device.')
    }
    for (const device of devices) {
      const takesShared = shared !== undefined && sharing.includes(device)
      placements.push({ device, code: takesShared ? shared : '', shared: takesShared })
    }
    commonCodeKey = `auto_set_by_create_multiple_${newId()}`
  }

  for (const placement of placements) {
    if (!placement.shared) placement.code = await freePinFor(ctx.db, placement.device, input.preferred_code_length)
  }

  const rows = placements.map((p) =>
    newCodeRow(ctx.workspaceId, p.device, input, p.code, p.shared ? commonCodeKey : null, now),
  )
  try {
    await inTransaction(ctx.db, async (trx) => {
      await trx.insertInto('access_codes').values(rows).execute()
      await codesChanged(
        trx,
        devices.map((d) => d.deviceId),
        now,
      )
      await recordEvents(
        trx,
        ctx.clock,
        rows.map((row, i) => ({
          workspaceId: ctx.workspaceId,
          eventType: 'access_code.created',
          accessCodeId: row.access_code_id,
          deviceId: row.device_id,
          connectedAccountId: placements[i]?.device.connectedAccountId,
        })),
      )
    })
  } catch (error) {
    if (isUniqueViolation(error)) for (const p of placements) await assertPinFree(ctx.db, p.device, p.code)
    throw error
  }
  return rows.map((row) => toAccessCodeObject(row, false))
}
