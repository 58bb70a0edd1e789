import 'server-only'

// What a reconcile pass runs with: the store, the clock, the lock providers and the reconciler's settings.
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockProvider } from '@/lib/locks/lock-provider'
import type { Clock } from '@/lib/time/clock'

export interface ReconcilerSettings {
  /** After this long without reaching the lock, a code gets a delay warning (and its event). */
  delayWarningAfterMs: number
  /** Consecutive failed attempts before `failed_to_set_on_device` / `failed_to_remove_from_device`. */
  failuresBeforeError: number
  retryBaseMs: number
  retryMaxMs: number
  /** How often a keypad holding codes is read again to notice changes made outside Latchkey. */
  keypadPollMs: number
  /** How long a code stays claimed by a lock operation in flight before another pass may take it over. */
  lockOpClaimMs: number
}

export const defaultReconcilerSettings: ReconcilerSettings = {
  delayWarningAfterMs: 5 * 60_000,
  failuresBeforeError: 3,
  retryBaseMs: 5_000,
  retryMaxMs: 5 * 60_000,
  keypadPollMs: 15 * 60_000,
  lockOpClaimMs: 60_000,
}

export interface ReconcileEnv {
  db: Kysely<Database>
  clock: Clock
  providerFor(device: DeviceRecord): LockProvider
  settings: ReconcilerSettings
  /** The reconciler instance: its name starts every lock-operation claim, so a restart can take its own back. */
  owner?: string
}
