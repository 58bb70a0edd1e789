import 'server-only'
import { createHash } from 'node:crypto'
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { parseEnv } from '@/lib/config/env'
import { DomainError } from '@/lib/errors/domain-error'

/** Counts one request of an API key, or refuses it with `too_many_requests` (429, Retry-After). */
export interface ApiRateLimiter {
  consume(apiKey: string): Promise<void>
}

export interface ApiRateLimit {
  /** Requests a key may make per `seconds`… */
  points: number
  seconds: number
  /** …and, once those are spent, this many more over `burstSeconds` (a burst). */
  burstPoints: number
  burstSeconds: number
}

/** API_RATE_LIMIT_PER_SECOND = n: n requests a second, and bursts of 2n more over ten seconds. */
export const perSecond = (n: number): ApiRateLimit => ({ points: n, seconds: 1, burstPoints: 2 * n, burstSeconds: 10 })

/**
 * An in-memory limiter per process (rate-limiter-flexible's RateLimiterMemory behind its BurstyRateLimiter): a Map
 * lookup per request, no store write. With several instances each counts its own share, so a key may reach the
 * limit once per instance; sign-in, where sharing matters, keeps its counters in the store instead.
 */
export function createApiRateLimiter(limit: ApiRateLimit): ApiRateLimiter {
  const limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: 'api', points: limit.points, duration: limit.seconds }),
    new RateLimiterMemory({ keyPrefix: 'api_burst', points: limit.burstPoints, duration: limit.burstSeconds }),
  )
  return {
    async consume(apiKey) {
      // The key itself is a secret: it is counted under its hash.
      const key = createHash('sha256').update(apiKey).digest('base64url')
      try {
        await limiter.consume(key)
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
        throw new DomainError(
          'too_many_requests',
          `This API key sent more than ${limit.points} requests in ${limit.seconds === 1 ? 'a second' : `${limit.seconds} seconds`} (and its burst allowance). Retry after ${seconds} second${seconds === 1 ? '' : 's'}.`,
          { retry_after_seconds: seconds },
        )
      }
    },
  }
}

export const noApiRateLimit: ApiRateLimiter = { consume: async () => undefined }

const holder = globalThis as typeof globalThis & { __latchkeyApiRateLimiter?: ApiRateLimiter }

/** The process's limiter, as API_RATE_LIMIT and API_RATE_LIMIT_PER_SECOND say (on, 50 a second, by default). */
export function processApiRateLimiter(): ApiRateLimiter {
  if (holder.__latchkeyApiRateLimiter === undefined) {
    const env = parseEnv()
    holder.__latchkeyApiRateLimiter =
      env.API_RATE_LIMIT === 'off' ? noApiRateLimit : createApiRateLimiter(perSecond(env.API_RATE_LIMIT_PER_SECOND))
  }
  return holder.__latchkeyApiRateLimiter
}
