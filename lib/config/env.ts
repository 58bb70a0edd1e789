import 'server-only'
import { z } from 'zod'
import { parseAllowedOrigins } from '@/lib/seam/endpoint-policy'

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
  /**
   * Shortest time between two rounds of the reconciler's claims, in ms: the writes of a burst to one lock are taken
   * in one pass over it (each pass reads all the lock's codes), at the cost of at most this much delay.
   */
  RECONCILER_ROUND_SPACING_MS: z.coerce.number().int().min(0).max(1_000).default(50),
  /**
   * Encrypts secrets at rest (Seam API keys): 32 random bytes, base64 (`openssl rand -base64 32`). Required once a
   * workspace is connected to Seam; checked when the server starts (lib/seam/startup-check.ts).
   */
  LATCHKEY_SECRET_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(v.trim()) && Buffer.from(v.trim(), 'base64').length === 32, {
      message: 'must be 32 random bytes, base64 (openssl rand -base64 32)',
    })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** How often the locks of Seam-backed workspaces are synced from Seam (webhooks refresh a lock at once besides). */
  SEAM_SYNC_INTERVAL_MS: z.coerce.number().int().min(5_000).max(86_400_000).default(60_000),
  /**
   * Origins a workspace admin may name as a Seam endpoint beyond https:// public hosts and loopback, comma-separated
   * (`http://seam.internal:8080,https://10.0.0.5`); link-local addresses are refused whatever it says
   * (lib/seam/endpoint-policy.ts).
   */
  SEAM_ALLOWED_ENDPOINTS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseAllowedOrigins(value)
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) })
        return z.NEVER
      }
    }),
  /** A dashboard session unused this long has ended (besides its 14 days); 12 hours by default. */
  SESSION_IDLE_TIMEOUT_MINUTES: z.coerce.number().int().min(5).max(20_160).default(720),
  /** The per-API-key request limit (lib/api/rate-limit.ts): `off` for benchmarks that hammer one key. */
  API_RATE_LIMIT: z.enum(['on', 'off']).default('on'),
  /** Requests per second one API key may make, with bursts of twice that over ten seconds. */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(50),
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
