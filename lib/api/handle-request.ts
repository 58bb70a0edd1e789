import 'server-only'
import { randomUUID } from 'node:crypto'
import { errorOf, fromZodError, HttpError, type ErrorType } from '@/lib/api/errors'
import { DomainError, invalidInput } from '@/lib/errors/domain-error'
import { isSerialized, operationsByPath, type HttpMethod, type OperationResult } from '@/lib/api/operations'
import { authOperationsByPath, type AuthOperation } from '@/lib/api/auth-operations'
import { authenticate } from '@/lib/api/authenticate'
import type { ApiEnvironment } from '@/lib/api/environment'

/** The default limit on a request body; an operation that takes a file (a CSV import) names its own. */
export const MAX_BODY_BYTES = 1024 * 1024
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' }

function errorResponse(
  requestId: string,
  type: ErrorType,
  status: number,
  message: string,
  details: Record<string, unknown> = {},
): Response {
  return new Response(JSON.stringify({ error: { type, message, request_id: requestId, ...details }, ok: false }), {
    status,
    headers: { ...JSON_HEADERS, 'seam-request-id': requestId },
  })
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

async function readInput(request: Request, maxBytes = MAX_BODY_BYTES): Promise<Record<string, unknown>> {
  const url = new URL(request.url)
  if (request.method === 'GET') return queryToObject(url.searchParams)
  const text = await request.text()
  if (Buffer.byteLength(text) > maxBytes)
    throw new HttpError('payload_too_large', `The request body is larger than ${maxBytes / (1024 * 1024)} MB.`)
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

function successResponse(request: Request, requestId: string, result: OperationResult): Response {
  if (isSerialized(result)) {
    const headers = {
      ...JSON_HEADERS,
      'seam-request-id': requestId,
      etag: result.etag,
      'cache-control': 'private, no-cache',
    }
    if (request.headers.get('if-none-match') === result.etag) return new Response(null, { status: 304, headers })
    return new Response(bodyStream(result.body), { status: 200, headers })
  }
  return new Response(JSON.stringify({ ...result, ok: true }), {
    status: 200,
    headers: { ...JSON_HEADERS, 'seam-request-id': requestId },
  })
}

async function runAuthOperation(
  request: Request,
  requestId: string,
  env: ApiEnvironment,
  operation: AuthOperation,
): Promise<Response> {
  if (!operation.methods.includes(request.method.toUpperCase() as 'GET' | 'POST')) {
    return errorResponse(
      requestId,
      'method_not_allowed',
      405,
      `This endpoint accepts ${operation.methods.join(', ')}, not ${request.method}.`,
    )
  }
  const raw = await readInput(request)
  rejectNulCharacters(raw)
  const parsed = operation.input.safeParse(raw)
  if (!parsed.success) throw fromZodError(parsed.error)
  const { body, cookies = [] } = await operation.run(env, request, parsed.data)
  const headers = new Headers({ ...JSON_HEADERS, 'seam-request-id': requestId, 'cache-control': 'no-store' })
  for (const cookie of cookies) headers.append('set-cookie', cookie)
  return new Response(JSON.stringify({ ...body, ok: true }), { status: 200, headers })
}

/**
 * The one wrapper every API request goes through: find the operation, authenticate, parse and validate the input,
 * run the service, and answer in Seam's envelope. Unknown failures are logged with a request id and answered with
 * a generic 500 — never a stack trace or SQL.
 */
export async function handleApiRequest(request: Request, path: string, env: ApiEnvironment): Promise<Response> {
  const requestId = randomUUID()
  try {
    const authOperation = authOperationsByPath.get(path)
    if (authOperation !== undefined) return await runAuthOperation(request, requestId, env, authOperation)
    const operation = operationsByPath.get(path)
    if (operation === undefined) {
      return errorResponse(requestId, 'endpoint_not_found', 404, `There is no endpoint ${path}.`)
    }
    const method = request.method.toUpperCase() as HttpMethod
    if (!operation.methods.includes(method)) {
      const response = errorResponse(
        requestId,
        'method_not_allowed',
        405,
        `${path} accepts ${operation.methods.join(', ')}, not ${request.method}.`,
      )
      response.headers.set('allow', operation.methods.join(', '))
      return response
    }
    const caller = await authenticate(request, env, { sessionOnly: operation.auth === 'session' })
    if (operation.auth === 'session' && caller.role !== 'admin') {
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
    return successResponse(request, requestId, result)
  } catch (error) {
    if (error instanceof DomainError || error instanceof HttpError) {
      const { type, status, message, details } = errorOf(error)
      return errorResponse(requestId, type, status, message, details)
    }
    console.error(`[api] request ${requestId} ${request.method} ${path} failed:`, error)
    return errorResponse(
      requestId,
      'internal_server_error',
      500,
      `Something went wrong on our side. Quote request id ${requestId} to support.`,
    )
  }
}
