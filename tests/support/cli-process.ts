import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { StoreConfig } from '@/lib/db/connection'
import { testDatabaseUrl, testEngine } from '@/tests/support/test-store'

// The administrators' CLI as an administrator runs it: a child process (`tsx scripts/cli.ts …`) on a store of its own
// that the test can open too — a temporary DATA_DIR, or (TEST_STORE=postgres) a fresh database on the test server,
// given to the CLI as DATABASE_URL.

const root = path.resolve(import.meta.dirname, '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')

export interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface CliStore {
  /** The environment the CLI runs with (the test's own, less DATABASE_URL, plus the store's and `extraEnv`). */
  env: NodeJS.ProcessEnv
  /** The same store, for the test to open. */
  storeConfig: StoreConfig
  /** Runs the CLI with `input` on its stdin (a pipe, never a terminal), as `printf … | npm run cli -- …` does. */
  run(input: string, ...args: string[]): Promise<CliResult>
  /** Removes the temporary folder and drops the database. */
  dispose(): Promise<void>
}

async function adminQuery(statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

export async function createCliStore(prefix: string, extraEnv: Record<string, string> = {}): Promise<CliStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `latchkey-${prefix}-`))
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  const env: NodeJS.ProcessEnv = { ...inherited, ...extraEnv, DATA_DIR: dataDir }
  let storeConfig: StoreConfig = { engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') }
  let database: string | undefined
  if (testEngine === 'postgres') {
    database = `latchkey_${prefix.replaceAll('-', '_')}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await adminQuery(`create database "${database}"`)
    const url = new URL(testDatabaseUrl)
    url.pathname = `/${database}`
    env.DATABASE_URL = url.toString()
    storeConfig = { engine: 'postgres', url: url.toString() }
  }
  return {
    env,
    storeConfig,
    run: (input, ...args) =>
      new Promise((resolve, reject) => {
        const child = spawn(tsx, ['--conditions=react-server', 'scripts/cli.ts', ...args], { cwd: root, env })
        child.stdin.end(input)
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('error', reject)
        child.on('close', (code) => resolve({ code, stdout, stderr }))
      }),
    dispose: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true })
      if (database !== undefined) await adminQuery(`drop database if exists "${database}" with (force)`)
    },
  }
}
