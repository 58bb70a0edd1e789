// /access_codes/explain through a code's life on a healthy lock: waiting for check-in, scheduled on the lock, on the
// lock, a PIN the lock assigns, ended, deleted and still being removed; times in the property's zone; the next lock
// work from the lock's sync job; the timeline of events and action attempts.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { explain, sentencesAbout } from '@/tests/api/explain/explain-api'
import {
  DAY,
  HOUR,
  MINUTE,
  advance,
  at,
  clock,
  createCode,
  deleteCode,
  deviceOf,
  http,
  profileOf,
  seam,
  settle,
  store,
  workspace,
} from '@/tests/support/simulation-api'

/** The fixture's property keeps New York time; these tests move it to Denver so zone mistakes show. */
async function inDenver(): Promise<void> {
  await store.db
    .updateTable('properties')
    .set({ timezone: 'America/Denver' })
    .where('property_id', '=', workspace.property_id)
    .execute()
}

const dueAtOf = async (deviceId: string): Promise<string | null> =>
  (await store.db.selectFrom('sync_jobs').select('due_at').where('device_id', '=', deviceId).executeTakeFirstOrThrow())
    .due_at

describe('before check-in', () => {
  it('a lock without native scheduling: waiting for check-in, at the property’s time, programmed when it opens', async () => {
    await inDenver()
    const deviceId = deviceOf('lockly')
    // 2026-03-02T12:00Z is 5:00 AM in Denver; check-in is the next day at 3:00 PM there (22:00Z).
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Chen stay',
      code: '615243',
      starts_at: '2026-03-03T22:00:00.000Z',
      ends_at: '2026-03-06T18:00:00.000Z',
    })
    await settle()
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({
      situation: 'waiting_for_window',
      opens_door_now: false,
      timezone: 'America/Denver',
      status: 'unset',
      lock_holds: null,
      access_code_name: 'Chen stay',
    })
    expect(e.headline).toBe('No, not yet: the code starts working at check-in, tomorrow at 3:00 PM MST (in 34 hours).')
    expect(sentencesAbout(e, 'lifecycle')).toContain(
      'Its window runs from tomorrow at 3:00 PM MST to Fri, Mar 6 at 11:00 AM MST.',
    )
    expect(e.next_lock_work).toMatchObject({
      action: 'program',
      due_at: '2026-03-03T22:00:00.000Z',
      reason: 'window_opens',
      lock_next_look_at: await dueAtOf(deviceId),
    })
    expect(e.next_lock_work?.text).toBe(
      'Latchkey puts the code on Lockly lock when its window opens, tomorrow at 3:00 PM MST.',
    )
    expect(e.what_to_do).toEqual([])
  })

  it('a lock that schedules natively: scheduled on the lock since it took the code, switched on by the lock', async () => {
    const deviceId = deviceOf('august')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Okafor stay',
      code: '4821',
      starts_at: at(DAY),
      ends_at: at(3 * DAY),
    })
    await advance(MINUTE)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'scheduled_on_lock', opens_door_now: false, status: 'unset' })
    expect(e.headline).toMatch(
      /^No, not yet: August lock already holds the code and switches it on by itself at check-in, tomorrow at 7:00\sAM EST \(in 24 hours\)\.$/,
    )
    // The lock took it at its first pass (its lead is 72 hours), a minute after the code was created.
    expect(sentencesAbout(e, 'lifecycle')).toContainEqual(
      expect.stringMatching(/^It has been scheduled on the lock since today at 7:01\sAM EST\.$/),
    )
    expect(e.lock_holds).toEqual({
      source: 'lock',
      read_at: clock.now().toISOString(),
      slot: 1,
      code: '4821',
      name: 'Okafor stay',
      starts_at: at(DAY - MINUTE),
      ends_at: at(3 * DAY - MINUTE),
      enabled: true,
      differences: [],
    })
    expect(sentencesAbout(e, 'lock_holds')[0]).toMatch(
      /^When last read \(today at 7:01\sAM EST\), August lock held this code in slot 1: PIN 4821, named “Okafor stay” on the lock, on from tomorrow at 7:00\sAM EST to Thu, Mar 5 at 7:00\sAM EST\.$/,
    )
    expect(e.next_lock_work).toMatchObject({ action: 'look_at_lock', due_at: at(DAY - MINUTE), reason: 'window_opens' })

    await advance(DAY)
    const open = await explain(access_code.access_code_id)
    expect(open).toMatchObject({ situation: 'on_lock', opens_door_now: true, status: 'set' })
    expect(open.headline).toMatch(/^Yes: PIN 4821 opens August lock now, until Thu, Mar 5 at 7:00\sAM EST\.$/)
    expect(open.next_lock_work).toMatchObject({ action: 'remove', due_at: at(2 * DAY - MINUTE), reason: 'window_ends' })
  })
})

