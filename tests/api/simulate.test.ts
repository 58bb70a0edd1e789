import { Seam, SeamHttpApiError } from 'seam'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

// Every error and warning the sandbox locks can cause, produced through the simulate endpoints over HTTP and read
// back through /access_codes/get and /events/list — with a manual clock and a reconciler driven by hand.

const SECOND = 1_000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const EPOCH = '2000-01-01T00:00:00.000Z'

interface ErrorView {
  error_code: string
  message: string
  created_at: string
}
interface WarningView {
  warning_code: string
  message: string
  created_at: string
}
interface AccessCodeView {
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
interface ActionAttemptView {
  action_attempt_id: string
  action_type: string
  status: string
}
interface EventView {
  event_id: string
  event_type: string
  access_code_id?: string
  device_id?: string
  connected_account_id?: string
}
interface DeviceView {
  device_id: string
  connected_account_id: string
  properties: { online: boolean }
  errors: { error_code: string }[]
}

let store: Store
let clock: ManualClock
let server: TestApiServer
let workspace: CreatedWorkspace
let reconciler: Reconciler
let http: HttpClient
let seam: Seam

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

// ---- helpers

/** The workspace's sandbox lock of that brand (createWorkspace cycles through the profiles in order). */
function deviceOf(provider: string): string {
  const index = sandboxLockProfiles.findIndex((p) => p.provider === provider)
  const id = workspace.device_ids[index]
  if (id === undefined) throw new Error(`no sandbox ${provider} device`)
  return id
}

function profileOf(provider: string): (typeof sandboxLockProfiles)[number] {
  const profile = sandboxLockProfiles.find((p) => p.provider === provider)
  if (profile === undefined) throw new Error(`no ${provider} profile`)
  return profile
}

const settle = (): Promise<void> => reconciler.runUntilIdle()

async function advance(ms: number): Promise<void> {
  clock.advance(ms)
  await reconciler.runUntilIdle()
}

const at = (offsetMs: number): string => new Date(clock.now().getTime() + offsetMs).toISOString()

async function createCode(
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
async function getCode(accessCodeId: string): Promise<AccessCodeView> {
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
async function stateOf(accessCodeId: string): Promise<{ status: string; errors: string[]; warnings: string[] }> {
  const code = await getCode(accessCodeId)
  return {
    status: code.status,
    errors: code.errors.map((e) => e.error_code).sort(),
    warnings: code.warnings.map((w) => w.warning_code).sort(),
  }
}

/** Events matching the filter, oldest first, each checked against Seam's event schema. */
async function eventsWhere(filter: Record<string, unknown>): Promise<EventView[]> {
  const { events } = await http.ok<{ events: EventView[] }>('/events/list', { since: EPOCH, limit: 1_000, ...filter })
  for (const event of events) expectSeamShape('event', event)
  return [...events].reverse()
}

/** The event types of one code, oldest first; every one of them names the code and its device. */
async function codeEvents(accessCodeId: string, deviceId: string): Promise<string[]> {
  const events = await eventsWhere({ access_code_id: accessCodeId })
  for (const event of events) {
    expect(event.access_code_id).toBe(accessCodeId)
    expect(event.device_id).toBe(deviceId)
  }
  return events.map((e) => e.event_type)
}

async function deviceEvents(deviceId: string): Promise<string[]> {
  const events = await eventsWhere({ device_id: deviceId })
  return events.filter((e) => e.access_code_id === undefined).map((e) => e.event_type)
}

async function getDevice(deviceId: string): Promise<DeviceView> {
  const { device } = await http.ok<{ device: DeviceView }>('/devices/get', { device_id: deviceId })
  expectSeamShape('device', device)
  return device
}

async function actionAttempt(actionAttemptId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/action_attempts/get', {
    action_attempt_id: actionAttemptId,
  })
  expectSeamShape('action_attempt', action_attempt)
  return action_attempt
}

async function deleteCode(accessCodeId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/access_codes/delete', {
    access_code_id: accessCodeId,
  })
  expect(action_attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
  return action_attempt
}

async function deleteUnmanaged(accessCodeId: string): Promise<ActionAttemptView> {
  const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/access_codes/unmanaged/delete', {
    access_code_id: accessCodeId,
  })
  expect(action_attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending' })
  return action_attempt
}

