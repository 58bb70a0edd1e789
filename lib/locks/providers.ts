import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockProvider } from '@/lib/locks/lock-provider'
import { SandboxLockProvider } from '@/lib/locks/sandbox-lock'
import type { Clock } from '@/lib/time/clock'

export interface ProviderOptions {
  db: Kysely<Database>
  clock: Clock
  /** Scales the sandbox locks' simulated latency (1 = like the real brands, 0 = instant). */
  sandboxLatencyScale: number
}

/** Picks the provider that talks to a device's lock. Only sandbox locks exist so far; a Seam provider comes next. */
export function createProviderResolver(options: ProviderOptions): (device: DeviceRecord) => LockProvider {
  const sandbox = new SandboxLockProvider({
    db: options.db,
    clock: options.clock,
    latencyScale: options.sandboxLatencyScale,
  })
  return (device) => {
    if (device.isSandbox) return sandbox
    throw new Error(`No lock provider is configured for ${device.provider} device ${device.deviceId}.`)
  }
}
