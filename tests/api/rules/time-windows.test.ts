// The rules of issue 2, item 6, over HTTP: starts_at and ends_at on create, create_multiple and update.
import { describe, expect, it } from 'vitest'
import {
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  get,
  list,
  createMultiple,
  inHours,
} from '@/tests/support/rules-api'

describe('starts_at and ends_at', () => {
  it('ends_at in the past is invalid_input on ends_at', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const fields = expectInvalidFields(
      await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(-48), ends_at: inHours(-1) }),
    )
    expect(fields).toEqual(['ends_at'])
    expect(await list(ws, august)).toEqual([])
  })

  it('ends_at before (or at) starts_at is invalid_input on ends_at', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(48), ends_at: inHours(24) }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(24), ends_at: inHours(24) }),
      ),
    ).toEqual(['ends_at'])
  })

  it('one without the other is invalid_input naming the missing one', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(1) })),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: august, ends_at: inHours(1) })),
    ).toEqual(['starts_at'])
    expect(await list(ws, august)).toEqual([])
  })

  it('a time without an offset is invalid_input on that field', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const noOffset = inHours(24).replace('Z', '')
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: noOffset, ends_at: inHours(48) }),
      ),
    ).toEqual(['starts_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: inHours(1), ends_at: noOffset }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: august, starts_at: '2030-06-01', ends_at: '2030-06-05' }),
      ),
    ).toEqual(['starts_at', 'ends_at'])
  })

  it('the type follows from the times, and offsets are kept as the same instant', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const ongoing = await create(ws, { device_id: august })
    expect(ongoing.type).toBe('ongoing')
    expect(ongoing.starts_at ?? null).toBeNull()
    expect(ongoing.ends_at ?? null).toBeNull()

    const timeBound = await create(ws, {
      device_id: august,
      starts_at: '2030-06-01T17:00:00+02:00',
      ends_at: '2030-06-04T07:00:00-04:00',
    })
    expect(timeBound.type).toBe('time_bound')
    expect(new Date(timeBound.starts_at ?? '').toISOString()).toBe('2030-06-01T15:00:00.000Z')
    expect(new Date(timeBound.ends_at ?? '').toISOString()).toBe('2030-06-04T11:00:00.000Z')

    // A window already under way is fine: only the end has to be in the future.
    const underWay = await create(ws, { device_id: august, starts_at: inHours(-2), ends_at: inHours(2) })
    expect(underWay.type).toBe('time_bound')
  })

  it('create_multiple applies the same rules and creates nothing on a bad window', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create_multiple', {
          device_ids: [august, yale],
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create_multiple', { device_ids: [august, yale], starts_at: inHours(1) }),
      ),
    ).toEqual(['ends_at'])
    expect(await list(ws, august)).toEqual([])
    expect(await list(ws, yale)).toEqual([])
    const codes = await createMultiple(ws, { device_ids: [august, yale], starts_at: inHours(1), ends_at: inHours(5) })
    expect(codes.map((c) => c.type)).toEqual(['time_bound', 'time_bound'])
  })
})

describe('update and the window', () => {
  it('type ongoing clears the times', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august, starts_at: inHours(1), ends_at: inHours(48) })
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, type: 'ongoing' }, 'PUT'))
    const after = await get(ws, code.access_code_id)
    expect(after.type).toBe('ongoing')
    expect(after.starts_at ?? null).toBeNull()
    expect(after.ends_at ?? null).toBeNull()
  })

  it('both times make an ongoing code time-bound', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august })
    const startsAt = inHours(2)
    const endsAt = inHours(30)
    expectOk(
      await ws.call('/access_codes/update', {
        access_code_id: code.access_code_id,
        starts_at: startsAt,
        ends_at: endsAt,
      }),
    )
    expect(await get(ws, code.access_code_id)).toMatchObject({
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
    })
  })

  it('changing only the name keeps the type and the times', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(2)
    const endsAt = inHours(30)
    const code = await create(ws, { device_id: august, name: 'Guest', starts_at: startsAt, ends_at: endsAt })
    const attempt = expectOk(
      await ws.call('/access_codes/update', { access_code_id: code.access_code_id, name: 'Guest (late checkout)' }),
    ).action_attempt
    expect(attempt?.action_type).toBe('UPDATE_ACCESS_CODE')
    expect(await get(ws, code.access_code_id)).toMatchObject({
      name: 'Guest (late checkout)',
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: endsAt,
      code: code.code,
    })

    const ongoing = await create(ws, { device_id: august, name: 'Owner' })
    expectOk(await ws.call('/access_codes/update', { access_code_id: ongoing.access_code_id, name: 'Owner 2' }))
    expect(await get(ws, ongoing.access_code_id)).toMatchObject({
      name: 'Owner 2',
      type: 'ongoing',
      code: ongoing.code,
    })
  })

  it('one bound moves that end of an existing window', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const startsAt = inHours(2)
    const code = await create(ws, { device_id: august, starts_at: startsAt, ends_at: inHours(30) })
    const later = inHours(54)
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, ends_at: later }))
    expect(await get(ws, code.access_code_id)).toMatchObject({
      type: 'time_bound',
      starts_at: startsAt,
      ends_at: later,
    })
  })

  it('refuses one bound on an ongoing code, ongoing with times, and an end in the past', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const ongoing = await create(ws, { device_id: august })
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', { access_code_id: ongoing.access_code_id, ends_at: inHours(5) }),
      ),
    ).toEqual(['starts_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          type: 'ongoing',
          starts_at: inHours(1),
          ends_at: inHours(5),
        }),
      ),
    ).toEqual(['type'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update', {
          access_code_id: ongoing.access_code_id,
          starts_at: inHours(5),
          ends_at: inHours(1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect((await get(ws, ongoing.access_code_id)).type).toBe('ongoing')
    expectError(
      await ws.call('/access_codes/update', { access_code_id: '00000000-0000-4000-8000-000000000000', name: 'x' }),
      404,
      'access_code_not_found',
    )
  })
})
