import 'server-only'
import { sql, type Kysely } from 'kysely'

// Codes on locks that choose their own PINs (code constraint cannot_specify_pin_code) are stored with an empty `code`
// until the lock has assigned one (is_waiting_for_code_assignment = 1). Several of them may wait on one lock at once,
// so the unique index on a lock's live managed PINs leaves them out; it applies again once the lock's PIN is stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_codes_unique_live_pin').execute()
  await db.schema
    .createIndex('access_codes_unique_live_pin')
    .on('access_codes')
    .columns(['device_id', 'code'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('is_managed'), '=', 1)
    .where(sql.ref('is_waiting_for_code_assignment'), '=', 0)
    .execute()
}
