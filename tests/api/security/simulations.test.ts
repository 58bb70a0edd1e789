// Issue 13, point 3: simulations run only in sandbox workspaces, on sandbox locks and accounts, and from the dashboard
// only for admins. An API key (which may already delete every code of its workspace) may run them on a sandbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '@/lib/api/operations'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient, isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
const PASSWORD = 'correct horse battery'
const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let server: TestApiServer
let sandbox: CreatedWorkspace
let real: CreatedWorkspace
let adminCookie: string
let memberCookie: string

const simulationPaths = operations.filter((op) => op.path.includes('/simulate/')).map((op) => op.path)

interface Fixture {
  deviceId: string
  accessCodeId: string
  connectedAccountId: string
}

/** A body each simulation accepts, so that a refusal comes from who asks or where, not from the input. */
function validBodyFor(path: string, f: Fixture): Json {
  switch (path) {
    case '/access_codes/simulate/create_unmanaged_access_code':
      return { device_id: f.deviceId, code: '9753', name: 'Owner' }
    case '/devices/simulate/fail_next_operations':
      return { device_id: f.deviceId, set: 1 }
    case '/devices/simulate/fault':
      return { device_id: f.deviceId, fault: 'failed_to_set_on_device' }
    case '/access_codes/simulate/modify_on_keypad':
      return { access_code_id: f.accessCodeId, code: '8642' }
    case '/access_codes/simulate/remove_from_keypad':
      return { access_code_id: f.accessCodeId }
    case '/devices/simulate/keypad_code_entry':
      return { device_id: f.deviceId, code: '1357' }
    case '/connected_accounts/simulate/disconnect':
    case '/connected_accounts/simulate/connect':
      return { connected_account_id: f.connectedAccountId }
    default:
      return { device_id: f.deviceId }
  }
}

