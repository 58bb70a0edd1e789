import 'server-only'
import { NextResponse, type NextRequest } from 'next/server'
import { isHttpsRequest, STATIC_SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY } from '@/lib/api/security-headers'

/**
 * The pages' policy: scripts only with this request's nonce (Next.js puts it on its own scripts and inline data) and
 * what those load ('strict-dynamic'), no plugins, no <base>, forms only to us, never framed. Development adds
 * 'unsafe-eval', which React's dev tooling needs.
 */
export function pageContentSecurityPolicy(nonce: string, options: { https: boolean; development: boolean }): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    // Only over HTTPS: on plain http://127.0.0.1 it would send the page's own requests to an https:// that is not there.
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ]
  return directives.join('; ')
}

/**
 * Lets a page request through with a fresh nonce: the policy goes on the request (Next.js reads the nonce from it
 * while rendering) and on the answer, with the other security headers, and HSTS over HTTPS.
 */
export function withPageSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64')
  const https = isHttpsRequest(request)
  const policy = pageContentSecurityPolicy(nonce, { https, development: process.env.NODE_ENV === 'development' })
  const requestHeaders = new Headers(request.headers)
  requestHeaders.set('content-security-policy', policy)
  const response = NextResponse.next({ request: { headers: requestHeaders } })
  response.headers.set('content-security-policy', policy)
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value)
  if (https) response.headers.set('strict-transport-security', STRICT_TRANSPORT_SECURITY)
  return response
}
