import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { newWebhookSecret } from '@/tests/support/svix'
import { testDatabaseUrl, testEngine } from '@/tests/support/test-store'

// `seam connect|status` as an administrator runs them (a child process, as scripts/cli.test.ts runs the CLI), against
// @seamapi/fake-seam-connect on 127.0.0.1, on a store of its own: a temp DATA_DIR or (TEST_STORE=postgres) a database.
const root = path.resolve(import.meta.dirname, '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')

let dataDir: string
let database: string | undefined
let cliEnv: NodeJS.ProcessEnv
let seam: FakeSeam
let workspaceId: string
const webhookSecret = newWebhookSecret()

interface CliResult {
  code: number | null
  stdout: string
  stderr: string
}

function runCli(input: string, ...args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['--conditions=react-server', 'scripts/cli.ts', ...args], { cwd: root, env: cliEnv })
    child.stdin.end(input)
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
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

const connect = (stdin: string, ...extra: string[]) =>
  runCli(stdin, 'seam', 'connect', '--workspace', workspaceId, '--api-key-stdin', '--endpoint', seam.endpoint, ...extra)

beforeAll(async () => {
  seam = await startFakeSeam()
  seam.fake.database.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'august_lock',
    name: 'Front door',
    display_name: 'Front door',
    can_program_online_access_codes: true,
    properties: { online: true } as never,
  })
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-seam-cli-'))
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  cliEnv = { ...inherited, DATA_DIR: dataDir, LATCHKEY_SECRET_KEY: crypto.randomBytes(32).toString('base64') }
  if (testEngine === 'postgres') {
    database = `latchkey_seam_cli_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
    await adminQuery(`create database "${database}"`)
    const url = new URL(testDatabaseUrl)
    url.pathname = `/${database}`
    cliEnv.DATABASE_URL = url.toString()
  }
  const created = await runCli('', 'workspace', 'create', '--name', 'Seam CLI', '--sandbox-devices', '0', '--json')
  expect(created.code).toBe(0)
  workspaceId = (JSON.parse(created.stdout) as { workspace_id: string }).workspace_id
})

afterAll(async () => {
  await seam?.close()
  fs.rmSync(dataDir, { recursive: true, force: true })
  if (database !== undefined) await adminQuery(`drop database if exists "${database}" with (force)`)
})

describe('seam connect and seam status (CLI)', () => {
  it('refuses a second stdin line unless --webhook-secret-stdin says what it is, and a missing one when it does', async () => {
    const twoLines = await connect(`${seam.apiKey}\n${webhookSecret}\n`)
    expect(twoLines.code).toBe(2)
    expect(twoLines.stderr).toMatch(/give --webhook-secret-stdin/)
    const oneLine = await connect(`${seam.apiKey}\n`, '--webhook-secret-stdin')
    expect(oneLine.code).toBe(2)
    expect(oneLine.stderr).toMatch(/webhook secret on its second/)
    expect(`${twoLines.stderr}${oneLine.stderr}`).not.toContain(seam.apiKey)
  })

  it('refuses a webhook secret that is not one, and an endpoint the server must not call', async () => {
    const badSecret = await connect(`${seam.apiKey}\nnot-a-secret\n`, '--webhook-secret-stdin')
    expect(badSecret.code).toBe(1)
    expect(badSecret.stderr).toMatch(/webhook_secret: must be a Seam webhook secret/)
    expect(badSecret.stderr).not.toContain('not-a-secret')
    const metadata = await runCli(
      `${seam.apiKey}\n`,
      'seam',
      'connect',
      '--workspace',
      workspaceId,
      '--api-key-stdin',
      '--endpoint',
      'http://169.254.169.254',
    )
    expect(metadata.code).toBe(1)
    expect(metadata.stderr).toMatch(/endpoint: must not point at a link-local address/)
  })

  it('connects with the API key and the webhook secret from stdin; status says webhooks are accepted', async () => {
    const connected = await connect(`${seam.apiKey}\n${webhookSecret}\n`, '--webhook-secret-stdin')
    expect(connected.stderr).toBe('')
    expect(connected.code).toBe(0)
    expect(connected.stdout).toMatch(/Webhooks: secret set/)
    expect(connected.stdout).toMatch(/locks imported: 1/)
    expect(connected.stdout).not.toContain(seam.apiKey)
    expect(connected.stdout).not.toContain(webhookSecret)

    const status = await runCli('', 'seam', 'status', '--workspace', workspaceId)
    expect(status.code).toBe(0)
    expect(status.stdout).toMatch(/Webhooks: secret set/)
    const json = await runCli('', 'seam', 'status', '--workspace', workspaceId, '--json')
    expect(JSON.parse(json.stdout)).toMatchObject({
      seam_connection: { webhook_secret_set: true, status: 'connected' },
    })
    expect(json.stdout).not.toContain(webhookSecret)
  })

  it('a new key without a webhook secret keeps the secret stored; disconnected, status says so', async () => {
    const again = await connect(`${seam.apiKey}\n`)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/Webhooks: secret set/)
    await runCli('', 'seam', 'disconnect', '--workspace', workspaceId)
    const status = await runCli('', 'seam', 'status', '--workspace', workspaceId)
    expect(status.stdout.trim()).toBe('Not connected to Seam.')
    const plain = await connect(`${seam.apiKey}\n`)
    expect(plain.code).toBe(0)
    expect(plain.stdout).toMatch(/Webhooks: no secret — polling only/)
  })
})