async function fixtureOf(ws: CreatedWorkspace): Promise<Fixture> {
  const deviceId = ws.device_ids[0] ?? ''
  const created = await new HttpClient(server.endpoint, ws.api_key).ok<{ access_code: { access_code_id: string } }>(
    '/access_codes/create',
    { device_id: deviceId, name: 'Cleaner', code: '2468' },
  )
  const device = await store.db
    .selectFrom('devices')
    .select('connected_account_id')
    .where('device_id', '=', deviceId)
    .executeTakeFirstOrThrow()
  return { deviceId, accessCodeId: created.access_code.access_code_id, connectedAccountId: device.connected_account_id }
}

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${server.endpoint}/auth/sign_in`, {
    method: 'POST',
    headers: DASHBOARD,
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  expect(response.status).toBe(200)
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
}

async function asSession(cookie: string, path: string, body: Json): Promise<{ status: number; type: unknown }> {
  const response = await fetch(`${server.endpoint}${path}`, {
    method: 'POST',
    headers: { ...DASHBOARD, cookie, 'latchkey-workspace-id': sandbox.workspace_id },
    body: JSON.stringify(body),
  })
  const parsed: unknown = await response.json()
  if (!isJson(parsed)) throw new Error(JSON.stringify(parsed))
  return { status: response.status, type: isJson(parsed.error) ? parsed.error.type : undefined }
}

const isOnline = async (deviceId: string): Promise<boolean> =>
  (await store.db.selectFrom('devices').select('online').where('device_id', '=', deviceId).executeTakeFirstOrThrow())
    .online === 1

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  sandbox = await createWorkspace(store.db, clock, { name: 'Sandbox', sandboxDevices: 2 })
  real = await createWorkspace(store.db, clock, { name: 'Real locks', sandboxDevices: 1 })
  await store.db
    .updateTable('workspaces')
    .set({ is_sandbox: 0 })
    .where('workspace_id', '=', real.workspace_id)
    .execute()
  const admin = await createUser(store.db, clock, { email: 'ana@example.com', password: PASSWORD })
  const member = await createUser(store.db, clock, { email: 'max@example.com', password: PASSWORD })
  await addMembership(store.db, clock, admin.user_id, sandbox.workspace_id, 'admin')
  await addMembership(store.db, clock, member.user_id, sandbox.workspace_id, 'member')
  adminCookie = await signIn('ana@example.com')
  memberCookie = await signIn('max@example.com')
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

it('every simulation is marked for API keys and admins only, so a new one is covered too', () => {
  expect(simulationPaths.length).toBeGreaterThanOrEqual(13)
  expect(simulationPaths).toContain('/connected_accounts/simulate/disconnect')
  for (const op of operations.filter((o) => o.path.includes('/simulate/')))
    expect([op.path, op.auth]).toEqual([op.path, 'admin'])
})

describe('from the dashboard', () => {
  it('a member is refused every simulation with 403 forbidden, and the lock is untouched', async () => {
    const fixture = await fixtureOf(sandbox)
    for (const path of simulationPaths) {
      const answer = await asSession(memberCookie, path, validBodyFor(path, fixture))
      expect({ path, ...answer }).toEqual({ path, status: 403, type: 'forbidden' })
    }
    expect(await isOnline(fixture.deviceId)).toBe(true)
    const faults = await store.db.selectFrom('sandbox_faults').selectAll().execute()
    expect(faults).toEqual([])
  })

  it('an admin runs them', async () => {
    const deviceId = sandbox.device_ids[1] ?? ''
    expect(await asSession(adminCookie, '/devices/simulate/disconnect', { device_id: deviceId })).toEqual({
      status: 200,
      type: undefined,
    })
    expect(await isOnline(deviceId)).toBe(false)
    expect(await asSession(adminCookie, '/devices/simulate/connect', { device_id: deviceId })).toEqual({
      status: 200,
      type: undefined,
    })
  })
})

describe('with an API key', () => {
  it('runs them in a sandbox workspace', async () => {
    const http = new HttpClient(server.endpoint, sandbox.api_key)
    const deviceId = sandbox.device_ids[1] ?? ''
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
  })

  it('is refused every simulation in a workspace that is not a sandbox, and nothing changes', async () => {
    const fixture = await fixtureOf(real)
    const http = new HttpClient(server.endpoint, real.api_key)
    for (const path of simulationPaths) {
      const failure = await http.fail(path, validBodyFor(path, fixture))
      expect({ path, status: failure.status, type: failure.type }).toEqual({
        path,
        status: 400,
        type: 'not_a_sandbox_workspace',
      })
    }
    expect(await isOnline(fixture.deviceId)).toBe(true)
    const account = await store.db
      .selectFrom('connected_accounts')
      .select('is_connected')
      .where('connected_account_id', '=', fixture.connectedAccountId)
      .executeTakeFirstOrThrow()
    expect(account.is_connected).toBe(1)
  })

  it('refuses to disconnect an account that holds a real lock (connected_accounts/simulate checked nothing)', async () => {
    const http = new HttpClient(server.endpoint, sandbox.api_key)
    const [first, second] = sandbox.device_ids
    const accountOf = async (deviceId: string | undefined) =>
      (
        await store.db
          .selectFrom('devices')
          .select('connected_account_id')
          .where('device_id', '=', deviceId ?? '')
          .executeTakeFirstOrThrow()
      ).connected_account_id
    const account = await accountOf(second)
    await store.db
      .updateTable('devices')
      .set({ is_sandbox: 0 })
      .where('device_id', '=', second ?? '')
      .execute()
    try {
      const failure = await http.fail('/connected_accounts/simulate/disconnect', { connected_account_id: account })
      expect({ status: failure.status, type: failure.type }).toEqual({ status: 400, type: 'not_a_sandbox_account' })
      const row = await store.db
        .selectFrom('connected_accounts')
        .select('is_connected')
        .where('connected_account_id', '=', account)
        .executeTakeFirstOrThrow()
      expect(row.is_connected).toBe(1)
      // An account of sandbox locks only (the first lock's brand differs, so its account does) is still one.
      const sandboxAccount = await accountOf(first)
      expect(sandboxAccount).not.toBe(account)
      await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: sandboxAccount })
      await http.ok('/connected_accounts/simulate/connect', { connected_account_id: sandboxAccount })
    } finally {
      await store.db
        .updateTable('devices')
        .set({ is_sandbox: 1 })
        .where('device_id', '=', second ?? '')
        .execute()
    }
  })
})
