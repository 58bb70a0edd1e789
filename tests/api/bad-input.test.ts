import { Seam, SeamHttpInvalidInputError } from 'seam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

// What the API answers to input it cannot use: always the error envelope with the right status and type,
// naming the field, never a 500, a stack trace or SQL. Plain fetch, so the test sees exactly what is sent.

let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let seam: Seam
let deviceId: string
let accessCodeId: string
const UNKNOWN_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

type Json = Record<string, unknown>
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

interface Answer {
  status: number
  headers: Headers
  text: string
  body: Json
}

interface CallOptions {
  method?: string
  /** A string is sent as is (for malformed JSON); anything else is JSON-encoded. */
  body?: unknown
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  authorized?: boolean
}

// What a leaked internal looks like: a stack frame, a file path, or the SQL / driver text of either store.
const LEAK =
  /\bat\s+\S+\s+\(|\.ts:\d+|node_modules|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|sqlite|postgres|kysely|SQLITE_|syntax error|violates|constraint failed/i

async function call(path: string, options: CallOptions = {}): Promise<Answer> {
  const method = options.method ?? 'POST'
  const url = new URL(`${server.endpoint}${path}`)
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v)
  }
  const headers: Record<string, string> = { ...options.headers }
  if (options.authorized !== false) headers.authorization = `Bearer ${ws.api_key}`
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = {}
  if (text !== '') {
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new Error(
        `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`,
      )
    }
  }
  if (!isJson(parsed)) throw new Error(`${method} ${path} answered with a non-object body: ${text.slice(0, 300)}`)
  expect(response.status, `${method} ${path} must never answer 500: ${text.slice(0, 500)}`).not.toBe(500)
  if (response.status >= 400) expect(text, `${method} ${path} leaks internals`).not.toMatch(LEAK)
  return { status: response.status, headers: response.headers, text, body: parsed }
}

/** Asserts the error envelope `{ error: { type, message }, ok: false }` with this status and type; returns the error. */
function expectError(answer: Answer, status: number, type: string): Json {
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`expected an error envelope, got ${answer.status} ${answer.text.slice(0, 500)}`)
  expect({ status: answer.status, type: error.type }, answer.text.slice(0, 500)).toEqual({ status, type })
  expect(answer.body.ok).toBe(false)
  expect(typeof error.message).toBe('string')
  expect(String(error.message).length).toBeGreaterThan(0)
  return error
}

