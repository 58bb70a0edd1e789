import { describe, expect, it } from 'vitest'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import { CodeIssues } from '@/lib/sync/code-issues'
import { CodeWork, transitionsOf } from '@/lib/sync/code-work'
import { at, codeRow, HOUR, issuesJson, NOW, pendingAttempt, work } from '@/tests/support/code-work-fixture'

// One code during a reconcile pass: what it will store, which events it records, how the action attempts a caller
// waits on end. A pass that stores nothing when nothing changed keeps the lock's cached list valid; one that loses
// a change or ends an attempt twice shows the property manager the wrong thing.

describe('CodeWork', () => {
  it('reads a column as changed in this pass, else as stored', () => {
    const w = work(codeRow({ code: '1234', pending_since: at(-HOUR) }))
    expect(w.get('code')).toBe('1234')
    w.changes.code = '5678'
    w.changes.pending_since = null
    expect(w.get('code')).toBe('5678')
    expect(w.get('pending_since')).toBeNull()
  })

  it('records every move with its code, device and both ends, and counts them', () => {
    const w = work(codeRow({ status: 'unset' }))
    w.move('start_programming')
    w.move('confirmed_set')
    expect(w.status).toBe('set')
    expect(w.transitions).toBe(2)
    expect(w.moves).toEqual([
      { accessCodeId: 'ac_1', deviceId: 'dev_1', from: 'unset', trigger: 'start_programming', to: 'setting' },
      { accessCodeId: 'ac_1', deviceId: 'dev_1', from: 'setting', trigger: 'confirmed_set', to: 'set' },
    ])
    expect(transitionsOf([w, work(codeRow())])).toBe(2)
  })

  it('an event without a payload carries none', () => {
    const w = work(codeRow())
    w.event('access_code.set_on_device')
    w.event('access_code.deleted', { code: '1234' })
    expect(w.events).toStrictEqual([
      { type: 'access_code.set_on_device' },
      { type: 'access_code.deleted', payload: { code: '1234' } },
    ])
  })

  it('ends each pending attempt once, with the first outcome the pass decided', () => {
    const w = work(codeRow(), [
      pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
      pendingAttempt('UPDATE_ACCESS_CODE', 'aa_update'),
      pendingAttempt('DELETE_ACCESS_CODE', 'aa_delete'),
    ])
    expect(w.attemptEndings).toEqual([])
    w.succeed('CREATE_ACCESS_CODE')
    w.fail({ type: 'access_code_deleted', message: 'gone' }, 'CREATE_ACCESS_CODE', 'UPDATE_ACCESS_CODE')
    w.succeed('UPDATE_ACCESS_CODE')
    expect(w.attemptEndings).toEqual([
      { actionAttemptId: 'aa_create', outcome: { status: 'success' } },
      { actionAttemptId: 'aa_update', outcome: { status: 'error', type: 'access_code_deleted', message: 'gone' } },
    ])
  })

  it('giving up ends every kind of pending attempt with the error and the catalogue’s message', () => {
    const w = work(codeRow(), [
      pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
      pendingAttempt('DELETE_ACCESS_CODE', 'aa_delete'),
    ])
    w.giveUp('failed_to_set_on_device')
    const [create, del] = w.attemptEndings
    expect(create?.outcome).toMatchObject({ status: 'error', type: 'failed_to_set_on_device' })
    expect(create?.outcome).toHaveProperty('message', describeIssue('error', 'failed_to_set_on_device').message)
    expect(del?.outcome).toEqual(create?.outcome)
    const own = work(codeRow(), [pendingAttempt('UPDATE_ACCESS_CODE')])
    own.giveUp('device_offline', 'Front door lock is offline.')
    expect(own.attemptEndings[0]?.outcome).toEqual({
      status: 'error',
      type: 'device_offline',
      message: 'Front door lock is offline.',
    })
  })

  it('a code loaded without pending attempts has none to end', () => {
    const w = new CodeWork(codeRow())
    w.giveUp('device_offline')
    expect(w.pendingAttempts).toEqual([])
    expect(w.attemptEndings).toEqual([])
    expect(w.dirty).toBe(false)
  })

  it('knows which kinds of attempt are pending', () => {
    const w = work(codeRow(), [pendingAttempt('UPDATE_ACCESS_CODE')])
    expect(w.hasPendingAttempt('CREATE_ACCESS_CODE', 'UPDATE_ACCESS_CODE')).toBe(true)
    expect(w.hasPendingAttempt('CREATE_ACCESS_CODE', 'DELETE_ACCESS_CODE')).toBe(false)
  })

  it('is dirty for each kind of change, and not otherwise', () => {
    const dirtyAfter = (change: (w: ReturnType<typeof work>) => void): boolean => {
      const w = work(codeRow(), [pendingAttempt('CREATE_ACCESS_CODE')])
      change(w)
      return w.dirty
    }
    expect(dirtyAfter(() => undefined)).toBe(false)
    expect(dirtyAfter((w) => w.move('confirmed_set'))).toBe(true)
    expect(dirtyAfter((w) => (w.changes.pending_since = null))).toBe(true)
    expect(dirtyAfter((w) => w.errors.add('failed_to_set_on_device', NOW))).toBe(true)
    expect(dirtyAfter((w) => w.warnings.add('delay_in_setting_on_device', NOW))).toBe(true)
    expect(dirtyAfter((w) => w.event('access_code.set_on_device'))).toBe(true)
    expect(dirtyAfter((w) => w.succeed('CREATE_ACCESS_CODE'))).toBe(true)
    // An outcome for an attempt that is not pending ends nothing.
    expect(dirtyAfter((w) => w.succeed('DELETE_ACCESS_CODE'))).toBe(false)
  })

  it('after a store, what was stored is the baseline: nothing dirty, ended attempts no longer pending', () => {
    const w = work(codeRow({ status: 'setting' }), [
      pendingAttempt('CREATE_ACCESS_CODE', 'aa_create'),
      pendingAttempt('DELETE_ACCESS_CODE', 'aa_delete'),
    ])
    w.move('confirmed_set')
    w.changes.provider_code_id = 'pc_1'
    w.errors.add('failed_to_set_on_device', NOW)
    w.warnings.add('delay_in_setting_on_device', NOW)
    w.event('access_code.set_on_device')
    w.succeed('CREATE_ACCESS_CODE')
    w.commit()
    expect(w.dirty).toBe(false)
    expect(w.row.status).toBe('set')
    expect(w.row.provider_code_id).toBe('pc_1')
    expect(w.row.errors).toBe(w.errors.toJson())
    expect(w.row.warnings).toBe(w.warnings.toJson())
    expect(JSON.parse(w.row.errors)).toHaveLength(1)
    expect(JSON.parse(w.row.warnings)).toHaveLength(1)
    expect(w.changes).toEqual({})
    expect(w.transitions).toBe(0)
    expect(w.moves).toEqual([])
    expect(w.events).toEqual([])
    expect(w.pendingAttempts.map((a) => a.actionAttemptId)).toEqual(['aa_delete'])
    // The outcomes were for the last store: the delete can still succeed later.
    w.succeed('DELETE_ACCESS_CODE')
    expect(w.attemptEndings).toEqual([{ actionAttemptId: 'aa_delete', outcome: { status: 'success' } }])
  })
})

