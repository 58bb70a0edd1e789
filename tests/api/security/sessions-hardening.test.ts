// Issue 13, point 7: dashboard sessions. Over HTTPS the cookie is `__Host-` and Secure; a session ends after 12 hours
// unused (besides its 14 days), its use written at most once a minute; a person can sign out everywhere, and is on a
// password change or when disabled; ended sessions are purged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/auth/sessions'
import { addMembership, createUser, disableUser, enableUser, setPassword } from '@/lib/auth/users'
import { parseEnv } from '@/lib/config/env'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

const PASSWORD = 'correct horse battery'
const HOUR = 3_600_000
const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
/** Settings as the process environment would give them. */
const settings = (values: Record<string, string>): NodeJS.ProcessEnv => ({ NODE_ENV: 'test', ...values })

const clock = new ManualClock('2026-04-01T10:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
const userIds: Record<string, string> = {}

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Sessions', sandboxDevices: 1 })
  for (const email of ['ana@example.com', 'ben@example.com', 'cy@example.com', 'dee@example.com', 'eve@example.com']) {
    const user = await createUser(store.db, clock, { email, password: PASSWORD })
    await addMembership(store.db, clock, user.user_id, ws.workspace_id, 'member')
    userIds[email] = user.user_id
  }
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

async function signIn(
  email: string,
  { https = false, password = PASSWORD }: { https?: boolean; password?: string } = {},
): Promise<{ status: number; setCookie: string; cookie: string }> {
  const response = await fetch(`${server.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: { ...DASHBOARD, ...(https ? { 'x-forwarded-proto': 'https' } : {}) },
    body: JSON.stringify({ email, password }),
  })
  const setCookie = response.headers.get('set-cookie') ?? ''
  return { status: response.status, setCookie, cookie: setCookie.split(';')[0] ?? '' }
}

async function sessionStatus(cookie: string, { https = false } = {}): Promise<number> {
  const response = await fetch(`${server.endpoint}/auth/session`, {
    headers: { cookie, ...(https ? { 'x-forwarded-proto': 'https' } : {}) },
  })
  return response.status
}

const sessionsOf = (email: string) =>
  store.db
    .selectFrom('sessions')
    .select(['session_id', 'last_used_at'])
    .where('user_id', '=', userIds[email] ?? '')
    .execute()

describe('the session cookie', () => {
  it('is `__Host-` and Secure over HTTPS (a TLS proxy says so in X-Forwarded-Proto), for Path=/ and no Domain', async () => {
    const { status, setCookie, cookie } = await signIn('ana@example.com', { https: true })
    expect(status).toBe(200)
    expect(setCookie).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE}=[\\w-]{20,}; Path=/; HttpOnly; SameSite=Lax; `))
    expect(setCookie).toMatch(/; Secure$/)
    expect(setCookie).not.toMatch(/Domain=/i)
    expect(await sessionStatus(cookie, { https: true })).toBe(200)
    // Over HTTPS only the prefixed cookie counts: a plain one (which a subdomain or an http page could plant) does not.
    const token = cookie.slice(cookie.indexOf('=') + 1)
    expect(await sessionStatus(`${SESSION_COOKIE}=${token}`, { https: true })).toBe(401)
  })

  it('keeps its plain name without Secure over plain HTTP (local development, tests, the journeys)', async () => {
    const { setCookie, cookie } = await signIn('ana@example.com')
    expect(setCookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true)
    expect(setCookie).not.toContain('Secure')
    expect(await sessionStatus(cookie)).toBe(200)
  })

  it('is cleared under the same name on sign-out over HTTPS', async () => {
    const { cookie } = await signIn('ana@example.com', { https: true })
    const out = await fetch(`${server.endpoint}/auth/sign_out`, {
      method: 'POST',
      headers: { ...DASHBOARD, cookie, 'x-forwarded-proto': 'https' },
    })
    expect(out.headers.get('set-cookie')).toMatch(new RegExp(`^${SECURE_SESSION_COOKIE}=; .*Max-Age=0; Secure$`))
    expect(await sessionStatus(cookie, { https: true })).toBe(401)
  })
})

