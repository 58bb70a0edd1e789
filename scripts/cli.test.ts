import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest } from '@/lib/api/handle-request'
import { workspaceForApiKey } from '@/lib/auth/api-keys'
import { openStore, type Store, type StoreConfig } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { testDatabaseUrl, testEngine } from '@/tests/support/test-store'

// The CLI runs as a child process, as an administrator runs it, on a store the test opens too: a temp DATA_DIR, or
// (TEST_STORE=postgres) a database of its own on the test server, given to the CLI as DATABASE_URL.
const root = path.resolve(import.meta.dirname, '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')

let dataDir: string
let database: string | undefined
let cliEnv: NodeJS.ProcessEnv
let storeConfig: StoreConfig

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

function runCli(...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--conditions=react-server', 'scripts/cli.ts', ...args], { cwd: root, env: cliEnv })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Parses stdout that must be exactly one line of JSON. */
function jsonLine(result: CliResult): unknown {
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout.endsWith('\n')).toBe(true)
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
  return JSON.parse(result.stdout)
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

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeConfig)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

async function listDevicesWithKey(store: Store, apiKey: string): Promise<{ status: number; deviceIds: string[] }> {
  const request = new Request('http://127.0.0.1/api/devices/list', { headers: { authorization: `Bearer ${apiKey}` } })
  const response = await handleApiRequest(request, '/devices/list', { db: store.db, clock: systemClock })
  const body = (await response.json()) as { devices?: { device_id: string }[] }
  return { status: response.status, deviceIds: (body.devices ?? []).map((d) => d.device_id) }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-'))
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  cliEnv = { ...inherited, DATA_DIR: dataDir }
  storeConfig = { engine: 'sqlite', file: path.join(dataDir, 'latchkey.sqlite') }
  if (testEngine === 'postgres') {
    database = `latchkey_cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await adminQuery(`create database "${database}"`)
    const url = new URL(testDatabaseUrl)
    url.pathname = `/${database}`
    cliEnv.DATABASE_URL = url.toString()
    storeConfig = { engine: 'postgres', url: url.toString() }
  }
})

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true })
  if (database !== undefined) await adminQuery(`drop database if exists "${database}" with (force)`)
})

describe('cli', () => {
  let workspaceId = ''
  let firstKey = ''
  let deviceIds: string[] = []

  it('workspace create --json prints only the workspace, its key and its sandbox devices', async () => {
    const output = jsonLine(
      await runCli('workspace', 'create', '--name', 'CLI test', '--sandbox-devices', '5', '--json'),
    )
    expect(output).toEqual({
      workspace_id: expect.any(String),
      api_key: expect.stringMatching(/^seam_[A-Za-z0-9_-]{20,}$/),
      device_ids: expect.any(Array),
      property_id: expect.any(String),
    })
    const created = output as { workspace_id: string; api_key: string; device_ids: string[] }
    expect(new Set(created.device_ids).size).toBe(5)
    workspaceId = created.workspace_id
    firstKey = created.api_key
    deviceIds = created.device_ids

    await withStore(async (store) => {
      expect(await workspaceForApiKey(store.db, firstKey)).toBe(workspaceId)
      const listed = await listDevicesWithKey(store, firstKey)
      expect(listed.status).toBe(200)
      expect([...listed.deviceIds].sort()).toEqual([...deviceIds].sort())
      const providers = await store.db
        .selectFrom('devices')
        .select('provider')
        .where('workspace_id', '=', workspaceId)
        .execute()
      expect(new Set(providers.map((p) => p.provider)).size).toBe(5)
    })
  })

  it('api-key create makes a second working key, and api-key revoke turns it off', async () => {
    const created = jsonLine(
      await runCli('api-key', 'create', '--workspace', workspaceId, '--name', 'ci', '--json'),
    ) as {
      api_key_id: string
      api_key: string
    }
    expect(Object.keys(created).sort()).toEqual(['api_key', 'api_key_id'])
    expect(created.api_key).toMatch(/^seam_/)
    expect(created.api_key).not.toBe(firstKey)
    await withStore(async (store) => {
      expect((await listDevicesWithKey(store, created.api_key)).status).toBe(200)
    })

    const revoked = await runCli('api-key', 'revoke', '--id', created.api_key_id)
    expect(revoked.code).toBe(0)
    expect(revoked.stdout).toContain('Revoked API key "ci"')
    await withStore(async (store) => {
      expect((await listDevicesWithKey(store, created.api_key)).status).toBe(401)
      expect((await listDevicesWithKey(store, firstKey)).status).toBe(200)
      const row = await store.db
        .selectFrom('api_keys')
        .select('revoked_at')
        .where('api_key_id', '=', created.api_key_id)
        .executeTakeFirstOrThrow()
      expect(row.revoked_at).not.toBeNull()
    })
  })

  it('property create and device add put a lock of the chosen brand in a property with a canonical time zone', async () => {
    const property = jsonLine(
      await runCli(
        'property',
        'create',
        '--workspace',
        workspaceId,
        '--name',
        'Lakeside Cabin',
        '--timezone',
        'europe/lisbon',
        '--json',
      ),
    ) as { property_id: string; timezone: string }
    expect(property.timezone).toBe('Europe/Lisbon')
    const device = jsonLine(
      await runCli(
        'device',
        'add',
        '--workspace',
        workspaceId,
        '--property',
        property.property_id,
        '--brand',
        'lockly',
        '--json',
      ),
    ) as { device_id: string }
    await withStore(async (store) => {
      const row = await store.db
        .selectFrom('devices')
        .select(['provider', 'property_id', 'workspace_id'])
        .where('device_id', '=', device.device_id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ provider: 'lockly', property_id: property.property_id, workspace_id: workspaceId })
    })
  })

  it('refuses an unknown workspace and an invalid time zone with exit code 1 and a clear message', async () => {
    const [unknownWorkspace, badZone, missingOption] = await Promise.all([
      runCli('api-key', 'create', '--workspace', '00000000-0000-7000-8000-000000000000', '--json'),
      runCli('workspace', 'create', '--name', 'Bad zone', '--timezone', 'Mars/Olympus_Mons', '--json'),
      runCli('api-key', 'create', '--json'),
    ])
    expect(unknownWorkspace).toMatchObject({ code: 1, stdout: '' })
    expect(unknownWorkspace.stderr).toContain('No workspace with id 00000000-0000-7000-8000-000000000000')
    expect(badZone).toMatchObject({ code: 1, stdout: '' })
    expect(badZone.stderr).toContain('"Mars/Olympus_Mons" is not a time zone')
    expect(missingOption).toMatchObject({ code: 2, stdout: '' })
    expect(missingOption.stderr).toContain('--workspace is required')
    await withStore(async (store) => {
      const names = await store.db.selectFrom('workspaces').select('name').execute()
      expect(names.map((n) => n.name)).toEqual(['CLI test'])
    })
  })
})
