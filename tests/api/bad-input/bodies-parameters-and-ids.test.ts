// What the API answers to input it cannot use: always the error envelope with the right status and type,
// naming the field, never a 500, a stack trace or SQL. Plain fetch, so the test sees exactly what is sent.
// Malformed bodies, unknown or mistyped parameters, ids, and text the stores may choke on.
import { describe, expect, it } from 'vitest'
import {
  seam,
  deviceId,
  accessCodeId,
  UNKNOWN_ID,
  call,
  expectError,
  expectInvalidField,
} from '@/tests/support/bad-input-api'
import type { Json } from '@/tests/support/http-client'
import { inDays } from '@/tests/support/instants'

describe('malformed bodies', () => {
  it('answers 400 invalid_input in the envelope for malformed JSON', async () => {
    for (const body of ['{"device_id":', '{device_id: 1}', "{'a': 1}", '{"a": 1,}', 'not json at all', '\u0000']) {
      expectError(await call('/access_codes/create', { body }), 400, 'invalid_input')
    }
  })

  it('answers 400 invalid_input when the body is JSON but not an object', async () => {
    for (const body of ['[1, 2]', '"a string"', '42', 'null', 'true', '[]']) {
      const error = expectError(await call('/access_codes/create', { body }), 400, 'invalid_input')
      expect(String(error.message)).toMatch(/object/i)
    }
  })

  it('treats an empty body as no parameters, and names what is missing', async () => {
    expectInvalidField(await call('/access_codes/create', { body: '' }), 'device_id')
    expectInvalidField(await call('/access_codes/create', { body: {} }), 'device_id')
  })

  it('answers 413 payload_too_large for a body over 1 MB', async () => {
    const answer = await call('/access_codes/create', { body: { device_id: deviceId, name: 'x'.repeat(1_100_000) } })
    expectError(answer, 413, 'payload_too_large')
  })
})

describe('unknown and mistyped parameters', () => {
  it('answers 400 invalid_input naming an unknown parameter', async () => {
    expectInvalidField(await call('/access_codes/create', { body: { device_id: deviceId, pin: '1234' } }), 'pin')
    expectInvalidField(await call('/access_codes/list', { body: { device_id: deviceId, device: deviceId } }), 'device')
    expectInvalidField(await call('/devices/list', { body: { colour: 'red' } }), 'colour')
    expectInvalidField(
      await call('/access_codes/update', { body: { access_code_id: accessCodeId, nmae: 'Typo' } }),
      'nmae',
    )
  })

  it('answers 400 invalid_input naming a parameter of the wrong type', async () => {
    expectInvalidField(await call('/access_codes/create', { body: { device_id: deviceId, code: 1234 } }), 'code')
    expectInvalidField(await call('/access_codes/create', { body: { device_id: deviceId, name: ['a'] } }), 'name')
    expectInvalidField(await call('/access_codes/create', { body: { device_id: deviceId, code: '12a4' } }), 'code')
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, is_offline_access_code: 'yes' } }),
      'is_offline_access_code',
    )
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, max_time_rounding: '2days' } }),
      'max_time_rounding',
    )
    expectInvalidField(await call('/access_codes/create_multiple', { body: { device_ids: deviceId } }), 'device_ids')
    expectInvalidField(await call('/access_codes/create_multiple', { body: { device_ids: [] } }), 'device_ids')
    expectInvalidField(
      await call('/access_codes/create_multiple', {
        body: { device_ids: [deviceId], behavior_when_code_cannot_be_shared: 'ignore' },
      }),
      'behavior_when_code_cannot_be_shared',
    )
    expectInvalidField(
      await call('/access_codes/update', { body: { access_code_id: accessCodeId, type: 'permanent' } }),
      'type',
    )
    expectInvalidField(
      await call('/access_codes/report_device_constraints', {
        body: { device_id: deviceId, supported_code_lengths: [3] },
      }),
      'supported_code_lengths',
    )
    expectInvalidField(
      await call('/access_codes/report_device_constraints', { body: { device_id: deviceId } }),
      'supported_code_lengths',
    )
  })

  it('answers 400 invalid_input for limits and cursors it cannot use', async () => {
    for (const limit of [0, -1, 1.5, 'many', 1e20]) {
      expectInvalidField(await call('/access_codes/list', { body: { device_id: deviceId, limit } }), 'limit')
      expectInvalidField(await call('/devices/list', { body: { limit } }), 'limit')
    }
    for (const cursor of [
      'nonsense',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('{"a":1}').toString('base64url'),
      '%%%',
    ]) {
      expectInvalidField(
        await call('/access_codes/list', { body: { device_id: deviceId, page_cursor: cursor } }),
        'page_cursor',
      )
      expectInvalidField(await call('/devices/list', { body: { page_cursor: cursor } }), 'page_cursor')
    }
  })

  it('answers 400 invalid_input naming the time field that is not an ISO 8601 date-time with an offset', async () => {
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, starts_at: 'tomorrow', ends_at: inDays(2) } }),
      'starts_at',
    )
    expectInvalidField(
      await call('/access_codes/create', {
        body: { device_id: deviceId, starts_at: inDays(1), ends_at: '2030-01-01T10:00:00' },
      }),
      'ends_at',
    )
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, starts_at: inDays(1) } }),
      'ends_at',
    )
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, starts_at: inDays(2), ends_at: inDays(1) } }),
      'ends_at',
    )
    expectInvalidField(await call('/events/list', { body: { since: 'last week' } }), 'since')
    expectInvalidField(await call('/events/list', { body: {} }), 'since')
    expectInvalidField(await call('/events/list', { body: { between: [inDays(-1)] } }), 'between')
    expectInvalidField(await call('/devices/list', { body: { created_before: 'now' } }), 'created_before')
  })
})

