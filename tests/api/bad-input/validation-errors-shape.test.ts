// The shape of `validation_errors` the Seam SDK reads (issue 12, mutation survivors of lib/api/errors.ts): each field's
// messages under `_errors`, an unknown parameter said to be one, an element of a list named by its place, an empty
// `_errors` for the body as a whole, and no `validation_errors` at all on refusals that name no field.
import { describe, expect, it } from 'vitest'
import { call, deviceId, expectError, UNKNOWN_ID } from '@/tests/support/bad-input-api'
import { isJson, type Json } from '@/tests/support/http-client'

function validationOf(error: Json): Json {
  const validation = error.validation_errors
  if (!isJson(validation)) throw new Error(`no validation_errors in ${JSON.stringify(error)}`)
  return validation
}

describe('validation_errors', () => {
  it('says an unknown parameter is not one, under its name, with an empty _errors for the body', async () => {
    const error = expectError(
      await call('/access_codes/create', { body: { device_id: deviceId, pin: '1234' } }),
      400,
      'invalid_input',
    )
    expect(validationOf(error)).toEqual({ _errors: [], pin: { _errors: ['is not a parameter of this endpoint'] } })
  })

  it('names the place of a bad element in a list', async () => {
    const error = expectError(
      await call('/access_codes/list', { body: { access_code_ids: [UNKNOWN_ID, 'not-a-uuid'] } }),
      400,
      'invalid_input',
    )
    const validation = validationOf(error)
    expect(Object.keys(validation).sort()).toEqual(['_errors', 'access_code_ids'])
    const field = validation.access_code_ids
    const messages = isJson(field) && Array.isArray(field._errors) ? field._errors : []
    expect(messages).toHaveLength(1)
    expect(String(messages[0])).toMatch(/^1: \S/)
  })

  it('is left out when no field is named: malformed JSON, an unknown id', async () => {
    const malformed = expectError(await call('/access_codes/create', { body: '{"device_id":' }), 400, 'invalid_input')
    expect(malformed).not.toHaveProperty('validation_errors')
    const unknown = expectError(
      await call('/devices/get', { body: { device_id: UNKNOWN_ID } }),
      404,
      'device_not_found',
    )
    expect(unknown).not.toHaveProperty('validation_errors')
  })
})
