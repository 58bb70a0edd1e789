// Found by the endpoint fuzz on PostgreSQL (every-endpoint.test.ts): an empty id list became `in ()`, a syntax error
// on PostgreSQL (a 500) while SQLite answered. An empty list names nothing: the answer is an empty list, on both.
import { describe, expect, it } from 'vitest'
import { call, deviceId } from '@/tests/support/bad-input-api'

describe('an empty list of ids', () => {
  it('devices/list with device_ids [] finds no device', async () => {
    const answer = await call('/devices/list', { body: { device_ids: [] } })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.body.devices).toEqual([])
  })

  it('events/list with event_ids [] finds no event', async () => {
    const answer = await call('/events/list', { body: { since: '2000-01-01T00:00:00Z', event_ids: [] } })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.body.events).toEqual([])
  })

  it('access_codes/list with access_code_ids [] finds no code', async () => {
    const answer = await call('/access_codes/list', { body: { device_id: deviceId, access_code_ids: [] } })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.body.access_codes).toEqual([])
  })
})
