// What every answer carries, and requests at the edge of the pipeline (issue 12, mutation survivors of
// lib/api/handle-request.ts): a success is JSON with its seam-request-id, sign-in too; a 405 lists every method in
// Allow; a POST with no body at all, or a field set to null, is answered (never a 500); sign-in with a missing field
// is 400 invalid_input; a person in two workspaces sees both in /workspaces/list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest } from '@/lib/api/handle-request'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const PASSWORD = 'correct horse battery'
const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const clock = new ManualClock('2026-04-01T10:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let other: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Envelope one', sandboxDevices: 1 })
  other = await createWorkspace(store.db, clock, { name: 'Envelope two', sandboxDevices: 1 })
  const user = await createUser(store.db, clock, { email: 'ana@example.com', password: PASSWORD })
  await addMembership(store.db, clock, user.user_id, ws.workspace_id, 'member')
  await addMembership(store.db, clock, user.user_id, other.workspace_id, 'member')
})
afterAll(async () => {
  await server?.close()
  await store?.close()
})

async function jsonOf(response: Response): Promise<Json> {
  const body: unknown = await response.json()
  if (!isJson(body)) throw new Error(`expected a JSON object: ${JSON.stringify(body)}`)
  return body
}

const withKey = (): Record<string, string> => ({
  authorization: `Bearer ${ws.api_key}`,
  'content-type': 'application/json',
})

describe('a success', () => {
  it('is JSON with ok and a seam-request-id, for a service and for signing in', async () => {
    const got = await fetch(`${server.endpoint}/devices/get`, {
      method: 'POST',
      headers: withKey(),
      body: JSON.stringify({ device_id: ws.device_ids[0] }),
    })
    const signedIn = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: DASHBOARD,
      body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
    })
    for (const [what, response] of [
      ['devices/get', got],
      ['auth/sign_in', signedIn],
    ] as const) {
      expect({ what, status: response.status }).toEqual({ what, status: 200 })
      expect({ what, type: response.headers.get('content-type') }).toEqual({
        what,
        type: 'application/json; charset=utf-8',
      })
      expect(response.headers.get('seam-request-id') ?? '', what).toMatch(UUID)
      expect((await jsonOf(response)).ok, what).toBe(true)
    }
  })
})

describe('a method an endpoint does not take', () => {
  it('is 405 with every method it does take in Allow and in the message', async () => {
    const response = await fetch(`${server.endpoint}/devices/get`, { method: 'DELETE', headers: withKey() })
    expect(response.status).toBe(405)
    expect(response.headers.get('allow')).toBe('GET, POST')
    const error = (await jsonOf(response)).error
    expect(isJson(error) ? error.message : undefined).toBe('/devices/get accepts GET, POST, not DELETE.')
  })
})

describe('odd requests are answered, never a 500', () => {
  it('a POST with no body at all (as curl -X POST sends it) is no parameters', async () => {
    const request = new Request('http://127.0.0.1/api/devices/list', {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.api_key}` },
    })
    expect(request.body).toBeNull()
    const response = await handleApiRequest(request, '/devices/list', { db: store.db, clock })
    expect(response.status).toBe(200)
    const devices = (await jsonOf(response)).devices
    expect(Array.isArray(devices) ? devices.length : undefined).toBe(1)
  })

  it('a field set to null is 400 invalid_input naming it', async () => {
    const response = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: withKey(),
      body: JSON.stringify({ device_id: ws.device_ids[0], name: null }),
    })
    const error = (await jsonOf(response)).error
    expect({ status: response.status, type: isJson(error) ? error.type : undefined }).toEqual({
      status: 400,
      type: 'invalid_input',
    })
    expect(isJson(error) && isJson(error.validation_errors) ? Object.keys(error.validation_errors) : []).toContain(
      'name',
    )
  })

  it('signing in without a password is 400 invalid_input naming it', async () => {
    const response = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: DASHBOARD,
      body: JSON.stringify({ email: 'ana@example.com' }),
    })
    const error = (await jsonOf(response)).error
    expect({ status: response.status, type: isJson(error) ? error.type : undefined }).toEqual({
      status: 400,
      type: 'invalid_input',
    })
    expect(isJson(error) && isJson(error.validation_errors) ? Object.keys(error.validation_errors) : []).toContain(
      'password',
    )
  })
})

describe('/workspaces/list for a signed-in person', () => {
  it('lists every workspace they belong to, not only the one they are looking at', async () => {
    const signedIn = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: DASHBOARD,
      body: JSON.stringify({ email: 'ana@example.com', password: PASSWORD }),
    })
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const response = await fetch(`${server.endpoint}/workspaces/list`, {
      method: 'POST',
      headers: { ...DASHBOARD, cookie, 'latchkey-workspace-id': ws.workspace_id },
      body: '{}',
    })
    expect(response.status).toBe(200)
    const workspaces = (await jsonOf(response)).workspaces
    const ids = Array.isArray(workspaces) ? workspaces.map((w: unknown) => (isJson(w) ? w.workspace_id : w)) : []
    expect([...ids].sort()).toEqual([ws.workspace_id, other.workspace_id].sort())
  })
})
