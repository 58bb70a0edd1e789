// One reconciler pass over one lock (lib/sync/reconcile-device.ts), where a mutation run found no test looking:
// - when the lock is looked at next: a code's warning turning into its error on the code's own time, a code coming
//   due seconds after another is sent, a quiet lock read once per poll, an unreachable lock retried with growing
//   gaps (looks with nothing to send do not count), and the claims of lock calls that never report back;
// - keypad entries Latchkey wrote whose answer was never stored: not mirrored as someone else's code while the call is
//   in flight, adopted by the code with that PIN once the claim runs out, taken back at once by a restarted instance;
// - empty_backup_access_code_pool only when nothing can be lent, and only on codes that use the pool;
// - unmanaged codes: device-level errors (account_disconnected, conditions on codes found mid-condition), a removed
//   lock's, and deletions asked for (on an offline lock, gone another way, on a removed lock);
// - a deletion asked of an offline lock by a code that does not wait for offline locks.
import { describe, expect, it } from 'vitest'
import { listVersionOf } from '@/tests/support/lock-harness'
import { getActionAttempt } from '@/lib/action-attempts/action-attempts'
import { pullBackupAccessCode } from '@/lib/access-codes/backup-pool'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { deleteUnmanagedAccessCode, listUnmanagedAccessCodes } from '@/lib/access-codes/unmanaged-access-codes'
import { loadLockPage } from '@/lib/dashboard/lock-page'
import { loadDevice } from '@/lib/devices/load-device'
import {
  simulateAccountConnection,
  simulateConnect,
  simulateDisconnect,
  simulateRemove,
} from '@/lib/devices/simulate-device'
import { simulateCreateUnmanagedCode } from '@/lib/devices/simulate-keypad'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockProvider, ProgramRequest } from '@/lib/locks/lock-provider'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import { releaseLeases, requestSync } from '@/lib/sync/sync-jobs'
import {
  AUGUST,
  DAY,
  HOUR,
  MINUTE,
  SMARTTHINGS,
  at,
  code,
  device,
  errorCodes,
  eventTypes,
  h,
  keypadCodes,
  warningCodes,
} from '@/tests/support/lifecycle-fixture'

const KWIKSET = 4 // reports conditions that do not block changes

/** How long a lock call's claim on its codes lasts with the harness's reconciler (its lease, 30 s). */
const CLAIM_MS = 30_000

/** The PINs and errors of the lock's unmanaged codes, as the API lists them. */
async function unmanaged(deviceId: string): Promise<{ code: string | null; errors: string[] }[]> {
  const { access_codes } = await listUnmanagedAccessCodes(h.ctx, { device_id: deviceId, limit: 100 })
  return access_codes
    .map((c) => ({ code: c.code, errors: c.errors.map((e) => e.error_code).sort() }))
    .sort((a, b) => (a.code ?? '').localeCompare(b.code ?? ''))
}

/** The errors and warnings of the lock's unmanaged codes, as the API lists them. */
async function unmanagedIssues(deviceId: string): Promise<{ errors: string[]; warnings: string[] }[]> {
  const { access_codes } = await listUnmanagedAccessCodes(h.ctx, { device_id: deviceId, limit: 100 })
  return access_codes.map((c) => ({
    errors: c.errors.map((e) => e.error_code).sort(),
    warnings: c.warnings.map((w) => w.warning_code).sort(),
  }))
}

