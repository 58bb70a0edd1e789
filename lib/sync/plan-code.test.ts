import { describe, expect, it } from 'vitest'
import type { KeypadCode, LockIssue } from '@/lib/locks/lock-provider'
import { planCode, schedulesNatively, settleOnKeypad } from '@/lib/sync/plan-code'
import {
  at,
  codeRow,
  deviceRecord,
  endings,
  errorCodes,
  eventTypes,
  HOUR,
  issuesJson,
  keypadEntry,
  MINUTE,
  NOW,
  onKeypad,
  pendingAttempt,
  warningCodes,
  work,
} from '@/tests/support/code-work-fixture'
import type { CodeWork } from '@/lib/sync/code-work'

// What the reconciler decides for one code in one pass, from the code's row and what the keypad holds: program it,
// take it off, or settle its status. The lock-side tests drive the same decisions through sandbox locks; these pin
// each rule down on its own.

type Context = Parameters<typeof planCode>[1]
const keypad = (...entries: KeypadCode[]): Map<string, KeypadCode> => new Map(entries.map((e) => [e.providerCodeId, e]))
const ctx = (overrides: Partial<Context> = {}): Context => ({
  device: deviceRecord(),
  now: NOW,
  leadMs: 0,
  native: false,
  keypadKnown: true,
  entryById: keypad(),
  offlineIssues: [],
  ...overrides,
})
const triggers = (w: CodeWork): string[] => w.moves.map((m) => m.trigger)
const nativeLock = deviceRecord({ provider: 'august', supportsNativeScheduling: true })
/** A stay from `startOffset` to `endOffset` around now. */
const stay = (startOffset: number, endOffset: number) =>
  ({ type: 'time_bound', starts_at: at(startOffset), ends_at: at(endOffset) }) as const

describe('planCode: a code the keypad should hold', () => {
  it('programs a due code the keypad lacks: `setting`, pending since now', () => {
    const w = work(codeRow({ status: 'unset' }))
    const plan = planCode(w, ctx())
    expect(plan?.program).toEqual({
      replaceProviderCodeId: undefined,
      code: '1234',
      name: 'Front door',
      startsAt: null,
      endsAt: null,
    })
    expect(plan?.removeId).toBeUndefined()
    expect(w.status).toBe('setting')
    expect(triggers(w)).toEqual(['start_programming'])
    expect(w.changes.pending_since).toBe(NOW.toISOString())
  })

  it('a retry keeps the first pending_since (for the delay warning), makes no move and writes nothing', () => {
    const w = work(codeRow({ status: 'setting', pending_since: at(-10 * MINUTE) }))
    expect(planCode(w, ctx())?.program?.code).toBe('1234')
    expect(triggers(w)).toEqual([])
    expect(w.get('pending_since')).toBe(at(-10 * MINUTE))
    // Nothing to write: the row keeps its pending_since as it is.
    expect('pending_since' in w.changes).toBe(false)
    expect(w.dirty).toBe(false)
  })

  it('a changed PIN replaces the code’s own entry (no external change: the keypad holds the old PIN)', () => {
    const w = work(onKeypad({ code: '5678' }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry()) }))
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: 'pc_1', code: '5678' })
    expect(w.status).toBe('setting')
    expect(eventTypes(w)).toEqual([])
    expect(errorCodes(w)).toEqual([])
  })

  it('an entry already holding the new PIN (stored before the pass could record it) is the code, not a change', () => {
    const w = work(onKeypad({ code: '5678', status: 'setting' }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry({ code: '5678' })) }))).toBeUndefined()
    expect(w.status).toBe('set')
    expect(eventTypes(w)).toEqual(['access_code.set_on_device'])
    expect(errorCodes(w)).toEqual([])
  })

  it('an entry whose PIN Latchkey never recorded is reprogrammed, not reported as changed outside', () => {
    const w = work(onKeypad({ programmed_code: null, status: 'setting' }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry({ code: '9999' })) }))
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: 'pc_1', code: '1234' })
    expect(eventTypes(w)).toEqual([])
    expect(errorCodes(w)).toEqual([])
  })

  it('asks a lock that assigns PINs for none while the code waits for one', () => {
    const w = work(codeRow({ is_waiting_for_code_assignment: 1, code: '' }))
    expect(planCode(w, ctx())?.program?.code).toBeNull()
  })

  it('a code waiting for its assigned PIN is not settled by an entry holding the placeholder PIN', () => {
    const w = work(onKeypad({ is_waiting_for_code_assignment: 1, code: '1234', status: 'setting' }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry()) }))
    expect(plan?.program).toMatchObject({ code: null, replaceProviderCodeId: 'pc_1' })
  })

  it('a time-bound code on a lock without native scheduling goes on the keypad when its window opens, not before', () => {
    const early = work(codeRow({ status: 'unset', ...stay(1, 5 * HOUR) }))
    expect(planCode(early, ctx())).toBeUndefined()
    expect(early.status).toBe('unset')
    const open = work(codeRow({ status: 'unset', ...stay(0, 5 * HOUR) }))
    expect(planCode(open, ctx())?.program).toMatchObject({ code: '1234', startsAt: null, endsAt: null })
  })

  it('on a lock that schedules natively, the code goes on with its window from `leadMs` before it opens', () => {
    const row = codeRow({ status: 'unset', ...stay(HOUR, 5 * HOUR) })
    const native = { device: nativeLock, native: true }
    const inLead = work(row)
    expect(planCode(inLead, ctx({ ...native, leadMs: HOUR }))?.program).toEqual({
      replaceProviderCodeId: undefined,
      code: '1234',
      name: 'Front door',
      startsAt: at(HOUR),
      endsAt: at(5 * HOUR),
    })
    expect(inLead.status).toBe('setting')
    const tooEarly = work(row)
    expect(planCode(tooEarly, ctx({ ...native, leadMs: HOUR - 1 }))).toBeUndefined()
    expect(tooEarly.status).toBe('unset')
    // The lead only counts where the lock keeps the window itself.
    expect(planCode(work(row), ctx({ leadMs: 2 * HOUR }))).toBeUndefined()
  })
})

