import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { inTransaction } from '@/lib/db/transaction'
import { requestSync } from '@/lib/sync/sync-jobs'
import { onSyncRequested } from '@/lib/sync/wakeup'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

// The in-process reconciler is woken by the writes that ask for lock work, once they have committed: not by a list of
// endpoints, not before the commit (it would not see the rows yet), not for a write that rolled back, and not for a
// change the lock never sees (a code's name).

let store: Store
let server: TestApiServer
let api: HttpClient
let deviceId: string
let unsubscribe: () => void
/** For each wake-up: how many codes the device had, read on another connection (PostgreSQL) when it came. */
let wakeups: Promise<number>[]

/** How many times a sync of the device has been asked for (sync_jobs.request_seq). */
const requestSeq = async (): Promise<number> =>
  Number(
    (
      await store.db
        .selectFrom('sync_jobs')
        .select('request_seq')
        .where('device_id', '=', deviceId)
        .executeTakeFirstOrThrow()
    ).request_seq,
  )

const codesOnDevice = async (): Promise<number> =>
  (await store.db.selectFrom('access_codes').select('access_code_id').where('device_id', '=', deviceId).execute())
    .length

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  const ws = await createWorkspace(store.db, systemClock, { name: 'Wake-ups', sandboxDevices: 1 })
  const firstDevice = ws.device_ids[0]
  if (firstDevice === undefined) throw new Error('the workspace has no device')
  deviceId = firstDevice
  api = new HttpClient(server.endpoint, ws.api_key)
})

afterAll(async () => {
  await server.close()
  await store.close()
})

beforeEach(() => {
  wakeups = []
  unsubscribe = onSyncRequested(() => wakeups.push(codesOnDevice()))
})

afterEach(() => unsubscribe())

describe('waking the reconciler', () => {
  it('a create wakes it once, after its commit', async () => {
    const before = await codesOnDevice()
    await api.ok('/access_codes/create', { device_id: deviceId, name: 'Cleaner', code: '5823' })
    expect(wakeups).toHaveLength(1)
    expect(await wakeups[0]).toBe(before + 1)
  })

  it('a refused create and a read do not wake it', async () => {
    const refused = await api.fail('/access_codes/create', { device_id: deviceId, code: '5823' })
    expect(refused.type).toBe('duplicate_access_code')
    await api.ok('/access_codes/list', { device_id: deviceId })
    expect(wakeups).toHaveLength(0)
  })

  it('a simulation that changes the device wakes it', async () => {
    await api.ok('/devices/simulate/disconnect', { device_id: deviceId })
    await api.ok('/devices/simulate/connect', { device_id: deviceId })
    expect(wakeups).toHaveLength(2)
  })

  it('a rename asks nothing of the lock: no wake-up, no sync requested, while the list shows the new name', async () => {
    const created = await api.ok('/access_codes/create', { device_id: deviceId, name: 'Guest' })
    const accessCodeId = (created.access_code as { access_code_id: string }).access_code_id
    const requested = await requestSeq()
    wakeups = []
    await api.ok('/access_codes/update', { access_code_id: accessCodeId, name: 'Guest, renamed' })
    expect(wakeups).toHaveLength(0)
    expect(await requestSeq()).toBe(requested)
    const listed = await api.ok('/access_codes/list', { device_id: deviceId })
    const names = (listed.access_codes as { access_code_id: string; name: string }[])
      .filter((c) => c.access_code_id === accessCodeId)
      .map((c) => c.name)
    expect(names).toEqual(['Guest, renamed'])
    const events = await api.ok('/events/list', { access_code_id: accessCodeId, since: '2000-01-01T00:00:00.000Z' })
    expect((events.events as { event_type: string }[]).map((e) => e.event_type)).toContain('access_code.changed')
  })

  it('an update that the lock sees (a new window, a flag) wakes it, as does one that changes nothing (Retry now)', async () => {
    const created = await api.ok('/access_codes/create', { device_id: deviceId, name: 'Stay' })
    const accessCodeId = (created.access_code as { access_code_id: string }).access_code_id
    wakeups = []
    await api.ok('/access_codes/update', {
      access_code_id: accessCodeId,
      name: 'Stay, moved',
      starts_at: '2031-01-01T15:00:00.000Z',
      ends_at: '2031-01-04T11:00:00.000Z',
    })
    expect(wakeups).toHaveLength(1)
    await api.ok('/access_codes/update', { access_code_id: accessCodeId, is_external_modification_allowed: true })
    expect(wakeups).toHaveLength(2)
    await api.ok('/access_codes/update', { access_code_id: accessCodeId })
    expect(wakeups).toHaveLength(3)
  })

  it('update_multiple wakes it for a new window of the group, not for a rename alone', async () => {
    const created = await api.ok('/access_codes/create_multiple', { device_ids: [deviceId], name: 'Front and unit' })
    const key = (created.access_codes as { common_code_key: string }[])[0]?.common_code_key ?? ''
    wakeups = []
    await api.ok('/access_codes/update_multiple', { common_code_key: key, name: 'Front and unit, renamed' })
    expect(wakeups).toHaveLength(0)
    await api.ok('/access_codes/update_multiple', {
      common_code_key: key,
      starts_at: '2031-02-01T15:00:00.000Z',
      ends_at: '2031-02-03T11:00:00.000Z',
    })
    expect(wakeups).toHaveLength(1)
  })

  it('a write that asks for a sync wakes it once committed, not before, and once however often it asks', async () => {
    await inTransaction(store.db, async (trx) => {
      await requestSync(trx, [deviceId], systemClock.now())
      await requestSync(trx, [deviceId], systemClock.now())
      expect(wakeups).toHaveLength(0)
    })
    expect(wakeups).toHaveLength(1)
  })

  it('a write that asked for a sync and rolled back does not wake it', async () => {
    const failure = new Error('rolled back')
    await expect(
      inTransaction(store.db, async (trx) => {
        await requestSync(trx, [deviceId], systemClock.now())
        expect(wakeups).toHaveLength(0)
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(wakeups).toHaveLength(0)
  })

  it('refuses a sync requested in a transaction that cannot say when it commits', async () => {
    await expect(
      store.db.transaction().execute((trx) => requestSync(trx, [deviceId], systemClock.now())),
    ).rejects.toThrow(/inTransaction/)
    expect(wakeups).toHaveLength(0)
  })
})
