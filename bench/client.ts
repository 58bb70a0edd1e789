import http from 'node:http'
import { performance } from 'node:perf_hooks'

export interface ApiResponse {
  status: number
  body: Buffer
  etag: string | undefined
  /** Round trip as the client sees it: request written to last body byte read. */
  ms: number
}

export interface CallOptions {
  ifNoneMatch?: string
  acceptEncoding?: string
}

const REQUEST_TIMEOUT_MS = 30_000

/**
 * A minimal keep-alive JSON client for the API. It uses node:http rather than fetch so that, on a 2-core machine
 * where the client shares the CPUs with the server, the client's own cost per request stays small.
 */
export class ApiClient {
  readonly #agent: http.Agent
  readonly #host: string
  readonly #port: number
  readonly #apiKey: string
  readonly #prefix: string

  /** `prefix` is where the API lives on the server: `/api` for Latchkey, `` for Seam's fake. */
  constructor(baseUrl: string, apiKey: string, maxSockets = 16, prefix = '/api') {
    const url = new URL(baseUrl)
    this.#host = url.hostname
    this.#port = Number(url.port)
    this.#apiKey = apiKey
    this.#prefix = prefix
    this.#agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets })
  }

  /** POSTs a JSON body to `${prefix}${path}` (as the seam SDK does) and reads the whole response. */
  call(path: string, body: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    const payload = Buffer.from(JSON.stringify(body))
    const headers: http.OutgoingHttpHeaders = {
      authorization: `Bearer ${this.#apiKey}`,
      'content-type': 'application/json',
      'content-length': payload.length,
      // identity unless asked: otherwise Next compresses every response (see bench/README.md).
      'accept-encoding': options.acceptEncoding ?? 'identity',
    }
    if (options.ifNoneMatch !== undefined) headers['if-none-match'] = options.ifNoneMatch
    return new Promise((resolve, reject) => {
      const started = performance.now()
      const req = http.request(
        {
          agent: this.#agent,
          host: this.#host,
          port: this.#port,
          method: 'POST',
          path: `${this.#prefix}${path}`,
          headers,
          timeout: REQUEST_TIMEOUT_MS,
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('error', reject)
          res.on('end', () => {
            const etag = res.headers.etag
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), etag, ms: performance.now() - started })
          })
        },
      )
      req.on('timeout', () => req.destroy(new Error(`${path} took longer than ${REQUEST_TIMEOUT_MS} ms`)))
      req.on('error', reject)
      req.end(payload)
    })
  }

  /** Like `call`, but a status other than `expected` is an error that names the endpoint and the answer. */
  async expect(path: string, body: unknown, expected = 200, options: CallOptions = {}): Promise<ApiResponse> {
    const response = await this.call(path, body, options)
    if (response.status !== expected) {
      throw new Error(
        `${path} answered ${response.status}, expected ${expected}: ${response.body.toString('utf8').slice(0, 500)}`,
      )
    }
    return response
  }

  close(): void {
    this.#agent.destroy()
  }
}

/** The JSON body of a response, as an object. */
export function jsonOf(response: ApiResponse): Record<string, unknown> {
  const parsed: unknown = JSON.parse(response.body.toString('utf8'))
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('response body is not a JSON object')
  return parsed as Record<string, unknown>
}

/** `value[key]` as a string, or an error naming what was missing. */
export function stringField(value: unknown, key: string): string {
  const field = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
  if (typeof field !== 'string') throw new Error(`expected a string "${key}" in ${JSON.stringify(value).slice(0, 300)}`)
  return field
}
