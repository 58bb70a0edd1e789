// Locks that choose their own PINs (code constraint cannot_specify_pin_code: KeyNest, dormakaba Oracode): a code is
// created without one and waits, `code: null` and `is_waiting_for_code_assignment: true`, until the lock side has
// stored the PIN the lock gave. And one-time offline codes: only on the brands that have them.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Reconciler } from '@/lib/sync/reconciler'
import {
  create,
  createMultiple,
  expectError,
  expectInvalidFields,
  expectOk,
  get,
  inHours,
  list,
  profileOf,
  store,
  workspaceWith,
  type Workspace,
  sandboxReconciler,
} from '@/tests/support/rules-api'
import { expectSeamShape, expectSeamShapes } from '@/tests/support/seam-schemas'
import type { SeamEvent } from '@/lib/schemas/event'

let reconciler: Reconciler

beforeAll(() => {
  reconciler = sandboxReconciler()
})

const PICKERS = ['keynest', 'dormakaba_oracode'] as const

async function eventsOf(ws: Workspace<readonly string[]>, accessCodeId: string): Promise<SeamEvent[]> {
  const events = expectOk(
    await ws.call('/events/list', { access_code_id: accessCodeId, since: '2000-01-01T00:00:00Z' }),
  ).events
  if (events === undefined) throw new Error('no events in the response')
  expectSeamShapes('event', events)
  return [...events].reverse()
}

const stay = () => ({ starts_at: inHours(1), ends_at: inHours(48) })

describe('a lock that chooses its PINs', () => {
  it.each(PICKERS)('%s has the constraint', (provider) => {
    expect(profileOf(provider).codeConstraints).toContainEqual({ constraint_type: 'cannot_specify_pin_code' })
  })

  it.each(PICKERS)('%s: a code without a PIN waits for the lock’s, as create, get and list show', async (provider) => {
    const ws = await workspaceWith(provider)
    const [lock] = ws.devices
    const created = await create(ws, { device_id: lock, name: 'Key pick-up', ...stay() })
    expect(created).toMatchObject({ code: null, is_waiting_for_code_assignment: true, common_code_key: null })
    expectSeamShape('access_code', created)
    const got = await get(ws, created.access_code_id)
    expect(got).toMatchObject({ code: null, is_waiting_for_code_assignment: true })
    expectSeamShape('access_code', got)
    // Several codes wait on one lock at once.
    const second = await ws.seam.accessCodes.create({ device_id: lock, name: 'Second', ...stay() })
    expect(second).toMatchObject({ code: null, is_waiting_for_code_assignment: true })
    const listed = await list(ws, lock)
    expect(listed.map((c) => [c.name, c.code, c.is_waiting_for_code_assignment])).toEqual([
      ['Key pick-up', null, true],
      ['Second', null, true],
    ])
    // Until then no PIN finds it.
    expectError(await ws.call('/access_codes/get', { device_id: lock, code: '' }), 404, 'access_code_not_found')
    // access_code.created never carried a PIN; nothing else has happened yet.
    expect((await eventsOf(ws, created.access_code_id)).map((e) => [e.event_type, e.code])).toEqual([
      ['access_code.created', undefined],
    ])
  })

  it('refuses a PIN given on create or update, and a common_code_key, naming the field', async () => {
    const ws = await workspaceWith('keynest')
    const [lock] = ws.devices
    const given = await ws.call('/access_codes/create', { device_id: lock, code: '482193', ...stay() })
    expect(expectInvalidFields(given)).toEqual(['code'])
    expect(given.body.error?.message).toMatch(/assigns its own codes/)
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: lock, common_code_key: 'front-and-unit', ...stay() }),
      ),
    ).toEqual(['common_code_key'])
    const waiting = await create(ws, { device_id: lock, ...stay() })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: waiting.access_code_id, code: '482193' }),
      ),
    ).toEqual(['code'])
    expect(await list(ws, lock)).toHaveLength(1)
  })

  it('generate_code has no PIN to suggest: 409 cannot_generate_code', async () => {
    const ws = await workspaceWith('keynest')
    const [lock] = ws.devices
    const refused = expectError(
      await ws.call('/access_codes/generate_code', { device_id: lock }),
      409,
      'cannot_generate_code',
    )
    expect(refused.message).toMatch(/chooses the PIN/)
  })

  it('a new window keeps the code waiting', async () => {
    const ws = await workspaceWith('dormakaba_oracode')
    const [lock] = ws.devices
    const waiting = await create(ws, { device_id: lock, ...stay() })
    const endsAt = inHours(72)
    expectOk(await ws.call('/access_codes/update', { access_code_id: waiting.access_code_id, ends_at: endsAt }))
    expect(await get(ws, waiting.access_code_id)).toMatchObject({
      code: null,
      is_waiting_for_code_assignment: true,
      ends_at: endsAt,
    })
  })

  it('a waiting code deleted: access_code.deleted has no PIN to name', async () => {
    const ws = await workspaceWith('keynest')
    const [lock] = ws.devices
    const waiting = await create(ws, { device_id: lock, ...stay() })
    expectOk(await ws.call('/access_codes/delete', { access_code_id: waiting.access_code_id }))
    const deleted = (await eventsOf(ws, waiting.access_code_id)).filter((e) => e.event_type === 'access_code.deleted')
    expect(deleted.map((e) => e.code)).toEqual([null])
  })

  it('gets the PIN the lock assigned once the lock side has programmed it', async () => {
    const ws = await workspaceWith('keynest')
    const [lock] = ws.devices
    const waiting = await create(ws, { device_id: lock, name: 'Keys for the Smiths' })
    await reconciler.runUntilIdle()
    const assigned = await get(ws, waiting.access_code_id)
    expectSeamShape('access_code', assigned)
    expect(assigned).toMatchObject({ status: 'set', is_waiting_for_code_assignment: false })
    const pin = assigned.code ?? ''
    expect(pin).toMatch(/^\d{6}$/)
    // The PIN is the one on the keypad, and the events name it from the moment it is set.
    const keypad = await store.db
      .selectFrom('sandbox_keypad_codes')
      .select('code')
      .where('device_id', '=', lock)
      .execute()
    expect(keypad.map((k) => k.code)).toEqual([pin])
    const events = await eventsOf(ws, waiting.access_code_id)
    expect(events.filter((e) => e.event_type === 'access_code.set_on_device').map((e) => e.code)).toEqual([pin])
    // It is found by its PIN now, and the lock opens with it.
    expect((await get(ws, waiting.access_code_id)).code).toBe(pin)
    expect(
      expectOk(await ws.call('/access_codes/get', { device_id: lock, code: pin })).access_code?.access_code_id,
    ).toBe(waiting.access_code_id)
    const entry = expectOk(await ws.call('/devices/simulate/keypad_code_entry', { device_id: lock, code: pin }))
    expect(entry).toMatchObject({ keypad_code_entry: { unlocked: true, access_code_id: waiting.access_code_id } })
  })
})

