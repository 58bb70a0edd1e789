// Device-level errors on every code of a lock, action attempts that end (success or error), codes that do not wait
// for an offline lock, and a code changed to offline: on a manual clock with instant sandbox locks.
import { describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
import {
  simulateAccountConnection,
  simulateConnect,
  simulateDisconnect,
  simulateFailNextOperations,
  simulateRemove,
} from '@/lib/devices/simulate-device'
import { loadDevice } from '@/lib/devices/load-device'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import {
  SMARTTHINGS,
  LOCKLY,
  MINUTE,
  HOUR,
  DAY,
  h,
  device,
  at,
  code,
  keypadCodes,
  errorCodes,
  warningCodes,
  eventTypes,
} from '@/tests/support/lifecycle-fixture'

const attempt = (id: string) => getActionAttempt(h.ctx, id)
const codesVersion = async (deviceId: string): Promise<number> => (await loadDevice(h.ctx, deviceId)).accessCodesVersion

describe('device-level errors on codes already on the lock', () => {
  it('a set code carries device_offline (a device error) while its lock is offline, and loses it when it is back', async () => {
    const lock = device(SMARTTHINGS)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4821' })
    const later = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '5937',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
    })
    const id = access_code.access_code_id
    await h.settle()
    expect((await code(id)).status).toBe('set')

    await simulateDisconnect(h.ctx, lock)
    await h.settle()
    const offline = await code(id)
    expect(offline.status).toBe('set')
    expect(offline.errors).toEqual([
      { error_code: 'device_offline', message: 'Device is offline.', is_device_error: true, created_at: at(0) },
    ])
    expect(warningCodes(offline)).toEqual([])
    // Every code of the lock shows it, also one waiting for its window.
    expect(errorCodes(await code(later.access_code.access_code_id))).toEqual(['device_offline'])
    // A device error records no event on the code (the device has device.disconnected).
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.set_on_device'])

    // Later looks at the still offline lock keep the error as it was, and write nothing.
    const version = await codesVersion(lock)
    await h.advance(HOUR)
    expect((await code(id)).errors).toEqual(offline.errors)
    expect(await codesVersion(lock)).toBe(version)

    await simulateConnect(h.ctx, lock)
    await h.settle()
    const back = await code(id)
    expect(back.status).toBe('set')
    expect(back.errors).toEqual([])
    expect(errorCodes(await code(later.access_code.access_code_id))).toEqual([])
    expect(await keypadCodes(lock)).toEqual(['4821'])
  })

  it('a set code carries account_disconnected as a connected-account error, not a device error', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    await h.settle()
    const { connectedAccountId } = await loadDevice(h.ctx, device(SMARTTHINGS))
    await simulateAccountConnection(h.ctx, connectedAccountId, false)
    await h.settle()
    expect((await code(access_code.access_code_id)).errors).toEqual([
      expect.objectContaining({
        error_code: 'account_disconnected',
        is_connected_account_error: true,
        is_device_error: false,
      }),
    ])
    await simulateAccountConnection(h.ctx, connectedAccountId, true)
    await h.settle()
    expect((await code(access_code.access_code_id)).errors).toEqual([])
  })

  it('a removed lock gives its codes device_removed, and ends what was still asked of it in error', async () => {
    const lock = device(SMARTTHINGS)
    const onLock = await createAccessCode(h.ctx, { device_id: lock, code: '4821' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    const waiting = await createAccessCode(h.ctx, { device_id: lock, code: '5937' })
    const removal = await deleteAccessCode(h.ctx, { access_code_id: onLock.access_code.access_code_id })
    await h.settle()
    expect((await attempt(waiting.action_attempt.action_attempt_id)).status).toBe('pending')

    await simulateRemove(h.ctx, lock)
    await h.settle()
    const gone = await code(waiting.access_code.access_code_id)
    expect(gone.status).toBe('unknown')
    expect(gone.errors).toEqual([expect.objectContaining({ error_code: 'device_removed', is_device_error: true })])
    expect(await attempt(waiting.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'device_removed', message: expect.stringContaining('was removed from its account') },
    })
    // The deleted code's PIN never left the keypad: its deletion did not happen at the lock.
    expect(await attempt(removal.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'device_removed' },
    })
  })
})

