import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { KeypadRead, LockProvider, ProgramRequest, ProgramResult, RemoveResult } from '@/lib/locks/lock-provider'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore, testEngine } from '@/tests/support/test-store'

/*
 * Several reconcilers (as several `npm run worker` processes would run them) on one PostgreSQL store: each device is
 * handled by one of them at a time (FOR UPDATE SKIP LOCKED leases), every code reaches the keypad once, and the work
 * is shared. Every lock operation goes through a recorder that notices two instances working on one lock at once.
 */

const DEVICES = 40
const INSTANCES = 3
const SKIP_REASON =
  'PostgreSQL only — SQLite has a single writer and no FOR UPDATE SKIP LOCKED; run with TEST_STORE=postgres'

type CallKind = 'read' | 'program' | 'remove'

interface LockCall {
  seq: number
  owner: string
  deviceId: string
  kind: CallKind
  start: number
  end: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Wraps the providers each instance uses and records who talks to which lock, when. */
class LockRecorder {
  readonly calls: LockCall[] = []
  readonly overlaps: string[] = []
  readonly #busy = new Map<string, string[]>()
  #seq = 0

  wrap(owner: string, resolve: (device: DeviceRecord) => LockProvider): (device: DeviceRecord) => LockProvider {
    return (device) => {
      const inner = resolve(device)
      return {
        readKeypad: (d: DeviceRecord): Promise<KeypadRead> => this.#track(owner, d, 'read', () => inner.readKeypad(d)),
        programCodes: (d: DeviceRecord, requests: readonly ProgramRequest[]): Promise<ProgramResult[]> =>
          this.#track(owner, d, 'program', () => inner.programCodes(d, requests)),
        removeCodes: (d: DeviceRecord, ids: readonly string[]): Promise<RemoveResult[]> =>
          this.#track(owner, d, 'remove', () => inner.removeCodes(d, ids)),
        nativeSchedulingLeadMs: (d: DeviceRecord): number => inner.nativeSchedulingLeadMs(d),
        offlineCodeIssues: (d: DeviceRecord) => inner.offlineCodeIssues(d),
      }
    }
  }

  async #track<T>(owner: string, device: DeviceRecord, kind: CallKind, op: () => Promise<T>): Promise<T> {
    const seq = this.#seq++
    const busy = this.#busy.get(device.deviceId) ?? []
    if (busy.length > 0)
      this.overlaps.push(`${kind} by ${owner} on ${device.deviceId} while ${busy.join(', ')} was at it`)
    busy.push(owner)
    this.#busy.set(device.deviceId, busy)
    const start = performance.now()
    try {
      // A few ms on the wire each way, so that two passes over one lock would overlap in time.
      await sleep(2 + (seq % 4))
      const result = await op()
      await sleep(2)
      return result
    } finally {
      busy.splice(busy.indexOf(owner), 1)
      this.calls.push({ seq, owner, deviceId: device.deviceId, kind, start, end: performance.now() })
    }
  }

  /**
   * Pass-level check, per lock: calls never overlap in time, and every program/remove follows a call of the same
   * instance (a pass reads the keypad first, then works on it; nobody else's pass may start in between).
   */
  interleavings(): string[] {
    const problems: string[] = []
    const byDevice = new Map<string, LockCall[]>()
    for (const call of this.calls) byDevice.set(call.deviceId, [...(byDevice.get(call.deviceId) ?? []), call])
    for (const [deviceId, calls] of byDevice) {
      calls.sort((a, b) => a.seq - b.seq)
      for (let i = 1; i < calls.length; i++) {
        const before = calls[i - 1]
        const call = calls[i]
        if (before === undefined || call === undefined) continue
        if (call.start < before.end)
          problems.push(
            `${deviceId}: ${call.kind} by ${call.owner} began before ${before.kind} by ${before.owner} ended`,
          )
        if (call.kind !== 'read' && call.owner !== before.owner) {
          problems.push(`${deviceId}: ${call.kind} by ${call.owner} right after ${before.kind} by ${before.owner}`)
        }
      }
    }
    return problems
  }

