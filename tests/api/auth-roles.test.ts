import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '@/lib/api/operations'
import { addMembership, createUser } from '@/lib/auth/users'
import { SESSION_TTL_MS } from '@/lib/auth/sessions'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

// Who may do what once signed in: a member works with locks and codes but not with API keys, an API key never
// manages keys, a key of another workspace is as unknown as one never issued, and a session ends after 14 days.

const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
const PASSWORD = 'correct horse battery'
const UNKNOWN_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let server: TestApiServer
let mine: CreatedWorkspace
let theirs: CreatedWorkspace

interface Answer {
  status: number
  body: Json
}

async function answerOf(response: Response): Promise<Answer> {
  const body: unknown = await response.json()
  if (!isJson(body)) throw new Error(`expected a JSON object, got ${JSON.stringify(body)}`)
  return { status: response.status, body }
}

function errorOf(answer: Answer): { type: unknown; message: string } {
  expect(answer.body.ok, JSON.stringify(answer.body)).toBe(false)
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`expected an error envelope, got ${JSON.stringify(answer.body)}`)
  return { type: error.type, message: String(error.message) }
}

/** Status and error type together, so a failure shows both. */
const refusal = (answer: Answer) => ({ status: answer.status, type: errorOf(answer).type })

async function signIn(email: string): Promise<{ cookie: string; setCookie: string; body: Json }> {
  const response = await fetch(`${server.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: DASHBOARD,
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  const setCookie = response.headers.get('set-cookie') ?? ''
  const answer = await answerOf(response)
  expect(answer.status, JSON.stringify(answer.body)).toBe(200)
  return { cookie: setCookie.split(';')[0] ?? '', setCookie, body: answer.body }
}

/** A request as the dashboard sends it, with a session cookie, in a workspace. */
async function asSession(
  cookie: string,
  path: string,
  body: Json = {},
  workspaceId: string = mine.workspace_id,
): Promise<Answer> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { ...DASHBOARD, cookie, 'latchkey-workspace-id': workspaceId },
    body: JSON.stringify(body),
  })
  return answerOf(response)
}

async function asKey(apiKey: string, path: string, body: Json = {}): Promise<Answer> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return answerOf(response)
}

function keyIdOf(answer: Answer): string {
  const apiKey = answer.body.api_key
  if (!isJson(apiKey) || typeof apiKey.api_key_id !== 'string') throw new Error(JSON.stringify(answer.body))
  return apiKey.api_key_id
}

async function keyIdsOf(cookie: string, workspaceId: string = mine.workspace_id): Promise<unknown[]> {
  const listed = await asSession(cookie, '/api_keys/list', {}, workspaceId)
  expect(listed.status).toBe(200)
  const keys = listed.body.api_keys
  if (!Array.isArray(keys)) throw new Error(JSON.stringify(listed.body))
  return keys.map((k: unknown) => (isJson(k) ? k.api_key_id : undefined))
}

/** Every endpoint only a signed-in admin may call, read from the operations table so a new one is covered too. */
const adminOnlyPaths = operations.filter((op) => op.auth === 'session').map((op) => op.path)

/** A body each admin-only endpoint would accept: the refusal must come from who is asking, not from the input. */
function validBodyFor(path: string, ownKeyId: string): Json {
  if (path === '/api_keys/create') return { name: 'Not for a member' }
  if (path === '/api_keys/revoke') return { api_key_id: ownKeyId }
  return {}
}

let adminCookie: string
let memberCookie: string
let theirAdminCookie: string
let myKeyId: string

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  mine = await createWorkspace(store.db, clock, { name: 'Mine', sandboxDevices: 2 })
  theirs = await createWorkspace(store.db, clock, { name: 'Theirs', sandboxDevices: 1 })
  const admin = await createUser(store.db, clock, { email: 'ana@example.com', password: PASSWORD })
  const member = await createUser(store.db, clock, { email: 'max@example.com', password: PASSWORD })
  const theirAdmin = await createUser(store.db, clock, { email: 'tess@example.com', password: PASSWORD })
  await addMembership(store.db, clock, admin.user_id, mine.workspace_id, 'admin')
  await addMembership(store.db, clock, member.user_id, mine.workspace_id, 'member')
  await addMembership(store.db, clock, theirAdmin.user_id, theirs.workspace_id, 'admin')
  adminCookie = (await signIn('ana@example.com')).cookie
  memberCookie = (await signIn('max@example.com')).cookie
  theirAdminCookie = (await signIn('tess@example.com')).cookie
  const [myKey] = await keyIdsOf(adminCookie)
  if (typeof myKey !== 'string') throw new Error('the workspace has no API key')
  myKeyId = myKey
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

describe('a member of the workspace', () => {
  it('signs in and is told their role', async () => {
    const session = await asSession(memberCookie, '/auth/session')
    expect(session.body.workspaces).toEqual([
      { workspace_id: mine.workspace_id, name: 'Mine', is_sandbox: true, role: 'member' },
    ])
    const listed = await asSession(memberCookie, '/workspaces/list')
    expect(listed.body.workspaces).toEqual(session.body.workspaces)
  })

  it('works with locks and codes like an admin, but may not run the sandbox simulations (issue 13)', async () => {
    const deviceId = mine.device_ids[0] ?? ''
    expect((await asSession(memberCookie, '/devices/list')).status).toBe(200)
    const created = await asSession(memberCookie, '/access_codes/create', {
      device_id: deviceId,
      name: 'Cleaner',
      code: '3579',
    })
    expect(created.status, JSON.stringify(created.body)).toBe(200)
    const simulated = await asSession(memberCookie, '/devices/simulate/fail_next_operations', {
      device_id: deviceId,
      set: 1,
    })
    expect(refusal(simulated)).toEqual({ status: 403, type: 'forbidden' })
  })

  it('is refused every admin-only endpoint with 403 forbidden, and no key is made or revoked', async () => {
    expect(adminOnlyPaths).toEqual(expect.arrayContaining(['/api_keys/list', '/api_keys/create', '/api_keys/revoke']))
    const before = await keyIdsOf(adminCookie)
    for (const path of adminOnlyPaths) {
      const answer = await asSession(memberCookie, path, validBodyFor(path, myKeyId))
      expect({ path, ...refusal(answer) }).toEqual({ path, status: 403, type: 'forbidden' })
      expect(errorOf(answer).message).toBe('Only workspace admins can do this.')
    }
    expect(await keyIdsOf(adminCookie)).toEqual(before)
    expect((await asKey(mine.api_key, '/devices/list')).status).toBe(200)
  })

  it('becomes an admin when made one, and can then manage keys', async () => {
    const member = await store.db
      .selectFrom('users')
      .select('user_id')
      .where('email', '=', 'max@example.com')
      .executeTakeFirstOrThrow()
    await addMembership(store.db, clock, member.user_id, mine.workspace_id, 'admin')
    expect((await asSession(memberCookie, '/api_keys/list')).status).toBe(200)
    await addMembership(store.db, clock, member.user_id, mine.workspace_id, 'member')
    expect(refusal(await asSession(memberCookie, '/api_keys/list'))).toEqual({ status: 403, type: 'forbidden' })
  })
})

describe('API keys never manage keys', () => {
  it("answers 403 forbidden on every admin-only endpoint, even for the workspace's own key", async () => {
    for (const path of adminOnlyPaths) {
      const answer = await asKey(mine.api_key, path, validBodyFor(path, myKeyId))
      expect({ path, ...refusal(answer) }).toEqual({ path, status: 403, type: 'forbidden' })
    }
    expect((await asKey(mine.api_key, '/devices/list')).status).toBe(200)
  })
})

describe('api_key_not_found', () => {
  async function revokeRefusal(apiKeyId: string): Promise<{ status: number; type: unknown; message: string }> {
    const answer = await asSession(adminCookie, '/api_keys/revoke', { api_key_id: apiKeyId })
    const { type, message } = errorOf(answer)
    return { status: answer.status, type, message: message.split(apiKeyId).join('<id>') }
  }

  it('answers 404 for a key that was never issued', async () => {
    expect(await revokeRefusal(UNKNOWN_ID)).toEqual({
      status: 404,
      type: 'api_key_not_found',
      message: 'API key <id> was not found.',
    })
  })

  it("answers another workspace's key exactly like an unknown one, and leaves it working", async () => {
    const [theirKeyId] = await keyIdsOf(theirAdminCookie, theirs.workspace_id)
    if (typeof theirKeyId !== 'string') throw new Error('their workspace has no API key')
    expect(await revokeRefusal(theirKeyId)).toEqual(await revokeRefusal(UNKNOWN_ID))
    expect((await asKey(theirs.api_key, '/devices/list')).status).toBe(200)
    expect(await keyIdsOf(adminCookie)).not.toContain(theirKeyId)
  })

  it('answers 400 invalid_input naming api_key_id for an id that is not one', async () => {
    const answer = await asSession(adminCookie, '/api_keys/revoke', { api_key_id: 'seam_not-an-id' })
    expect(refusal(answer)).toEqual({ status: 400, type: 'invalid_input' })
    expect(errorOf(answer).message).toContain('api_key_id')
  })

  it('revoking a revoked key again keeps the first revocation, and the key stays refused', async () => {
    const created = await asSession(adminCookie, '/api_keys/create', { name: 'Channel manager' })
    const token = String(created.body.token)
    const keyId = keyIdOf(created)
    expect((await asKey(token, '/devices/list')).status).toBe(200)
    const first = await asSession(adminCookie, '/api_keys/revoke', { api_key_id: keyId })
    expect(first.body.api_key).toMatchObject({ revoked_at: clock.now().toISOString() })
    const revokedAt = clock.now().toISOString()
    clock.advance(60_000)
    const again = await asSession(adminCookie, '/api_keys/revoke', { api_key_id: keyId })
    expect(again.status).toBe(200)
    expect(again.body.api_key).toMatchObject({ api_key_id: keyId, revoked_at: revokedAt })
    expect(refusal(await asKey(token, '/devices/list'))).toEqual({ status: 401, type: 'unauthorized' })
  })
})

describe('every 403 carries error.type forbidden', () => {
  it('for cookie requests from another site, or writes without the dashboard header', async () => {
    const crossSite = await fetch(`${server.endpoint}/devices/list`, {
      headers: { cookie: adminCookie, 'latchkey-workspace-id': mine.workspace_id, 'sec-fetch-site': 'cross-site' },
    })
    expect(refusal(await answerOf(crossSite))).toEqual({ status: 403, type: 'forbidden' })
    const otherOrigin = await fetch(`${server.endpoint}/devices/list`, {
      headers: { cookie: adminCookie, 'latchkey-workspace-id': mine.workspace_id, origin: 'https://evil.example' },
    })
    expect(refusal(await answerOf(otherOrigin))).toEqual({ status: 403, type: 'forbidden' })
    const noClientHeader = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: { cookie: adminCookie, 'latchkey-workspace-id': mine.workspace_id, 'content-type': 'application/json' },
      body: JSON.stringify({ device_id: mine.device_ids[0], code: '8264' }),
    })
    expect(refusal(await answerOf(noClientHeader))).toEqual({ status: 403, type: 'forbidden' })
  })

  it('for signing in or out from another site', async () => {
    for (const path of ['/auth/sign_in', '/auth/sign_out']) {
      const response = await fetch(`${server.endpoint}${path}`, {
        method: 'POST',
        headers: { ...DASHBOARD, 'sec-fetch-site': 'cross-site' },
        body: JSON.stringify(path === '/auth/sign_in' ? { email: 'ana@example.com', password: PASSWORD } : {}),
      })
      const answer = await answerOf(response)
      expect({ path, ...refusal(answer) }).toEqual({ path, status: 403, type: 'forbidden' })
      expect(response.headers.get('set-cookie')).toBeNull()
    }
  })
})

describe('a session lasts 14 days', () => {
  it('works until 14 days after sign-in, then answers 401 unauthorized until signed in again', async () => {
    const signedInAt = clock.now().getTime()
    const { cookie, setCookie } = await signIn('ana@example.com')
    expect(setCookie).toContain(`Expires=${new Date(signedInAt + SESSION_TTL_MS).toUTCString()}`)
    expect(SESSION_TTL_MS).toBe(14 * 24 * 3_600_000)

    // Used twice a day (the idle timeout is 12 hours), it lives until its 14 days are up.
    for (let at = signedInAt + 11 * 3_600_000; at < signedInAt + SESSION_TTL_MS; at += 11 * 3_600_000) {
      clock.set(new Date(at))
      expect((await asSession(cookie, '/auth/session')).status).toBe(200)
    }
    clock.set(new Date(signedInAt + SESSION_TTL_MS - 1_000))
    expect((await asSession(cookie, '/auth/session')).status).toBe(200)
    expect((await asSession(cookie, '/devices/list')).status).toBe(200)

    clock.set(new Date(signedInAt + SESSION_TTL_MS))
    const expired = await asSession(cookie, '/devices/list')
    expect(refusal(expired)).toEqual({ status: 401, type: 'unauthorized' })
    expect(errorOf(expired).message).toBe('Your session has ended. Sign in again.')
    expect(refusal(await asSession(cookie, '/auth/session'))).toEqual({ status: 401, type: 'unauthorized' })
    expect(refusal(await asSession(cookie, '/api_keys/list'))).toEqual({ status: 401, type: 'unauthorized' })

    const fresh = await signIn('ana@example.com')
    expect((await asSession(fresh.cookie, '/devices/list')).status).toBe(200)
    // API keys do not expire with sessions.
    expect((await asKey(mine.api_key, '/devices/list')).status).toBe(200)
  })
})
