// Faults of the whole lock (lib/locks/sandbox-faults.ts, effects `unreachable` and `condition`): the sandbox lock
// stops answering for a reason its maker names, or reports a condition with every read. The reconciler shows it on
// every code of the lock, managed and unmanaged, for as long as the lock reports it, and no longer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { simulateConnect, simulateDisconnect } from '@/lib/devices/simulate-device'
import { simulateCreateUnmanagedCode } from '@/lib/devices/simulate-keypad'
import { listEvents } from '@/lib/events/list-events'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

const MINUTE = 60_000

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness({ devices: sandboxLockProfiles.length })
})
afterEach(async () => {
  await h.close()
})

type Issues = { errors: string[]; warnings: string[] }
const issuesOf = (c: { errors: { error_code: string }[]; warnings: { warning_code: string }[] }): Issues => ({
  errors: c.errors.map((e) => e.error_code).sort(),
  warnings: c.warnings.map((w) => w.warning_code).sort(),
})
const issues = async (id: string) => issuesOf(await getAccessCode(h.ctx, { access_code_id: id }))
/** The errors and warnings of the lock's unmanaged codes, as stored, in the order they were found. */
async function unmanagedIssues(deviceId: string): Promise<Issues[]> {
  const rows = await h.db
    .selectFrom('access_codes')
    .select(['errors', 'warnings'])
    .where('device_id', '=', deviceId)
    .where('is_managed', '=', 0)
    .where('status', '!=', 'deleted')
    .orderBy('created_at')
    .orderBy('code')
    .execute()
  return rows.map((r) =>
    issuesOf({
      errors: JSON.parse(r.errors) as { error_code: string }[],
      warnings: JSON.parse(r.warnings) as { warning_code: string }[],
    }),
  )
}
const keypad = async (deviceId: string) => (await readSandboxKeypad(h.db, deviceId)).map((k) => k.code).sort()
async function eventTypes(accessCodeId: string): Promise<string[]> {
  const events = await listEvents(h.ctx, {
    since: '2000-01-01T00:00:00.000Z',
    access_code_id: accessCodeId,
    limit: 500,
  })
  return events.map((e) => e.event_type).reverse()
}

/** A lock with one code set on it and one unmanaged code typed at its keypad. */
async function lockWithCodes(provider: string): Promise<{ lock: string; set: string }> {
  const lock = h.deviceOf(provider)
  const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4829', name: 'Cleaner' })
  await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
  await h.settle()
  expect((await getAccessCode(h.ctx, { access_code_id: access_code.access_code_id })).status).toBe('set')
  expect(await unmanagedIssues(lock)).toEqual([{ errors: [], warnings: [] }])
  return { lock, set: access_code.access_code_id }
}

describe('unreachable', () => {
  it('a hub off the network: hub_disconnected (not device_offline) on every code, waiting work held, all gone when back', async () => {
    const { lock, set } = await lockWithCodes('smartthings')
    await h.injectFault(lock, 'hub_disconnected', null)
    const waiting = await createAccessCode(h.ctx, { device_id: lock, code: '5930' })
    const id = waiting.access_code.access_code_id
    await h.settle()
    const onlyHub = { errors: ['hub_disconnected'], warnings: [] }
    expect(await issues(set)).toEqual(onlyHub)
    expect(await issues(id)).toEqual(onlyHub)
    expect(await unmanagedIssues(lock)).toEqual([onlyHub])
    expect((await getAccessCode(h.ctx, { access_code_id: id })).status).toBe('setting')
    expect((await getActionAttempt(h.ctx, waiting.action_attempt.action_attempt_id)).status).toBe('pending')
    expect(await keypad(lock)).toEqual(['4829', '7391'])
    // A device-level error is not a failure to set: no event on the codes.
    expect(await eventTypes(set)).toEqual(['access_code.created', 'access_code.set_on_device'])

    await h.clearFaults(lock)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: [], warnings: [] })
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect(await unmanagedIssues(lock)).toEqual([{ errors: [], warnings: [] }])
    expect(await keypad(lock)).toEqual(['4829', '5930', '7391'])
  })

  it('plain offline still shows device_offline, and a bridge fault on an offline lock is not shown', async () => {
    const { lock, set } = await lockWithCodes('igloohome')
    await simulateDisconnect(h.ctx, lock)
    await h.injectFault(lock, 'igloohome_bridge_offline', null)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: ['device_offline'], warnings: [] })
    await simulateConnect(h.ctx, lock)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: ['igloohome_bridge_offline'], warnings: [] })
    expect(await unmanagedIssues(lock)).toEqual([{ errors: ['igloohome_bridge_offline'], warnings: [] }])
    await h.clearFaults(lock)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: [], warnings: [] })
  })

  it('attempt_for_offline_device: false gives up on a lock out of reach for any reason', async () => {
    const lock = h.deviceOf('ttlock')
    await h.injectFault(lock, 'ttlock_lock_not_paired_to_gateway', null)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4829', attempt_for_offline_device: false })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({
      errors: ['failed_to_set_on_device', 'ttlock_lock_not_paired_to_gateway'],
      warnings: [],
    })
    expect((await getAccessCode(h.ctx, { access_code_id: id })).status).toBe('unset')
    expect(await getActionAttempt(h.ctx, created.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'device_offline' },
    })
  })

  it('August temporarily offline: a warning first, the error in its place once it has lasted 5 minutes', async () => {
    const { lock, set } = await lockWithCodes('august')
    await h.injectFault(lock, 'august_lock_temporarily_offline', null)
    await h.settle()
    const warned = { errors: [], warnings: ['august_lock_temporarily_offline'] }
    expect(await issues(set)).toEqual(warned)
    expect(await unmanagedIssues(lock)).toEqual([warned])
    await h.advance(4 * MINUTE)
    expect(await issues(set)).toEqual(warned)
    // Nothing else is due on this lock: the reconciler looks again when the warning turns.
    await h.advance(MINUTE)
    const failed = { errors: ['august_lock_temporarily_offline'], warnings: [] }
    expect(await issues(set)).toEqual(failed)
    expect(await unmanagedIssues(lock)).toEqual([failed])
    await h.clearFaults(lock)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: [], warnings: [] })
    expect(await unmanagedIssues(lock)).toEqual([{ errors: [], warnings: [] }])
  })
})