const failure = (f: ApiFailure): { status: number; type: string } => ({ status: f.status, type: f.type })

/** The SDK error a request ended with; fails when it succeeded or failed some other way. */
async function sdkError(request: PromiseLike<unknown>): Promise<{ status: number; type: string }> {
  try {
    await request
  } catch (error) {
    if (error instanceof SeamHttpApiError) return { status: error.statusCode, type: error.code }
    throw error
  }
  throw new Error('expected the request to fail, but it succeeded')
}

// ---- scenarios

describe('an offline lock', () => {
  it('gives device_offline, then delay_in_setting_on_device with its event after 5 minutes, and recovers on connect', async () => {
    const deviceId = deviceOf('smartthings')
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await seam.devices.simulate.disconnect({ device_id: deviceId }) // already offline: no second event
    const offline = await getDevice(deviceId)
    expect(offline.properties.online).toBe(false)
    expect(offline.errors.map((e) => e.error_code)).toEqual(['device_offline'])
    expect(await deviceEvents(deviceId)).toEqual(['device.added', 'device.disconnected'])

    const { access_code, action_attempt } = await createCode({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    const id = access_code.access_code_id
    expect(access_code.status).toBe('setting')
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['device_offline'], warnings: [] })

    await advance(5 * MINUTE - 1)
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['device_offline'], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created'])

    await advance(1)
    expect(await stateOf(id)).toEqual({
      status: 'setting',
      errors: ['device_offline'],
      warnings: ['delay_in_setting_on_device'],
    })
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.delay_in_setting_on_device'])
    expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('pending')

    await advance(10 * MINUTE) // still offline: neither the error nor the warning repeats its event
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.delay_in_setting_on_device'])

    await seam.devices.simulate.connect({ device_id: deviceId })
    const online = await seam.devices.get({ device_id: deviceId })
    expect(online.properties.online).toBe(true)
    expect(online.errors).toEqual([])
    expect(await deviceEvents(deviceId)).toEqual(['device.added', 'device.disconnected', 'device.connected'])

    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.delay_in_setting_on_device',
      'access_code.set_on_device',
    ])
    expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('delays a deletion: access_code.delay_in_removing_from_device, and the action attempt completes once back online', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({ device_id: deviceId, code: '4821' })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    const attempt = await deleteCode(id)
    expect(failure(await http.fail('/access_codes/get', { access_code_id: id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    await settle()
    await advance(5 * MINUTE - 1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
    ])
    await advance(1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.delay_in_removing_from_device',
    ])
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('pending')

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('success')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.delay_in_removing_from_device',
      'access_code.removed_from_device',
    ])
  })

  it('shows device_offline and delay_in_removing_from_device on a code whose stay ended while the lock was offline', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '4821',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
    })
    const id = access_code.access_code_id
    expect(access_code.status).toBe('unset')
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: ['device_offline'], warnings: [] })
    await advance(5 * MINUTE)
    expect(await stateOf(id)).toEqual({
      status: 'removing',
      errors: ['device_offline'],
      warnings: ['delay_in_removing_from_device'],
    })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.delay_in_removing_from_device',
    ])

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(failure(await http.fail('/access_codes/get', { access_code_id: id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.delay_in_removing_from_device',
      'access_code.removed_from_device',
      'access_code.deleted',
    ])
  })
})

