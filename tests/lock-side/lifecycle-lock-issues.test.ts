// Codes through what a lock can do to them, on a manual clock with instant sandbox locks: offline, full, refusing,
// failing, changed outside Latchkey, disconnected, and the backup pool.
import { describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { deleteUnmanagedAccessCode, listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
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
  errorCodes,
  warningCodes,
  eventTypes,
} from '@/tests/support/lifecycle-fixture'

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