describe('planCode: the keypad holds the code as wanted', () => {
  it('a `setting` code found with its PIN is `set`: its event, pending and failures cleared, lock-work issues gone', () => {
    const w = work(
      onKeypad({
        status: 'setting',
        pending_since: at(-MINUTE),
        failed_attempts: 2,
        errors: issuesJson('error', 'failed_to_set_on_device', 'device_offline'),
        warnings: issuesJson('warning', 'delay_in_setting_on_device'),
      }),
      [pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'), pendingAttempt('UPDATE_ACCESS_CODE', 'aa_update')],
    )
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))).toBeUndefined()
    expect(w.status).toBe('set')
    expect(triggers(w)).toEqual(['confirmed_set'])
    expect(w.events).toEqual([{ type: 'access_code.set_on_device', payload: { code: '1234' } }])
    expect(w.changes.pending_since).toBeNull()
    expect(w.changes.failed_attempts).toBe(0)
    // device_offline is about the lock, not this operation: it goes when the lock stops reporting it.
    expect(errorCodes(w)).toEqual(['device_offline'])
    expect(warningCodes(w)).toEqual([])
    expect(endings(w)).toEqual({ CREATE_ACCESS_CODE: { status: 'success' }, UPDATE_ACCESS_CODE: { status: 'success' } })
  })

  it('a pass that finds a `set` code as wanted writes nothing', () => {
    const w = work(onKeypad())
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))).toBeUndefined()
    expect(w.dirty).toBe(false)
    expect(w.changes).toEqual({})
  })

  it('an entry the maker’s cloud has not confirmed yet is not the code on the keypad: asked again', () => {
    const w = work(onKeypad({ status: 'setting' }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry({ pending: true })) }))
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: 'pc_1', code: '1234' })
    expect(w.status).toBe('setting')
    expect(eventTypes(w)).toEqual([])
  })

  it('on a natively scheduling lock the entry must carry the code’s window, start and end', () => {
    const row = onKeypad({ status: 'setting', ...stay(-HOUR, 5 * HOUR), is_scheduled_on_device: 0 })
    const native = { device: nativeLock, native: true }
    const right = keypadEntry({ startsAt: at(-HOUR), endsAt: at(5 * HOUR) })
    for (const wrong of [
      keypadEntry(),
      keypadEntry({ startsAt: at(-HOUR) }),
      keypadEntry({ startsAt: at(-2 * HOUR), endsAt: at(5 * HOUR) }),
      keypadEntry({ startsAt: at(-HOUR), endsAt: at(6 * HOUR) }),
    ]) {
      const plan = planCode(work(row), ctx({ ...native, entryById: keypad(wrong) }))
      expect(plan?.program, JSON.stringify(wrong)).toMatchObject({
        replaceProviderCodeId: 'pc_1',
        startsAt: at(-HOUR),
        endsAt: at(5 * HOUR),
      })
    }
    const w = work(row)
    expect(planCode(w, ctx({ ...native, entryById: keypad(right) }))).toBeUndefined()
    expect(w.status).toBe('set')
    expect(w.changes.is_scheduled_on_device).toBe(1)
  })

  it('natively scheduled ahead of its window: `unset`, scheduled on the device, its event once', () => {
    const row = onKeypad({ status: 'setting', ...stay(HOUR, 5 * HOUR) })
    const native = { device: nativeLock, native: true, leadMs: 2 * HOUR }
    const entry = keypadEntry({ startsAt: at(HOUR), endsAt: at(5 * HOUR) })
    const w = work(row)
    expect(planCode(w, ctx({ ...native, entryById: keypad(entry) }))).toBeUndefined()
    expect(triggers(w)).toEqual(['scheduled_on_device'])
    expect(w.status).toBe('unset')
    expect(w.changes.is_scheduled_on_device).toBe(1)
    expect(w.events).toEqual([{ type: 'access_code.scheduled_on_device', payload: { code: '1234' } }])
    w.commit()
    expect(planCode(w, ctx({ ...native, entryById: keypad(entry) }))).toBeUndefined()
    expect(triggers(w)).toEqual([])
    expect(w.dirty).toBe(false)
  })

  it('a natively scheduled `unset` code whose window opened is activated by the lock', () => {
    const row = onKeypad({ status: 'unset', is_scheduled_on_device: 1, ...stay(-MINUTE, 5 * HOUR) })
    const w = work(row)
    const entry = keypadEntry({ startsAt: at(-MINUTE), endsAt: at(5 * HOUR) })
    expect(planCode(w, ctx({ device: nativeLock, native: true, entryById: keypad(entry) }))).toBeUndefined()
    expect(triggers(w)).toEqual(['activated'])
    expect(w.status).toBe('set')
    expect(eventTypes(w)).toEqual(['access_code.set_on_device'])
    expect(w.changes.is_scheduled_on_device).toBeUndefined()
  })

  it('a `removing` code wanted again and still on the keypad goes back to `set` through `setting`', () => {
    const w = work(onKeypad({ status: 'removing' }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))).toBeUndefined()
    expect(triggers(w)).toEqual(['start_programming', 'confirmed_set'])
    expect(w.status).toBe('set')
  })

  it('without a keypad read, what Latchkey last programmed stands for the keypad', () => {
    const asProgrammed = work(onKeypad())
    expect(planCode(asProgrammed, ctx({ keypadKnown: false }))).toBeUndefined()
    expect(asProgrammed.dirty).toBe(false)
    const changedPin = work(onKeypad({ code: '5678' }))
    expect(planCode(changedPin, ctx({ keypadKnown: false }))?.program).toMatchObject({
      replaceProviderCodeId: 'pc_1',
      code: '5678',
    })
    // Nothing recorded as programmed: nothing to replace.
    const noPin = work(onKeypad({ programmed_code: null, status: 'setting' }))
    expect(planCode(noPin, ctx({ keypadKnown: false }))?.program?.replaceProviderCodeId).toBeUndefined()
    const noEntry = work(codeRow({ programmed_code: '1234' }))
    expect(planCode(noEntry, ctx({ keypadKnown: false }))?.program).toMatchObject({
      replaceProviderCodeId: undefined,
      code: '1234',
    })
    // Nor is an unread keypad an external change.
    expect(eventTypes(changedPin)).toEqual([])
  })
})

