// /access_codes/create_multiple: what each refusal tells the caller, locks whose keypads have no shared PIN left, and
// what the write asks of the rest of Latchkey (fresh lists, the lock side programming the codes).
import { beforeAll, describe, expect, it } from 'vitest'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import { loadDevice } from '@/lib/devices/load-device'
import type { Reconciler } from '@/lib/sync/reconciler'
import {
  clock,
  createMultiple,
  expectError,
  list,
  store,
  workspaceWith,
  type Workspace,
  sandboxReconciler,
} from '@/tests/support/rules-api'

describe('what a refusal says', () => {
  it('a lock that chooses its PINs among others: the message points to create_random_code', async () => {
    const ws = await workspaceWith('august', { provider: 'keynest', label: 'Key box' })
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [...ws.devices] }),
      409,
      'code_cannot_be_shared',
    )
    expect(error.message).toBe(
      'Key box chooses the PIN of each of its codes, so it cannot share one. Create its code on its own, or use ' +
        'behavior_when_code_cannot_be_shared: "create_random_code" (the code then waits for the lock\'s PIN).',
    )
    expect(error).toMatchObject({ device_id: ws.devices[1] })
  })

  it('a PIN given for a lock that chooses its PINs, alone in the request: the message says why the PIN cannot go', async () => {
    const ws = await workspaceWith({ provider: 'keynest', label: 'Key box' })
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [...ws.devices], code: '482193' }),
      409,
      'code_cannot_be_shared',
    )
    expect(error.message).toMatch(/^PIN 482193 cannot be used on Key box: it /)
    expect(await list(ws, ws.devices[0])).toEqual([])
  })

  it('a PIN that breaks two of a lock’s rules: both are named', async () => {
    const ws = await workspaceWith('august', {
      provider: 'august',
      label: 'Picky lock',
      codeConstraints: [{ constraint_type: 'no_zeros' }, { constraint_type: 'cannot_start_with_12' }],
    })
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [...ws.devices], code: '1203' }),
      409,
      'code_cannot_be_shared',
    )
    expect(error.message).toBe(
      'PIN 1203 cannot be used on Picky lock: it must not contain the digit 0 on Picky lock; ' +
        'it must not start with 12 on Picky lock.',
    )
  })

  it('no length every lock takes: the message names the locks that cannot take the length most of them take', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'nuki', label: 'Garden gate' },
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      { provider: 'nuki', label: 'Cellar door' },
      { provider: 'august', label: 'Back door', supportedCodeLengths: [4, 5] },
      { provider: 'nuki', label: 'Shed' },
    )
    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [...ws.devices] }),
      409,
      'code_cannot_be_shared',
    )
    expect(error.message).toBe(
      'No PIN length is supported by every device: Four-digit lock, Back door cannot take a 6-digit PIN.',
    )
  })
})

describe('locks with no shared PIN left', () => {
  // Four digits from 1 to 6 only: 1,296 PINs. The front door holds every one starting with 1, 2 or 3, the unit door
  // every one starting with 4, 5 or 6: each has 648 free, none free on both.
  const smallKeypad = (label: string) => ({
    provider: 'august',
    label,
    supportedCodeLengths: [4],
    codeConstraints: [{ constraint_type: 'cannot_contain_0789' as const }],
  })
  const everyPin = Array.from({ length: 6 ** 4 }, (_, i) =>
    [3, 2, 1, 0].map((power) => String((Math.floor(i / 6 ** power) % 6) + 1)).join(''),
  )
  const startsLow = (pin: string) => /^[123]/.test(pin)

  async function fill(ws: Workspace<readonly string[]>, deviceId: string, pins: readonly string[]): Promise<void> {
    const device = await loadDevice({ db: store.db, clock, workspaceId: ws.workspaceId }, deviceId)
    const rows = pins.map((pin, i) =>
      newCodeRow(ws.workspaceId, device, { name: `Filler ${i}` }, pin, null, clock.now()),
    )
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto('access_codes')
        .values(rows.slice(i, i + 500))
        .execute()
  }

  it('throw: 409 code_cannot_be_shared, nothing written; create_random_code: each lock a free PIN of its own, unlinked', async () => {
    const ws = await workspaceWith(smallKeypad('Front door'), smallKeypad('Unit door'))
    const [front, unit] = ws.devices
    await fill(ws, front, everyPin.filter(startsLow))
    await fill(
      ws,
      unit,
      everyPin.filter((pin) => !startsLow(pin)),
    )

    const error = expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [front, unit], name: 'Guest' }),
      409,
      'code_cannot_be_shared',
    )
    expect(error.message).toBe('No PIN could be found that is free and allowed on every device.')
    for (const deviceId of [front, unit])
      expect((await list(ws, deviceId)).filter((c) => c.name === 'Guest')).toEqual([])

    const [onFront, onUnit] = await createMultiple(ws, {
      device_ids: [front, unit],
      name: 'Guest',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect([onFront?.device_id, onUnit?.device_id]).toEqual([front, unit])
    expect([onFront?.code, onUnit?.code]).toEqual([
      expect.stringMatching(/^[456][1-6]{3}$/),
      expect.stringMatching(/^[123][1-6]{3}$/),
    ])
    expect([onFront?.common_code_key, onUnit?.common_code_key]).toEqual([null, null])
  })
})

describe('after the write', () => {
  let reconciler: Reconciler
  beforeAll(() => {
    reconciler = sandboxReconciler()
  })

  it('a list read just before shows the new codes, and the lock side puts them on every lock', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, yale)).toEqual([])
    const codes = await createMultiple(ws, { device_ids: [august, yale], name: 'Cleaner' })
    expect((await list(ws, august)).map((c) => c.access_code_id)).toEqual([codes[0]?.access_code_id])
    expect((await list(ws, yale)).map((c) => c.access_code_id)).toEqual([codes[1]?.access_code_id])

    await reconciler.runUntilIdle()
    expect([...(await list(ws, august)), ...(await list(ws, yale))].map((c) => c.status)).toEqual(['set', 'set'])
  })
})