/** A PIN typed at the lock's own keypad: only the lock knows it until a pass reads the keypad. */
async function typeAtKeypad(deviceId: string, pin: string): Promise<void> {
  const now = h.clock.now().toISOString()
  await h.db
    .insertInto('sandbox_keypad_codes')
    .values({
      keypad_code_id: `typed-${pin}`,
      device_id: deviceId,
      slot: 9,
      code: pin,
      name: null,
      starts_at: null,
      ends_at: null,
      set_by_latchkey: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await requestSync(h.db, [deviceId], h.clock.now())
}

/** The lock comes back without telling anyone (no pass is asked for): only a pass already due notices. */
const backOnlineQuietly = (deviceId: string) =>
  h.db.updateTable('devices').set({ online: 1 }).where('device_id', '=', deviceId).execute()

/** The lock's list version: cached code lists key on it, so a pass that changes nothing must leave it. */
const listVersion = (deviceId: string): Promise<number> => listVersionOf(h.db, deviceId)

const storedStatus = async (accessCodeId: string): Promise<string> =>
  (
    await h.db
      .selectFrom('access_codes')
      .select('status')
      .where('access_code_id', '=', accessCodeId)
      .executeTakeFirstOrThrow()
  ).status

/**
 * Another reconciler instance whose process dies while the lock takes its calls: the lock does what it was asked
 * (the keypad holds the new entries), and the answer is never stored. `written` resolves once the lock has done it.
 */
function dyingInstance(): { reconciler: Reconciler; written: Promise<void> } {
  const real = createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 })
  let wrote: () => void = () => undefined
  const written = new Promise<void>((resolve) => {
    wrote = resolve
  })
  const providerFor = (d: DeviceRecord): LockProvider => {
    const provider = real(d)
    return new Proxy(provider, {
      get(target, key, receiver) {
        if (key === 'programCodes') {
          return async (lock: DeviceRecord, requests: readonly ProgramRequest[]) => {
            await target.programCodes(lock, requests)
            wrote()
            // The process is gone: the answer never comes back.
            return new Promise<never>(() => undefined)
          }
        }
        const value: unknown = Reflect.get(target, key, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
  const reconciler = new Reconciler({
    db: h.db,
    engine: h.store.engine,
    clock: h.clock,
    providerFor,
    owner: 'dying-instance',
    log: () => undefined,
  })
  return { reconciler, written }
}

describe('when the lock is looked at next', () => {
  it('codes whose warning started after the lock’s get their error on their own time, the lock on its own', async () => {
    const lock = device(AUGUST)
    await h.injectFault(lock, 'august_lock_temporarily_offline', null)
    await h.settle()
    // Three and four minutes in, codes are added (their windows far ahead: nothing is asked of the lock): each shows
    // the warning from then on.
    const far = { device_id: lock, starts_at: at(10 * DAY), ends_at: at(11 * DAY) }
    await h.advance(3 * MINUTE)
    const first = (await createAccessCode(h.ctx, { ...far, code: '2749' })).access_code.access_code_id
    await h.settle()
    await h.advance(MINUTE)
    const second = (await createAccessCode(h.ctx, { ...far, code: '5930' })).access_code.access_code_id
    await h.settle()
    for (const id of [first, second]) expect(warningCodes(await code(id))).toEqual(['august_lock_temporarily_offline'])

    // The lock's own report turns at five minutes; the codes' warnings stay warnings.
    await h.advance(MINUTE)
    const reports = (await loadLockPage(h.ctx, lock)).lock.reports
    expect(reports.errors.map((e) => e.error_code)).toEqual(['august_lock_temporarily_offline'])
    for (const id of [first, second]) {
      expect(warningCodes(await code(id))).toEqual(['august_lock_temporarily_offline'])
      expect(errorCodes(await code(id))).toEqual([])
    }

    // Each code's turns when its own five minutes are up, the earliest first, not at the next keypad poll.
    await h.advance(3 * MINUTE - 1)
    expect(warningCodes(await code(first))).toEqual(['august_lock_temporarily_offline'])
    await h.advance(1)
    const turned = await code(first)
    expect(errorCodes(turned)).toEqual(['august_lock_temporarily_offline'])
    expect(warningCodes(turned)).toEqual([])
    expect(warningCodes(await code(second))).toEqual(['august_lock_temporarily_offline'])
    await h.advance(MINUTE)
    expect(errorCodes(await code(second))).toEqual(['august_lock_temporarily_offline'])
  })

  it('a code that comes due before the lock’s warning turns is looked at when it comes due', async () => {
    const lock = device(AUGUST)
    await h.injectFault(lock, 'august_lock_temporarily_offline', null)
    // Not scheduled on the lock: due on the keypad when its window starts, in four minutes.
    const { access_code } = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '2749',
      starts_at: at(4 * MINUTE),
      ends_at: at(DAY),
      prefer_native_scheduling: false,
    })
    await h.settle()
    expect((await code(access_code.access_code_id)).status).toBe('unset')
    await h.advance(4 * MINUTE)
    // Due, and the lock out of reach: programming has started, and waits for the lock.
    expect((await code(access_code.access_code_id)).status).toBe('setting')
  })

  it('a quiet lock is read once per keypad poll, and a poll that finds nothing new writes nothing', async () => {
    const lock = device(SMARTTHINGS)
    await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
    await h.settle()
    // The pass that set the code filed a look for when its call's claim runs out.
    await h.advance(CLAIM_MS)
    const passes = h.reconciler.stats.devicePasses
    const version = await listVersion(lock)
    await h.advance(15 * MINUTE - 1)
    expect(h.reconciler.stats.devicePasses).toBe(passes)
    await h.advance(1)
    expect(h.reconciler.stats.devicePasses).toBe(passes + 1)
    expect(await listVersion(lock)).toBe(version)
  })

  it('a code that starts seconds after another is sent to the lock is set when it starts, not when the claim ends', async () => {
    const lock = device(SMARTTHINGS)
    await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Now' })
    const soon = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '5930',
      name: 'Soon',
      starts_at: at(10_000),
      ends_at: at(DAY),
    })
    await h.settle()
    expect(await keypadCodes(lock)).toEqual(['4821'])
    await h.advance(10_000)
    expect(await keypadCodes(lock)).toEqual(['4821', '5930'])
    expect((await code(soon.access_code.access_code_id)).status).toBe('set')
  })
})

describe('an unreachable lock is retried with growing gaps', () => {
  it('a code waiting for it: 5 s, 10 s, 20 s, 40 s', async () => {
    const lock = device(SMARTTHINGS)
    await simulateDisconnect(h.ctx, lock)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    await h.settle()
    for (const gap of [5_000, 10_000, 20_000]) await h.advance(gap)
    await backOnlineQuietly(lock)
    await h.advance(40_000 - 1)
    expect((await code(access_code.access_code_id)).status).toBe('setting')
    await h.advance(1)
    expect((await code(access_code.access_code_id)).status).toBe('set')
  })

  it('a lock that refuses the code: 5 s, then 10 s', async () => {
    const lock = device(SMARTTHINGS)
    await h.injectFault(lock, 'failed_to_set_on_device', 2)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    await h.settle()
    await h.advance(5_000)
    await h.advance(10_000 - 1)
    expect((await code(access_code.access_code_id)).status).toBe('setting')
    await h.advance(1)
    expect((await code(access_code.access_code_id)).status).toBe('set')
  })

  it('looks that had nothing to send do not count: a code added after an hour offline is retried after 5 s', async () => {
    const lock = device(SMARTTHINGS)
    await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    await h.settle()
    for (let poll = 0; poll < 4; poll++) await h.advance(15 * MINUTE)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '5930', name: 'Later' })
    await h.settle()
    await backOnlineQuietly(lock)
    await h.advance(5_000)
    expect((await code(access_code.access_code_id)).status).toBe('set')
  })

  it('a removal waiting for it is retried too', async () => {
    const lock = device(SMARTTHINGS)
    const { access_code } = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    const { action_attempt } = await deleteAccessCode(h.ctx, { access_code_id: access_code.access_code_id })
    await h.settle()
    expect(await keypadCodes(lock)).toEqual(['4821'])
    await backOnlineQuietly(lock)
    await h.advance(5_000)
    expect(await keypadCodes(lock)).toEqual([])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
  })

  it('an unmanaged code someone asked to delete waits for the lock, and goes once it is back', async () => {
    const lock = device(SMARTTHINGS)
    const owner = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Owner' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    const { action_attempt } = await deleteUnmanagedAccessCode(h.ctx, owner.access_code_id)
    await h.settle()
    expect(await keypadCodes(lock)).toEqual(['7391'])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('pending')
    await simulateConnect(h.ctx, lock)
    await h.settle()
    expect(await keypadCodes(lock)).toEqual([])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
  })
})