describe('planCode: changes made on the lock outside Latchkey', () => {
  it('a PIN changed in the maker’s app is an error and is put back, its event recorded once', () => {
    const entry = keypadEntry({ code: '9999' })
    const w = work(onKeypad())
    const plan = planCode(w, ctx({ entryById: keypad(entry) }))
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: 'pc_1', code: '1234' })
    expect(errorCodes(w)).toEqual(['code_modified_external_to_seam'])
    expect(eventTypes(w)).toEqual(['access_code.modified_external_to_seam'])
    expect(w.changes.code).toBeUndefined()
    w.commit()
    planCode(w, ctx({ entryById: keypad(entry) }))
    expect(eventTypes(w)).toEqual([])
  })

  it('with external modification allowed, the new PIN is taken over: a warning, the code’s PIN changes', () => {
    const w = work(onKeypad({ is_external_modification_allowed: 1, common_code_key: 'ck_1' }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry({ code: '9999' })) }))).toBeUndefined()
    expect(w.changes).toMatchObject({ code: '9999', programmed_code: '9999', common_code_key: null })
    expect(warningCodes(w)).toEqual(['code_modified_external_to_seam'])
    expect(errorCodes(w)).toEqual([])
    expect(eventTypes(w)).toEqual(['access_code.modified_external_to_seam'])
    expect(w.status).toBe('set')
  })

  it('a deleted code whose PIN was changed is only taken off: the event, no error', () => {
    const w = work(onKeypad({ deleted_at: at(-MINUTE) }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry({ code: '9999' })) }))
    expect(plan?.removeId).toBe('pc_1')
    expect(eventTypes(w)).toEqual(['access_code.modified_external_to_seam'])
    expect(errorCodes(w)).toEqual([])
    expect(warningCodes(w)).toEqual([])
  })

  it('an entry deleted in the maker’s app: forgotten, an error and its event, and programmed again', () => {
    const w = work(
      onKeypad({ programmed_starts_at: at(-HOUR), programmed_ends_at: at(HOUR), is_scheduled_on_device: 1 }),
    )
    const plan = planCode(w, ctx())
    expect(w.changes).toMatchObject({
      provider_code_id: null,
      programmed_code: null,
      programmed_starts_at: null,
      programmed_ends_at: null,
      is_scheduled_on_device: 0,
    })
    expect(eventTypes(w)).toEqual(['access_code.deleted_external_to_seam'])
    expect(errorCodes(w)).toEqual(['code_modified_external_to_seam'])
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: undefined, code: '1234' })
    expect(w.status).toBe('setting')
  })

  it('with external modification allowed, an entry deleted in the maker’s app stays off (a warning, `unset`)', () => {
    const w = work(onKeypad({ is_external_modification_allowed: 1 }), [pendingAttempt('UPDATE_ACCESS_CODE')])
    expect(planCode(w, ctx())).toBeUndefined()
    expect(warningCodes(w)).toEqual(['code_modified_external_to_seam'])
    expect(errorCodes(w)).toEqual([])
    expect(triggers(w)).toEqual(['lost_from_device'])
    expect(w.status).toBe('unset')
    expect(endings(w)).toEqual({ UPDATE_ACCESS_CODE: { status: 'success' } })
    // Later passes leave it off, without a second event.
    w.commit()
    expect(planCode(w, ctx())).toBeUndefined()
    expect(w.dirty).toBe(false)
  })

  it('an entry gone while its code was being removed or was deleted is no external deletion', () => {
    const removing = work(onKeypad({ status: 'removing', ...stay(2 * HOUR, 5 * HOUR) }))
    planCode(removing, ctx())
    expect(eventTypes(removing)).toEqual(['access_code.removed_from_device'])
    expect(errorCodes(removing)).toEqual([])
    const deleted = work(onKeypad({ deleted_at: at(-MINUTE) }))
    planCode(deleted, ctx())
    expect(eventTypes(deleted)).not.toContain('access_code.deleted_external_to_seam')
    expect(errorCodes(deleted)).toEqual([])
  })

  it('what the lock reports about the code’s entry (switched off) shows while it does, and goes after', () => {
    const disabled: LockIssue = { code: 'ultraloq_access_code_disabled', kind: 'warning' }
    const w = work(onKeypad())
    planCode(w, ctx({ entryById: keypad(keypadEntry({ disabled: true, issue: disabled })) }))
    expect(warningCodes(w)).toEqual(['ultraloq_access_code_disabled'])
    w.commit()
    planCode(w, ctx({ entryById: keypad(keypadEntry()) }))
    expect(warningCodes(w)).toEqual([])
    // An unread keypad says nothing about the entry: the warning stays.
    const unread = work(onKeypad({ warnings: issuesJson('warning', 'ultraloq_access_code_disabled') }))
    planCode(unread, ctx({ keypadKnown: false }))
    expect(warningCodes(unread)).toEqual(['ultraloq_access_code_disabled'])
  })
})

