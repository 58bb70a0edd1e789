// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The database drivers are native / Node-only: load them from node_modules at run time, never bundle them.
  serverExternalPackages: ['better-sqlite3', 'pg', 'kysely'],
  // A separate build folder lets a check build run beside a server that serves .next (NEXT_DIST_DIR=.next-check).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
}

module.exports = nextConfig
