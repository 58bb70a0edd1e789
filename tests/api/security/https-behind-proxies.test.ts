// When an API answer counts as HTTPS (issue 12, mutation survivors of lib/api/security-headers.ts): an https address,
// or X-Forwarded-Proto from a TLS-terminating proxy, where a chain of proxies names the client's scheme first and
// proxies differ in case and spacing. HSTS is sent exactly then.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest } from '@/lib/api/handle-request'
import { STRICT_TRANSPORT_SECURITY } from '@/lib/api/security-headers'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let ws: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  ws = await createWorkspace(store.db, clock, { name: 'Proxies', sandboxDevices: 1 })
})

afterAll(async () => {
  await store?.close()
})

/** The HSTS header of a device list asked for at `address`, with these extra headers. */
async function hstsOf(address: string, headers: Record<string, string> = {}): Promise<string | null> {
  const request = new Request(`${address}/api/devices/list`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.api_key}`, 'content-type': 'application/json', ...headers },
    body: '{}',
  })
  const response = await handleApiRequest(request, '/devices/list', { db: store.db, clock })
  expect(response.status).toBe(200)
  return response.headers.get('strict-transport-security')
}

describe('HSTS on API answers', () => {
  it('is sent for an https address, whatever a proxy says', async () => {
    expect(await hstsOf('https://latchkey.example')).toBe(STRICT_TRANSPORT_SECURITY)
  })

  it('is sent when the first proxy of a chain saw https, in any case and spacing', async () => {
    for (const forwarded of ['https, http', ' HTTPS ,http', 'Https']) {
      expect({ forwarded, hsts: await hstsOf('http://127.0.0.1:3000', { 'x-forwarded-proto': forwarded }) }).toEqual({
        forwarded,
        hsts: STRICT_TRANSPORT_SECURITY,
      })
    }
  })

  it('is not sent when the client came over plain http, even if a later hop used https', async () => {
    for (const forwarded of ['http, https', 'http', '']) {
      expect({ forwarded, hsts: await hstsOf('http://127.0.0.1:3000', { 'x-forwarded-proto': forwarded }) }).toEqual({
        forwarded,
        hsts: null,
      })
    }
    expect(await hstsOf('http://127.0.0.1:3000')).toBeNull()
  })
})
