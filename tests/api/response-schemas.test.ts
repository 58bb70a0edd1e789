import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { authOperations, type AuthOperation } from '@/lib/api/auth-operations'
import { operations, type Operation } from '@/lib/api/operations'
import { addMembership, createUser } from '@/lib/auth/users'
import { accessCodeSchema, unmanagedAccessCodeSchema } from '@/lib/schemas/access-code'
import { actionAttemptSchema } from '@/lib/schemas/action-attempt'
import { paginationSchema } from '@/lib/schemas/common'
import { deviceSchema } from '@/lib/schemas/device'
import { eventSchema } from '@/lib/schemas/event'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import {
  SCHEMA_MISMATCH,
  startTestApiServer,
  takeSchemaMismatches,
  type TestApiServer,
} from '@/tests/support/api-server'
import { HttpClient, type Json } from '@/tests/support/http-client'
import { expectSeamShape, seamRequiredProperties, type SeamObjectKind } from '@/tests/support/seam-schemas'
import { openTestStore } from '@/tests/support/test-store'

describe('the operations table', () => {
  it('cannot hold an operation without an output schema', () => {
    // @ts-expect-error -- `output` is required: an operation without one does not compile.
    const op: Operation = { path: '/x', methods: ['POST'], input: z.strictObject({}), run: async () => ({}) }
    // @ts-expect-error -- the same for the sign-in operations.
    const authOp: AuthOperation = {
      path: '/x',
      methods: ['POST'],
      input: z.strictObject({}),
      run: async () => ({ body: {} }),
    }
    expect([op, authOp].some((o) => 'output' in o)).toBe(false)
  })

  it('gives every operation an output schema', () => {
    for (const op of [...operations, ...authOperations]) {
      expect(op.output, op.path).toBeInstanceOf(z.ZodType)
      // A body without its keys must not pass: the schema checks something.
      if (op.output.safeParse({}).success) expect(op.output.safeParse({ unexpected: 1 }).success, op.path).toBe(false)
    }
  })
})

