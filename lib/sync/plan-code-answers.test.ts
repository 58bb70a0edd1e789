import { describe, expect, it } from 'vitest'
import { defaultReconcilerSettings } from '@/lib/sync/reconcile-env'
import { onProgramFailed, onRemoved, onRemoveFailed, warnOfDelay, type Refusal } from '@/lib/sync/plan-code'
import {
  at,
  codeRow,
  deviceRecord,
  endings,
  errorCodes,
  eventTypes,
  HOUR,
  issuesJson,
  MINUTE,
  NOW,
  onKeypad,
  pendingAttempt,
  warningCodes,
  work,
} from '@/tests/support/code-work-fixture'
import type { CodeWork } from '@/lib/sync/code-work'

// How the lock's answers move a code along (lib/sync/plan-code.ts): a removal done, a refusal, a lock out of reach,
// work that takes too long. What a property manager sees is the code's status, its errors and warnings, its events,
// and how the action attempts they wait on end.

const settings = defaultReconcilerSettings // three failures before the error
const triggers = (w: CodeWork): string[] => w.moves.map((m) => m.trigger)
const schlage = deviceRecord()
const smartthings = deviceRecord({ provider: 'smartthings' })
const hubitat = deviceRecord({ provider: 'hubitat' })
const allAttempts = [
  pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
  pendingAttempt('UPDATE_ACCESS_CODE', 'aa_update'),
  pendingAttempt('DELETE_ACCESS_CODE', 'aa_delete'),
]
const gaveUpWith = (type: string) => ({ status: 'error', type, message: expect.any(String) as unknown })

describe('onRemoved: the lock confirmed a removal', () => {
  it('a code wanted later forgets its entry, is `unset` again, and its update is done', () => {
    const w = work(
      onKeypad({
        status: 'removing',
        programmed_starts_at: at(HOUR),
        programmed_ends_at: at(2 * HOUR),
        is_scheduled_on_device: 1,
        pending_since: at(-MINUTE),
        failed_attempts: 2,
        errors: issuesJson('error', 'failed_to_remove_from_device', 'code_modified_external_to_seam', 'device_offline'),
        warnings: issuesJson('warning', 'delay_in_removing_from_device'),
      }),
      [pendingAttempt('UPDATE_ACCESS_CODE')],
    )
    onRemoved(w, NOW)
    expect(w.changes).toEqual({
      provider_code_id: null,
      programmed_code: null,
      programmed_starts_at: null,
      programmed_ends_at: null,
      is_scheduled_on_device: 0,
      removed_from_device_at: NOW.toISOString(),
      pending_since: null,
      failed_attempts: 0,
    })
    expect(triggers(w)).toEqual(['confirmed_removed'])
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device'])
    expect(errorCodes(w)).toEqual(['code_modified_external_to_seam', 'device_offline'])
    expect(warningCodes(w)).toEqual([])
    expect(endings(w)).toEqual({ UPDATE_ACCESS_CODE: { status: 'success' } })
  })

  it('a deleted code finishes, with one removed event, and its delete succeeds', () => {
    const w = work(onKeypad({ status: 'removing', deleted_at: at(-MINUTE) }), allAttempts)
    onRemoved(w, NOW)
    expect(w.status).toBe('deleted')
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device'])
    expect(w.changes.deleted_at).toBeUndefined()
    expect(endings(w)).toMatchObject({
      DELETE_ACCESS_CODE: { status: 'success' },
      CREATE_ACCESS_CODE: gaveUpWith('access_code_deleted'),
    })
  })

  it('a code whose window ended finishes as deleted by expiry: deleted_at, its event', () => {
    const w = work(onKeypad({ status: 'removing', type: 'time_bound', starts_at: at(-HOUR), ends_at: at(0) }))
    onRemoved(w, NOW)
    expect(w.status).toBe('deleted')
    expect(w.changes.deleted_at).toBe(NOW.toISOString())
    expect(eventTypes(w)).toEqual(['access_code.removed_from_device', 'access_code.deleted'])
  })

  it('a code whose window has not ended is not finished; an ongoing one with a stale end neither', () => {
    const later = work(onKeypad({ status: 'removing', type: 'time_bound', starts_at: at(HOUR), ends_at: at(1) }))
    onRemoved(later, NOW)
    expect(later.status).toBe('unset')
    const ongoing = work(onKeypad({ status: 'removing', ends_at: at(-HOUR) }))
    onRemoved(ongoing, NOW)
    expect(ongoing.status).toBe('unset')
  })

  it('an online code turned offline is set as soon as its old entry is off, if its window is open', () => {
    const w = work(onKeypad({ status: 'removing', is_offline_access_code: 1 }), [pendingAttempt('UPDATE_ACCESS_CODE')])
    onRemoved(w, NOW)
    expect(triggers(w)).toEqual(['confirmed_removed', 'activated'])
    expect(w.status).toBe('set')
    expect(w.changes.is_scheduled_on_device).toBe(1)
    expect(endings(w)).toEqual({ UPDATE_ACCESS_CODE: { status: 'success' } })
  })
})

