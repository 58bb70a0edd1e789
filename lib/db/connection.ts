import 'server-only'
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely'
import type { Database } from '@/lib/db/schema'
import { migrateToLatest } from '@/lib/db/migrate'

export type Engine = 'sqlite' | 'postgres'

export type StoreConfig = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; schema?: string }

export interface Store {
  db: Kysely<Database>
  engine: Engine
  close(): Promise<void>
}

// SQLite: take the write lock when the transaction begins (BEGIN IMMEDIATE), so a transaction that reads and then
// writes waits on busy_timeout instead of failing with SQLITE_BUSY when another process (the CLI, a worker) writes.
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0]
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config)
    this.#config = config
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config)
  }
}

const STATEMENT_CACHE_SIZE = 500

/**
 * better-sqlite3 behind Kysely's SQLite dialect, with prepared statements kept and reused by their SQL text:
 * Kysely prepares every query afresh, and parsing costs more than running most of ours.
 */
function withStatementCache(sqlite: SqliteDatabase.Database) {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteDatabase.Statement {
      let statement = cache.get(sql)
      if (statement === undefined) {
        statement = sqlite.prepare(sql)
        if (cache.size >= STATEMENT_CACHE_SIZE) {
          const oldest = cache.keys().next().value
          if (oldest !== undefined) cache.delete(oldest)
        }
        cache.set(sql, statement)
      }
      return statement
    },
  }
}

export function openSqlite(file: string): SqliteDatabase.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('busy_timeout = 10000')
  sqlite.pragma('foreign_keys = ON')
  return sqlite
}

/** Opens the store and brings its schema up to date. */
export async function openStore(config: StoreConfig): Promise<Store> {
  let store: Store
  if (config.engine === 'sqlite') {
    const sqlite = openSqlite(config.file)
    const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) })
    store = { db, engine: 'sqlite', close: () => db.destroy() }
  } else {
    // Loaded only for a PostgreSQL store: the driver costs an embedded store's process (and its reconciler thread)
    // several MB of memory for nothing.
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: config.url, max: 10 })
    if (config.schema) {
      const schema = config.schema
      pool.on('connect', (client) => {
        void client.query(`set search_path to "${schema.replaceAll('"', '')}"`)
      })
    }
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    store = { db, engine: 'postgres', close: () => db.destroy() }
  }
  await migrateToLatest(store.db, config.engine === 'postgres' ? config.schema : undefined)
  return store
}

export function storeConfigFromEnv(env: { DATABASE_URL?: string | undefined; DATA_DIR: string }): StoreConfig {
  if (env.DATABASE_URL) return { engine: 'postgres', url: env.DATABASE_URL }
  return { engine: 'sqlite', file: path.join(env.DATA_DIR, 'latchkey.sqlite') }
}
