// The body limits at their exact edge (issue 12, mutation survivors of lib/api/handle-request.ts): a body of exactly
// the limit is read and answered on its content, one byte more is 413 payload_too_large, whether the size is declared
// in Content-Length or only found while reading. Sent straight to the API wrapper, as Next.js hands a request over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest, MAX_AUTH_BODY_BYTES, MAX_BODY_BYTES } from '@/lib/api/handle-request'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let ws: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  ws = await createWorkspace(store.db, clock, { name: 'Body limits', sandboxDevices: 1 })
})

afterAll(async () => {
  await store?.close()
})

/** `json` followed by spaces (still the same JSON) to exactly `totalBytes` bytes. */
function paddedTo(json: Json, totalBytes: number): Uint8Array {
  const text = JSON.stringify(json)
  const bytes = new Uint8Array(totalBytes).fill(0x20)
  bytes.set(new TextEncoder().encode(text))
  return bytes
}

/** The body as a stream of 64 KB chunks: the size is known only once it has been read. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close()
        return
      }
      controller.enqueue(bytes.slice(offset, offset + 64 * 1024))
      offset += 64 * 1024
    },
  })
}

async function send(
  path: string,
  bytes: Uint8Array,
  options: { declared: boolean; headers?: Record<string, string> },
): Promise<{ status: number; type: unknown; body: Json }> {
  const headers = new Headers({ 'content-type': 'application/json', ...options.headers })
  if (options.declared) headers.set('content-length', String(bytes.byteLength))
  const init = { method: 'POST', headers, body: streamOf(bytes), duplex: 'half' } as RequestInit
  const response = await handleApiRequest(new Request(`http://127.0.0.1/api${path}`, init), path, {
    db: store.db,
    clock,
  })
  const body: unknown = await response.json()
  if (!isJson(body)) throw new Error(`expected a JSON object: ${JSON.stringify(body)}`)
  return { status: response.status, type: isJson(body.error) ? body.error.type : undefined, body }
}

const withKey = (): Record<string, string> => ({ authorization: `Bearer ${ws.api_key}` })

describe('an API body of exactly 1 MB', () => {
  for (const declared of [true, false]) {
    const how = declared ? 'declared in Content-Length' : 'without a Content-Length'
    it(`is read and answered on its content (${how}); one byte more is 413`, async () => {
      const atLimit = await send(
        '/access_codes/create',
        paddedTo({ device_id: ws.device_ids[0], name: `At the limit, ${how}` }, MAX_BODY_BYTES),
        { declared, headers: withKey() },
      )
      expect({ status: atLimit.status, type: atLimit.type }).toEqual({ status: 200, type: undefined })
      expect(atLimit.body.access_code).toMatchObject({ name: `At the limit, ${how}` })

      const over = await send(
        '/access_codes/create',
        paddedTo({ device_id: ws.device_ids[0], name: `Over the limit, ${how}` }, MAX_BODY_BYTES + 1),
        { declared, headers: withKey() },
      )
      expect({ status: over.status, type: over.type }).toEqual({ status: 413, type: 'payload_too_large' })
    })
  }
})

describe('a sign-in body of exactly 16 KB', () => {
  const dashboard = { 'latchkey-client': 'dashboard' }
  const signIn = { email: 'nobody@example.com', password: 'not the password' }

  for (const declared of [true, false]) {
    const how = declared ? 'declared in Content-Length' : 'without a Content-Length'
    it(`is read and judged on its content (${how}); one byte more is 413`, async () => {
      const atLimit = await send('/auth/sign_in', paddedTo(signIn, MAX_AUTH_BODY_BYTES), {
        declared,
        headers: dashboard,
      })
      // Read whole: the unknown person is refused for who they are, not for the size of what they sent.
      expect({ status: atLimit.status, type: atLimit.type }).toEqual({ status: 401, type: 'unauthorized' })

      const over = await send('/auth/sign_in', paddedTo(signIn, MAX_AUTH_BODY_BYTES + 1), {
        declared,
        headers: dashboard,
      })
      expect({ status: over.status, type: over.type }).toEqual({ status: 413, type: 'payload_too_large' })
      expect(String(isJson(over.body.error) ? over.body.error.message : '')).toContain('16 KB')
    })
  }
})