describe('the backup pool on the codes that count on it', () => {
  const stay = (startMs: number, endMs: number, pool = true) => ({
    device_id: device(AUGUST),
    starts_at: at(startMs),
    ends_at: at(endMs),
    use_backup_access_code_pool: pool,
  })
  const create = async (input: ReturnType<typeof stay>): Promise<string> =>
    (await createAccessCode(h.ctx, input)).access_code.access_code_id

  it('no error while backups are free, and only codes that use the pool hear that it is empty', async () => {
    const holders: string[] = []
    for (let i = 0; i < 5; i++) holders.push(await create(stay(HOUR, DAY)))
    const waiting = await create(stay(HOUR, DAY))
    const withoutPool = await create(stay(HOUR, DAY, false))
    await h.settle()
    for (const id of [...holders, waiting, withoutPool]) expect(errorCodes(await code(id))).toEqual([])
    for (const id of holders.slice(0, 4)) await pullBackupAccessCode(h.ctx, id)
    await h.advance(CLAIM_MS)
    // One backup left: still no error.
    expect(errorCodes(await code(waiting))).toEqual([])
    await pullBackupAccessCode(h.ctx, holders[4] ?? '')
    await h.advance(CLAIM_MS)
    expect(errorCodes(await code(waiting))).toEqual(['empty_backup_access_code_pool'])
    expect(errorCodes(await code(withoutPool))).toEqual([])
  })

  it('free backups and places of ended stays both count', async () => {
    const short = [await create(stay(HOUR, 2 * HOUR)), await create(stay(HOUR, 2 * HOUR))]
    const long = await create(stay(HOUR, DAY))
    const waiting = await create(stay(HOUR, DAY))
    await h.settle()
    for (const id of [...short, long]) await pullBackupAccessCode(h.ctx, id)
    // The short stays end: two backups free, two places to refill, one lent.
    await h.advance(2 * HOUR)
    await h.advance(CLAIM_MS)
    expect(errorCodes(await code(waiting))).toEqual([])
  })
})