describe('onRemoveFailed: the lock did not take a removal', () => {
  const removing = () => work(onKeypad({ status: 'removing', deleted_at: at(-MINUTE) }), allAttempts)

  it('out of reach: device_offline (or the reason its maker gives), retried, nothing given up', () => {
    const w = removing()
    onRemoveFailed(w, { failure: 'device_offline' }, settings, NOW)
    expect(w.needsRetry).toBe(true)
    expect(errorCodes(w)).toEqual(['device_offline'])
    expect(endings(w)).toEqual({})
    const hub = removing()
    onRemoveFailed(
      hub,
      { failure: 'device_offline', issue: { code: 'hub_disconnected', kind: 'error' } },
      settings,
      NOW,
    )
    expect(errorCodes(hub)).toEqual(['hub_disconnected'])
  })

  it('busy: its issue shows (none without one), and it does not count', () => {
    const w = removing()
    onRemoveFailed(w, { failure: 'busy' }, settings, NOW)
    expect(w.needsRetry).toBe(true)
    expect(errorCodes(w)).toEqual([])
    expect(warningCodes(w)).toEqual([])
    expect(w.changes.failed_attempts).toBeUndefined()
    onRemoveFailed(w, { failure: 'busy', issue: { code: 'lock_busy', kind: 'warning' } }, settings, NOW)
    expect(warningCodes(w)).toEqual(['lock_busy'])
  })

  it('rejected: failed_to_remove_from_device at once, its event, and the waiting attempts end in it', () => {
    const w = removing()
    onRemoveFailed(w, { failure: 'rejected' }, settings, NOW)
    expect(w.needsRetry).toBe(true)
    expect(errorCodes(w)).toEqual(['failed_to_remove_from_device'])
    expect(eventTypes(w)).toEqual(['access_code.failed_to_remove_from_device'])
    expect(endings(w)).toMatchObject({ DELETE_ACCESS_CODE: gaveUpWith('failed_to_remove_from_device') })
  })

  it('failed: counted, and failed_to_remove_from_device after the third', () => {
    for (const failure of ['failed', 'unconfirmed', 'no_space', 'duplicate_code'] as const) {
      const w = removing()
      onRemoveFailed(w, { failure }, settings, NOW)
      expect(w.changes.failed_attempts, failure).toBe(1)
      expect(errorCodes(w), failure).toEqual([])
      const third = work(onKeypad({ status: 'removing', failed_attempts: 2 }))
      onRemoveFailed(third, { failure }, settings, NOW)
      expect(errorCodes(third), failure).toEqual(['failed_to_remove_from_device'])
      expect(eventTypes(third), failure).toEqual(['access_code.failed_to_remove_from_device'])
    }
  })
})

