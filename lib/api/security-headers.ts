import 'server-only'
import type { ApiRequest } from '@/lib/api/api-request'

/**
 * The security headers of every answer: the API's (set by the request wrapper) here; the pages' policy, with a fresh
 * nonce per request, is in lib/server/page-security-headers.ts (proxy.ts). Static files get the fixed ones from
 * next.config.js.
 */

/** Two years, subdomains included: sent only on HTTPS, where a browser heeds it. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=63072000; includeSubDomains'

/** The API answers JSON only: it loads nothing and may not be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"

/** The headers that do not depend on the request (next.config.js sends the same on static files). */
export const STATIC_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  // Page addresses can carry a searched PIN (/search?q=…): never hand them to another site.
  'referrer-policy': 'same-origin',
  // For browsers that predate frame-ancestors.
  'x-frame-options': 'DENY',
} as const

/** HTTPS as the browser sees it: the URL itself, or a TLS-terminating proxy's `X-Forwarded-Proto: https`. */
export function isHttpsRequest(request: Pick<ApiRequest, 'url' | 'headers'>): boolean {
  if (new URL(request.url).protocol === 'https:') return true
  const forwarded = request.headers.get('x-forwarded-proto')
  // A chain of proxies sends "https, http": the first is what the client used.
  return forwarded !== null && forwarded.split(',')[0]?.trim().toLowerCase() === 'https'
}

/**
 * Every API answer (success, error, 304): API answers carry PINs and new API keys, which no browser or proxy cache may
 * keep. Conditional requests still work: a client that kept a list's body and ETag itself (the bench, a script) sends
 * If-None-Match and gets 304; a browser, which keeps nothing under no-store, simply fetches again.
 */
export const API_CACHE_CONTROL = 'no-store'

/** Sets the security headers of an API answer on `headers` (lower-case names). */
export function setApiSecurityHeaders(
  headers: Record<string, string>,
  request: Pick<ApiRequest, 'url' | 'headers'>,
): void {
  Object.assign(headers, STATIC_SECURITY_HEADERS)
  headers['cache-control'] = API_CACHE_CONTROL
  headers['content-security-policy'] = API_CONTENT_SECURITY_POLICY
  if (isHttpsRequest(request)) headers['strict-transport-security'] = STRICT_TRANSPORT_SECURITY
}