describe('codes found on the keypad while the lock reports a condition', () => {
  it('carry its error or warning from the first pass that finds them', async () => {
    const missingKeypad = device(AUGUST)
    const otherIntegration = device(KWIKSET)
    await h.injectFault(missingKeypad, 'august_lock_missing_keypad', null)
    await h.injectFault(otherIntegration, 'third_party_integration_detected', null)
    await h.settle()
    await typeAtKeypad(missingKeypad, '7391')
    await typeAtKeypad(otherIntegration, '8264')
    await h.settle()
    expect(await unmanagedIssues(missingKeypad)).toEqual([{ errors: ['august_lock_missing_keypad'], warnings: [] }])
    expect(await unmanagedIssues(otherIntegration)).toEqual([
      { errors: [], warnings: ['third_party_integration_detected'] },
    ])
    // A warning the spec has only as a warning stays one, however long it lasts.
    await h.advance(HOUR)
    expect(await unmanagedIssues(otherIntegration)).toEqual([
      { errors: [], warnings: ['third_party_integration_detected'] },
    ])
  })
})

describe('lock calls whose answer never comes back', () => {
  it('another instance takes the code over as soon as the dead call’s claim runs out', async () => {
    const lock = device(SMARTTHINGS)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    const id = created.access_code.access_code_id
    const dying = dyingInstance()
    void dying.reconciler.runOnce()
    await dying.written
    expect(await keypadCodes(lock)).toEqual(['4821'])
    expect((await code(id)).status).toBe('setting')

    // The pass that sent the call filed the end of its claim as the lock's next look.
    await h.advance(CLAIM_MS - 1)
    expect((await code(id)).status).toBe('setting')
    await h.advance(1)
    // The entry the dead call wrote is the code's: adopted, not programmed a second time nor refused as a duplicate.
    const taken = await code(id)
    expect(taken.status).toBe('set')
    expect(taken.errors).toEqual([])
    expect(await keypadCodes(lock)).toEqual(['4821'])
    expect(await unmanaged(lock)).toEqual([])
    expect((await getActionAttempt(h.ctx, created.action_attempt.action_attempt_id)).status).toBe('success')
    expect(await eventTypes(id)).toEqual(['access_code.created', 'access_code.set_on_device'])
  })

  it('a call still in flight protects only its own entry: an older dead call’s entry is adopted meanwhile', async () => {
    const lock = device(SMARTTHINGS)
    const older = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Older' })
    const first = dyingInstance()
    void first.reconciler.runOnce()
    await first.written
    await h.advance(20_000)
    const newer = await createAccessCode(h.ctx, { device_id: lock, code: '5930', name: 'Newer' })
    const second = dyingInstance()
    void second.reconciler.runOnce()
    await second.written
    expect(await keypadCodes(lock)).toEqual(['4821', '5930'])

    // The first claim runs out while the second call is still in flight.
    await h.advance(CLAIM_MS - 20_000)
    const adopted = await code(older.access_code.access_code_id)
    expect(adopted.status).toBe('set')
    expect(adopted.errors).toEqual([])
    expect((await code(newer.access_code.access_code_id)).status).toBe('setting')
    expect(await keypadCodes(lock)).toEqual(['4821', '5930'])
    expect(await unmanaged(lock)).toEqual([])
  })

  it('the same instance, restarted, takes its own claims back at once', async () => {
    const lock = device(SMARTTHINGS)
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Guest' })
    const dying = dyingInstance()
    void dying.reconciler.runOnce()
    await dying.written
    // What Reconciler.start does first, under the same owner name: give back what its previous life held.
    await releaseLeases(h.db, dying.reconciler.owner, h.clock.now())
    const restarted = new Reconciler({
      db: h.db,
      engine: h.store.engine,
      clock: h.clock,
      providerFor: createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 }),
      owner: dying.reconciler.owner,
      log: () => undefined,
    })
    await restarted.runUntilIdle()
    expect((await code(created.access_code.access_code_id)).status).toBe('set')
    expect(await keypadCodes(lock)).toEqual(['4821'])
  })

  it('a pass during the claim neither mirrors the written entry as someone else’s code nor forgets to look again', async () => {
    const lock = device(AUGUST)
    const window = { starts_at: at(-HOUR), ends_at: at(DAY) }
    const created = await createAccessCode(h.ctx, { device_id: lock, code: '2749', name: 'Stay', ...window })
    const id = created.access_code.access_code_id
    const dying = dyingInstance()
    void dying.reconciler.runOnce()
    await dying.written
    expect(await keypadCodes(lock)).toEqual(['2749'])

    // Someone types a PIN at the lock meanwhile, and another code is added: a pass of this instance runs while the
    // call is in flight, and sends a call of its own (whose claim runs out 10 s after the dead one's).
    await h.advance(10_000)
    await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
    const other = await createAccessCode(h.ctx, { device_id: lock, code: '5930', name: 'Other', ...window })
    await h.settle()
    expect(await unmanaged(lock)).toEqual([{ code: '7391', errors: [] }])
    expect((await code(id)).status).toBe('setting')
    expect((await code(other.access_code.access_code_id)).status).toBe('set')

    // That pass still looks again when the first claim runs out, and the code takes its entry back.
    await h.advance(CLAIM_MS - 10_000 - 1)
    expect((await code(id)).status).toBe('setting')
    await h.advance(1)
    const taken = await code(id)
    expect(taken).toMatchObject({ status: 'set', ...window })
    expect(taken.errors).toEqual([])
    expect(await keypadCodes(lock)).toEqual(['2749', '5930', '7391'])
    expect(await unmanaged(lock)).toEqual([{ code: '7391', errors: [] }])
    expect((await getActionAttempt(h.ctx, created.action_attempt.action_attempt_id)).status).toBe('success')

    // What it took back is what the lock holds, PIN and window: when the lock goes offline, the code stays set
    // (nothing to send again), with the lock's error.
    await simulateDisconnect(h.ctx, lock)
    await h.settle()
    const offline = await code(id)
    expect(offline.status).toBe('set')
    expect(errorCodes(offline)).toEqual(['device_offline'])
    expect(warningCodes(offline)).toEqual([])
  })

  it('an orphan entry goes to the code with its PIN, not to another code of the lock', async () => {
    const lock = device(SMARTTHINGS)
    // Created first, due in an hour: not part of the dead call, and nothing to do with its entry.
    const later = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '5930',
      name: 'Later',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    const now = await createAccessCode(h.ctx, { device_id: lock, code: '4821', name: 'Now' })
    const dying = dyingInstance()
    void dying.reconciler.runOnce()
    await dying.written
    expect(await keypadCodes(lock)).toEqual(['4821'])

    await h.advance(CLAIM_MS)
    expect(await keypadCodes(lock)).toEqual(['4821'])
    expect((await code(now.access_code.access_code_id)).status).toBe('set')
    expect(await eventTypes(now.access_code.access_code_id)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
    ])
    const untouched = await code(later.access_code.access_code_id)
    expect(untouched.status).toBe('unset')
    expect(untouched.errors).toEqual([])
    expect(await eventTypes(later.access_code.access_code_id)).toEqual(['access_code.created'])
    expect(await unmanaged(lock)).toEqual([])
  })
})

