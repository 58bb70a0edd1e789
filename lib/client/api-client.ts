import { CLIENT_HEADER, WORKSPACE_HEADER } from '@/lib/shared/request-headers'

/**
 * The browser's client for Latchkey's API: same-origin fetches with the session cookie, the workspace header, and
 * the header that marks them as the dashboard's own (cross-site requests are refused without it). A failure comes
 * back as an ApiClientError carrying the envelope's type, message and per-field messages.
 */

export class ApiClientError extends Error {
  readonly type: string
  readonly status: number
  /** Messages per request field, from `error.validation_errors` (`invalid_input`). */
  readonly fieldErrors: Record<string, string[]>
  readonly details: Record<string, unknown>

  constructor(status: number, type: string, message: string, details: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiClientError'
    this.status = status
    this.type = type
    this.details = details
    this.fieldErrors = fieldErrorsOf(details.validation_errors)
  }
}

function fieldErrorsOf(validationErrors: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (typeof validationErrors !== 'object' || validationErrors === null) return out
  for (const [field, value] of Object.entries(validationErrors)) {
    if (field === '_errors' || typeof value !== 'object' || value === null) continue
    const messages = (value as { _errors?: unknown })._errors
    if (Array.isArray(messages)) out[field] = messages.filter((m): m is string => typeof m === 'string')
  }
  return out
}

export interface ApiRequestOptions {
  workspaceId?: string | undefined
  /** Reads go as GET with a query string; everything else as JSON, POST unless the SDK sends another method (PUT). */
  method?: 'GET' | 'POST' | 'PUT'
  body?: Record<string, unknown>
  signal?: AbortSignal | undefined
}

export async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const method = options.method ?? 'POST'
  const headers: Record<string, string> = { [CLIENT_HEADER]: 'dashboard', accept: 'application/json' }
  if (options.workspaceId !== undefined) headers[WORKSPACE_HEADER] = options.workspaceId
  let url = `/api${path}`
  let body: string | undefined
  if (method === 'GET') {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(options.body ?? {})) {
      if (value === undefined || value === null) continue
      if (Array.isArray(value)) for (const item of value) params.append(key, String(item))
      else params.set(key, String(value))
    }
    const query = params.toString()
    if (query !== '') url += `?${query}`
  } else {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.body ?? {})
  }
  let response: Response
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiClientError(0, 'network_error', 'Latchkey could not be reached. Check your connection and try again.')
  }
  let payload: unknown
  try {
    payload = await response.json()
  } catch {
    throw new ApiClientError(
      response.status,
      'invalid_response',
      `Latchkey answered with an unexpected response (HTTP ${response.status}).`,
    )
  }
  if (!response.ok) {
    const error = (payload as { error?: { type?: unknown; message?: unknown } }).error
    const { type, message, ...details } = (error ?? {}) as Record<string, unknown>
    throw new ApiClientError(
      response.status,
      typeof type === 'string' ? type : 'unknown_error',
      typeof message === 'string' ? message : `Request failed (HTTP ${response.status}).`,
      details,
    )
  }
  return payload as T
}
