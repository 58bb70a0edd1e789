// Someone types a PIN at a sandbox lock (/devices/simulate/keypad_code_entry): the lock opens for what its keypad
// holds and for its offline codes, and otherwise refuses, with the reason in plain words. Each answer is checked
// against the events it recorded, read back through /events/list and Seam's event schema.
import { describe, expect, it } from 'vitest'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import {
  DAY,
  HOUR,
  MINUTE,
  advance,
  at,
  clock,
  codeEvents,
  createCode,
  deleteCode,
  deviceOf,
  eventsWhere,
  failure,
  http,
  server,
  settle,
  stateOf,
  store,
  type EventView,
} from '@/tests/support/simulation-api'

interface KeypadEntry {
  device_id: string
  code: string
  unlocked: boolean
  reason: string | null
  message: string
  access_code_id: string | null
  access_code_is_managed: boolean | null
  used_up: boolean
  event_id: string | null
}

type LockEvent = EventView & { method?: string; access_code_is_managed?: boolean }

async function enter(deviceId: string, code: string): Promise<KeypadEntry> {
  const { keypad_code_entry } = await http.ok<{ keypad_code_entry: KeypadEntry }>(
    '/devices/simulate/keypad_code_entry',
    { device_id: deviceId, code },
  )
  expect(keypad_code_entry).toMatchObject({ device_id: deviceId, code })
  return keypad_code_entry
}

/** The lock events of the device, oldest first (each checked against Seam's schema). */
const lockEvents = async (deviceId: string): Promise<LockEvent[]> =>
  (await eventsWhere({ device_id: deviceId, event_types: ['lock.unlocked', 'lock.access_denied'] })) as LockEvent[]

/** The one event the entry recorded. */
async function eventOf(entry: KeypadEntry): Promise<LockEvent> {
  const events = await lockEvents(entry.device_id)
  const event = events.find((e) => e.event_id === entry.event_id)
  if (event === undefined) throw new Error(`event ${String(entry.event_id)} not found`)
  return event
}

describe('a PIN the lock holds opens it', () => {
  it('a set code: lock.unlocked with the code, method keycode, and the code’s own events list it', async () => {
    const deviceId = deviceOf('schlage')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Cleaner', code: '4821' })
    await settle()
    expect((await stateOf(access_code.access_code_id)).status).toBe('set')

    const entry = await enter(deviceId, '4821')
    expect(entry).toMatchObject({
      unlocked: true,
      reason: null,
      access_code_id: access_code.access_code_id,
      access_code_is_managed: true,
      used_up: false,
    })
    expect(entry.message).toContain('"Cleaner"')
    expect(await eventOf(entry)).toMatchObject({
      event_type: 'lock.unlocked',
      device_id: deviceId,
      access_code_id: access_code.access_code_id,
      access_code_is_managed: true,
      method: 'keycode',
    })
    expect(await codeEvents(access_code.access_code_id, deviceId)).toContain('lock.unlocked')
    // The filters of /events/list find it by type as well.
    const byType = await eventsWhere({ event_type: 'lock.unlocked' })
    expect(byType.map((e) => e.event_id)).toEqual([entry.event_id])
    // A code opens the door as often as it is used.
    expect((await enter(deviceId, '4821')).unlocked).toBe(true)
  })

  it('an unmanaged code opens it too, reported as not managed', async () => {
    const deviceId = deviceOf('kwikset')
    const { access_code } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code: '7391', name: 'Neighbour' },
    )
    const entry = await enter(deviceId, '7391')
    expect(entry).toMatchObject({
      unlocked: true,
      access_code_id: access_code.access_code_id,
      access_code_is_managed: false,
    })
    expect(await eventOf(entry)).toMatchObject({ event_type: 'lock.unlocked', access_code_is_managed: false })
  })

  it('a deleted code opens the door until the lock side has taken it off the keypad', async () => {
    const deviceId = deviceOf('august')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Old guest', code: '5173' })
    await settle()
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 1 })
    await deleteCode(access_code.access_code_id)
    await settle()

    const stillThere = await enter(deviceId, '5173')
    expect(stillThere).toMatchObject({ unlocked: true, access_code_id: access_code.access_code_id })
    expect(stillThere.message).toContain('deleted')

    await advance(HOUR)
    const gone = await enter(deviceId, '5173')
    expect(gone).toMatchObject({
      unlocked: false,
      reason: 'no_longer_active',
      access_code_id: access_code.access_code_id,
    })
    expect(gone.message).toContain('deleted')
    // The lock no longer knows the PIN, so its report names no code.
    expect((await eventOf(gone)).access_code_id).toBeUndefined()
  })
})