describe('planCode: a deleted or expired code', () => {
  it('a deleted code on the keypad is taken off: `removing`, pending since now', () => {
    const w = work(onKeypad({ deleted_at: at(-MINUTE) }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry()) }))
    expect(plan).toEqual({ work: w, removeId: 'pc_1' })
    expect(triggers(w)).toEqual(['start_removing'])
    expect(w.changes.pending_since).toBe(NOW.toISOString())
  })

  it('a retried removal keeps its status and first pending_since', () => {
    const w = work(onKeypad({ deleted_at: at(-MINUTE), status: 'removing', pending_since: at(-MINUTE) }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))?.removeId).toBe('pc_1')
    expect(triggers(w)).toEqual([])
    expect(w.get('pending_since')).toBe(at(-MINUTE))
    expect('pending_since' in w.changes).toBe(false)
  })

  it('a deleted code that never reached the keypad finishes: its delete succeeds, its create can no longer', () => {
    const w = work(codeRow({ deleted_at: at(-MINUTE), pending_since: at(-MINUTE) }), [
      pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
      pendingAttempt('DELETE_ACCESS_CODE', 'aa_delete'),
    ])
    expect(planCode(w, ctx())).toBeUndefined()
    expect(triggers(w)).toEqual(['finished'])
    expect(w.status).toBe('deleted')
    expect(eventTypes(w)).toEqual([])
    expect(w.changes.deleted_at).toBeUndefined()
    expect(w.changes.pending_since).toBeNull()
    expect(endings(w)).toEqual({
      CREATE_ACCESS_CODE: {
        status: 'error',
        type: 'access_code_deleted',
        message: 'The code was deleted before the lock had it.',
      },
      DELETE_ACCESS_CODE: { status: 'success' },
    })
  })

  it('a deleted code last seen programmed (no entry id) is reported removed once it finishes', () => {
    const w = work(codeRow({ deleted_at: at(-MINUTE), programmed_code: '1234' }))
    planCode(w, ctx())
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device'])
    expect(w.status).toBe('deleted')
    const removedBefore = work(
      codeRow({ deleted_at: at(-MINUTE), programmed_code: '1234', removed_from_device_at: at(-1) }),
    )
    planCode(removedBefore, ctx())
    expect(eventTypes(removedBefore)).toEqual([])
  })

  it('a code whose window ends now has expired: deleted, with its event and PIN, its create failed as expired', () => {
    const w = work(codeRow({ ...stay(-5 * HOUR, 0) }), [pendingAttempt('UPDATE_ACCESS_CODE')])
    expect(planCode(w, ctx())).toBeUndefined()
    expect(w.status).toBe('deleted')
    expect(w.changes.deleted_at).toBe(NOW.toISOString())
    expect(w.events).toEqual([{ type: 'access_code.deleted', payload: { code: '1234' } }])
    expect(endings(w)).toEqual({
      UPDATE_ACCESS_CODE: {
        status: 'error',
        type: 'access_code_expired',
        message: 'The code’s window ended before the lock had it.',
      },
    })
  })

  it('an expired code still waiting for the lock to assign its PIN reports none', () => {
    const w = work(codeRow({ ...stay(-5 * HOUR, -1), is_waiting_for_code_assignment: 1 }))
    planCode(w, ctx())
    expect(w.events).toEqual([{ type: 'access_code.deleted', payload: { code: null } }])
  })

  it('a code whose window ends a millisecond from now is still on the keypad', () => {
    const w = work(onKeypad({ ...stay(-5 * HOUR, 1) }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))).toBeUndefined()
    expect(w.status).toBe('set')
  })

  it('an ongoing code with an end date left over is not expired', () => {
    const w = work(onKeypad({ type: 'ongoing', ends_at: at(-HOUR) }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))).toBeUndefined()
    expect(w.status).toBe('set')
  })

  it('an expired code on the keypad is taken off', () => {
    const w = work(onKeypad({ ...stay(-5 * HOUR, -MINUTE) }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))?.removeId).toBe('pc_1')
  })
})

