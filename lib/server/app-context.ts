import 'server-only'
import type { Kysely } from 'kysely'
import { parseEnv, type Env } from '@/lib/config/env'
import { openStore, storeConfigFromEnv, type Store } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import { systemClock, type Clock } from '@/lib/time/clock'

export interface AppContext {
  db: Kysely<Database>
  clock: Clock
  store: Store
  env: Env
}

const holder = globalThis as typeof globalThis & { __latchkeyApp?: Promise<AppContext> }

/** The process's store and clock, opened (and migrated) on first use. */
export function getAppContext(): Promise<AppContext> {
  holder.__latchkeyApp ??= (async () => {
    const env = parseEnv()
    const store = await openStore(storeConfigFromEnv(env))
    return { db: store.db, clock: systemClock, store, env }
  })()
  return holder.__latchkeyApp
}
