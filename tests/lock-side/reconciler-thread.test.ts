import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import { openStore, type Store, type StoreConfig } from '@/lib/db/connection'
import { startReconcilerThread, type WorkerFactory } from '@/lib/sync/reconciler-thread'
import { wakeReconcilersHere } from '@/lib/sync/wakeup'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { createTestSchema, testDatabaseUrl, testEngine } from '@/tests/support/test-store'

/*
 * The web server's reconciler thread (lib/sync/reconciler-thread.ts), with a real worker thread running the real
 * reconciler-worker.ts on its own connection to the store: writes on this thread wake it, it programs the sandbox
 * locks, a thread that dies is started again, and stop ends it. The built server loads the bundled worker; here the
 * TypeScript source is loaded through tsx.
 */

const WORKER_SOURCE = path.resolve(__dirname, '../../lib/sync/reconciler-worker.ts')
// tsx's require hook, registered in the thread before it loads the source (a worker does not take --import tsx).
const sourceWorker: WorkerFactory = (workerData) =>
  new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER_SOURCE)})`, {
    eval: true,
    workerData,
    execArgv: ['--conditions=react-server'],
  })

let config: StoreConfig
let store: Store
let ctx: ServiceContext
let deviceId: string
let dropStore: () => Promise<void>

beforeAll(async () => {
  if (testEngine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-thread-'))
    config = { engine: 'sqlite', file: path.join(dir, 'test.sqlite') }
    dropStore = async () => fs.rmSync(dir, { recursive: true, force: true })
  } else {
    const { schema, drop } = await createTestSchema('t_thread')
    config = { engine: 'postgres', url: testDatabaseUrl, schema }
    dropStore = drop
  }
  store = await openStore(config)
  const created = await createWorkspace(store.db, systemClock, { name: 'Thread', sandboxDevices: 1 })
  ctx = { db: store.db, clock: systemClock, workspaceId: created.workspace_id }
  deviceId = created.device_ids[0] ?? ''
  // Keypad operations without the sandbox's simulated latency; read by the thread's settings when it starts.
  process.env.SANDBOX_LATENCY_SCALE = '0'
})

afterAll(async () => {
  delete process.env.SANDBOX_LATENCY_SCALE
  await store.close()
  await dropStore()
})

const statusOf = async (accessCodeId: string): Promise<string | undefined> =>
  (
    await store.db
      .selectFrom('access_codes')
      .select('status')
      .where('access_code_id', '=', accessCodeId)
      .executeTakeFirst()
  )?.status

/** Polls the store (bounded) until the code reaches `status`; the reconciler on the other thread moves it. */
async function settles(accessCodeId: string, status: string): Promise<string | undefined> {
  let seen: string | undefined
  for (let i = 0; i < 300; i++) {
    seen = await statusOf(accessCodeId)
    if (seen === status) break
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return seen
}

describe(`the reconciler thread of the web server (${testEngine})`, () => {
  it('is woken by a committed write on this thread, once per burst, and programs the lock', async () => {
    const thread = startReconcilerThread(config, sourceWorker)
    try {
      const { access_code } = await createAccessCode(ctx, { device_id: deviceId, name: 'Guest' })
      await new Promise((resolve) => setImmediate(resolve))
      expect(thread.stats.wakesSent).toBe(1)
      expect(await settles(access_code.access_code_id, 'set')).toBe('set')

      // Three commits in one turn of the event loop: one message.
      const before = thread.stats.wakesSent
      wakeReconcilersHere()
      wakeReconcilersHere()
      wakeReconcilersHere()
      await new Promise((resolve) => setImmediate(resolve))
      expect(thread.stats.wakesSent - before).toBe(1)
    } finally {
      await thread.stop()
    }
  })

  it('is started again when it dies, and no work is lost', { timeout: 30_000 }, async () => {
    let started = 0
    let first: Worker | undefined
    const thread = startReconcilerThread(config, (workerData) => {
      started++
      const worker = sourceWorker(workerData)
      first ??= worker
      return worker
    })
    try {
      await first?.terminate()
      const { access_code } = await createAccessCode(ctx, { device_id: deviceId, name: 'After a crash' })
      expect(await settles(access_code.access_code_id, 'set')).toBe('set')
      expect(started).toBe(2)
      expect(thread.stats.restarts).toBe(1)
    } finally {
      await thread.stop()
    }
  })

  it('stops: the thread ends, and writes after that send nothing', async () => {
    let worker: Worker | undefined
    const thread = startReconcilerThread(config, (workerData) => (worker = sourceWorker(workerData)))
    await thread.stop()
    expect(worker?.threadId).toBe(-1)
    const sent = thread.stats.wakesSent
    await createAccessCode(ctx, { device_id: deviceId, name: 'After the stop' })
    await new Promise((resolve) => setImmediate(resolve))
    expect(thread.stats.wakesSent).toBe(sent)
  })
})
