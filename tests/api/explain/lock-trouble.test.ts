// /access_codes/explain when something is wrong at the lock, each situation produced as support reproduces it: through
// the simulate endpoints and faults, and the reconciler's reading of what the sandbox lock then does.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { lowBatteryWords } from '@/lib/problems/problem-words'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { explain, sentencesAbout } from '@/tests/api/explain/explain-api'
import {
  DAY,
  HOUR,
  MINUTE,
  SECOND,
  advance,
  at,
  clock,
  createCode,
  deviceOf,
  getDevice,
  http,
  profileOf,
  seam,
  settle,
  stateOf,
  store,
  workspace,
} from '@/tests/support/simulation-api'

const dueAtOf = async (deviceId: string): Promise<string | null> =>
  (await store.db.selectFrom('sync_jobs').select('due_at').where('device_id', '=', deviceId).executeTakeFirstOrThrow())
    .due_at

async function setCode(deviceId: string, name: string, code: string): Promise<string> {
  const { access_code } = await createCode({ device_id: deviceId, name, code })
  await settle()
  expect((await stateOf(access_code.access_code_id)).status).toBe('set')
  return access_code.access_code_id
}

const enterAtKeypad = (deviceId: string, code: string) =>
  http.ok('/devices/simulate/keypad_code_entry', { device_id: deviceId, code })

describe('a lock that cannot be reached', () => {
  it('offline before check-in: not on the lock, since when, what to do, and programmed once it is back', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Chen stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(3 * HOUR),
    })
    const id = access_code.access_code_id
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    const ahead = await explain(id)
    expect(ahead).toMatchObject({ situation: 'waiting_for_window', opens_door_now: false, lock_reachable: false })
    expect(ahead.headline).toMatch(
      /^No, not yet: the code starts working at check-in, today at 8:00\sAM EST \(in 1 hour\), but Lockly lock has been offline since today at 7:00\sAM EST: the code cannot reach the lock until Latchkey can\.$/,
    )
    expect(ahead.next_lock_work?.text).toMatch(/, if it can reach the lock by then\.$/)

    await advance(HOUR + MINUTE)
    const e = await explain(id)
    expect(e).toMatchObject({
      situation: 'lock_unreachable',
      opens_door_now: false,
      status: 'setting',
      lock_holds: null,
    })
    expect(e.headline).toMatch(
      /^No: Lockly lock has been offline since today at 7:00\sAM EST, and the code is not on the lock yet\.$/,
    )
    expect(e.sentences.find((s) => s.issue?.code === 'device_offline')).toMatchObject({
      topic: 'lock',
      at: at(-HOUR - MINUTE),
      text: 'While it is offline, its keypad goes on opening the door for the PINs it already holds, but Latchkey can neither check nor change them.',
    })
    expect(e.what_to_do).toEqual([describeIssue('error', 'device_offline').whatToDo])
    expect(e.next_lock_work).toMatchObject({
      action: 'program',
      reason: 'lock_unreachable',
      due_at: await dueAtOf(deviceId),
    })
    expect(e.next_lock_work?.text).toMatch(
      /^Lockly lock cannot be reached: Latchkey programs the code as soon as it answers/,
    )

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    expect(await explain(id)).toMatchObject({ situation: 'on_lock', opens_door_now: true, what_to_do: [] })
  })

  it('an arrival on an offline lock with a backup pool: pull a backup code, then give its PIN', async () => {
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
    expect((await explain(id)).what_to_do).toEqual([])
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    const offline = await explain(id)
    expect(offline.what_to_do).toEqual([
      describeIssue('error', 'device_offline').whatToDo,
      'If it is not fixed before the guest arrives, pull a backup code: it is already on the lock for the same ' +
        'dates. Send its PIN to the guest.',
    ])
    await http.ok('/access_codes/pull_backup_access_code', { access_code_id: id })
    expect((await explain(id)).what_to_do[1]).toBe(
      'A backup code was already pulled for this code: give the guest its PIN (open the backup code to see it).',
    )
  })

  it('offline with the code on its keypad: it opens the door, as far as Latchkey knows', async () => {
    const deviceId = deviceOf('smartthings')
    const id = await setCode(deviceId, 'Cleaner', '2580')
    await advance(5 * MINUTE)
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    const e = await explain(id)
    expect(e).toMatchObject({ situation: 'on_lock', opens_door_now: true })
    expect(e.headline).toMatch(
      /^Yes, as far as Latchkey knows: PIN 2580 is on Samsung SmartThings lock’s keypad, but Samsung SmartThings lock has been offline since today at 7:05\sAM EST, so Latchkey cannot check it or change it\.$/,
    )
  })

  it('its account disconnected: Latchkey cannot reach the lock, since when, and how to reconnect', async () => {
    const deviceId = deviceOf('lockly')
    const device = await getDevice(deviceId)
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Late arrival',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(3 * HOUR),
    })
    await settle()
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: device.connected_account_id })
    await advance(HOUR)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'lock_unreachable', opens_door_now: false, status: 'unknown' })
    expect(e.headline).toMatch(
      /^No: the Lockly account has been disconnected since today at 7:00\sAM EST, so Latchkey cannot reach Lockly lock, and the code is not on it\.$/,
    )
    expect(e.next_lock_work).toMatchObject({ action: 'program', due_at: null, reason: 'lock_unreachable' })
    expect(e.what_to_do).toEqual([describeIssue('error', 'account_disconnected').whatToDo])
  })

  it('removed from its account: Latchkey cannot tell, and no longer manages the code', async () => {
    const deviceId = deviceOf('smartthings')
    const id = await setCode(deviceId, 'Cleaner', '2580')
    await seam.devices.simulate.remove({ device_id: deviceId })
    await settle()
    const e = await explain(id)
    expect(e).toMatchObject({ situation: 'device_removed', opens_door_now: false, next_lock_work: null })
    expect(e.headline).toMatch(
      /^Latchkey cannot tell: Samsung SmartThings lock was removed from its Samsung SmartThings account today at 7:00\sAM EST/,
    )
    expect(e.what_to_do).toContain(describeIssue('error', 'device_removed').whatToDo)
  })
})

