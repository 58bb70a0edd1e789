import { describe, expect, it } from 'vitest'
import { ConcurrencyLimit } from '@/lib/auth/concurrency-limit'
import { hashPassword, passwordChecks, verifyPassword } from '@/lib/auth/passwords'
import { DomainError } from '@/lib/errors/domain-error'

/** A job that runs until the test lets it finish. */
function heldJob(): { job: () => Promise<string>; release: (value: string) => void; started: () => boolean } {
  let release: (value: string) => void = () => undefined
  let started = false
  const job = () => {
    started = true
    return new Promise<string>((resolve) => (release = resolve))
  }
  return { job, release: (value) => release(value), started: () => started }
}

describe('ConcurrencyLimit', () => {
  it('runs `capacity` jobs at once, queues `maxWaiting` in order, and refuses the rest with too_many_requests', async () => {
    const limit = new ConcurrencyLimit(1, 2)
    const [a, b, c] = [heldJob(), heldJob(), heldJob()]
    const ranA = limit.run(a.job)
    const ranB = limit.run(b.job)
    const ranC = limit.run(c.job)
    expect([a.started(), b.started(), c.started()]).toEqual([true, false, false])
    expect({ running: limit.running, waiting: limit.waiting }).toEqual({ running: 1, waiting: 2 })

    const refused = await limit.run(async () => 'never').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(DomainError)
    expect(refused).toMatchObject({ type: 'too_many_requests', details: { retry_after_seconds: 1 } })

    a.release('a')
    expect(await ranA).toBe('a')
    await Promise.resolve()
    expect([b.started(), c.started()]).toEqual([true, false])
    b.release('b')
    expect(await ranB).toBe('b')
    await Promise.resolve()
    c.release('c')
    expect(await ranC).toBe('c')
    expect({ running: limit.running, waiting: limit.waiting }).toEqual({ running: 0, waiting: 0 })
  })

  it('gives the slot back when a job fails', async () => {
    const limit = new ConcurrencyLimit(1, 0)
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await limit.run(async () => 'next')).toBe('next')
    expect(limit.running).toBe(0)
  })
})

describe('password checks', () => {
  it('go through the process-wide limit: at most one per core (4 at most), the rest wait', async () => {
    const passwordHash = await hashPassword('correct horse')
    expect(passwordChecks.capacity).toBeGreaterThanOrEqual(1)
    expect(passwordChecks.capacity).toBeLessThanOrEqual(4)
    const checks = Array.from({ length: passwordChecks.capacity + 3 }, (_, i) =>
      verifyPassword(passwordHash, i === 0 ? 'correct horse' : 'wrong'),
    )
    expect({ running: passwordChecks.running, waiting: passwordChecks.waiting }).toEqual({
      running: passwordChecks.capacity,
      waiting: 3,
    })
    const results = await Promise.all(checks)
    expect(results.filter(Boolean)).toHaveLength(1)
    expect(passwordChecks.running).toBe(0)
  })
})
