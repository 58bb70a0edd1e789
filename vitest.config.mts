import path from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@': path.resolve(import.meta.dirname),
      'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
    },
  },
  test: {
    include: ['lib/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    // Fails any test during which a reconciler logged a failure; records the lifecycle moves passes store.
    setupFiles: ['tests/support/reconciler-watch.ts'],
    environment: 'node',
    // Tests call the API faster than any client should, on one key: the per-key limit has its own tests
    // (tests/api/security/api-rate-limit.test.ts), which give the server their own limiter.
    env: { API_RATE_LIMIT: 'off' },
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 180_000,
  },
})