describe('a full keypad', () => {
  it.each([
    { provider: 'lockly', errorCode: 'no_space_for_access_code_on_device' },
    { provider: 'smartthings', errorCode: 'smartthings_no_free_slots_available' },
  ])(
    '$provider: $errorCode with access_code.failed_to_set_on_device, cleared once an unmanaged code is deleted',
    async ({ provider, errorCode }) => {
      const deviceId = deviceOf(provider)
      const slots = profileOf(provider).maxActiveCodes
      const filled = await http.ok<{ codes_added: number }>('/devices/simulate/fill_keypad', { device_id: deviceId })
      expect(filled.codes_added).toBe(slots)
      expect(
        (await http.ok<{ codes_added: number }>('/devices/simulate/fill_keypad', { device_id: deviceId })).codes_added,
      ).toBe(0)
      const unmanaged = await seam.accessCodes.unmanaged.list({ device_id: deviceId })
      expect(unmanaged).toHaveLength(slots)
      expect(unmanaged.every((c) => c.is_managed === false && c.status === 'set')).toBe(true)

      // No PIN given: Latchkey picks one that no code on the lock holds.
      const { access_code, action_attempt } = await createCode({ device_id: deviceId, name: 'New guest' })
      const id = access_code.access_code_id
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])
      await advance(5 * SECOND) // the retry finds the keypad still full: same error, no second event
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

      const oldest = unmanaged[0]
      if (oldest === undefined) throw new Error('no unmanaged code')
      const removal = await deleteUnmanaged(oldest.access_code_id)
      expect(await sdkError(seam.accessCodes.unmanaged.get({ access_code_id: oldest.access_code_id }))).toEqual({
        status: 404,
        type: 'access_code_not_found',
      })
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual([
        'access_code.created',
        'access_code.failed_to_set_on_device',
        'access_code.set_on_device',
      ])
      expect((await actionAttempt(removal.action_attempt_id)).status).toBe('success')
      expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('success')
      expect(await codeEvents(oldest.access_code_id, deviceId)).toEqual([
        'access_code.unmanaged.created',
        'access_code.unmanaged.removed',
      ])
      expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toHaveLength(slots - 1)
    },
  )
})

describe('a lock refusing the PIN', () => {
  it('gives duplicate_code_on_device when an unmanaged code holds the PIN of a time-bound code not yet programmed', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })

    const owner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '615243',
      name: 'Owner',
    })
    expect(owner).toMatchObject({ code: '615243', is_managed: false, status: 'set', device_id: deviceId })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })

    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['duplicate_code_on_device'], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    await deleteUnmanaged(owner.access_code_id)
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.failed_to_set_on_device',
      'access_code.set_on_device',
    ])
  })
})

describe('a lock failing operations', () => {
  it.each([
    { provider: 'lockly', code: '615243', errorCode: 'failed_to_set_on_device', warnings: [] },
    {
      provider: 'smartthings',
      code: '4821',
      errorCode: 'smartthings_failed_to_set_after_multiple_retries',
      warnings: ['smartthings_failed_to_set_access_code'],
    },
  ])(
    '$provider: $errorCode after three failed attempts 5 s and 10 s apart, cleared by the 4th 20 s later',
    async ({ provider, code, errorCode, warnings }) => {
      const deviceId = deviceOf(provider)
      expect(await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 3 })).toEqual({
        ok: true,
      })
      const { access_code, action_attempt } = await createCode({ device_id: deviceId, code })
      const id = access_code.access_code_id
      await settle() // attempt 1
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      await advance(5 * SECOND) // attempt 2
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      await advance(10 * SECOND - 1)
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created'])
      await advance(1) // attempt 3
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])
      expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('pending')
      await advance(20 * SECOND - 1)
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings })
      await advance(1) // attempt 4: the lock takes it
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual([
        'access_code.created',
        'access_code.failed_to_set_on_device',
        'access_code.set_on_device',
      ])
      expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('success')
    },
  )

  it('gives access_code.failed_to_remove_from_device when a deletion keeps failing, and completes the deletion after', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 3 })
    const attempt = await deleteCode(id)
    await settle()
    await advance(5 * SECOND)
    await advance(10 * SECOND - 1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
    ])
    await advance(1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.failed_to_remove_from_device',
    ])
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('pending')
    await advance(20 * SECOND)
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('success')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.failed_to_remove_from_device',
      'access_code.removed_from_device',
    ])
  })

  it('shows failed_to_remove_from_device on a code whose stay ended while removals fail', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
    })
    const id = access_code.access_code_id
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 3 })
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: [], warnings: [] })
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: [], warnings: [] })
    await advance(10 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: ['failed_to_remove_from_device'], warnings: [] })
    await advance(20 * SECOND)
    expect(failure(await http.fail('/access_codes/get', { access_code_id: id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.failed_to_remove_from_device',
      'access_code.removed_from_device',
      'access_code.deleted',
    ])
  })
})

