import 'server-only'
import type { Kysely } from 'kysely'
import { rulesOf } from '@/lib/access-codes/pin-checks'
import type { ServiceContext } from '@/lib/context'
import { selectDevicesIncludingRemoved, toDeviceRecord, type DeviceRecord } from '@/lib/db/device-record'
import type { Database } from '@/lib/db/schema'
import { inTransaction } from '@/lib/db/transaction'
import {
  assertSandboxDevice,
  assertSandboxWorkspace,
  loadSandboxDevice,
  simulateAccountConnection,
  simulateConnect,
  simulateDisconnect,
  simulateRemove,
} from '@/lib/devices/simulate-device'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { canHappenOn, faultNamed, notALockFaults, type SandboxFault } from '@/lib/locks/sandbox-faults'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { SimulateFaultInput } from '@/lib/schemas/simulate'
import { generateCode } from '@/lib/shared/code-rules'
import { requestSync } from '@/lib/sync/sync-jobs'

/**
 * `/devices/simulate/fault` and `/devices/simulate/clear_faults`: make a sandbox lock misbehave the way a real one of
 * its brand does (lib/locks/sandbox-faults.ts), and behave again. Most faults are a `sandbox_faults` row the sandbox
 * lock acts on; the rest are done here at once, on the lock's keypad or through the other simulations. Nothing here
 * writes an error or warning onto a code: the reconciler reads what the lock then does, in the pass requested.
 */

/** Faults that are simulations the lock is brought back from by clear_faults, and so keep a row to remember them. */
const UNDONE_BY_CLEAR: ReadonlySet<string> = new Set(['go_offline', 'disconnect_account'])

/** "August", "August and Yale", "August, Yale and Schlage". */
function inWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
}

export const brandName = (provider: string): string => profileFor(provider)?.manufacturerDisplayName ?? provider

/** The fault the caller named, checked against the lock: its brand, and whether `operations` applies to it. */
function faultFor(device: DeviceRecord, input: SimulateFaultInput): SandboxFault {
  const notALock = notALockFaults.find((f) => f.code === input.fault)
  if (notALock !== undefined) {
    throw new DomainError('not_a_lock_fault', `${input.fault} is not something a lock does: it ${notALock.how}.`, {
      fault: input.fault,
    })
  }
  const fault = faultNamed(input.fault)
  if (fault === undefined) {
    throw invalidInput({ fault: [`${input.fault} is not an issue a lock can cause, so no sandbox lock can have it`] })
  }
  if (!canHappenOn(fault.brands, device.provider)) {
    const brands = fault.brands === 'every' ? [] : fault.brands
    throw new DomainError(
      'fault_not_possible_on_device',
      `${fault.code} cannot happen on ${device.displayName}, a ${brandName(device.provider)} lock: it happens only ` +
        `on ${inWords(brands.map(brandName))} locks.`,
      { fault: fault.code, device_id: device.deviceId, device_provider: device.provider, possible_on: brands },
    )
  }
  if (input.operations !== undefined && fault.lasts !== 'operations') {
    throw invalidInput({
      operations: [
        fault.lasts === 'permanent'
          ? `${fault.code} is permanent: it affects no number of operations`
          : `${fault.code} lasts until /devices/simulate/clear_faults: it affects no number of operations`,
      ],
    })
  }
  return fault
}

/** Latchkey's codes on the lock's keypad, the most recently written first. */
async function latchkeyEntries(db: Kysely<Database>, deviceId: string, enabledOnly: boolean) {
  let query = db
    .selectFrom('sandbox_keypad_codes')
    .innerJoin('access_codes', 'access_codes.provider_code_id', 'sandbox_keypad_codes.keypad_code_id')
    .select(['sandbox_keypad_codes.keypad_code_id', 'sandbox_keypad_codes.code'])
    .where('sandbox_keypad_codes.device_id', '=', deviceId)
    .where('access_codes.device_id', '=', deviceId)
    .where('access_codes.is_managed', '=', 1)
    .where('access_codes.deleted_at', 'is', null)
  if (enabledOnly) query = query.where('sandbox_keypad_codes.disabled', '=', 0)
  return query.orderBy('sandbox_keypad_codes.updated_at', 'desc').orderBy('sandbox_keypad_codes.slot', 'desc').execute()
}

