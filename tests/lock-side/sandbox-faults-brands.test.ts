// What some brands do by themselves, and the reconciler's reading of it: locks that pick their own PINs (KeyNest,
// dormakaba Oracode, Salto KS), Ultraloq's switched-off keypad entries, igloohome's algoPIN notice, and the new
// brand profiles' connections.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { updateAccessCode } from '@/lib/access-codes/update-access-code'
import { listEvents } from '@/lib/events/list-events'
import { faultsPossibleOn } from '@/lib/locks/sandbox-faults'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { profileFor, sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { codeProblems } from '@/lib/shared/code-rules'
import { requestSync } from '@/lib/sync/sync-jobs'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

const HOUR = 3_600_000
const DAY = 24 * HOUR

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness({ devices: sandboxLockProfiles.length })
})
afterEach(async () => {
  await h.close()
})

const at = (offsetMs: number): string => new Date(h.clock.now().getTime() + offsetMs).toISOString()
const code = (id: string) => getAccessCode(h.ctx, { access_code_id: id })
const warningCodes = async (id: string) => (await code(id)).warnings.map((w) => w.warning_code).sort()
const errorCodes = async (id: string) => (await code(id)).errors.map((e) => e.error_code).sort()
const stored = (id: string) =>
  h.db
    .selectFrom('access_codes')
    .select(['code', 'is_waiting_for_code_assignment', 'programmed_code'])
    .where('access_code_id', '=', id)
    .executeTakeFirstOrThrow()
async function eventsOf(accessCodeId: string) {
  const events = await listEvents(h.ctx, {
    since: '2000-01-01T00:00:00.000Z',
    access_code_id: accessCodeId,
    limit: 500,
  })
  return events.reverse()
}

describe('a lock that picks its own PINs', () => {
  it.each(['keynest', 'dormakaba_oracode', 'salto_ks'])(
    '%s: the lock gets no PIN, picks one by its rules, and the code keeps it',
    async (provider) => {
      const lock = h.deviceOf(provider)
      const rules = profileFor(provider)
      if (rules === undefined) throw new Error(`no ${provider} profile`)
      const created = await createAccessCode(h.ctx, {
        device_id: lock,
        name: 'Key pick-up',
        starts_at: at(-HOUR),
        ends_at: at(2 * DAY),
      })
      const id = created.access_code.access_code_id
      expect(await stored(id)).toMatchObject({ code: '', is_waiting_for_code_assignment: 1 })
      await h.settle()

      const row = await stored(id)
      expect(row.is_waiting_for_code_assignment).toBe(0)
      expect(row.code).toMatch(/^\d+$/)
      expect(row.programmed_code).toBe(row.code)
      expect(codeProblems(row.code, rules)).toEqual([])
      expect((await readSandboxKeypad(h.db, lock)).map((k) => k.code)).toEqual([row.code])
      const now = await code(id)
      expect(now).toMatchObject({ status: 'set', code: row.code, is_waiting_for_code_assignment: false })
      expect((await getActionAttempt(h.ctx, created.action_attempt.action_attempt_id)).status).toBe('success')
      const setEvent = (await eventsOf(id)).find((e) => e.event_type === 'access_code.set_on_device')
      expect(setEvent).toMatchObject({ code: row.code })

      // The PIN is the code's now: a later pass does not take it for a change made outside Latchkey.
      await h.advance(HOUR)
      expect(await stored(id)).toMatchObject({ code: row.code, is_waiting_for_code_assignment: 0 })
      expect(await errorCodes(id)).toEqual([])
    },
  )

  it('two codes on one lock get two different PINs, and the second waits while the first is refused', async () => {
    const lock = h.deviceOf('keynest')
    await h.injectFault(lock, 'keynest_unsupported_third_party_locker', null)
    const window = { starts_at: at(-HOUR), ends_at: at(DAY) }
    const first = await createAccessCode(h.ctx, { device_id: lock, name: 'Guest', ...window })
    const second = await createAccessCode(h.ctx, { device_id: lock, name: 'Cleaner', ...window })
    await h.settle()
    for (const c of [first, second]) {
      const id = c.access_code.access_code_id
      expect(await stored(id)).toMatchObject({ code: '', is_waiting_for_code_assignment: 1 })
      expect(await errorCodes(id)).toEqual(['keynest_unsupported_third_party_locker'])
    }
    await h.clearFaults(lock)
    await h.advance(5 * 60_000)
    const pins = [
      (await stored(first.access_code.access_code_id)).code,
      (await stored(second.access_code.access_code_id)).code,
    ]
    expect(pins.every((p) => /^\d{6}$/.test(p))).toBe(true)
    expect(new Set(pins).size).toBe(2)
    expect((await readSandboxKeypad(h.db, lock)).map((k) => k.code).sort()).toEqual([...pins].sort())
  })
})