describe('the idle timeout', () => {
  it('is 12 hours by default, and SESSION_IDLE_TIMEOUT_MINUTES sets it', () => {
    expect(parseEnv(settings({})).SESSION_IDLE_TIMEOUT_MINUTES).toBe(720)
    expect(parseEnv(settings({ SESSION_IDLE_TIMEOUT_MINUTES: '60' })).SESSION_IDLE_TIMEOUT_MINUTES).toBe(60)
    expect(() => parseEnv(settings({ SESSION_IDLE_TIMEOUT_MINUTES: '0' }))).toThrow(/SESSION_IDLE_TIMEOUT_MINUTES/)
  })

  it('ends a session unused for 12 hours; each use starts the 12 hours again', async () => {
    const { cookie } = await signIn('ben@example.com')
    clock.advance(12 * HOUR - 1_000)
    expect(await sessionStatus(cookie)).toBe(200)
    clock.advance(12 * HOUR - 1_000)
    expect(await sessionStatus(cookie)).toBe(200)
    clock.advance(12 * HOUR)
    expect(await sessionStatus(cookie)).toBe(401)
    // Ended for good: it was deleted, and using it again does not bring it back.
    expect(await sessionsOf('ben@example.com')).toEqual([])
  })

  it('records a use at most once a minute, not on every request', async () => {
    const { cookie } = await signIn('cy@example.com')
    const [created] = await sessionsOf('cy@example.com')
    clock.advance(59_000)
    expect(await sessionStatus(cookie)).toBe(200)
    expect(await sessionStatus(cookie)).toBe(200)
    expect((await sessionsOf('cy@example.com'))[0]?.last_used_at).toBe(created?.last_used_at)
    clock.advance(1_000)
    expect(await sessionStatus(cookie)).toBe(200)
    expect((await sessionsOf('cy@example.com'))[0]?.last_used_at).toBe(clock.now().toISOString())
  })
})

describe('signing out everywhere', () => {
  it('ends every session of the person (not anyone else’s) and clears this cookie', async () => {
    const laptop = await signIn('dee@example.com')
    const phone = await signIn('dee@example.com')
    const someoneElse = await signIn('eve@example.com')
    const response = await fetch(`${server.endpoint}/auth/sign_out_everywhere`, {
      method: 'POST',
      headers: { ...DASHBOARD, cookie: phone.cookie },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ended_sessions: 2, ok: true })
    expect(response.headers.get('set-cookie')).toContain('Max-Age=0')
    expect(await sessionStatus(laptop.cookie)).toBe(401)
    expect(await sessionStatus(phone.cookie)).toBe(401)
    expect(await sessionStatus(someoneElse.cookie)).toBe(200)
  })

  it('is refused without a session, and from another site', async () => {
    const anonymous = await fetch(`${server.endpoint}/auth/sign_out_everywhere`, { method: 'POST', headers: DASHBOARD })
    expect(anonymous.status).toBe(401)
    const { cookie } = await signIn('eve@example.com')
    const crossSite = await fetch(`${server.endpoint}/auth/sign_out_everywhere`, {
      method: 'POST',
      headers: { ...DASHBOARD, cookie, 'sec-fetch-site': 'cross-site' },
    })
    expect(crossSite.status).toBe(403)
    expect(await sessionStatus(cookie)).toBe(200)
  })

  it('happens on a password change: the old sessions end, the new password signs in', async () => {
    const before = await signIn('eve@example.com')
    await setPassword(store.db, userIds['eve@example.com'] ?? '', 'a brand new passphrase')
    expect(await sessionStatus(before.cookie)).toBe(401)
    expect((await signIn('eve@example.com')).status).toBe(401)
    const after = await signIn('eve@example.com', { password: 'a brand new passphrase' })
    expect(await sessionStatus(after.cookie)).toBe(200)
  })

  it('happens when the user is disabled, who then cannot sign in until enabled again', async () => {
    const before = await signIn('ana@example.com')
    await disableUser(store.db, clock, userIds['ana@example.com'] ?? '')
    expect(await sessionStatus(before.cookie)).toBe(401)
    const refused = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: DASHBOARD,
      body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
    })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({
      error: { type: 'forbidden', message: 'This account has been disabled. Ask your Latchkey administrator.' },
    })
    // A wrong password still says only that: the account's state is told to whoever knows the password.
    expect((await signIn('ana@example.com', { password: 'not it at all' })).status).toBe(401)
    await enableUser(store.db, userIds['ana@example.com'] ?? '')
    expect((await signIn('ana@example.com')).status).toBe(200)
  })
})

describe('purging', () => {
  it('deletes expired and idle sessions when anyone signs in', async () => {
    await signIn('cy@example.com')
    await signIn('cy@example.com')
    expect((await sessionsOf('cy@example.com')).length).toBeGreaterThanOrEqual(2)
    clock.advance(12 * HOUR)
    await signIn('dee@example.com')
    expect(await sessionsOf('cy@example.com')).toEqual([])
    expect(await sessionsOf('dee@example.com')).toHaveLength(1)
  })
})