  /** Passes (keypad reads) per instance, and the devices each instance handled. */
  byOwner(): Map<string, { passes: number; devices: Set<string> }> {
    const owners = new Map<string, { passes: number; devices: Set<string> }>()
    for (const call of this.calls) {
      const entry = owners.get(call.owner) ?? { passes: 0, devices: new Set<string>() }
      if (call.kind === 'read') entry.passes++
      entry.devices.add(call.deviceId)
      owners.set(call.owner, entry)
    }
    return owners
  }

  reset(): void {
    this.calls.length = 0
    this.overlaps.length = 0
  }
}

describe.skipIf(testEngine !== 'postgres')(`several reconcilers on one store (${SKIP_REASON})`, () => {
  let store: Store
  let ctx: ServiceContext
  let deviceIds: string[]
  const recorder = new LockRecorder()
  const logged: string[] = []
  let reconcilers: Reconciler[] = []

  beforeAll(async () => {
    store = await openTestStore()
    const workspace = await createWorkspace(store.db, systemClock, { name: 'Fleet', sandboxDevices: DEVICES })
    deviceIds = workspace.device_ids
    ctx = { db: store.db, clock: systemClock, workspaceId: workspace.workspace_id }
    reconcilers = Array.from({ length: INSTANCES }, (_, i) => {
      const owner = `instance-${i + 1}`
      return new Reconciler({
        owner,
        db: store.db,
        engine: store.engine,
        clock: systemClock,
        // Sandbox latency scaled down (August: 1.5 s → 15 ms per operation), plus the recorder's few ms.
        providerFor: recorder.wrap(
          owner,
          createProviderResolver({ db: store.db, clock: systemClock, sandboxLatencyScale: 0.01 }),
        ),
        // Few devices at a time each, so that no single instance claims the whole fleet in one round.
        concurrency: 4,
        idlePollMs: 100,
        log: (message, error) =>
          logged.push(`${owner}: ${message} ${error instanceof Error ? error.message : String(error ?? '')}`),
      })
    })
  })

  afterAll(async () => {
    for (const reconciler of reconcilers) await reconciler.stop()
    await store.close()
  })

  interface LiveCode {
    access_code_id: string
    device_id: string
    code: string
    status: string
    errors: string
    provider_code_id: string | null
  }

  const liveCodes = (): Promise<LiveCode[]> =>
    store.db
      .selectFrom('access_codes')
      .select(['access_code_id', 'device_id', 'code', 'status', 'errors', 'provider_code_id'])
      .where('workspace_id', '=', ctx.workspaceId)
      .where('is_managed', '=', 1)
      .where('deleted_at', 'is', null)
      .execute()

  async function waitUntilAllSet(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      // Two instances on one lock: fail at once with what happened instead of waiting for the fallout.
      expect(recorder.overlaps).toEqual([])
      const codes = await liveCodes()
      if (codes.every((c) => c.status === 'set')) return
      if (Date.now() > deadline) {
        throw new Error(
          `Not all codes set after ${timeoutMs} ms: ${JSON.stringify(codes.filter((c) => c.status !== 'set'))}\n${logged.join('\n')}`,
        )
      }
      await sleep(100)
    }
  }

  /** Each live code on its keypad exactly once under the recorded id; nothing else on any keypad. */
  async function expectKeypadsMatch(): Promise<void> {
    const codes = await liveCodes()
    for (const code of codes) {
      expect(code.status).toBe('set')
      expect(JSON.parse(code.errors)).toEqual([])
    }
    const keypad = await store.db
      .selectFrom('sandbox_keypad_codes')
      .select(['keypad_code_id', 'device_id', 'code'])
      .where('device_id', 'in', deviceIds)
      .execute()
    const key = (deviceId: string, pin: string): string => `${deviceId}/${pin}`
    expect(keypad.map((k) => key(k.device_id, k.code)).sort()).toEqual(
      codes.map((c) => key(c.device_id, c.code)).sort(),
    )
    expect(new Set(keypad.map((k) => k.keypad_code_id))).toEqual(new Set(codes.map((c) => c.provider_code_id)))
    const unmanaged = await store.db
      .selectFrom('access_codes')
      .select('access_code_id')
      .where('workspace_id', '=', ctx.workspaceId)
      .where('is_managed', '=', 0)
      .execute()
    expect(unmanaged).toEqual([])
    // No lease is left behind, and every write that asked for a pass got one.
    const jobs = await store.db
      .selectFrom('sync_jobs')
      .select(['device_id', 'lease_owner', 'request_seq', 'claimed_seq'])
      .where('device_id', 'in', deviceIds)
      .execute()
    expect(jobs).toHaveLength(DEVICES)
    for (const job of jobs) {
      expect(job.lease_owner).toBeNull()
      expect(Number(job.claimed_seq)).toBe(Number(job.request_seq))
    }
  }

  function expectOneInstancePerLockAtATime(): void {
    expect(recorder.overlaps).toEqual([])
    expect(recorder.interleavings()).toEqual([])
  }

  function expectSharedWork(devices: readonly string[]): Map<string, { passes: number; devices: Set<string> }> {
    const owners = recorder.byOwner()
    const handled = new Set([...owners.values()].flatMap((o) => [...o.devices]))
    for (const deviceId of devices) expect(handled.has(deviceId), `device ${deviceId} handled`).toBe(true)
    expect(owners.size).toBeGreaterThan(1)
    return owners
  }

  const summary = (owners: Map<string, { passes: number; devices: Set<string> }>): string =>
    [...owners.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([owner, o]) => `${owner}: ${o.passes} passes over ${o.devices.size} devices`)
      .join('; ')

  it(
    'running loops (start) share the fleet, one instance per lock at a time, while codes keep arriving',
    { timeout: 90_000 },
    async () => {
      // A first wave before the instances start, a second while they run (writes during passes ask for another pass).
      for (const deviceId of deviceIds) await createAccessCode(ctx, { device_id: deviceId, name: 'Owner' })
      const started = performance.now()
      for (const reconciler of reconcilers) reconciler.start()
      for (const [i, deviceId] of deviceIds.entries()) {
        await createAccessCode(ctx, { device_id: deviceId, name: 'Guest' })
        if (i % 10 === 9) await sleep(20)
      }
      await waitUntilAllSet(60_000)
      const elapsed = Math.round(performance.now() - started)
      for (const reconciler of reconcilers) await reconciler.stop()

      expect(await liveCodes()).toHaveLength(2 * DEVICES)
      await expectKeypadsMatch()
      expectOneInstancePerLockAtATime()
      const owners = expectSharedWork(deviceIds)
      expect(logged).toEqual([])
      for (const reconciler of reconcilers) expect(reconciler.stats.failedPasses).toBe(0)
      console.info(`[multi-instance] start(): ${2 * DEVICES} codes set in ${elapsed} ms — ${summary(owners)}`)
    },
  )

  it(
    'parallel runOnce rounds claim disjoint devices: removals and new codes, each lock handled by one instance',
    { timeout: 90_000 },
    async () => {
      recorder.reset()
      // Delete every other code and add a new one to every lock: removal and programming work.
      const guests = (await liveCodes()).filter((_, i) => i % 2 === 0)
      for (const code of guests) await deleteAccessCode(ctx, { access_code_id: code.access_code_id })
      for (const deviceId of deviceIds) await createAccessCode(ctx, { device_id: deviceId, name: 'Cleaner' })

      const started = performance.now()
      let rounds = 0
      for (;;) {
        const claimed = await Promise.all(reconcilers.map((r) => r.runOnce()))
        rounds++
        if (claimed.every((n) => n === 0)) break
        if (rounds > 200) throw new Error(`Still busy after ${rounds} rounds`)
      }
      const elapsed = Math.round(performance.now() - started)

      expect(await liveCodes()).toHaveLength(3 * DEVICES - guests.length)
      await expectKeypadsMatch()
      const deleted = await store.db
        .selectFrom('access_codes')
        .select(['status'])
        .where(
          'access_code_id',
          'in',
          guests.map((g) => g.access_code_id),
        )
        .execute()
      expect(deleted.map((d) => d.status)).toEqual(guests.map(() => 'deleted'))
      expectOneInstancePerLockAtATime()
      const owners = expectSharedWork(deviceIds)
      expect(logged).toEqual([])
      console.info(`[multi-instance] runOnce: ${rounds} rounds in ${elapsed} ms — ${summary(owners)}`)
    },
  )
})
