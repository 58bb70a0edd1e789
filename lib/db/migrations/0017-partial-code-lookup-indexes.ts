import 'server-only'
import { sql, type Kysely } from 'kysely'

// Two lookups of access codes are only ever asked with a value: codes sharing a common_code_key (`= ?`) and codes by
// the lock's own entry id (`= ?` / `in (…)`), and most codes have neither (a plain code has no common key; a new code
// has no entry id until the lock takes it). Indexing only the rows that have one keeps two index entries, and two
// written pages, out of every create (both engines use a partial index for `x = ?` when it says `x is not null`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('access_codes_by_common_key').execute()
  await db.schema
    .createIndex('access_codes_by_common_key')
    .on('access_codes')
    .columns(['workspace_id', 'common_code_key'])
    .where(sql.ref('common_code_key'), 'is not', null)
    .execute()
  await db.schema.dropIndex('access_codes_by_provider_code').execute()
  await db.schema
    .createIndex('access_codes_by_provider_code')
    .on('access_codes')
    .columns(['device_id', 'provider_code_id'])
    .where(sql.ref('provider_code_id'), 'is not', null)
    .execute()
}
