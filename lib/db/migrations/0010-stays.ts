import 'server-only'
import { sql, type Kysely } from 'kysely'

// Stays (issue 8): one guest's access to several doors for one window, keyed by the reservation key of the
// property-management system (unique in the workspace). Its codes are ordinary access codes linked by stay_id; the
// stay row keeps what the codes cannot say alone (guest, window, shared PIN, cancellation).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stays')
    .addColumn('stay_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.workspace_id'))
    .addColumn('reservation_key', 'text', (c) => c.notNull())
    .addColumn('guest_name', 'text', (c) => c.notNull())
    .addColumn('property_id', 'text', (c) => c.notNull().references('properties.property_id'))
    .addColumn('check_in', 'text', (c) => c.notNull())
    .addColumn('check_out', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('cancelled_at', 'text')
    .execute()
  // The database decides which of two writers of one reservation key wins.
  await db.schema
    .createIndex('stays_unique_reservation_key')
    .on('stays')
    .columns(['workspace_id', 'reservation_key'])
    .unique()
    .execute()
  // /stays/list pages in check-in order, for the workspace or one property.
  await db.schema
    .createIndex('stays_by_check_in')
    .on('stays')
    .columns(['workspace_id', 'check_in', 'stay_id'])
    .execute()
  await db.schema
    .createIndex('stays_by_property_check_in')
    .on('stays')
    .columns(['workspace_id', 'property_id', 'check_in', 'stay_id'])
    .execute()

  await db.schema.alterTable('access_codes').addColumn('stay_id', 'text').execute()
  await db.schema
    .createIndex('access_codes_by_stay')
    .on('access_codes')
    .columns(['stay_id'])
    .where(sql.ref('stay_id'), 'is not', null)
    .execute()
}
