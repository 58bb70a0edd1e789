import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import { assertChosenPinAvailable, chosenPinProblems, freePinFor, generateFreePin } from '@/lib/access-codes/pin-checks'
import { generateCodeForDevice } from '@/lib/access-codes/generate-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { AccessCodeRow } from '@/lib/db/schema'
import { loadDevice } from '@/lib/devices/load-device'
import { DomainError } from '@/lib/errors/domain-error'
import type { CodeConstraint } from '@/lib/schemas/device'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The PIN of a new or changed code, against the real store: a chosen PIN the lock would refuse, or one a live code
// of the lock already holds, must be refused before anything reaches the lock; a generated one must be free on every
// lock it is for.

let store: Store
let ctx: ServiceContext
let deviceIds: string[]
const clock = new ManualClock('2030-05-01T12:00:00.000Z')

beforeAll(async () => {
  store = await openTestStore()
  const workspace = await createWorkspace(store.db, clock, { name: 'PIN checks', sandboxDevices: 2 })
  ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  deviceIds = workspace.device_ids
})
afterAll(async () => {
  await store.close()
})
beforeEach(async () => {
  await store.db.deleteFrom('access_codes').execute()
})

/** The workspace's lock `index`, with these PIN rules (the checks read only the record; codes are stored by id). */
async function lock(
  index: number,
  rules: { supportedCodeLengths?: number[]; codeConstraints?: CodeConstraint[] } = {},
): Promise<DeviceRecord> {
  const device = await loadDevice(ctx, deviceIds[index] ?? '')
  return {
    ...device,
    displayName: `Lock ${index}`,
    supportedCodeLengths: rules.supportedCodeLengths ?? [4, 5, 6],
    codeConstraints: rules.codeConstraints ?? [],
  }
}

async function storeCode(device: DeviceRecord, code: string, overrides: Partial<AccessCodeRow> = {}): Promise<string> {
  const row = {
    ...newCodeRow(ctx.workspaceId, device, { name: `Holds ${code}` }, code, null, clock.now()),
    ...overrides,
  }
  await store.db.insertInto('access_codes').values(row).execute()
  return row.access_code_id
}

async function domainError(run: () => Promise<unknown>): Promise<DomainError> {
  try {
    await run()
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    return error as DomainError
  }
  throw new Error('expected a DomainError')
}

const uniqueFirstFour: CodeConstraint[] = [{ constraint_type: 'unique_first_four_digits' }]

describe('chosenPinProblems', () => {
  it('a PIN the lock takes has no problems', async () => {
    expect(await chosenPinProblems(store.db, await lock(0), '4821')).toEqual([])
  })

  it('names the lock in each message', async () => {
    const device = await lock(0, { supportedCodeLengths: [6], codeConstraints: [{ constraint_type: 'no_zeros' }] })
    expect(await chosenPinProblems(store.db, device, '4820')).toEqual([
      'must be 6 digits long on Lock 0 (got 4)',
      'must not contain the digit 0 on Lock 0',
    ])
  })

  it('a lock that picks its own PINs refuses any chosen PIN', async () => {
    for (const constraint_type of ['cannot_specify_pin_code', 'pin_code_matches_existing_set'] as const)
      expect(
        await chosenPinProblems(store.db, await lock(0, { codeConstraints: [{ constraint_type }] }), '4821'),
      ).toEqual(['cannot be chosen on Lock 0: this lock assigns its own codes, so leave code out'])
  })

  it('unique first four digits: compared with the lock’s live codes, not deleted ones, not the code itself', async () => {
    const device = await lock(0, { supportedCodeLengths: [6], codeConstraints: uniqueFirstFour })
    const holder = await storeCode(device, '482100')
    await storeCode(device, '555500', { deleted_at: clock.now().toISOString() })
    await storeCode(await lock(1), '777700')
    const clash = ['must not share its first four digits with another code on Lock 0']
    expect(await chosenPinProblems(store.db, device, '482199')).toEqual(clash)
    expect(await chosenPinProblems(store.db, device, '555599')).toEqual([])
    expect(await chosenPinProblems(store.db, device, '777799')).toEqual([])
    // Changing the holder's own PIN does not clash with itself.
    expect(await chosenPinProblems(store.db, device, '482199', holder)).toEqual([])
    // Without the constraint, a shared prefix is fine.
    expect(await chosenPinProblems(store.db, await lock(0, { supportedCodeLengths: [6] }), '482199')).toEqual([])
  })
})

