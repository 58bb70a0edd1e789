// Issue 11: every write to a lock asks for a pass over it, and a pass reads all the lock's codes. The run loop spaces
// its rounds of claims (RECONCILER_ROUND_SPACING_MS as `npm start` runs it), so a stream of writes to a busy lock is
// taken a burst at a time instead of one pass per write, back to back. Real time is the loop's own: here a virtual
// timer that moves only when the loop waits, so every wait the loop asks for is seen and nothing depends on the
// machine's speed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler, type RoundTimer } from '@/lib/sync/reconciler'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness({ devices: 1 })
})
afterEach(async () => {
  await h.close()
})

/** A timer that moves only when the loop waits on it, and records each wait. */
function virtualTimer(): RoundTimer & { waits: number[] } {
  let now = 0
  const waits: number[] = []
  return {
    waits,
    now: () => now,
    wait: async (ms) => {
      waits.push(ms)
      now += ms
      // Let the rest of the process (the writes, the lock work) run, as a real wait would.
      await new Promise((resolve) => setImmediate(resolve))
    },
  }
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`gave up waiting: ${what}`)
}

describe('the reconciler’s run loop', () => {
  it('waits roundSpacingMs between two rounds of claims, and the work of a burst of writes still gets done', async () => {
    const deviceId = h.workspace.device_ids[0] ?? ''
    const timer = virtualTimer()
    const reconciler = new Reconciler({
      db: h.db,
      engine: h.store.engine,
      clock: h.clock,
      providerFor: createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 }),
      roundSpacingMs: 250,
      roundTimer: timer,
      idlePollMs: 20,
    })
    reconciler.start()
    try {
      const ids: string[] = []
      for (const [name, code] of [
        ['Cleaner', '4821'],
        ['Owner', '7390'],
        ['Guest', '2658'],
      ] as const) {
        ids.push((await createAccessCode(h.ctx, { device_id: deviceId, name, code })).access_code.access_code_id)
      }
      await waitUntil(async () => {
        const codes = await Promise.all(ids.map((id) => getAccessCode(h.ctx, { access_code_id: id })))
        return codes.every((c) => c.status === 'set')
      }, 'every code set')
    } finally {
      await reconciler.stop()
    }
    const { rounds } = reconciler.stats
    expect(rounds).toBeGreaterThan(1)
    // Time moves only in the loop's waits: every round after the first waited the whole spacing first.
    expect(timer.waits.length).toBeGreaterThanOrEqual(rounds - 1)
    expect(timer.waits.length).toBeLessThanOrEqual(rounds)
    expect(new Set(timer.waits)).toEqual(new Set([250]))
  })

  it('claims again at once without a spacing (the default of the class; tests drive it with runUntilIdle)', async () => {
    const timer = virtualTimer()
    const reconciler = new Reconciler({
      db: h.db,
      engine: h.store.engine,
      clock: h.clock,
      providerFor: createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 }),
      roundTimer: timer,
      idlePollMs: 20,
    })
    reconciler.start()
    const created = await createAccessCode(h.ctx, { device_id: h.workspace.device_ids[0] ?? '', code: '5147' })
    try {
      await waitUntil(
        async () =>
          (await getAccessCode(h.ctx, { access_code_id: created.access_code.access_code_id })).status === 'set',
        'the code set',
      )
    } finally {
      await reconciler.stop()
    }
    expect(reconciler.stats.rounds).toBeGreaterThan(1)
    expect(timer.waits).toEqual([])
  })
})
