// The vitest config StrykerJS runs (stryker.config.mjs): the project's, less the tests that cannot work or cannot
// kill a mutant there.
// - Stryker's vitest runner runs tests in worker threads, where setting process.env.TZ does not change the time zone:
//   the form test that pretends the browser is in Tokyo fails there (it passes under `npm test`, in forks).
// - Tests that drive child processes (real `npm run worker`s, the CLI) run the code unmutated (Stryker switches
//   mutants on in the test process only), so they cannot kill a mutant and only cost minutes per run.
// MUTATION_TESTS=unit runs only the unit tests next to the code (lib/**/*.test.ts): minutes instead of hours for pure
// modules such as lib/sync/lifecycle.ts. MUTATION_TESTS=<glob>,<glob> runs only those test files (a store-bound module
// with the API tests that drive it: `tests/api/rules/backup-pool*.test.ts,lib/**/*.test.ts`); its score is then a
// lower bound. Unset, every related test runs, API and lock-side tests included.
import { configDefaults, defineConfig } from 'vitest/config'
import projectConfig from './vitest.config.mts'

const chosenTests = process.env.MUTATION_TESTS ?? ''
const include =
  chosenTests === ''
    ? projectConfig.test?.include
    : chosenTests === 'unit'
      ? ['lib/**/*.test.ts']
      : chosenTests.split(',')

export default defineConfig({
  ...projectConfig,
  test: {
    ...projectConfig.test,
    include,
    exclude: [
      ...configDefaults.exclude,
      'lib/schemas/access-code-form.test.ts',
      'tests/lock-side/worker-restart.test.ts',
      'tests/lock-side/multi-instance.test.ts',
      'scripts/cli.test.ts',
    ],
  },
})
