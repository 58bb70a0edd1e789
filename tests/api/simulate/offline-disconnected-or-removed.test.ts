// What an offline lock, a disconnected account and a removed device cause, produced through the simulate endpoints
// over HTTP and read back through the API.
import { describe, expect, it } from 'vitest'
import {
  MINUTE,
  HOUR,
  type AccessCodeView,
  http,
  seam,
  deviceOf,
  settle,
  advance,
  at,
  createCode,
  stateOf,
  eventsWhere,
  codeEvents,
  deviceEvents,
  getDevice,
  actionAttempt,
  deleteCode,
  failure,
  sdkError,
} from '@/tests/support/simulation-api'

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
