import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { HttpClient } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

// /seam/connect, /seam/status and /seam/disconnect over HTTP, against @seamapi/fake-seam-connect on 127.0.0.1.

let store: Store
let server: TestApiServer
let seam: FakeSeam
let api: HttpClient
const previousKey = process.env.LATCHKEY_SECRET_KEY

beforeAll(async () => {
  process.env.LATCHKEY_SECRET_KEY = crypto.randomBytes(32).toString('base64')
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  seam = await startFakeSeam()
  seam.fake.database.addDevice({
    workspace_id: seam.workspaceId,
    connected_account_id: seam.connectedAccountId,
    device_type: 'yale_lock',
    name: 'Garage door',
    display_name: 'Garage door',
    can_program_online_access_codes: true,
    properties: { online: true } as never,
  })
  const ws = await createWorkspace(store.db, systemClock, { name: 'Seam API', sandboxDevices: 0 })
  api = new HttpClient(server.endpoint, ws.api_key)
})
afterAll(async () => {
  await seam?.close()
  await server?.close()
  await store?.close()
  if (previousKey === undefined) delete process.env.LATCHKEY_SECRET_KEY
  else process.env.LATCHKEY_SECRET_KEY = previousKey
})

describe('the Seam connection operations', () => {
  it('answers a null connection before any', async () => {
    const answer = await api.call('/seam/status')
    expect(answer.status).toBe(200)
    expect(answer.body.seam_connection).toBeNull()
  })

  it('refuses bad input and a key Seam refuses with invalid_input naming the field', async () => {
    const missing = await api.call('/seam/connect', { endpoint: seam.endpoint })
    expect(missing.status).toBe(400)
    expect((missing.body.error as { type: string }).type).toBe('invalid_input')

    const notSeam = await api.call('/seam/connect', { api_key: 'sk_live_123', endpoint: seam.endpoint })
    expect(notSeam.status).toBe(400)
    expect((notSeam.body.error as { message: string }).message).toMatch(/api_key/)

    const refused = await api.call('/seam/connect', { api_key: 'seam_wrong_key_0000', endpoint: seam.endpoint })
    expect(refused.status).toBe(400)
    expect((refused.body.error as { message: string }).message).toMatch(/Seam refused this API key/)

    const badSecret = await api.call('/seam/connect', {
      api_key: seam.apiKey,
      endpoint: seam.endpoint,
      webhook_secret: 'not-a-secret',
    })
    expect(badSecret.status).toBe(400)
    expect((badSecret.body.error as { message: string }).message).toMatch(
      /webhook_secret: must be a Seam webhook secret/,
    )

    const nowhere = await api.call('/seam/connect', { api_key: seam.apiKey, endpoint: 'http://127.0.0.1:9' })
    expect(nowhere.status).toBe(400)
    expect((nowhere.body.error as { message: string }).message).toMatch(/could not be reached/)
  })

  it('refuses endpoints the server must not call (SSRF): 400 invalid_input on endpoint, and nothing is sent', async () => {
    const before = seam.requests.length
    const refusals: [string, RegExp][] = [
      ['http://169.254.169.254/latest/meta-data', /link-local/],
      ['http://[::ffff:169.254.169.254]', /link-local/],
      ['http://connect.getseam.com', /must use https/],
      ['https://10.0.0.5', /private network address/],
      ['https://192.168.1.20:8443', /private network address/],
      ['file:///etc/passwd', /http:\/\/ or https:\/\//],
    ]
    for (const [endpoint, message] of refusals) {
      const answer = await api.call('/seam/connect', { api_key: seam.apiKey, endpoint })
      expect(answer.status, endpoint).toBe(400)
      const error = answer.body.error as { type: string; message: string }
      expect(error.type).toBe('invalid_input')
      expect(error.message, endpoint).toMatch(/endpoint: /)
      expect(error.message, endpoint).toMatch(message)
    }
    expect(seam.requests.length).toBe(before)
    expect((await api.call('/seam/status')).body.seam_connection).toBeNull()
  })

  it('connects with a good key, imports the lock, and never answers the key back', async () => {
    const answer = await api.call('/seam/connect', { api_key: seam.apiKey, endpoint: seam.endpoint })
    expect(answer.status).toBe(200)
    expect(JSON.stringify(answer.body)).not.toContain(seam.apiKey)
    expect(answer.body.seam_connection).toMatchObject({
      status: 'connected',
      api_key_last4: seam.apiKey.slice(-4),
      locks_imported: 1,
      seam_workspace_id: seam.workspaceId,
      webhook_secret_set: false,
    })
    const devices = await api.call('/devices/list')
    const list = devices.body.devices as { display_name: string; is_sandbox?: boolean }[]
    expect(list.map((d) => d.display_name)).toEqual(['Garage door'])
    const status = await api.call('/seam/status')
    expect(JSON.stringify(status.body)).not.toContain(seam.apiKey)
  })

  it('disconnects', async () => {
    const answer = await api.call('/seam/disconnect')
    expect(answer).toMatchObject({ status: 200, body: { disconnected: true } })
    expect((await api.call('/seam/status')).body.seam_connection).toBeNull()
  })
})
