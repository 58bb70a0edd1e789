import 'server-only'
import type { SeamHttp } from 'seam'
import { parseEnv } from '@/lib/config/env'
import {
  ENDPOINT_ADDRESS_REFUSED,
  EndpointAddressError,
  guardedLookup,
  judgeEndpoint,
  type LookupAll,
} from '@/lib/seam/endpoint-policy'

/** Seam's own API, unless a connection names another endpoint (a self-hosted or test Seam). */
export const DEFAULT_SEAM_ENDPOINT = 'https://connect.getseam.com'

const DEFAULT_RETRY_AFTER_MS = 30_000
const MAX_RETRY_AFTER_MS = 3_600_000

type SeamSdk = typeof import('seam')

/**
 * The `seam` SDK, loaded the first time a workspace talks to Seam: it costs about 27 MB of memory a thread (its code
 * and its generated routes), which a server with no Seam connection, and the reconciler thread beside it, need not
 * pay.
 */
let sdk: SeamSdk | undefined
async function seamSdk(): Promise<SeamSdk> {
  sdk ??= await import('seam')
  return sdk
}

/**
 * A client for one Seam workspace. No retries inside the SDK: the reconciler and the lock sync retry with their own
 * backoff, and a request that hangs must not hold a device's lease. Action attempts are not awaited: Latchkey reads
 * what Seam reports instead. A 429's Retry-After is kept on the error (`data.retry_after`), which the SDK would drop.
 */
export async function createSeamClient(
  apiKey: string,
  endpoint: string,
  options: {
    timeoutMs?: number
    allowedOrigins?: readonly string[]
    /** The DNS lookup the guard wraps (tests give their own). */
    resolve?: LookupAll
  } = {},
): Promise<SeamHttp> {
  // The endpoint was judged when it was connected; it is judged again here (SEAM_ALLOWED_ENDPOINTS may have changed
  // since), and every connection's resolved address is checked (lib/seam/endpoint-policy.ts). No redirects: Seam's
  // API does not send them, and one could lead anywhere. Node's http adapter, not the SDK's default fetch one: fetch
  // follows redirects and takes no lookup.
  const verdict = judgeEndpoint(new URL(endpoint), options.allowedOrigins ?? parseEnv().SEAM_ALLOWED_ENDPOINTS)
  const { SeamHttp } = await seamSdk()
  const seam = new SeamHttp({
    apiKey,
    endpoint,
    waitForActionAttempt: false,
    axiosRetryOptions: { retries: 0 },
    axiosOptions: {
      adapter: 'http',
      timeout: options.timeoutMs ?? 15_000,
      maxRedirects: 0,
      lookup: guardedLookup(verdict.privateAllowed, options.resolve),
    } as Record<string, unknown>,
  })
  if (verdict.refusal !== undefined) {
    const refusal = `${endpoint} ${verdict.refusal}`
    seam.client.interceptors.request.use(() => {
      // Shaped as the transport failure the SDK passes on, so callers sort it as they sort a network failure.
      throw Object.assign(new EndpointAddressError(refusal), { isAxiosError: true })
    })
  }
  const parse = seam.client.defaults.transformResponse
  const keepRetryAfter = (data: unknown, headers: unknown, status?: number): unknown => {
    if (status !== 429 || typeof data !== 'object' || data === null) return data
    const error = (data as { error?: unknown }).error
    if (typeof error !== 'object' || error === null) return data
    const retryAfter = headerOf(headers, 'retry-after')
    const withData = error as { data?: Record<string, unknown> }
    withData.data = { ...withData.data, retry_after: retryAfter }
    return data
  }
  seam.client.defaults.transformResponse = [...(Array.isArray(parse) ? parse : parse ? [parse] : []), keepRetryAfter]
  return seam
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined
  const getter = (headers as { get?: unknown }).get
  const value =
    typeof getter === 'function'
      ? (getter as (n: string) => unknown).call(headers, name)
      : (headers as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

/** How a call to Seam failed, in the terms Latchkey acts on. */
export type SeamFailure =
  | { kind: 'unauthorized'; message: string }
  | { kind: 'rate_limited'; message: string; retryAfterMs: number }
  | { kind: 'unreachable'; message: string }
  | { kind: 'not_found'; message: string; code: string }
  | { kind: 'refused'; message: string; code: string }

/** Retry-After as seconds or an HTTP date; a missing or unreadable one waits 30 s; at most an hour. */
export function retryAfterMs(header: unknown, now: Date): number {
  if (typeof header !== 'string' || header.trim() === '') return DEFAULT_RETRY_AFTER_MS
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS)
  const at = Date.parse(header)
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS)
}

const rateLimited = (header: unknown, now: Date): SeamFailure => {
  const wait = retryAfterMs(header, now)
  return {
    kind: 'rate_limited',
    message: `Seam is rate limiting requests (429); retrying in ${Math.ceil(wait / 1000)} s.`,
    retryAfterMs: wait,
  }
}

/** An HTTP failure the SDK passes on as it came (no response, or a body without Seam's error envelope). */
interface TransportError {
  isAxiosError: true
  code?: string
  message: string
  response?: { status: number; headers?: unknown }
}

const isTransportError = (error: unknown): error is TransportError =>
  typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true

/** Sorts an error thrown by the SDK. Anything else (a bug of ours) is not a Seam failure: undefined. */
export function classifySeamError(error: unknown, now: Date): SeamFailure | undefined {
  // The SDK's own errors exist only once it is loaded (createSeamClient loads it).
  if (sdk?.isSeamHttpUnauthorizedError(error) === true)
    return { kind: 'unauthorized', message: 'Seam refused the API key (401): it was revoked, or is wrong.' }
  if (sdk?.isSeamHttpApiError(error) === true) {
    if (error.statusCode === 429) {
      const data = error.data as { retry_after?: unknown } | undefined
      return rateLimited(data?.retry_after, now)
    }
    if (error.statusCode >= 500)
      return { kind: 'unreachable', message: `Seam answered ${error.statusCode}: ${error.message}` }
    if (error.statusCode === 404) return { kind: 'not_found', message: error.message, code: error.code }
    return { kind: 'refused', message: error.message, code: error.code }
  }
  if (isTransportError(error)) {
    const status = error.response?.status
    if (status === undefined && error.code === ENDPOINT_ADDRESS_REFUSED)
      return { kind: 'unreachable', message: `Seam's endpoint is refused: ${error.message}.` }
    if (status === undefined)
      return { kind: 'unreachable', message: `Seam could not be reached (${error.code ?? error.message}).` }
    if (status === 429) return rateLimited(headerOf(error.response?.headers, 'retry-after'), now)
    if (status === 401) return { kind: 'unauthorized', message: 'Seam refused the API key (401).' }
    if (status >= 500) return { kind: 'unreachable', message: `Seam answered ${status}.` }
    if (status === 404) return { kind: 'not_found', message: 'Seam answered 404.', code: 'not_found' }
    return { kind: 'refused', message: `Seam answered ${status}.`, code: `http_${status}` }
  }
  return undefined
}

/** Thrown by Latchkey's Seam code when Seam cannot do what was asked; carries the sorted failure. */
export class SeamCallError extends Error {
  constructor(readonly failure: SeamFailure) {
    super(failure.message)
    this.name = 'SeamCallError'
  }
}
