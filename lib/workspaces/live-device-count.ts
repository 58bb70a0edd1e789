import 'server-only'
import { sql, type Kysely } from 'kysely'
import type { Database } from '@/lib/db/schema'

/** A `device_count` column: the devices, not removed, whose `column` equals the outer query's `outer` column. */
export function liveDeviceCount(
  db: Kysely<Database>,
  column: 'property_id' | 'workspace_id',
  outer: 'p.property_id' | 'w.workspace_id',
) {
  return db
    .selectFrom('devices as d')
    .select((c) => c.fn.countAll<number>().as('n'))
    .where(`d.${column}`, '=', sql.ref<string>(outer))
    .where('d.removed_at', 'is', null)
    .as('device_count')
}
