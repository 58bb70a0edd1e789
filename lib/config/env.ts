import 'server-only'
import { z } from 'zod'

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** `off` when separate `npm run worker` processes do the lock-side work instead of the web server. */
  RECONCILER: z.enum(['on', 'off']).default('on'),
  /**
   * Names this process's reconciler. Defaults to host/role; give each of several workers on one host its own.
   * A restart with the same name takes back its unfinished work at once instead of waiting for the lease to run out.
   */
  INSTANCE_ID: z.string().min(1).max(200).optional(),
  /** Scales sandbox locks' simulated latency: 1 behaves like the real brands, 0 answers at once. */
  SANDBOX_LATENCY_SCALE: z.coerce.number().min(0).max(100).default(1),
  /**
   * How long a reconciler holds a device it works on. Another instance takes over a dead instance's devices once
   * this runs out; keep it well above the longest pass over one lock (a few round-trips).
   */
  RECONCILER_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
})

export type Env = z.infer<typeof envSchema>

/** Parses the process environment once; a bad setting stops start-up with a message naming it. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  return result.data
}