describe('the test server checks every success body against its output schema', () => {
  let store: Store
  let server: TestApiServer
  let http: HttpClient
  let deviceId: string
  let workspaceId: string

  beforeAll(async () => {
    store = await openTestStore()
    server = await startTestApiServer({ db: store.db, clock: systemClock })
    const ws = await createWorkspace(store.db, systemClock, { name: 'Schemas', sandboxDevices: 1 })
    deviceId = ws.device_ids[0] ?? ''
    workspaceId = ws.workspace_id
    http = new HttpClient(server.endpoint, ws.api_key)
  })
  afterEach(() => {
    vi.restoreAllMocks()
  })
  afterAll(async () => {
    await server?.close()
    await store?.close()
  })

  const runOf = (path: string) => {
    const op = operations.find((o) => o.path === path)
    if (op === undefined) throw new Error(`no operation ${path}`)
    return vi.spyOn(op, 'run')
  }

  it('lets a right answer through', async () => {
    const { device } = await http.ok<{ device: { device_id: string } }>('/devices/get', { device_id: deviceId })
    expect(device.device_id).toBe(deviceId)
    expect(takeSchemaMismatches()).toEqual([])
  })

  it('answers 500 and records a mismatch for a wrong field', async () => {
    const { device } = await http.ok<{ device: Record<string, unknown> }>('/devices/get', { device_id: deviceId })
    runOf('/devices/get').mockResolvedValueOnce({ device: { ...device, is_managed: 'yes' } })
    const failure = await http.fail('/devices/get', { device_id: deviceId })
    expect(failure.status).toBe(500)
    expect(failure.type).toBe(SCHEMA_MISMATCH)
    expect(failure.message).toContain('device.is_managed')
    expect(takeSchemaMismatches()).toHaveLength(1)
  })

  it('catches a missing required field', async () => {
    runOf('/access_codes/generate_code').mockResolvedValueOnce({ generated_code: { code: '1234' } })
    const failure = await http.fail('/access_codes/generate_code', { device_id: deviceId })
    expect(failure.type).toBe(SCHEMA_MISMATCH)
    expect(failure.message).toContain('generated_code.device_id')
    expect(takeSchemaMismatches()).toHaveLength(1)
  })

  it('parses serialized list bodies too', async () => {
    const body = { access_codes: [{ access_code_id: 'not-a-code' }], pagination: {}, ok: true }
    runOf('/access_codes/list').mockResolvedValueOnce({
      kind: 'serialized',
      body: Buffer.from(JSON.stringify(body)),
      etag: '"wrong"',
    })
    const failure = await http.fail('/access_codes/list', { device_id: deviceId })
    expect(failure.type).toBe(SCHEMA_MISMATCH)
    expect(failure.message).toContain('access_codes[0]')
    expect(failure.message).toContain('pagination.has_next_page')
    expect(takeSchemaMismatches()).toHaveLength(1)
  })

  it('refuses keys on an operation that answers only ok', async () => {
    runOf('/devices/simulate/connect').mockResolvedValueOnce({ leaked: true })
    const failure = await http.fail('/devices/simulate/connect', { device_id: deviceId })
    expect(failure.type).toBe(SCHEMA_MISMATCH)
    expect(takeSchemaMismatches()).toHaveLength(1)
  })

  // The other API tests never get a success from these, so their schemas meet a real answer here.
  it('checks the answers of the operations the other API tests do not reach', async () => {
    const { workspaces } = await http.ok<{ workspaces: unknown[] }>('/workspaces/list')
    expect(workspaces).toEqual([expect.objectContaining({ workspace_id: workspaceId })])

    const { access_code } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code: '7301', name: 'Found on the keypad' },
    )
    await http.ok('/access_codes/unmanaged/update', {
      access_code_id: access_code.access_code_id,
      is_managed: false,
      is_external_modification_allowed: true,
    })

    const created = await http.ok<{ access_code: { access_code_id: string } }>('/access_codes/create', {
      device_id: deviceId,
      code: '5291',
    })
    await http.ok('/access_codes/delete', { access_code_id: created.access_code.access_code_id })
    const removals = await http.ok<{ access_codes: { access_code_id: string }[] }>(
      '/access_codes/pending_removals/list',
      { device_id: deviceId },
    )
    expect(removals.access_codes.map((c) => c.access_code_id)).toEqual([created.access_code.access_code_id])

    const user = await createUser(store.db, systemClock, { email: 'schemas@example.com', password: 'correct horse' })
    await addMembership(store.db, systemClock, user.user_id, workspaceId, 'admin')
    const headers = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }
    const signIn = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ email: 'schemas@example.com', password: 'correct horse' }),
    })
    expect(signIn.status).toBe(200)
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const session = await fetch(`${server.endpoint}/auth/session`, { headers: { cookie } })
    expect(session.status).toBe(200)
    const mine = await fetch(`${server.endpoint}/workspaces/list`, {
      headers: { cookie, 'latchkey-workspace-id': workspaceId },
    })
    expect(await mine.json()).toMatchObject({ workspaces: [{ workspace_id: workspaceId, role: 'admin' }] })
  })

  it("requires every property Seam's published objects require", async () => {
    const created = await http.ok<{ access_code: Json; action_attempt: Json }>('/access_codes/create', {
      device_id: deviceId,
      code: '6028',
    })
    const unmanaged = await http.ok<{ access_code: Json }>('/access_codes/simulate/create_unmanaged_access_code', {
      device_id: deviceId,
      code: '8316',
      name: 'Old code',
    })
    expectSeamShape('unmanaged_access_code', unmanaged.access_code)
    const { device } = await http.ok<{ device: Json }>('/devices/get', { device_id: deviceId })
    const { pagination } = await http.ok<{ pagination: Json }>('/access_codes/list', { device_id: deviceId })
    const { events } = await http.ok<{ events: Json[] }>('/events/list', { since: '2000-01-01T00:00:00Z' })
    const samples: [SeamObjectKind, z.ZodType, Json | undefined][] = [
      ['access_code', accessCodeSchema, created.access_code],
      ['unmanaged_access_code', unmanagedAccessCodeSchema, unmanaged.access_code],
      ['device', deviceSchema, device],
      ['pagination', paginationSchema, pagination],
      ['action_attempt', actionAttemptSchema, created.action_attempt],
      ['event', eventSchema, events[0]],
    ]
    for (const [kind, schema, sample] of samples) {
      expect(schema.safeParse(sample).success, kind).toBe(true)
      for (const key of seamRequiredProperties(kind)) {
        const { [key]: _dropped, ...without } = sample ?? {}
        expect(schema.safeParse(without).success, `${kind} without ${key}`).toBe(false)
      }
    }
  })
})
