import 'server-only'
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'
import { DomainError } from '@/lib/errors/domain-error'

/** Counts one delivery to /webhooks/seam from an address, or refuses it with `too_many_requests` (429, Retry-After). */
export interface WebhookRateLimiter {
  consume(address: string): Promise<void>
}

export interface WebhookRateLimit {
  /** Deliveries an address may make per second… */
  perSecond: number
  /** …and, once those are spent, this many more over ten seconds (Seam sends an event per code in a bulk change). */
  burst: number
}

/**
 * Seam delivers from a few addresses (Svix's), a few events a second at most; anyone else posting here is guessing
 * signatures or trying to make the server work. Every delivery costs a store read and an HMAC per connection to the
 * Seam workspace it names, so each address gets a budget. Refused deliveries are retried by Svix later, so a real
 * event is delayed, not lost; the poll catches up meanwhile.
 */
export const WEBHOOK_RATE_LIMIT: WebhookRateLimit = { perSecond: 20, burst: 200 }

/** An in-memory limiter per process, as the API's per-key limiter (lib/api/rate-limit.ts). */
export function createWebhookRateLimiter(limit: WebhookRateLimit = WEBHOOK_RATE_LIMIT): WebhookRateLimiter {
  const limiter = new BurstyRateLimiter(
    new RateLimiterMemory({ keyPrefix: 'seam_webhook', points: limit.perSecond, duration: 1 }),
    new RateLimiterMemory({ keyPrefix: 'seam_webhook_burst', points: limit.burst, duration: 10 }),
  )
  return {
    async consume(address) {
      try {
        await limiter.consume(address)
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))
        throw new DomainError(
          'too_many_requests',
          `More than ${limit.perSecond} webhook deliveries a second (and ${limit.burst} over ten seconds) from this ` +
            `address. Retry after ${seconds} second${seconds === 1 ? '' : 's'}.`,
          { retry_after_seconds: seconds },
        )
      }
    },
  }
}

const holder = globalThis as typeof globalThis & { __latchkeySeamWebhookLimiter?: WebhookRateLimiter }

/** The process's webhook limiter. */
export function processWebhookRateLimiter(): WebhookRateLimiter {
  holder.__latchkeySeamWebhookLimiter ??= createWebhookRateLimiter()
  return holder.__latchkeySeamWebhookLimiter
}