describe('onProgramFailed: the lock did not take a programming request', () => {
  const setting = (overrides = {}) =>
    work(codeRow({ status: 'setting', pending_since: at(-MINUTE), ...overrides }), allAttempts)
  const fail = (w: CodeWork, refusal: Refusal, device = schlage) => onProgramFailed(w, refusal, device, settings, NOW)

  it('no space: the brand’s error at once, with its event; the attempts end in it', () => {
    for (const [device, error] of [
      [schlage, 'no_space_for_access_code_on_device'],
      [smartthings, 'smartthings_no_free_slots_available'],
      [hubitat, 'hubitat_no_free_positions_available'],
    ] as const) {
      const w = setting()
      fail(w, { failure: 'no_space' }, device)
      expect(w.needsRetry).toBe(true)
      expect(errorCodes(w)).toEqual([error])
      expect(eventTypes(w)).toEqual(['access_code.failed_to_set_on_device'])
      expect(endings(w)).toMatchObject({ CREATE_ACCESS_CODE: gaveUpWith(error) })
    }
  })

  it('the lock’s own error stands in for the brand default; its warning does not', () => {
    const own = setting()
    fail(own, { failure: 'no_space', issue: { code: 'igloohome_bridge_too_many_codes', kind: 'error' } })
    expect(errorCodes(own)).toEqual(['igloohome_bridge_too_many_codes'])
    const warning = setting()
    fail(warning, { failure: 'duplicate_code', issue: { code: 'some_warning', kind: 'warning' } })
    expect(errorCodes(warning)).toEqual(['duplicate_code_on_device'])
  })

  it('duplicate PIN: duplicate_code_on_device', () => {
    const w = setting()
    fail(w, { failure: 'duplicate_code' })
    expect(errorCodes(w)).toEqual(['duplicate_code_on_device'])
    expect(eventTypes(w)).toEqual(['access_code.failed_to_set_on_device'])
  })

  it('rejected: the lock’s issue, else failed_to_set_on_device (SmartThings: its own code)', () => {
    const plain = setting()
    fail(plain, { failure: 'rejected' })
    expect(errorCodes(plain)).toEqual(['failed_to_set_on_device'])
    expect(eventTypes(plain)).toEqual(['access_code.failed_to_set_on_device'])
    const st = setting()
    fail(st, { failure: 'rejected' }, smartthings)
    expect(errorCodes(st)).toEqual(['smartthings_failed_to_set_after_multiple_retries'])
    const named = setting()
    fail(named, { failure: 'rejected', issue: { code: 'wyze_duplicate_code_name', kind: 'error' } })
    expect(errorCodes(named)).toEqual(['wyze_duplicate_code_name'])
  })

  it('an error already shown is not announced again', () => {
    const w = setting({ errors: issuesJson('error', 'duplicate_code_on_device') })
    fail(w, { failure: 'duplicate_code' })
    expect(eventTypes(w)).toEqual([])
    // The attempts still hear of it.
    expect(endings(w)).toMatchObject({ CREATE_ACCESS_CODE: gaveUpWith('duplicate_code_on_device') })
  })

  it('a warning the lock names as the reason shows without an error event', () => {
    const w = setting()
    fail(w, { failure: 'rejected', issue: { code: 'some_warning', kind: 'warning' } })
    expect(warningCodes(w)).toEqual(['some_warning'])
    expect(eventTypes(w)).toEqual([])
  })

  it('busy: not counted, its issue shows while it lasts', () => {
    const w = setting()
    fail(w, { failure: 'busy' })
    expect(w.needsRetry).toBe(true)
    expect(w.changes.failed_attempts).toBeUndefined()
    expect(errorCodes(w)).toEqual([])
    fail(w, { failure: 'busy', issue: { code: 'schlage_detected_duplicate', kind: 'error' } })
    expect(errorCodes(w)).toEqual(['schlage_detected_duplicate'])
    expect(endings(w)).toEqual({})
  })

  it('failed: counted, failed_to_set_on_device on the third, once; retried throughout', () => {
    const w = setting()
    for (const expected of [[], [], ['failed_to_set_on_device']]) {
      fail(w, { failure: 'failed' })
      expect(w.needsRetry).toBe(true)
      expect(errorCodes(w)).toEqual(expected)
      expect(eventTypes(w)).toEqual(expected.length === 0 ? [] : ['access_code.failed_to_set_on_device'])
      // SmartThings' own warning is for SmartThings locks only.
      expect(warningCodes(w)).toEqual([])
      if (expected.length === 0) expect(endings(w)).toEqual({})
      w.commit()
    }
    expect(w.row.failed_attempts).toBe(3)
  })

  it('failed on SmartThings: its warning at once, its own error later; a named issue replaces the warning', () => {
    const w = setting({ failed_attempts: 2 })
    fail(w, { failure: 'failed' }, smartthings)
    expect(warningCodes(w)).toEqual(['smartthings_failed_to_set_access_code'])
    expect(errorCodes(w)).toEqual(['smartthings_failed_to_set_after_multiple_retries'])
    const named = setting()
    fail(named, { failure: 'failed', issue: { code: 'lock_said_so', kind: 'warning' } }, smartthings)
    expect(warningCodes(named)).toEqual(['lock_said_so'])
  })

  it('a failed call with the lock’s error is counted like any other: no error before the third', () => {
    const w = setting()
    fail(w, { failure: 'failed', issue: { code: 'lock_error_code', kind: 'error' } })
    expect(errorCodes(w)).toEqual([])
    expect(eventTypes(w)).toEqual([])
    expect(endings(w)).toEqual({})
  })

  it('a counted refusal with the lock’s error shows that error after the third, not the default', () => {
    const w = setting({ failed_attempts: 2 })
    fail(w, { failure: 'failed', issue: { code: 'lock_error_code', kind: 'error' } })
    expect(errorCodes(w)).toEqual(['lock_error_code'])
  })

  it('a counted refusal’s warning shows at once, unless its error is already shown', () => {
    const w = setting()
    fail(w, { failure: 'failed', issue: { code: 'kwikset_unable_to_confirm_code', kind: 'warning' } })
    expect(warningCodes(w)).toEqual(['kwikset_unable_to_confirm_code'])
    const escalated = setting({ errors: issuesJson('error', 'kwikset_unable_to_confirm_code') })
    fail(escalated, { failure: 'unconfirmed', issue: { code: 'kwikset_unable_to_confirm_code', kind: 'warning' } })
    expect(warningCodes(escalated)).toEqual([])
  })

  it('unconfirmed with a warning the spec also has as an error: the warning turns into that error on the third', () => {
    const issue = { code: 'kwikset_unable_to_confirm_code', kind: 'warning' } as const
    const second = setting({ failed_attempts: 1 })
    fail(second, { failure: 'unconfirmed', issue })
    expect(warningCodes(second)).toEqual(['kwikset_unable_to_confirm_code'])
    expect(errorCodes(second)).toEqual([])
    const third = setting({ failed_attempts: 2 })
    fail(third, { failure: 'unconfirmed', issue })
    expect(warningCodes(third)).toEqual([])
    expect(errorCodes(third)).toEqual(['kwikset_unable_to_confirm_code'])
    expect(eventTypes(third)).toEqual(['access_code.failed_to_set_on_device'])
  })

  it('only an unconfirmed refusal escalates its warning; a failed one gets the default error', () => {
    const issue = { code: 'kwikset_unable_to_confirm_code', kind: 'warning' } as const
    const w = setting({ failed_attempts: 2 })
    fail(w, { failure: 'failed', issue })
    expect(errorCodes(w)).toEqual(['failed_to_set_on_device'])
    expect(warningCodes(w)).toEqual(['kwikset_unable_to_confirm_code'])
    // A warning the spec has only as a warning stays one.
    const plain = setting({ failed_attempts: 2 })
    fail(plain, { failure: 'unconfirmed', issue: { code: 'delay_in_setting_on_device', kind: 'warning' } })
    expect(errorCodes(plain)).toEqual(['failed_to_set_on_device'])
  })

  it('unconfirmed with an error of its own shows it at once', () => {
    const w = setting()
    fail(w, { failure: 'unconfirmed', issue: { code: 'august_lock_missing_keypad', kind: 'error' } })
    expect(errorCodes(w)).toEqual(['august_lock_missing_keypad'])
    expect(w.changes.failed_attempts).toBe(1)
  })

  it('out of reach: device_offline or the maker’s reason, retried, attempts still waiting', () => {
    const w = setting()
    fail(w, { failure: 'device_offline' })
    expect(errorCodes(w)).toEqual(['device_offline'])
    expect(w.needsRetry).toBe(true)
    expect(w.status).toBe('setting')
    expect(endings(w)).toEqual({})
    const bridge = setting()
    fail(bridge, { failure: 'device_offline', issue: { code: 'bridge_disconnected', kind: 'error' } })
    expect(errorCodes(bridge)).toEqual(['bridge_disconnected'])
  })

  it('out of reach, for a code that does not wait for offline locks: given up, `unset`, not retried', () => {
    const w = setting({
      attempt_for_offline_device: 0,
      failed_attempts: 1,
      warnings: issuesJson('warning', 'delay_in_setting_on_device'),
    })
    fail(w, { failure: 'device_offline' })
    expect(w.needsRetry).toBe(false)
    expect(triggers(w)).toEqual(['cancelled'])
    expect(w.changes.pending_since).toBeNull()
    expect(w.changes.failed_attempts).toBe(0)
    expect(errorCodes(w)).toEqual(['device_offline', 'failed_to_set_on_device'])
    expect(warningCodes(w)).toEqual([])
    expect(eventTypes(w)).toEqual(['access_code.failed_to_set_on_device'])
    expect(endings(w)).toEqual({
      CREATE_ACCESS_CODE: {
        status: 'error',
        type: 'device_offline',
        message: expect.stringContaining('Front door lock is offline') as unknown,
      },
      UPDATE_ACCESS_CODE: gaveUpWith('device_offline'),
      DELETE_ACCESS_CODE: gaveUpWith('device_offline'),
    })
  })

  it('…but one the keypad already holds (a changed PIN) keeps waiting', () => {
    const w = work(onKeypad({ status: 'setting', code: '5678', attempt_for_offline_device: 0 }), allAttempts)
    fail(w, { failure: 'device_offline' })
    expect(w.needsRetry).toBe(true)
    expect(w.status).toBe('setting')
    expect(errorCodes(w)).toEqual(['device_offline'])
    expect(endings(w)).toMatchObject({ UPDATE_ACCESS_CODE: gaveUpWith('device_offline') })
  })

  it('an `unset` code declined again keeps its status; the event comes once', () => {
    const w = setting({
      status: 'unset',
      attempt_for_offline_device: 0,
      errors: issuesJson('error', 'failed_to_set_on_device'),
    })
    fail(w, { failure: 'device_offline' })
    expect(triggers(w)).toEqual([])
    expect(eventTypes(w)).toEqual([])
  })
})