describe('planCode: a code not due and not on the keypad', () => {
  it('a `setting` code whose window moved later is cancelled: `unset`, its update done, lock-work issues gone', () => {
    const w = work(
      codeRow({
        ...stay(2 * HOUR, 5 * HOUR),
        pending_since: at(-MINUTE),
        errors: issuesJson('error', 'failed_to_set_on_device', 'code_modified_external_to_seam', 'device_offline'),
        warnings: issuesJson('warning', 'delay_in_setting_on_device'),
      }),
      [pendingAttempt('UPDATE_ACCESS_CODE')],
    )
    expect(planCode(w, ctx())).toBeUndefined()
    expect(triggers(w)).toEqual(['cancelled'])
    expect(w.changes.pending_since).toBeNull()
    // A PIN changed outside Latchkey stays reported until the code is on the keypad as wanted.
    expect(errorCodes(w)).toEqual(['code_modified_external_to_seam', 'device_offline'])
    expect(warningCodes(w)).toEqual([])
    expect(endings(w)).toEqual({ UPDATE_ACCESS_CODE: { status: 'success' } })
  })

  it('a `removing` code whose entry has gone is confirmed removed, with its event', () => {
    const w = work(codeRow({ status: 'removing', ...stay(2 * HOUR, 5 * HOUR) }))
    planCode(w, ctx())
    expect(triggers(w)).toEqual(['confirmed_removed'])
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device'])
  })

  it('an `unset` code waiting for its window writes nothing', () => {
    const w = work(codeRow({ status: 'unset', ...stay(2 * HOUR, 5 * HOUR) }))
    expect(planCode(w, ctx())).toBeUndefined()
    expect(w.dirty).toBe(false)
  })
})

