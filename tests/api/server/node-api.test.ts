import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { acceptsGzip, createNodeApiHandler, GZIP_MIN_BYTES, GzipCache } from '@/lib/server/node-api'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The API as `npm start` serves it (scripts/server.mjs): node:http straight to the request handler, with cached gzip
// for answers that carry an ETag. Raw node:http requests here, so the bytes on the wire are what is checked (fetch
// would decompress them).

let store: Store
let server: http.Server
let port: number
let ws: CreatedWorkspace
let lock: string
const gzipCache = new GzipCache()
const clock = new ManualClock('2030-05-01T12:00:00.000Z')

interface Raw {
  status: number
  headers: http.IncomingHttpHeaders
  body: Buffer
}

function raw(
  path: string,
  body: string | undefined,
  headers: http.OutgoingHttpHeaders = {},
  method = 'POST',
  chunked = false,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          authorization: `Bearer ${ws.api_key}`,
          'content-type': 'application/json',
          ...(body !== undefined && !chunked ? { 'content-length': Buffer.byteLength(body) } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    if (body !== undefined && chunked) {
      // Unsized: the handler reads it as a stream, with its byte limit.
      for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024))
      req.end()
    } else req.end(body)
  })
}

const list = (headers: http.OutgoingHttpHeaders = {}): Promise<Raw> =>
  raw('/api/access_codes/list', JSON.stringify({ device_id: lock }), headers)

beforeAll(async () => {
  store = await openTestStore()
  ws = await createWorkspace(store.db, clock, { name: 'Node API', sandboxDevices: 1 })
  lock = ws.device_ids[0] ?? ''
  const handler = createNodeApiHandler(async () => ({ db: store.db, clock }), gzipCache)
  server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  for (let i = 0; i < 6; i++) {
    const created = await raw('/api/access_codes/create', JSON.stringify({ device_id: lock, name: `Guest ${i}` }))
    expect(created.status).toBe(200)
  }
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await store.close()
})

