// The rules of issue 2, item 6, over HTTP: create_multiple and update_multiple.
import { describe, expect, it } from 'vitest'
import { codeProblems } from '@/lib/shared/code-rules'
import {
  clock,
  rulesOf,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  get,
  list,
  createMultiple,
  inHours,
  statusesOf,
} from '@/tests/support/rules-api'

describe('create_multiple', () => {
  it('a generated PIN is shared by every lock and linked by an auto common_code_key', async () => {
    const ws = await workspaceWith('august', 'yale', 'kwikset', 'lockly')
    const [august, yale, kwikset, lockly] = ws.devices
    const codes = await createMultiple(ws, { device_ids: [august, yale, kwikset, lockly], name: 'Stay 42' })
    expect(codes.map((c) => c.device_id)).toEqual([august, yale, kwikset, lockly])
    const pin = codes[0]?.code ?? ''
    expect(codes.every((c) => c.code === pin)).toBe(true)
    for (const provider of ['august', 'yale', 'kwikset', 'lockly'])
      expect(codeProblems(pin, rulesOf(provider)), provider).toEqual([])
    const key = codes[0]?.common_code_key ?? ''
    expect(key).toMatch(/^auto_set_by_create_multiple_/)
    expect(codes.every((c) => c.common_code_key === key)).toBe(true)
    for (const deviceId of [august, yale, kwikset, lockly]) {
      expect((await list(ws, deviceId)).map((c) => [c.code, c.common_code_key, c.name])).toEqual([
        [pin, key, 'Stay 42'],
      ])
    }
    // Each call gets its own key.
    const again = await createMultiple(ws, { device_ids: [august, yale] })
    expect(again[0]?.common_code_key).toMatch(/^auto_set_by_create_multiple_/)
    expect(again[0]?.common_code_key).not.toBe(key)
  })

  it('a given PIN goes on every lock with common_code_key null', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const codes = await createMultiple(ws, { device_ids: [august, yale], code: '4821' })
    expect(codes.map((c) => [c.device_id, c.code, c.common_code_key])).toEqual([
      [august, '4821', null],
      [yale, '4821', null],
    ])
  })

  it('throw (the default) creates nothing when one lock cannot take the PIN by its constraints', async () => {
    const ws = await workspaceWith('august', 'yale', 'lockly')
    const [august, yale, lockly] = ws.devices
    for (const body of [
      { device_ids: [august, yale, lockly], code: '1024' },
      { device_ids: [august, yale, lockly], code: '135790', behavior_when_code_cannot_be_shared: 'throw' },
    ]) {
      const reply = await ws.call('/access_codes/create_multiple', body)
      expect(reply.status).toBe(409)
      expect(reply.body.error?.type).toBe('code_cannot_be_shared')
      expect(reply.body.error?.message).toContain('Lockly')
    }
    for (const deviceId of [august, yale, lockly]) expect(await list(ws, deviceId)).toEqual([])
  })

  it('throw creates nothing when the locks share no code length for a generated PIN', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      'nuki',
    )
    const [august, fourOnly, nuki] = ws.devices
    expectError(
      await ws.call('/access_codes/create_multiple', { device_ids: [august, fourOnly, nuki] }),
      409,
      'code_cannot_be_shared',
    )
    for (const deviceId of [august, fourOnly, nuki]) expect(await list(ws, deviceId)).toEqual([])
  })

  it('create_random_code gives a lock that cannot take the given PIN its own valid PIN', async () => {
    const ws = await workspaceWith('august', 'lockly')
    const [august, lockly] = ws.devices
    const codes = await createMultiple(ws, {
      device_ids: [august, lockly],
      code: '1024',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(codes.map((c) => c.device_id)).toEqual([august, lockly])
    expect(codes[0]?.code).toBe('1024')
    const own = codes[1]?.code ?? ''
    expect(own).not.toBe('1024')
    expect(codeProblems(own, rulesOf('lockly'))).toEqual([])
  })

  it('create_random_code gives a lock where the PIN is taken its own PIN', async () => {
    const ws = await workspaceWith('yale', 'august')
    const [yale, august] = ws.devices
    await create(ws, { device_id: august, code: '4821' })
    const codes = await createMultiple(ws, {
      device_ids: [yale, august],
      code: '4821',
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    expect(codes[0]?.code).toBe('4821')
    expect(codes[1]?.code).toMatch(/^\d{4,8}$/)
    expect(codes[1]?.code).not.toBe('4821')
    expect((await list(ws, august)).map((c) => c.code).sort()).toEqual([codes[1]?.code, '4821'].sort())
  })

  it('create_random_code with a generated PIN: the locks that share it are linked, the odd one out is not', async () => {
    const ws = await workspaceWith(
      'august',
      { provider: 'august', label: 'Four-digit lock', supportedCodeLengths: [4] },
      'nuki',
    )
    const [august, fourOnly, nuki] = ws.devices
    const codes = await createMultiple(ws, {
      device_ids: [august, fourOnly, nuki],
      behavior_when_code_cannot_be_shared: 'create_random_code',
    })
    const [onAugust, onFourOnly, onNuki] = codes
    expect(onAugust?.code).toMatch(/^\d{4}$/)
    expect(onFourOnly?.code).toBe(onAugust?.code)
    expect(onAugust?.common_code_key).toMatch(/^auto_set_by_create_multiple_/)
    expect(onFourOnly?.common_code_key).toBe(onAugust?.common_code_key)
    expect(codeProblems(onNuki?.code ?? '', rulesOf('nuki'))).toEqual([])
    expect(onNuki?.common_code_key).toBeNull()
  })

  it('records access_code.created for every code', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const since = clock.now().toISOString()
    const codes = await createMultiple(ws, { device_ids: [august, yale] })
    const events = expectOk(await ws.call('/events/list', { since, event_type: 'access_code.created' })).events ?? []
    expect(events.map((e) => e.access_code_id).sort()).toEqual(codes.map((c) => c.access_code_id).sort())
  })
})

describe('update_multiple', () => {
  it('changes name and times of every code with that common_code_key, and nothing else', async () => {
    const ws = await workspaceWith('august', 'yale', 'kwikset')
    const [august, yale, kwikset] = ws.devices
    const group = await createMultiple(ws, { device_ids: [august, yale, kwikset], name: 'Stay 42' })
    const key = group[0]?.common_code_key ?? ''
    const bystander = await create(ws, { device_id: august, name: 'Owner' })
    const startsAt = inHours(24)
    const endsAt = inHours(96)
    expectOk(
      await ws.call(
        '/access_codes/update_multiple',
        { common_code_key: key, name: 'Stay 43', starts_at: startsAt, ends_at: endsAt },
        'PATCH',
      ),
    )
    for (const code of group) {
      expect(await get(ws, code.access_code_id)).toMatchObject({
        name: 'Stay 43',
        type: 'time_bound',
        starts_at: startsAt,
        ends_at: endsAt,
        code: code.code,
        common_code_key: key,
      })
    }
    expect(await get(ws, bystander.access_code_id)).toMatchObject({ name: 'Owner', type: 'ongoing' })

    // A name-only change keeps the window.
    expectOk(await ws.call('/access_codes/update_multiple', { common_code_key: key, name: 'Stay 44' }))
    for (const code of group)
      expect(await get(ws, code.access_code_id)).toMatchObject({
        name: 'Stay 44',
        starts_at: startsAt,
        ends_at: endsAt,
      })

    // Every code records access_code.changed.
    const changed =
      expectOk(await ws.call('/events/list', { since: inHours(-1), event_type: 'access_code.changed' })).events ?? []
    for (const code of group) expect(changed.filter((e) => e.access_code_id === code.access_code_id)).toHaveLength(2)
  })

  it('changes nothing when the request is refused', async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const group = await createMultiple(ws, { device_ids: [august, yale], name: 'Stay 42' })
    const key = group[0]?.common_code_key ?? ''
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: 'Stay 43',
          starts_at: inHours(-5),
          ends_at: inHours(-1),
        }),
      ),
    ).toEqual(['ends_at'])
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: 'Stay 43',
          starts_at: inHours(1),
        }),
      ),
    ).toEqual(['ends_at'])
    for (const code of group)
      expect(await get(ws, code.access_code_id)).toMatchObject({ name: 'Stay 42', type: 'ongoing' })
    expectError(
      await ws.call('/access_codes/update_multiple', { common_code_key: 'no-such-key', name: 'x' }),
      404,
      'access_code_not_found',
    )
  })

  it('simultaneous update_multiple calls leave every code of the group with the same name and window', async () => {
    const ws = await workspaceWith('august', 'yale', 'schlage', 'smartthings')
    const group = await createMultiple(ws, { device_ids: [...ws.devices] })
    const key = group[0]?.common_code_key ?? ''
    const replies = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        ws.call('/access_codes/update_multiple', {
          common_code_key: key,
          name: `Stay ${i}`,
          starts_at: inHours(i + 1),
          ends_at: inHours(i + 48),
        }),
      ),
    )
    expect(statusesOf(replies)).toEqual([200, 200, 200, 200, 200, 200])
    const after = await Promise.all(group.map((c) => get(ws, c.access_code_id)))
    const states = new Set(after.map((c) => `${c.name}|${c.starts_at}|${c.ends_at}`))
    expect(states.size).toBe(1)
  })

  it("touches only the caller's workspace", async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('august')
    const myCode = await create(mine, { device_id: mine.devices[0], common_code_key: 'stay-7', name: 'Mine' })
    const theirCode = await create(theirs, { device_id: theirs.devices[0], common_code_key: 'stay-7', name: 'Theirs' })
    expectOk(await mine.call('/access_codes/update_multiple', { common_code_key: 'stay-7', name: 'Renamed' }))
    expect((await get(mine, myCode.access_code_id)).name).toBe('Renamed')
    expect((await get(theirs, theirCode.access_code_id)).name).toBe('Theirs')
  })
})
