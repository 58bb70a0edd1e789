// Found by the endpoint fuzz (every-endpoint.test.ts): a body field named like a property every JavaScript object
// has (`constructor`, `toString`, `__proto__`) crashed the error envelope's field map into a 500. It must be refused
// like any unknown field, and named in validation_errors.
import { describe, expect, it } from 'vitest'
import { call, deviceId, expectInvalidField } from '@/tests/support/bad-input-api'

describe('fields named like Object.prototype members', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('refuses an unknown field "%s"', async (field) => {
    const answer = await call('/access_codes/create', { body: { device_id: deviceId, name: 'Proto', [field]: 1 } })
    expectInvalidField(answer, field)
  })

  it('refuses "__proto__" as a field and names it (it is a key in JSON, not a prototype)', async () => {
    const answer = await call('/access_codes/create', {
      body: `{"device_id":"${deviceId}","name":"Proto","__proto__":{"is_managed":false}}`,
    })
    expectInvalidField(answer, '__proto__')
  })

  it('names a known field that is wrong next to an unknown one called "constructor"', async () => {
    const answer = await call('/access_codes/list', { body: { device_id: 'not-a-uuid', constructor: [1] } })
    expectInvalidField(answer, 'device_id')
    expectInvalidField(answer, 'constructor')
    expect(answer.status).toBe(400)
  })
})