describe('changes made on the keypad outside Latchkey', () => {
  it('restores a PIN changed in the maker’s app (code_modified_external_to_seam error while it is being restored)', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()

    expect(await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9999' })).toEqual({
      ok: true,
    })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect((await getCode(id)).code).toBe('615243')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
    expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toEqual([])

    // The lock refuses the first restore: the error is there while Latchkey keeps at it (a Lockly, so that no
    // brand-specific warning joins in).
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9998' })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['code_modified_external_to_seam'], warnings: [] })
    expect((await getCode(id)).code).toBe('615243')
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
  })

  it('keeps an allowed change with a code_modified_external_to_seam warning (is_external_modification_allowed)', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '4821',
      is_external_modification_allowed: true,
    })
    const id = access_code.access_code_id
    await settle()
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9137' })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: ['code_modified_external_to_seam'] })
    const now = await getCode(id)
    expect(now.code).toBe('9137')
    expect(now.is_external_modification_allowed).toBe(true)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
    ])
    await advance(20 * MINUTE) // later keypad polls find the PIN Latchkey now knows: nothing new
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
    ])

    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: ['code_modified_external_to_seam'] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.deleted_external_to_seam',
    ])
  })

  it('puts back a code deleted in the maker’s app, with access_code.deleted_external_to_seam', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    expect(await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })).toEqual({ ok: true })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
    ])

    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['code_modified_external_to_seam'], warnings: [] })
    // Not on the keypad now: nothing to change or remove there.
    expect(failure(await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: id }))).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
    ])
  })

  it('refuses to change a code that is not on the keypad yet', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
    })
    await settle()
    const id = access_code.access_code_id
    expect(
      failure(await http.fail('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '975318' })),
    ).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
    expect(failure(await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: id }))).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
  })
})

describe('a disconnected account', () => {
  it('makes its locks’ codes unknown with account_disconnected, and they are set again when it reconnects', async () => {
    const deviceId = deviceOf('smartthings')
    const otherId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '4821' })
    const other = await createCode({ device_id: otherId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    const { connected_account_id } = await getDevice(deviceId)

    expect(await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id })).toEqual({ ok: true })
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id }) // no second event
    expect((await eventsWhere({ connected_account_id })).map((e) => e.event_type)).toEqual([
      'device.added',
      'access_code.created',
      'access_code.set_on_device',
      'connected_account.disconnected',
    ])
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unknown', errors: ['account_disconnected'], warnings: [] })
    expect(await stateOf(other.access_code.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect((await getDevice(deviceId)).errors.map((e) => e.error_code)).toEqual(['account_disconnected'])

    await http.ok('/connected_accounts/simulate/connect', { connected_account_id })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect((await getDevice(deviceId)).errors).toEqual([])
    expect(
      (
        await eventsWhere({
          connected_account_id,
          event_types: ['connected_account.disconnected', 'connected_account.connected'],
        })
      ).map((e) => e.event_type),
    ).toEqual(['connected_account.disconnected', 'connected_account.connected'])
    expect(
      failure(
        await http.fail('/connected_accounts/simulate/disconnect', {
          connected_account_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b',
        }),
      ),
    ).toEqual({
      status: 404,
      type: 'connected_account_not_found',
    })
  })
})

describe('a removed device', () => {
  it('disappears from /devices/list, and its codes show device_removed', async () => {
    const deviceId = deviceOf('yale')
    const { access_code } = await createCode({ device_id: deviceId, code: '4821' })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })

    await seam.devices.simulate.remove({ device_id: deviceId })
    expect((await seam.devices.list()).map((d) => d.device_id)).not.toContain(deviceId)
    expect(await seam.devices.list()).toHaveLength(7)
    expect(await sdkError(seam.devices.get({ device_id: deviceId }))).toEqual({ status: 404, type: 'device_not_found' })
    expect((await eventsWhere({ device_id: deviceId, event_type: 'device.removed' })).map((e) => e.event_type)).toEqual(
      ['device.removed'],
    )

    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unknown', errors: ['device_removed'], warnings: [] })
    const listed = await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/list', { access_code_ids: [id] })
    expect(listed.access_codes.map((c) => c.errors.map((e) => e.error_code))).toEqual([['device_removed']])
    expect(await sdkError(seam.devices.simulate.connect({ device_id: deviceId }))).toEqual({
      status: 404,
      type: 'device_not_found',
    })
  })
})

