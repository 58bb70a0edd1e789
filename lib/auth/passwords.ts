import 'server-only'
import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { ConcurrencyLimit } from '@/lib/auth/concurrency-limit'

// argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes).
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export const MIN_PASSWORD_LENGTH = 8

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS)

/**
 * Password checks in this process: one per core (at most 4, the size of libuv's thread pool argon2 runs on), and a
 * short queue. A flood of sign-ins then waits or is refused instead of piling 19 MiB hashes onto every real one.
 */
export const passwordChecks = new ConcurrencyLimit(Math.min(4, Math.max(1, availableParallelism())), 32)

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return passwordChecks.run(async () => {
    try {
      return await verify(passwordHash, password)
    } catch {
      return false
    }
  })
}
