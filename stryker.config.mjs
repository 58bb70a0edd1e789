// Mutation testing (issue 12): `npm run test:mutation`, not part of `npm test` (it is slow). StrykerJS changes the
// code under lib/sync, lib/access-codes and lib/api one mutant at a time and runs, for each, only the vitest tests
// that cover it (perTest coverage) on SQLite. Narrow it with `npm run test:mutation -- --mutate lib/sync/lifecycle.ts`.
// Results: reports/mutation/mutation.html (git-ignored); the read-out with judgements is reports/mutation.md.
import os from 'node:os'
import path from 'node:path'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  // MUTATION_TESTS=unit keeps to the unit tests next to the code (see stryker.vitest.config.mts).
  vitest: { configFile: 'stryker.vitest.config.mts', related: true },
  coverageAnalysis: 'perTest',
  // Static mutants (module-level values such as the lifecycle table or the constraint messages) are switched on at
  // import, so perTest coverage cannot narrow them down and each one runs every related test: 22 % of the mutants,
  // 71 % of the time. They are left out; lib/sync/lifecycle.test.ts checks the table edge by edge and
  // lib/shared/code-rules.test.ts each constraint's message. `--ignoreStatic false` puts them back.
  ignoreStatic: true,
  mutate: [
    'lib/sync/**/*.ts',
    'lib/access-codes/**/*.ts',
    'lib/api/**/*.ts',
    '!lib/**/*.test.ts',
  ],
  // The machine is shared: two test processes at most.
  concurrency: 2,
  timeoutMS: 10_000,
  // Stryker works on a copy of the tree (never in place: others edit this checkout), without the heavy, generated
  // folders.
  ignorePatterns: [
    '.next',
    '.next-*',
    'data',
    'test-results',
    'playwright-report',
    'bench/results',
    'reports/mutation',
    'e2e',
  ],
  // The copy lives outside the checkout, so `eslint .` and `tsc` never see its mutated files while a run is on.
  tempDirName: path.join(os.tmpdir(), 'latchkey-stryker'),
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // Reruns only test the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 80, low: 60, break: null },
}

export default config
