import 'server-only'
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { UserSummary } from '@/lib/auth/users'
import type { Database } from '@/lib/db/schema'
import { newId } from '@/lib/ids'
import type { Clock } from '@/lib/time/clock'

export const SESSION_COOKIE = 'latchkey_session'
export const SESSION_TTL_MS = 14 * 24 * 3_600_000

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
      expires_at: expiresAt.toISOString(),
    })
    .execute()
  return { token, expiresAt }
}

export async function userForSession(
  db: Kysely<Database>,
  clock: Clock,
  token: string,
): Promise<UserSummary | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.user_id', 'sessions.user_id')
    .select(['users.user_id', 'users.email', 'users.name'])
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', clock.now().toISOString())
    .executeTakeFirst()
  return row
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute()
}

/** The Set-Cookie value for a session (Secure when the site is served over HTTPS). */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ')
}

export const clearedSessionCookie = (secure: boolean): string =>
  [`${SESSION_COOKIE}=`, 'Path=/', 'HttpOnly', 'SameSite=Lax', 'Max-Age=0', ...(secure ? ['Secure'] : [])].join('; ')

export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}
