import 'server-only'
import { DomainError } from '@/lib/errors/domain-error'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import type { AccessCodeRow } from '@/lib/db/schema'
import {
  assertPinFree,
  assertRoomForCodes,
  insertCodeRows,
  duplicateError,
  findCodesHoldingPin,
} from '@/lib/access-codes/access-code-store'
import { sharedLength } from '@/lib/shared/code-rules'
import { checkCodeKind, lockAssignsPins, newCodeRow } from '@/lib/access-codes/new-access-code'
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
  /** null: the lock assigns the PIN later (lockAssignsPins). */
  code: string | null
  shared: boolean
}

/** A lock that chooses its own PINs takes no shared one: its code waits for the PIN the lock gives it. */
const choosesOwnPin = (device: DeviceRecord): DomainError =>
  new DomainError(
    'code_cannot_be_shared',
    `${device.displayName} chooses the PIN of each of its codes, so it cannot share one. Create its code on its own, ` +
      'or use behavior_when_code_cannot_be_shared: "create_random_code" (the code then waits for the lock\'s PIN).',
    { device_id: device.deviceId },
  )

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

/**
 * One PIN on every device (the front door and the unit door). With `throw`, nothing is created if any device
 * cannot take the shared PIN; with `create_random_code`, such a device gets a PIN of its own. A lock that chooses its
 * own PINs never takes a shared one: with `create_random_code` (or alone in the request) its code waits for the PIN
 * the lock assigns.
 */
export async function createMultipleAccessCodes(
  ctx: ServiceContext,
  input: CreateMultipleAccessCodesInput,
): Promise<AccessCode[]> {
  const devices = await loadDevices(ctx, input.device_ids)
  const now = ctx.clock.now()
  for (const device of devices) checkCodeKind(device, input, now)
  const fallBackToRandom = input.behavior_when_code_cannot_be_shared === 'create_random_code'
  // Only a code of its own can go on a lock that chooses its PINs; alone in the request, it has nothing to share.
  const pickers = devices.filter(lockAssignsPins)
  const firstPicker = pickers[0]
  if (firstPicker !== undefined && !fallBackToRandom) {
    if (devices.length > 1) throw choosesOwnPin(firstPicker)
    if (input.code !== undefined)
      throw (await reasonCodeCannotGo(ctx, firstPicker, input.code, undefined)) ?? choosesOwnPin(firstPicker)
  }
  const others = devices.filter((d) => !pickers.includes(d))

  const placements: Placement[] = pickers.map((device) => ({ device, code: null, shared: false }))
  let commonCodeKey: string | null = null
  if (input.code !== undefined) {
    const holders = await findCodesHoldingPin(
      ctx.db,
      others.map((d) => d.deviceId),
      input.code,
    )
    for (const device of others) {
      const reason = await reasonCodeCannotGo(ctx, device, input.code, holders.get(device.deviceId))
      if (reason === undefined) placements.push({ device, code: input.code, shared: true })
      else if (!fallBackToRandom) throw reason
      else placements.push({ device, code: '', shared: false })
    }
  } else if (others.length > 0) {
    const length = sharedLength(
      others.map((d) => d.supportedCodeLengths),
      input.preferred_code_length,
    )
    const sharing = others.filter((d) => length !== undefined && d.supportedCodeLengths.includes(length))
    if (sharing.length < others.length && !fallBackToRandom) {
      const names = others.filter((d) => !sharing.includes(d)).map((d) => d.displayName)
      throw new DomainError(
        'code_cannot_be_shared',
        `No PIN length is supported by every device: ${names.join(', ')} cannot take a ${length ?? '?'}-digit PIN.`,
      )
    }
    const shared = sharing.length > 0 ? await generateFreePin(ctx.db, sharing, length) : undefined
    if (shared === undefined && !fallBackToRandom) {
      throw new DomainError('code_cannot_be_shared', 'No PIN could be found that is free and allowed on every device.')
    }
    for (const device of others) {
      const takesShared = shared !== undefined && sharing.includes(device)
      placements.push({ device, code: takesShared ? shared : '', shared: takesShared })
    }
    commonCodeKey = `auto_set_by_create_multiple_${newId()}`
  }
  // In the order the devices were named.
  placements.sort((a, b) => devices.indexOf(a.device) - devices.indexOf(b.device))

  for (const placement of placements) {
    if (!placement.shared && placement.code !== null)
      placement.code = await freePinFor(ctx.db, placement.device, input.preferred_code_length)
  }

  const rows = placements.map((p) =>
    newCodeRow(ctx.workspaceId, p.device, input, p.code, p.shared ? commonCodeKey : null, now),
  )
  try {
    await inTransaction(ctx.db, async (trx) => {
      await assertRoomForCodes(trx, devices)
      await insertCodeRows(trx, rows)
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
    if (isUniqueViolation(error))
      for (const p of placements) if (p.code !== null) await assertPinFree(ctx.db, p.device, p.code)
    throw error
  }
  return rows.map((row) => toAccessCodeObject(row, false))
}
