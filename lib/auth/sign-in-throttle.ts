import 'server-only'
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { StoreRateLimiter } from '@/lib/auth/rate-limiter-store'
import { normalizeEmail } from '@/lib/auth/users'
import type { Database } from '@/lib/db/schema'
import { DomainError } from '@/lib/errors/domain-error'
import type { Clock } from '@/lib/time/clock'

/** How many failed sign-ins a scope may have in its window before it is locked out, and for how long. */
export interface ThrottleRule {
  failuresAllowed: number
  windowSeconds: number
  /** The first lockout; each further one within a day lasts twice the one before, up to `maxLockoutSeconds`. */
  firstLockoutSeconds: number
  maxLockoutSeconds: number
}

/** One account (whatever address the guesses come from): 5 failures in 15 minutes, then 5, 10, 20, … 60 minutes. */
export const ACCOUNT_RULE: ThrottleRule = {
  failuresAllowed: 5,
  windowSeconds: 15 * 60,
  firstLockoutSeconds: 5 * 60,
  maxLockoutSeconds: 60 * 60,
}

/** One client address (across accounts: password spraying), looser since an office may share it. */
export const ADDRESS_RULE: ThrottleRule = {
  failuresAllowed: 30,
  windowSeconds: 15 * 60,
  firstLockoutSeconds: 15 * 60,
  maxLockoutSeconds: 4 * 60 * 60,
}

const LOCKOUT_MEMORY_SECONDS = 24 * 60 * 60

export interface SignInAttempt {
  email: string
  /** The client's address (see `clientAddress`); 'unknown' when none is known. */
  address: string
}

type Scope = 'account' | 'address'

// Keys are hashed: the counters table holds neither emails nor addresses.
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url')

function scopesOf(attempt: SignInAttempt): { scope: Scope; key: string; rule: ThrottleRule }[] {
  return [
    { scope: 'account', key: digest(normalizeEmail(attempt.email)), rule: ACCOUNT_RULE },
    { scope: 'address', key: digest(attempt.address), rule: ADDRESS_RULE },
  ]
}

const failuresLimiter = (db: Kysely<Database>, clock: Clock, scope: Scope, rule: ThrottleRule): StoreRateLimiter =>
  new StoreRateLimiter(db, clock, {
    keyPrefix: `sign_in_failures_${scope}`,
    points: rule.failuresAllowed,
    duration: rule.windowSeconds,
  })

const lockoutsLimiter = (db: Kysely<Database>, clock: Clock, scope: Scope): StoreRateLimiter =>
  new StoreRateLimiter(db, clock, {
    keyPrefix: `sign_in_lockouts_${scope}`,
    points: 1_000_000,
    duration: LOCKOUT_MEMORY_SECONDS,
  })

/** The n-th lockout within a day (n ≥ 1): first × 2^(n-1), capped. */
export const lockoutSeconds = (rule: ThrottleRule, lockoutNumber: number): number =>
  Math.min(rule.maxLockoutSeconds, rule.firstLockoutSeconds * 2 ** Math.min(lockoutNumber - 1, 30))

function inWords(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minutes`
}

function lockedOut(scope: Scope, msBeforeNext: number): DomainError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000))
  const whose = scope === 'account' ? 'for this account' : 'from your network'
  return new DomainError('too_many_requests', `Too many failed sign-ins ${whose}. Try again in ${inWords(seconds)}.`, {
    retry_after_seconds: seconds,
  })
}

/** Refuses (`too_many_requests`, before any password is checked) an attempt whose account or address is locked out. */
export async function assertSignInAllowed(db: Kysely<Database>, clock: Clock, attempt: SignInAttempt): Promise<void> {
  for (const { scope, key, rule } of scopesOf(attempt)) {
    const counter = await failuresLimiter(db, clock, scope, rule).get(key)
    if (counter !== null && counter.consumedPoints >= rule.failuresAllowed) throw lockedOut(scope, counter.msBeforeNext)
  }
}

/** Counts a wrong password against the account and the address; the failure that reaches the limit locks it out. */
export async function recordFailedSignIn(db: Kysely<Database>, clock: Clock, attempt: SignInAttempt): Promise<void> {
  for (const { scope, key, rule } of scopesOf(attempt)) {
    const failures = failuresLimiter(db, clock, scope, rule)
    const counted = await failures.penalty(key, 1)
    // Exactly one failure (the store adds atomically) sees the count reach the limit.
    if (counted.consumedPoints !== rule.failuresAllowed) continue
    const lockouts = await lockoutsLimiter(db, clock, scope).penalty(key, 1)
    await failures.block(key, lockoutSeconds(rule, lockouts.consumedPoints))
  }
}

/** A successful sign-in clears the account's failures and lockouts (not the address's: one good account would). */
export async function clearAccountThrottle(db: Kysely<Database>, clock: Clock, email: string): Promise<void> {
  const key = digest(normalizeEmail(email))
  await failuresLimiter(db, clock, 'account', ACCOUNT_RULE).delete(key)
  await lockoutsLimiter(db, clock, 'account').delete(key)
}

/**
 * The client's address: the last entry of X-Forwarded-For, which is what the nearest hop saw — the reverse proxy in
 * front (nginx's $proxy_add_x_forwarded_for, Caddy), or Next.js itself, which sets the header from the socket when
 * a request arrives without one. Earlier entries are the client's own say and are not trusted.
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get('x-forwarded-for')
  const last = forwarded?.split(',').at(-1)?.trim()
  return last === undefined || last === '' ? 'unknown' : last
}