describe('ids', () => {
  const notUuids = [
    'abc',
    '123',
    'not-a-uuid',
    "' OR 1=1 --",
    '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7',
    `${UNKNOWN_ID}x`,
    'x'.repeat(5000),
  ]
  const idFields: { path: string; field: string; body: (bad: string) => Json }[] = [
    { path: '/access_codes/create', field: 'device_id', body: (bad) => ({ device_id: bad }) },
    { path: '/access_codes/create_multiple', field: 'device_ids', body: (bad) => ({ device_ids: [bad] }) },
    { path: '/access_codes/delete', field: 'access_code_id', body: (bad) => ({ access_code_id: bad }) },
    {
      path: '/access_codes/delete',
      field: 'device_id',
      body: (bad) => ({ access_code_id: accessCodeId, device_id: bad }),
    },
    { path: '/access_codes/generate_code', field: 'device_id', body: (bad) => ({ device_id: bad }) },
    { path: '/access_codes/get', field: 'access_code_id', body: (bad) => ({ access_code_id: bad }) },
    { path: '/access_codes/get', field: 'device_id', body: (bad) => ({ device_id: bad, code: '3579' }) },
    { path: '/access_codes/list', field: 'device_id', body: (bad) => ({ device_id: bad }) },
    { path: '/access_codes/list', field: 'access_code_ids', body: (bad) => ({ access_code_ids: [bad] }) },
    {
      path: '/access_codes/pull_backup_access_code',
      field: 'access_code_id',
      body: (bad) => ({ access_code_id: bad }),
    },
    {
      path: '/access_codes/report_device_constraints',
      field: 'device_id',
      body: (bad) => ({ device_id: bad, supported_code_lengths: [4] }),
    },
    { path: '/access_codes/update', field: 'access_code_id', body: (bad) => ({ access_code_id: bad, name: 'x' }) },
    { path: '/action_attempts/get', field: 'action_attempt_id', body: (bad) => ({ action_attempt_id: bad }) },
    { path: '/devices/get', field: 'device_id', body: (bad) => ({ device_id: bad }) },
    { path: '/devices/list', field: 'device_ids', body: (bad) => ({ device_ids: [bad] }) },
    { path: '/events/get', field: 'event_id', body: (bad) => ({ event_id: bad }) },
    { path: '/events/list', field: 'device_id', body: (bad) => ({ since: inDays(-1), device_id: bad }) },
    { path: '/events/list', field: 'access_code_id', body: (bad) => ({ since: inDays(-1), access_code_id: bad }) },
  ]

  for (const { path, field, body } of idFields) {
    it(`${path}: a non-UUID ${field} is 400 invalid_input naming ${field}`, async () => {
      for (const bad of notUuids) expectInvalidField(await call(path, { body: body(bad) }), field)
      expectInvalidField(await call(path, { body: body(12345 as unknown as string) }), field)
    })
  }

  it('an unknown UUID is a 404 of the right type', async () => {
    const cases: [string, Json, string][] = [
      ['/access_codes/get', { access_code_id: UNKNOWN_ID }, 'access_code_not_found'],
      ['/access_codes/update', { access_code_id: UNKNOWN_ID, name: 'x' }, 'access_code_not_found'],
      ['/access_codes/delete', { access_code_id: UNKNOWN_ID }, 'access_code_not_found'],
      ['/access_codes/delete', { access_code_id: accessCodeId, device_id: UNKNOWN_ID }, 'access_code_not_found'],
      ['/access_codes/pull_backup_access_code', { access_code_id: UNKNOWN_ID }, 'access_code_not_found'],
      ['/access_codes/create', { device_id: UNKNOWN_ID }, 'device_not_found'],
      ['/access_codes/create_multiple', { device_ids: [deviceId, UNKNOWN_ID] }, 'device_not_found'],
      ['/access_codes/generate_code', { device_id: UNKNOWN_ID }, 'device_not_found'],
      ['/access_codes/list', { device_id: UNKNOWN_ID }, 'device_not_found'],
      [
        '/access_codes/report_device_constraints',
        { device_id: UNKNOWN_ID, supported_code_lengths: [4] },
        'device_not_found',
      ],
      ['/devices/get', { device_id: UNKNOWN_ID }, 'device_not_found'],
      ['/action_attempts/get', { action_attempt_id: UNKNOWN_ID }, 'action_attempt_not_found'],
      ['/events/get', { event_id: UNKNOWN_ID }, 'event_not_found'],
    ]
    for (const [path, body, type] of cases) expectError(await call(path, { body }), 404, type)
    // The code still exists: a delete naming the wrong device must not have removed it.
    expect((await seam.accessCodes.get({ access_code_id: accessCodeId })).name).toBe('Existing')
  })
})