describe('conditions', () => {
  it('one that does not block changes shows on every code and codes still go onto the keypad', async () => {
    const { lock, set } = await lockWithCodes('kwikset')
    await h.injectFault(lock, 'third_party_integration_detected', null)
    const later = await createAccessCode(h.ctx, { device_id: lock, code: '5930' })
    await h.settle()
    const noticed = { errors: [], warnings: ['third_party_integration_detected'] }
    expect(await issues(set)).toEqual(noticed)
    expect(await issues(later.access_code.access_code_id)).toEqual(noticed)
    expect(await unmanagedIssues(lock)).toEqual([noticed])
    expect(await keypad(lock)).toEqual(['4829', '5930', '7391'])
    expect((await getActionAttempt(h.ctx, later.action_attempt.action_attempt_id)).status).toBe('success')
    await h.clearFaults(lock)
    await h.settle()
    expect(await issues(set)).toEqual({ errors: [], warnings: [] })
    expect(await issues(later.access_code.access_code_id)).toEqual({ errors: [], warnings: [] })
  })

  it('one that blocks changes: programming is refused with it, not counted as failed_to_set, and done once cleared', async () => {
    const { lock, set } = await lockWithCodes('august')
    await h.injectFault(lock, 'august_lock_missing_keypad', null)
    const blocked = await createAccessCode(h.ctx, { device_id: lock, code: '5930' })
    const id = blocked.access_code.access_code_id
    await h.settle()
    const missing = { errors: ['august_lock_missing_keypad'], warnings: [] }
    expect(await issues(set)).toEqual(missing)
    expect(await issues(id)).toEqual(missing)
    expect(await unmanagedIssues(lock)).toEqual([missing])
    expect(await getActionAttempt(h.ctx, blocked.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'august_lock_missing_keypad' },
    })
    // Refused over and over: only the condition, never failed_to_set_on_device or its event; after 5 minutes the
    // reconciler's own delay warning.
    for (let i = 0; i < 4; i++) await h.advance(MINUTE)
    expect(await issues(id)).toEqual(missing)
    for (let i = 0; i < 6; i++) await h.advance(MINUTE)
    expect(await issues(id)).toEqual({ ...missing, warnings: ['delay_in_setting_on_device'] })
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.delay_in_setting_on_device'])
    expect(await keypad(lock)).toEqual(['4829', '7391'])

    await h.clearFaults(lock)
    await h.advance(5 * MINUTE)
    expect((await getAccessCode(h.ctx, { access_code_id: id })).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect(await issues(set)).toEqual({ errors: [], warnings: [] })
    expect(await keypad(lock)).toEqual(['4829', '5930', '7391'])
  })

  it('a code found on the keypad while a condition lasts carries it from the start', async () => {
    const lock = h.deviceOf('yale')
    await h.injectFault(lock, 'management_transferred', null)
    await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
    await h.settle()
    expect(await unmanagedIssues(lock)).toEqual([{ errors: [], warnings: ['management_transferred'] }])
  })
})