describe('device-level errors on unmanaged codes', () => {
  it('account_disconnected shows on a PIN typed at the lock while the account is gone, and goes when it is back', async () => {
    const lock = device(SMARTTHINGS)
    await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
    await h.settle()
    const { connectedAccountId } = await loadDevice(h.ctx, lock)
    await simulateAccountConnection(h.ctx, connectedAccountId, false)
    await h.settle()
    expect(await unmanaged(lock)).toEqual([{ code: '7391', errors: ['account_disconnected'] }])
    await simulateAccountConnection(h.ctx, connectedAccountId, true)
    await h.settle()
    expect(await unmanaged(lock)).toEqual([{ code: '7391', errors: [] }])
  })
})

describe('a removed lock’s unmanaged codes', () => {
  it('are gone with it; one whose deletion was asked for keeps the time it was asked', async () => {
    const lock = device(SMARTTHINGS)
    const kept = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Neighbour' })
    const asked = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '8264', name: 'Old tenant' })
    await h.settle()
    await simulateDisconnect(h.ctx, lock)
    await h.advance(MINUTE)
    const askedAt = h.clock.now().toISOString()
    const deletion = await deleteUnmanagedAccessCode(h.ctx, asked.access_code_id)
    await h.settle()
    await h.advance(HOUR)
    const removedAt = h.clock.now().toISOString()
    await simulateRemove(h.ctx, lock)
    await h.settle()

    const rows = await h.db
      .selectFrom('access_codes')
      .select(['access_code_id', 'status', 'deleted_at'])
      .where('device_id', '=', lock)
      .execute()
    const byId = new Map(rows.map((r) => [r.access_code_id, { status: r.status, deleted_at: r.deleted_at }]))
    expect(byId.get(kept.access_code_id)).toEqual({ status: 'deleted', deleted_at: removedAt })
    expect(byId.get(asked.access_code_id)).toEqual({ status: 'deleted', deleted_at: askedAt })
    expect(await getActionAttempt(h.ctx, deletion.action_attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: { type: 'device_removed' },
    })
  })
})

