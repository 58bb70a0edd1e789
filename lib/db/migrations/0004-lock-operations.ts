import 'server-only'
import type { Kysely } from 'kysely'

// A lock operation in flight for a code: other passes over the same lock leave the code alone until it ends (or the
// claim runs out, when the instance that made it died).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_codes').addColumn('lock_op_token', 'text').execute()
  await db.schema.alterTable('access_codes').addColumn('lock_op_expires_at', 'text').execute()
}
