import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { createProviderResolver } from '@/lib/locks/providers'
import { connectSeam } from '@/lib/seam/connections'
import { pollCadenceMs, pollSeamOnce, pollTickMs } from '@/lib/seam/poll'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { openTestStore } from '@/tests/support/test-store'

// The Seam poll without webhooks (SEAM_SYNC_INTERVAL_MS): a change in Seam is read, and shown, within one interval —
// on the manual clock, against @seamapi/fake-seam-connect on 127.0.0.1, on the store TEST_STORE names.

const INTERVAL_MS = 60_000
let store: Store
let seam: FakeSeam
const clock = new ManualClock('2026-03-02T12:00:00.000Z')
const secretKey = crypto.randomBytes(32)
let ctx: ServiceContext
let reconciler: Reconciler
let seamDeviceId: string

const poll = async () => {
  await pollSeamOnce(store.db, clock, secretKey, INTERVAL_MS)
  await reconciler.runUntilIdle()
}

const status = async (id: string) =>
  (
    await store.db
      .selectFrom('access_codes')
      .select('status')
      .where('access_code_id', '=', id)
      .executeTakeFirstOrThrow()
  ).status

beforeAll(async () => {
  store = await openTestStore()
  seam = await startFakeSeam()
  seamDeviceId = seam.fake.database.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'august_lock',
    name: 'Side door',
    display_name: 'Side door',
    can_program_online_access_codes: true,
    properties: { online: true } as never,
  }).device_id
  const workspace = await createWorkspace(store.db, clock, { name: 'Seam poll', sandboxDevices: 0 })
  ctx = { db: store.db, clock, workspaceId: workspace.workspace_id }
  reconciler = new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0, secretKey: () => secretKey }),
    log: () => undefined,
  })
  await connectSeam(
    ctx,
    { api_key: seam.apiKey, endpoint: seam.endpoint },
    { secretKey, sync: (c) => syncSeamLocks(c.db, c.clock, c.workspaceId, secretKey) },
  )
})

afterAll(async () => {
  await seam?.close()
  await store?.close()
})

describe('the Seam poll', () => {
  test('reads Seam early enough that the read and the pass fit in the interval, checking what is due often', () => {
    expect(pollCadenceMs(5_000)).toBe(4_000)
    expect(pollCadenceMs(INTERVAL_MS)).toBe(48_000)
    expect(pollTickMs(5_000)).toBe(250)
    expect(pollTickMs(INTERVAL_MS)).toBe(1_000)
  })

  test('a code Seam reports set right after a poll shows set at the next, within one interval', async () => {
    const link = await seamDb(store.db)
      .selectFrom('seam_objects')
      .select('latchkey_id')
      .where('seam_id', '=', seamDeviceId)
      .executeTakeFirstOrThrow()
    const created = await createAccessCode(ctx, { device_id: link.latchkey_id, code: '4739', name: 'Guest' } as never)
    const id = (created as { access_code: { access_code_id: string } }).access_code.access_code_id
    await reconciler.runUntilIdle()
    expect(await status(id)).toBe('setting')

    // A poll now: the next is due one cadence later.
    await poll()
    const seamCode = seam.fake.database.access_codes.find((c) => c.device_id === seamDeviceId)
    if (seamCode === undefined) throw new Error('the code did not reach Seam')
    seam.fake.database.updateAccessCode({ access_code_id: seamCode.access_code_id, status: 'set' })
    const changedAt = clock.now().getTime()

    // Not due a second before the cadence: Seam is not asked. (The reconciler's own retries of the waiting code
    // may see the change first; the poll is what bounds the lag.)
    const lockReads = () => seam.requests.filter((r) => r.path === '/devices/list').length
    const before = lockReads()
    clock.advance(pollCadenceMs(INTERVAL_MS) - 1_000)
    await pollSeamOnce(store.db, clock, secretKey, INTERVAL_MS)
    expect(lockReads()).toBe(before)

    clock.advance(1_000)
    await poll()
    expect(lockReads()).toBe(before + 1)
    expect(await status(id)).toBe('set')
    expect(clock.now().getTime() - changedAt).toBeLessThan(INTERVAL_MS)
  })
})
