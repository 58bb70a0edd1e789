import 'server-only'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import type { ApiAnswer, ApiRequest } from '@/lib/api/api-request'
import type { ApiEnvironment } from '@/lib/api/environment'
import { answerApi } from '@/lib/api/handle-request'

const gzip = promisify(gzipCallback)

/**
 * The API served straight from node:http (scripts/server.mjs, what `npm start` runs): the same handler as
 * app/api/[...path]/route.ts, without Next's route layer (about 1 ms of CPU per request, all a 304 costs there), and
 * with compression Next cannot give a route: a cacheable answer (one with an ETag, a list) is gzipped once per ETag
 * and the compressed body kept, so clients that ask for gzip (the `seam` SDK does) cost what plain ones do.
 */
export type NodeApiHandler = (req: IncomingMessage, res: ServerResponse) => void

/** Bodies smaller than this go out as they are: compressing them saves less than it costs. */
export const GZIP_MIN_BYTES = 1024
/** Compressed bodies kept, by ETag: the most recently used, up to this count and this many bytes in all. */
const GZIP_CACHE_ENTRIES = 64
const GZIP_CACHE_BYTES = 8 * 1024 * 1024
/** A body declared this small is read whole before the handler runs; larger or unsized ones are streamed to it. */
const BUFFERED_BODY_BYTES = 64 * 1024

/** Whether `req.url` is an API address (`/api/…`), which this handler answers. */
export const isApiUrl = (url: string | undefined): boolean => url !== undefined && url.startsWith('/api/')

/** `Accept-Encoding` names gzip without refusing it (`gzip;q=0`). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined) return false
  return acceptEncoding.split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    if (coding !== 'gzip' && coding !== 'x-gzip') return false
    const q = params.find((p) => p.startsWith('q='))
    return q === undefined || Number(q.slice(2)) > 0
  })
}

/**
 * Compressed bodies by ETag. An ETag here is a hash of the body it names (lib/access-codes/list-access-codes.ts,
 * mask-pins.ts, lib/problems/list-problems.ts), so one ETag is one body; the length is checked as well.
 */
export class GzipCache {
  readonly #entries = new Map<string, { plainBytes: number; gzipped: Buffer }>()
  #bytes = 0
  hits = 0
  misses = 0

  constructor(
    readonly maxEntries = GZIP_CACHE_ENTRIES,
    readonly maxBytes = GZIP_CACHE_BYTES,
  ) {}

  get size(): number {
    return this.#entries.size
  }

  async compressed(etag: string, body: Uint8Array): Promise<Buffer> {
    const entry = this.#entries.get(etag)
    if (entry !== undefined && entry.plainBytes === body.byteLength) {
      // Most recently used last.
      this.#entries.delete(etag)
      this.#entries.set(etag, entry)
      this.hits++
      return entry.gzipped
    }
    this.misses++
    const gzipped = await gzip(body)
    this.#remember(etag, { plainBytes: body.byteLength, gzipped })
    return gzipped
  }

  #remember(etag: string, entry: { plainBytes: number; gzipped: Buffer }): void {
    const old = this.#entries.get(etag)
    if (old !== undefined) {
      this.#entries.delete(etag)
      this.#bytes -= old.gzipped.byteLength
    }
    if (entry.gzipped.byteLength > this.maxBytes) return
    this.#entries.set(etag, entry)
    this.#bytes += entry.gzipped.byteLength
    for (const [key, value] of this.#entries) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break
      this.#entries.delete(key)
      this.#bytes -= value.gzipped.byteLength
    }
  }
}

/**
 * The request's headers as a web Headers object reads them: names in any case, repeated ones joined with ", ", and
 * the X-Forwarded-For that Next.js gives its routes (the socket's address when no proxy sent one: the sign-in
 * throttle keys on it). Built from the raw headers on first use.
 */