describe('CodeIssues', () => {
  it('adds an issue once, with its created_at; says whether it was new', () => {
    const errors = new CodeIssues('error', '[]')
    expect(errors.add('failed_to_set_on_device', NOW)).toBe(true)
    expect(errors.add('failed_to_set_on_device', new Date(NOW.getTime() + HOUR))).toBe(false)
    expect(JSON.parse(errors.toJson())).toEqual([
      expect.objectContaining({ error_code: 'failed_to_set_on_device', created_at: NOW.toISOString() }),
    ])
    expect(errors.createdAt('failed_to_set_on_device')).toEqual(NOW)
    expect(errors.changed).toBe(true)
  })

  it('keeps errors and warnings by their own code field', () => {
    const warnings = new CodeIssues('warning', issuesJson('warning', 'delay_in_setting_on_device'))
    expect(warnings.has('delay_in_setting_on_device')).toBe(true)
    expect(warnings.createdAt('delay_in_setting_on_device')).toEqual(new Date(at(-HOUR)))
    const errorsOnly = new CodeIssues('error', issuesJson('warning', 'delay_in_setting_on_device'))
    expect(errorsOnly.has('delay_in_setting_on_device')).toBe(false)
    warnings.add('smartthings_failed_to_set_access_code', NOW)
    expect(JSON.parse(warnings.toJson())).toEqual([
      expect.objectContaining({ warning_code: 'delay_in_setting_on_device' }),
      {
        warning_code: 'smartthings_failed_to_set_access_code',
        message: expect.any(String),
        created_at: NOW.toISOString(),
      },
    ])
  })

  it('each issue keeps its own created_at', () => {
    const errors = new CodeIssues('error', issuesJson('error', 'device_offline'))
    errors.add('failed_to_set_on_device', NOW)
    expect(errors.createdAt('device_offline')).toEqual(new Date(at(-HOUR)))
    expect(errors.createdAt('failed_to_set_on_device')).toEqual(NOW)
  })

  it('an issue stored without created_at has none', () => {
    const errors = new CodeIssues('error', JSON.stringify([{ error_code: 'device_offline' }]))
    expect(errors.createdAt('device_offline')).toBeUndefined()
    expect(errors.createdAt('never_there')).toBeUndefined()
  })

  it('removing is a change only when something goes', () => {
    const errors = new CodeIssues('error', issuesJson('error', 'device_offline', 'failed_to_set_on_device'))
    errors.remove('duplicate_code_on_device')
    expect(errors.changed).toBe(false)
    errors.remove('failed_to_set_on_device', 'duplicate_code_on_device')
    expect(errors.changed).toBe(true)
    expect(errors.has('failed_to_set_on_device')).toBe(false)
    expect(errors.has('device_offline')).toBe(true)
    errors.markSaved()
    expect(errors.changed).toBe(false)
  })
})
