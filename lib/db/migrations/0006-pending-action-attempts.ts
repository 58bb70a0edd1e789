import 'server-only'
import { sql, type Kysely } from 'kysely'

// Every reconcile pass reads the action attempts still pending on its lock, to end them (success or error) when the
// lock side finishes or gives up. Only pending attempts are in this index, so it stays a handful of rows per lock
// however many finished attempts pile up. Queries must say `status = 'pending'` as a literal for SQLite to use it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('action_attempts_pending_by_device')
    .on('action_attempts')
    .columns(['device_id', 'access_code_id'])
    .where(sql.ref('status'), '=', sql.lit('pending'))
    .execute()
}