describe('assertChosenPinAvailable', () => {
  let lock0: DeviceRecord
  beforeAll(async () => {
    lock0 = await lock(0)
  })

  it('a PIN the lock refuses: invalid_input on code', async () => {
    const error = await domainError(() => assertChosenPinAvailable(store.db, lock0, '12'))
    expect(error.type).toBe('invalid_input')
    expect(error.fieldErrors).toEqual({ code: ['must be 4 to 6 digits long on Lock 0 (got 2)'] })
  })

  it('a PIN a live code of the lock holds: duplicate_access_code, unless it is the code’s own', async () => {
    const holder = await storeCode(lock0, '4821')
    const error = await domainError(() => assertChosenPinAvailable(store.db, lock0, '4821'))
    expect(error.type).toBe('duplicate_access_code')
    expect(error.message).toBe(`PIN 4821 is already used on Lock 0 by access code "Holds 4821" (${holder}).`)
    expect(error.details).toEqual({ conflicting_access_code_id: holder, device_id: lock0.deviceId })
    await expect(assertChosenPinAvailable(store.db, lock0, '4821', holder)).resolves.toBeUndefined()
    await expect(assertChosenPinAvailable(store.db, lock0, '4822')).resolves.toBeUndefined()
  })
})

describe('duplicate_access_code says who holds the PIN', () => {
  it('an unnamed code, an unmanaged code, a backup', async () => {
    const lock0 = await lock(0)
    const message = async (pin: string): Promise<string> =>
      (await domainError(() => assertChosenPinAvailable(store.db, lock0, pin))).message
    const unnamed = await storeCode(lock0, '1111', { name: null })
    expect(await message('1111')).toBe(
      `PIN 1111 is already used on Lock 0 by access code an unnamed code (${unnamed}).`,
    )
    const unmanaged = await storeCode(lock0, '2222', { is_managed: 0, name: 'Cleaner' })
    expect(await message('2222')).toBe(`PIN 2222 is already used on Lock 0 by unmanaged code "Cleaner" (${unmanaged}).`)
    const backup = await storeCode(lock0, '3333', { is_backup: 1 })
    expect(await message('3333')).toBe(
      `PIN 3333 is already used on Lock 0 by access code a backup code in the lock's backup pool (${backup}).`,
    )
  })
})

describe('generateFreePin', () => {
  /** Stores codes holding these one-digit PINs on the lock. */
  const hold = async (device: DeviceRecord, pins: string[]): Promise<void> => {
    for (const pin of pins) await storeCode(device, pin)
  }
  const oneDigit = { supportedCodeLengths: [1] }

  it('a PIN the lock accepts, of its shortest length unless another is preferred', async () => {
    const device = await lock(0, { supportedCodeLengths: [4, 6], codeConstraints: [{ constraint_type: 'no_zeros' }] })
    for (let i = 0; i < 20; i++) {
      const pin = await generateFreePin(store.db, [device])
      expect(pin).toMatch(/^[1-9]{4}$/)
    }
    expect(await generateFreePin(store.db, [device], 6)).toMatch(/^[1-9]{6}$/)
  })

  it('never a PIN a live code of the lock holds: with one PIN left, that one', async () => {
    const device = await lock(0, oneDigit)
    await hold(device, ['0', '1', '2', '3', '4', '5', '6', '7', '8'])
    // A deleted code's PIN is free again; a code waiting for its PIN holds none.
    await storeCode(device, '9', { deleted_at: clock.now().toISOString() })
    await storeCode(device, '', { is_waiting_for_code_assignment: 1 })
    // Candidates are drawn at random: repeat so that both the quick path and the full read are taken.
    for (let i = 0; i < 25; i++) expect(await generateFreePin(store.db, [device])).toBe('9')
  })

  it('free on every lock it is for, and none when they hold every PIN between them', async () => {
    const [a, b] = [await lock(0, oneDigit), await lock(1, oneDigit)]
    await hold(a, ['0', '1', '2', '3', '4'])
    await hold(b, ['5', '6', '7', '8'])
    for (let i = 0; i < 25; i++) expect(await generateFreePin(store.db, [a, b])).toBe('9')
    await hold(b, ['9'])
    expect(await generateFreePin(store.db, [a, b])).toBeUndefined()
    expect(await generateFreePin(store.db, [b, a])).toBeUndefined()
  })

  it('another lock’s PINs do not count', async () => {
    const [a, b] = [await lock(0, oneDigit), await lock(1, oneDigit)]
    await hold(b, ['0', '1', '2', '3', '4', '5', '6', '7', '8'])
    const pins: string[] = []
    for (let i = 0; i < 60; i++) pins.push((await generateFreePin(store.db, [a])) ?? 'none')
    // Every digit is free on `a`: 9 comes up about one time in ten, not every time it is among the candidates.
    expect(pins.filter((p) => p === '9').length).toBeLessThan(30)
    expect(new Set(pins).size).toBeGreaterThan(1)
  })

  it('locks with no length in common: none', async () => {
    const [a, b] = [await lock(0, { supportedCodeLengths: [4] }), await lock(1, { supportedCodeLengths: [6] })]
    expect(await generateFreePin(store.db, [a, b])).toBeUndefined()
  })

  it('unique first four digits: the PIN shares its first four with no code of the lock', async () => {
    const device = await lock(0, { supportedCodeLengths: [5], codeConstraints: uniqueFirstFour })
    const held = ['12340', '56780', '11110', '22220', '33330']
    for (const pin of held) await storeCode(device, pin)
    for (let i = 0; i < 20; i++) {
      const pin = (await generateFreePin(store.db, [device])) ?? ''
      expect(pin).toMatch(/^\d{5}$/)
      expect(held.map((h) => h.slice(0, 4))).not.toContain(pin.slice(0, 4))
    }
  })
})

