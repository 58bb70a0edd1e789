// How the request wrapper reads its input at the edges (issue 12, mutation survivors of lib/api/handle-request.ts):
// a list in the query string given by repeating its key, with or without `[]`, any number of times, keeps every
// value; a body of only whitespace is no parameters at all, like an empty one, not malformed JSON.
import { describe, expect, it } from 'vitest'
import { call, deviceId, expectInvalidField, seam, UNKNOWN_ID } from '@/tests/support/bad-input-api'
import { isJson, type Json } from '@/tests/support/http-client'

const idsOf = (body: Json): unknown[] =>
  Array.isArray(body.access_codes) ? body.access_codes.map((c: unknown) => (isJson(c) ? c.access_code_id : c)) : []

describe('a list in the query string', () => {
  it('keeps every value of a key repeated three times, with or without [], or both', async () => {
    const ids: string[] = []
    for (const name of ['First', 'Second', 'Third'])
      ids.push((await seam.accessCodes.create({ device_id: deviceId, name })).access_code_id)
    const [first = '', second = '', third = ''] = ids
    const forms: Record<string, Record<string, string | string[]>> = {
      repeated: { access_code_ids: [first, second, third, UNKNOWN_ID] },
      brackets: { 'access_code_ids[]': [first, second, third] },
      mixed: { access_code_ids: first, 'access_code_ids[]': [second, third] },
    }
    for (const [form, query] of Object.entries(forms)) {
      const answer = await call('/access_codes/list', { method: 'GET', query })
      expect({ form, status: answer.status }).toEqual({ form, status: 200 })
      expect({ form, ids: [...idsOf(answer.body)].sort() }).toEqual({ form, ids: [...ids].sort() })
    }
  })
})

describe('a body of only whitespace', () => {
  it('is no parameters, like an empty body: the answer names what is missing, not bad JSON', async () => {
    for (const body of [' ', '\n\t \r\n']) {
      const answer = await call('/access_codes/create', { body })
      expectInvalidField(answer, 'device_id')
      expect(answer.text).not.toMatch(/not valid JSON/)
    }
  })
})
