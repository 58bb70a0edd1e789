import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { openStore, type Store } from '@/lib/db/connection'

/** Which engine the suite runs on: `TEST_STORE=postgres` runs every store-backed test against PostgreSQL. */
export const testEngine: 'sqlite' | 'postgres' = process.env.TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * A fresh, migrated store for one test file: a new SQLite file in a temp folder, or a new schema in the test
 * PostgreSQL database. `close()` drops it again.
 */
export async function openTestStore(): Promise<Store> {
  if (testEngine === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-test-'))
    const store = await openStore({ engine: 'sqlite', file: path.join(dir, 'test.sqlite') })
    return {
      ...store,
      close: async () => {
        await store.close()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const { schema, drop } = await createTestSchema()
  const store = await openStore({ engine: 'postgres', url: testDatabaseUrl, schema })
  return {
    ...store,
    close: async () => {
      await store.close()
      await drop()
    },
  }
}

/** A new, empty schema in the test PostgreSQL database, and how to drop it (with everything in it). */
export async function createTestSchema(prefix = 't'): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: testDatabaseUrl })
  await admin.connect()
  await admin.query(`create schema "${schema}"`)
  await admin.end()
  return {
    schema,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: testDatabaseUrl })
      await dropper.connect()
      await dropper.query(`drop schema "${schema}" cascade`)
      await dropper.end()
    },
  }
}
