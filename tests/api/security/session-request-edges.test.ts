// A signed-in dashboard request at the edges of what lib/api/authenticate.ts lets through (issue 12, mutation
// survivors): a browser's own Origin and Sec-Fetch-Site pass, a sibling site does not; reads need no client header,
// writes do; the workspace must be named, and an empty name is bad input, not an unknown workspace. And /auth/session
// only reads the session: it sets no cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const PASSWORD = 'correct horse battery'
const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }

const clock = new ManualClock('2026-04-01T10:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let cookie: string

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Session edges', sandboxDevices: 1 })
  const user = await createUser(store.db, clock, { email: 'ana@example.com', password: PASSWORD })
  await addMembership(store.db, clock, user.user_id, ws.workspace_id, 'admin')
  const response = await fetch(`${server.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: DASHBOARD,
    body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
  })
  expect(response.status).toBe(200)
  cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

/** The API's own address as a browser names it in Origin (the test server's host and port). */
const ownOrigin = (): string => new URL(server.endpoint).origin

async function asSession(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; type: unknown }> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: options.method ?? 'POST',
    headers: { cookie, 'latchkey-workspace-id': ws.workspace_id, ...options.headers },
    ...(options.body === undefined ? {} : { body: options.body }),
  })
  const body: unknown = await response.json()
  if (!isJson(body)) throw new Error(`expected a JSON object: ${JSON.stringify(body)}`)
  return { status: response.status, type: isJson(body.error) ? body.error.type : undefined }
}

describe("the dashboard's own requests", () => {
  it('pass with the Origin of this host, as a browser sends on every write', async () => {
    expect(await asSession('/devices/list', { headers: { ...DASHBOARD, origin: ownOrigin() }, body: '{}' })).toEqual({
      status: 200,
      type: undefined,
    })
  })

  it('pass with Sec-Fetch-Site same-origin, or none (an address typed in)', async () => {
    for (const site of ['same-origin', 'none']) {
      const answer = await asSession('/devices/list', { headers: { ...DASHBOARD, 'sec-fetch-site': site }, body: '{}' })
      expect({ site, ...answer }).toEqual({ site, status: 200, type: undefined })
    }
  })

  it('are refused from a sibling site (Sec-Fetch-Site same-site) or another port of this host', async () => {
    const sibling = await asSession('/devices/list', {
      headers: { ...DASHBOARD, 'sec-fetch-site': 'same-site' },
      body: '{}',
    })
    expect(sibling).toEqual({ status: 403, type: 'forbidden' })
    const otherPort = new URL(server.endpoint)
    otherPort.port = String(Number(otherPort.port) === 1 ? 2 : Number(otherPort.port) - 1)
    const fromOtherPort = await asSession('/devices/list', {
      headers: { ...DASHBOARD, origin: otherPort.origin },
      body: '{}',
    })
    expect(fromOtherPort).toEqual({ status: 403, type: 'forbidden' })
  })

  it('read over GET without the client header, but may not write without it', async () => {
    expect(await asSession('/devices/list', { method: 'GET' })).toEqual({ status: 200, type: undefined })
    expect(await asSession('/devices/list', { headers: { 'content-type': 'application/json' }, body: '{}' })).toEqual({
      status: 403,
      type: 'forbidden',
    })
  })
})

describe('the workspace of a signed-in request', () => {
  it('must be named: no header, or an empty one, is 400 invalid_input naming the header', async () => {
    for (const workspaceId of [undefined, '']) {
      const response = await fetch(`${server.endpoint}/devices/list`, {
        method: 'POST',
        headers: {
          ...DASHBOARD,
          cookie,
          ...(workspaceId === undefined ? {} : { 'latchkey-workspace-id': workspaceId }),
        },
        body: '{}',
      })
      const body: unknown = await response.json()
      const error = isJson(body) && isJson(body.error) ? body.error : {}
      expect({ workspaceId, status: response.status, type: error.type }).toEqual({
        workspaceId,
        status: 400,
        type: 'invalid_input',
      })
      expect(String(error.message)).toContain('latchkey-workspace-id')
    }
  })
})

describe('/auth/session', () => {
  it('answers who is signed in and sets no cookie', async () => {
    const response = await fetch(`${server.endpoint}/auth/session`, { headers: { cookie } })
    expect(response.status).toBe(200)
    expect(response.headers.get('set-cookie')).toBeNull()
  })
})
