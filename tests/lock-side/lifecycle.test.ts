import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { getAccessCode, listAccessCodes } from '@/lib/access-codes/list-access-codes'
import { deleteUnmanagedAccessCode, listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
import { listEvents } from '@/lib/events/list-events'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import {
  simulateAccountConnection,
  simulateConnect,
  simulateDisconnect,
  simulateFailNextOperations,
} from '@/lib/devices/simulate-device'
import {
  simulateFillKeypad,
  simulateCreateUnmanagedCode,
  simulateModifyOnKeypad,
  simulateRemoveFromKeypad,
} from '@/lib/devices/simulate-keypad'
import { loadDevice } from '@/lib/devices/load-device'
import { claimDueDevices } from '@/lib/sync/sync-jobs'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

// Devices of the harness workspace follow lib/locks/sandbox-profiles.ts order.
const AUGUST = 0 // schedules natively, 72 h ahead
const SMARTTHINGS = 2 // no native scheduling, 30 slots
const LOCKLY = 7 // no native scheduling, 6–8 digits, no zeros

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness()
})
afterEach(async () => {
  await h.close()
})

const device = (index: number): string => h.workspace.device_ids[index] ?? ''
const at = (offsetMs: number): string => new Date(h.clock.now().getTime() + offsetMs).toISOString()
const code = (id: string) => getAccessCode(h.ctx, { access_code_id: id })
const keypadCodes = async (deviceId: string): Promise<string[]> =>
  (await readSandboxKeypad(h.db, deviceId)).map((k) => k.code).sort()
const errorCodes = (c: { errors: { error_code: string }[] }): string[] => c.errors.map((e) => e.error_code).sort()
const warningCodes = (c: { warnings: { warning_code: string }[] }): string[] =>
  c.warnings.map((w) => w.warning_code).sort()
async function eventTypes(accessCodeId: string): Promise<string[]> {
  const events = await listEvents(h.ctx, {
    since: '2000-01-01T00:00:00.000Z',
    access_code_id: accessCodeId,
    limit: 500,
  })
  return events.map((e) => e.event_type).reverse()
}

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

describe('an offline lock', () => {
  it('shows device_offline, then a delay warning with its event, and recovers when the lock is back', async () => {
    await simulateDisconnect(h.ctx, device(SMARTTHINGS))
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    const id = access_code.access_code_id
    await h.settle()
    let now = await code(id)
    expect(now.status).toBe('setting')
    expect(errorCodes(now)).toEqual(['device_offline'])
    expect(warningCodes(now)).toEqual([])

    await h.advance(5 * MINUTE)
    now = await code(id)
    expect(warningCodes(now)).toEqual(['delay_in_setting_on_device'])
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.delay_in_setting_on_device'])

    await simulateConnect(h.ctx, device(SMARTTHINGS))
    await h.settle()
    now = await code(id)
    expect(now.status).toBe('set')
    expect(now.errors).toEqual([])
    expect(now.warnings).toEqual([])
    expect((await loadDevice(h.ctx, device(SMARTTHINGS))).online).toBe(true)
  })

  it('delays a removal the same way', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    await h.settle()
    await simulateDisconnect(h.ctx, device(SMARTTHINGS))
    const { action_attempt } = await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    await h.settle()
    expect((await readSandboxKeypad(h.db, device(SMARTTHINGS))).map((k) => k.code)).toEqual(['4821'])
    await h.advance(5 * MINUTE)
    expect(await eventTypes(access_code.access_code_id)).toContain('access_code.delay_in_removing_from_device')
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('pending')
    await simulateConnect(h.ctx, device(SMARTTHINGS))
    await h.settle()
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual([])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
  })
})

describe('a full keypad', () => {
  it('reports the brand’s no-free-slot error and sets the code once a slot frees up', async () => {
    const { codes_added } = await simulateFillKeypad(h.ctx, device(SMARTTHINGS))
    expect(codes_added).toBe(30)
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(SMARTTHINGS),
      code: '4821',
      name: 'New guest',
    })
    const id = access_code.access_code_id
    await h.settle()
    let now = await code(id)
    expect(now.status).toBe('setting')
    expect(errorCodes(now)).toEqual(['smartthings_no_free_slots_available'])
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    const unmanaged = await listUnmanagedAccessCodes(h.ctx, { device_id: device(SMARTTHINGS), limit: 100 })
    expect(unmanaged.access_codes).toHaveLength(30)
    const oldest = unmanaged.access_codes[0]?.access_code_id
    if (typeof oldest !== 'string') throw new Error('no unmanaged code')
    await deleteUnmanagedAccessCode(h.ctx, oldest)
    await h.advance(10_000)
    now = await code(id)
    expect(now.status).toBe('set')
    expect(now.errors).toEqual([])
    expect(await keypadCodes(device(SMARTTHINGS))).toContain('4821')
  })
})