describe('the lock refuses, and says why', () => {
  it('an unknown PIN: lock.access_denied without a code', async () => {
    const deviceId = deviceOf('yale')
    const entry = await enter(deviceId, '0000')
    expect(entry).toMatchObject({
      unlocked: false,
      reason: 'unknown_code',
      access_code_id: null,
      access_code_is_managed: null,
      used_up: false,
    })
    const event = await eventOf(entry)
    expect(event).toMatchObject({ event_type: 'lock.access_denied', device_id: deviceId })
    expect(event.access_code_id).toBeUndefined()
  })

  it('a code Latchkey has not put on the keypad yet: not_on_lock, then it opens once set', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Plumber', code: '2468' })
    const early = await enter(deviceId, '2468')
    expect(early).toMatchObject({
      unlocked: false,
      reason: 'not_on_lock',
      access_code_id: access_code.access_code_id,
    })
    expect(early.message).toContain('still programming')
    await settle()
    expect((await enter(deviceId, '2468')).unlocked).toBe(true)
  })

  it('a code the lock refused: not_on_lock names the code’s error', async () => {
    const deviceId = deviceOf('lockly')
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 10 })
    const { access_code } = await createCode({ device_id: deviceId, name: 'Guest', code: '246813' })
    await settle()
    for (let i = 0; i < 4; i++) await advance(5 * MINUTE)
    expect((await stateOf(access_code.access_code_id)).errors).toContain('failed_to_set_on_device')
    const entry = await enter(deviceId, '246813')
    expect(entry).toMatchObject({ unlocked: false, reason: 'not_on_lock' })
    expect(entry.message).toContain('failed_to_set_on_device')
  })

  it('a stay that has not begun: not_active_yet, whether the lock holds it ahead or Latchkey waits', async () => {
    // August takes the code 72 hours ahead and holds its window itself.
    const august = deviceOf('august')
    const onKeypad = await createCode({
      device_id: august,
      name: 'Weekend',
      code: '8642',
      starts_at: at(2 * HOUR),
      ends_at: at(2 * DAY),
    })
    await settle()
    expect((await stateOf(onKeypad.access_code.access_code_id)).status).toBe('unset')
    const ahead = await enter(august, '8642')
    expect(ahead).toMatchObject({
      unlocked: false,
      reason: 'not_active_yet',
      access_code_id: onKeypad.access_code.access_code_id,
    })
    // The lock recognised its own entry: its report names the code.
    expect((await eventOf(ahead)).access_code_id).toBe(onKeypad.access_code.access_code_id)

    // SmartThings has no native schedule: the code is not on the keypad before its window.
    const smartthings = deviceOf('smartthings')
    const waiting = await createCode({
      device_id: smartthings,
      code: '9753',
      starts_at: at(2 * HOUR),
      ends_at: at(2 * DAY),
    })
    await settle()
    const notYet = await enter(smartthings, '9753')
    expect(notYet).toMatchObject({
      unlocked: false,
      reason: 'not_active_yet',
      access_code_id: waiting.access_code.access_code_id,
    })
    expect((await eventOf(notYet)).access_code_id).toBeUndefined()

    await advance(2 * HOUR)
    expect((await enter(august, '8642')).unlocked).toBe(true)
    expect((await enter(smartthings, '9753')).unlocked).toBe(true)
  })

  it('a stay that is over: removed from the keypad, no_longer_active', async () => {
    const deviceId = deviceOf('schlage')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Short stay',
      code: '3579',
      starts_at: at(MINUTE),
      ends_at: at(HOUR),
    })
    await advance(MINUTE)
    expect((await enter(deviceId, '3579')).unlocked).toBe(true)
    await advance(HOUR)
    const after = await enter(deviceId, '3579')
    expect(after).toMatchObject({
      unlocked: false,
      reason: 'no_longer_active',
      access_code_id: access_code.access_code_id,
    })
    expect(after.message).toContain('ended')
  })

  it('an entry the lock has switched off: disabled, naming the code', async () => {
    const deviceId = deviceOf('ttlock')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Dog walker', code: '1357' })
    await settle()
    // What a lock that switches entries off (Ultraloq) does to its own memory.
    await store.db
      .updateTable('sandbox_keypad_codes')
      .set({ disabled: 1 })
      .where('device_id', '=', deviceId)
      .where('code', '=', '1357')
      .execute()
    const entry = await enter(deviceId, '1357')
    expect(entry).toMatchObject({ unlocked: false, reason: 'disabled', access_code_id: access_code.access_code_id })
    expect((await eventOf(entry)).access_code_id).toBe(access_code.access_code_id)
  })

  it('a lock that is offline takes no entry and reports nothing', async () => {
    const deviceId = deviceOf('yale')
    await createCode({ device_id: deviceId, code: '6420' })
    await settle()
    await http.ok('/devices/simulate/disconnect', { device_id: deviceId })
    const entry = await enter(deviceId, '6420')
    expect(entry).toMatchObject({ unlocked: false, reason: 'device_offline', event_id: null })
    expect(await lockEvents(deviceId)).toEqual([])
    await http.ok('/devices/simulate/connect', { device_id: deviceId })
    await settle()
    expect((await enter(deviceId, '6420')).unlocked).toBe(true)
  })
})

