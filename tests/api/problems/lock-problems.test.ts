// The problems queue, problems of a lock: offline, account disconnected, another condition of the lock, low battery
// and a nearly full keypad, each made to appear and clear through the simulate endpoints and the reconciler. A
// condition every code of the lock carries is one problem of the lock, never one per code.
import { describe, expect, it } from 'vitest'
import {
  MINUTE,
  advance,
  createCode,
  deviceOf,
  getDevice,
  http,
  profileOf,
  seam,
  settle,
  stateOf,
  at,
  DAY,
} from '@/tests/support/simulation-api'
import { listProblems, lockNameOf, problemOf, queue, reportBattery } from '@/tests/api/problems/problems-api'

describe('an offline lock', () => {
  it('is one device_offline problem, not an error per code, from the moment it goes offline until the lock side has been back', async () => {
    const deviceId = deviceOf('smartthings')
    const lockName = await lockNameOf(deviceId)
    const cleaner = await createCode({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    await createCode({ device_id: deviceId, name: 'Owner', code: '7391' })
    await http.ok('/access_codes/simulate/create_unmanaged_access_code', {
      device_id: deviceId,
      code: '5502',
      name: 'Typed at the keypad',
    })
    await settle()
    expect(await queue()).toEqual([])

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    // The lock said so: the queue knows before the lock side has looked.
    expect(await queue()).toEqual([`device_offline ${lockName} device_offline`])
    await advance(10 * MINUTE)
    expect(await stateOf(cleaner.access_code.access_code_id)).toMatchObject({ errors: ['device_offline'] })
    // Three codes (one unmanaged) carry device_offline; the queue has the lock's one problem.
    expect(await queue()).toEqual([`device_offline ${lockName} device_offline`])
    const offline = await problemOf('device_offline')
    expect(offline).toMatchObject({
      problem_id: `device_offline:${deviceId}`,
      severity: 'critical',
      device_id: deviceId,
      access_code_id: null,
      starts_at: null,
      causes: ['device_offline'],
    })
    // Since the lock went offline (its device.disconnected event), not since the codes last heard of it.
    expect(offline.created_at).toBe(at(-10 * MINUTE))
    expect(offline.actions).toEqual([expect.objectContaining({ action: 'open_device', device_id: deviceId })])

    await seam.devices.simulate.connect({ device_id: deviceId })
    // The codes still carry the error until the lock side has reached the lock again.
    expect(await queue()).toEqual([`device_offline ${lockName} device_offline`])
    await settle()
    expect(await queue()).toEqual([])
  })
})

describe('a disconnected account', () => {
  it('is one account_disconnected problem per lock, with how to reconnect, until the account is back', async () => {
    const deviceId = deviceOf('smartthings')
    await createCode({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    await createCode({ device_id: deviceId, name: 'Owner', code: '7391' })
    await settle()
    const { connected_account_id } = await getDevice(deviceId)

    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id })
    await settle()
    const { problems } = await listProblems()
    expect(problems.map((p) => [p.kind, p.device_id, p.error_code])).toEqual([
      ['account_disconnected', deviceId, 'account_disconnected'],
    ])
    const [problem] = problems
    expect(problem?.actions.map((a) => a.action)).toEqual(['reconnect_account', 'open_device'])
    const reconnect = problem?.actions[0]
    expect(reconnect).toMatchObject({ action: 'reconnect_account', connected_account_id, label: 'How to reconnect' })
    expect(reconnect?.action === 'reconnect_account' && reconnect.instructions).toContain(
      '/connected_accounts/simulate/connect',
    )

    // An offline lock behind a disconnected account cannot be told apart: the account is the problem to fix.
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    expect((await queue()).map((l) => l.split(' ')[0])).toEqual(['account_disconnected'])

    await seam.devices.simulate.connect({ device_id: deviceId })
    await http.ok('/connected_accounts/simulate/connect', { connected_account_id })
    await settle()
    expect(await queue()).toEqual([])
  })
})

describe('another condition of the lock', () => {
  it('is one device_error problem per lock and error, however many codes carry it, gone once cleared', async () => {
    const deviceId = deviceOf('smartthings')
    await createCode({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    await createCode({ device_id: deviceId, name: 'Owner', code: '7391' })
    await settle()

    await http.ok('/devices/simulate/fault', { device_id: deviceId, fault: 'hub_disconnected' })
    await settle()
    expect(await queue()).toEqual([`device_error ${await lockNameOf(deviceId)} hub_disconnected`])
    expect(await problemOf('device_error')).toMatchObject({
      problem_id: `device_error:${deviceId}:hub_disconnected`,
      severity: 'critical',
      access_code_id: null,
    })

    await http.ok('/devices/simulate/clear_faults', { device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })
})

describe('a low battery', () => {
  it('is a problem when low, critical when almost empty, and gone once the batteries are replaced', async () => {
    const deviceId = deviceOf('kwikset')
    await reportBattery(deviceId, 0.2)
    const low = await problemOf('low_battery')
    expect(low).toMatchObject({
      problem_id: `low_battery:${deviceId}`,
      severity: 'problem',
      title: 'Battery low',
      causes: ['battery_low'],
    })
    expect(low.message).toContain('20%')

    await reportBattery(deviceId, 0.07)
    const critical = await problemOf('low_battery')
    expect(critical).toMatchObject({
      severity: 'critical',
      title: 'Battery almost empty',
      causes: ['battery_critical'],
    })
    expect(critical.message).toContain('7%')

    await reportBattery(deviceId, 0.95)
    expect(await queue()).toEqual([])
  })
})

describe('a nearly full keypad', () => {
  it('counts the unmanaged codes on the keypad, and clears when codes are deleted', async () => {
    const deviceId = deviceOf('smartthings')
    const slots = profileOf('smartthings').maxActiveCodes
    await http.ok('/devices/simulate/fill_keypad', { device_id: deviceId })
    await settle()
    const full = await problemOf('keypad_nearly_full')
    expect(full).toMatchObject({
      problem_id: `keypad_nearly_full:${deviceId}`,
      severity: 'problem',
      title: 'Keypad full',
      causes: ['keypad_full'],
    })
    expect(full.message).toContain(`${slots} of the lock’s ${slots} code slots are taken`)
    expect(full.message).toContain(`${slots} of them are codes added outside Latchkey`)

    // Down to 27 of 30 (90 %): still nearly full. 26 of 30: not any more.
    const { access_codes } = await http.ok<{ access_codes: { access_code_id: string }[] }>(
      '/access_codes/unmanaged/list',
      { device_id: deviceId },
    )
    for (const code of access_codes.slice(0, slots - 27))
      await http.ok('/access_codes/unmanaged/delete', { access_code_id: code.access_code_id })
    await settle()
    expect(await problemOf('keypad_nearly_full')).toMatchObject({ title: 'Keypad nearly full' })
    const [next] = access_codes.slice(slots - 27)
    await http.ok('/access_codes/unmanaged/delete', { access_code_id: next?.access_code_id })
    await settle()
    expect(await queue()).toEqual([])
  })

  it('counts codes scheduled ahead, which will need a slot', async () => {
    const deviceId = deviceOf('smartthings')
    const slots = profileOf('smartthings').maxActiveCodes
    for (let i = 0; i < Math.ceil(slots * 0.9) - 1; i++) {
      await createCode({
        device_id: deviceId,
        name: `Stay ${i}`,
        starts_at: at((i + 10) * DAY),
        ends_at: at((i + 11) * DAY),
      })
    }
    await settle()
    expect(await queue()).toEqual([])
    await createCode({ device_id: deviceId, name: 'One more', starts_at: at(60 * DAY), ends_at: at(61 * DAY) })
    await settle()
    expect(await queue()).toEqual([`keypad_nearly_full ${await lockNameOf(deviceId)}`])
    expect((await problemOf('keypad_nearly_full')).title).toBe('Keypad nearly full')
  })
})
