// The rules of issue 2, item 6, over HTTP: offline access codes, report_device_constraints, delete, and the
// events every change records.
import { describe, expect, it } from 'vitest'
import { codeProblems } from '@/lib/shared/code-rules'
import {
  type ApiBody,
  server,
  clock,
  rulesOf,
  workspaceWith,
  expectError,
  expectInvalidFields,
  expectOk,
  create,
  list,
  createMultiple,
  inHours,
} from '@/tests/support/rules-api'

describe('offline access codes', () => {
  it('only on locks that can program them', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    expectError(
      await ws.call('/access_codes/create', {
        device_id: august,
        is_offline_access_code: true,
        starts_at: inHours(1),
        ends_at: inHours(48),
      }),
      400,
      'offline_access_codes_not_supported',
    )
    expect(await list(ws, august)).toEqual([])
  })

  it('only time-bound, and never with a chosen PIN', async () => {
    const ws = await workspaceWith('igloohome')
    const [igloohome] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', { device_id: igloohome, is_offline_access_code: true }),
      ),
    ).toEqual(expect.arrayContaining(['starts_at']))
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/create', {
          device_id: igloohome,
          is_offline_access_code: true,
          code: '4821',
          starts_at: inHours(1),
          ends_at: inHours(48),
        }),
      ),
    ).toEqual(['code'])
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: igloohome, is_one_time_use: true })),
    ).toEqual(['is_one_time_use'])
    expect(await list(ws, igloohome)).toEqual([])
  })

  it('a time-bound offline code gets a generated PIN that fits the lock', async () => {
    const ws = await workspaceWith('igloohome', 'lockly')
    const [igloohome, lockly] = ws.devices
    const startsAt = inHours(1)
    const endsAt = inHours(48)
    const oneTime = await create(ws, {
      device_id: igloohome,
      is_offline_access_code: true,
      is_one_time_use: true,
      max_time_rounding: '1d',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    // Its window is widened to whole days (offline-time-rounding.test.ts).
    expect(oneTime).toMatchObject({ is_offline_access_code: true, is_one_time_use: true, type: 'time_bound' })
    expect(codeProblems(oneTime.code ?? '', rulesOf('igloohome'))).toEqual([])
    const onLockly = await create(ws, {
      device_id: lockly,
      is_offline_access_code: true,
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expect(onLockly).toMatchObject({ is_offline_access_code: true, is_one_time_use: false })
    expect(codeProblems(onLockly.code ?? '', rulesOf('lockly'))).toEqual([])
  })
})

describe('report_device_constraints', () => {
  it('stores supported_code_lengths; later creates, generated codes and generate_code obey them', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expect((await create(ws, { device_id: smartthings, code: '1357' })).code).toBe('1357')
    expectOk(
      await ws.call('/access_codes/report_device_constraints', { device_id: smartthings, supported_code_lengths: [6] }),
    )
    const device = expectOk(await ws.call('/devices/get', { device_id: smartthings })).device
    expect(device?.properties.supported_code_lengths).toEqual([6])

    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: smartthings, code: '2468' })),
    ).toEqual(['code'])
    expect((await create(ws, { device_id: smartthings, code: '246813' })).code).toBe('246813')
    expect((await create(ws, { device_id: smartthings })).code).toMatch(/^\d{6}$/)
    expect((await create(ws, { device_id: smartthings, preferred_code_length: 4 })).code).toMatch(/^\d{6}$/)
    for (let run = 0; run < 10; run++) {
      expect(
        expectOk(await ws.call('/access_codes/generate_code', { device_id: smartthings })).generated_code?.code,
      ).toMatch(/^\d{6}$/)
    }
  })

  it('stores min_code_length / max_code_length as the range of lengths', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expectOk(
      await ws.call('/access_codes/report_device_constraints', {
        device_id: smartthings,
        min_code_length: 7,
        max_code_length: 8,
      }),
    )
    expect(
      expectOk(await ws.call('/devices/get', { device_id: smartthings })).device?.properties.supported_code_lengths,
    ).toEqual([7, 8])
    expect((await create(ws, { device_id: smartthings })).code).toMatch(/^\d{7}$/)
    expect((await create(ws, { device_id: smartthings, preferred_code_length: 8 })).code).toMatch(/^\d{8}$/)
    expect(
      expectInvalidFields(await ws.call('/access_codes/create', { device_id: smartthings, code: '135792' })),
    ).toEqual(['code'])
    // create_multiple reads the stored lengths too.
    const codes = await createMultiple(ws, { device_ids: [smartthings] })
    expect(codes[0]?.code).toMatch(/^\d{7}$/)
  })

  it('refuses both kinds at once, and unknown devices', async () => {
    const ws = await workspaceWith('smartthings')
    const [smartthings] = ws.devices
    expect(
      expectInvalidFields(
        await ws.call('/access_codes/report_device_constraints', {
          device_id: smartthings,
          supported_code_lengths: [6],
          min_code_length: 4,
        }),
      ),
    ).toEqual(['supported_code_lengths'])
    expectError(
      await ws.call('/access_codes/report_device_constraints', {
        device_id: '00000000-0000-4000-8000-000000000000',
        supported_code_lengths: [6],
      }),
      404,
      'device_not_found',
    )
    expect(
      expectOk(await ws.call('/devices/get', { device_id: smartthings })).device?.properties.supported_code_lengths,
    ).toEqual([4, 5, 6, 7, 8])
  })
})

