// The bad-input tests' fixture (tests/api/bad-input/): one store, API server and workspace with one code per test file,
// plain fetch (so a test sees exactly what is sent) and the assertions that no internal leaks out.
import { Seam } from 'seam'
import { afterAll, beforeAll, expect } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'
import { type Json, isJson } from '@/tests/support/http-client'

let store: Store
let server: TestApiServer
export let ws: CreatedWorkspace
export let seam: Seam
export let deviceId: string
export let accessCodeId: string
export const UNKNOWN_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

interface Answer {
  status: number
  headers: Headers
  text: string
  body: Json
}

interface CallOptions {
  method?: string
  /** A string is sent as is (for malformed JSON); anything else is JSON-encoded. */
  body?: unknown
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  authorized?: boolean
}

// What a leaked internal looks like: a stack frame, a file path, or the SQL / driver text of either store.
const LEAK =
  /\bat\s+\S+\s+\(|\.ts:\d+|node_modules|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\s+"?\w+"?\s+set\b|sqlite|postgres|kysely|SQLITE_|syntax error|violates|constraint failed/i

export async function call(path: string, options: CallOptions = {}): Promise<Answer> {
  const method = options.method ?? 'POST'
  const url = new URL(`${server.endpoint}${path}`)
  for (const [key, value] of Object.entries(options.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v)
  }
  const headers: Record<string, string> = { ...options.headers }
  if (options.authorized !== false) headers.authorization = `Bearer ${ws.api_key}`
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = {}
  if (text !== '') {
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new Error(
        `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`,
      )
    }
  }
  if (!isJson(parsed)) throw new Error(`${method} ${path} answered with a non-object body: ${text.slice(0, 300)}`)
  expect(response.status, `${method} ${path} must never answer 500: ${text.slice(0, 500)}`).not.toBe(500)
  if (response.status >= 400) expect(text, `${method} ${path} leaks internals`).not.toMatch(LEAK)
  return { status: response.status, headers: response.headers, text, body: parsed }
}

/** Asserts the error envelope `{ error: { type, message }, ok: false }` with this status and type; returns the error. */
export function expectError(answer: Answer, status: number, type: string): Json {
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`expected an error envelope, got ${answer.status} ${answer.text.slice(0, 500)}`)
  expect({ status: answer.status, type: error.type }, answer.text.slice(0, 500)).toEqual({ status, type })
  expect(answer.body.ok).toBe(false)
  expect(typeof error.message).toBe('string')
  expect(String(error.message).length).toBeGreaterThan(0)
  return error
}

/** 400 invalid_input whose message and validation_errors name the field. */
export function expectInvalidField(answer: Answer, field: string): void {
  const error = expectError(answer, 400, 'invalid_input')
  expect(String(error.message)).toContain(field)
  const validation = error.validation_errors
  if (!isJson(validation)) throw new Error(`expected validation_errors in ${answer.text}`)
  const entry = validation[field]
  if (!isJson(entry) || !Array.isArray(entry._errors))
    throw new Error(`validation_errors does not name ${field}: ${answer.text}`)
  expect(entry._errors.length).toBeGreaterThan(0)
}

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  ws = await createWorkspace(store.db, systemClock, { name: 'Bad input', sandboxDevices: 2 })
  seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
  deviceId = ws.device_ids[0] ?? ''
  accessCodeId = (await seam.accessCodes.create({ device_id: deviceId, name: 'Existing', code: '3579' })).access_code_id
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})