describe('a lock running out of battery', () => {
  it('a stay not started yet on a lock whose batteries are almost empty: the risk, and what to do', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Berg stay',
      code: '615243',
      starts_at: at(2 * HOUR),
      ends_at: at(5 * HOUR),
    })
    await settle()
    // A lock reports its battery level with every read; sandbox locks have no simulation of it.
    await store.db.updateTable('devices').set({ battery_level: 0.07 }).where('device_id', '=', deviceId).execute()
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'waiting_for_window', opens_door_now: false, lock_reachable: true })
    expect(sentencesAbout(e, 'lock')).toEqual([
      'Lockly lock’s batteries are almost empty (7%): it may stop answering, and its keypad stop working, soon.',
    ])
    expect(e.what_to_do).toEqual([lowBatteryWords(0.07, true).remedy])
  })
})

describe('a lock refusing the code', () => {
  it('a full keypad: refused three times, how full, and the next try from the lock’s sync job', async () => {
    const deviceId = deviceOf('smartthings')
    await http.ok('/devices/simulate/fill_keypad', { device_id: deviceId })
    await settle()
    const { access_code } = await createCode({ device_id: deviceId, name: 'Late guest', code: '7391' })
    await settle()
    await advance(5 * SECOND)
    await advance(10 * SECOND)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'programming_failed', opens_door_now: false, status: 'setting' })
    expect(e.headline).toBe(
      'No: Samsung SmartThings lock has refused the code 3 times in a row, because its keypad is full.',
    )
    expect(e.sentences.find((s) => s.issue?.code === 'smartthings_no_free_slots_available')?.text).toMatch(
      /^Samsung SmartThings lock has reported its keypad full since today at 7:00\sAM EST: 30 of its 30 slots are taken, 30 of them by codes added outside Latchkey\. Latchkey programs the code by itself once a slot is free\.$/,
    )
    expect(e.what_to_do).toEqual([describeIssue('error', 'smartthings_no_free_slots_available').whatToDo])
    const due = await dueAtOf(deviceId)
    expect(due).not.toBeNull()
    expect(e.next_lock_work).toMatchObject({ action: 'program', reason: 'retry', due_at: due, lock_next_look_at: due })
    expect(e.next_lock_work?.text).toMatch(/^Latchkey tries again today at 7:00\sAM EST \(in \d+ seconds\)\.$/)
    expect(e.timeline).toContainEqual(
      expect.objectContaining({
        kind: 'action_attempt',
        action_type: 'CREATE_ACCESS_CODE',
        status: 'error',
        error: expect.objectContaining({ type: 'smartthings_no_free_slots_available' }),
      }),
    )
  })

  it('refusals the lock answers with an error: the count, then the error in words', async () => {
    const deviceId = deviceOf('lockly')
    await http.ok('/devices/simulate/fault', { device_id: deviceId, fault: 'failed_to_set_on_device', operations: 3 })
    const { access_code } = await createCode({ device_id: deviceId, name: 'Painter', code: '615243' })
    await settle()
    await advance(5 * SECOND)
    await advance(10 * SECOND)
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({ situation: 'programming_failed', opens_door_now: false })
    expect(e.headline).toBe('No: Lockly lock has refused the code 3 times in a row.')
    const entry = describeIssue('error', 'failed_to_set_on_device')
    expect(e.sentences.find((s) => s.issue?.code === 'failed_to_set_on_device')).toMatchObject({
      topic: 'issue',
      text: expect.stringMatching(new RegExp(`^${entry.title} \\(since today at 7:00\\sAM EST\\)\\. `)),
    })
    expect(e.what_to_do).toEqual([entry.whatToDo])
    await advance(20 * SECOND)
    expect(await explain(access_code.access_code_id)).toMatchObject({ situation: 'on_lock', opens_door_now: true })
  })

  it('a PIN that clashes with the unmanaged code “Owner”: who holds it, where, and what to do', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Chen stay',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(5 * HOUR),
    })
    await settle()
    const owner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '615243',
      name: 'Owner',
    })
    await advance(HOUR)
    expect((await stateOf(access_code.access_code_id)).errors).toEqual(['duplicate_code_on_device'])
    const e = await explain(access_code.access_code_id)
    expect(e).toMatchObject({
      situation: 'programming_failed',
      opens_door_now: false,
      pin_clash: { access_code_id: owner.access_code_id, name: 'Owner', is_managed: false, slot: 1 },
    })
    expect(e.headline).toBe(
      'No: Lockly lock has not taken the code, because its keypad already holds PIN 615243, as the unmanaged code “Owner”.',
    )
    expect(e.sentences.find((s) => s.issue?.code === 'duplicate_code_on_device')).toMatchObject({
      topic: 'keypad',
      text:
        'PIN 615243 clashes with the unmanaged code “Owner” (slot 1), which was added outside Latchkey (at the keypad ' +
        'or in the maker’s app). A lock takes a PIN only once.',
    })
    expect(e.what_to_do[0]).toBe(
      'Delete the unmanaged code “Owner” from the lock, or convert it into a Latchkey code if it is still needed and ' +
        'give this code another PIN.',
    )
    expect(e.what_to_do).toContain(describeIssue('error', 'duplicate_code_on_device').whatToDo)
  })
})