describe('the lock refusing or failing', () => {
  it('raises duplicate_code_on_device when the keypad already holds the PIN from elsewhere', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(LOCKLY),
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    await simulateCreateUnmanagedCode(h.ctx, { device_id: device(LOCKLY), code: '615243', name: 'Owner' })
    await h.advance(HOUR)
    const now = await code(access_code.access_code_id)
    expect(now.status).toBe('setting')
    expect(errorCodes(now)).toEqual(['duplicate_code_on_device'])
  })

  it('raises failed_to_set_on_device after repeated failures, then clears it when programming succeeds', async () => {
    await simulateFailNextOperations(h.ctx, { device_id: device(LOCKLY), set: 3 })
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(LOCKLY), code: '615243' })
    const id = access_code.access_code_id
    await h.settle()
    expect(errorCodes(await code(id))).toEqual([])
    await h.advance(5_000)
    expect(errorCodes(await code(id))).toEqual([])
    await h.advance(10_000)
    const failed = await code(id)
    expect(failed.status).toBe('setting')
    expect(errorCodes(failed)).toEqual(['failed_to_set_on_device'])
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])
    await h.advance(20_000)
    const recovered = await code(id)
    expect(recovered.status).toBe('set')
    expect(recovered.errors).toEqual([])
  })

  it('raises failed_to_remove_from_device when removals keep failing', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(LOCKLY), code: '615243' })
    await h.settle()
    await simulateFailNextOperations(h.ctx, { device_id: device(LOCKLY), remove: 3 })
    await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    await h.settle()
    await h.advance(5_000)
    await h.advance(10_000)
    expect(await eventTypes(access_code.access_code_id)).toContain('access_code.failed_to_remove_from_device')
    expect(await keypadCodes(device(LOCKLY))).toEqual(['615243'])
    await h.advance(20_000)
    expect(await keypadCodes(device(LOCKLY))).toEqual([])
  })
})

describe('changes made outside Latchkey', () => {
  it('restores a PIN changed in the maker’s app', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    const id = access_code.access_code_id
    await h.settle()
    await simulateModifyOnKeypad(h.ctx, { access_code_id: id, code: '9999' })
    await h.settle()
    const now = await code(id)
    expect(now.code).toBe('4821')
    expect(now.status).toBe('set')
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['4821'])
    expect(await eventTypes(id)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
  })

  it('keeps an allowed external change, with a warning', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(SMARTTHINGS),
      code: '4821',
      is_external_modification_allowed: true,
    })
    const id = access_code.access_code_id
    await h.settle()
    await simulateModifyOnKeypad(h.ctx, { access_code_id: id, code: '9137' })
    await h.settle()
    const now = await code(id)
    expect(now.code).toBe('9137')
    expect(now.status).toBe('set')
    expect(warningCodes(now)).toEqual(['code_modified_external_to_seam'])
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['9137'])
  })

  it('puts back a code deleted in the maker’s app', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    const id = access_code.access_code_id
    await h.settle()
    await simulateRemoveFromKeypad(h.ctx, id)
    await h.settle()
    expect((await code(id)).status).toBe('set')
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual(['4821'])
    expect(await eventTypes(id)).toContain('access_code.deleted_external_to_seam')
  })

  it('leaves off a code deleted in the maker’s app when external changes are allowed, with a warning', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(SMARTTHINGS),
      code: '4821',
      is_external_modification_allowed: true,
    })
    const id = access_code.access_code_id
    await h.settle()
    await simulateRemoveFromKeypad(h.ctx, id)
    await h.settle()
    const now = await code(id)
    expect(now.status).toBe('unset')
    expect(warningCodes(now)).toEqual(['code_modified_external_to_seam'])
    expect(await keypadCodes(device(SMARTTHINGS))).toEqual([])
  })
})

describe('a disconnected account', () => {
  it('makes the codes unknown, and they come back when it reconnects', async () => {
    const { access_code } = await createAccessCode(h.ctx, { device_id: device(SMARTTHINGS), code: '4821' })
    await h.settle()
    const { connectedAccountId } = await loadDevice(h.ctx, device(SMARTTHINGS))
    await simulateAccountConnection(h.ctx, connectedAccountId, false)
    await h.settle()
    const lost = await code(access_code.access_code_id)
    expect(lost.status).toBe('unknown')
    expect(errorCodes(lost)).toEqual(['account_disconnected'])
    await simulateAccountConnection(h.ctx, connectedAccountId, true)
    await h.settle()
    const back = await code(access_code.access_code_id)
    expect(back.status).toBe('set')
    expect(back.errors).toEqual([])
  })
})

describe('a pulled backup code', () => {
  it('follows its code: new dates move it, and deleting the code takes the backup off the lock too', async () => {
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: device(AUGUST),
      code: '2468',
      starts_at: at(HOUR),
      ends_at: at(DAY),
      use_backup_access_code_pool: true,
    })
    await h.settle()
    const backup = await pullBackupAccessCode(h.ctx, access_code.access_code_id)
    const later = { starts_at: at(2 * DAY), ends_at: at(3 * DAY) }
    await updateAccessCode(h.ctx, { access_code_id: access_code.access_code_id, ...later })
    expect(await code(backup.access_code_id)).toMatchObject(later)
    await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    await h.settle()
    await expect(code(backup.access_code_id)).rejects.toMatchObject({ type: 'access_code_not_found' })
    expect(await keypadCodes(device(AUGUST))).not.toContain(backup.code)
  })
})

describe('an empty backup pool', () => {
  it('shows empty_backup_access_code_pool on codes that count on the pool once every backup is handed out', async () => {
    const stay = { starts_at: at(HOUR), ends_at: at(DAY), use_backup_access_code_pool: true }
    const holders = []
    for (let i = 0; i < 6; i++)
      holders.push((await createAccessCode(h.ctx, { device_id: device(AUGUST), ...stay })).access_code)
    await h.settle()
    // The August pool holds 5 backups: the first five codes take them all.
    for (const holder of holders.slice(0, 5)) await pullBackupAccessCode(h.ctx, holder.access_code_id)
    await h.settle()
    const last = holders[5]
    if (last === undefined) throw new Error('no code')
    expect(errorCodes(await code(last.access_code_id))).toEqual(['empty_backup_access_code_pool'])
    expect((await code(last.access_code_id)).is_backup_access_code_available).toBe(false)
    expect(errorCodes(await code(holders[0]?.access_code_id ?? ''))).toEqual([])
    await expect(pullBackupAccessCode(h.ctx, last.access_code_id)).rejects.toMatchObject({
      type: 'empty_backup_access_code_pool',
    })
  })
})
