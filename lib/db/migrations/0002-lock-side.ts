import 'server-only'
import { sql, type Kysely } from 'kysely'

// The lock side: what Latchkey last put on each keypad, pending work per device, and the sandbox locks' memory.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('access_codes').addColumn('provider_code_id', 'text').execute()
  await db.schema.alterTable('access_codes').addColumn('programmed_code', 'text').execute()
  await db.schema.alterTable('access_codes').addColumn('programmed_starts_at', 'text').execute()
  await db.schema.alterTable('access_codes').addColumn('programmed_ends_at', 'text').execute()
  await db.schema.alterTable('access_codes').addColumn('pending_since', 'text').execute()
  await db.schema
    .alterTable('access_codes')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.alterTable('access_codes').addColumn('removed_from_device_at', 'text').execute()

  // Unmanaged codes (found on a keypad, not created by Latchkey) may share a PIN with a managed code that is still
  // waiting to be programmed: the lock, not the index, is what refuses that one.
  await db.schema.dropIndex('access_codes_unique_live_pin').execute()
  await db.schema
    .createIndex('access_codes_unique_live_pin')
    .on('access_codes')
    .columns(['device_id', 'code'])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .where(sql.ref('is_managed'), '=', 1)
    .execute()
  await db.schema
    .createIndex('access_codes_by_provider_code')
    .on('access_codes')
    .columns(['device_id', 'provider_code_id'])
    .execute()

  await db.schema
    .createTable('sync_jobs')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.device_id'))
    .addColumn('due_at', 'text')
    .addColumn('request_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('sync_jobs_by_due').on('sync_jobs').columns(['due_at']).execute()

  await db.schema
    .createTable('sandbox_keypad_codes')
    .addColumn('keypad_code_id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.device_id'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('starts_at', 'text')
    .addColumn('ends_at', 'text')
    .addColumn('set_by_latchkey', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('sandbox_keypad_codes_slot')
    .on('sandbox_keypad_codes')
    .columns(['device_id', 'slot'])
    .unique()
    .execute()

  await db.schema
    .createTable('sandbox_lock_faults')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.device_id'))
    .addColumn('fail_next_set', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('fail_next_remove', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
