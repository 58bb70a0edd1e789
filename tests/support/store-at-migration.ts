import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely'
import pg from 'pg'
import { migrations } from '@/lib/db/migrate'
import type { Database } from '@/lib/db/schema'
import { createTestSchema, testDatabaseUrl, testEngine } from '@/tests/support/test-store'

/** A store of this suite's engine migrated up to (and including) `last`, as a store of an older release would be. */
export async function openStoreAt(
  last: string,
): Promise<{ db: Kysely<Database>; migrateRest(): Promise<void>; close(): Promise<void> }> {
  const all = Object.entries(migrations)
  const lastIndex = all.findIndex(([name]) => name === last)
  if (lastIndex < 0) throw new Error(`no migration named ${last}`)
  const upTo: Record<string, Migration> = Object.fromEntries(all.slice(0, lastIndex + 1))
  let db: Kysely<Database>
  let schema: string | undefined
  let cleanUp: () => Promise<void>
  if (testEngine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-older-'))
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SqliteDatabase(path.join(dir, 'old.sqlite')) }),
    })
    cleanUp = async () => fs.rmSync(dir, { recursive: true, force: true })
  } else {
    const created = await createTestSchema('m')
    schema = created.schema
    const pool = new pg.Pool({ connectionString: testDatabaseUrl, max: 2 })
    pool.on('connect', (client) => {
      void client.query(`set search_path to "${created.schema}"`)
    })
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    cleanUp = created.drop
  }
  const migrate = async (set: Record<string, Migration>) => {
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => set },
      ...(schema === undefined ? {} : { migrationTableSchema: schema }),
    })
    const { error } = await migrator.migrateToLatest()
    if (error) throw error
  }
  await migrate(upTo)
  return {
    db,
    migrateRest: () => migrate(migrations),
    close: async () => {
      await db.destroy()
      await cleanUp()
    },
  }
}
