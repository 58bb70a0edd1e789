// The problems queue, arrivals at risk: a time-bound code starting within 72 hours (or started, without its code on
// the lock) that will not work at the door as things stand, and why; never a stay the lock is ready for.
import { describe, expect, it } from 'vitest'
import {
  DAY,
  HOUR,
  MINUTE,
  SECOND,
  advance,
  at,
  createCode,
  deviceOf,
  getCode,
  http,
  seam,
  settle,
  stateOf,
} from '@/tests/support/simulation-api'
import { listProblems, lockNameOf, problemOf, queue, reportBattery } from '@/tests/api/problems/problems-api'

describe('an arrival on an offline lock', () => {
  it('is at risk while the lock is offline, offers a backup code from the pool, and clears when the lock is back', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Okafor stay',
      starts_at: at(DAY),
      ends_at: at(3 * DAY),
      use_backup_access_code_pool: true,
    })
    const id = access_code.access_code_id
    await settle()
    // Waiting for its window on a lock that is fine: nothing to worry about.
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })
    expect(await queue()).toEqual([])

    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    const lock = await lockNameOf(deviceId)
    expect(await queue()).toEqual([
      'arrival_at_risk Okafor stay device_offline',
      `device_offline ${lock} device_offline`,
    ])
    const arrival = await problemOf('arrival_at_risk')
    expect(arrival).toMatchObject({
      problem_id: `arrival_at_risk:${id}`,
      severity: 'critical',
      access_code_id: id,
      starts_at: at(DAY),
      error_code: 'device_offline',
      causes: ['device_offline'],
      title: 'Arrival at risk: Okafor stay',
    })
    expect(arrival.message).toMatch(
      /^Checks in .* \(in 24 hours\)\. The lock is offline and does not have the code yet/,
    )
    expect(arrival.remedy).toContain('pull a backup code')
    expect(arrival.actions.map((a) => a.action)).toEqual(['pull_backup_access_code', 'open_code', 'open_device'])
    expect(arrival.actions[0]).toMatchObject({ access_code_id: id, label: 'Pull a backup code' })

    // The backup was programmed while the lock was online: its PIN works at the door now.
    const pulled = await http.ok<{ backup_access_code: { code: string; status: string } }>(
      '/access_codes/pull_backup_access_code',
      { access_code_id: id },
    )
    expect(pulled.backup_access_code.status).toBe('set')
    expect((await problemOf('arrival_at_risk')).actions[0]).toMatchObject({ label: 'Show the backup code' })

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await queue()).toEqual([])
  })

  it('is not watched beyond 72 hours, and a guest already in whose code the lock has is no arrival', async () => {
    const deviceId = deviceOf('lockly')
    await createCode({
      device_id: deviceId,
      name: 'Far away',
      code: '615243',
      starts_at: at(3 * DAY + MINUTE),
      ends_at: at(5 * DAY),
    })
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'In the house',
      code: '615244',
      starts_at: at(-HOUR),
      ends_at: at(DAY),
    })
    await settle()
    expect((await getCode(access_code.access_code_id)).status).toBe('set')
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    expect((await queue()).map((l) => l.split(' ')[0])).toEqual(['device_offline'])
    await advance(2 * MINUTE)
    expect((await queue()).map((l) => l.split(' ')[0])).toEqual(['arrival_at_risk', 'device_offline'])
    expect((await problemOf('arrival_at_risk')).access_code_name).toBe('Far away')
  })

  it('lists arrivals by check-in, soonest first, whatever order they were made in', async () => {
    const deviceId = deviceOf('lockly')
    await createCode({
      device_id: deviceId,
      name: 'Later',
      code: '615243',
      starts_at: at(2 * DAY),
      ends_at: at(3 * DAY),
    })
    await createCode({ device_id: deviceId, name: 'Sooner', code: '615244', starts_at: at(DAY), ends_at: at(2 * DAY) })
    await createCode({ device_id: deviceId, name: 'Soonest', code: '615245', starts_at: at(HOUR), ends_at: at(DAY) })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    expect(await queue({ kind: 'arrival_at_risk' })).toEqual([
      'arrival_at_risk Soonest device_offline',
      'arrival_at_risk Sooner device_offline',
      'arrival_at_risk Later device_offline',
    ])
  })
})

