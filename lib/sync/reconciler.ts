import 'server-only'
import { errorForLog } from '@/lib/db/errors'
import type { Kysely } from 'kysely'
import type { Engine } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import { newId } from '@/lib/ids'
import type { LockProvider } from '@/lib/locks/lock-provider'
import type { LockWorkOutcome } from '@/lib/sync/lock-work'
import { reconcileDevice } from '@/lib/sync/reconcile-device'
import { defaultReconcilerSettings, type ReconcilerSettings } from '@/lib/sync/reconcile-env'
import { reportFailure } from '@/lib/sync/reconciler-observers'
import {
  claimDueDevices,
  finishDevice,
  nextDueTime,
  recordLockWork,
  releaseLeases,
  renewLease,
} from '@/lib/sync/sync-jobs'
import { onSyncRequested } from '@/lib/sync/wakeup'
import type { Clock } from '@/lib/time/clock'

export interface ReconcilerOptions {
  db: Kysely<Database>
  engine: Engine
  clock: Clock
  providerFor(device: DeviceRecord): LockProvider
  settings?: Partial<ReconcilerSettings>
  /**
   * Who holds leases. Stable across restarts of the same instance (so a restart takes its work back at once);
   * different for every process that runs a reconciler at the same time.
   */
  owner?: string
  /** Devices worked on at once (most of the time is spent waiting on locks). */
  concurrency?: number
  leaseMs?: number
  /** Longest sleep between looks at the job table when idle (work written by other processes is seen then). */
  idlePollMs?: number
  /** Where failures go (besides observers: lib/sync/reconciler-observers.ts); stderr by default. */
  log?: (message: string, error?: unknown) => void
  /**
   * Shortest time between two rounds of claiming work, in real milliseconds (0: none). Every write to a lock asks for
   * a pass over it, and a pass reads all the lock's codes: without a spacing a steady stream of writes to a lock of
   * 1,000 codes runs one pass per write, back to back. With it, the writes of a burst are taken in one pass, for at
   * most this much delay to the first code of the burst.
   */
  roundSpacingMs?: number
  /** Real time for the spacing (tests give their own): a reading in ms, and a wait. */
  roundTimer?: RoundTimer
}

export interface RoundTimer {
  now(): number
  wait(ms: number): Promise<void>
}