/** 400 invalid_input whose message and validation_errors name the field. */
function expectInvalidField(answer: Answer, field: string): void {
  const error = expectError(answer, 400, 'invalid_input')
  expect(String(error.message)).toContain(field)
  const validation = error.validation_errors
  if (!isJson(validation)) throw new Error(`expected validation_errors in ${answer.text}`)
  const entry = validation[field]
  if (!isJson(entry) || !Array.isArray(entry._errors))
    throw new Error(`validation_errors does not name ${field}: ${answer.text}`)
  expect(entry._errors.length).toBeGreaterThan(0)
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString()

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  ws = await createWorkspace(store.db, systemClock, { name: 'Bad input', sandboxDevices: 2 })
  seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
  deviceId = ws.device_ids[0] ?? ''
  accessCodeId = (await seam.accessCodes.create({ device_id: deviceId, name: 'Existing', code: '3579' })).access_code_id
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

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
    for (const name of ['\ud800', 'tab\tand\u0001bell\u0007', '\u202eevil', 'x'.repeat(100_000)]) {
      const answer = await call('/access_codes/create', { body: { device_id: deviceId, name } })
      expect([200, 400]).toContain(answer.status)
      if (answer.status === 400) expectInvalidField(answer, 'name')
    }
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

describe('methods and endpoints', () => {
  it('answers 405 method_not_allowed, with Allow, for a method the endpoint does not take', async () => {
    const cases: [string, string][] = [
      ['/access_codes/create', 'GET'],
      ['/access_codes/create', 'PUT'],
      ['/access_codes/create', 'DELETE'],
      ['/access_codes/get', 'DELETE'],
      ['/access_codes/get', 'PUT'],
      ['/access_codes/create_multiple', 'PATCH'],
      ['/access_codes/update_multiple', 'PUT'],
      ['/devices/list', 'PATCH'],
    ]
    for (const [path, method] of cases) {
      const answer = await call(path, { method, body: method === 'GET' ? undefined : {} })
      expectError(answer, 405, 'method_not_allowed')
      expect(answer.headers.get('allow') ?? '').not.toContain(method)
      expect(answer.headers.get('allow') ?? '').toContain('POST')
    }
  })

  it('answers 404 endpoint_not_found for an unknown endpoint', async () => {
    for (const path of [
      '/access_codes/nope',
      '/locks/unlock_door',
      '/',
      '/access_codes',
      '/access_codes/list/extra',
      '/ACCESS_CODES/LIST',
    ]) {
      expectError(await call(path, { body: {} }), 404, 'endpoint_not_found')
    }
  })

  it('accepts the methods the SDK sends: PUT update and create_multiple, PATCH update_multiple, DELETE delete', async () => {
    const update = await call('/access_codes/update', {
      method: 'PUT',
      body: { access_code_id: accessCodeId, name: 'Existing' },
    })
    expect(update.status).toBe(200)
    expect(update.body.ok).toBe(true)
    const patchUpdate = await call('/access_codes/update', {
      method: 'PATCH',
      body: { access_code_id: accessCodeId, name: 'Existing' },
    })
    expect(patchUpdate.status).toBe(200)

    const multiple = await call('/access_codes/create_multiple', {
      method: 'PUT',
      body: { device_ids: ws.device_ids, name: 'Linked' },
    })
    expect(multiple.status).toBe(200)
    const codes = multiple.body.access_codes
    if (!Array.isArray(codes) || !isJson(codes[0])) throw new Error(`create_multiple answered ${multiple.text}`)
    const key = codes[0].common_code_key
    expect(typeof key).toBe('string')

    const updateMultiple = await call('/access_codes/update_multiple', {
      method: 'PATCH',
      body: { common_code_key: key, name: 'Relinked' },
    })
    expect(updateMultiple.status).toBe(200)
    expect(updateMultiple.body).toEqual({ ok: true })

    const created = await seam.accessCodes.create({ device_id: deviceId, code: '802468' })
    const deleted = await call('/access_codes/delete', {
      method: 'DELETE',
      body: { access_code_id: created.access_code_id },
    })
    expect(deleted.status).toBe(200)
    expect(isJson(deleted.body.action_attempt)).toBe(true)
  })
})

describe('reads over GET with a query string', () => {
  it('lists codes, gets a code and a device, generates a code and lists devices and events', async () => {
    const list = await call('/access_codes/list', { method: 'GET', query: { device_id: deviceId } })
    expect(list.status).toBe(200)
    const codes = list.body.access_codes
    if (!Array.isArray(codes)) throw new Error(list.text)
    expect(codes.some((c) => isJson(c) && c.access_code_id === accessCodeId)).toBe(true)

    const get = await call('/access_codes/get', { method: 'GET', query: { access_code_id: accessCodeId } })
    expect(get.status).toBe(200)
    expect(isJson(get.body.access_code) && get.body.access_code.access_code_id).toBe(accessCodeId)

    const byIds = await call('/access_codes/list', {
      method: 'GET',
      query: { access_code_ids: [accessCodeId, UNKNOWN_ID] },
    })
    expect(byIds.status).toBe(200)
    expect(Array.isArray(byIds.body.access_codes) && byIds.body.access_codes.length).toBe(1)
    const byIdsBrackets = await call('/access_codes/list', {
      method: 'GET',
      query: { 'access_code_ids[]': accessCodeId },
    })
    expect(Array.isArray(byIdsBrackets.body.access_codes) && byIdsBrackets.body.access_codes.length).toBe(1)

    const device = await call('/devices/get', { method: 'GET', query: { device_id: deviceId } })
    expect(device.status).toBe(200)
    expect(isJson(device.body.device) && device.body.device.device_id).toBe(deviceId)

    const devices = await call('/devices/list', { method: 'GET', query: { limit: '1' } })
    expect(devices.status).toBe(200)
    expect(Array.isArray(devices.body.devices) && devices.body.devices.length).toBe(1)
    expect(isJson(devices.body.pagination) && devices.body.pagination.has_next_page).toBe(true)

    const generated = await call('/access_codes/generate_code', { method: 'GET', query: { device_id: deviceId } })
    expect(generated.status).toBe(200)

    const events = await call('/events/list', {
      method: 'GET',
      query: { since: inDays(-1), event_types: 'access_code.created' },
    })
    expect(events.status).toBe(200)
    const listed = events.body.events
    if (!Array.isArray(listed)) throw new Error(events.text)
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.every((e) => isJson(e) && e.event_type === 'access_code.created')).toBe(true)
  })

  it('names bad query parameters just like bad body parameters', async () => {
    expectInvalidField(await call('/access_codes/list', { method: 'GET', query: { device_id: 'nope' } }), 'device_id')
    expectInvalidField(
      await call('/access_codes/list', { method: 'GET', query: { device_id: deviceId, limit: 'ten' } }),
      'limit',
    )
    expectInvalidField(
      await call('/access_codes/list', { method: 'GET', query: { device_id: deviceId, extra: '1' } }),
      'extra',
    )
    expectInvalidField(await call('/access_codes/get', { method: 'GET' }), 'access_code_id')
  })
})

