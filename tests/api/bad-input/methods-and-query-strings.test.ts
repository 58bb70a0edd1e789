// What the API answers to input it cannot use: always the error envelope with the right status and type,
// naming the field, never a 500, a stack trace or SQL. Plain fetch, so the test sees exactly what is sent.
// Methods, unknown endpoints, reads over GET, the SDK reading field errors, and conditional list requests.
import { SeamHttpInvalidInputError } from 'seam'
import { describe, expect, it } from 'vitest'
import {
  ws,
  seam,
  deviceId,
  accessCodeId,
  UNKNOWN_ID,
  call,
  expectError,
  expectInvalidField,
} from '@/tests/support/bad-input-api'
import { isJson } from '@/tests/support/http-client'
import { inDays } from '@/tests/support/instants'

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