describe('a keypad changed outside Latchkey', () => {
  it('a PIN changed on the keypad: at once, then noticed at the next look, then put back', async () => {
    const deviceId = deviceOf('lockly')
    const id = await setCode(deviceId, 'Chen stay', '615243')
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '927364' })
    const unnoticed = await explain(id)
    expect(unnoticed).toMatchObject({
      situation: 'changed_on_keypad',
      opens_door_now: false,
      lock_holds: { code: '927364', slot: 1, differences: ['code'] },
    })
    expect(unnoticed.headline).toBe(
      'No: PIN 615243 was changed on Lockly lock’s keypad outside Latchkey; the keypad holds PIN 927364 instead.',
    )
    expect(sentencesAbout(unnoticed, 'keypad')).toContain(
      'Latchkey has not noticed yet: it sees it at its next look at the lock, and then puts the code back as it should be.',
    )

    // The lock refuses the next request: Latchkey has seen the change, and has not put the PIN back yet.
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1, remove: 0 })
    await advance(15 * MINUTE)
    expect((await stateOf(id)).errors).toEqual(['code_modified_external_to_seam'])
    const noticed = await explain(id)
    expect(noticed).toMatchObject({ situation: 'changed_on_keypad', opens_door_now: false })
    expect(noticed.headline).toMatch(
      /^No: PIN 615243 was changed on Lockly lock’s keypad outside Latchkey today at 7:15\sAM EST; the keypad holds PIN 927364 instead\.$/,
    )
    expect(noticed.sentences.find((s) => s.issue?.code === 'code_modified_external_to_seam')).toMatchObject({
      topic: 'keypad',
      text: 'Latchkey puts PIN 615243 back on the keypad.',
    })
    expect(noticed.next_lock_work).toMatchObject({
      action: 'program',
      reason: 'retry',
      due_at: await dueAtOf(deviceId),
    })
    expect(noticed.timeline[0]).toMatchObject({ kind: 'event', event_type: 'access_code.modified_external_to_seam' })

    await advance(5 * SECOND)
    expect(await explain(id)).toMatchObject({ situation: 'on_lock', opens_door_now: true })
  })

  it('a code removed from the keypad outside Latchkey', async () => {
    const deviceId = deviceOf('lockly')
    const id = await setCode(deviceId, 'Chen stay', '615243')
    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    const e = await explain(id)
    expect(e).toMatchObject({ situation: 'changed_on_keypad', opens_door_now: false, lock_holds: null })
    expect(e.headline).toBe('No: the code was removed from Lockly lock’s keypad outside Latchkey.')
    await settle()
    expect(await explain(id)).toMatchObject({ situation: 'on_lock', opens_door_now: true })
  })

  it('an entry the lock switched off: still on the keypad, refused at the door, and why', async () => {
    const deviceId = await addSandboxDevice(store.db, clock, {
      workspaceId: workspace.workspace_id,
      propertyId: workspace.property_id,
      profile: profileOf('ultraloq'),
      displayName: 'Side gate',
    })
    const id = await setCode(deviceId, 'Gardener', '48213')
    await http.ok('/devices/simulate/fault', { device_id: deviceId, fault: 'ultraloq_access_code_disabled' })
    await settle()
    await enterAtKeypad(deviceId, '48213')
    const e = await explain(id)
    expect(e).toMatchObject({
      situation: 'disabled_on_keypad',
      opens_door_now: false,
      lock_holds: { code: '48213', slot: 1, enabled: false, differences: ['disabled'] },
    })
    expect(e.headline).toBe(
      'No: PIN 48213 is on Side gate’s keypad (slot 1), but the lock has switched it off: it works again once it is ' +
        'turned back on in the Ultraloq app.',
    )
    expect(e.door_attempts).toEqual([
      expect.objectContaining({
        unlocked: false,
        reason: 'disabled',
        names_this_code: true,
        text: expect.stringMatching(/^Refused today at 7:00\sAM EST: the PIN is switched off on the lock\.$/),
      }),
    ])
    expect(e.what_to_do).toEqual([describeIssue('warning', 'ultraloq_access_code_disabled').whatToDo])
    expect(e.next_lock_work).toMatchObject({ action: 'look_at_lock', reason: 'keypad_poll' })
  })
})