describe('generateFreePin for locks with different rules', () => {
  it('one lock wants unique first four digits: the PIN for both shares them with none of its codes', async () => {
    const strict = await lock(0, { supportedCodeLengths: [5], codeConstraints: uniqueFirstFour })
    const plain = await lock(1, { supportedCodeLengths: [5] })
    // Nine prefixes in ten taken on the strict lock (0000…8999), by codes ending in 0.
    const rows = Array.from({ length: 9000 }, (_, i) =>
      newCodeRow(ctx.workspaceId, strict, {}, `${String(i).padStart(4, '0')}0`, null, clock.now()),
    )
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto('access_codes')
        .values(rows.slice(i, i + 500))
        .execute()
    for (const devices of [
      [strict, plain],
      [plain, strict],
    ]) {
      // Checked against the exact PINs only, a PIN would have a taken prefix nine times in ten.
      for (let i = 0; i < 5; i++)
        expect(Number((await generateFreePin(store.db, devices))?.slice(0, 4))).toBeGreaterThanOrEqual(9000)
    }
  })
})

describe('freePinFor and generateCodeForDevice', () => {
  it('cannot_generate_code, naming the lock, when every PIN is held', async () => {
    const device = await lock(0, { supportedCodeLengths: [1] })
    for (const pin of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']) await storeCode(device, pin)
    const error = await domainError(() => freePinFor(store.db, device))
    expect(error.type).toBe('cannot_generate_code')
    expect(error.message).toBe('No free PIN could be generated for Lock 0.')
  })

  it('suggests a PIN the lock takes; a lock that picks its own PINs gets none', async () => {
    const deviceId = deviceIds[0] ?? ''
    const suggestion = await generateCodeForDevice(ctx, deviceId)
    expect(suggestion.device_id).toBe(deviceId)
    const device = await loadDevice(ctx, deviceId)
    expect(await chosenPinProblems(store.db, device, suggestion.code)).toEqual([])
    await store.db
      .updateTable('devices')
      .set({ code_constraints: JSON.stringify([{ constraint_type: 'cannot_specify_pin_code' }]) })
      .where('device_id', '=', deviceId)
      .execute()
    const error = await domainError(() => generateCodeForDevice(ctx, deviceId))
    expect(error.type).toBe('cannot_generate_code')
    expect(error.message).toBe(
      `${device.displayName} chooses the PIN of each of its codes, so none can be suggested: create the code without ` +
        'one, and the lock assigns it.',
    )
    await store.db
      .updateTable('devices')
      .set({ code_constraints: JSON.stringify(device.codeConstraints) })
      .where('device_id', '=', deviceId)
      .execute()
  })
})
