import { format } from 'node:util'
import { sql } from 'kysely'
import { Seam, SeamHttpApiError } from 'seam'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

// The 500 path, with the store itself failing: a trigger that refuses every new access code, and a store whose
// connection is closed. The caller gets Seam's envelope with a generic message and a request id; the log gets the
// same request id and the real cause; nothing of the cause (SQL, table names, stack) reaches the caller.

const SECRET = 'secret-detail-qzx'
const GENERIC = /^Something went wrong on our side\. Quote request id ([0-9a-f-]{36}) to support\.$/

let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let consoleError: MockInstance<typeof console.error>

interface Raw {
  status: number
  requestIdHeader: string | null
  text: string
  body: Json
}

async function post(endpoint: string, path: string, apiKey: string, body: Json = {}): Promise<Raw> {
  const response = await fetch(`${endpoint}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  const parsed: unknown = JSON.parse(text)
  if (!isJson(parsed)) throw new Error(`not a JSON object: ${text}`)
  return { status: response.status, requestIdHeader: response.headers.get('seam-request-id'), text, body: parsed }
}

/** Checks the whole 500 answer and returns its request id. */
function expectInternalError(answer: Raw): string {
  expect(answer.status, answer.text).toBe(500)
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`no error envelope: ${answer.text}`)
  const requestId = String(error.request_id)
  expect(answer.body).toEqual({
    error: {
      type: 'internal_server_error',
      message: `Something went wrong on our side. Quote request id ${requestId} to support.`,
      request_id: requestId,
    },
    ok: false,
  })
  expect(String(error.message)).toMatch(GENERIC)
  expect(answer.requestIdHeader).toBe(requestId)
  for (const leak of [SECRET, 'access_codes', 'insert into', 'select ', 'Sqlite', 'node_modules', '    at ', 'stack'])
    expect(answer.text.toLowerCase(), `the answer must not carry "${leak}"`).not.toContain(leak.toLowerCase())
  return requestId
}

/** What the API logged while `run` ran, one string per console.error call. */
async function loggedDuring(run: () => Promise<void>): Promise<string[]> {
  consoleError.mockClear()
  await run()
  return consoleError.mock.calls.map((args) => format(...args))
}

async function refuseNewAccessCodes(): Promise<void> {
  if (store.engine === 'sqlite') {
    await sql
      .raw(`create trigger refuse_codes before insert on access_codes begin select raise(abort, '${SECRET}'); end`)
      .execute(store.db)
  } else {
    await sql
      .raw(
        `create or replace function refuse_codes() returns trigger language plpgsql as $$ begin raise exception '${SECRET}'; end $$`,
      )
      .execute(store.db)
    await sql
      .raw('create trigger refuse_codes before insert on access_codes for each row execute function refuse_codes()')
      .execute(store.db)
  }
}

async function acceptNewAccessCodes(): Promise<void> {
  if (store.engine === 'sqlite') await sql.raw('drop trigger refuse_codes').execute(store.db)
  else await sql.raw('drop trigger refuse_codes on access_codes').execute(store.db)
}

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  ws = await createWorkspace(store.db, systemClock, { name: 'Failing store', sandboxDevices: 1 })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

afterEach(() => consoleError?.mockRestore())

describe('the store refuses a write', () => {
  it('answers 500 internal_server_error with a generic message, and logs the cause under the same request id', async () => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await refuseNewAccessCodes()
    const create = { device_id: ws.device_ids[0], name: 'Guest', code: '4826' }
    let first: Raw | undefined
    const log = await loggedDuring(async () => {
      first = await post(server.endpoint, '/access_codes/create', ws.api_key, create)
    })
    if (first === undefined) throw new Error('no answer')
    const requestId = expectInternalError(first)
    expect(log).toHaveLength(1)
    expect(log[0]).toContain(`request ${requestId} POST /access_codes/create failed`)
    expect(log[0], 'the log keeps the cause for support').toContain(SECRET)

    // Each failure has its own id; reads keep working meanwhile.
    const second = await post(server.endpoint, '/access_codes/create', ws.api_key, create)
    expect(expectInternalError(second)).not.toBe(requestId)
    expect((await post(server.endpoint, '/devices/list', ws.api_key)).status).toBe(200)
    expect(
      JSON.parse((await post(server.endpoint, '/access_codes/list', ws.api_key, { device_id: ws.device_ids[0] })).text),
    ).toMatchObject({ access_codes: [], ok: true })

    await acceptNewAccessCodes()
    expect((await post(server.endpoint, '/access_codes/create', ws.api_key, create)).status).toBe(200)
  })

  it('reaches the SDK as SeamHttpApiError 500 internal_server_error, with the request id', async () => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    await refuseNewAccessCodes()
    try {
      const seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
      const error = await seam.accessCodes.create({ device_id: ws.device_ids[0] ?? '', code: '5937' }).then(
        () => undefined,
        (e: unknown) => e,
      )
      if (!(error instanceof SeamHttpApiError)) throw new Error(`expected SeamHttpApiError, got ${String(error)}`)
      expect(error.statusCode).toBe(500)
      expect(error.code).toBe('internal_server_error')
      expect(error.message).toMatch(GENERIC)
      expect(error.message).not.toContain(SECRET)
      expect(consoleError.mock.calls.map((args) => format(...args)).join('\n')).toContain(String(error.requestId))
    } finally {
      await acceptNewAccessCodes()
    }
  })
})

describe('the store connection is closed', () => {
  it('answers every request, signed in or by key, with the same generic 500', async () => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const closing = await openTestStore()
    const closingServer = await startTestApiServer({ db: closing.db, clock: systemClock })
    try {
      const closingWs = await createWorkspace(closing.db, systemClock, { name: 'Closing', sandboxDevices: 1 })
      await closing.close()
      const byKey = await post(closingServer.endpoint, '/devices/list', closingWs.api_key)
      const requestId = expectInternalError(byKey)
      const signIn = await fetch(`${closingServer.endpoint}/auth/sign_in`, {
        method: 'POST',
        headers: { 'latchkey-client': 'dashboard', 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'someone@example.com', password: 'correct horse battery' }),
      })
      const signInText = await signIn.text()
      const signInAnswer: Raw = {
        status: signIn.status,
        requestIdHeader: signIn.headers.get('seam-request-id'),
        text: signInText,
        body: JSON.parse(signInText) as Json,
      }
      expectInternalError(signInAnswer)
      const log = consoleError.mock.calls.map((args) => format(...args))
      expect(log.some((line) => line.includes(`request ${requestId} POST /devices/list failed`))).toBe(true)
    } finally {
      await closingServer.close()
    }
  })
})
