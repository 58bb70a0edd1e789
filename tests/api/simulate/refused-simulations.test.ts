// The simulate endpoints refuse what they cannot simulate.
import { describe, expect, it } from 'vitest'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import {
  type AccessCodeView,
  type DeviceView,
  store,
  clock,
  server,
  http,
  seam,
  deviceOf,
  settle,
  createCode,
  deviceEvents,
  getDevice,
  failure,
  sdkError,
} from '@/tests/support/simulation-api'

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
