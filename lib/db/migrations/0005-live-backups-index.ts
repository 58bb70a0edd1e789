import 'server-only'
import { sql, type Kysely } from 'kysely'

// The backups of a device that hold a place in its pool, free or lent (is_backup_access_code_available, and the pool's
// top-up on every pull): a handful of rows per lock, so a partial index keeps these reads from scanning all of a
// lock's codes and costs nothing when other codes are written.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('access_codes_live_backups')
    .on('access_codes')
    .columns(['device_id'])
    .where(sql.ref('is_backup'), '=', sql.lit(1))
    .where(sql.ref('deleted_at'), 'is', null)
    .execute()
}