describe('attempts at the door', () => {
  it('a PIN tried before the lock has it, then again once it does', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      name: 'Early guest',
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(5 * HOUR),
    })
    await settle()
    await advance(30 * MINUTE)
    await enterAtKeypad(deviceId, '615243')
    const early = await explain(access_code.access_code_id)
    expect(early.door_attempts).toEqual([
      expect.objectContaining({ unlocked: false, reason: 'not_active_yet', names_this_code: false }),
    ])
    expect(early.door_attempts[0]?.text).toMatch(
      /^A PIN the lock does not hold was refused today at 7:30\sAM EST \(not active yet\); it may have been this code’s\.$/,
    )
    expect(sentencesAbout(early, 'door_attempt')).toEqual([
      `Last try at the door: ${early.door_attempts[0]?.text.replace(/^A/, 'a')}`,
    ])

    await advance(30 * MINUTE)
    await enterAtKeypad(deviceId, '615243')
    const later = await explain(access_code.access_code_id)
    expect(later.door_attempts.map((a) => [a.unlocked, a.names_this_code])).toEqual([
      [true, true],
      [false, false],
    ])
    expect(later.door_attempts[0]?.text).toMatch(/^Opened the door today at 8:00\sAM EST with this code’s PIN\.$/)
    expect(later.timeline[0]).toMatchObject({ kind: 'event', event_type: 'lock.unlocked' })
  })
})
