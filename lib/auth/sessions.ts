import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { sessionPolicy, type SessionPolicy } from '@/lib/auth/session-policy'
import type { UserSummary } from '@/lib/auth/users'
import type { Database } from '@/lib/db/schema'
import { newId } from '@/lib/ids'
import type { Clock } from '@/lib/time/clock'

/** The cookie's name over plain HTTP (local development, tests, the journeys on 127.0.0.1). */
export const SESSION_COOKIE = 'latchkey_session'
/**
 * Over HTTPS: a browser accepts a `__Host-` cookie only when it is Secure, for Path=/ and without Domain, so no
 * subdomain and no plain-HTTP page can set or overwrite it.
 */
export const SECURE_SESSION_COOKIE = '__Host-latchkey_session'
export const SESSION_TTL_MS = 14 * 24 * 3_600_000
/** How stale `last_used_at` may get: a session is written at most once a minute, not on every request. */
export const LAST_USED_PRECISION_MS = 60_000

export const sessionCookieName = (secure: boolean): string => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE)

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** Starts a session; the returned token goes into the cookie and is stored only as a hash. */
export async function createSession(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url')
  const now = clock.now()
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS)
  await db
    .insertInto('sessions')
    .values({
      session_id: newId(),
      token_hash: hashToken(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_used_at: now.toISOString(),
      expires_at: expiresAt.toISOString(),
    })
    .execute()
  return { token, expiresAt }
}

/**
 * The person a session token belongs to, while the session lives: before its absolute expiry, used within the idle
 * timeout, and its user not disabled. An idle session is deleted when met; a live one has its use recorded, at
 * most once a minute.
 */
export async function userForSession(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
  policy: SessionPolicy = sessionPolicy(),
): Promise<UserSummary | undefined> {
  const now = clock.now()
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.user_id', 'sessions.user_id')
    .select(['users.user_id', 'users.email', 'users.name', 'sessions.session_id', 'sessions.created_at'])
    .select('sessions.last_used_at')
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.disabled_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const idleMs = now.getTime() - Date.parse(row.last_used_at ?? row.created_at)
  if (idleMs >= policy.idleTimeoutMs) {
    await db.deleteFrom('sessions').where('session_id', '=', row.session_id).execute()
    return undefined
  }
  if (idleMs >= LAST_USED_PRECISION_MS) {
    await db
      .updateTable('sessions')
      .set({ last_used_at: now.toISOString() })
      .where('session_id', '=', row.session_id)
      .execute()
  }
  return { user_id: row.user_id, email: row.email, name: row.name }
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute()
}

/** Signs a person out everywhere: every session of theirs ends. Returns how many there were. */
export async function endSessionsOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Deletes sessions past their expiry or idle too long (run on each sign-in: cheap, and keeps the table small). */
export async function purgeEndedSessions(
  db: Kysely<Database>,
  clock: Clock,
  policy: SessionPolicy = sessionPolicy(),
): Promise<number> {
  const now = clock.now()
  const idleSince = new Date(now.getTime() - policy.idleTimeoutMs).toISOString()
  const result = await db
    .deleteFrom('sessions')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', now.toISOString()),
        eb('last_used_at', '<=', idleSince),
        eb.and([eb('last_used_at', 'is', null), eb('created_at', '<=', idleSince)]),
      ]),
    )
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** The Set-Cookie value for a session: `__Host-` and Secure when the site is served over HTTPS. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

export const clearedSessionCookie = (secure: boolean): string =>
  [
    `${sessionCookieName(secure)}=`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    'Max-Age=0',
    ...(secure ? ['Secure'] : []),
  ].join('; ')

export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}
