import 'server-only'
import type { Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockProvider } from '@/lib/locks/lock-provider'
import { SandboxLockProvider } from '@/lib/locks/sandbox-lock'
import { SeamLockProvider } from '@/lib/locks/seam-lock'
import { configuredSecretKey } from '@/lib/seam/secret-key'
import type { Clock } from '@/lib/time/clock'

export interface ProviderOptions {
  db: Kysely<Database>
  clock: Clock
  /** Scales the sandbox locks' simulated latency (1 = like the real brands, 0 = instant). */
  sandboxLatencyScale: number
  /** Decrypts Seam API keys; LATCHKEY_SECRET_KEY by default, read when a Seam lock is first reached. */
  secretKey?: () => Buffer
}

/** Picks the provider that talks to a device's lock: sandbox locks, or the locks of a connected Seam workspace. */
export function createProviderResolver(options: ProviderOptions): (device: DeviceRecord) => LockProvider {
  const sandbox = new SandboxLockProvider({
    db: options.db,
    clock: options.clock,
    latencyScale: options.sandboxLatencyScale,
  })
  let key: Buffer | undefined
  const seam = new SeamLockProvider({
    db: options.db,
    clock: options.clock,
    secretKey: options.secretKey ?? (() => (key ??= configuredSecretKey())),
  })
  return (device) => (device.isSandbox ? sandbox : seam)
}
