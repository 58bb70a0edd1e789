import { describe, expect, it } from 'vitest'
import { testEngine } from '@/tests/support/test-store'
import {
  POLL_MS,
  SECOND,
  SHORT_LEASE_MS,
  sleep,
  waitFor,
  openScenario,
  startWorker,
  liveProcessesInGroup,
  killWorker,
  managedCodes,
  syncJobs,
  stateOf,
  waitForWorkInFlight,
  claimedBy,
  expectPendingWork,
  everythingOnTheKeypads,
  expectCleanFinish,
} from '@/tests/support/worker-scenario'

/*
 * "Killing the app in the middle of a run and starting it again loses no pending work" — with real processes.
 * The test writes codes through the services, runs `npm run worker` (tsx scripts/worker.ts) on the same store with
 * the sandbox locks' real latency (1.5–3 s per keypad operation), SIGKILLs it while keypad operations are in flight,
 * and starts a worker again: every code must end `set`, each PIN on its sandbox keypad exactly once.
 *
 * Store: SQLite in a temp DATA_DIR by default; with TEST_STORE=postgres, a freshly created PostgreSQL database that
 * the worker reaches through DATABASE_URL (dropped at the end).
 */

describe(`killing the worker in the middle of a run (${testEngine})`, () => {
  it(
    'loses no pending work: restarted under the same INSTANCE_ID, it takes its work back at once',
    { timeout: 120_000 },
    async () => {
      const scenario = await openScenario()
      const lease = { RECONCILER_LEASE_MS: '30000' }
      const first = startWorker(scenario, 'restart-test', lease)
      await waitForWorkInFlight(scenario, first, 'restart-test')
      await killWorker(first)
      expect(first.child.signalCode).toBe('SIGKILL')
      expect(liveProcessesInGroup(first.child.pid ?? -1)).toEqual([])

      const { inFlightDevices, leaseExpiresAt } = await expectPendingWork(scenario, 'restart-test')
      if (Date.now() < scenario.timeBoundStartsAt) {
        // Their window has not opened yet: still to do, on record as well.
        const timeBound = (await managedCodes(scenario)).filter((c) => c.status === 'unset')
        expect(timeBound.length).toBeGreaterThan(0)
      }

      const restartedAt = Date.now()
      const second = startWorker(scenario, 'restart-test', lease)
      // The codes the dead worker was programming are set long before its 30 s leases would have run out.
      await waitFor(
        'the interrupted codes to be set',
        60 * SECOND,
        async () => {
          const codes = await managedCodes(scenario)
          return codes.filter((c) => inFlightDevices.has(c.device_id) && c.status !== 'set' && c.status !== 'unset')
            .length === 0
            ? true
            : undefined
        },
        () => stateOf(scenario, second),
      )
      expect(Date.now()).toBeLessThan(leaseExpiresAt)
      const recoveredMs = Date.now() - restartedAt

      await waitFor(
        'every code set, each PIN on its keypad once',
        60 * SECOND,
        () => everythingOnTheKeypads(scenario),
        () => stateOf(scenario, second),
      )
      expect(Date.now()).toBeGreaterThanOrEqual(scenario.timeBoundStartsAt)
      await expectCleanFinish(scenario, second)
      console.info(
        `[worker-restart/${testEngine}] same instance: interrupted work done ${recoveredMs} ms after the restart`,
      )
      await killWorker(second)
    },
  )

  it(
    'loses no pending work: a worker under another INSTANCE_ID takes over once the dead one’s leases run out',
    { timeout: 120_000 },
    async () => {
      const scenario = await openScenario()
      const lease = { RECONCILER_LEASE_MS: String(SHORT_LEASE_MS) }
      const first = startWorker(scenario, 'restart-test', lease)
      await waitForWorkInFlight(scenario, first, 'restart-test')
      await killWorker(first)
      expect(liveProcessesInGroup(first.child.pid ?? -1)).toEqual([])

      const { heldCodeIds, leaseExpiresAt } = await expectPendingWork(scenario, 'restart-test')
      const heldCodes = (await managedCodes(scenario)).filter((c) => heldCodeIds.has(c.access_code_id))

      const second = startWorker(scenario, 'restart-test-b', lease)
      // While the dead worker's claims last, the new one leaves those codes alone (it cannot know the owner is dead).
      while (Date.now() < leaseExpiresAt - 500) {
        const codes = await managedCodes(scenario)
        for (const held of heldCodes)
          expect(codes.find((c) => c.access_code_id === held.access_code_id)?.updated_at).toBe(held.updated_at)
        await sleep(POLL_MS)
      }

      await waitFor(
        'every code set, each PIN on its keypad once',
        60 * SECOND,
        () => everythingOnTheKeypads(scenario),
        () => stateOf(scenario, second),
      )
      const tookOverAfterMs = Date.now() - leaseExpiresAt
      // The held devices were finished by the new worker, after the lease ran out.
      const codes = await managedCodes(scenario)
      for (const held of heldCodes) {
        const now = codes.find((c) => c.access_code_id === held.access_code_id)
        expect(new Date(now?.updated_at ?? 0).getTime()).toBeGreaterThanOrEqual(leaseExpiresAt)
      }
      expect((await syncJobs(scenario)).filter((j) => j.lease_owner === 'restart-test')).toEqual([])
      expect((await managedCodes(scenario)).filter((c) => claimedBy(c, 'restart-test'))).toEqual([])
      await expectCleanFinish(scenario, second)
      console.info(
        `[worker-restart/${testEngine}] other instance: all set ${tookOverAfterMs} ms after the dead worker's lease ran out`,
      )
      await killWorker(second)
    },
  )
})
