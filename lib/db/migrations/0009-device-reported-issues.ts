import 'server-only'
import type { Kysely } from 'kysely'

// What each lock last reported about itself (its conditions, or the named reason it could not be reached), as the
// reconciler saw it: a JSON list of { code, kind, created_at }, written only when it changes. /devices/get and the
// lock page show it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('devices')
    .addColumn('reported_issues', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute()
}
