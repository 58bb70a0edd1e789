// A pass that throws (a bug, or a provider answering something it should not) is not a refusal of the lock: the
// reconciler logs it, retries the device with backoff, and tests/support/reconciler-watch.ts fails the test it
// happened in. This test provokes one on purpose, so it takes the failures and asserts on them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import type { DeviceRecord } from '@/lib/db/device-record'
import type { LockProvider } from '@/lib/locks/lock-provider'
import { createProviderResolver } from '@/lib/locks/providers'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { defaultReconcilerSettings } from '@/lib/sync/reconcile-env'
import { Reconciler } from '@/lib/sync/reconciler'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'
import { takeReconcilerFailures } from '@/tests/support/reconciler-watch'

let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness({ devices: 3 })
})
afterEach(async () => {
  await h.close()
})

/** Sandbox providers whose keypad reads throw a plain Error (not LockUnreachableError) `times` times. */
function breakingReads(times: number): (device: DeviceRecord) => LockProvider {
  const real = createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 })
  let left = times
  return (device) => {
    const provider = real(device)
    return new Proxy(provider, {
      get(target, key, receiver) {
        if (key === 'readKeypad' && left > 0) {
          return async () => {
            left--
            throw new Error('the keypad answered nonsense')
          }
        }
        const value: unknown = Reflect.get(target, key, receiver)
        return typeof value === 'function' ? value.bind(target) : value
      },
    })
  }
}

describe('a pass that throws', () => {
  it('is reported with its device and error, retried with backoff, and the code is set once a pass gets through', async () => {
    const deviceId = h.workspace.device_ids[2] ?? ''
    const created = await createAccessCode(h.ctx, { device_id: deviceId, name: 'Owner', code: '4821' })
    const reconciler = new Reconciler({
      db: h.db,
      engine: h.store.engine,
      clock: h.clock,
      providerFor: breakingReads(2),
      log: () => undefined,
    })

    await reconciler.runUntilIdle()
    const first = takeReconcilerFailures()
    expect(first.map((f) => ({ message: f.message, deviceId: f.deviceId, error: String(f.error) }))).toEqual([
      {
        message: `pass over device ${deviceId} failed`,
        deviceId,
        error: 'Error: the keypad answered nonsense',
      },
    ])
    expect((await getAccessCode(h.ctx, { access_code_id: created.access_code.access_code_id })).status).toBe('setting')

    // Retried after the base delay, then after twice that.
    h.clock.advance(defaultReconcilerSettings.retryBaseMs - 1)
    await reconciler.runUntilIdle()
    expect(takeReconcilerFailures()).toEqual([])
    h.clock.advance(1)
    await reconciler.runUntilIdle()
    expect(takeReconcilerFailures().map((f) => f.deviceId)).toEqual([deviceId])
    h.clock.advance(2 * defaultReconcilerSettings.retryBaseMs)
    await reconciler.runUntilIdle()

    expect(reconciler.stats.failedPasses).toBe(2)
    expect((await getAccessCode(h.ctx, { access_code_id: created.access_code.access_code_id })).status).toBe('set')
    expect((await readSandboxKeypad(h.db, deviceId)).map((k) => k.code)).toEqual(['4821'])
  })
})