describe('create_multiple with a lock that chooses its PINs', () => {
  it('cannot share a PIN with it: 409 code_cannot_be_shared naming that lock, and nothing is created', async () => {
    const ws = await workspaceWith('august', 'keynest')
    const [august, keynest] = ws.devices
    for (const body of [{}, { code: '4821' }]) {
      const refused = await ws.call('/access_codes/create_multiple', { device_ids: [august, keynest], ...body }, 'PUT')
      const error = expectError(refused, 409, 'code_cannot_be_shared')
      expect(error.device_id).toBe(keynest)
      expect(error.message).toMatch(/chooses the PIN/)
    }
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, keynest)).toEqual([])
  })

  it('with create_random_code, its code waits for the lock’s PIN and the others share theirs', async () => {
    const ws = await workspaceWith('august', 'keynest', 'yale')
    const [august, keynest, yale] = ws.devices
    const generated = await createMultiple(ws, {
      device_ids: [august, keynest, yale],
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expectSeamShapes('access_code', generated)
    expect(generated.map((c) => c.device_id)).toEqual([august, keynest, yale])
    const [a, k, y] = generated
    expect(k).toMatchObject({ code: null, is_waiting_for_code_assignment: true, common_code_key: null })
    expect(a?.code).toMatch(/^\d{4,8}$/)
    expect(y?.code).toBe(a?.code)
    expect(a?.common_code_key).toMatch(/^auto_set_by_create_multiple_/)
    expect(y?.common_code_key).toBe(a?.common_code_key)

    const given = await createMultiple(ws, {
      device_ids: [keynest, august],
      code: '5927',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(given.map((c) => [c.code, c.is_waiting_for_code_assignment])).toEqual([
      [null, true],
      ['5927', false],
    ])
  })

  it('alone in the request, it simply gets a waiting code; a PIN given for it is refused', async () => {
    const ws = await workspaceWith('keynest')
    const [keynest] = ws.devices
    const [alone] = await createMultiple(ws, { device_ids: [keynest] })
    expect(alone).toMatchObject({ code: null, is_waiting_for_code_assignment: true, common_code_key: null })
    const refused = await ws.call('/access_codes/create_multiple', { device_ids: [keynest], code: '482193' }, 'PUT')
    expect(expectError(refused, 409, 'code_cannot_be_shared').device_id).toBe(keynest)
  })
})

describe('is_one_time_use', () => {
  const offline = { is_offline_access_code: true, starts_at: inHours(1), ends_at: inHours(20) }

  it.each(['igloohome', 'lockly'])('%s: a one-time offline code', async (provider) => {
    const ws = await workspaceWith(provider)
    const [lock] = ws.devices
    const code = await create(ws, { device_id: lock, ...offline, is_one_time_use: true })
    expect(code).toMatchObject({ is_one_time_use: true, is_offline_access_code: true })
    expect((await get(ws, code.access_code_id)).is_one_time_use).toBe(true)
  })

  it('is refused on a brand whose offline codes cannot be one-time, on create and on update', async () => {
    const ws = await workspaceWith('ttlock')
    const [ttlock] = ws.devices
    const refused = await ws.call('/access_codes/create', { device_id: ttlock, ...offline, is_one_time_use: true })
    expect(expectInvalidFields(refused)).toEqual(['is_one_time_use'])
    expect(refused.body.error?.message).toMatch(/igloohome and Lockly/)
    const code = await create(ws, { device_id: ttlock, ...offline })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: code.access_code_id, is_one_time_use: true }),
      ),
    ).toEqual(['is_one_time_use'])
    expect((await get(ws, code.access_code_id)).is_one_time_use).toBe(false)
  })

  it('applies only to offline codes, and not where the lock has none', async () => {
    const ws = await workspaceWith('igloohome', 'august')
    const [igloohome, august] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: igloohome, is_one_time_use: true, ...stay() }),
      ),
    ).toEqual(['is_one_time_use'])
    expectError(
      await ws.call('/access_codes/create', { device_id: august, ...offline, is_one_time_use: true }),
      400,
      'offline_access_codes_not_supported',
    )
  })

  it('an offline code made online again is no longer one-time', async () => {
    const ws = await workspaceWith('lockly')
    const [lockly] = ws.devices
    const code = await create(ws, { device_id: lockly, ...offline, is_one_time_use: true })
    expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, is_offline_access_code: false }),
    )
    expect(await get(ws, code.access_code_id)).toMatchObject({ is_offline_access_code: false, is_one_time_use: false })
  })
})