describe('unmanaged codes', () => {
  it('are listed with is_managed false, can be converted to managed, and deleted from the keypad', async () => {
    const deviceId = deviceOf('kwikset')
    const owner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '4826',
      name: 'Owner',
    })
    expect(owner).toMatchObject({ device_id: deviceId, code: '4826', name: 'Owner', is_managed: false, status: 'set' })
    expect(
      await sdkError(
        seam.accessCodes.simulate.createUnmanagedAccessCode({ device_id: deviceId, code: '4826', name: 'Again' }),
      ),
    ).toEqual({
      status: 409,
      type: 'duplicate_access_code',
    })
    const cleaner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '7391',
      name: 'Cleaner',
    })
    await settle()

    const unmanaged = await seam.accessCodes.unmanaged.list({ device_id: deviceId })
    expect(unmanaged.map((c) => [c.code, c.is_managed])).toEqual([
      ['4826', false],
      ['7391', false],
    ])
    expect(await seam.accessCodes.unmanaged.get({ access_code_id: owner.access_code_id })).toMatchObject({
      code: '4826',
      is_managed: false,
    })
    expect(
      (await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/list', { device_id: deviceId })).access_codes,
    ).toEqual([])
    expect(failure(await http.fail('/access_codes/get', { access_code_id: owner.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })

    await seam.accessCodes.unmanaged.convertToManaged({ access_code_id: owner.access_code_id })
    const managed = await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/list', { device_id: deviceId })
    expect(managed.access_codes.map((c) => [c.access_code_id, c.code, c.is_managed])).toEqual([
      [owner.access_code_id, '4826', true],
    ])
    expect((await seam.accessCodes.unmanaged.list({ device_id: deviceId })).map((c) => c.access_code_id)).toEqual([
      cleaner.access_code_id,
    ])
    await settle()
    expect(await stateOf(owner.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(owner.access_code_id, deviceId)).toEqual([
      'access_code.unmanaged.created',
      'access_code.unmanaged.converted_to_managed',
    ])
    // Converted codes are Latchkey's from now on: a change on the keypad is put right.
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: owner.access_code_id, code: '5555' })
    await settle()
    expect((await getCode(owner.access_code_id)).code).toBe('4826')

    const removal = await deleteUnmanaged(cleaner.access_code_id)
    expect(await sdkError(seam.accessCodes.unmanaged.get({ access_code_id: cleaner.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    expect((await actionAttempt(removal.action_attempt_id)).status).toBe('pending')
    await settle()
    expect((await actionAttempt(removal.action_attempt_id)).status).toBe('success')
    expect(await codeEvents(cleaner.access_code_id, deviceId)).toEqual([
      'access_code.unmanaged.created',
      'access_code.unmanaged.removed',
    ])
    expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toEqual([])
  })
})

describe('simulations are refused', () => {
  it('on a device that is not a sandbox lock: 400 not_a_sandbox_device', async () => {
    const deviceId = deviceOf('schlage')
    const { access_code } = await createCode({ device_id: deviceId, code: '4821' })
    await store.db.updateTable('devices').set({ is_sandbox: 0 }).where('device_id', '=', deviceId).execute()
    const id = access_code.access_code_id
    const refused = { status: 400, type: 'not_a_sandbox_device' }

    expect(await sdkError(seam.devices.simulate.disconnect({ device_id: deviceId }))).toEqual(refused)
    expect(await sdkError(seam.devices.simulate.connect({ device_id: deviceId }))).toEqual(refused)
    expect(await sdkError(seam.devices.simulate.remove({ device_id: deviceId }))).toEqual(refused)
    expect(
      await sdkError(
        seam.accessCodes.simulate.createUnmanagedAccessCode({ device_id: deviceId, code: '7391', name: 'x' }),
      ),
    ).toEqual(refused)
    expect(failure(await http.fail('/devices/simulate/fill_keypad', { device_id: deviceId }))).toEqual(refused)
    expect(failure(await http.fail('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 }))).toEqual(
      refused,
    )
    expect(
      failure(await http.fail('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9999' })),
    ).toEqual(refused)
    expect(failure(await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: id }))).toEqual(
      refused,
    )
    // Nothing happened to the device.
    expect((await getDevice(deviceId)).properties.online).toBe(true)
    expect(await deviceEvents(deviceId)).toEqual(['device.added'])
    expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toEqual([])
  })

  it('on another workspace’s device, code or account: 404', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Someone else', sandboxDevices: 3 })
    const theirDevice = other.device_ids[2]
    if (theirDevice === undefined) throw new Error('no device')
    const theirs = new HttpClient(server.endpoint, other.api_key)
    const { access_code } = await theirs.ok<{ access_code: AccessCodeView }>('/access_codes/create', {
      device_id: theirDevice,
      code: '4821',
    })
    await settle()
    const { device } = await theirs.ok<{ device: DeviceView }>('/devices/get', { device_id: theirDevice })
    const notFound = { status: 404, type: 'device_not_found' }

    expect(await sdkError(seam.devices.simulate.disconnect({ device_id: theirDevice }))).toEqual(notFound)
    expect(await sdkError(seam.devices.simulate.connect({ device_id: theirDevice }))).toEqual(notFound)
    expect(await sdkError(seam.devices.simulate.remove({ device_id: theirDevice }))).toEqual(notFound)
    expect(
      await sdkError(
        seam.accessCodes.simulate.createUnmanagedAccessCode({ device_id: theirDevice, code: '7391', name: 'x' }),
      ),
    ).toEqual(notFound)
    expect(failure(await http.fail('/devices/simulate/fill_keypad', { device_id: theirDevice }))).toEqual(notFound)
    expect(
      failure(await http.fail('/devices/simulate/fail_next_operations', { device_id: theirDevice, remove: 1 })),
    ).toEqual(notFound)
    const codeNotFound = { status: 404, type: 'access_code_not_found' }
    expect(
      failure(
        await http.fail('/access_codes/simulate/modify_on_keypad', {
          access_code_id: access_code.access_code_id,
          code: '9999',
        }),
      ),
    ).toEqual(codeNotFound)
    expect(
      failure(
        await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: access_code.access_code_id }),
      ),
    ).toEqual(codeNotFound)
    const accountNotFound = { status: 404, type: 'connected_account_not_found' }
    expect(
      failure(
        await http.fail('/connected_accounts/simulate/disconnect', {
          connected_account_id: device.connected_account_id,
        }),
      ),
    ).toEqual(accountNotFound)
    expect(
      failure(
        await http.fail('/connected_accounts/simulate/connect', { connected_account_id: device.connected_account_id }),
      ),
    ).toEqual(accountNotFound)

    // Their lock and code are untouched.
    const after = await theirs.ok<{ device: DeviceView }>('/devices/get', { device_id: theirDevice })
    expect(after.device.properties.online).toBe(true)
    expect(after.device.errors).toEqual([])
    const { access_code: theirCode } = await theirs.ok<{ access_code: AccessCodeView }>('/access_codes/get', {
      access_code_id: access_code.access_code_id,
    })
    expect(theirCode).toMatchObject({ status: 'set', code: '4821', errors: [] })
  })

  it('with bad input: 400 invalid_input', async () => {
    const deviceId = deviceOf('lockly')
    expect(failure(await http.fail('/devices/simulate/fail_next_operations', { device_id: deviceId }))).toEqual({
      status: 400,
      type: 'invalid_input',
    })
    expect(
      failure(await http.fail('/devices/simulate/fail_next_operations', { device_id: deviceId, set: -1 })),
    ).toEqual({ status: 400, type: 'invalid_input' })
    expect(failure(await http.fail('/devices/simulate/disconnect', { device_id: 'not-a-uuid' }))).toEqual({
      status: 400,
      type: 'invalid_input',
    })
    expect(
      failure(
        await http.fail('/access_codes/simulate/create_unmanaged_access_code', {
          device_id: deviceId,
          code: '12ab',
          name: 'x',
        }),
      ),
    ).toEqual({
      status: 400,
      type: 'invalid_input',
    })
  })
})