describe('a lock Latchkey cannot hear from', () => {
  it('its hub down or its account disconnected: device_unreachable, nothing reported, until it is back', async () => {
    const deviceId = deviceOf('smartthings')
    await createCode({ device_id: deviceId, code: '8024' })
    await settle()
    await http.ok('/devices/simulate/fault', { device_id: deviceId, fault: 'hub_disconnected' })
    const cutOff = await enter(deviceId, '8024')
    expect(cutOff).toMatchObject({ unlocked: false, reason: 'device_unreachable', event_id: null })
    expect(cutOff.message).toContain('hub_disconnected')
    await http.ok('/devices/simulate/clear_faults', { device_id: deviceId })

    const { device } = await http.ok<{ device: { connected_account_id: string } }>('/devices/get', {
      device_id: deviceId,
    })
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: device.connected_account_id })
    const accountGone = await enter(deviceId, '8024')
    expect(accountGone).toMatchObject({ unlocked: false, reason: 'device_unreachable', event_id: null })
    expect(accountGone.message).toContain('account_disconnected')
    expect(await lockEvents(deviceId)).toEqual([])

    await http.ok('/connected_accounts/simulate/connect', { connected_account_id: device.connected_account_id })
    await settle()
    expect((await enter(deviceId, '8024')).unlocked).toBe(true)
  })
})

