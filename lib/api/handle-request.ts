import 'server-only'
import { randomUUID } from 'node:crypto'
import { errorOf, fromZodError, HttpError, type ErrorType } from '@/lib/api/errors'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { isSerialized, operationsByPath, type HttpMethod, type OperationResult } from '@/lib/api/operations'
import { authOperationsByPath, type AuthOperation } from '@/lib/api/auth-operations'
import { assertSameSite, authenticate } from '@/lib/api/authenticate'
import type { ApiAnswer, ApiRequest } from '@/lib/api/api-request'
import type { ApiEnvironment } from '@/lib/api/environment'
import { setApiSecurityHeaders } from '@/lib/api/security-headers'
import { assertNoPinInAddress } from '@/lib/api/pin-in-address'
import { maskPins, maskSerialized, seesPins, shownUnmasked } from '@/lib/access-codes/mask-pins'
import { errorForLog } from '@/lib/db/errors'

/** The default limit on a request body; an operation that takes a file (a CSV import) names its own. */
export const MAX_BODY_BYTES = 1024 * 1024
/** Sign-in and sign-out take a few fields, and anyone may call them: they read far less. */
export const MAX_AUTH_BODY_BYTES = 16 * 1024
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

function errorAnswer(
  requestId: string,
  type: ErrorType,
  status: number,
  message: string,
  details: Record<string, unknown> = {},
): ApiAnswer {
  const retryAfter = details.retry_after_seconds
  return {
    status,
    headers: {
      ...JSON_HEADERS,
      'seam-request-id': requestId,
      // A throttled caller is told when to come back (too_many_requests).
      ...(typeof retryAfter === 'number' ? { 'retry-after': String(retryAfter) } : {}),
    },
    cookies: [],
    body: JSON.stringify({ error: { type, message, request_id: requestId, ...details }, ok: false }),
  }
}

/** Query-string parameters as an object: repeated keys and `key[]` become arrays. */
export function queryToObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [rawKey, value] of params) {
    const isArray = rawKey.endsWith('[]')
    const key = isArray ? rawKey.slice(0, -2) : rawKey
    const existing = out[key]
    if (existing === undefined) out[key] = isArray ? [value] : value
    else out[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value]
  }
  return out
}