describe('on the lock', () => {
  it('an ongoing code says how long it has been on the lock, and when Latchkey next looks at the keypad', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Cleaner', code: '2580' })
    const before = await explain(access_code.access_code_id)
    expect(before).toMatchObject({ situation: 'being_programmed', opens_door_now: false, status: 'setting' })
    expect(before.headline).toBe('No, not yet: Latchkey is putting the code on Samsung SmartThings lock now.')
    expect(before.next_lock_work).toMatchObject({ action: 'program', reason: 'now' })

    await settle()
    await advance(2 * HOUR)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'on_lock', opens_door_now: true, status: 'set' })
    expect(e.headline).toBe('Yes: PIN 2580 opens Samsung SmartThings lock now.')
    expect(sentencesAbout(e, 'lifecycle')).toEqual([
      'It is an ongoing code: it has no end, and works until it is deleted.',
      expect.stringMatching(/^It has been on the lock since today at 7:00\sAM EST\.$/),
    ])
    expect(e.lock_holds).toMatchObject({ slot: 1, code: '2580', name: 'Cleaner', starts_at: null, ends_at: null })
    const nextLook = await dueAtOf(deviceId)
    expect(nextLook).not.toBeNull()
    expect(e.next_lock_work).toEqual({
      action: 'look_at_lock',
      due_at: nextLook,
      reason: 'keypad_poll',
      text: expect.stringMatching(
        /^Nothing is planned for this code; Latchkey next looks at Samsung SmartThings lock’s keypad today at 9:1\d\sAM EST \(in \d+ minutes\)\.$/,
      ),
      lock_next_look_at: nextLook,
    })
  })

  it('the timeline holds the code’s events and action attempts, newest first, in words', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Gardener', code: '615243' })
    await settle()
    await advance(MINUTE)
    await http.ok('/access_codes/update', { access_code_id: access_code.access_code_id, code: '736251' })
    await settle()
    const e = await explain(access_code.access_code_id)
    expect(e.timeline.map((t) => (t.kind === 'event' ? t.event_type : `${t.action_type} ${t.status}`))).toEqual([
      'access_code.set_on_device',
      'UPDATE_ACCESS_CODE success',
      'access_code.changed',
      'access_code.set_on_device',
      'CREATE_ACCESS_CODE success',
      'access_code.created',
    ])
    expect(e.timeline[1]).toMatchObject({ kind: 'action_attempt', text: 'Changing the code: done on the lock.' })
    expect(e.timeline[0]).toMatchObject({ kind: 'event', about_code: true, text: 'PIN set on Lockly lock.' })
    expect(e.headline).toBe('Yes: PIN 736251 opens Lockly lock now.')
  })

  it('a lock that picks the PIN: waiting for the lock to assign one, then the PIN it gave', async () => {
    const deviceId = await addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId: workspace.property_id,
      profile: profileOf('keynest'),
      displayName: 'Key locker',
    })
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Key pick-up',
      starts_at: at(-MINUTE),
      ends_at: at(DAY),
    })
    const waiting = await explain(access_code.access_code_id)
    expect(waiting).toMatchObject({ situation: 'waiting_for_pin_assignment', opens_door_now: false })
    expect(waiting.headline).toBe(
      'No, not yet: Key locker picks its codes’ PINs itself, and has not given this code one yet.',
    )
    expect(sentencesAbout(waiting, 'lifecycle')).toContain(
      'Key locker chooses the PIN when it takes the code; the code shows it from then on.',
    )
    await settle()
    const given = await explain(access_code.access_code_id)
    const pin = (await seam.accessCodes.get({ access_code_id: access_code.access_code_id })).code
    expect(pin).toMatch(/^\d+$/)
    expect(given).toMatchObject({ situation: 'on_lock', opens_door_now: true, lock_holds: { code: pin } })
  })
})

describe('after the code', () => {
  it('a deleted code still on an offline lock’s keypad is explained: its PIN still opens the door', async () => {
    const deviceId = deviceOf('smartthings')
    const { access_code } = await createCode({ device_id: deviceId, name: 'Former cleaner', code: '2580' })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await deleteCode(access_code.access_code_id)
    await settle()
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'being_removed', opens_door_now: true, status: 'removing', is_deleted: true })
    expect(e.headline).toMatch(
      /^Yes, still: PIN 2580 opens Samsung SmartThings lock although the code was deleted today at 7:00\sAM EST; Latchkey is taking it off the keypad\.$/,
    )
    expect(e.what_to_do[0]).toBe(
      'Until the lock confirms the removal, the old PIN still opens the door. If it must stop working now, delete it ' +
        'at the keypad or in the lock maker’s app.',
    )
    expect(e.next_lock_work).toMatchObject({ action: 'remove', reason: 'lock_unreachable' })
    expect(e.timeline.map((t) => (t.kind === 'event' ? t.event_type : `${t.action_type} ${t.status}`))).toContain(
      'DELETE_ACCESS_CODE pending',
    )

    // Once it is off the keypad the code is gone, as from /access_codes/get.
    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    const gone = await http.call('/access_codes/explain', { access_code_id: access_code.access_code_id })
    expect({ status: gone.status, type: (gone.body.error as { type: string }).type }).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
  })

  it('a stay whose window has ended, on a lock that is offline when it ends', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Short stay',
      code: '615243',
      starts_at: at(-HOUR),
      ends_at: at(HOUR),
    })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await advance(2 * HOUR)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'being_removed', opens_door_now: true, is_deleted: false })
    expect(e.headline).toMatch(
      /^Yes, still: PIN 615243 opens Lockly lock although its window ended today at 8:00\sAM EST; Latchkey is taking it off the keypad\.$/,
    )
    expect(e.next_lock_work).toMatchObject({ action: 'remove', reason: 'lock_unreachable' })

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    const ended = await http.call('/access_codes/explain', { access_code_id: access_code.access_code_id })
    expect(ended.status).toBe(404)
  })
})
