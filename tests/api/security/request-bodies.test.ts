// Issue 13, point 1: an oversized body costs at most the limit in memory. A declared Content-Length over the limit is
// refused before a byte is read, a body without one (or lying about it) is cut off at the limit, and who may call
// (method, API key or session, same site) is settled before the body is read at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest, MAX_AUTH_BODY_BYTES, MAX_BODY_BYTES } from '@/lib/api/handle-request'
import { operationsByPath } from '@/lib/api/operations'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
const CHUNK_BYTES = 64 * 1024
const HUGE_BYTES = 48 * 1024 * 1024
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Bodies', sandboxDevices: 1 })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

/** A request body of `totalBytes` spaces, produced only as it is read, that counts what was read. */
function countingBody(totalBytes: number): { stream: ReadableStream<Uint8Array>; read: () => number } {
  const chunk = new Uint8Array(CHUNK_BYTES).fill(0x20)
  let produced = 0
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (produced >= totalBytes) {
          controller.close()
          return
        }
        produced += chunk.byteLength
        controller.enqueue(chunk)
      },
    },
    // Nothing is produced ahead of a read.
    new CountQueuingStrategy({ highWaterMark: 0 }),
  )
  return { stream, read: () => produced }
}

interface Sent {
  status: number
  type: unknown
  read: number
}

/** Sends a streamed body straight to the API wrapper (as Next.js hands it over) and reports how much it read. */
async function send(
  path: string,
  options: { bytes: number; declaredLength?: number; method?: string; headers?: Record<string, string> },
): Promise<Sent> {
  const body = countingBody(options.bytes)
  const headers = new Headers({ 'content-type': 'application/json', ...options.headers })
  if (options.declaredLength !== undefined) headers.set('content-length', String(options.declaredLength))
  const init = { method: options.method ?? 'POST', headers, body: body.stream, duplex: 'half' } as RequestInit
  const response = await handleApiRequest(new Request(`http://127.0.0.1/api${path}`, init), path, {
    db: store.db,
    clock,
  })
  const parsed: unknown = await response.json()
  if (!isJson(parsed) || !isJson(parsed.error)) throw new Error(`expected an error envelope: ${JSON.stringify(parsed)}`)
  expect(parsed.ok).toBe(false)
  return { status: response.status, type: parsed.error.type, read: body.read() }
}

const withKey = (): Record<string, string> => ({ authorization: `Bearer ${ws.api_key}` })

describe('a body over the limit', () => {
  it('is refused on its Content-Length with 413 payload_too_large, before a byte is read', async () => {
    const sent = await send('/access_codes/create', {
      bytes: HUGE_BYTES,
      declaredLength: 300 * 1024 * 1024,
      headers: withKey(),
    })
    expect(sent).toEqual({ status: 413, type: 'payload_too_large', read: 0 })
  })

  it('without a Content-Length, is read only up to the limit, then refused with 413', async () => {
    const sent = await send('/access_codes/create', { bytes: HUGE_BYTES, headers: withKey() })
    expect({ status: sent.status, type: sent.type }).toEqual({ status: 413, type: 'payload_too_large' })
    expect(sent.read).toBeLessThanOrEqual(MAX_BODY_BYTES + CHUNK_BYTES)
  })

  it('that declares a small Content-Length but sends more is still cut off at the limit', async () => {
    const sent = await send('/access_codes/create', { bytes: HUGE_BYTES, declaredLength: 100, headers: withKey() })
    expect({ status: sent.status, type: sent.type }).toEqual({ status: 413, type: 'payload_too_large' })
    expect(sent.read).toBeLessThanOrEqual(MAX_BODY_BYTES + CHUNK_BYTES)
  })

  it("is measured against the operation's own limit: a CSV import may be larger than 1 MB", async () => {
    const importLimit = operationsByPath.get('/stays/import')?.maxBodyBytes ?? 0
    expect(importLimit).toBeGreaterThan(MAX_BODY_BYTES)
    const within = await send('/stays/import', { bytes: 2 * MAX_BODY_BYTES, headers: withKey() })
    // Spaces are not JSON: the body was read whole and judged on its content, not its size.
    expect({ status: within.status, type: within.type }).toEqual({ status: 400, type: 'invalid_input' })
    const over = await send('/stays/import', { bytes: importLimit + 2 * CHUNK_BYTES, headers: withKey() })
    expect({ status: over.status, type: over.type }).toEqual({ status: 413, type: 'payload_too_large' })
    expect(over.read).toBeLessThanOrEqual(importLimit + CHUNK_BYTES)
  })
})

describe('who may call is settled before the body is read', () => {
  it('a request without an API key or session: 401, nothing read', async () => {
    expect(await send('/access_codes/create', { bytes: HUGE_BYTES })).toEqual({
      status: 401,
      type: 'unauthorized',
      read: 0,
    })
  })

  it('a wrong API key: 401, nothing read', async () => {
    const sent = await send('/access_codes/create', {
      bytes: HUGE_BYTES,
      headers: { authorization: 'Bearer seam_not_a_key' },
    })
    expect(sent).toEqual({ status: 401, type: 'unauthorized', read: 0 })
  })

  it('a method the endpoint does not take, and an unknown endpoint: nothing read', async () => {
    expect(await send('/access_codes/create', { bytes: HUGE_BYTES, method: 'PUT', headers: withKey() })).toEqual({
      status: 405,
      type: 'method_not_allowed',
      read: 0,
    })
    expect(await send('/access_codes/nothing_here', { bytes: HUGE_BYTES, headers: withKey() })).toEqual({
      status: 404,
      type: 'endpoint_not_found',
      read: 0,
    })
  })

  it('sign-in from another site, or without the dashboard header: 403, nothing read', async () => {
    expect(await send('/auth/sign_in', { bytes: HUGE_BYTES, headers: { 'sec-fetch-site': 'cross-site' } })).toEqual({
      status: 403,
      type: 'forbidden',
      read: 0,
    })
    expect(await send('/auth/sign_in', { bytes: HUGE_BYTES })).toEqual({ status: 403, type: 'forbidden', read: 0 })
    expect(await send('/auth/sign_in', { bytes: HUGE_BYTES, method: 'PUT' })).toEqual({
      status: 405,
      type: 'method_not_allowed',
      read: 0,
    })
  })

  it('sign-in, which anyone may call, reads at most a few kilobytes', async () => {
    const sent = await send('/auth/sign_in', { bytes: HUGE_BYTES, headers: { 'latchkey-client': 'dashboard' } })
    expect({ status: sent.status, type: sent.type }).toEqual({ status: 413, type: 'payload_too_large' })
    expect(sent.read).toBeLessThanOrEqual(MAX_AUTH_BODY_BYTES + CHUNK_BYTES)
    const declared = await send('/auth/sign_in', {
      bytes: HUGE_BYTES,
      declaredLength: MAX_AUTH_BODY_BYTES + 1,
      headers: { 'latchkey-client': 'dashboard' },
    })
    expect(declared).toEqual({ status: 413, type: 'payload_too_large', read: 0 })
  })
})

describe('over HTTP', () => {
  it('answers 413 payload_too_large in the envelope, with a message that gives the limit', async () => {
    const response = await fetch(`${server.endpoint}/access_codes/create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.api_key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ device_id: ws.device_ids[0], name: 'x'.repeat(MAX_BODY_BYTES) }),
    })
    const body: unknown = await response.json()
    expect(response.status).toBe(413)
    expect(body).toMatchObject({
      ok: false,
      error: { type: 'payload_too_large', message: expect.stringContaining('1 MB') },
    })
  })
})