describe('input the stores may choke on', () => {
  it('a NUL character is 400 invalid_input naming the field, on both stores alike', async () => {
    const cases: [string, Json, string][] = [
      ['/access_codes/create', { device_id: deviceId, name: 'a\u0000b' }, 'name'],
      ['/access_codes/create', { device_id: deviceId, code: '12\u000034' }, 'code'],
      ['/access_codes/update', { access_code_id: accessCodeId, name: '\u0000' }, 'name'],
      ['/access_codes/get', { device_id: deviceId, code: '1\u00002' }, 'code'],
      ['/access_codes/update_multiple', { common_code_key: 'k\u0000', name: 'x' }, 'common_code_key'],
      ['/access_codes/create_multiple', { device_ids: [deviceId], name: 'n\u0000' }, 'name'],
      ['/devices/list', { search: '%\u0000_\\' }, 'search'],
      ['/devices/get', { name: 'a\u0000b' }, 'name'],
      ['/events/list', { since: inDays(-1), event_types: ['access_code.created\u0000'] }, 'event_types'],
    ]
    for (const [path, body, field] of cases) expectInvalidField(await call(path, { body }), field)
    expectInvalidField(await call('/devices/list', { method: 'GET', query: { search: 'a\u0000' } }), 'search')
    expect((await seam.accessCodes.get({ access_code_id: accessCodeId })).name).toBe('Existing')
  })

  it('lone surrogates, other control characters and overlong text are answered, never a 500', async () => {
    // A name is free text: odd characters are kept as given (NUL is refused above); only its length is limited.
    const kept = ['\ud800', 'tab\tand\u0001bell\u0007', '\u202eevil', 'x'.repeat(200)]
    for (const name of kept) {
      const answer = await call('/access_codes/create', { body: { device_id: deviceId, name } })
      expect({ name, status: answer.status }).toEqual({ name, status: 200 })
      expect(answer.body.access_code).toMatchObject({ name })
    }
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, name: 'x'.repeat(201) } }),
      'name',
    )
    expectInvalidField(
      await call('/access_codes/create', { body: { device_id: deviceId, name: 'x'.repeat(100_000) } }),
      'name',
    )
    expectInvalidField(await call('/access_codes/create', { body: { device_id: deviceId, code: '٣٤٥٦' } }), 'code')
  })

  it('deeply nested and very wide bodies are 400, never a 500', async () => {
    const depth = 200_000
    const nested = `{"name": ${'['.repeat(depth)}${']'.repeat(depth)}, "device_id": "${deviceId}"}`
    const deep = await call('/access_codes/create', { body: nested })
    expect(deep.status).toBe(400)
    const wide = `{"device_ids": [${Array.from({ length: 200_000 }, () => '0').join(',')}]}`
    const broad = await call('/access_codes/create_multiple', { body: wide })
    expectInvalidField(broad, 'device_ids')
  })
})