describe('delete', () => {
  it('answers a DELETE_ACCESS_CODE action attempt and the code is gone from get and list at once', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const keep = await create(ws, { device_id: august, code: '1357' })
    const gone = await create(ws, { device_id: august, code: '2468' })
    expect((await list(ws, august)).map((c) => c.access_code_id).sort()).toEqual(
      [keep.access_code_id, gone.access_code_id].sort(),
    )

    const attempt = expectOk(
      await ws.call('/access_codes/delete', { access_code_id: gone.access_code_id }),
    ).action_attempt
    expect(attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
    expectError(
      await ws.call('/access_codes/get', { access_code_id: gone.access_code_id }),
      404,
      'access_code_not_found',
    )
    expectError(await ws.call('/access_codes/get', { device_id: august, code: '2468' }), 404, 'access_code_not_found')
    expect((await list(ws, august)).map((c) => c.access_code_id)).toEqual([keep.access_code_id])
    expect(
      expectOk(await ws.call('/access_codes/list', { access_code_ids: [gone.access_code_id] })).access_codes,
    ).toEqual([])
    const tracked = expectOk(
      await ws.call('/action_attempts/get', { action_attempt_id: attempt?.action_attempt_id ?? '' }),
    ).action_attempt
    expect(tracked?.action_type).toBe('DELETE_ACCESS_CODE')

    expectError(
      await ws.call('/access_codes/delete', { access_code_id: gone.access_code_id }),
      404,
      'access_code_not_found',
    )
    expectError(
      await ws.call('/access_codes/update', { access_code_id: gone.access_code_id, name: 'x' }),
      404,
      'access_code_not_found',
    )
  })

  it('accepts the DELETE method the SDK may send', async () => {
    const ws = await workspaceWith('august')
    const [august] = ws.devices
    const code = await create(ws, { device_id: august })
    const attempt = expectOk(
      await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }, 'DELETE'),
    ).action_attempt
    expect(attempt?.action_type).toBe('DELETE_ACCESS_CODE')
    expect(await list(ws, august)).toEqual([])
  })
})

