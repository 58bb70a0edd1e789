// Device-level errors on codes already on a lock, action attempts that end in error, attempt_for_offline_device and a
// code changed to offline, produced through the simulate endpoints over HTTP and read back through the API.
import { describe, expect, it } from 'vitest'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import {
  MINUTE,
  HOUR,
  DAY,
  type ActionAttemptView,
  http,
  seam,
  server,
  store,
  workspace,
  deviceOf,
  settle,
  advance,
  at,
  createCode,
  getCode,
  stateOf,
  codeEvents,
  getDevice,
  actionAttempt,
} from '@/tests/support/simulation-api'

const keypad = async (deviceId: string): Promise<string[]> =>
  (await readSandboxKeypad(store.db, deviceId)).map((k) => k.code)

describe('a code already set on a lock', () => {
  it('shows device_offline with is_device_error while the lock is offline, in get and list, until it is back', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({ device_id: deviceId, code: '4821' })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: ['device_offline'], warnings: [] })
    expect((await getCode(id)).errors).toEqual([
      expect.objectContaining({ error_code: 'device_offline', is_device_error: true }),
    ])
    const sdkCode = await seam.accessCodes.get({ access_code_id: id })
    expect(sdkCode.errors).toEqual([expect.objectContaining({ error_code: 'device_offline', is_device_error: true })])
    const listed = await seam.accessCodes.list({ device_id: deviceId })
    expect(listed.map((c) => c.errors.map((e) => e.error_code))).toEqual([['device_offline']])
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.set_on_device'])

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })

  it('changes the lock’s list ETag when the lock goes offline, so a dashboard polling with If-None-Match learns it', async () => {
    const deviceId = deviceOf('smartthings')
    await createCode({ device_id: deviceId, code: '4821' })
    await settle()
    const list = (etag?: string): Promise<Response> =>
      fetch(`${server.endpoint}/access_codes/list?device_id=${deviceId}`, {
        headers: {
          authorization: `Bearer ${workspace.api_key}`,
          ...(etag === undefined ? {} : { 'if-none-match': etag }),
        },
      })
    const etag = (await list()).headers.get('etag') ?? ''
    expect(etag).not.toBe('')
    await advance(HOUR) // keypad polls of a healthy lock write nothing
    expect((await list(etag)).status).toBe(304)

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    const changed = await list(etag)
    expect(changed.status).toBe(200)
    const body = (await changed.json()) as { access_codes: { errors: { error_code: string }[] }[] }
    expect(body.access_codes.map((c) => c.errors.map((e) => e.error_code))).toEqual([['device_offline']])
    const offlineEtag = changed.headers.get('etag') ?? ''
    await advance(HOUR) // nor do those of a lock that stays offline
    expect((await list(offlineEtag)).status).toBe(304)
  })

  it('shows account_disconnected as a connected-account error (is_device_error: false) while its account is away', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    await settle()
    const { connected_account_id } = await getDevice(deviceId)
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id })
    await settle()
    expect((await getCode(access_code.access_code_id)).errors).toEqual([
      expect.objectContaining({
        error_code: 'account_disconnected',
        is_connected_account_error: true,
        is_device_error: false,
      }),
    ])
    await http.ok('/connected_accounts/simulate/connect', { connected_account_id })
    await settle()
    expect(await stateOf(access_code.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
  })
})

describe('an unmanaged code on the lock', () => {
  it('shows the lock’s device_offline and account_disconnected too, until they go', async () => {
    const deviceId = deviceOf('lockly')
    const found = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '615243',
      name: 'Owner',
    })
    await settle()
    const unmanagedErrors = async (): Promise<unknown[]> =>
      (await seam.accessCodes.unmanaged.get({ access_code_id: found.access_code_id })).errors

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    expect(await unmanagedErrors()).toEqual([
      expect.objectContaining({ error_code: 'device_offline', is_device_error: true }),
    ])
    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await unmanagedErrors()).toEqual([])

    const { connected_account_id } = await getDevice(deviceId)
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id })
    await settle()
    expect(await unmanagedErrors()).toEqual([
      expect.objectContaining({ error_code: 'account_disconnected', is_connected_account_error: true }),
    ])
    await http.ok('/connected_accounts/simulate/connect', { connected_account_id })
    await settle()
    expect(await unmanagedErrors()).toEqual([])
  })
})

describe('action attempts the lock side gives up on', () => {
  it('a create on a removed lock ends with error device_removed, in Seam’s shape', async () => {
    const deviceId = deviceOf('yale')
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    const { access_code, action_attempt } = await createCode({ device_id: deviceId, code: '4821' })
    await settle()
    expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('pending')
    await seam.devices.simulate.remove({ device_id: deviceId })
    await settle()
    const ended = await actionAttempt(action_attempt.action_attempt_id)
    expect(ended).toMatchObject({
      action_type: 'CREATE_ACCESS_CODE',
      status: 'error',
      result: null,
      error: { type: 'device_removed', message: expect.any(String) },
    })
    expect(await stateOf(access_code.access_code_id)).toEqual({
      status: 'unknown',
      errors: ['device_removed'],
      warnings: [],
    })
  })
})

describe('attempt_for_offline_device: false', () => {
  it('on an offline lock: the create ends with error device_offline, the code shows failed_to_set_on_device and is not retried', async () => {
    const deviceId = deviceOf('smartthings')
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    const { access_code, action_attempt } = await createCode({
      device_id: deviceId,
      code: '4821',
      attempt_for_offline_device: false,
    })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({
      status: 'unset',
      errors: ['device_offline', 'failed_to_set_on_device'],
      warnings: [],
    })
    // actionAttempt() checks it against Seam's action attempt schema.
    expect(await actionAttempt(action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      result: null,
      error: { type: 'device_offline', message: expect.stringContaining('attempt_for_offline_device: false') },
    })
    // The SDK reports it as a failed action attempt.
    await expect(seam.actionAttempts.get({ action_attempt_id: action_attempt.action_attempt_id })).rejects.toThrow(
      'attempt_for_offline_device: false',
    )
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    await advance(10 * MINUTE)
    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: ['failed_to_set_on_device'], warnings: [] })
    expect(await keypad(deviceId)).toEqual([])

    // The same request with the default waits, as before.
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    const waiting = await createCode({ device_id: deviceId, code: '5937' })
    await settle()
    expect(await stateOf(waiting.access_code.access_code_id)).toEqual({
      status: 'setting',
      errors: ['device_offline'],
      warnings: [],
    })
    expect((await actionAttempt(waiting.action_attempt.action_attempt_id)).status).toBe('pending')
  })
})

describe('is_offline_access_code changed to true through update', () => {
  it('takes the old PIN off the keypad, and the update completes once it is off', async () => {
    const deviceId = deviceOf('igloohome')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '4821',
      starts_at: at(MINUTE),
      ends_at: at(3 * DAY),
      prefer_native_scheduling: false,
    })
    const id = access_code.access_code_id
    await advance(MINUTE)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await keypad(deviceId)).toEqual(['4821'])

    const { action_attempt } = await http.ok<{ action_attempt: ActionAttemptView }>('/access_codes/update', {
      access_code_id: id,
      is_offline_access_code: true,
    })
    expect(action_attempt.status).toBe('pending')
    await settle()
    expect(await keypad(deviceId)).toEqual([])
    expect((await getCode(id)).status).toBe('set')
    expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('success')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.changed',
      'access_code.removed_from_device',
      'access_code.set_on_device',
    ])
  })
})