describe('warnOfDelay: work still pending after delayWarningAfterMs', () => {
  const delay = settings.delayWarningAfterMs
  it('a code still `setting` after the delay gets delay_in_setting_on_device and its event, once', () => {
    const w = work(codeRow({ status: 'setting', pending_since: new Date(NOW.getTime() - delay).toISOString() }))
    warnOfDelay(w, settings, NOW)
    expect(warningCodes(w)).toEqual(['delay_in_setting_on_device'])
    expect(eventTypes(w)).toEqual(['access_code.delay_in_setting_on_device'])
    w.commit()
    warnOfDelay(w, settings, NOW)
    expect(eventTypes(w)).toEqual([])
  })

  it('a code still `removing` gets delay_in_removing_from_device', () => {
    const w = work(onKeypad({ status: 'removing', pending_since: at(-delay - 1) }))
    warnOfDelay(w, settings, NOW)
    expect(warningCodes(w)).toEqual(['delay_in_removing_from_device'])
    expect(eventTypes(w)).toEqual(['access_code.delay_in_removing_from_device'])
  })

  it('nothing a millisecond before the delay, nothing without pending work, nothing for a finished code', () => {
    for (const row of [
      codeRow({ status: 'setting', pending_since: at(-delay + 1) }),
      codeRow({ status: 'setting', pending_since: null }),
      codeRow({ status: 'deleted', pending_since: at(-delay) }),
      codeRow({ status: 'set', pending_since: at(-delay) }),
    ]) {
      const w = work(row)
      warnOfDelay(w, settings, NOW)
      expect(w.dirty, JSON.stringify(row)).toBe(false)
    }
  })
})
