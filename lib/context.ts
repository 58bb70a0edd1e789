import 'server-only'
import type { Kysely } from 'kysely'
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
