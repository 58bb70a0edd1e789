// Every page request — a fresh CSP nonce, the policy that requires it, and the other security headers
import type { NextRequest, NextResponse } from 'next/server'
import { withPageSecurityHeaders } from '@/lib/server/page-security-headers'

export function proxy(request: NextRequest): NextResponse {
  return withPageSecurityHeaders(request)
}

export const config = {
  matcher: [
    {
      // Not the API (its wrapper sets its own headers, and a proxy in front of it would buffer request bodies) nor
      // build files; prefetches carry no HTML.
      source: '/((?!api/|_next/static|_next/image|favicon.ico).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
}
