// The lifecycle tests' fixture (tests/lock-side/lifecycle-*.test.ts): a fresh lock harness for every test, and what
// a test reads back from it.
import { afterEach, beforeEach } from 'vitest'
import { getAccessCode } from '@/lib/access-codes/list-access-codes'
import { listEvents } from '@/lib/events/list-events'
import { readSandboxKeypad } from '@/lib/locks/sandbox-lock'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

// Devices of the harness workspace follow lib/locks/sandbox-profiles.ts order.
export const AUGUST = 0 // schedules natively, 72 h ahead
export const SMARTTHINGS = 2 // no native scheduling, 30 slots
export const LOCKLY = 7 // no native scheduling, 6–8 digits, no zeros

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export let h: LockHarness
beforeEach(async () => {
  h = await openLockHarness()
})
afterEach(async () => {
  await h.close()
})

export const device = (index: number): string => h.workspace.device_ids[index] ?? ''
export const at = (offsetMs: number): string => new Date(h.clock.now().getTime() + offsetMs).toISOString()
export const code = (id: string) => getAccessCode(h.ctx, { access_code_id: id })
export const keypadCodes = async (deviceId: string): Promise<string[]> =>
  (await readSandboxKeypad(h.db, deviceId)).map((k) => k.code).sort()
export const errorCodes = (c: { errors: { error_code: string }[] }): string[] =>
  c.errors.map((e) => e.error_code).sort()
export const warningCodes = (c: { warnings: { warning_code: string }[] }): string[] =>
  c.warnings.map((w) => w.warning_code).sort()
export async function eventTypes(accessCodeId: string): Promise<string[]> {
  const events = await listEvents(h.ctx, {
    since: '2000-01-01T00:00:00.000Z',
    access_code_id: accessCodeId,
    limit: 500,
  })
  return events.map((e) => e.event_type).reverse()
}
