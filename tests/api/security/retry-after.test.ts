// Retry-After says when a throttled key may come back (issue 12, mutation survivors of lib/api/rate-limit.ts and
// handle-request.ts): the wait the limiter really has left, the same number as the message, and only on a 429.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiRateLimiter } from '@/lib/api/rate-limit'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-04-01T10:00:00.000Z')
const HOUR_SECONDS = 3600
// Two requests and one more in a burst, each an hour: a refused key has most of an hour to wait, and no test run lasts
// long enough for the limiter (which counts on the real clock) to let it through again.
const LIMIT = { points: 2, seconds: HOUR_SECONDS, burstPoints: 1, burstSeconds: HOUR_SECONDS }

let store: Store
let server: TestApiServer
let ws: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock, apiRateLimiter: createApiRateLimiter(LIMIT) })
  ws = await createWorkspace(store.db, clock, { name: 'Retry after', sandboxDevices: 1 })
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

async function post(
  path: string,
  apiKey: string,
  body: string,
): Promise<{ status: number; type: unknown; message: string; retryAfter: string | null }> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body,
  })
  const parsed: unknown = await response.json()
  if (!isJson(parsed)) throw new Error(`expected a JSON object: ${JSON.stringify(parsed)}`)
  const error = isJson(parsed.error) ? parsed.error : {}
  return {
    status: response.status,
    type: error.type,
    message: String(error.message ?? ''),
    retryAfter: response.headers.get('retry-after'),
  }
}

describe('a throttled API key', () => {
  it('is told to come back when its window ends (most of an hour here), in the header and the message alike', async () => {
    const allowed: number[] = []
    for (let i = 0; i < LIMIT.points + LIMIT.burstPoints; i += 1)
      allowed.push((await post('/devices/list', ws.api_key, '{}')).status)
    expect(allowed).toEqual([200, 200, 200])
    const refused = await post('/devices/list', ws.api_key, '{}')
    expect({ status: refused.status, type: refused.type }).toEqual({ status: 429, type: 'too_many_requests' })
    const seconds = Number(refused.retryAfter)
    expect(seconds).toBeGreaterThan(HOUR_SECONDS - 600)
    expect(seconds).toBeLessThanOrEqual(HOUR_SECONDS)
    expect(refused.message).toBe(
      `This API key sent more than 2 requests in ${HOUR_SECONDS} seconds (and its burst allowance). Retry after ${seconds} seconds.`,
    )
  })
})

describe('answers that are not a 429', () => {
  it('carry no Retry-After: a wrong key, bad input, an unknown endpoint', async () => {
    // Fresh keys: the one above is spent.
    const other = await createWorkspace(store.db, clock, { name: 'Not throttled', sandboxDevices: 1 })
    const answers = {
      wrongKey: await post('/devices/list', 'seam_not_a_key_of_anyone_987654', '{}'),
      badInput: await post('/access_codes/create', other.api_key, '{"device_id":'),
      unknownEndpoint: await post('/nothing/here', other.api_key, '{}'),
    }
    expect({
      wrongKey: [answers.wrongKey.status, answers.wrongKey.retryAfter],
      badInput: [answers.badInput.status, answers.badInput.retryAfter],
      unknownEndpoint: [answers.unknownEndpoint.status, answers.unknownEndpoint.retryAfter],
    }).toEqual({ wrongKey: [401, null], badInput: [400, null], unknownEndpoint: [404, null] })
  })
})
