import 'server-only'
import type { Kysely } from 'kysely'
import { DomainError } from '@/lib/errors/domain-error'
import { loadAccessCode } from '@/lib/access-codes/access-code-store'
import { rulesOf } from '@/lib/access-codes/pin-checks'
import { toUnmanagedAccessCodeObject } from '@/lib/access-codes/unmanaged-access-codes'
import type { ServiceContext } from '@/lib/context'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import type { DeviceRecord } from '@/lib/db/device-record'
import { loadSandboxDevice } from '@/lib/devices/simulate-device'
import { recordEvent } from '@/lib/events/record-event'
import { newId } from '@/lib/ids'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import type { UnmanagedAccessCode } from '@/lib/schemas/access-code'
import { generateCode } from '@/lib/shared/code-rules'
import { unmanagedCodeRow } from '@/lib/sync/mirror-unmanaged'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * Simulations of what people do at a sandbox lock's keypad or in its maker's app: add a code, fill the keypad, change
 * or delete one of Latchkey's codes. Each one asks the lock side to look at the device at once.
 */

async function freeSlot(db: Kysely<Database>, device: DeviceRecord): Promise<number | undefined> {
  const used = new Set(
    (await db.selectFrom('sandbox_keypad_codes').select('slot').where('device_id', '=', device.deviceId).execute()).map(
      (r) => r.slot,
    ),
  )
  for (let slot = 1; slot <= device.maxActiveCodes; slot++) if (!used.has(slot)) return slot
  return undefined
}

/** A code typed into the lock (or its maker's app) by someone else: it shows up as an unmanaged code. */
export async function simulateCreateUnmanagedCode(
  ctx: ServiceContext,
  input: { device_id: string; code: string; name: string },
): Promise<UnmanagedAccessCode> {
  const device = await loadSandboxDevice(ctx, input.device_id)
  const now = ctx.clock.now()
  const iso = now.toISOString()
  const accessCodeId = newId()
  await inTransaction(ctx.db, async (trx) => {
    const clash = await trx
      .selectFrom('sandbox_keypad_codes')
      .select('slot')
      .where('device_id', '=', device.deviceId)
      .where('code', '=', input.code)
      .executeTakeFirst()
    if (clash !== undefined) {
      throw new DomainError(
        'duplicate_access_code',
        `${device.displayName} already holds PIN ${input.code} in slot ${clash.slot}.`,
      )
    }
    const slot = await freeSlot(trx, device)
    if (slot === undefined) {
      throw new DomainError(
        'no_space_for_access_code_on_device',
        `All ${device.maxActiveCodes} code slots of ${device.displayName} are in use.`,
      )
    }
    const keypadCodeId = newId()
    await trx
      .insertInto('sandbox_keypad_codes')
      .values({
        keypad_code_id: keypadCodeId,
        device_id: device.deviceId,
        slot,
        code: input.code,
        name: input.name,
        starts_at: null,
        ends_at: null,
        set_by_latchkey: 0,
        created_at: iso,
        updated_at: iso,
      })
      .execute()
    // Mirrored at once so the caller gets the code back; the reconciler matches it by its keypad id from now on.
    await trx
      .insertInto('access_codes')
      .values(
        unmanagedCodeRow(
          { workspaceId: ctx.workspaceId, deviceId: device.deviceId },
          {
            providerCodeId: keypadCodeId,
            code: input.code,
            name: input.name,
            startsAt: null,
            endsAt: null,
            setByLatchkey: false,
          },
          accessCodeId,
          iso,
        ),
      )
      .execute()
    await recordEvent(trx, ctx.clock, {
      workspaceId: ctx.workspaceId,
      eventType: 'access_code.unmanaged.created',
      accessCodeId,
      deviceId: device.deviceId,
      connectedAccountId: device.connectedAccountId,
    })
    await requestSync(trx, [device.deviceId], now)
  })
  const row = await ctx.db
    .selectFrom('access_codes')
    .selectAll()
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirstOrThrow()
  return toUnmanagedAccessCodeObject(row)
}

/** Fills every free slot with codes set outside Latchkey, as a keypad full of old codes would be. */
export async function simulateFillKeypad(ctx: ServiceContext, deviceId: string): Promise<{ codes_added: number }> {
  const device = await loadSandboxDevice(ctx, deviceId)
  const keypad = await readSandboxKeypad(ctx.db, device.deviceId)
  const managedPins = (
    await ctx.db
      .selectFrom('access_codes')
      .select('code')
      .where('device_id', '=', device.deviceId)
      .where('deleted_at', 'is', null)
      .execute()
  ).map((r) => r.code)
  const taken = new Set([...keypad.map((k) => k.code), ...managedPins])
  let added = 0
  for (let i = keypad.length; i < device.maxActiveCodes; i++) {
    const code = generateCode([rulesOf(device)], [taken])
    if (code === undefined) break
    taken.add(code)
    await simulateCreateUnmanagedCode(ctx, { device_id: device.deviceId, code, name: `Keypad code ${i + 1}` })
    added++
  }
  return { codes_added: added }
}

async function keypadEntryOf(
  ctx: ServiceContext,
  accessCodeId: string,
): Promise<{ device: DeviceRecord; keypadCodeId: string }> {
  const code = await loadAccessCode(ctx, accessCodeId)
  const device = await loadSandboxDevice(ctx, code.device_id)
  if (code.provider_code_id === null) {
    throw new DomainError(
      'access_code_not_on_device',
      `The code is not on ${device.displayName}'s keypad yet (status ${code.status}).`,
    )
  }
  return { device, keypadCodeId: code.provider_code_id }
}

/** Someone changes the PIN in the lock maker's app. */
export async function simulateModifyOnKeypad(
  ctx: ServiceContext,
  input: { access_code_id: string; code: string },
): Promise<void> {
  const { device, keypadCodeId } = await keypadEntryOf(ctx, input.access_code_id)
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    await trx
      .updateTable('sandbox_keypad_codes')
      .set({ code: input.code, set_by_latchkey: 0, updated_at: now.toISOString() })
      .where('keypad_code_id', '=', keypadCodeId)
      .execute()
    await requestSync(trx, [device.deviceId], now)
  })
}

/** Someone deletes the code in the lock maker's app. */
export async function simulateRemoveFromKeypad(ctx: ServiceContext, accessCodeId: string): Promise<void> {
  const { device, keypadCodeId } = await keypadEntryOf(ctx, accessCodeId)
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    await trx.deleteFrom('sandbox_keypad_codes').where('keypad_code_id', '=', keypadCodeId).execute()
    await requestSync(trx, [device.deviceId], now)
  })
}
