import 'server-only'
import { sql, type Kysely } from 'kysely'

// Two lookups every create makes, which scanned all of a device's codes (so creates slowed down as a lock filled up):
// - the live codes, managed or not, holding a PIN on a device (duplicate checks, PIN generation). Since 0002 the
//   unique index on (device_id, code) covers managed codes only, so it cannot serve them;
// - the free backups in a device's pool (is_backup_access_code_available): a handful of rows, and a partial index
//   that holds only those costs nothing when other codes are written.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('access_codes_live_by_pin')
    .on('access_codes')
    .columns(['device_id', 'code'])
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
  await db.schema
    .createIndex('access_codes_free_backups')
    .on('access_codes')
    .columns(['device_id'])
    .where(sql.ref('is_backup'), '=', sql.lit(1))
    .where(sql.ref('pulled_for_access_code_id'), 'is', null)
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
}