describe('offline codes', () => {
  const offlineStay = (deviceId: string, extra: Record<string, unknown> = {}) =>
    createCode({
      device_id: deviceId,
      name: 'Offline guest',
      is_offline_access_code: true,
      starts_at: at(HOUR),
      ends_at: at(HOUR + 20 * HOUR),
      ...extra,
    })

  it('open the lock inside their window only, and again and again', async () => {
    const deviceId = deviceOf('ttlock')
    const { access_code } = await offlineStay(deviceId)
    const pin = access_code.code ?? ''
    await settle()
    const early = await enter(deviceId, pin)
    expect(early).toMatchObject({
      unlocked: false,
      reason: 'not_active_yet',
      access_code_id: access_code.access_code_id,
    })
    await advance(HOUR)
    for (let use = 0; use < 2; use++) {
      expect(await enter(deviceId, pin)).toMatchObject({
        unlocked: true,
        used_up: false,
        access_code_id: access_code.access_code_id,
      })
    }
    await advance(21 * HOUR)
    expect(await enter(deviceId, pin)).toMatchObject({ unlocked: false, reason: 'no_longer_active' })
  })

  it('a one-time code is used up by its first entry: deleted, out of the lists, refused the second time', async () => {
    const deviceId = deviceOf('igloohome')
    const { access_code } = await offlineStay(deviceId, { is_one_time_use: true })
    expect(access_code).toMatchObject({ is_one_time_use: true, is_offline_access_code: true })
    const pin = access_code.code ?? ''
    await advance(HOUR)

    const first = await enter(deviceId, pin)
    expect(first).toMatchObject({ unlocked: true, used_up: true, access_code_id: access_code.access_code_id })
    expect(first.message).toContain('one-time')
    expect(failure(await http.fail('/access_codes/get', { access_code_id: access_code.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    const { access_codes } = await http.ok<{ access_codes: { access_code_id: string }[] }>('/access_codes/list', {
      device_id: deviceId,
    })
    expect(access_codes.map((c) => c.access_code_id)).not.toContain(access_code.access_code_id)
    const deleted = (await eventsWhere({ access_code_id: access_code.access_code_id })).filter(
      (e) => e.event_type === 'access_code.deleted',
    )
    expect(deleted).toHaveLength(1)
    expect(deleted[0]).toMatchObject({ code: pin })

    await settle()
    const second = await enter(deviceId, pin)
    expect(second).toMatchObject({
      unlocked: false,
      reason: 'already_used',
      access_code_id: access_code.access_code_id,
      used_up: false,
    })
    expect((await eventOf(second)).event_type).toBe('lock.access_denied')
    // Gone for good: not even among the codes still being removed.
    const removals = await http.ok<{ access_codes: unknown[] }>('/access_codes/pending_removals/list', {
      device_id: deviceId,
    })
    expect(removals.access_codes).toEqual([])
    expect(await codeEvents(access_code.access_code_id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'lock.unlocked',
      'access_code.deleted',
      'lock.access_denied',
    ])
  })

  it('igloohome voids a long offline code not used within 24 hours of its start', async () => {
    const deviceId = deviceOf('igloohome')
    const unused = await offlineStay(deviceId, { ends_at: at(HOUR + 3 * DAY) })
    const used = await offlineStay(deviceId, { name: 'Early bird', ends_at: at(HOUR + 3 * DAY) })
    await advance(2 * HOUR)
    expect((await enter(deviceId, used.access_code.code ?? '')).unlocked).toBe(true)
    await advance(DAY)
    const voided = await enter(deviceId, unused.access_code.code ?? '')
    expect(voided).toMatchObject({
      unlocked: false,
      reason: 'not_activated_in_time',
      access_code_id: unused.access_code.access_code_id,
    })
    expect((await enter(deviceId, used.access_code.code ?? '')).unlocked).toBe(true)
  })
})

describe('bad input', () => {
  it('is refused with the field named; unknown, foreign and real locks as elsewhere', async () => {
    const deviceId = deviceOf('schlage')
    const invalid = async (body: Record<string, unknown>): Promise<string[]> => {
      const refused = await http.fail('/devices/simulate/keypad_code_entry', body)
      expect(refused.status).toBe(400)
      expect(refused.type).toBe('invalid_input')
      const fields = (refused.body.error as { validation_errors?: Record<string, unknown> }).validation_errors ?? {}
      return Object.keys(fields).filter((f) => f !== '_errors')
    }
    expect(await invalid({ code: '1234' })).toEqual(['device_id'])
    expect(await invalid({ device_id: deviceId })).toEqual(['code'])
    expect(await invalid({ device_id: deviceId, code: '12a4' })).toEqual(['code'])
    expect(await invalid({ device_id: deviceId, code: '' })).toEqual(['code'])
    expect(await invalid({ device_id: deviceId, code: 1234 })).toEqual(['code'])
    expect(await invalid({ device_id: deviceId, code: '1'.repeat(21) })).toEqual(['code'])
    expect(await invalid({ device_id: deviceId, code: '1234', name: 'x' })).toEqual(['name'])
    expect(await invalid({ device_id: 'not-a-uuid', code: '1234' })).toEqual(['device_id'])

    const notFound = { status: 404, type: 'device_not_found' }
    expect(
      failure(
        await http.fail('/devices/simulate/keypad_code_entry', {
          device_id: '00000000-0000-4000-8000-000000000000',
          code: '1234',
        }),
      ),
    ).toEqual(notFound)
    const other = await createWorkspace(store.db, clock, { name: 'Someone else', sandboxDevices: 1 })
    const theirs = other.device_ids[0] ?? ''
    expect(
      failure(await http.fail('/devices/simulate/keypad_code_entry', { device_id: theirs, code: '1234' })),
    ).toEqual(notFound)
    expect(await lockEvents(theirs)).toEqual([])
    const theirApi = new HttpClient(server.endpoint, other.api_key)
    await store.db.updateTable('devices').set({ is_sandbox: 0 }).where('device_id', '=', theirs).execute()
    expect(
      failure(await theirApi.fail('/devices/simulate/keypad_code_entry', { device_id: theirs, code: '1234' })),
    ).toEqual({ status: 400, type: 'not_a_sandbox_device' })
  })
})
