// The rules tests' fixture (tests/api/rules/): one store and API server per test file, a fresh workspace per test
// with the sandbox locks it asks for, and the request and assertion helpers the rule files share.
import { Seam } from 'seam'
import { afterAll, beforeAll, expect } from 'vitest'
import type { CodeRulesDevice } from '@/lib/shared/code-rules'
import type { Store } from '@/lib/db/connection'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { profileFor, type SandboxLockProfile } from '@/lib/locks/sandbox-profiles'
import type { AccessCode } from '@/lib/schemas/access-code'
import type { ActionAttempt } from '@/lib/schemas/action-attempt'
import type { SeamEvent } from '@/lib/schemas/event'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'

export interface ApiErrorBody {
  type: string
  message: string
  validation_errors?: Record<string, { _errors: string[] }>
  [key: string]: unknown
}

export interface DeviceBody {
  device_id: string
  connected_account_id: string
  properties: { supported_code_lengths?: number[]; code_constraints?: unknown[] }
}

export interface ApiBody {
  ok: boolean
  error?: ApiErrorBody
  access_code?: AccessCode
  access_codes?: AccessCode[]
  backup_access_code?: AccessCode
  action_attempt?: ActionAttempt
  generated_code?: { device_id: string; code: string }
  events?: SeamEvent[]
  event?: SeamEvent
  device?: DeviceBody
}

export interface Reply {
  status: number
  body: ApiBody
}

type LockSpec = string | (Partial<SandboxLockProfile> & { provider: string; label?: string })

export interface Workspace<D extends readonly string[]> {
  workspaceId: string
  apiKey: string
  seam: Seam
  devices: D
  call(path: string, body: Record<string, unknown>, method?: string): Promise<Reply>
}

export let store: Store
export let server: TestApiServer
export const clock = new ManualClock('2030-01-01T00:00:00.000Z')
let workspaceCount = 0

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
})
afterAll(async () => {
  await server.close()
  await store.close()
})

export function profileOf(spec: LockSpec): SandboxLockProfile {
  const provider = typeof spec === 'string' ? spec : spec.provider
  const base = profileFor(provider)
  if (base === undefined) throw new Error(`no sandbox profile for ${provider}`)
  return typeof spec === 'string' ? base : { ...base, ...spec }
}

export const rulesOf = (spec: LockSpec): CodeRulesDevice => {
  const profile = profileOf(spec)
  return { supportedCodeLengths: profile.supportedCodeLengths, codeConstraints: profile.codeConstraints }
}

/** A fresh workspace holding one sandbox lock per spec, in that order; each test gets its own locks. */
export async function workspaceWith<const L extends readonly LockSpec[]>(
  ...locks: L
): Promise<Workspace<{ [K in keyof L]: string }>> {
  workspaceCount++
  const ws = await createWorkspace(store.db, clock, { name: `Rules ${workspaceCount}`, sandboxDevices: 0 })
  const devices: string[] = []
  for (const [i, spec] of locks.entries()) {
    const profile = profileOf(spec)
    const label = typeof spec === 'string' ? undefined : spec.label
    devices.push(
      await addSandboxDevice(store.db, clock, {
        workspaceId: ws.workspace_id,
        propertyId: ws.property_id,
        profile,
        displayName: label ?? `${profile.manufacturerDisplayName} lock ${i + 1}`,
      }),
    )
  }
  const apiKey = ws.api_key
  return {
    workspaceId: ws.workspace_id,
    apiKey,
    seam: new Seam({ endpoint: server.endpoint, apiKey }),
    devices: devices as unknown as { [K in keyof L]: string },
    call: async (path, body, method = 'POST') => {
      const response = await fetch(`${server.endpoint}${path}`, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      return { status: response.status, body: (await response.json()) as ApiBody }
    },
  }
}

/** Asserts the error envelope and returns the error. */
export function expectError(reply: Reply, status: number, type: string): ApiErrorBody {
  expect({ status: reply.status, type: reply.body.error?.type }, JSON.stringify(reply.body)).toEqual({ status, type })
  expect(reply.body.ok).toBe(false)
  return reply.body.error ?? { type: '', message: '' }
}

/** Asserts a 400 invalid_input and returns the fields it names. */
export function expectInvalidFields(reply: Reply): string[] {
  const error = expectError(reply, 400, 'invalid_input')
  return Object.keys(error.validation_errors ?? {}).filter((field) => field !== '_errors')
}

export function expectOk(reply: Reply): ApiBody {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  expect(reply.body.ok).toBe(true)
  return reply.body
}

function accessCodeOf(reply: Reply): AccessCode {
  const code = expectOk(reply).access_code
  if (code === undefined) throw new Error('no access_code in the response')
  return code
}

export async function create(ws: Workspace<readonly string[]>, body: Record<string, unknown>): Promise<AccessCode> {
  return accessCodeOf(await ws.call('/access_codes/create', body))
}

export async function get(ws: Workspace<readonly string[]>, accessCodeId: string): Promise<AccessCode> {
  return accessCodeOf(await ws.call('/access_codes/get', { access_code_id: accessCodeId }))
}

export async function list(ws: Workspace<readonly string[]>, deviceId: string): Promise<AccessCode[]> {
  return expectOk(await ws.call('/access_codes/list', { device_id: deviceId })).access_codes ?? []
}

export async function createMultiple(
  ws: Workspace<readonly string[]>,
  body: Record<string, unknown>,
): Promise<AccessCode[]> {
  return expectOk(await ws.call('/access_codes/create_multiple', body, 'PUT')).access_codes ?? []
}

/** An ISO instant `hours` from the test clock's now. */
export const inHours = (hours: number): string => new Date(clock.now().getTime() + hours * 3_600_000).toISOString()

export const statusesOf = (replies: readonly Reply[]): number[] => replies.map((r) => r.status).sort()

/** A reconciler on this store and clock, with sandbox locks that answer at once and a quiet log. */
export const sandboxReconciler = (): Reconciler =>
  new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
    log: () => undefined,
  })
