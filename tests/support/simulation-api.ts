// The simulation tests' fixture (tests/api/simulate/): a fresh store, API server, workspace of sandbox locks and
// hand-driven reconciler on a manual clock for every test, and helpers that read codes, devices and events back
// through the API, each checked against Seam's schemas and the issue catalogue.
import { Seam } from 'seam'
import { afterEach, beforeEach, expect } from 'vitest'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import type { Store } from '@/lib/db/connection'
import { createProviderResolver } from '@/lib/locks/providers'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient, type ApiFailure } from '@/tests/support/http-client'
import { expectSeamShape } from '@/tests/support/seam-schemas'
import { openTestStore } from '@/tests/support/test-store'
import { sdkError as seamApiError } from '@/tests/support/sdk-error'

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
const EPOCH = '2000-01-01T00:00:00.000Z'

export interface ErrorView {
  error_code: string
  message: string
  created_at: string
}
export interface WarningView {
  warning_code: string
  message: string
  created_at: string
}
export interface AccessCodeView {
  access_code_id: string
  device_id: string
  code: string | null
  status: string
  type: string
  is_managed: boolean
  is_external_modification_allowed: boolean
  errors: ErrorView[]
  warnings: WarningView[]
}
export interface ActionAttemptView {
  action_attempt_id: string
  action_type: string
  status: string
  error: { type: string; message: string } | null
}
export interface EventView {
  event_id: string
  event_type: string
  access_code_id?: string
  device_id?: string
  connected_account_id?: string
}
export interface DeviceView {
  device_id: string
  connected_account_id: string
  properties: { online: boolean }
  errors: { error_code: string }[]
}

export let store: Store
export let clock: ManualClock
export let server: TestApiServer
export let workspace: CreatedWorkspace
let reconciler: Reconciler
export let http: HttpClient
export let seam: Seam

beforeEach(async () => {
  store = await openTestStore()
  clock = new ManualClock('2026-03-02T12:00:00.000Z')
  server = await startTestApiServer({ db: store.db, clock })
  workspace = await createWorkspace(store.db, clock, { name: 'Simulations', sandboxDevices: 8 })
  reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
    log: () => undefined,
  })
  http = new HttpClient(server.endpoint, workspace.api_key)
  seam = new Seam({ endpoint: server.endpoint, apiKey: workspace.api_key })
})

afterEach(async () => {
  await server.close()
  await store.close()
})

/** The workspace's sandbox lock of that brand (createWorkspace cycles through the profiles in order). */
export function deviceOf(provider: string): string {
  const index = sandboxLockProfiles.findIndex((p) => p.provider === provider)
  const id = workspace.device_ids[index]
  if (id === undefined) throw new Error(`no sandbox ${provider} device`)
  return id
}

export function profileOf(provider: string): (typeof sandboxLockProfiles)[number] {
  const profile = sandboxLockProfiles.find((p) => p.provider === provider)
  if (profile === undefined) throw new Error(`no ${provider} profile`)
  return profile
}

export const settle = (): Promise<void> => reconciler.runUntilIdle()

export async function advance(ms: number): Promise<void> {
  clock.advance(ms)
  await reconciler.runUntilIdle()
}

export const at = (offsetMs: number): string => new Date(clock.now().getTime() + offsetMs).toISOString()

export async function createCode(
  input: Record<string, unknown>,
): Promise<{ access_code: AccessCodeView; action_attempt: ActionAttemptView }> {
  const created = await http.ok<{ access_code: AccessCodeView; action_attempt: ActionAttemptView }>(
    '/access_codes/create',
    input,
  )
  expectSeamShape('access_code', created.access_code)
  return created
}

/** The code as /access_codes/get shows it, checked against Seam's schema and the issue catalogue. */
export async function getCode(accessCodeId: string): Promise<AccessCodeView> {
  const { access_code } = await http.ok<{ access_code: AccessCodeView }>('/access_codes/get', {
    access_code_id: accessCodeId,
  })
  expectSeamShape('access_code', access_code)
  for (const error of access_code.errors) expect(error.message).toBe(describeIssue('error', error.error_code).message)
  for (const warning of access_code.warnings)
    expect(warning.message).toBe(describeIssue('warning', warning.warning_code).message)
  return access_code
}

/** Status, error codes and warning codes of a code, for one exact assertion per step. */
export async function stateOf(accessCodeId: string): Promise<{ status: string; errors: string[]; warnings: string[] }> {
  const code = await getCode(accessCodeId)
  return {
    status: code.status,
    errors: code.errors.map((e) => e.error_code).sort(),
    warnings: code.warnings.map((w) => w.warning_code).sort(),
  }
}

/** Events matching the filter, oldest first, each checked against Seam's event schema. */
export async function eventsWhere(filter: Record<string, unknown>): Promise<EventView[]> {
  const { events } = await http.ok<{ events: EventView[] }>('/events/list', { since: EPOCH, limit: 1_000, ...filter })
  for (const event of events) expectSeamShape('event', event)
  return [...events].reverse()
}

/** The event types of one code, oldest first; every one of them names the code and its device. */
export async function codeEvents(accessCodeId: string, deviceId: string): Promise<string[]> {
  const events = await eventsWhere({ access_code_id: accessCodeId })
  for (const event of events) {
    expect(event.access_code_id).toBe(accessCodeId)
    expect(event.device_id).toBe(deviceId)
  }
  return events.map((e) => e.event_type)
}

export async function deviceEvents(deviceId: string): Promise<string[]> {
  const events = await eventsWhere({ device_id: deviceId })
  return events.filter((e) => e.access_code_id === undefined).map((e) => e.event_type)
}

export async function getDevice(deviceId: string): Promise<DeviceView> {
  const { device } = await http.ok<{ device: DeviceView }>('/devices/get', { device_id: deviceId })
  expectSeamShape('device', device)
  return device
}

export async function actionAttempt(actionAttemptId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/action_attempts/get', {
    action_attempt_id: actionAttemptId,
  })
  expectSeamShape('action_attempt', action_attempt)
  return action_attempt
}

export async function deleteCode(accessCodeId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/access_codes/delete', {
    access_code_id: accessCodeId,
  })
  expect(action_attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
  return action_attempt
}

export async function deleteUnmanaged(accessCodeId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/access_codes/unmanaged/delete', {
    access_code_id: accessCodeId,
  })
  expect(action_attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
  return action_attempt
}

export const failure = (f: ApiFailure): { status: number; type: string } => ({ status: f.status, type: f.type })

/** Status and type of the SDK error a request ended with; fails when it succeeded or failed some other way. */
export async function sdkError(request: PromiseLike<unknown>): Promise<{ status: number; type: string }> {
  const error = await seamApiError(request)
  return { status: error.statusCode, type: error.code }
}

/**
 * A code on a SmartThings lock (PIN 4821, outside changes allowed) whose PIN was then changed on the keypad to 9137,
 * with the lock side settled after each step. Returns its id.
 */
export async function codeChangedOnKeypad(): Promise<string> {
  const { access_code } = await createCode({
    device_id: deviceOf('smartthings'),
    code: '4821',
    is_external_modification_allowed: true,
  })
  const id = access_code.access_code_id
  await settle()
  await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9137' })
  await settle()
  return id
}
