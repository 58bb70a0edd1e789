// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The database drivers are native / Node-only: load them from node_modules at run time, never bundle them.
  serverExternalPackages: ['better-sqlite3', 'pg', 'kysely'],
  // A separate build folder lets a check build run beside a server that serves .next (NEXT_DIST_DIR=.next-check).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // On everything, build files included; pages also get their CSP (with a nonce) and HSTS from proxy.ts, the API from
  // its request wrapper (lib/api/security-headers.ts holds the values).
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ]
  },
}

module.exports = nextConfig
