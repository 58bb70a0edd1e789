import 'server-only'
import type { ApiRateLimiter } from '@/lib/api/rate-limit'
import type { ServiceContext } from '@/lib/context'

/**
 * What the API wrapper runs with before it knows the caller: the process's store and clock, and optionally the
 * per-API-key rate limiter (tests give their own; otherwise the one API_RATE_LIMIT* describe).
 */
export type ApiEnvironment = Pick<ServiceContext, 'db' | 'clock'> & { apiRateLimiter?: ApiRateLimiter }
