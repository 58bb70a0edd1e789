import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { handleApiRequest } from '@/lib/api/handle-request'
import { createUser } from '@/lib/auth/users'
import { acceptsGzip, createNodeApiHandler, GZIP_MIN_BYTES, GzipCache, requestHeaders } from '@/lib/server/node-api'
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

  it('answers as the route does: status, headers and body of an error, a 405, a success, a sized body over a limit', async () => {
    const viaRoute = async (
      path: string,
      body: string | undefined,
      method = 'POST',
      extra: Record<string, string> = {},
    ) => {
      const request = new Request(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { authorization: `Bearer ${ws.api_key}`, 'content-type': 'application/json', ...extra },
        ...(body === undefined ? {} : { body }),
      })
      const response = await handleApiRequest(request, path.slice('/api'.length), { db: store.db, clock })
      return { status: response.status, headers: Object.fromEntries(response.headers), text: await response.text() }
    }
    // The request id differs from one answer to the next; everything else must not.
    const comparable = (headers: Record<string, unknown>, text: string) => {
      const { 'seam-request-id': id, date, connection, 'keep-alive': keepAlive, ...rest } = headers
      expect(typeof id).toBe('string')
      void date
      void connection
      void keepAlive
      return { headers: rest, body: text.replaceAll(String(id), '<id>') }
    }
    const cases: [string, string | undefined, string, Record<string, string>][] = [
      ['/api/access_codes/create', JSON.stringify({ device_id: lock, starts_at: 'soon' }), 'POST', {}],
      ['/api/access_codes/list', undefined, 'DELETE', {}],
      ['/api/devices/get', JSON.stringify({ device_id: lock }), 'POST', { 'x-forwarded-proto': 'https' }],
      ['/api/access_codes/list', JSON.stringify({ device_id: lock, limit: 2 }), 'POST', {}],
    ]
    for (const [path, body, method, extra] of cases) {
      const node = await raw(path, body, extra, method)
      const route = await viaRoute(path, body, method, extra)
      expect(node.status, `${method} ${path}`).toBe(route.status)
      // The node server adds what its cached gzip needs: Vary on answers with an ETag.
      const { 'content-length': length, vary, ...nodeHeaders } = node.headers
      expect(Number(length)).toBe(node.body.byteLength)
      expect(vary).toBe(route.headers.etag === undefined ? undefined : 'Accept-Encoding')
      expect(comparable(nodeHeaders, node.body.toString('utf8')), `${method} ${path}`).toEqual(
        comparable(route.headers, route.text),
      )
    }
    // A declared length past the endpoint's limit is refused before the body is read.
    const big = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(20_000) })
    const refused = await raw('/api/auth/sign_in', big, { 'latchkey-client': 'dashboard' })
    expect(refused.status).toBe(413)
  })

  it('signs in through the node server: the session cookie is set, and the session it names answers', async () => {
    await createUser(store.db, clock, { email: 'node@example.com', password: 'correct horse battery' })
    const dashboard = { 'latchkey-client': 'dashboard', authorization: '' }
    const signedIn = await raw(
      '/api/auth/sign_in',
      JSON.stringify({ email: 'node@example.com', password: 'correct horse battery' }),
      dashboard,
    )
    expect(signedIn.status).toBe(200)
    const cookies = signedIn.headers['set-cookie'] ?? []
    expect(cookies).toHaveLength(1)
    expect(cookies[0]).toMatch(/^latchkey_session=[^;]+;.*HttpOnly/i)
    const session = await raw(
      '/api/auth/session',
      undefined,
      { ...dashboard, cookie: cookies[0]?.split(';')[0] ?? '' },
      'GET',
    )
    expect(JSON.parse(session.body.toString('utf8'))).toMatchObject({ ok: true, user: { email: 'node@example.com' } })
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

describe('requestHeaders', () => {
  const of = (rawHeaders: string[], socket: { remoteAddress?: string } = { remoteAddress: '10.0.0.7' }) =>
    requestHeaders({ rawHeaders, socket } as unknown as http.IncomingMessage)

  it('reads names in any case, joins repeated ones as Headers does, and trims values', () => {
    const headers = of(['Accept', 'a/b', 'X-Thing', ' one ', 'x-thing', 'two'])
    expect(headers.get('accept')).toBe('a/b')
    expect(headers.get('X-THING')).toBe('one, two')
    expect(headers.get('missing')).toBeNull()
  })

  it('compares If-None-Match weakly: a W/ ETag is read as the strong one', () => {
    expect(of(['If-None-Match', 'W/"a-1"']).get('if-none-match')).toBe('"a-1"')
  })

  it('gives X-Forwarded-For the socket’s address when no proxy sent one, as Next.js does, and keeps a proxy’s', () => {
    expect(of([]).get('x-forwarded-for')).toBe('10.0.0.7')
    expect(of(['X-Forwarded-For', '203.0.113.9, 10.0.0.1']).get('x-forwarded-for')).toBe('203.0.113.9, 10.0.0.1')
    expect(of([], {}).get('x-forwarded-for')).toBeNull()
  })
})
