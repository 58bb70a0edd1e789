import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import { createProviderResolver } from '@/lib/locks/providers'
import { connectSeam, seamConnectionStatus } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

// Issue 14, "a second Latchkey instance acting as Seam": Latchkey speaks Seam's API and has a real lifecycle, so
// workspace A of one instance is connected to workspace B of another (its own store, API server on 127.0.0.1 and
// reconciler, both on one manual clock). A code created in A on a lock of B is programmed by B on its sandbox lock,
// reaches `set` there, and A shows `set`; B's lock offline shows offline in A; B stopped and restarted on the same
// store loses nothing. On the store TEST_STORE names (both instances).

const clock = new ManualClock('2026-03-02T12:00:00.000Z')
const secretKey = crypto.randomBytes(32)

interface Instance {
  store: Store
  reconciler: Reconciler
}

function reconcilerFor(store: Store): Reconciler {
  return new Reconciler({
    db: store.db,
    engine: store.engine,
    clock,
    providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0, secretKey: () => secretKey }),
    log: () => undefined,
  })
}

let a: Instance
let b: Instance
let bServer: TestApiServer
let bPort: number
let bApi: HttpClient
let bApiKey: string
let ctxA: ServiceContext
let bLockId: string
let aLockId: string

const syncA = (c: ServiceContext) => syncSeamLocks(c.db, c.clock, c.workspaceId, secretKey)

/** Both instances do their lock work, as their reconcilers would between two looks (retries a few seconds apart). */
async function bothSettle(): Promise<void> {
  for (let round = 0; round < 4; round++) {
    await a.reconciler.runUntilIdle()
    await b.reconciler.runUntilIdle()
    clock.advance(6_000)
  }
  // The poll's lock sync (or a webhook's) brings B's lock states over.
  await syncA(ctxA)
  await a.reconciler.runUntilIdle()
}

const codeOf = (store: Store, id: string) =>
  store.db.selectFrom('access_codes').selectAll().where('access_code_id', '=', id).executeTakeFirstOrThrow()

async function createInA(code: string, name: string): Promise<string> {
  const created = await createAccessCode(ctxA, { device_id: aLockId, code, name } as never)
  return (created as { access_code: { access_code_id: string } }).access_code.access_code_id
}

/** B's code that A's code is, by the id A keeps of it. */
async function inB(aCodeId: string) {
  const row = await codeOf(a.store, aCodeId)
  if (row.provider_code_id === null) return undefined
  return codeOf(b.store, row.provider_code_id)
}

const startB = async (port?: number) => {
  bServer = await startTestApiServer({ db: b.store.db, clock }, port === undefined ? {} : { port })
  bPort = Number(new URL(bServer.endpoint).port)
  b.reconciler = reconcilerFor(b.store)
}

beforeAll(async () => {
  const storeB = await openTestStore()
  b = { store: storeB, reconciler: reconcilerFor(storeB) }
  await startB()
  const wsB = await createWorkspace(storeB.db, clock, { name: 'The Seam instance', sandboxDevices: 3 })
  bApiKey = wsB.api_key
  bApi = new HttpClient(bServer.endpoint, bApiKey)
  const devices = (await bApi.call('/devices/list')).body.devices as { device_id: string; device_type: string }[]
  const simple = devices.find((d) => /august|schlage|yale/.test(d.device_type)) ?? devices[0]
  if (simple === undefined) throw new Error('B has no locks')
  bLockId = simple.device_id

  const storeA = await openTestStore()
  a = { store: storeA, reconciler: reconcilerFor(storeA) }
  const wsA = await createWorkspace(storeA.db, clock, { name: 'The dashboard instance', sandboxDevices: 0 })
  ctxA = { db: storeA.db, clock, workspaceId: wsA.workspace_id }
})

afterAll(async () => {
  await a?.reconciler.stop()
  await b?.reconciler.stop()
  await bServer?.close()
  await a?.store.close()
  await b?.store.close()
})

describe('a Latchkey workspace backed by another Latchkey instance acting as its Seam', () => {
  test('connecting imports B’s locks into A', async () => {
    const view = await connectSeam(ctxA, { api_key: bApiKey, endpoint: bServer.endpoint }, { secretKey, sync: syncA })
    expect(view).toMatchObject({ status: 'connected', locks_imported: 3, seam_workspace_name: 'The Seam instance' })
    const link = await seamDb(a.store.db)
      .selectFrom('seam_objects')
      .select('latchkey_id')
      .where('seam_id', '=', bLockId)
      .where('object_type', '=', 'device')
      .executeTakeFirstOrThrow()
    aLockId = link.latchkey_id
  })

  test('a code created in A is programmed by B on its sandbox lock, reaches set there, and A shows set', async () => {
    const id = await createInA('4821', 'Cleaner')
    await a.reconciler.runUntilIdle()
    // Handed to B, which has not programmed it yet: A waits.
    expect((await codeOf(a.store, id)).status).toBe('setting')
    await bothSettle()
    const there = await inB(id)
    expect(there).toMatchObject({ status: 'set', code: '4821', name: 'Cleaner', device_id: bLockId })
    expect(await codeOf(a.store, id)).toMatchObject({ status: 'set', errors: '[]', warnings: '[]' })
  })

  test('B’s lock taken offline shows offline in A, and back online again', async () => {
    const off = await bApi.call('/devices/simulate/disconnect', { device_id: bLockId })
    expect(off.status).toBe(200)
    await bothSettle()
    const lock = () =>
      a.store.db.selectFrom('devices').select('online').where('device_id', '=', aLockId).executeTakeFirstOrThrow()
    expect((await lock()).online).toBe(0)
    const id = await createInA('5932', 'Guest')
    await bothSettle()
    const waiting = await codeOf(a.store, id)
    expect(waiting.status).toBe('setting')
    expect(JSON.parse(waiting.errors).map((e: { error_code: string }) => e.error_code)).toContain('device_offline')

    expect((await bApi.call('/devices/simulate/connect', { device_id: bLockId })).status).toBe(200)
    await bothSettle()
    expect((await lock()).online).toBe(1)
    expect(await codeOf(a.store, id)).toMatchObject({ status: 'set', errors: '[]' })
  })

  test('B stopped: A’s new code waits (Seam unreachable, nothing lost); B restarted on its store: all of it is there', async () => {
    const before = await b.store.db.selectFrom('access_codes').select(['access_code_id', 'status']).execute()
    await b.reconciler.stop()
    await bServer.close()

    const id = await createInA('7351', 'Owner')
    await a.reconciler.runUntilIdle()
    const waiting = await codeOf(a.store, id)
    expect(waiting.status).toBe('setting')
    expect(JSON.parse(waiting.warnings).map((w: { warning_code: string }) => w.warning_code)).toEqual([
      'delay_in_setting_on_device',
    ])
    expect((await seamConnectionStatus(ctxA))?.status).toBe('unreachable')

    await startB(bPort)
    clock.advance(10 * 60_000)
    await bothSettle()
    await bothSettle()
    // What B held before it stopped is all there, and A's waiting code went through.
    const after = await b.store.db.selectFrom('access_codes').select(['access_code_id', 'status']).execute()
    for (const code of before) expect(after).toContainEqual(code)
    expect(await inB(id)).toMatchObject({ status: 'set', code: '7351' })
    expect(await codeOf(a.store, id)).toMatchObject({ status: 'set', warnings: '[]' })
    expect((await seamConnectionStatus(ctxA))?.status).toBe('connected')
  })
})
