// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  // The database drivers are native / Node-only: load them from node_modules at run time, never bundle them.
  serverExternalPackages: ['better-sqlite3', 'pg', 'kysely'],
  poweredByHeader: false,
  reactStrictMode: true,
}

module.exports = nextConfig