describe('events', () => {
  const MINUTE = 60_000

  it("create, update, delete and pull record their events with the spec's fields, and /events/list filters them", async () => {
    const ws = await workspaceWith('august', 'yale')
    const [august, yale] = ws.devices
    const augustAccount = expectOk(await ws.call('/devices/get', { device_id: august })).device?.connected_account_id
    clock.advance(MINUTE)
    const t0 = clock.now().toISOString()
    const code = await create(ws, {
      device_id: august,
      name: 'Guest',
      use_backup_access_code_pool: true,
      starts_at: inHours(1),
      ends_at: inHours(48),
    })
    const onYale = await create(ws, { device_id: yale, name: 'Yale guest' })
    clock.advance(MINUTE)
    const t1 = clock.now().toISOString()
    expectOk(await ws.call('/access_codes/update', { access_code_id: code.access_code_id, name: 'Guest 2' }))
    clock.advance(MINUTE)
    const t2 = clock.now().toISOString()
    const backup = expectOk(
      await ws.call('/access_codes/pull_backup_access_code', { access_code_id: code.access_code_id }),
    ).backup_access_code
    clock.advance(MINUTE)
    const t3 = clock.now().toISOString()
    expectOk(await ws.call('/access_codes/delete', { access_code_id: code.access_code_id }))
    clock.advance(MINUTE)

    const forCode =
      expectOk(await ws.call('/events/list', { since: t0, access_code_id: code.access_code_id })).events ?? []
    expect(forCode.map((e) => [e.event_type, e.occurred_at])).toEqual([
      ['access_code.deleted', t3],
      ['access_code.backup_access_code_pulled', t2],
      ['access_code.changed', t1],
      ['access_code.created', t0],
    ])
    for (const event of forCode) {
      expect(event).toMatchObject({
        event_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        workspace_id: ws.workspaceId,
        access_code_id: code.access_code_id,
        device_id: august,
        connected_account_id: augustAccount,
        created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      })
    }
    const byType = new Map(forCode.map((e) => [e.event_type, e]))
    expect(byType.get('access_code.deleted')?.code).toBe(code.code)
    expect(byType.get('access_code.backup_access_code_pulled')?.backup_access_code_id).toBe(backup?.access_code_id)

    const eventTypesOf = async (filters: Record<string, unknown>): Promise<string[]> =>
      (expectOk(await ws.call('/events/list', filters)).events ?? []).map((e) => e.event_type)

    // since is inclusive, between is exclusive at both ends.
    expect(await eventTypesOf({ since: t1, access_code_id: code.access_code_id })).toEqual([
      'access_code.deleted',
      'access_code.backup_access_code_pulled',
      'access_code.changed',
    ])
    expect(await eventTypesOf({ between: [t0, t2], access_code_id: code.access_code_id })).toEqual([
      'access_code.changed',
    ])
    expect(await eventTypesOf({ between: [t0, t3], device_id: august })).toEqual([
      'access_code.backup_access_code_pulled',
      'access_code.changed',
    ])

    // device_id keeps to that lock.
    const onYaleEvents = expectOk(await ws.call('/events/list', { since: t0, device_id: yale })).events ?? []
    expect(onYaleEvents.map((e) => [e.event_type, e.access_code_id])).toEqual([
      ['access_code.created', onYale.access_code_id],
    ])

    // event_type and event_types.
    const deleted =
      expectOk(await ws.call('/events/list', { since: t0, event_type: 'access_code.deleted' })).events ?? []
    expect(deleted.map((e) => e.access_code_id)).toEqual([code.access_code_id])
    const createdOrDeleted =
      expectOk(
        await ws.call('/events/list', { since: t0, event_types: ['access_code.created', 'access_code.deleted'] }),
      ).events ?? []
    expect(createdOrDeleted.map((e) => e.event_type)).toEqual([
      'access_code.deleted',
      'access_code.created',
      'access_code.created',
    ])
    expect(createdOrDeleted[0]?.access_code_id).toBe(code.access_code_id)
    expect(
      createdOrDeleted
        .slice(1)
        .map((e) => e.access_code_id)
        .sort(),
    ).toEqual([code.access_code_id, onYale.access_code_id].sort())

    // The same filters work on GET with a query string, and /events/get returns the same event.
    const query = new URLSearchParams({
      since: t0,
      access_code_id: code.access_code_id,
      event_type: 'access_code.changed',
    })
    const viaGet = await fetch(`${server.endpoint}/events/list?${query.toString()}`, {
      headers: { authorization: `Bearer ${ws.apiKey}` },
    })
    expect(viaGet.status).toBe(200)
    const viaGetBody = (await viaGet.json()) as ApiBody
    expect(viaGetBody.events?.map((e) => e.occurred_at)).toEqual([t1])
    const changedEvent = viaGetBody.events?.[0]
    const fetched = expectOk(await ws.call('/events/get', { event_id: changedEvent?.event_id ?? '' })).event
    expect(fetched).toEqual(changedEvent)

    // Through the SDK.
    const sdkEvents = await ws.seam.events.list({
      since: t0,
      access_code_id: code.access_code_id,
      event_types: ['access_code.deleted'],
    })
    expect(sdkEvents.map((e) => e.event_type)).toEqual(['access_code.deleted'])
  })

  it("another workspace's events are not listed, and since or between is required", async () => {
    const mine = await workspaceWith('august')
    const theirs = await workspaceWith('august')
    const since = clock.now().toISOString()
    await create(theirs, { device_id: theirs.devices[0] })
    expect(expectOk(await mine.call('/events/list', { since, event_type: 'access_code.created' })).events).toEqual([])
    expect(
      expectOk(await theirs.call('/events/list', { since, event_type: 'access_code.created' })).events,
    ).toHaveLength(1)
    expect(expectInvalidFields(await mine.call('/events/list', { event_type: 'access_code.created' }))).toEqual([
      'since',
    ])
  })
})
