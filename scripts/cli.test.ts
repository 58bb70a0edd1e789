import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest } from '@/lib/api/handle-request'
import { workspaceForApiKey } from '@/lib/auth/api-keys'
import { openStore, type Store, type StoreConfig } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createCliStore, type CliResult, type CliStore } from '@/tests/support/cli-process'

// The CLI runs as a child process, as an administrator runs it, on a store the test opens too
// (tests/support/cli-process.ts).
let cli: CliStore
let storeConfig: StoreConfig

const runCli = (...args: string[]): Promise<CliResult> => cli.run('', ...args)
/** Runs the CLI with `input` on its stdin (a pipe, never a terminal), as `printf … | npm run cli -- …` does. */
const runCliWithInput = (input: string, ...args: string[]): Promise<CliResult> => cli.run(input, ...args)

/** Parses stdout that must be exactly one line of JSON. */
function jsonLine(result: CliResult): unknown {
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout.endsWith('\n')).toBe(true)
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(1)
  return JSON.parse(result.stdout)
}

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeConfig)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

/** Signs in through the API's real handler on the CLI's store: the status, and the session cookie. */
async function signIn(store: Store, email: string, password: string): Promise<{ status: number; cookie: string }> {
  const request = new Request('http://127.0.0.1/api/auth/sign_in', {
    method: 'POST',
    headers: { 'latchkey-client': 'dashboard', 'content-type': 'application/json', 'x-forwarded-for': '127.0.0.1' },
    body: JSON.stringify({ email, password }),
  })
  const response = await handleApiRequest(request, '/auth/sign_in', { db: store.db, clock: systemClock })
  return { status: response.status, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' }
}

async function sessionStatus(store: Store, cookie: string): Promise<number> {
  const request = new Request('http://127.0.0.1/api/auth/session', { headers: { cookie } })
  return (await handleApiRequest(request, '/auth/session', { db: store.db, clock: systemClock })).status
}

async function listDevicesWithKey(store: Store, apiKey: string): Promise<{ status: number; deviceIds: string[] }> {
  const request = new Request('http://127.0.0.1/api/devices/list', { headers: { authorization: `Bearer ${apiKey}` } })
  const response = await handleApiRequest(request, '/devices/list', { db: store.db, clock: systemClock })
  const body = (await response.json()) as { devices?: { device_id: string }[] }
  return { status: response.status, deviceIds: (body.devices ?? []).map((d) => d.device_id) }
}

beforeAll(async () => {
  cli = await createCliStore('cli')
  storeConfig = cli.storeConfig
})

afterAll(async () => {
  await cli?.dispose()
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

  describe('users', () => {
    const email = 'robin@example.com'
    const password = 'a long enough passphrase'

    it('refuses --password on the command line, saying why and what to use, and creates nothing', async () => {
      for (const flag of [['--password', password], [`--password=${password}`]]) {
        const result = await runCli('user', 'create', '--email', email, '--workspace', workspaceId, ...flag)
        expect(result).toMatchObject({ code: 2, stdout: '' })
        expect(result.stderr).toContain('--password is not accepted')
        expect(result.stderr).toContain('shell history')
        expect(result.stderr).toContain('--password-stdin')
      }
      await withStore(async (store) => {
        expect(await store.db.selectFrom('users').select('email').execute()).toEqual([])
      })
    })

    it('without --password-stdin and without a terminal, says how to give the password', async () => {
      const result = await runCli('user', 'create', '--email', email, '--workspace', workspaceId)
      expect(result).toMatchObject({ code: 2, stdout: '' })
      expect(result.stderr).toContain('no password: pipe it in with --password-stdin')
    })

    it('user create --password-stdin reads the first line of stdin, and makes a member by default', async () => {
      const short = await runCliWithInput(
        'short\n',
        'user',
        'create',
        '--email',
        email,
        '--workspace',
        workspaceId,
        '--password-stdin',
      )
      expect(short).toMatchObject({ code: 1, stdout: '' })
      expect(short.stderr).toContain('at least 8 characters')

      const created = jsonLine(
        await runCliWithInput(
          `${password}\nignored second line\n`,
          'user',
          'create',
          '--email',
          email,
          '--workspace',
          workspaceId,
          '--password-stdin',
          '--json',
        ),
      )
      expect(created).toMatchObject({ email, workspace_id: workspaceId, role: 'member' })
      await withStore(async (store) => {
        expect((await signIn(store, email, password)).status).toBe(200)
      })
      const admin = jsonLine(
        await runCliWithInput(
          `${password}\n`,
          'user',
          'create',
          '--email',
          'alex@example.com',
          '--workspace',
          workspaceId,
          '--role',
          'admin',
          '--password-stdin',
          '--json',
        ),
      )
      expect(admin).toMatchObject({ role: 'admin' })
    })

    it('user sign-out ends every session of the user', async () => {
      await withStore(async (store) => {
        const first = await signIn(store, email, password)
        const second = await signIn(store, email, password)
        expect(jsonLine(await runCli('user', 'sign-out', '--email', email, '--json'))).toMatchObject({
          ended_sessions: 3,
        })
        expect(await sessionStatus(store, first.cookie)).toBe(401)
        expect(await sessionStatus(store, second.cookie)).toBe(401)
      })
    })

    it('user password sets a new password from stdin and signs the user out everywhere', async () => {
      await withStore(async (store) => {
        const before = await signIn(store, email, password)
        const result = await runCliWithInput(
          'another passphrase\n',
          'user',
          'password',
          '--email',
          email,
          '--password-stdin',
        )
        expect(result).toMatchObject({ code: 0, stderr: '' })
        expect(result.stdout).toContain('signed out everywhere')
        expect(await sessionStatus(store, before.cookie)).toBe(401)
        expect((await signIn(store, email, password)).status).toBe(401)
        expect((await signIn(store, email, 'another passphrase')).status).toBe(200)
      })
    })

    it('user disable ends their sessions and refuses sign-in; user enable lets them back', async () => {
      await withStore(async (store) => {
        const before = await signIn(store, email, 'another passphrase')
        expect((await runCli('user', 'disable', '--email', email)).code).toBe(0)
        expect(await sessionStatus(store, before.cookie)).toBe(401)
        expect((await signIn(store, email, 'another passphrase')).status).toBe(403)
        expect((await runCli('user', 'enable', '--email', email)).code).toBe(0)
        expect((await signIn(store, email, 'another passphrase')).status).toBe(200)
      })
    })

    it('user remove takes the user out of the workspace', async () => {
      const removed = await runCli('user', 'remove', '--workspace', workspaceId, '--email', email)
      expect(removed).toMatchObject({ code: 0, stderr: '' })
      expect(removed.stdout).toContain('is no longer a member of workspace "CLI test"')
      await withStore(async (store) => {
        const memberships = await store.db
          .selectFrom('memberships')
          .innerJoin('users', 'users.user_id', 'memberships.user_id')
          .select('users.email')
          .execute()
        expect(memberships.map((m) => m.email)).toEqual(['alex@example.com'])
      })
      const again = await runCli('user', 'remove', '--workspace', workspaceId, '--email', email)
      expect(again).toMatchObject({ code: 1 })
      expect(again.stderr).toContain('is not a member')
      const unknown = await runCli('user', 'disable', '--email', 'nobody@example.com')
      expect(unknown).toMatchObject({ code: 1 })
      expect(unknown.stderr).toContain('No user with email nobody@example.com')
    })
  })
})
