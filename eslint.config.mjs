import { defineConfig, globalIgnores } from 'eslint/config'
import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTypescript from 'eslint-config-next/typescript'

// The layering of STYLE.md: imports point one way, app/ → components/ → lib/client/, app/api → lib/server → lib/db.
const layering = [
  {
    // Services and the store are plain TypeScript: no pages, no components, no framework.
    target: './lib',
    from: ['./app', './components'],
    message: 'lib/ must not import from app/ or components/ (imports point one way: app → components → lib).',
  },
  {
    target: './components',
    from: './app',
    message: 'components/ must not import from app/: pass what a component needs as props.',
  },
  {
    // Browser hooks talk to the API over HTTP, never to the store or server modules directly.
    target: './lib/client',
    from: ['./lib/db', './lib/server'],
    message: 'lib/client/ runs in the browser: call the API instead of the store or server modules.',
  },
  {
    target: ['./components', './lib/client'],
    from: ['./lib/db', './lib/server'],
    message: 'Components run in the browser too: fetch through lib/client/ hooks, not the store.',
  },
]

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  globalIgnores([
    '.next/**',
    '.next-*/**',
    'node_modules/**',
    'data/**',
    'coverage/**',
    'test-results/**',
    'playwright-report/**',
    'bench/results/**',
    'next-env.d.ts',
  ]),
  {
    name: 'latchkey/rules',
    files: ['**/*.{ts,tsx,mts,cts}'],
    // no-cycle follows imports into every module it resolves; the cycles that matter are ours, and parsing the
    // packages' type declarations would take most of a minute.
    settings: { 'import/ignore': ['node_modules'] },
    rules: {
      'import/no-restricted-paths': ['error', { zones: layering }],
      'import/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Domain rules stay framework-free so they are unit-testable; lib/server/ and lib/client/ are the seams to Next.js.
    name: 'latchkey/lib-without-next',
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/server/**', 'lib/client/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next', 'next/*'],
              message: 'Keep Next.js out of lib/: route handlers in app/ wrap the services.',
            },
            { group: ['@/app/*', '@/components/*'], message: 'lib/ must not import from app/ or components/.' },
          ],
        },
      ],
    },
  },
])
