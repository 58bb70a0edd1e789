import 'server-only'
import type { Kysely } from 'kysely'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '@/lib/auth/passwords'
import type { Database } from '@/lib/db/schema'
import { isUniqueViolation } from '@/lib/db/errors'
import { newId } from '@/lib/ids'
import type { User } from '@/lib/schemas/auth'
import type { MemberWorkspace } from '@/lib/schemas/workspace'
import type { Clock } from '@/lib/time/clock'

export type UserSummary = User
export type WorkspaceSummary = MemberWorkspace

export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

export async function createUser(
  db: Kysely<Database>,
  clock: Clock,
  input: { email: string; password: string; name?: string | undefined },
): Promise<UserSummary> {
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput({ password: [`must be at least ${MIN_PASSWORD_LENGTH} characters`] })
  }
  const user = { user_id: newId(), email: normalizeEmail(input.email), name: input.name ?? null }
  try {
    await db
      .insertInto('users')
      .values({ ...user, password_hash: await hashPassword(input.password), created_at: clock.now().toISOString() })
      .execute()
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidInput({ email: ['is already taken'] })
    throw error
  }
  return user
}

export async function addMembership(
  db: Kysely<Database>,
  clock: Clock,
  userId: string,
  workspaceId: string,
  role: 'admin' | 'member' = 'member',
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ user_id: userId, workspace_id: workspaceId, role, created_at: clock.now().toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'workspace_id']).doUpdateSet({ role }))
    .execute()
}

export const WRONG_CREDENTIALS = 'Wrong email or password.'

// Verifying against a throwaway hash when the email is unknown keeps the answer time the same either way.
let decoyHash: Promise<string> | undefined

/**
 * The user with these credentials, or `unauthorized` (never saying which half was wrong). A disabled user is told
 * so, but only once the password was right.
 */
export async function authenticate(db: Kysely<Database>, email: string, password: string): Promise<UserSummary> {
  const row = await db
    .selectFrom('users')
    .select(['user_id', 'email', 'name', 'password_hash', 'disabled_at'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst()
  decoyHash ??= hashPassword('latchkey-decoy-password')
  const ok = await verifyPassword(row?.password_hash ?? (await decoyHash), password)
  if (row === undefined || !ok) throw new DomainError('unauthorized', WRONG_CREDENTIALS)
  if (row.disabled_at !== null)
    throw new DomainError('forbidden', 'This account has been disabled. Ask your Latchkey administrator.')
  return { user_id: row.user_id, email: row.email, name: row.name }
}

export async function findUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<(UserSummary & { disabled_at: string | null }) | undefined> {
  return db
    .selectFrom('users')
    .select(['user_id', 'email', 'name', 'disabled_at'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst()
}

/** A new password, and every session of the user ends: whoever knew the old one is signed out. */
export async function setPassword(db: Kysely<Database>, userId: string, password: string): Promise<void> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw invalidInput({ password: [`must be at least ${MIN_PASSWORD_LENGTH} characters`] })
  }
  const passwordHash = await hashPassword(password)
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('user_id', '=', userId).execute()
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  })
}

/** Disabled: every session ends and sign-in is refused, until `enableUser`. */
export async function disableUser(db: Kysely<Database>, clock: Clock, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ disabled_at: clock.now().toISOString() })
      .where('user_id', '=', userId)
      .where('disabled_at', 'is', null)
      .execute()
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
  })
}

export async function enableUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('users').set({ disabled_at: null }).where('user_id', '=', userId).execute()
}

/** Takes a person out of a workspace; false when they were not in it. Their other workspaces are untouched. */
export async function removeMembership(db: Kysely<Database>, userId: string, workspaceId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}

export async function workspacesOf(db: Kysely<Database>, userId: string): Promise<WorkspaceSummary[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.workspace_id', 'memberships.workspace_id')
    .select(['workspaces.workspace_id', 'workspaces.name', 'workspaces.is_sandbox', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('workspaces.name')
    .execute()
  return rows.map((r) => ({ workspace_id: r.workspace_id, name: r.name, is_sandbox: r.is_sandbox === 1, role: r.role }))
}

export async function membershipRole(
  db: Kysely<Database>,
  userId: string,
  workspaceId: string,
): Promise<'admin' | 'member' | undefined> {
  const row = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  return row?.role
}