describe('the API from node:http (npm start)', () => {
  it('answers a list as the route does: the plain body, its ETag, the security headers, 304 on If-None-Match', async () => {
    const plain = await list({ 'accept-encoding': 'identity' })
    expect(plain.status).toBe(200)
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.headers.etag).toMatch(/^"[^"]+"$/)
    expect(plain.headers.vary).toBe('Accept-Encoding')
    expect(plain.headers['cache-control']).toBe('no-store')
    expect(plain.headers['x-content-type-options']).toBe('nosniff')
    expect(plain.headers['content-length']).toBe(String(plain.body.length))
    const parsed = JSON.parse(plain.body.toString('utf8')) as { ok: boolean; access_codes: unknown[] }
    expect(parsed).toMatchObject({ ok: true })
    expect(parsed.access_codes).toHaveLength(6)
    expect(plain.body.length).toBeGreaterThan(GZIP_MIN_BYTES)

    const again = await list({ 'accept-encoding': 'identity', 'if-none-match': plain.headers.etag })
    expect({ status: again.status, bytes: again.body.length, etag: again.headers.etag }).toEqual({
      status: 304,
      bytes: 0,
      etag: plain.headers.etag,
    })
  })

  it('gzips a list for a client that accepts it, once per ETag, under the weak form of the same ETag', async () => {
    const plain = await list({ 'accept-encoding': 'identity' })
    const hitsBefore = gzipCache.hits
    const missesBefore = gzipCache.misses
    const first = await list({ 'accept-encoding': 'gzip, compress, deflate, br' })
    expect(first.status).toBe(200)
    expect(first.headers['content-encoding']).toBe('gzip')
    expect(first.headers.etag).toBe(`W/${plain.headers.etag}`)
    expect(first.headers['content-length']).toBe(String(first.body.length))
    expect(gunzipSync(first.body).equals(plain.body)).toBe(true)
    const second = await list({ 'accept-encoding': 'gzip' })
    expect(second.body.equals(first.body)).toBe(true)
    expect({ hits: gzipCache.hits - hitsBefore, misses: gzipCache.misses - missesBefore }).toEqual({
      hits: 1,
      misses: 1,
    })

    // The weak ETag it was given brings a 304 (If-None-Match compares weakly), also under its weak form.
    const notModified = await list({ 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag })
    expect({ status: notModified.status, etag: notModified.headers.etag }).toEqual({
      status: 304,
      etag: first.headers.etag,
    })
  })

  it('sends a changed list gzipped afresh, and a refused gzip (q=0) or an answer without ETag as it is', async () => {
    const before = await list({ 'accept-encoding': 'gzip' })
    await raw('/api/access_codes/create', JSON.stringify({ device_id: lock, name: 'One more' }))
    const after = await list({ 'accept-encoding': 'gzip' })
    expect(after.headers.etag).not.toBe(before.headers.etag)
    const codes = (JSON.parse(gunzipSync(after.body).toString('utf8')) as { access_codes: unknown[] }).access_codes
    expect(codes).toHaveLength(7)

    const refused = await list({ 'accept-encoding': 'gzip;q=0, identity' })
    expect(refused.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(refused.body.toString('utf8'))).toMatchObject({ ok: true })

    const created = await raw('/api/access_codes/create', JSON.stringify({ device_id: lock, name: 'Plain' }), {
      'accept-encoding': 'gzip',
    })
    expect(created.headers['content-encoding']).toBeUndefined()
    expect(JSON.parse(created.body.toString('utf8'))).toMatchObject({ ok: true, access_code: { name: 'Plain' } })
  })

  it('answers bad requests in the error envelope: bad JSON, an unsized body past the limit, an unknown endpoint', async () => {
    const badJson = await raw('/api/access_codes/list', '{"device_id": ')
    expect(badJson.status).toBe(400)
    expect(JSON.parse(badJson.body.toString('utf8'))).toMatchObject({ ok: false, error: { type: 'invalid_input' } })

    const huge = JSON.stringify({ device_id: lock, name: 'x'.repeat(1_100_000) })
    const tooLarge = await raw('/api/access_codes/create', huge, {}, 'POST', true)
    expect(tooLarge.status).toBe(413)
    expect(JSON.parse(tooLarge.body.toString('utf8'))).toMatchObject({ error: { type: 'payload_too_large' } })

    const unknown = await raw('/api/nothing/here', '{}')
    expect(unknown.status).toBe(404)
    expect(JSON.parse(unknown.body.toString('utf8'))).toMatchObject({ error: { type: 'endpoint_not_found' } })
  })

  it('reads a body sent in chunks without a length (streamed to the handler)', async () => {
    const created = await raw(
      '/api/access_codes/create',
      JSON.stringify({ device_id: lock, name: 'Chunked' }),
      {},
      'POST',
      true,
    )
    expect(created.status).toBe(200)
    expect(JSON.parse(created.body.toString('utf8'))).toMatchObject({ access_code: { name: 'Chunked' } })
  })
})

describe('acceptsGzip', () => {
  it.each([
    ['gzip', true],
    ['gzip, compress, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['x-gzip', true],
    ['GZIP', true],
    ['gzip;q=0', false],
    ['gzip; q=0.000', false],
    ['identity', false],
    ['deflate, br', false],
    ['', false],
    [undefined, false],
  ])('%s → %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected)
  })
})

describe('GzipCache', () => {
  it('keeps the most recently used bodies within its count', async () => {
    const cache = new GzipCache(2, 1024 * 1024)
    const body = (n: number): Uint8Array => Buffer.from(`{"n":${n}}`.padEnd(2_000, ' '))
    await cache.compressed('"a"', body(1))
    await cache.compressed('"b"', body(2))
    await cache.compressed('"a"', body(1)) // a is now the most recent
    await cache.compressed('"c"', body(3)) // evicts b
    expect(cache.size).toBe(2)
    const misses = cache.misses
    await cache.compressed('"a"', body(1))
    expect(cache.misses).toBe(misses)
    await cache.compressed('"b"', body(2))
    expect(cache.misses).toBe(misses + 1)
    expect(gunzipSync(await cache.compressed('"c"', body(3))).toString('utf8')).toBe(Buffer.from(body(3)).toString())
  })
})
