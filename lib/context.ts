import 'server-only'
import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely'
import type { Database } from '@/lib/db/schema'
import type { Clock } from '@/lib/time/clock'

/** What every service call gets: the store (or the open transaction), the clock, and the caller's workspace. */
export interface ServiceContext {
  db: Kysely<Database>
  clock: Clock
  workspaceId: string
  /** The signed-in person, when the call comes from the dashboard rather than an API key. */
  userId?: string
}

/** Tables whose rows belong to one workspace and are looked up by id on their own. */
type OwnedTable = 'action_attempts' | 'connected_accounts'

/** The rows of `table` that belong to the caller's workspace: another workspace's rows are not found. */
export function selectOwned<T extends OwnedTable>(
  ctx: ServiceContext,
  table: T,
): SelectQueryBuilder<Database, T, Selectable<Database[T]>> {
  // Kysely cannot call `where` on a union of tables; every owned table has the same workspace_id column.
  const query = ctx.db
    .selectFrom(table as 'action_attempts')
    .selectAll()
    .where('workspace_id', '=', ctx.workspaceId)
  return query as unknown as SelectQueryBuilder<Database, T, Selectable<Database[T]>>
}
