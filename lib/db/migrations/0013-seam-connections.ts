import 'server-only'
import type { Kysely } from 'kysely'

// Issue 14: a Latchkey workspace backed by a Seam workspace. One connection per workspace (its API key encrypted
// with LATCHKEY_SECRET_KEY), and the links between Seam's objects and the rows that mirror them.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('seam_connections')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.workspace_id'))
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('api_key_ciphertext', 'text', (c) => c.notNull())
    .addColumn('key_last4', 'text', (c) => c.notNull())
    .addColumn('seam_workspace_id', 'text')
    .addColumn('seam_workspace_name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_synced_at', 'text')
    .addColumn('next_sync_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('seam_objects')
    .addColumn('latchkey_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.workspace_id'))
    .addColumn('object_type', 'text', (c) => c.notNull())
    .addColumn('seam_id', 'text', (c) => c.notNull())
    .execute()
  // A Seam object is mirrored once per workspace; the database decides between two syncs racing.
  await db.schema
    .createIndex('seam_objects_unique_seam_id')
    .on('seam_objects')
    .columns(['workspace_id', 'object_type', 'seam_id'])
    .unique()
    .execute()
}