function noLatchkeyEntries(device: DeviceRecord, fault: SandboxFault, enabledOnly: boolean): DomainError {
  return new DomainError(
    'no_managed_codes_on_keypad',
    `${fault.code} acts on Latchkey’s codes on the keypad, and ${device.displayName} has none` +
      `${enabledOnly ? ' switched on' : ''}: create a code and wait until it is set.`,
    { fault: fault.code, device_id: device.deviceId },
  )
}

/** Someone changes the PIN of up to `count` of Latchkey's codes in the maker's app, keeping each PIN's length. */
async function modifyEntries(ctx: ServiceContext, device: DeviceRecord, fault: SandboxFault, count: number) {
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    const entries = await latchkeyEntries(trx, device.deviceId, false)
    if (entries.length === 0) throw noLatchkeyEntries(device, fault, false)
    const keypad = await trx
      .selectFrom('sandbox_keypad_codes')
      .select('code')
      .where('device_id', '=', device.deviceId)
      .execute()
    const wanted = await trx
      .selectFrom('access_codes')
      .select('code')
      .where('device_id', '=', device.deviceId)
      .where('deleted_at', 'is', null)
      .execute()
    const taken = new Set([...keypad, ...wanted].map((r) => r.code))
    for (const entry of entries.slice(0, count)) {
      const pin = generateCode([rulesOf(device)], [taken], entry.code.length)
      if (pin === undefined) continue
      taken.add(pin)
      await trx
        .updateTable('sandbox_keypad_codes')
        .set({ code: pin, updated_at: now.toISOString() })
        .where('keypad_code_id', '=', entry.keypad_code_id)
        .execute()
    }
    await requestSync(trx, [device.deviceId], now)
  })
}

/** The lock switches off up to `count` of Latchkey's entries; they stay on the keypad until clear_faults. */
async function disableEntries(ctx: ServiceContext, device: DeviceRecord, fault: SandboxFault, count: number) {
  const now = ctx.clock.now()
  await inTransaction(ctx.db, async (trx) => {
    const entries = await latchkeyEntries(trx, device.deviceId, true)
    if (entries.length === 0) throw noLatchkeyEntries(device, fault, true)
    await trx
      .updateTable('sandbox_keypad_codes')
      .set({ disabled: 1, updated_at: now.toISOString() })
      .where(
        'keypad_code_id',
        'in',
        entries.slice(0, count).map((e) => e.keypad_code_id),
      )
      .execute()
    // Remembered so /devices/get lists it as active and clear_faults switches the entries back on.
    await storeFault(trx, device.deviceId, fault.code, null, now)
    await requestSync(trx, [device.deviceId], now)
  })
}

/**
 * The fault's row: `operationsLeft` lock operations (added to those a same fault still has), or null for as long as
 * it is not cleared.
 */
async function storeFault(
  db: Kysely<Database>,
  deviceId: string,
  fault: string,
  operationsLeft: number | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto('sandbox_faults')
    .values({ device_id: deviceId, fault, operations_left: operationsLeft, created_at: now.toISOString() })
    .onConflict((oc) =>
      operationsLeft === null
        ? oc.columns(['device_id', 'fault']).doUpdateSet({ operations_left: null })
        : oc
            .columns(['device_id', 'fault'])
            .doUpdateSet((eb) => ({ operations_left: eb('sandbox_faults.operations_left', '+', operationsLeft) })),
    )
    .execute()
}