const sizeInWords = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Number((bytes / (1024 * 1024)).toFixed(1))} MB` : `${Math.round(bytes / 1024)} KB`

const tooLarge = (maxBytes: number): HttpError =>
  new HttpError(
    'payload_too_large',
    `The request body is larger than ${sizeInWords(maxBytes)}, the most this endpoint reads.`,
  )

/**
 * The body as text, read with a byte count: a declared `Content-Length` over the limit is refused before a byte is
 * read, and a body that grows past it (chunked, or lying about its length) is cut off there, so an oversized upload
 * costs at most `maxBytes` of memory.
 */
async function readBodyText(request: ApiRequest, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length')
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes)
  if (request.bodyBytes !== undefined) {
    if (request.bodyBytes.byteLength > maxBytes) throw tooLarge(maxBytes)
    return Buffer.from(request.bodyBytes.buffer, request.bodyBytes.byteOffset, request.bodyBytes.byteLength).toString(
      'utf8',
    )
  }
  if (request.body === null) return ''
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let received = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    received += value.byteLength
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function readInput(request: ApiRequest, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const url = new URL(request.url)
  if (request.method === 'GET') return queryToObject(url.searchParams)
  const text = await readBodyText(request, maxBytes)
  if (text.trim() === '') return queryToObject(url.searchParams)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new DomainError('invalid_input', 'The request body is not valid JSON.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError('invalid_input', 'The request body must be a JSON object.')
  }
  return body as Record<string, unknown>
}

// Iterative, so a deeply nested body cannot overflow the stack.
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true
    } else if (typeof next === 'object' && next !== null) {
      for (const item of Object.values(next)) pending.push(item)
    }
  }
  return false
}

/** PostgreSQL cannot store U+0000 in text (SQLite can), so it is refused up front and both stores answer alike. */
function rejectNulCharacters(input: Record<string, unknown>): void {
  const fields = Object.keys(input).filter((key) => containsNul(input[key]))
  if (fields.length > 0)
    throw invalidInput(Object.fromEntries(fields.map((key) => [key, ['must not contain the NUL character (\\u0000)']])))
}

/**
 * A stream of the cached bytes themselves. Given a Uint8Array, Response copies it: for a list of a thousand codes,
 * most of a megabyte allocated and dropped on every request, which is what drove the server's memory up under load.
 */
function bodyStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes)
      controller.close()
    },
  })
}

function successAnswer(request: ApiRequest, requestId: string, result: OperationResult): ApiAnswer {
  if (isSerialized(result)) {
    const headers = {
      ...JSON_HEADERS,
      'seam-request-id': requestId,
      etag: result.etag,
    }
    if (request.headers.get('if-none-match') === result.etag) return { status: 304, headers, cookies: [], body: null }
    return { status: 200, headers, cookies: [], body: result.body }
  }
  return {
    status: 200,
    headers: { ...JSON_HEADERS, 'seam-request-id': requestId },
    cookies: [],
    body: JSON.stringify({ ...result, ok: true }),
  }
}

/** The answer as a web Response (the route's): bytes are streamed as they are, not copied. */
export function toResponse(answer: ApiAnswer): Response {
  const body = answer.body === null || typeof answer.body === 'string' ? answer.body : bodyStream(answer.body)
  const response = new Response(body, { status: answer.status, headers: answer.headers })
  for (const cookie of answer.cookies) response.headers.append('set-cookie', cookie)
  return response
}

async function runAuthOperation(
  request: ApiRequest,
  requestId: string,
  env: ApiEnvironment,
  operation: AuthOperation,
): Promise<ApiAnswer> {
  if (!operation.methods.includes(request.method.toUpperCase() as 'GET' | 'POST')) {
    return errorAnswer(
      requestId,
      'method_not_allowed',
      405,
      `This endpoint accepts ${operation.methods.join(', ')}, not ${request.method}.`,
    )
  }
  // Who may call comes before the body is read: a refused request costs no upload.
  if (operation.sameSiteOnly === true) assertSameSite(request)
  const raw = await readInput(request, MAX_AUTH_BODY_BYTES)
  rejectNulCharacters(raw)
  const parsed = operation.input.safeParse(raw)
  if (!parsed.success) throw fromZodError(parsed.error)
  const { body, cookies = [] } = await operation.run(env, request, parsed.data)
  return {
    status: 200,
    headers: { ...JSON_HEADERS, 'seam-request-id': requestId },
    cookies,
    body: JSON.stringify({ ...body, ok: true }),
  }
}

/**
 * The one wrapper every API request goes through: find the operation, authenticate, parse and validate the input,
 * run the service, and answer in Seam's envelope. Unknown failures are logged with a request id and answered with
 * a generic 500 — never a stack trace or SQL.
 */
export async function handleApiRequest(request: Request, path: string, env: ApiEnvironment): Promise<Response> {
  return toResponse(await answerApi(request, path, env))
}

/** handleApiRequest without the web Response: what the node server (lib/server/node-api.ts) writes itself. */
export async function answerApi(request: ApiRequest, path: string, env: ApiEnvironment): Promise<ApiAnswer> {
  const answer = await answerApiRequest(request, path, env)
  setApiSecurityHeaders(answer.headers, request)
  return answer
}

async function answerApiRequest(request: ApiRequest, path: string, env: ApiEnvironment): Promise<ApiAnswer> {
  const requestId = randomUUID()
  try {
    const authOperation = authOperationsByPath.get(path)
    if (authOperation !== undefined) return await runAuthOperation(request, requestId, env, authOperation)
    const operation = operationsByPath.get(path)
    if (operation === undefined) {
      return errorAnswer(requestId, 'endpoint_not_found', 404, `There is no endpoint ${path}.`)
    }
    const method = request.method.toUpperCase() as HttpMethod
    if (!operation.methods.includes(method)) {
      const answer = errorAnswer(
        requestId,
        'method_not_allowed',
        405,
        `${path} accepts ${operation.methods.join(', ')}, not ${request.method}.`,
      )
      answer.headers.allow = operation.methods.join(', ')
      return answer
    }
    assertNoPinInAddress(request)
    const caller = await authenticate(request, env, { sessionOnly: operation.auth === 'session' })
    // An API key has no role: `session` operations refused it in authenticate, `admin` ones let it through.
    if (
      (operation.auth === 'session' || operation.auth === 'admin') &&
      caller.via === 'session' &&
      caller.role !== 'admin'
    ) {
      throw new DomainError('forbidden', 'Only workspace admins can do this.')
    }
    const raw = await readInput(request, operation.maxBodyBytes)
    rejectNulCharacters(raw)
    const parsed = operation.input.safeParse(raw)
    if (!parsed.success) throw fromZodError(parsed.error)
    const result = await operation.run(
      {
        db: env.db,
        clock: env.clock,
        workspaceId: caller.workspaceId,
        ...(caller.userId === undefined ? {} : { userId: caller.userId }),
      },
      parsed.data,
    )
    // Dashboard members see PINs masked (see mask-pins.ts); API keys and admins get the answer as it is.
    if (seesPins(caller) || shownUnmasked(path)) return successAnswer(request, requestId, result)
    return successAnswer(request, requestId, isSerialized(result) ? maskSerialized(result) : maskPins(result))
  } catch (error) {
    if (error instanceof DomainError || error instanceof HttpError) {
      const { type, status, message, details } = errorOf(error)
      return errorAnswer(requestId, type, status, message, details)
    }
    console.error(`[api] request ${requestId} ${request.method} ${path} failed: ${errorForLog(error)}`)
    return errorAnswer(
      requestId,
      'internal_server_error',
      500,
      `Something went wrong on our side. Quote request id ${requestId} to support.`,
    )
  }
}
