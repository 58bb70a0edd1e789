import 'server-only'
import { sql, type Kysely } from 'kysely'

// Issue 13 (sign-in throttling and sessions): the counters the sign-in throttle keeps in the store, so several
// instances on one PostgreSQL share them; an idle timeout for sessions; users an administrator has disabled.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The table rate-limiter-flexible's store limiters use (key, points, expire in epoch ms), created here rather than
  // by the library at request time.
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute()
  await db.schema.createIndex('rate_limits_expire').on('rate_limits').column('expire').execute()

  await db.schema.alterTable('sessions').addColumn('last_used_at', 'text').execute()
  await sql`update sessions set last_used_at = created_at`.execute(db)
  // Sign-in purges ended sessions; "sign out everywhere" ends one user's.
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
  await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute()

  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute()
}