const realTimer: RoundTimer = {
  now: () => performance.now(),
  wait: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

export interface ReconcilerStats {
  /** Rounds of claiming due work (the run loop's; runOnce does not count). */
  rounds: number
  devicePasses: number
  transitions: number
  failedPasses: number
}

/**
 * Runs due lock-side work: claims devices whose job is due, reconciles each, and files when it is next due.
 * It sleeps until the earliest due time (or a write in this process wakes it), so an idle system costs nothing.
 */
export class Reconciler {
  readonly owner: string
  readonly stats: ReconcilerStats = { rounds: 0, devicePasses: 0, transitions: 0, failedPasses: 0 }
  readonly #options: Required<Omit<ReconcilerOptions, 'settings'>> & { settings: ReconcilerSettings }
  #running = false
  #inFlight = 0
  /** Devices this instance is working on now: never started twice, even if a slow pass outlived its lease. */
  readonly #busy = new Set<string>()
  /** Busy devices that were claimed again meanwhile: run them once more when their pass ends. */
  readonly #rerun = new Set<string>()
  #wake: (() => void) | undefined
  #loop: Promise<void> | undefined
  #unsubscribe: (() => void) | undefined

  constructor(options: ReconcilerOptions) {
    this.owner = options.owner ?? newId()
    this.#options = {
      owner: this.owner,
      concurrency: 1_000,
      leaseMs: 30_000,
      idlePollMs: 1_000,
      roundSpacingMs: 0,
      roundTimer: realTimer,
      log: (message, error) =>
        console.error(`[reconciler] ${message}${error === undefined ? '' : ` ${errorForLog(error)}`}`),
      ...options,
      // A lock call's claim on its codes lasts as long as a device lease unless set otherwise.
      settings: { ...defaultReconcilerSettings, lockOpClaimMs: options.leaseMs ?? 30_000, ...options.settings },
    }
  }

  /** One round: claim what is due now (up to the concurrency limit) and reconcile it. Returns the devices handled. */
  async runOnce(): Promise<number> {
    const { db, engine, clock, concurrency, leaseMs } = this.#options
    const jobs = await claimDueDevices(db, engine, this.owner, clock.now(), concurrency, leaseMs)
    const fresh = jobs.filter((job) => !this.#skipBusy(job.deviceId))
    await Promise.all(fresh.map((job) => this.#process(job.deviceId, job.consecutiveFailures)))
    return fresh.length
  }

  /** Rounds until nothing is due (tests drive time with a manual clock and call this). */
  async runUntilIdle(maxRounds = 100): Promise<void> {
    for (let round = 0; round < maxRounds; round++) {
      if ((await this.runOnce()) === 0) return
    }
    throw new Error(`The reconciler was still busy after ${maxRounds} rounds.`)
  }

  start(): void {
    if (this.#running) return
    this.#running = true
    this.#unsubscribe = onSyncRequested(() => this.#wake?.())
    this.#loop = releaseLeases(this.#options.db, this.owner, this.#options.clock.now())
      .catch((error: unknown) => this.#fail('could not release leases of a previous run', error))
      .then(() => this.#run())
  }

  async stop(): Promise<void> {
    this.#running = false
    this.#unsubscribe?.()
    this.#wake?.()
    await this.#loop
    while (this.#inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 20))
  }

  async #run(): Promise<void> {
    const { db, engine, clock, concurrency, leaseMs, idlePollMs, roundSpacingMs, roundTimer } = this.#options
    let lastRound = Number.NEGATIVE_INFINITY
    while (this.#running) {
      let claimed = 0
      const sinceLastRound = roundTimer.now() - lastRound
      if (sinceLastRound < roundSpacingMs) {
        await roundTimer.wait(roundSpacingMs - sinceLastRound)
        if (!this.#running) break
      }
      lastRound = roundTimer.now()
      this.stats.rounds++
      try {
        const free = concurrency - this.#inFlight
        if (free > 0) {
          const jobs = await claimDueDevices(db, engine, this.owner, clock.now(), free, leaseMs)
          claimed = jobs.length
          for (const job of jobs) {
            if (this.#skipBusy(job.deviceId)) continue
            this.#inFlight++
            void this.#process(job.deviceId, job.consecutiveFailures).finally(() => {
              this.#inFlight--
              this.#wake?.()
            })
          }
        }
        if (claimed > 0) continue
        const next = await nextDueTime(db)
        const wait =
          next === null ? idlePollMs : Math.max(0, Math.min(idlePollMs, next.getTime() - clock.now().getTime()))
        await this.#sleep(this.#inFlight > 0 || wait > 0 ? Math.max(wait, 5) : 5)
      } catch (error) {
        this.#fail('could not claim work; retrying', error)
        await this.#sleep(idlePollMs)
      }
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      function done(): void {
        clearTimeout(timer)
        resolve()
      }
      this.#wake = done
    })
  }

  #skipBusy(deviceId: string): boolean {
    if (!this.#busy.has(deviceId)) return false
    this.#rerun.add(deviceId)
    return true
  }

  async #process(deviceId: string, consecutiveFailures: number): Promise<void> {
    const { db, clock, providerFor, settings, leaseMs } = this.#options
    // A pass normally ends well within its lease; a lock that answers slowly must not let another instance in.
    const heartbeat = setInterval(
      () => {
        void renewLease(db, this.owner, deviceId, new Date(clock.now().getTime() + leaseMs)).catch((error: unknown) =>
          this.#fail('could not renew a lease', error, deviceId),
        )
      },
      Math.max(1_000, Math.floor(leaseMs / 3)),
    )
    heartbeat.unref()
    this.#busy.add(deviceId)
    let lockWork: (() => Promise<LockWorkOutcome>) | undefined
    let failures = consecutiveFailures
    try {
      const outcome = await reconcileDevice(
        { db, clock, providerFor, settings, owner: this.owner },
        deviceId,
        consecutiveFailures,
      )
      this.stats.devicePasses++
      this.stats.transitions += outcome.transitions
      const next = this.#rerun.delete(deviceId) ? clock.now() : outcome.nextDueAt
      await finishDevice(db, this.owner, deviceId, next, outcome.consecutiveFailures, clock.now())
      lockWork = outcome.lockWork
      failures = outcome.consecutiveFailures
    } catch (error) {
      this.stats.failedPasses++
      this.#fail(`pass over device ${deviceId} failed`, error, deviceId)
      const failures = consecutiveFailures + 1
      const retryAt = new Date(
        clock.now().getTime() + Math.min(settings.retryBaseMs * 2 ** (failures - 1), settings.retryMaxMs),
      )
      await finishDevice(db, this.owner, deviceId, retryAt, failures, clock.now()).catch((e: unknown) =>
        this.#fail('could not file retry', e, deviceId),
      )
    } finally {
      clearInterval(heartbeat)
      this.#busy.delete(deviceId)
    }
    // The lease is back: the lock's answer may take seconds, and the device's next pass need not wait for it.
    if (lockWork !== undefined) await this.#runLockWork(deviceId, lockWork, failures)
  }

  async #runLockWork(deviceId: string, lockWork: () => Promise<LockWorkOutcome>, failures: number): Promise<void> {
    const { db, clock, settings } = this.#options
    const retryAt = (): Date =>
      new Date(clock.now().getTime() + Math.min(settings.retryBaseMs * 2 ** failures, settings.retryMaxMs))
    try {
      const outcome = await lockWork()
      this.stats.transitions += outcome.transitions
      await recordLockWork(db, deviceId, {
        failed: outcome.failed,
        again: outcome.changedMeanwhile,
        retryAt: retryAt(),
        now: clock.now(),
      })
    } catch (error) {
      this.stats.failedPasses++
      this.#fail(`lock calls for device ${deviceId} failed`, error, deviceId)
      // The codes stay claimed until their claim runs out; then a pass takes them over.
      await recordLockWork(db, deviceId, {
        failed: true,
        again: false,
        retryAt: new Date(clock.now().getTime() + settings.lockOpClaimMs),
        now: clock.now(),
      }).catch((e: unknown) => this.#fail('could not file retry', e, deviceId))
    }
  }

  #fail(message: string, error: unknown, deviceId?: string): void {
    this.#options.log(message, error)
    reportFailure({ owner: this.owner, message, error, ...(deviceId === undefined ? {} : { deviceId }) })
  }
}
