// Issue 13, point 2: each API key has a request rate limit (with a burst allowance); past it, Seam's error envelope
// with 429 too_many_requests and Retry-After. Wrong keys are counted too, before the key is looked up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiRateLimiter, perSecond } from '@/lib/api/rate-limit'
import { parseEnv } from '@/lib/config/env'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

/** Settings as the process environment would give them. */
const settings = (values: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: 'test', ...values })

const clock = new ManualClock('2026-04-01T10:00:00.000Z')
let store: Store
let server: TestApiServer
let mine: CreatedWorkspace
let theirs: CreatedWorkspace

// Three a minute and two more in a burst: a window no test run can outlast, so no answer depends on timing.
const LIMIT = { points: 3, seconds: 60, burstPoints: 2, burstSeconds: 60 }

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock, apiRateLimiter: createApiRateLimiter(LIMIT) })
  mine = await createWorkspace(store.db, clock, { name: 'Mine', sandboxDevices: 1 })
  theirs = await createWorkspace(store.db, clock, { name: 'Theirs', sandboxDevices: 1 })
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

async function listDevices(
  apiKey: string,
): Promise<{ status: number; type?: string; message?: string; retryAfter: string | null }> {
  const response = await fetch(`${server.endpoint}/devices/list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: '{}',
  })
  const body = (await response.json()) as { ok: boolean; error?: { type: string; message: string } }
  return {
    status: response.status,
    ...(body.error === undefined ? {} : { type: body.error.type, message: body.error.message }),
    retryAfter: response.headers.get('retry-after'),
  }
}

describe('the per-API-key rate limit', () => {
  it('lets a key make its requests and its burst, then answers 429 too_many_requests with Retry-After', async () => {
    const statuses: number[] = []
    for (let i = 0; i < LIMIT.points + LIMIT.burstPoints; i += 1)
      statuses.push((await listDevices(mine.api_key)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200])
    const refused = await listDevices(mine.api_key)
    expect(refused).toMatchObject({ status: 429, type: 'too_many_requests' })
    expect(refused.message).toMatch(
      /^This API key sent more than 3 requests in 60 seconds \(and its burst allowance\)\. Retry after \d+ seconds?\.$/,
    )
    const retryAfter = Number(refused.retryAfter)
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
  })

  it("counts each key on its own: another workspace's key is not slowed", async () => {
    expect((await listDevices(theirs.api_key)).status).toBe(200)
  })

  it('counts wrong keys too, so guessing keys is limited like using one', async () => {
    const guess = 'seam_not_a_key_of_anyone_123456'
    const statuses: number[] = []
    for (let i = 0; i < LIMIT.points + LIMIT.burstPoints + 1; i += 1) statuses.push((await listDevices(guess)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })
})

describe('its settings', () => {
  it('are on by default at 50 requests a second, and can be changed or switched off', () => {
    expect(parseEnv(settings({}))).toMatchObject({ API_RATE_LIMIT: 'on', API_RATE_LIMIT_PER_SECOND: 50 })
    expect(parseEnv(settings({ API_RATE_LIMIT: 'off', API_RATE_LIMIT_PER_SECOND: '500' }))).toMatchObject({
      API_RATE_LIMIT: 'off',
      API_RATE_LIMIT_PER_SECOND: 500,
    })
    expect(() => parseEnv(settings({ API_RATE_LIMIT: 'maybe' }))).toThrow(/API_RATE_LIMIT/)
    expect(perSecond(50)).toEqual({ points: 50, seconds: 1, burstPoints: 100, burstSeconds: 10 })
  })
})