describe('planCode: a code declined on an offline lock (attempt_for_offline_device: false)', () => {
  const declined = {
    status: 'unset',
    attempt_for_offline_device: 0,
    errors: issuesJson('error', 'failed_to_set_on_device'),
  } as const

  it('stays off, with its error, until a new PIN or window asks again', () => {
    const w = work(codeRow(declined))
    expect(planCode(w, ctx())).toBeUndefined()
    expect(w.dirty).toBe(false)
    expect(errorCodes(w)).toEqual(['failed_to_set_on_device'])
  })

  it('is programmed again when an update asks', () => {
    for (const type of ['UPDATE_ACCESS_CODE', 'CREATE_ACCESS_CODE'] as const)
      expect(planCode(work(codeRow(declined), [pendingAttempt(type)]), ctx())?.program?.code).toBe('1234')
    expect(planCode(work(codeRow(declined), [pendingAttempt('DELETE_ACCESS_CODE')]), ctx())).toBeUndefined()
  })

  it('a declined code whose old entry is still on the keypad has it replaced, not removed', () => {
    const w = work(onKeypad({ ...declined, code: '5678' }))
    const plan = planCode(w, ctx({ entryById: keypad(keypadEntry()) }))
    expect(plan?.removeId).toBeUndefined()
    expect(plan?.program).toMatchObject({ replaceProviderCodeId: 'pc_1', code: '5678' })
  })

  it('only a declined code stays off: one that waits for offline locks, or is `setting`, is retried', () => {
    expect(planCode(work(codeRow({ ...declined, attempt_for_offline_device: 1 })), ctx())?.program).toBeDefined()
    expect(planCode(work(codeRow({ ...declined, status: 'setting' })), ctx())?.program).toBeDefined()
    expect(planCode(work(codeRow({ ...declined, errors: '[]' })), ctx())?.program).toBeDefined()
  })
})

