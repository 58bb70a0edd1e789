import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpiredRateLimits, StoreRateLimiter } from '@/lib/auth/rate-limiter-store'
import type { Store } from '@/lib/db/connection'
import { ManualClock } from '@/lib/time/clock'
import { openTestStore } from '@/tests/support/test-store'

// The store adapter under rate-limiter-flexible: counters in `rate_limits`, on the manual clock, on both engines.
let store: Store
const clock = new ManualClock('2026-05-01T08:00:00.000Z')

beforeAll(async () => {
  store = await openTestStore()
})
afterAll(async () => {
  await store.close()
})

const limiter = (prefix: string, points = 3, duration = 60) =>
  new StoreRateLimiter(store.db, clock, { keyPrefix: prefix, points, duration })

describe('StoreRateLimiter', () => {
  it('lets `points` through in its window, refuses the next with the time left, and starts again once it expires', async () => {
    const rl = limiter('window')
    for (let i = 1; i <= 3; i += 1) expect((await rl.consume('k')).consumedPoints).toBe(i)
    clock.advance(20_000)
    await expect(rl.consume('k')).rejects.toMatchObject({ consumedPoints: 4, msBeforeNext: 40_000 })
    clock.advance(40_000)
    expect(await rl.get('k')).toBeNull()
    expect(await rl.consume('k')).toMatchObject({ consumedPoints: 1, remainingPoints: 2, msBeforeNext: 60_000 })
  })

  it('keeps each key apart, and each prefix', async () => {
    const a = limiter('apart_a', 1)
    const b = limiter('apart_b', 1)
    await a.consume('x')
    await a.consume('y')
    await b.consume('x')
    await expect(a.consume('x')).rejects.toMatchObject({ consumedPoints: 2 })
  })

  it('blocks a key for the given time (overwriting its window), and delete lifts it', async () => {
    const rl = limiter('block')
    await rl.consume('k')
    await rl.block('k', 600)
    expect(await rl.get('k')).toMatchObject({ consumedPoints: 4, msBeforeNext: 600_000 })
    clock.advance(599_000)
    await expect(rl.consume('k')).rejects.toMatchObject({ msBeforeNext: 1_000 })
    expect(await rl.delete('k')).toBe(true)
    expect(await rl.delete('k')).toBe(false)
    expect(await rl.get('k')).toBeNull()
  })

  it('adds up concurrent penalties exactly (one atomic upsert each), so instances sharing the store agree', async () => {
    const first = limiter('atomic', 100)
    const second = limiter('atomic', 100)
    const seen = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? first : second).penalty('k', 1)))
    expect(seen.map((r) => r.consumedPoints).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('purges counters that expired over an hour ago, and only those', async () => {
    const rl = limiter('purge', 5, 60)
    await rl.consume('old')
    clock.advance(3_600_000 + 61_000)
    await rl.consume('new')
    await purgeExpiredRateLimits(store.db, clock)
    const keys = await store.db.selectFrom('rate_limits').select('key').where('key', 'like', 'purge:%').execute()
    expect(keys.map((k) => k.key)).toEqual(['purge:new'])
  })
})
