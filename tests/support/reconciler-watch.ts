// A vitest setup file (vitest.config.mts `setupFiles`): runs in every test file before its tests. It listens to every
// reconciler the file runs (lib/sync/reconciler-observers.ts) and
// - fails the running test when a reconciler logged a failure (a pass that threw is retried and counted, so without
//   this a test expecting a code to stay `setting` passes just as well when the pass crashed). A test that provokes
//   one on purpose takes it with `takeReconcilerFailures()` and asserts on it;
// - keeps the lifecycle moves the file's passes stored, for tests that check which edges were taken end to end.
//   With LIFECYCLE_MOVES_FILE set, it also appends the edges each file took to that file (one JSON line per file), to
//   see which edges a whole run takes.
import fs from 'node:fs'
import { inspect } from 'node:util'
import { afterAll, afterEach, expect } from 'vitest'
import { observeReconcilers, type LifecycleMove, type ReconcilerFailure } from '@/lib/sync/reconciler-observers'

const failures: ReconcilerFailure[] = []
const moves: LifecycleMove[] = []

observeReconcilers({
  failed: (failure) => failures.push(failure),
  moved: (stored) => moves.push(...stored),
})

/** The failures logged since the last call, which are then forgotten (for a test that provokes one on purpose). */
export const takeReconcilerFailures = (): ReconcilerFailure[] => failures.splice(0)

/** Every lifecycle move stored by a reconciler in this test file so far, oldest first. */
export const lifecycleMovesSeen = (): readonly LifecycleMove[] => moves

/** The moves stored from now on: call the returned function to read them. */
export function recordLifecycleMoves(): () => LifecycleMove[] {
  const from = moves.length
  return () => moves.slice(from)
}

function failOnReconcilerFailures(when: string): void {
  const found = takeReconcilerFailures()
  if (found.length === 0) return
  const described = found.map(
    (f) => `- ${f.message} (reconciler ${f.owner}): ${inspect(f.error, { depth: 4, breakLength: Infinity })}`,
  )
  throw new Error(`A reconciler logged ${found.length} failure(s) ${when}:\n${described.join('\n')}`)
}

afterEach(() => failOnReconcilerFailures('during the test'))
afterAll(() => {
  failOnReconcilerFailures('outside a test, e.g. in beforeAll or afterAll')
  const report = process.env.LIFECYCLE_MOVES_FILE
  if (report === undefined || report === '' || moves.length === 0) return
  const edges = [...new Set(moves.map((m) => `${m.from} --${m.trigger}--> ${m.to}`))].sort()
  fs.appendFileSync(report, `${JSON.stringify({ file: expect.getState().testPath, edges })}\n`)
})
