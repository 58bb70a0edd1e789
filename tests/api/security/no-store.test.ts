// Issue 13, point 6: no API answer may be kept by a cache (they carry PINs and new API keys), and no PIN may travel
// in an address, where proxies, servers and browser history keep it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let deviceId: string
let pin: string

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'No store', sandboxDevices: 1 })
  deviceId = ws.device_ids[0] ?? ''
  const api = new HttpClient(server.endpoint, ws.api_key)
  pin = (await api.ok<{ generated_code: { code: string } }>('/access_codes/generate_code', { device_id: deviceId }))
    .generated_code.code
  await api.ok('/access_codes/create', { device_id: deviceId, name: 'Guest', code: pin })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

function send(path: string, init: RequestInit & { auth?: boolean } = {}, extra: Record<string, string> = {}) {
  const { auth, ...rest } = init
  const headers: Record<string, string> = { 'content-type': 'application/json', ...extra }
  if (auth !== false) headers.authorization = `Bearer ${ws.api_key}`
  return fetch(`${server.endpoint}${path}`, { method: 'POST', ...rest, headers })
}

describe('Cache-Control: no-store', () => {
  it('is on every answer: successes, cached lists, refusals and errors', async () => {
    const answers: [string, Response][] = [
      ['a code', await send('/access_codes/get', { body: JSON.stringify({ device_id: deviceId, code: pin }) })],
      ['a list', await send('/access_codes/list', { body: JSON.stringify({ device_id: deviceId }) })],
      ['a 401', await send('/devices/list', { auth: false })],
      ['a 404', await send('/nothing/here')],
      ['a 405', await send('/access_codes/create', { method: 'GET' })],
      ['a 400', await send('/access_codes/create', { body: '{' })],
      ['sign-in refused', await send('/auth/sign_in', { auth: false, body: '{}' }, { 'latchkey-client': 'dashboard' })],
    ]
    for (const [what, response] of answers) expect(response.headers.get('cache-control'), what).toBe('no-store')
  })

  it('leaves ETag revalidation working: a client that kept the list sends If-None-Match and gets a 304, no-store too', async () => {
    const body = JSON.stringify({ device_id: deviceId })
    const first = await send('/access_codes/list', { body })
    const etag = first.headers.get('etag')
    expect(etag).not.toBeNull()
    const again = await send('/access_codes/list', { body }, { 'if-none-match': etag ?? '' })
    expect(again.status).toBe(304)
    expect(again.headers.get('cache-control')).toBe('no-store')
    expect(again.headers.get('etag')).toBe(etag)
  })
})

describe('a PIN in the address', () => {
  const expectRefused = async (response: Response) => {
    expect(response.status).toBe(400)
    const answer = (await response.json()) as Json
    const error = answer.error as Json
    expect(error.type).toBe('invalid_input')
    expect(String(error.message)).toContain('POST body')
    expect(error.validation_errors).toMatchObject({ code: { _errors: [expect.stringContaining('query string')] } })
  }

  it('is refused on a GET, before anything is looked up', async () => {
    await expectRefused(await send(`/access_codes/get?device_id=${deviceId}&code=${pin}`, { method: 'GET' }))
    // Also where the PIN would only be a search, or an array.
    await expectRefused(await send(`/access_codes/list?code[]=${pin}`, { method: 'GET' }))
  })

  it('is refused on a POST that carries it in the query string instead of the body', async () => {
    await expectRefused(await send(`/access_codes/get?device_id=${deviceId}&code=${pin}`, { body: '' }))
  })

  it('is fine in a POST body, as the SDK sends it', async () => {
    const response = await send('/access_codes/get', { body: JSON.stringify({ device_id: deviceId, code: pin }) })
    expect(response.status).toBe(200)
  })
})
