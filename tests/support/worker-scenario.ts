// The worker-restart test's scenarios: a store the real `npm run worker` processes share, the workers themselves (in
// process groups of their own, killed after each test), and what the test reads back from the store.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, expect } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import type { ServiceContext } from '@/lib/context'
import { openStore, type Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { testDatabaseUrl, testEngine } from '@/tests/support/test-store'

const ROOT = path.resolve(import.meta.dirname, '..', '..')
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx')
export const POLL_MS = 200
export const SECOND = 1_000
/** The takeover variant shortens the 30 s default lease (RECONCILER_LEASE_MS); still well above a pass (≤ ~7 s). */
export const SHORT_LEASE_MS = 8_000

// Device order of createWorkspace follows lib/locks/sandbox-profiles.ts.
const AUGUST = 0 // native scheduling, 1.5 s latency
const SMARTTHINGS = 2 // no native scheduling, 3 s latency
const LOCKLY = 7 // no native scheduling, 6–8 digit PINs

export interface Scenario {
  store: Store
  ctx: ServiceContext
  deviceIds: string[]
  /** Environment that points a worker at this scenario's store. */
  workerEnv: Record<string, string>
  timeBoundStartsAt: number
  close(): Promise<void>
}

export interface Worker {
  child: ChildProcess
  output: string[]
  exited: Promise<void>
}

const workers = new Set<Worker>()
const scenarios = new Set<Scenario>()

// Workers run in process groups of their own: if this test process ends abruptly, take them with it.
process.once('exit', () => {
  for (const worker of workers) {
    try {
      if (worker.child.pid !== undefined) process.kill(-worker.child.pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` every 200 ms until it returns a value, or fails after `timeoutMs` with the last state seen. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  describeState?: () => Promise<unknown>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    if (Date.now() > deadline) {
      const state = describeState === undefined ? '' : `\n${JSON.stringify(await describeState(), null, 2)}`
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.${state}`)
    }
    await sleep(POLL_MS)
  }
}

export async function openScenario(): Promise<Scenario> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-restart-'))
  let store: Store
  let workerEnv: Record<string, string>
  let dropDatabase = async (): Promise<void> => undefined
  if (testEngine === 'postgres') {
    const database = `latchkey_restart_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    const admin = new pg.Client({ connectionString: testDatabaseUrl })
    await admin.connect()
    await admin.query(`create database "${database}"`)
    await admin.end()
    const url = new URL(testDatabaseUrl)
    url.pathname = `/${database}`
    store = await openStore({ engine: 'postgres', url: url.toString() })
    workerEnv = { DATA_DIR: dataDir, DATABASE_URL: url.toString() }
    dropDatabase = async () => {
      const dropper = new pg.Client({ connectionString: testDatabaseUrl })
      await dropper.connect()
      await dropper.query(`drop database if exists "${database}" with (force)`)
      await dropper.end()
    }
  } else {
    store = await openStore({ engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') })
    workerEnv = { DATA_DIR: dataDir, DATABASE_URL: '' }
  }

  const workspace = await createWorkspace(store.db, systemClock, { name: 'Restart', sandboxDevices: 8 })
  const ctx: ServiceContext = { db: store.db, clock: systemClock, workspaceId: workspace.workspace_id }
  const device = (index: number): string => workspace.device_ids[index] ?? ''
  // Ongoing codes on every lock (PINs chosen by the service to fit each brand), a second one on two of them, and
  // time-bound codes whose window opens a few seconds from now: on a lock without native scheduling (programmed when
  // the window opens) and on one with it (scheduled on the lock at once, `set` when the window opens).
  for (const deviceId of workspace.device_ids) await createAccessCode(ctx, { device_id: deviceId, name: 'Owner' })
  await createAccessCode(ctx, { device_id: device(SMARTTHINGS), name: 'Cleaner' })
  await createAccessCode(ctx, { device_id: device(LOCKLY), name: 'Cleaner' })
  const timeBoundStartsAt = Date.now() + 8 * SECOND
  const window = {
    starts_at: new Date(timeBoundStartsAt).toISOString(),
    ends_at: new Date(timeBoundStartsAt + 3_600_000).toISOString(),
  }
  await createAccessCode(ctx, { device_id: device(SMARTTHINGS), name: 'Guest', ...window })
  await createAccessCode(ctx, { device_id: device(AUGUST), name: 'Guest', ...window })

  const scenario: Scenario = {
    store,
    ctx,
    deviceIds: workspace.device_ids,
    workerEnv,
    timeBoundStartsAt,
    async close() {
      scenarios.delete(scenario)
      await store.close()
      await dropDatabase()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  scenarios.add(scenario)
  return scenario
}

/** `npm run worker` as a process group of its own (tsx runs the script in a child node process). */
export function startWorker(scenario: Scenario, instanceId: string, extraEnv: Record<string, string> = {}): Worker {
  const child = spawn(TSX, ['--conditions=react-server', 'scripts/worker.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...scenario.workerEnv,
      INSTANCE_ID: instanceId,
      SANDBOX_LATENCY_SCALE: '1',
      RECONCILER: 'on',
      ...extraEnv,
    },
  })
  const output: string[] = []
  child.stdout?.on('data', (chunk: Buffer) => output.push(`[${instanceId} out] ${chunk.toString()}`))
  child.stderr?.on('data', (chunk: Buffer) => output.push(`[${instanceId} err] ${chunk.toString()}`))
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  const worker: Worker = { child, output, exited }
  workers.add(worker)
  return worker
}

/** Processes of a process group that are still alive (not zombies), read from /proc. */
export function liveProcessesInGroup(pgid: number): number[] {
  const live: number[] = []
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue
    }
    // pid (comm) state ppid pgrp ... — comm may contain spaces, so split after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') live.push(Number(entry))
  }
  return live
}

/** SIGKILL to the worker's whole process group: no shutdown code runs, as when the machine loses power. */
export async function killWorker(worker: Worker): Promise<void> {
  const pgid = worker.child.pid
  if (pgid === undefined) return
  try {
    process.kill(-pgid, 'SIGKILL')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
  await worker.exited
  workers.delete(worker)
  const deadline = Date.now() + 5 * SECOND
  while (liveProcessesInGroup(pgid).length > 0 && Date.now() < deadline) await sleep(50)
}

export interface CodeRow {
  access_code_id: string
  device_id: string
  code: string
  status: string
  errors: string
  pending_since: string | null
  provider_code_id: string | null
  updated_at: string
  lock_op_token: string | null
  lock_op_expires_at: string | null
}

export async function managedCodes(scenario: Scenario): Promise<CodeRow[]> {
  return scenario.store.db
    .selectFrom('access_codes')
    .select([
      'access_code_id',
      'device_id',
      'code',
      'status',
      'errors',
      'pending_since',
      'provider_code_id',
      'updated_at',
      'lock_op_token',
      'lock_op_expires_at',
    ])
    .where('workspace_id', '=', scenario.ctx.workspaceId)
    .where('is_managed', '=', 1)
    .where('deleted_at', 'is', null)
    .execute()
}

async function unmanagedCount(scenario: Scenario): Promise<number> {
  const rows = await scenario.store.db
    .selectFrom('access_codes')
    .select('access_code_id')
    .where('workspace_id', '=', scenario.ctx.workspaceId)
    .where('is_managed', '=', 0)
    .execute()
  return rows.length
}

async function keypadEntries(
  scenario: Scenario,
): Promise<{ keypad_code_id: string; device_id: string; code: string }[]> {
  return scenario.store.db
    .selectFrom('sandbox_keypad_codes')
    .select(['keypad_code_id', 'device_id', 'code'])
    .where('device_id', 'in', scenario.deviceIds)
    .execute()
}

export async function syncJobs(
  scenario: Scenario,
): Promise<
  { device_id: string; due_at: string | null; lease_owner: string | null; lease_expires_at: string | null }[]
> {
  return scenario.store.db
    .selectFrom('sync_jobs')
    .select(['device_id', 'due_at', 'lease_owner', 'lease_expires_at'])
    .where('device_id', 'in', scenario.deviceIds)
    .execute()
}

export async function stateOf(scenario: Scenario, worker?: Worker): Promise<unknown> {
  return {
    codes: (await managedCodes(scenario)).map((c) => ({
      device: c.device_id,
      code: c.code,
      status: c.status,
      errors: c.errors,
    })),
    keypad: await keypadEntries(scenario),
    jobs: await syncJobs(scenario),
    output: worker?.output.join('').slice(-4_000),
  }
}

/**
 * Waits until the first worker is mid-run: some code is already `set` and some code is in `setting` with a keypad
 * operation of that worker in flight (its claim on the code is written just before the call to the lock).
 */
export async function waitForWorkInFlight(scenario: Scenario, worker: Worker, owner: string): Promise<void> {
  await waitFor(
    'a worker in the middle of a run',
    40 * SECOND,
    async () => {
      const codes = await managedCodes(scenario)
      const someSet = codes.some((c) => c.status === 'set')
      const inFlight = codes.some((c) => c.status === 'setting' && claimedBy(c, owner))
      return someSet && inFlight ? true : undefined
    },
    () => stateOf(scenario, worker),
  )
}

export const claimedBy = (code: CodeRow, owner: string): boolean =>
  code.lock_op_token !== null && code.lock_op_token.startsWith(`${owner}#`)

/** What the kill left behind: codes whose keypad operation the dead worker had in flight, and all of it on record. */
export async function expectPendingWork(
  scenario: Scenario,
  owner: string,
): Promise<{ inFlightDevices: Set<string>; heldCodeIds: Set<string>; leaseExpiresAt: number }> {
  const codes = await managedCodes(scenario)
  const jobs = await syncJobs(scenario)
  const notSet = codes.filter((c) => c.status !== 'set')
  expect(notSet.length).toBeGreaterThan(0)
  const inFlight = codes.filter((c) => c.status === 'setting' && claimedBy(c, owner))
  expect(inFlight.length).toBeGreaterThan(0)
  // Every device with unfinished codes has its pending work on record: a due job, a lease, or a claimed code.
  for (const code of notSet) {
    const job = jobs.find((j) => j.device_id === code.device_id)
    expect(job, `job of device ${code.device_id}`).toBeDefined()
    expect(
      job?.due_at !== null || job.lease_owner !== null || code.lock_op_token !== null,
      `pending work of device ${code.device_id}`,
    ).toBe(true)
  }
  const leaseExpiresAt = Math.max(
    ...inFlight.map((c) => (c.lock_op_expires_at === null ? 0 : new Date(c.lock_op_expires_at).getTime())),
  )
  return {
    inFlightDevices: new Set(inFlight.map((c) => c.device_id)),
    heldCodeIds: new Set(inFlight.map((c) => c.access_code_id)),
    leaseExpiresAt,
  }
}

/** Every code `set`, without errors; each PIN on its keypad exactly once, under the id Latchkey recorded; nothing else. */
export async function everythingOnTheKeypads(scenario: Scenario): Promise<true | undefined> {
  const codes = await managedCodes(scenario)
  if (codes.some((c) => c.status !== 'set')) return undefined
  const keypad = await keypadEntries(scenario)
  if (keypad.length !== codes.length) return undefined
  for (const code of codes) {
    const entries = keypad.filter((k) => k.device_id === code.device_id && k.code === code.code)
    if (entries.length !== 1 || entries[0]?.keypad_code_id !== code.provider_code_id) return undefined
  }
  return true
}

export async function expectCleanFinish(scenario: Scenario, worker: Worker): Promise<void> {
  const codes = await managedCodes(scenario)
  expect(codes).toHaveLength(scenario.deviceIds.length + 4)
  for (const code of codes) {
    expect(code.status).toBe('set')
    expect(JSON.parse(code.errors)).toEqual([])
    expect(code.pending_since).toBeNull()
  }
  const keypad = await keypadEntries(scenario)
  const key = (deviceId: string, pin: string): string => `${deviceId}/${pin}`
  expect(keypad.map((k) => key(k.device_id, k.code)).sort()).toEqual(codes.map((c) => key(c.device_id, c.code)).sort())
  expect(new Set(keypad.map((k) => k.keypad_code_id))).toEqual(new Set(codes.map((c) => c.provider_code_id)))
  // No keypad entry was mistaken for a code made outside Latchkey (what an orphan from the kill would turn into).
  expect(await unmanagedCount(scenario)).toBe(0)
  expect(worker.output.join('')).not.toContain('[reconciler]')
}

afterEach(async () => {
  for (const worker of [...workers]) await killWorker(worker)
  for (const scenario of [...scenarios]) await scenario.close()
})
afterAll(async () => {
  for (const worker of [...workers]) await killWorker(worker)
})
