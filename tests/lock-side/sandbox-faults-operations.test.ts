// Faults of single lock operations (lib/locks/sandbox-faults.ts, effects `refuse` and `stall`): the sandbox lock
// refuses, fails to confirm, is busy or never answers, and the reconciler turns what it hears into the code's errors
// and warnings, ends its action attempts honestly, and clears them when the lock does the work. Nothing here writes
// an issue onto a code: faults go into `sandbox_faults`, as /devices/simulate/fault stores them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
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

const code = (id: string) => getAccessCode(h.ctx, { access_code_id: id })
const issues = async (id: string) => {
  const c = await code(id)
  return { errors: c.errors.map((e) => e.error_code).sort(), warnings: c.warnings.map((w) => w.warning_code).sort() }
}
const attempt = async (id: string) => getActionAttempt(h.ctx, id)
const keypad = async (deviceId: string) => (await readSandboxKeypad(h.db, deviceId)).map((k) => k.code).sort()
const faultsLeft = async (deviceId: string) =>
  h.db.selectFrom('sandbox_faults').select(['fault', 'operations_left']).where('device_id', '=', deviceId).execute()
async function eventTypes(accessCodeId: string): Promise<string[]> {
  const events = await listEvents(h.ctx, {
    since: '2000-01-01T00:00:00.000Z',
    access_code_id: accessCodeId,
    limit: 500,
  })
  return events.map((e) => e.event_type).reverse()
}
/** Runs the retries that come due over the next `minutes`, a minute at a time. */
async function retryFor(minutes: number): Promise<void> {
  for (let i = 0; i < minutes; i++) await h.advance(MINUTE)
}

describe('refuse: failed', () => {
  it('counts three refusals, then shows the fault’s error, ends the attempt with it, and clears on the 4th try', async () => {
    const lock = h.deviceOf('august')
    await h.injectFault(lock, 'failed_to_set_on_device', 3)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4821' })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('pending')
    expect(await faultsLeft(lock)).toEqual([{ fault: 'failed_to_set_on_device', operations_left: 2 }])

    await h.advance(5_000)
    await h.advance(10_000)
    expect(await issues(id)).toEqual({ errors: ['failed_to_set_on_device'], warnings: [] })
    expect(await attempt(created.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'failed_to_set_on_device' },
    })
    expect(await faultsLeft(lock)).toEqual([])

    await retryFor(1)
    expect((await code(id)).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect(await eventTypes(id)).toEqual([
      'access_code.created',
      'access_code.failed_to_set_on_device',
      'access_code.set_on_device',
    ])
  })

  it('on SmartThings: its warning from the first refusal, the brand’s error after three, both gone once set', async () => {
    const lock = h.deviceOf('smartthings')
    await h.injectFault(lock, 'smartthings_failed_to_set_after_multiple_retries', 3)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4821' })
    const id = access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: [], warnings: ['smartthings_failed_to_set_access_code'] })
    await h.advance(5_000)
    await h.advance(10_000)
    expect(await issues(id)).toEqual({
      errors: ['smartthings_failed_to_set_after_multiple_retries'],
      warnings: ['smartthings_failed_to_set_access_code'],
    })
    await retryFor(1)
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect(await keypad(lock)).toEqual(['4821'])
  })
})

describe('refuse: rejected', () => {
  it('shows the issue at once, ends the attempt with its type, retries and clears when the lock takes it', async () => {
    const lock = h.deviceOf('salto_ks')
    await h.injectFault(lock, 'salto_ks_user_not_subscribed', 2)
    const created = await createAccessCode(h.ctx, { device_id: lock, name: 'Cleaner' })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: ['salto_ks_user_not_subscribed'], warnings: [] })
    expect(await attempt(created.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'salto_ks_user_not_subscribed' },
    })
    expect((await code(id)).status).toBe('setting')
    await h.advance(5_000)
    expect(await issues(id)).toEqual({ errors: ['salto_ks_user_not_subscribed'], warnings: [] })
    await h.advance(10_000)
    expect((await code(id)).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    // The event once, when the error first appeared.
    expect((await eventTypes(id)).filter((e) => e === 'access_code.failed_to_set_on_device')).toHaveLength(1)
  })

  it('a warning issue (Schlage’s duplicate) shows as a warning; the attempt still ends with its type', async () => {
    const lock = h.deviceOf('schlage')
    await h.injectFault(lock, 'schlage_detected_duplicate', 1)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4821' })
    await h.settle()
    const id = created.access_code.access_code_id
    expect(await issues(id)).toEqual({ errors: [], warnings: ['schlage_detected_duplicate'] })
    expect(await attempt(created.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'schlage_detected_duplicate' },
    })
    expect(await eventTypes(id)).toEqual(['access_code.created'])
    await h.advance(5_000)
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
  })

  it('Wyze refuses a second code with a name its keypad already has, until the name changes', async () => {
    const lock = h.deviceOf('wyze')
    await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Front desk' })
    await h.settle()
    const second = await createAccessCode(h.ctx, { device_id: lock, code: '5932', name: 'Front desk' })
    const id = second.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: ['wyze_duplicate_code_name'], warnings: [] })
    expect(await keypad(lock)).toEqual(['4821'])
    expect(await attempt(second.action_attempt.action_attempt_id)).toMatchObject({
      error: { type: 'wyze_duplicate_code_name' },
    })
  })
})

