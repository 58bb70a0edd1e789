// What the lock side stores after its lock calls (lib/sync/lock-work.ts, store-pass.ts), where a mutation run found no
// test looking: deleting an unmanaged code (a PIN someone typed into the lock) takes it off the keypad, ends the
// delete's action attempt and records its event once, and a refused removal keeps it until a retry gets through; a
// pass that changes a code moves the lock's list version, so cached lists do not go stale.
import { describe, expect, it } from 'vitest'
import { listVersionOf } from '@/tests/support/lock-harness'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteUnmanagedAccessCode, listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import { simulateCreateUnmanagedCode } from '@/lib/devices/simulate-keypad'
import { requestSync } from '@/lib/sync/sync-jobs'
import { at, device, eventTypes, h, keypadCodes, MINUTE, SMARTTHINGS } from '@/tests/support/lifecycle-fixture'

async function stored(accessCodeId: string) {
  return h.db
    .selectFrom('access_codes')
    .select(['status', 'lock_op_token', 'lock_op_expires_at'])
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirstOrThrow()
}

describe('deleting an unmanaged code', () => {
  it('the lock takes it off: the delete succeeds, the code is gone with one removed event', async () => {
    const lock = device(SMARTTHINGS)
    const owner = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Owner' })
    await h.settle()
    const { action_attempt } = await deleteUnmanagedAccessCode(h.ctx, owner.access_code_id)
    await h.settle()
    expect(await keypadCodes(lock)).not.toContain('7391')
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
    expect((await listUnmanagedAccessCodes(h.ctx, { device_id: lock, limit: 100 })).access_codes).toEqual([])
    expect(await stored(owner.access_code_id)).toEqual({
      status: 'deleted',
      lock_op_token: null,
      lock_op_expires_at: null,
    })
    const events = await eventTypes(owner.access_code_id)
    expect(events.filter((e) => e === 'access_code.unmanaged.removed')).toHaveLength(1)
    // Later passes leave it at that.
    await h.advance(30 * MINUTE)
    expect((await eventTypes(owner.access_code_id)).length).toBe(events.length)
  })

  it('a lock that refuses the removal keeps the code, its delete pending, until a retry gets through', async () => {
    const lock = device(SMARTTHINGS)
    const owner = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Owner' })
    await h.settle()
    await h.injectFault(lock, 'failed_to_remove_from_device', 1)
    const { action_attempt } = await deleteUnmanagedAccessCode(h.ctx, owner.access_code_id)
    await h.settle()
    expect(await keypadCodes(lock)).toContain('7391')
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('pending')
    // Not claimed any more: the next pass may try again.
    expect(await stored(owner.access_code_id)).toEqual({ status: 'set', lock_op_token: null, lock_op_expires_at: null })
    expect(await eventTypes(owner.access_code_id)).not.toContain('access_code.unmanaged.removed')
    await h.advance(10 * MINUTE)
    expect(await keypadCodes(lock)).not.toContain('7391')
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
    expect(await stored(owner.access_code_id)).toMatchObject({ status: 'deleted' })
  })
})

describe('the lock’s list version (cached code lists key on it)', () => {
  const version = (deviceId: string): Promise<number> => listVersionOf(h.db, deviceId)

  it('moves when a pass changes a code, and not when a pass finds nothing new', async () => {
    const lock = device(SMARTTHINGS)
    await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    const before = await version(lock)
    await h.settle()
    const afterSet = await version(lock)
    expect(afterSet).toBeGreaterThan(before)
    // Keypad polls that find the code as it was write nothing.
    await h.advance(20 * MINUTE)
    expect(await version(lock)).toBe(afterSet)
  })
})

describe('a claim whose lock call died', () => {
  it('is cleared by the next pass once it has run out, also on a code that pass finds already on the keypad', async () => {
    const lock = device(SMARTTHINGS)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, name: 'Claimed by the dead' })
    await h.settle()
    expect((await stored(access_code.access_code_id)).status).toBe('set')
    // A process that died between the lock's answer and storing it leaves its claim on the code.
    await h.db
      .updateTable('access_codes')
      .set({ lock_op_token: 'dead-worker#1', lock_op_expires_at: at(MINUTE) })
      .where('access_code_id', '=', access_code.access_code_id)
      .execute()
    await h.advance(2 * MINUTE)
    await requestSync(h.db, [lock], h.clock.now())
    await h.settle()
    expect(await stored(access_code.access_code_id)).toEqual({
      status: 'set',
      lock_op_token: null,
      lock_op_expires_at: null,
    })
  })
})