describe('Ultraloq: an entry switched off in the maker’s app', () => {
  it('carries ultraloq_access_code_disabled while it is off, is not programmed again, and loses it once on', async () => {
    const lock = h.deviceOf('ultraloq')
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4829' })
    const id = access_code.access_code_id
    await h.settle()
    const [entry] = await readSandboxKeypad(h.db, lock)
    // What /devices/simulate/fault does for ultraloq_access_code_disabled: the lock keeps the entry, switched off.
    await h.db.updateTable('sandbox_keypad_codes').set({ disabled: 1 }).where('device_id', '=', lock).execute()
    await requestSync(h.db, [lock], h.clock.now())
    await h.settle()
    expect(await warningCodes(id)).toEqual(['ultraloq_access_code_disabled'])
    expect((await code(id)).status).toBe('set')
    await h.advance(DAY)
    const keypad = await readSandboxKeypad(h.db, lock)
    expect(keypad).toEqual([{ ...entry, disabled: true }])
    expect(await warningCodes(id)).toEqual(['ultraloq_access_code_disabled'])
    expect((await eventsOf(id)).map((e) => e.event_type)).toEqual(['access_code.created', 'access_code.set_on_device'])

    await h.clearFaults(lock)
    await h.settle()
    expect(await warningCodes(id)).toEqual([])
  })
})

describe('igloohome offline codes', () => {
  it('carry the algoPIN warning while they are offline codes; online codes do not', async () => {
    const lock = h.deviceOf('igloohome')
    const window = { starts_at: at(HOUR), ends_at: at(DAY) }
    const offline = await createAccessCode(h.ctx, { device_id: lock, is_offline_access_code: true, ...window })
    const online = await createAccessCode(h.ctx, { device_id: lock, code: '4829', ...window })
    const id = offline.access_code.access_code_id
    await h.settle()
    expect(await warningCodes(id)).toEqual(['igloo_algopin_must_be_used_within_24_hours'])
    expect(await warningCodes(online.access_code.access_code_id)).toEqual([])
    await h.advance(2 * HOUR)
    expect((await code(id)).status).toBe('set')
    expect(await warningCodes(id)).toEqual(['igloo_algopin_must_be_used_within_24_hours'])

    // Made an online code: the notice no longer applies.
    await updateAccessCode(h.ctx, { access_code_id: id, is_offline_access_code: false, code: '5930' })
    await h.settle()
    expect(await warningCodes(id)).toEqual([])
  })

  it('not on other brands’ offline codes', async () => {
    const lock = h.deviceOf('ttlock')
    const offline = await createAccessCode(h.ctx, {
      device_id: lock,
      is_offline_access_code: true,
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    await h.settle()
    expect(await warningCodes(offline.access_code.access_code_id)).toEqual([])
  })
})

describe('brand profiles', () => {
  it('say how each lock reaches its cloud, and every brand has faults to simulate', () => {
    for (const profile of sandboxLockProfiles) {
      if (profile.connectsThrough !== null) expect(profile.connectsThrough.name, profile.provider).not.toBe('')
      expect(faultsPossibleOn(profile.provider).length, profile.provider).toBeGreaterThan(0)
    }
    expect(profileFor('wyze')?.connectsThrough).toEqual({ kind: 'gateway', name: 'Wyze Lock Gateway' })
    expect(profileFor('smartthings')?.connectsThrough?.kind).toBe('hub')
    expect(profileFor('igloohome')?.connectsThrough?.kind).toBe('bridge')
    expect(profileFor('ttlock')?.connectsThrough?.kind).toBe('gateway')
  })
})
