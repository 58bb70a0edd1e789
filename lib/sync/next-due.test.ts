import { describe, expect, it } from 'vitest'
import { nextDue } from '@/lib/sync/next-due'
import { defaultReconcilerSettings } from '@/lib/sync/reconcile-env'
import {
  at,
  codeRow,
  deviceRecord,
  HOUR,
  issuesJson,
  MINUTE,
  NOW,
  onKeypad,
  work,
} from '@/tests/support/code-work-fixture'
import type { CodeWork } from '@/lib/sync/code-work'

// When the reconciler looks at a lock again. Too late and a guest's code goes on (or off) after their stay starts
// (or ends), a failed call waits, a delay warning comes late; too early only costs a pass.

const settings = defaultReconcilerSettings
type Context = Parameters<typeof nextDue>[1]
const ctx = (overrides: Partial<Context> = {}): Context => ({
  now: NOW,
  device: deviceRecord(),
  leadMs: 0,
  settings,
  failures: 0,
  keypadKnown: true,
  ...overrides,
})
const due = (managed: CodeWork[], overrides: Partial<Context> = {}): string | null =>
  nextDue(managed, ctx(overrides))?.toISOString() ?? null
const stay = (startOffset: number, endOffset: number) =>
  ({ type: 'time_bound', starts_at: at(startOffset), ends_at: at(endOffset) }) as const
const nativeLock = deviceRecord({ provider: 'august', supportsNativeScheduling: true })

describe('nextDue', () => {
  it('nothing to wait for: no next pass', () => {
    expect(due([])).toBeNull()
    expect(due([work(codeRow({ status: 'unset' }))])).toBeNull()
  })

  it('a keypad never read, or one holding codes, is read again after keypadPollMs', () => {
    expect(due([], { keypadKnown: false })).toBe(at(settings.keypadPollMs))
    expect(due([work(onKeypad())])).toBe(at(settings.keypadPollMs))
  })

  it('a finished code counts for nothing', () => {
    const finished = work(onKeypad({ status: 'deleted', ...stay(HOUR, 2 * HOUR), pending_since: at(0) }))
    finished.needsRetry = true
    expect(due([finished])).toBeNull()
  })

  it('a stay not begun: its start; begun: its end; over: nothing', () => {
    expect(due([work(codeRow({ status: 'unset', ...stay(HOUR, 5 * HOUR) }))])).toBe(at(HOUR))
    expect(due([work(codeRow({ status: 'unset', ...stay(-HOUR, 5 * HOUR) }))])).toBe(at(5 * HOUR))
    expect(due([work(codeRow({ status: 'unset', ...stay(-5 * HOUR, -HOUR) }))])).toBeNull()
  })

  it('a window edge at this very moment is not a later moment (this pass handles it)', () => {
    expect(due([work(codeRow({ status: 'unset', ...stay(0, 5 * HOUR) }))])).toBe(at(5 * HOUR))
  })

  it('the earliest of every code’s moments', () => {
    const managed = [
      work(codeRow({ access_code_id: 'ac_1', status: 'unset', ...stay(3 * HOUR, 5 * HOUR) })),
      work(codeRow({ access_code_id: 'ac_2', status: 'unset', ...stay(2 * HOUR, 4 * HOUR) })),
      work(codeRow({ access_code_id: 'ac_3', status: 'unset', ...stay(-HOUR, 6 * HOUR) })),
    ]
    expect(due(managed)).toBe(at(2 * HOUR))
  })

  it('on a lock that schedules natively, a code goes on `leadMs` before its window', () => {
    const row = codeRow({ status: 'unset', ...stay(3 * HOUR, 5 * HOUR) })
    expect(due([work(row)], { device: nativeLock, leadMs: 2 * HOUR })).toBe(at(HOUR))
    // Not for a code that does not ask for it, nor for an offline code (nothing goes on the keypad).
    expect(due([work({ ...row, prefer_native_scheduling: 0 })], { device: nativeLock, leadMs: 2 * HOUR })).toBe(
      at(3 * HOUR),
    )
    expect(due([work({ ...row, is_offline_access_code: 1 })], { device: nativeLock, leadMs: 2 * HOUR })).toBe(
      at(3 * HOUR),
    )
    // Already inside the lead: the start is next.
    expect(due([work(row)], { device: nativeLock, leadMs: 4 * HOUR })).toBe(at(3 * HOUR))
  })

  it('work pending: when its delay warning is due, unless a delay warning is already shown', () => {
    const pending = codeRow({ status: 'setting', pending_since: at(-MINUTE) })
    expect(due([work(pending)])).toBe(at(settings.delayWarningAfterMs - MINUTE))
    for (const warning of ['delay_in_setting_on_device', 'delay_in_removing_from_device'])
      expect(due([work({ ...pending, warnings: issuesJson('warning', warning) })]), warning).toBeNull()
    // A warning due already is not a later moment.
    expect(due([work({ ...pending, pending_since: at(-settings.delayWarningAfterMs) })])).toBeNull()
  })

  it('pending_since as changed in this pass counts, not the stored one', () => {
    const w = work(codeRow({ status: 'setting', pending_since: null }))
    w.changes.pending_since = at(-2 * MINUTE)
    expect(due([w])).toBe(at(settings.delayWarningAfterMs - 2 * MINUTE))
    const onKeypadNow = work(codeRow({ status: 'setting' }))
    onKeypadNow.changes.provider_code_id = 'pc_1'
    expect(due([onKeypadNow])).toBe(at(settings.keypadPollMs))
  })

  it('a failed call is retried after retryBaseMs, doubling with each failure, at most retryMaxMs', () => {
    const failing = (): CodeWork[] => {
      const w = work(codeRow())
      w.needsRetry = true
      return [w]
    }
    expect(due(failing(), { failures: 0 })).toBe(at(settings.retryBaseMs))
    expect(due(failing(), { failures: 1 })).toBe(at(settings.retryBaseMs))
    expect(due(failing(), { failures: 2 })).toBe(at(2 * settings.retryBaseMs))
    expect(due(failing(), { failures: 4 })).toBe(at(8 * settings.retryBaseMs))
    expect(due(failing(), { failures: 30 })).toBe(at(settings.retryMaxMs))
    // A retry comes before a later window edge.
    const withStay = failing()
    withStay.push(work(codeRow({ access_code_id: 'ac_2', status: 'unset', ...stay(HOUR, 2 * HOUR) })))
    expect(due(withStay, { failures: 1 })).toBe(at(settings.retryBaseMs))
  })
})
