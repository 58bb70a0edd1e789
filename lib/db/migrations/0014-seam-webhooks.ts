import 'server-only'
import type { Kysely } from 'kysely'

// Issue 14, webhooks: a connection may hold the secret Seam signs its webhooks with (encrypted like the API key), and
// the webhook ids seen lately are kept until their timestamps are too old to be accepted, so a replay is refused.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('seam_connections').addColumn('webhook_secret_ciphertext', 'text').execute()
  await db.schema
    .createTable('seam_webhook_deliveries')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.workspace_id'))
    .addColumn('webhook_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seam_webhook_deliveries_pk', ['workspace_id', 'webhook_id'])
    .execute()
  await db.schema
    .createIndex('seam_webhook_deliveries_expiry')
    .on('seam_webhook_deliveries')
    .column('expires_at')
    .execute()
}
