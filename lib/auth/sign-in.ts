import 'server-only'
import type { Kysely } from 'kysely'
import { purgeExpiredRateLimits } from '@/lib/auth/rate-limiter-store'
import { createSession, purgeEndedSessions } from '@/lib/auth/sessions'
import {
  assertSignInAllowed,
  clearAccountThrottle,
  recordFailedSignIn,
  type SignInAttempt,
} from '@/lib/auth/sign-in-throttle'
import { authenticate, type UserSummary } from '@/lib/auth/users'
import type { Database } from '@/lib/db/schema'
import { DomainError } from '@/lib/errors/domain-error'
import type { Clock } from '@/lib/time/clock'

/**
 * Signs a person in: refused while their account or address is locked out (before the password costs a hash), a
 * wrong password counted against both, a right one clears the account's count and starts a session. Ended sessions
 * and stale counters are swept here, where it costs nothing anyone waits on twice.
 */
export async function signIn(
  db: Kysely<Database>,
  clock: Clock,
  attempt: SignInAttempt & { password: string },
): Promise<{ user: UserSummary; token: string; expiresAt: Date }> {
  await assertSignInAllowed(db, clock, attempt)
  let user: UserSummary
  try {
    user = await authenticate(db, attempt.email, attempt.password)
  } catch (error) {
    if (error instanceof DomainError && error.type === 'unauthorized') await recordFailedSignIn(db, clock, attempt)
    throw error
  }
  await clearAccountThrottle(db, clock, attempt.email)
  await purgeEndedSessions(db, clock)
  await purgeExpiredRateLimits(db, clock)
  const { token, expiresAt } = await createSession(db, clock, user.user_id)
  return { user, token, expiresAt }
}