/** Makes the sandbox lock have the fault, and asks the lock side to look at it at once. */
export async function simulateFault(ctx: ServiceContext, input: SimulateFaultInput): Promise<void> {
  const device = await loadSandboxDevice(ctx, input.device_id)
  const fault = faultFor(device, input)
  const operations = input.operations ?? 1
  const effect = fault.effect
  switch (effect.type) {
    case 'modify_entries':
      return modifyEntries(ctx, device, fault, operations)
    case 'disable_entries':
      return disableEntries(ctx, device, fault, operations)
    case 'simulation': {
      if (effect.does === 'go_offline') await simulateDisconnect(ctx, device.deviceId)
      else if (effect.does === 'disconnect_account')
        await simulateAccountConnection(ctx, device.connectedAccountId, false)
      else await simulateRemove(ctx, device.deviceId)
      if (UNDONE_BY_CLEAR.has(effect.does)) await storeFault(ctx.db, device.deviceId, fault.code, null, ctx.clock.now())
      return
    }
    case 'refuse':
    case 'unreachable':
    case 'condition':
    case 'stall': {
      const now = ctx.clock.now()
      await inTransaction(ctx.db, async (trx) => {
        await storeFault(trx, device.deviceId, fault.code, fault.lasts === 'operations' ? operations : null, now)
        await requestSync(trx, [device.deviceId], now)
      })
      return
    }
  }
}

/**
 * The lock behaves again: its faults are gone, switched-off entries are on, and what the simulation faults did is
 * undone (online again; its account connected again if a fault of this lock disconnected it). A removed lock stays
 * removed. Clearing a lock with no fault changes nothing.
 */
export async function clearFaults(ctx: ServiceContext, deviceId: string): Promise<void> {
  await assertSandboxWorkspace(ctx)
  // A removed lock still answers (its faults are dropped), so clearing after device_removed is not an error.
  const row = await selectDevicesIncludingRemoved(ctx.db)
    .where('devices.device_id', '=', deviceId)
    .where('devices.workspace_id', '=', ctx.workspaceId)
    .executeTakeFirst()
  if (row === undefined) throw new DomainError('device_not_found', `Device ${deviceId} was not found.`)
  const device = toDeviceRecord(row)
  assertSandboxDevice(device)
  const now = ctx.clock.now()
  const cleared = await inTransaction(ctx.db, async (trx) => {
    const faults = await trx
      .selectFrom('sandbox_faults')
      .select('fault')
      .where('device_id', '=', device.deviceId)
      .execute()
    await trx.deleteFrom('sandbox_faults').where('device_id', '=', device.deviceId).execute()
    await trx
      .updateTable('sandbox_keypad_codes')
      .set({ disabled: 0, updated_at: now.toISOString() })
      .where('device_id', '=', device.deviceId)
      .where('disabled', '=', 1)
      .execute()
    await requestSync(trx, [device.deviceId], now)
    return new Set(faults.map((f) => f.fault))
  })
  if (device.removedAt !== null) return
  if (!device.online) await simulateConnect(ctx, device.deviceId)
  if (cleared.has('account_disconnected') && !device.accountConnected)
    await simulateAccountConnection(ctx, device.connectedAccountId, true)
}

/**
 * The faults active now on each of these devices (fault code → operations left, null: until cleared), in one query
 * whatever the number of devices.
 */
export async function activeFaultsOf(
  db: Kysely<Database>,
  deviceIds: readonly string[],
): Promise<ReadonlyMap<string, ReadonlyMap<string, number | null>>> {
  const out = new Map<string, Map<string, number | null>>()
  if (deviceIds.length === 0) return out
  const rows = await db
    .selectFrom('sandbox_faults')
    .select(['device_id', 'fault', 'operations_left'])
    .where('device_id', 'in', [...new Set(deviceIds)])
    .execute()
  for (const row of rows) {
    let faults = out.get(row.device_id)
    if (faults === undefined) out.set(row.device_id, (faults = new Map()))
    faults.set(row.fault, row.operations_left === null ? null : Number(row.operations_left))
  }
  return out
}
