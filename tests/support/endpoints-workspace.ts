// The endpoint tests' fixture (tests/api/endpoints/): one store, API server and workspace of sandbox locks per test
// file, reached through the official SDK.
import { Seam } from 'seam'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'
import { type Json, isJson } from '@/tests/support/http-client'

export const ROUNDS = 2
export const DEVICE_COUNT = sandboxLockProfiles.length * ROUNDS

let store: Store
let server: TestApiServer
export let seam: Seam
export let deviceIds: string[]
export let workspaceId: string
export const startedAt = new Date(Date.now() - 1000).toISOString()
/**
 * The API's clock: the real time when the file starts, then moved by hand only, so that a test separates two moments
 * by moving it instead of sleeping (nothing here waits on time: no reconciler runs).
 */
export const clock = new ManualClock(new Date())

/** The sandbox device of that brand; `round` picks the 1st, 2nd, … one, so tests that change a device don't share it. */
export function deviceOf(provider: string, round = 0): string {
  const index = sandboxLockProfiles.findIndex((p) => p.provider === provider)
  const id = deviceIds[round * sandboxLockProfiles.length + index]
  if (index < 0 || id === undefined) throw new Error(`no sandbox ${provider} device in round ${round}`)
  return id
}

/**
 * The whole response body, through the SDK's own HTTP client: the SDK's methods return only the main key
 * (`access_code`), and some responses carry more (`action_attempt`, `pagination`, `backup_access_code`).
 */
export async function rawPost(path: string, body: Json): Promise<Json> {
  const response = await seam.client.post<unknown>(path, body)
  if (!isJson(response.data)) throw new Error(`${path} answered with a non-object body`)
  expect(response.data.ok).toBe(true)
  return response.data
}

export function field(object: Json, key: string): Json {
  const value = object[key]
  if (!isJson(value)) throw new Error(`expected "${key}" to be an object, got ${JSON.stringify(value)}`)
  return value
}

export function list(object: Json, key: string): unknown[] {
  const value = object[key]
  if (!Array.isArray(value)) throw new Error(`expected "${key}" to be an array, got ${JSON.stringify(value)}`)
  return value as unknown[]
}

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  const ws = await createWorkspace(store.db, clock, { name: 'Endpoints', sandboxDevices: DEVICE_COUNT })
  deviceIds = ws.device_ids
  workspaceId = ws.workspace_id
  seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})