export function requestHeaders(req: IncomingMessage): ApiRequest['headers'] {
  let byName: Map<string, string> | undefined
  const read = (): Map<string, string> => {
    const map = new Map<string, string>()
    const raw = req.rawHeaders
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] ?? '').toLowerCase()
      let value = (raw[i + 1] ?? '').trim()
      // A gzipped answer goes out under a weak ETag (below); If-None-Match compares weakly (RFC 9110 13.1.2).
      if (name === 'if-none-match' && value.startsWith('W/')) value = value.slice(2)
      const earlier = map.get(name)
      map.set(name, earlier === undefined ? value : `${earlier}, ${value}`)
    }
    const socketAddress = req.socket.remoteAddress
    if (!map.has('x-forwarded-for') && socketAddress !== undefined) map.set('x-forwarded-for', socketAddress)
    return map
  }
  return { get: (name) => (byName ??= read()).get(name.toLowerCase()) ?? null }
}

function readWhole(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.once('end', () => resolve(chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks)))
    req.once('error', reject)
  })
}

/** What the API reads of the node request: small bodies read at once, others streamed (the handler enforces its limits). */
async function apiRequestOf(req: IncomingMessage): Promise<ApiRequest> {
  const method = req.method ?? 'GET'
  // Validated here, as the web Request's constructor did: an unreadable address is not the handler's to meet.
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`).href
  const headers = requestHeaders(req)
  if (method === 'GET' || method === 'HEAD') return { method, url, headers, body: null }
  const declared = req.headers['content-length']
  if (declared !== undefined && Number(declared) <= BUFFERED_BODY_BYTES) {
    return { method, url, headers, body: null, bodyBytes: await readWhole(req) }
  }
  return { method, url, headers, body: Readable.toWeb(req) as ReadableStream<Uint8Array> }
}

async function writeAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: ApiAnswer,
  gzipCache: GzipCache,
): Promise<void> {
  const headers: Record<string, string | string[]> = { ...answer.headers }
  if (answer.cookies.length > 0) headers['set-cookie'] = answer.cookies
  let body: Uint8Array | undefined =
    typeof answer.body === 'string' ? Buffer.from(answer.body) : (answer.body ?? undefined)
  const etag = answer.headers.etag
  if (etag !== undefined) {
    headers.vary = 'Accept-Encoding'
    if (acceptsGzip(req.headers['accept-encoding'])) {
      // The same representation's ETag, weak (on the 304 too): the gzipped bytes differ from the plain body's.
      headers.etag = etag.startsWith('W/') ? etag : `W/${etag}`
      if (answer.status === 200 && body !== undefined && body.byteLength >= GZIP_MIN_BYTES) {
        body = await gzipCache.compressed(etag, body)
        headers['content-encoding'] = 'gzip'
      }
    }
  }
  if (body !== undefined) headers['content-length'] = String(body.byteLength)
  res.writeHead(answer.status, headers)
  res.end(req.method === 'HEAD' ? undefined : body)
}

/** The node-level API handler, on the process's app context (what the route handler uses too). */
export function createNodeApiHandler(
  env: () => Promise<ApiEnvironment>,
  gzipCache: GzipCache = new GzipCache(),
): NodeApiHandler {
  return (req, res) => {
    void (async () => {
      const request = await apiRequestOf(req)
      const apiPath = new URL(request.url).pathname.slice('/api'.length)
      const answer = await answerApi(request, apiPath, await env())
      await writeAnswer(req, res, answer, gzipCache)
    })().catch((error: unknown) => {
      // handleApiRequest answers every failure itself; this is a broken connection or an unreadable address.
      console.error('[api] could not answer a request:', error instanceof Error ? error.message : String(error))
      if (!res.headersSent) {
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' })
        res.end(
          JSON.stringify({ error: { type: 'invalid_input', message: 'The request could not be read.' }, ok: false }),
        )
      } else res.destroy()
    })
  }
}

const holder = globalThis as typeof globalThis & { __latchkeyNodeApi?: NodeApiHandler }

/** Published by instrumentation.ts's register() for scripts/server.mjs, which runs outside Next's bundles. */
export function publishNodeApiHandler(handler: NodeApiHandler): void {
  holder.__latchkeyNodeApi = handler
}