describe('action attempts', () => {
  it('an update that needs nothing new on the keypad succeeds', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(LOCKLY), code: '615243' })
    await h.settle()
    // Made time-bound with a window open now: on a lock without native scheduling the keypad entry stays as it is.
    const { action_attempt } = await updateAccessCode(h.ctx, {
      access_code_id: access_code.access_code_id,
      starts_at: at(-HOUR),
      ends_at: at(DAY),
    })
    expect(action_attempt.status).toBe('pending')
    await h.settle()
    expect((await attempt(action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('an update whose new PIN the lock keeps refusing ends in error, and the code keeps being retried', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(LOCKLY), code: '615243' })
    const id = access_code.access_code_id
    await h.settle()
    await simulateFailNextOperations(h.ctx, { device_id: device(LOCKLY), set: 3 })
    const { action_attempt } = await updateAccessCode(h.ctx, { access_code_id: id, code: '735162' })
    await h.settle()
    await h.advance(5_000)
    expect((await attempt(action_attempt.action_attempt_id)).status).toBe('pending')
    await h.advance(10_000)
    expect(errorCodes(await code(id))).toEqual(['failed_to_set_on_device'])
    expect(await attempt(action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'failed_to_set_on_device', message: describeIssue('error', 'failed_to_set_on_device').message },
    })
    await h.advance(20_000)
    expect((await code(id)).status).toBe('set')
    expect(await keypadCodes(device(LOCKLY))).toEqual(['735162'])
  })

  it('a code deleted before it reached the lock ends its create in error and its delete in success', async () => {
    await simulateDisconnect(h.ctx, device(SMARTTHINGS))
    const { access_code, action_attempt } = await createAccessCode(h.ctx, {
      device_id: device(SMARTTHINGS),
      code: '4821',
    })
    await h.settle()
    const removal = await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    await h.settle()
    expect(await attempt(action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'access_code_deleted' },
    })
    expect((await attempt(removal.action_attempt.action_attempt_id)).status).toBe('success')
  })
})

describe('attempt_for_offline_device: false', () => {
  it('does not wait for an offline lock: the create ends in error, and the code stays off until asked again', async () => {
    const lock = device(SMARTTHINGS)
    await simulateDisconnect(h.ctx, lock)
    const { access_code, action_attempt } = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '4821',
      attempt_for_offline_device: false,
    })
    const id = access_code.access_code_id
    await h.settle()
    let now = await code(id)
    expect(now.status).toBe('unset')
    expect(errorCodes(now)).toEqual(['device_offline', 'failed_to_set_on_device'])
    expect(await attempt(action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'device_offline', message: expect.stringContaining('attempt_for_offline_device: false') },
    })
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    // No retries and no delay warning while the lock stays offline.
    await h.advance(10 * MINUTE)
    now = await code(id)
    expect(now.status).toBe('unset')
    expect(warningCodes(now)).toEqual([])
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    // Back online, it is still not put on the lock by itself.
    await simulateConnect(h.ctx, lock)
    await h.settle()
    now = await code(id)
    expect(now.status).toBe('unset')
    expect(errorCodes(now)).toEqual(['failed_to_set_on_device'])
    expect(await keypadCodes(lock)).toEqual([])

    // A new PIN asks again.
    const retry = await updateAccessCode(h.ctx, { access_code_id: id, code: '5937' })
    await h.settle()
    now = await code(id)
    expect(now.status).toBe('set')
    expect(now.errors).toEqual([])
    expect(await keypadCodes(lock)).toEqual(['5937'])
    expect((await attempt(retry.action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('a time-bound code whose window opens on an offline lock is given up on the same way', async () => {
    const lock = device(LOCKLY)
    const { access_code, action_attempt } = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
      attempt_for_offline_device: false,
    })
    await simulateDisconnect(h.ctx, lock)
    await h.advance(HOUR)
    const now = await code(access_code.access_code_id)
    expect(now.status).toBe('unset')
    expect(errorCodes(now)).toEqual(['device_offline', 'failed_to_set_on_device'])
    expect((await attempt(action_attempt.action_attempt_id)).status).toBe('error')
  })
})

describe('a code changed from online to offline', () => {
  it('has its old PIN taken off the keypad, and is set as an offline code', async () => {
    const lock = device(LOCKLY)
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '615243',
      // On the hour, so that the offline code's window (rounded to the hour) stays as it is.
      starts_at: at(HOUR),
      ends_at: at(2 * DAY),
    })
    const id = access_code.access_code_id
    await h.advance(HOUR)
    expect((await code(id)).status).toBe('set')
    expect(await keypadCodes(lock)).toEqual(['615243'])

    const { action_attempt } = await updateAccessCode(h.ctx, { access_code_id: id, is_offline_access_code: true })
    expect(action_attempt.status).toBe('pending')
    await h.settle()
    const now = await code(id)
    expect(now.is_offline_access_code).toBe(true)
    expect(now.status).toBe('set')
    expect(now.errors).toEqual([])
    expect(await keypadCodes(lock)).toEqual([])
    expect(await eventTypes(id)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.changed',
      'access_code.removed_from_device',
      'access_code.set_on_device',
    ])
    expect((await attempt(action_attempt.action_attempt_id)).status).toBe('success')
  })
})

describe('a code held by a lock call that never reports back', () => {
  it('is looked at again when the claim runs out, even by a pass that had to leave it alone', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    const id = access_code.access_code_id
    // An instance claimed it for a lock call and died before the call reported back.
    await h.db
      .updateTable('access_codes')
      .set({ lock_op_token: 'dead-instance#1', lock_op_expires_at: at(30_000) })
      .where('access_code_id', '=', id)
      .execute()
    await h.settle()
    expect((await code(id)).status).toBe('setting')
    await h.advance(30_000)
    expect((await code(id)).status).toBe('set')
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['4821'])
  })
})
