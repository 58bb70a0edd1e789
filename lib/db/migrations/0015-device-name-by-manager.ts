import 'server-only'
import type { Kysely } from 'kysely'

// Issue 14: a manager may rename a lock (/devices/update). For a Seam lock the sync would otherwise put Seam's name
// back; this flag says the name is the manager's, so a sync leaves it. (Placement needs no flag: the sync chooses a
// property only for a lock it adds.)
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('devices')
    .addColumn('name_set_by_manager', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