describe('planCode: offline codes (the lock maker’s algorithm, nothing on the keypad)', () => {
  const offline = { is_offline_access_code: 1, ...stay(-HOUR, 5 * HOUR) } as const
  const makerIssue: LockIssue = { code: 'igloo_algopin_must_be_used_within_24_hours', kind: 'warning' }

  it('is `set` once its window opens, without a lock call, with what the maker says about its codes', () => {
    const w = work(codeRow({ ...offline, status: 'unset', pending_since: at(-MINUTE) }), [
      pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
      pendingAttempt('UPDATE_ACCESS_CODE', 'aa_update'),
    ])
    expect(planCode(w, ctx({ offlineIssues: [makerIssue] }))).toBeUndefined()
    expect(triggers(w)).toEqual(['activated'])
    expect(w.changes.is_scheduled_on_device).toBe(1)
    expect(w.changes.pending_since).toBeNull()
    expect(w.events).toEqual([{ type: 'access_code.set_on_device', payload: { code: '1234' } }])
    expect(warningCodes(w)).toEqual([makerIssue.code])
    expect(endings(w)).toEqual({ CREATE_ACCESS_CODE: { status: 'success' }, UPDATE_ACCESS_CODE: { status: 'success' } })
  })

  it('a `setting` offline code is confirmed set; a `set` one writes nothing', () => {
    const setting = work(codeRow({ ...offline, status: 'setting' }))
    planCode(setting, ctx())
    expect(triggers(setting)).toEqual(['confirmed_set'])
    const set = work(codeRow({ ...offline, status: 'set', is_scheduled_on_device: 1 }))
    planCode(set, ctx())
    expect(set.dirty).toBe(false)
  })

  it('before its window it stays `unset`', () => {
    const w = work(codeRow({ ...offline, ...stay(HOUR, 5 * HOUR), status: 'unset' }))
    planCode(w, ctx())
    expect(w.status).toBe('unset')
    expect(w.events).toEqual([])
  })

  it('an online code turned offline has its old PIN taken off the keypad first', () => {
    const w = work(onKeypad({ ...offline }))
    expect(planCode(w, ctx({ entryById: keypad(keypadEntry()) }))?.removeId).toBe('pc_1')
    expect(w.status).toBe('removing')
  })

  it('its old entry gone some other way: forgotten, and `removing` is confirmed with its event', () => {
    const w = work(onKeypad({ ...offline, status: 'removing', programmed_starts_at: at(-HOUR) }))
    planCode(w, ctx())
    expect(w.changes).toMatchObject({
      provider_code_id: null,
      programmed_code: null,
      programmed_starts_at: null,
      programmed_ends_at: null,
    })
    expect(triggers(w)).toEqual(['confirmed_removed', 'activated'])
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device', 'access_code.set_on_device'])
  })

  it('a deleted offline code finishes and loses the maker’s issues', () => {
    const w = work(codeRow({ ...offline, deleted_at: at(-MINUTE), warnings: issuesJson('warning', makerIssue.code) }))
    planCode(w, ctx({ offlineIssues: [makerIssue] }))
    expect(w.status).toBe('deleted')
    expect(warningCodes(w)).toEqual([])
  })

  it('an online code does not carry what the maker says about offline codes', () => {
    const w = work(
      onKeypad({
        warnings: issuesJson('warning', makerIssue.code),
        errors: issuesJson('error', 'device_offline', 'offline_error_code'),
      }),
    )
    planCode(
      w,
      ctx({
        entryById: keypad(keypadEntry()),
        offlineIssues: [makerIssue, { code: 'offline_error_code', kind: 'error' }],
      }),
    )
    expect(warningCodes(w)).toEqual([])
    expect(errorCodes(w)).toEqual(['device_offline'])
  })
})