describe('an unmanaged code someone asked to delete', () => {
  it('that leaves the keypad another way (the maker’s app) is deleted, and its deletion ends', async () => {
    const lock = device(SMARTTHINGS)
    const owner = await simulateCreateUnmanagedCode(h.ctx, { device_id: lock, code: '7391', name: 'Owner' })
    await h.settle()
    await h.injectFault(lock, 'failed_to_remove_from_device', 1)
    const { action_attempt } = await deleteUnmanagedAccessCode(h.ctx, owner.access_code_id)
    await h.settle()
    expect(await keypadCodes(lock)).toEqual(['7391'])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('pending')
    // Before the retry, someone deletes the PIN in the lock maker's app.
    await h.db.deleteFrom('sandbox_keypad_codes').where('device_id', '=', lock).execute()
    await h.advance(10 * MINUTE)
    expect(await storedStatus(owner.access_code_id)).toBe('deleted')
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
  })
})

describe('an offline lock and a code that does not wait for offline locks', () => {
  it('deleting it waits for the lock: the deletion is not given up, and ends once the lock is back', async () => {
    const lock = device(SMARTTHINGS)
    const created = await createAccessCode(h.ctx, {
      device_id: lock,
      code: '4821',
      attempt_for_offline_device: false,
    })
    const id = created.access_code.access_code_id
    await h.settle()
    expect((await code(id)).status).toBe('set')
    await simulateDisconnect(h.ctx, lock)
    const { action_attempt } = await deleteAccessCode(h.ctx, { access_code_id: id })
    await h.settle()
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('pending')
    // A deleted code is no longer listed: its stored status says where its removal stands.
    expect(await storedStatus(id)).toBe('removing')
    expect(await keypadCodes(lock)).toEqual(['4821'])

    await simulateConnect(h.ctx, lock)
    await h.settle()
    expect(await keypadCodes(lock)).toEqual([])
    expect((await getActionAttempt(h.ctx, action_attempt.action_attempt_id)).status).toBe('success')
    expect(await storedStatus(id)).toBe('deleted')
  })
})
