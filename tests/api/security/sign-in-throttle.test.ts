// Issue 13, point 2: sign-in cannot be brute-forced. Failures are counted per account and per client address, in the
// store (so instances share them); past the limit a 429 too_many_requests with Retry-After, before any password is
// checked, for lockouts that double; a right password clears the account's count; password checks are capped.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { passwordChecks } from '@/lib/auth/passwords'
import { ACCOUNT_RULE, ADDRESS_RULE } from '@/lib/auth/sign-in-throttle'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

const PASSWORD = 'correct horse battery'
const clock = new ManualClock('2026-04-01T10:00:00.000Z')
let store: Store
let server: TestApiServer
/** A second instance of the app on the same store. */
let other: TestApiServer
/** Each test signs in from an address of its own, so the address counts of one do not lock out the next. */
let testAddress = ''
let addressCount = 0
beforeEach(() => {
  addressCount += 1
  testAddress = `198.51.100.${addressCount}`
})

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  other = await startTestApiServer({ db: store.db, clock })
  const ws = await createWorkspace(store.db, clock, { name: 'Throttle', sandboxDevices: 0 })
  for (const email of ['ana@example.com', 'ben@example.com', 'cy@example.com', 'dee@example.com']) {
    const user = await createUser(store.db, clock, { email, password: PASSWORD })
    await addMembership(store.db, clock, user.user_id, ws.workspace_id, 'member')
  }
})
afterAll(async () => {
  await other?.close()
  await server?.close()
  await store?.close()
})

interface Attempt {
  status: number
  type: string | undefined
  message: string | undefined
  retryAfter: string | null
}

async function signIn(
  email: string,
  password: string,
  { address = testAddress, via = server }: { address?: string; via?: TestApiServer } = {},
): Promise<Attempt> {
  const response = await fetch(`${via.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: { 'latchkey-client': 'dashboard', 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  })
  const body = (await response.json()) as { error?: { type: string; message: string } }
  return {
    status: response.status,
    type: body.error?.type,
    message: body.error?.message,
    retryAfter: response.headers.get('retry-after'),
  }
}

async function failTimes(count: number, email: string, options: { address?: string } = {}): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const attempt = await signIn(email, `wrong password ${i}`, options)
    expect({ i, status: attempt.status, type: attempt.type }).toEqual({ i, status: 401, type: 'unauthorized' })
  }
}

describe('per account', () => {
  it('locks an account out after 5 failures: 429 with Retry-After, even for the right password, then lets it in', async () => {
    await failTimes(ACCOUNT_RULE.failuresAllowed, 'ana@example.com')
    const locked = await signIn('ana@example.com', PASSWORD)
    expect(locked).toEqual({
      status: 429,
      type: 'too_many_requests',
      message: 'Too many failed sign-ins for this account. Try again in 5 minutes.',
      retryAfter: '300',
    })
    // Another address does not help: the count is the account's.
    expect((await signIn('ana@example.com', PASSWORD, { address: '203.0.113.50' })).status).toBe(429)

    clock.advance(299_000)
    expect(await signIn('ana@example.com', PASSWORD)).toMatchObject({ status: 429, retryAfter: '1' })
    clock.advance(1_000)
    expect((await signIn('ana@example.com', PASSWORD)).status).toBe(200)
  })

  it('doubles each further lockout within a day', async () => {
    await failTimes(ACCOUNT_RULE.failuresAllowed, 'ben@example.com')
    expect((await signIn('ben@example.com', PASSWORD)).retryAfter).toBe('300')
    clock.advance(300_000)
    await failTimes(ACCOUNT_RULE.failuresAllowed, 'ben@example.com')
    expect(await signIn('ben@example.com', PASSWORD)).toMatchObject({ status: 429, retryAfter: '600' })
    clock.advance(600_000)
    await failTimes(ACCOUNT_RULE.failuresAllowed, 'ben@example.com')
    expect(await signIn('ben@example.com', PASSWORD)).toMatchObject({
      status: 429,
      retryAfter: '1200',
      message: 'Too many failed sign-ins for this account. Try again in 20 minutes.',
    })
  })

  it('starts counting afresh after a successful sign-in', async () => {
    await failTimes(ACCOUNT_RULE.failuresAllowed - 1, 'cy@example.com')
    expect((await signIn('cy@example.com', PASSWORD)).status).toBe(200)
    await failTimes(ACCOUNT_RULE.failuresAllowed - 1, 'cy@example.com')
    expect((await signIn('cy@example.com', PASSWORD)).status).toBe(200)
  })

  it('throttles an unknown email exactly like a real one (no hint which exist)', async () => {
    await failTimes(ACCOUNT_RULE.failuresAllowed, 'nobody@example.com')
    expect(await signIn('nobody@example.com', PASSWORD)).toMatchObject({ status: 429, retryAfter: '300' })
  })

  it('is shared by every instance on the store: failures on one lock the account out on another', async () => {
    for (let i = 0; i < ACCOUNT_RULE.failuresAllowed; i += 1) {
      const via = i % 2 === 0 ? server : other
      expect((await signIn('dee@example.com', `wrong ${i}`, { via })).status).toBe(401)
    }
    expect(await signIn('dee@example.com', PASSWORD, { via: other })).toMatchObject({ status: 429 })
    expect(await signIn('dee@example.com', PASSWORD, { via: server })).toMatchObject({ status: 429 })
  })
})

describe('per client address', () => {
  it('locks out an address that fails across many accounts, and not another address', async () => {
    const address = '192.0.2.99'
    for (let i = 0; i < ADDRESS_RULE.failuresAllowed; i += 1) {
      // A new account each time: no account reaches its own limit.
      expect((await signIn(`spray${i}@example.com`, 'Winter2026!', { address })).status).toBe(401)
    }
    expect(await signIn('new-victim@example.com', 'Winter2026!', { address })).toEqual({
      status: 429,
      type: 'too_many_requests',
      message: 'Too many failed sign-ins from your network. Try again in 15 minutes.',
      retryAfter: '900',
    })
    expect((await signIn('new-victim@example.com', 'Winter2026!', { address: '192.0.2.100' })).status).toBe(401)
  })

  it('takes the address the nearest proxy saw (the last X-Forwarded-For entry), not what the client claims', async () => {
    const address = '192.0.2.99, 10.9.8.7' // a forged first entry, then the real client as the proxy appended it
    expect((await signIn('cy@example.com', 'wrong', { address })).status).toBe(401)
    expect((await signIn('cy@example.com', PASSWORD, { address: '10.9.8.7, 192.0.2.99' })).status).toBe(429)
  })
})

describe('password checks', () => {
  it('answers 429 too_many_requests at once when every check slot and the queue are taken', async () => {
    const release: (() => void)[] = []
    const held = Array.from({ length: passwordChecks.capacity + passwordChecks.maxWaiting }, () =>
      passwordChecks.run(() => new Promise<void>((resolve) => release.push(resolve))),
    )
    try {
      expect(await signIn('cy@example.com', PASSWORD, { address: '203.0.113.1' })).toEqual({
        status: 429,
        type: 'too_many_requests',
        message: 'The server is busy checking other sign-ins. Try again in a moment.',
        retryAfter: '1',
      })
    } finally {
      while (release.length > 0 || passwordChecks.running > 0) {
        release.shift()?.()
        await Promise.resolve()
      }
      await Promise.all(held)
    }
    expect((await signIn('cy@example.com', PASSWORD, { address: '203.0.113.1' })).status).toBe(200)
  })
})
