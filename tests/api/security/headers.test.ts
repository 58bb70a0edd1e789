// Issue 13, point 4: security headers on every API answer (successes and refusals alike) and on every page, with a
// strict, nonce-based Content-Security-Policy for pages and HSTS only when the request came over HTTPS.
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { config as proxyConfig, proxy } from '@/proxy'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Headers', sandboxDevices: 1 })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

/** The directives of a policy, by name. */
function directives(policy: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const part of (policy ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/)
    if (name !== undefined && name !== '') out.set(name, values)
  }
  return out
}

function expectCommonHeaders(headers: Headers, what: string): void {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(headers.get('referrer-policy'), what).toBe('same-origin')
  expect(headers.get('x-frame-options'), what).toBe('DENY')
  expect(directives(headers.get('content-security-policy')).get('frame-ancestors'), what).toEqual(["'none'"])
}

describe('API answers', () => {
  const requests: [string, string, RequestInit][] = [
    ['a success', '/devices/list', {}],
    ['a 401', '/devices/list', { auth: false } as RequestInit],
    ['a 404', '/nothing/here', {}],
    ['a 405', '/access_codes/create', { method: 'GET' }],
    ['a 400', '/access_codes/create', { method: 'POST', body: '{"device_id":' }],
    ['a 413', '/access_codes/create', { method: 'POST', body: JSON.stringify({ name: 'x'.repeat(1_100_000) }) }],
  ]

  async function send(path: string, init: RequestInit, extra: Record<string, string> = {}): Promise<Response> {
    const { auth, ...rest } = init as RequestInit & { auth?: boolean }
    const headers: Record<string, string> = { 'content-type': 'application/json', ...extra }
    if (auth !== false) headers.authorization = `Bearer ${ws.api_key}`
    return fetch(`${server.endpoint}${path}`, { method: 'POST', ...rest, headers })
  }

  it('carry nosniff, a referrer policy, no framing and a policy that loads nothing, on successes and refusals', async () => {
    for (const [what, path, init] of requests) {
      const response = await send(path, init)
      await response.arrayBuffer()
      expectCommonHeaders(response.headers, what)
      expect(directives(response.headers.get('content-security-policy')).get('default-src'), what).toEqual(["'none'"])
      expect(response.headers.get('strict-transport-security'), what).toBeNull()
    }
  })

  it('add HSTS when the request came over HTTPS through a proxy', async () => {
    for (const [what, path, init] of requests) {
      const response = await send(path, init, { 'x-forwarded-proto': 'https' })
      await response.arrayBuffer()
      expect(response.headers.get('strict-transport-security'), what).toMatch(/^max-age=\d{8,}; includeSubDomains$/)
    }
    const overHttp = await send('/devices/list', {}, { 'x-forwarded-proto': 'http' })
    await overHttp.arrayBuffer()
    expect(overHttp.headers.get('strict-transport-security')).toBeNull()
  })
})

describe('pages (proxy.ts)', () => {
  const page = (url: string, headers: Record<string, string> = {}) => proxy(new NextRequest(url, { headers }))

  it('send a strict policy: scripts only with a fresh nonce, no inline or eval, no plugins, never framed', () => {
    const response = page('http://127.0.0.1:3000/w/abc/problems')
    expectCommonHeaders(response.headers, 'a page')
    const policy = directives(response.headers.get('content-security-policy'))
    const scripts = policy.get('script-src') ?? []
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))
    expect(nonce).toMatch(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)
    expect(scripts).toContain("'strict-dynamic'")
    expect(scripts).not.toContain("'unsafe-inline'")
    expect(scripts).not.toContain("'unsafe-eval'")
    expect(policy.get('style-src')).not.toContain("'unsafe-inline'")
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'self'"])
    expect(policy.get('form-action')).toEqual(["'self'"])
    expect(policy.has('upgrade-insecure-requests')).toBe(false)
    expect(response.headers.get('strict-transport-security')).toBeNull()

    const again = directives(page('http://127.0.0.1:3000/w/abc/problems').headers.get('content-security-policy'))
    expect(again.get('script-src')).not.toContain(nonce)
  })

  it('hand Next.js the same policy on the request, so it puts the nonce on its scripts', () => {
    const response = page('http://127.0.0.1:3000/sign-in')
    // NextResponse.next({ request: { headers } }) passes overridden request headers this way.
    expect(response.headers.get('x-middleware-override-headers')).toContain('content-security-policy')
    expect(response.headers.get('x-middleware-request-content-security-policy')).toBe(
      response.headers.get('content-security-policy'),
    )
  })

  it('over HTTPS, add HSTS and upgrade-insecure-requests', () => {
    for (const response of [
      page('https://locks.example.com/'),
      page('http://127.0.0.1:3000/', { 'x-forwarded-proto': 'https' }),
    ]) {
      expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/)
      expect(directives(response.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true)
    }
  })

  it('run on pages but not on the API or build files', () => {
    const [matcher] = proxyConfig.matcher
    const source = new RegExp(`^${matcher?.source ?? ''}$`)
    for (const path of ['/', '/sign-in', '/w/abc/devices/def', '/w/abc/search']) expect(path, path).toMatch(source)
    for (const path of ['/api/devices/list', '/_next/static/chunks/app.js', '/favicon.ico'])
      expect(path, path).not.toMatch(source)
  })
})