describe('planCode: issues of one kind leave the other kind alone', () => {
  it('an online code drops the maker’s offline warning, not an error with the same code (and the other way round)', () => {
    const both = { errors: issuesJson('error', 'shared_code'), warnings: issuesJson('warning', 'shared_code') }
    const warned = work(onKeypad(both))
    planCode(
      warned,
      ctx({ entryById: keypad(keypadEntry()), offlineIssues: [{ code: 'shared_code', kind: 'warning' }] }),
    )
    expect(errorCodes(warned)).toEqual(['shared_code'])
    expect(warningCodes(warned)).toEqual([])
    const erred = work(onKeypad(both))
    planCode(erred, ctx({ entryById: keypad(keypadEntry()), offlineIssues: [{ code: 'shared_code', kind: 'error' }] }))
    expect(errorCodes(erred)).toEqual([])
    expect(warningCodes(erred)).toEqual(['shared_code'])
  })

  it('an entry issue the lock keeps reporting keeps its first created_at, as a warning or as an error', () => {
    for (const kind of ['warning', 'error'] as const) {
      const row = onKeypad(
        kind === 'warning'
          ? { warnings: issuesJson('warning', 'ultraloq_access_code_disabled') }
          : { errors: issuesJson('error', 'ultraloq_access_code_disabled') },
      )
      const w = work(row)
      const issue: LockIssue = { code: 'ultraloq_access_code_disabled', kind }
      planCode(w, ctx({ entryById: keypad(keypadEntry({ disabled: true, issue })) }))
      expect(w.dirty, kind).toBe(false)
      const issues = kind === 'warning' ? w.warnings : w.errors
      expect(issues.createdAt('ultraloq_access_code_disabled'), kind).toEqual(new Date(at(-HOUR)))
    }
  })

  it('an entry issue that changes kind moves from one list to the other', () => {
    const w = work(onKeypad({ errors: issuesJson('error', 'ultraloq_access_code_disabled') }))
    const issue: LockIssue = { code: 'ultraloq_access_code_disabled', kind: 'warning' }
    planCode(w, ctx({ entryById: keypad(keypadEntry({ disabled: true, issue })) }))
    expect(errorCodes(w)).toEqual([])
    expect(warningCodes(w)).toEqual(['ultraloq_access_code_disabled'])
    const back = work(onKeypad({ warnings: issuesJson('warning', 'ultraloq_access_code_disabled') }))
    planCode(back, ctx({ entryById: keypad(keypadEntry({ disabled: true, issue: { ...issue, kind: 'error' } })) }))
    expect(errorCodes(back)).toEqual(['ultraloq_access_code_disabled'])
    expect(warningCodes(back)).toEqual([])
  })
})

describe('settleOnKeypad', () => {
  it('a natively scheduled `removing` code wanted again, ahead of its window, goes back to scheduled', () => {
    const w = work(onKeypad({ status: 'removing', ...stay(HOUR, 5 * HOUR) }))
    settleOnKeypad(w, true, NOW)
    expect(triggers(w)).toEqual(['start_programming', 'scheduled_on_device'])
    expect(w.status).toBe('unset')
  })

  it('a `set` code whose window moved later is scheduled again', () => {
    const w = work(onKeypad({ status: 'set', is_scheduled_on_device: 1, ...stay(HOUR, 5 * HOUR) }))
    settleOnKeypad(w, true, NOW)
    expect(triggers(w)).toEqual(['scheduled_on_device'])
    expect(eventTypes(w)).toEqual([])
  })

  it('a window opening now is no longer ahead; without native scheduling nothing is', () => {
    const opening = work(onKeypad({ status: 'setting', ...stay(0, 5 * HOUR) }))
    settleOnKeypad(opening, true, NOW)
    expect(opening.status).toBe('set')
    const notNative = work(onKeypad({ status: 'setting', ...stay(HOUR, 5 * HOUR) }))
    settleOnKeypad(notNative, false, NOW)
    expect(notNative.status).toBe('set')
    expect(notNative.changes.is_scheduled_on_device).toBeUndefined()
  })
})

describe('schedulesNatively', () => {
  const timeBound = codeRow({ ...stay(HOUR, 5 * HOUR) })
  it('only a time-bound code that prefers it, on a lock that can', () => {
    expect(schedulesNatively(nativeLock, work(timeBound))).toBe(true)
    expect(schedulesNatively(deviceRecord(), work(timeBound))).toBe(false)
    expect(schedulesNatively(nativeLock, work({ ...timeBound, prefer_native_scheduling: 0 }))).toBe(false)
    expect(schedulesNatively(nativeLock, work(codeRow()))).toBe(false)
  })
})