describe('an arrival on a healthy lock', () => {
  it('is not at risk, whether the lock holds the code ahead (native scheduling) or Latchkey programs it at check-in', async () => {
    const native = deviceOf('kwikset')
    const later = deviceOf('lockly')
    const scheduled = await createCode({ device_id: native, name: 'Ahead', starts_at: at(2 * HOUR), ends_at: at(DAY) })
    const waiting = await createCode({
      device_id: later,
      name: 'At check-in',
      code: '615243',
      starts_at: at(2 * HOUR),
      ends_at: at(DAY),
    })
    await settle()
    expect(await getCode(scheduled.access_code.access_code_id)).toMatchObject({
      status: 'unset',
      is_scheduled_on_device: true,
    })
    expect((await getCode(waiting.access_code.access_code_id)).status).toBe('unset')
    expect(await queue()).toEqual([])
    await advance(2 * HOUR)
    expect(await queue()).toEqual([])
  })
})

describe('an arrival whose code does not reach the lock', () => {
  it('is at risk once the lock has refused it for good, and clears with “Retry now”', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Lindqvist stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 3 })
    await advance(HOUR)
    await advance(5 * SECOND)
    // Two refusals in 5 seconds: still within what programming normally takes.
    expect(await queue()).toEqual([])
    await advance(10 * SECOND)
    expect(await queue()).toEqual([
      'arrival_at_risk Lindqvist stay failed_to_set_on_device',
      'code_error Lindqvist stay failed_to_set_on_device',
    ])
    const arrival = await problemOf('arrival_at_risk')
    expect(arrival.message).toMatch(/^Checked in .* \(less than an hour ago\)\. Code could not be programmed: /)
    expect(arrival.actions.map((a) => a.action)).toEqual(['retry_access_code', 'open_code', 'open_device'])
    await http.ok('/access_codes/update', { access_code_id: access_code.access_code_id })
    await settle()
    expect(await queue()).toEqual([])
  })

  it('is at risk when the lock takes the code and never confirms it, once that has lasted a minute', async () => {
    const deviceId = deviceOf('lockly')
    await http.ok('/devices/simulate/fault', { device_id: deviceId, fault: 'delay_in_setting_on_device' })
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Nakamura stay',
      code: '615243',
      starts_at: at(-MINUTE),
      ends_at: at(DAY),
    })
    await settle()
    expect((await getCode(access_code.access_code_id)).status).toBe('setting')
    expect(await queue()).toEqual([])
    await advance(MINUTE)
    expect(await queue()).toEqual(['arrival_at_risk Nakamura stay'])
    const arrival = await problemOf('arrival_at_risk')
    expect(arrival).toMatchObject({ causes: ['not_on_lock_yet'], error_code: null, warning_code: null })
    expect(arrival.message).toContain('Latchkey has been putting the code on the lock since')

    await http.ok('/devices/simulate/clear_faults', { device_id: deviceId })
    await advance(MINUTE)
    expect((await getCode(access_code.access_code_id)).status).toBe('set')
    expect(await queue()).toEqual([])
  })
})

describe('an arrival on a lock whose batteries are almost empty', () => {
  it('is at risk even with its code on the lock, ahead of the battery problem itself', async () => {
    const deviceId = deviceOf('kwikset')
    await createCode({ device_id: deviceId, name: 'Berg stay', starts_at: at(2 * DAY), ends_at: at(4 * DAY) })
    await settle()
    await reportBattery(deviceId, 0.05)
    const { problems } = await listProblems()
    expect(problems.map((p) => [p.kind, p.severity, p.causes])).toEqual([
      ['arrival_at_risk', 'critical', ['battery_critical']],
      ['low_battery', 'critical', ['battery_critical']],
    ])
    expect(problems[0]?.message).toContain('The lock’s batteries are almost empty (5%)')
    await reportBattery(deviceId, 0.8)
    expect(await queue()).toEqual([])
  })
})
