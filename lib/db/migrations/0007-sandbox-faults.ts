import 'server-only'
import type { Kysely } from 'kysely'

// What a sandbox lock is made to do wrong (/devices/simulate/fault, lib/locks/sandbox-faults.ts), and keypad entries a
// lock has switched off (Ultraloq).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_faults')
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.device_id'))
    /** An error or warning code of the spec (see lib/locks/sandbox-faults.ts). */
    .addColumn('fault', 'text', (c) => c.notNull())
    /** Lock operations it still affects; null: until /devices/simulate/clear_faults. */
    .addColumn('operations_left', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sandbox_faults_pk', ['device_id', 'fault'])
    .execute()
  await db.schema
    .alterTable('sandbox_keypad_codes')
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
}
