import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

let store: Store
let server: TestApiServer
let mine: CreatedWorkspace
let theirs: CreatedWorkspace

const CLIENT = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  mine = await createWorkspace(store.db, systemClock, { name: 'Mine', sandboxDevices: 2 })
  theirs = await createWorkspace(store.db, systemClock, { name: 'Theirs', sandboxDevices: 1 })
  const user = await createUser(store.db, systemClock, { email: 'Pat@Example.com', password: 'correct horse' })
  await addMembership(store.db, systemClock, user.user_id, mine.workspace_id, 'admin')
})
afterAll(async () => {
  await server.close()
  await store.close()
})

async function signIn(password = 'correct horse'): Promise<Response> {
  return fetch(`${server.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: CLIENT,
    body: JSON.stringify({ email: 'pat@example.com', password }),
  })
}

async function sessionCookie(): Promise<string> {
  const response = await signIn()
  const cookie = response.headers.get('set-cookie') ?? ''
  return cookie.split(';')[0] ?? ''
}

describe('dashboard sessions', () => {
  it('signs in with email and password and sets an HttpOnly, SameSite cookie', async () => {
    const response = await signIn()
    expect(response.status).toBe(200)
    const body = (await response.json()) as { user: { email: string }; workspaces: { workspace_id: string }[] }
    expect(body.user.email).toBe('pat@example.com')
    expect(body.workspaces.map((w) => w.workspace_id)).toEqual([mine.workspace_id])
    const cookie = response.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^latchkey_session=[\w-]{20,};/)
    expect(cookie).toContain('HttpOnly')
    expect(cookie).toContain('SameSite=Lax')
    expect(cookie).not.toContain('Secure')
  })

  it('refuses a wrong password without saying which half was wrong', async () => {
    const response = await signIn('wrong password')
    expect(response.status).toBe(401)
    expect(((await response.json()) as { error: { type: string; message: string } }).error).toMatchObject({
      type: 'unauthorized',
      message: 'Wrong email or password.',
    })
  })

  it('lets a signed-in member call the API for their workspace, and only theirs', async () => {
    const cookie = await sessionCookie()
    const devices = await fetch(`${server.endpoint}/devices/list`, {
      headers: { cookie, 'latchkey-workspace-id': mine.workspace_id },
    })
    expect(devices.status).toBe(200)
    expect(((await devices.json()) as { devices: unknown[] }).devices).toHaveLength(2)
    const other = await fetch(`${server.endpoint}/devices/list`, {
      headers: { cookie, 'latchkey-workspace-id': theirs.workspace_id },
    })
    expect(other.status).toBe(404)
    expect(((await other.json()) as { error: { type: string } }).error.type).toBe('workspace_not_found')
  })

  it('refuses cookie-authenticated writes from another site or without the client header', async () => {
    const cookie = await sessionCookie()
    const body = JSON.stringify({ device_id: mine.device_ids[0], code: '4821' })
    const crossSite = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: { ...CLIENT, cookie, 'latchkey-workspace-id': mine.workspace_id, 'sec-fetch-site': 'cross-site' },
      body,
    })
    expect(crossSite.status).toBe(403)
    expect(((await crossSite.json()) as { error: { type: string } }).error.type).toBe('forbidden')
    const noHeader = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: { cookie, 'latchkey-workspace-id': mine.workspace_id, 'content-type': 'application/json' },
      body,
    })
    expect(noHeader.status).toBe(403)
    expect(((await noHeader.json()) as { error: { type: string } }).error.type).toBe('forbidden')
    const ok = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: { ...CLIENT, cookie, 'latchkey-workspace-id': mine.workspace_id },
      body,
    })
    expect(ok.status).toBe(200)
  })

  it('manages API keys for admins only through the session, showing the key once', async () => {
    const cookie = await sessionCookie()
    const headers = { ...CLIENT, cookie, 'latchkey-workspace-id': mine.workspace_id }
    const created = await fetch(`${server.endpoint}/api_keys/create`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Channel manager' }),
    })
    expect(created.status).toBe(200)
    const { token, api_key } = (await created.json()) as {
      token: string
      api_key: { api_key_id: string; key_prefix: string }
    }
    expect(token.startsWith('seam_')).toBe(true)
    expect(token.startsWith(api_key.key_prefix)).toBe(true)
    const listed = (await (await fetch(`${server.endpoint}/api_keys/list`, { headers })).json()) as {
      api_keys: Record<string, unknown>[]
    }
    expect(JSON.stringify(listed)).not.toContain(token)
    const withKey = await fetch(`${server.endpoint}/devices/list`, { headers: { authorization: `Bearer ${token}` } })
    expect(withKey.status).toBe(200)
    const byKey = await fetch(`${server.endpoint}/api_keys/list`, { headers: { authorization: `Bearer ${token}` } })
    expect(byKey.status).toBe(403)
    expect(((await byKey.json()) as { error: { type: string } }).error.type).toBe('forbidden')
    const revoked = await fetch(`${server.endpoint}/api_keys/revoke`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ api_key_id: api_key.api_key_id }),
    })
    expect(revoked.status).toBe(200)
    expect(
      (await fetch(`${server.endpoint}/devices/list`, { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401)
  })

  it('signs out: the cookie no longer works', async () => {
    const cookie = await sessionCookie()
    const out = await fetch(`${server.endpoint}/auth/sign_out`, { method: 'POST', headers: { ...CLIENT, cookie } })
    expect(out.status).toBe(200)
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0')
    const after = await fetch(`${server.endpoint}/auth/session`, { headers: { cookie } })
    expect(after.status).toBe(401)
  })
})
