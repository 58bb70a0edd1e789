import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { newWebhookSecret } from '@/tests/support/svix'
import { createCliStore, type CliStore } from '@/tests/support/cli-process'

// `seam connect|status` as an administrator runs them (a child process, as scripts/cli.test.ts runs the CLI), against
// @seamapi/fake-seam-connect on 127.0.0.1, on a store of its own: a temp DATA_DIR or (TEST_STORE=postgres) a database.
let cli: CliStore
let seam: FakeSeam
let workspaceId: string
const webhookSecret = newWebhookSecret()

const runCli = (input: string, ...args: string[]) => cli.run(input, ...args)

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
  cli = await createCliStore('seam-cli', { LATCHKEY_SECRET_KEY: crypto.randomBytes(32).toString('base64') })
  const created = await runCli('', 'workspace', 'create', '--name', 'Seam CLI', '--sandbox-devices', '0', '--json')
  expect(created.code).toBe(0)
  workspaceId = (JSON.parse(created.stdout) as { workspace_id: string }).workspace_id
})

afterAll(async () => {
  await seam?.close()
  await cli?.dispose()
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