describe('the SDK reads field errors', () => {
  it("SeamHttpInvalidInputError.getValidationErrorMessages(field) returns that field's messages", async () => {
    const cases: [() => PromiseLike<unknown>, string][] = [
      [() => seam.accessCodes.create({ device_id: 'not-a-uuid' }), 'device_id'],
      [() => seam.accessCodes.create({ device_id: deviceId, code: '12' }), 'code'],
      [() => seam.accessCodes.create({ device_id: deviceId, starts_at: inDays(2), ends_at: inDays(1) }), 'ends_at'],
      [() => seam.accessCodes.update({ access_code_id: accessCodeId, code: 'abcd' }), 'code'],
      [() => seam.accessCodes.list({ device_id: deviceId, limit: 0 }), 'limit'],
    ]
    for (const [request, field] of cases) {
      let caught: unknown
      try {
        await request()
      } catch (error) {
        caught = error
      }
      if (!(caught instanceof SeamHttpInvalidInputError))
        throw new Error(`expected SeamHttpInvalidInputError for ${field}, got ${String(caught)}`)
      expect(caught.statusCode).toBe(400)
      expect(caught.code).toBe('invalid_input')
      const messages = caught.getValidationErrorMessages(field)
      expect(messages.length, `messages for ${field}`).toBeGreaterThan(0)
      expect(messages.every((m) => typeof m === 'string' && m.length > 0)).toBe(true)
      expect(caught.getValidationErrorMessages('no_such_field')).toEqual([])
    }
  })
})

describe('conditional list requests', () => {
  it('answers 304 to If-None-Match while nothing changed, and 200 with the new list after a write', async () => {
    const listDeviceId = ws.device_ids[1] ?? ''
    const first = await call('/access_codes/list', { method: 'GET', query: { device_id: listDeviceId } })
    expect(first.status).toBe(200)
    const etag = first.headers.get('etag')
    if (etag === null) throw new Error('no ETag on /access_codes/list')

    const unchanged = await call('/access_codes/list', {
      method: 'GET',
      query: { device_id: listDeviceId },
      headers: { 'if-none-match': etag },
    })
    expect(unchanged.status).toBe(304)
    expect(unchanged.text).toBe('')
    expect(unchanged.headers.get('etag')).toBe(etag)
    const unchangedPost = await call('/access_codes/list', {
      body: { device_id: listDeviceId },
      headers: { 'if-none-match': etag },
    })
    expect(unchangedPost.status).toBe(304)

    // A write on another device leaves this list as it is.
    await seam.accessCodes.create({ device_id: deviceId, code: '246813' })
    const stillUnchanged = await call('/access_codes/list', {
      method: 'GET',
      query: { device_id: listDeviceId },
      headers: { 'if-none-match': etag },
    })
    expect(stillUnchanged.status).toBe(304)

    const created = await seam.accessCodes.create({ device_id: listDeviceId, name: 'New', code: '753186' })
    const afterCreate = await call('/access_codes/list', {
      method: 'GET',
      query: { device_id: listDeviceId },
      headers: { 'if-none-match': etag },
    })
    expect(afterCreate.status).toBe(200)
    const etag2 = afterCreate.headers.get('etag')
    expect(etag2).not.toBeNull()
    expect(etag2).not.toBe(etag)
    expect(afterCreate.text).toContain(created.access_code_id)

    const steps: [string, () => PromiseLike<unknown>][] = [
      ['update', () => seam.accessCodes.update({ access_code_id: created.access_code_id, name: 'Renamed' })],
      ['delete', () => seam.accessCodes.delete({ access_code_id: created.access_code_id })],
    ]
    let current = etag2 ?? ''
    for (const [write, run] of steps) {
      expect(
        (await call('/access_codes/list', { body: { device_id: listDeviceId }, headers: { 'if-none-match': current } }))
          .status,
      ).toBe(304)
      await run()
      const after = await call('/access_codes/list', {
        body: { device_id: listDeviceId },
        headers: { 'if-none-match': current },
      })
      expect({ write, status: after.status }).toEqual({ write, status: 200 })
      current = after.headers.get('etag') ?? ''
    }
  })

  it('checks the key before answering 304', async () => {
    const listDeviceId = ws.device_ids[1] ?? ''
    const whole = await call('/access_codes/list', { body: { device_id: listDeviceId } })
    const etag = whole.headers.get('etag') ?? ''
    const anonymous = await call('/access_codes/list', {
      body: { device_id: listDeviceId },
      headers: { 'if-none-match': etag },
      authorized: false,
    })
    expectError(anonymous, 401, 'unauthorized')
  })
})