describe('refuse: unconfirmed', () => {
  it('Kwikset: a warning while unconfirmed, the error in its place after three, gone once confirmed', async () => {
    const lock = h.deviceOf('kwikset')
    await h.injectFault(lock, 'kwikset_unable_to_confirm_code', 3)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: [], warnings: ['kwikset_unable_to_confirm_code'] })
    await h.advance(5_000)
    expect(await issues(id)).toEqual({ errors: [], warnings: ['kwikset_unable_to_confirm_code'] })
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('pending')
    await h.advance(10_000)
    expect(await issues(id)).toEqual({ errors: ['kwikset_unable_to_confirm_code'], warnings: [] })
    expect(await attempt(created.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'kwikset_unable_to_confirm_code' },
    })
    await retryFor(1)
    expect((await code(id)).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
  })

  it('Hubitat: an error of its own shows at once', async () => {
    const lock = h.deviceOf('hubitat')
    await h.injectFault(lock, 'hubitat_device_programming_delay', 1)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = created.access_code.access_code_id
    await h.settle()
    expect(await issues(id)).toEqual({ errors: ['hubitat_device_programming_delay'], warnings: [] })
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('error')
    await h.advance(5_000)
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
  })

  it('Kwikset removal: the deletion error at once, then the code is gone', async () => {
    const lock = h.deviceOf('kwikset')
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = access_code.access_code_id
    await h.settle()
    await h.injectFault(lock, 'kwikset_unable_to_confirm_deletion', 1)
    const deletion = await deleteAccessCode(h.ctx, { access_code_id: id })
    await h.settle()
    const pending = await h.db
      .selectFrom('access_codes')
      .select(['status', 'errors'])
      .where('access_code_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(pending.status).toBe('removing')
    expect(JSON.parse(pending.errors)).toMatchObject([{ error_code: 'kwikset_unable_to_confirm_deletion' }])
    expect(await attempt(deletion.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'kwikset_unable_to_confirm_deletion' },
    })
    expect(await eventTypes(id)).toContain('access_code.failed_to_remove_from_device')
    await h.advance(5_000)
    expect(await keypad(lock)).toEqual([])
  })
})

describe('refuse: busy, and stall', () => {
  it('igloohome’s full job queue shows while it lasts and does not count toward failed_to_set_on_device', async () => {
    const lock = h.deviceOf('igloohome')
    await h.injectFault(lock, 'igloohome_bridge_too_many_pending_jobs', 4)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = created.access_code.access_code_id
    await h.settle()
    for (const wait of [5_000, 10_000, 20_000]) {
      expect(await issues(id)).toEqual({ errors: ['igloohome_bridge_too_many_pending_jobs'], warnings: [] })
      await h.advance(wait)
    }
    // Four refusals, none counted: no failed_to_set_on_device, and the attempt still waits.
    expect(await issues(id)).toEqual({ errors: ['igloohome_bridge_too_many_pending_jobs'], warnings: [] })
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('pending')
    await retryFor(1)
    expect((await code(id)).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('a lock that never confirms: no issue of its own, the delay warning after 5 min, set once cleared', async () => {
    const lock = h.deviceOf('yale')
    await h.injectFault(lock, 'delay_in_setting_on_device', null)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = created.access_code.access_code_id
    await h.settle()
    await retryFor(4)
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
    expect(await keypad(lock)).toEqual([])
    await retryFor(2)
    expect(await issues(id)).toEqual({ errors: [], warnings: ['delay_in_setting_on_device'] })
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.delay_in_setting_on_device'])
    expect((await attempt(created.action_attempt.action_attempt_id)).status).toBe('pending')

    await h.clearFaults(lock)
    await h.settle()
    expect((await code(id)).status).toBe('set')
    expect(await issues(id)).toEqual({ errors: [], warnings: [] })
  })

  it('a lock that never confirms removals: the code stays removing, with its delay warning', async () => {
    const lock = h.deviceOf('yale')
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = access_code.access_code_id
    await h.settle()
    await h.injectFault(lock, 'delay_in_removing_from_device', null)
    await deleteAccessCode(h.ctx, { access_code_id: id })
    await retryFor(6)
    expect(await keypad(lock)).toEqual(['4829'])
    expect(await eventTypes(id)).toContain('access_code.delay_in_removing_from_device')
    await h.clearFaults(lock)
    await h.settle()
    expect(await keypad(lock)).toEqual([])
  })
})
