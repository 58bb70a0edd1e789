// Codes through their lifecycle on a manual clock with instant sandbox locks: ongoing, time-bound, and across a restart.
import { describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { listAccessCodes } from '@/lib/access-codes/list-access-codes'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { claimDueDevices } from '@/lib/sync/sync-jobs'
import {
  AUGUST,
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
  eventTypes,
} from '@/tests/support/lifecycle-fixture'

describe('an ongoing code', () => {
  it('goes from setting to set on the keypad, with its event and a completed action attempt', async () => {
    const created = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), name: 'Cleaner', code: '4821' })
    expect(created.access_code.status).toBe('setting')
    expect(created.action_attempt.status).toBe('pending')
    await h.settle()
    const after = await code(created.access_code.access_code_id)
    expect(after.status).toBe('set')
    expect(after.errors).toEqual([])
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['4821'])
    expect(await eventTypes(after.access_code_id)).toEqual(['access_code.created', 'access_code.set_on_device'])
    expect((await getActionAttempt(h.ctx, created.action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('is reprogrammed when its PIN changes', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    await h.settle()
    const { action_attempt } = await updateAccessCode(h.ctx, {
      access_code_id: access_code.access_code_id,
      code: '7315',
    })
    expect(action_attempt.status).toBe('pending')
    await h.settle()
    expect((await code(access_code.access_code_id)).status).toBe('set')
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['7315'])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('is removed from the keypad in the background when deleted, completing its action attempt', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    await h.settle()
    const { action_attempt } = await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    expect(action_attempt.status).toBe('pending')
    await expect(code(access_code.access_code_id)).rejects.toMatchObject({ type: 'access_code_not_found' })
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['4821'])
    await h.settle()
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual([])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
    expect(await eventTypes(access_code.access_code_id)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.removed_from_device',
    ])
  })
})

describe('a time-bound code', () => {
  it('walks through its whole window on a lock without native scheduling', async () => {
    const startsAt = at(3 * DAY)
    const endsAt = at(5 * DAY)
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(LOCKLY),
      name: 'Guest stay',
      code: '615243',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    const id = access_code.access_code_id
    expect(access_code.status).toBe('unset')
    expect(access_code.type).toBe('time_bound')

    await h.settle()
    expect((await code(id)).status).toBe('unset')
    expect(await keypadCodes(device(LOCKLY))).toEqual([])

    await h.advance(3 * DAY - MINUTE)
    expect((await code(id)).status).toBe('unset')

    await h.advance(MINUTE)
    expect((await code(id)).status).toBe('set')
    expect(await keypadCodes(device(LOCKLY))).toEqual(['615243'])

    await h.advance(2 * DAY)
    expect(await keypadCodes(device(LOCKLY))).toEqual([])
    await expect(code(id)).rejects.toMatchObject({ type: 'access_code_not_found' })
    expect((await listAccessCodes(h.ctx, { device_id: device(LOCKLY), limit: 100 })).access_codes).toEqual([])
    expect(await eventTypes(id)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.removed_from_device',
      'access_code.deleted',
    ])
  })

  it('is scheduled on a natively scheduling lock ahead of its window and activates by itself', async () => {
    const startsAt = at(5 * DAY)
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(AUGUST),
      code: '2468',
      starts_at: startsAt,
      ends_at: at(6 * DAY),
    })
    const id = access_code.access_code_id
    await h.settle()
    expect(await keypadCodes(device(AUGUST))).toEqual([])

    await h.advance(2 * DAY) // 72 h before the start: the lock takes it now, with its window
    const scheduled = await code(id)
    expect(scheduled.status).toBe('unset')
    expect(scheduled.is_scheduled_on_device).toBe(true)
    const keypad = await readSandboxKeypad(h.db, device(AUGUST))
    expect(keypad).toMatchObject([{ code: '2468', startsAt, endsAt: at(4 * DAY) }])

    await h.advance(3 * DAY)
    expect((await code(id)).status).toBe('set')
    expect(await eventTypes(id)).toEqual([
      'access_code.created',
      'access_code.scheduled_on_device',
      'access_code.set_on_device',
    ])

    await h.advance(DAY)
    expect(await keypadCodes(device(AUGUST))).toEqual([])
    await expect(code(id)).rejects.toMatchObject({ type: 'access_code_not_found' })
  })

  it('comes off the keypad when a stay is moved later, and goes back at the new start', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(LOCKLY),
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    const id = access_code.access_code_id
    await h.advance(HOUR)
    expect((await code(id)).status).toBe('set')
    await updateAccessCode(h.ctx, { access_code_id: id, starts_at: at(2 * DAY), ends_at: at(3 * DAY) })
    await h.settle()
    expect((await code(id)).status).toBe('unset')
    expect(await keypadCodes(device(LOCKLY))).toEqual([])
    await h.advance(2 * DAY)
    expect((await code(id)).status).toBe('set')
  })
})

describe('a restart', () => {
  it('resumes pending work from the store: a new reconciler sets the code at its start', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(LOCKLY),
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    await h.settle()
    h.restart()
    await h.advance(HOUR)
    expect((await code(access_code.access_code_id)).status).toBe('set')
  })

  it('takes over a device whose previous owner died mid-pass once its lease runs out', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    const taken = await claimDueDevices(h.db, h.store.engine, 'crashed-instance', h.clock.now(), 10, 30_000)
    expect(taken.map((j) => j.deviceId)).toContain(device(SMARTTHINGS))
    h.restart()
    await h.settle()
    expect((await code(access_code.access_code_id)).status).toBe('setting')
    await h.advance(31_000)
    expect((await code(access_code.access_code_id)).status).toBe('set')
  })
})
