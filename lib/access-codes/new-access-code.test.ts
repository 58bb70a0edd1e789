import { describe, expect, it } from 'vitest'
import {
  checkCodeKind,
  codeWindow,
  lockAssignsPins,
  newCodeRow,
  type NewCodeOptions,
} from '@/lib/access-codes/new-access-code'
import { DomainError } from '@/lib/errors/domain-error'
import { at, deviceRecord, HOUR, NOW } from '@/tests/support/code-work-fixture'

// The rules a new code meets before any PIN or store is involved (create, create_multiple and update share them),
// and the row it is stored as. A rule let through here is a code the lock cannot have, or one Latchkey programs
// differently from what the caller asked.

const lock = deviceRecord({ displayName: 'Front door lock' })
const offlineLock = deviceRecord({ provider: 'igloohome', canProgramOfflineCodes: true, displayName: 'Igloo' })
const stay = { starts_at: at(HOUR), ends_at: at(5 * HOUR) }

/** The DomainError checkCodeKind throws: its type and the messages of each field it names. */
function refusal(device: typeof lock, options: NewCodeOptions): { type: string; fields: Record<string, string[]> } {
  try {
    checkCodeKind(device, options, NOW)
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError)
    const e = error as DomainError
    return { type: e.type, fields: e.fieldErrors }
  }
  throw new Error('expected checkCodeKind to refuse')
}

describe('checkCodeKind', () => {
  it('takes an ongoing or a future time-bound online code on an ordinary lock', () => {
    expect(() => checkCodeKind(lock, {}, NOW)).not.toThrow()
    expect(() => checkCodeKind(lock, stay, NOW)).not.toThrow()
    // A stay already begun is fine where the lock does not insist on a future start.
    expect(() => checkCodeKind(lock, { starts_at: at(-HOUR), ends_at: at(HOUR) }, NOW)).not.toThrow()
  })

  it('refuses an end that is not in the future (now included)', () => {
    for (const ends_at of [at(0), at(-1)])
      expect(refusal(lock, { starts_at: at(-HOUR), ends_at })).toEqual({
        type: 'invalid_input',
        fields: { ends_at: ['must be in the future'] },
      })
    expect(() => checkCodeKind(lock, { starts_at: at(-HOUR), ends_at: at(1) }, NOW)).not.toThrow()
  })

  it('on a lock that wants a future start, refuses a start now or before, naming the lock', () => {
    const futureOnly = deviceRecord({
      displayName: 'Gate',
      codeConstraints: [{ constraint_type: 'start_date_in_future' }],
    })
    for (const starts_at of [at(0), at(-HOUR)])
      expect(refusal(futureOnly, { starts_at, ends_at: at(HOUR) })).toEqual({
        type: 'invalid_input',
        fields: { starts_at: ['must be in the future on Gate'] },
      })
    expect(() => checkCodeKind(futureOnly, { starts_at: at(1), ends_at: at(HOUR) }, NOW)).not.toThrow()
    expect(() => checkCodeKind(futureOnly, {}, NOW)).not.toThrow()
  })

  it('an offline code needs a lock that can, a window, no PIN, no backup pool', () => {
    const offline = { ...stay, is_offline_access_code: true }
    expect(() => checkCodeKind(offlineLock, offline, NOW)).not.toThrow()
    expect(refusal(lock, offline).type).toBe('offline_access_codes_not_supported')
    expect(() => checkCodeKind(lock, offline, NOW)).toThrow('Front door lock cannot program offline access codes.')
    expect(refusal(offlineLock, { is_offline_access_code: true })).toEqual({
      type: 'invalid_input',
      fields: {
        starts_at: ['is required: offline access codes are time-bound'],
        ends_at: ['is required: offline access codes are time-bound'],
      },
    })
    expect(refusal(offlineLock, { ...offline, code: '1234' }).fields).toEqual({
      code: ['must be left out: the lock maker generates offline access codes'],
    })
    expect(refusal(offlineLock, { ...offline, use_backup_access_code_pool: true }).fields).toEqual({
      use_backup_access_code_pool: ['is not available for offline access codes'],
    })
  })

  it('one-time use only for igloohome and Lockly offline codes', () => {
    const oneTime = { ...stay, is_offline_access_code: true, is_one_time_use: true }
    expect(() => checkCodeKind(offlineLock, oneTime, NOW)).not.toThrow()
    expect(() => checkCodeKind({ ...offlineLock, provider: 'lockly' }, oneTime, NOW)).not.toThrow()
    // Other brands' offline codes are fine as long as they are not one-time.
    const oracode = { ...offlineLock, provider: 'dormakaba_oracode' }
    expect(() => checkCodeKind(oracode, { ...oneTime, is_one_time_use: false }, NOW)).not.toThrow()
    expect(refusal({ ...offlineLock, provider: 'dormakaba_oracode', displayName: 'Oracode' }, oneTime).fields).toEqual({
      is_one_time_use: ['is not available on Oracode: only igloohome and Lockly offline access codes can be one-time'],
    })
    expect(refusal(lock, { ...stay, is_one_time_use: true }).fields).toEqual({
      is_one_time_use: ['applies only to offline access codes (is_offline_access_code: true)'],
    })
    expect(() => checkCodeKind(lock, { ...stay, is_one_time_use: false }, NOW)).not.toThrow()
  })

  it('an online code takes only the default max_time_rounding, in either spelling', () => {
    for (const rounding of ['1hour', '1h'] as const)
      expect(() => checkCodeKind(lock, { ...stay, max_time_rounding: rounding }, NOW)).not.toThrow()
    for (const rounding of ['1day', '1d'] as const)
      expect(refusal(lock, { ...stay, max_time_rounding: rounding }).fields).toEqual({
        max_time_rounding: [
          'can only be 1hour (the default) unless the code is offline (is_offline_access_code: true)',
        ],
      })
    expect(() =>
      checkCodeKind(offlineLock, { ...stay, is_offline_access_code: true, max_time_rounding: '1day' }, NOW),
    ).not.toThrow()
  })

  it('an online code on a lock that only does offline codes: online_access_codes_not_supported', () => {
    const offlineOnly = { ...offlineLock, canProgramOnlineCodes: false }
    expect(refusal(offlineOnly, stay).type).toBe('online_access_codes_not_supported')
    expect(() => checkCodeKind(offlineOnly, stay, NOW)).toThrow(
      'Igloo cannot program online access codes; create an offline access code instead.',
    )
    expect(() => checkCodeKind(offlineOnly, { ...stay, is_offline_access_code: true }, NOW)).not.toThrow()
  })

  it('the backup pool needs a lock that has one and a time-bound code', () => {
    const pooled = deviceRecord({ supportsBackupPool: true, backupPoolSize: 5 })
    expect(() => checkCodeKind(pooled, { ...stay, use_backup_access_code_pool: true }, NOW)).not.toThrow()
    expect(refusal(lock, { ...stay, use_backup_access_code_pool: true }).type).toBe(
      'backup_access_code_pool_not_supported',
    )
    expect(() => checkCodeKind(lock, { ...stay, use_backup_access_code_pool: true }, NOW)).toThrow(
      'Front door lock has no backup access code pool.',
    )
    expect(refusal(pooled, { use_backup_access_code_pool: true })).toEqual({
      type: 'invalid_input',
      fields: { use_backup_access_code_pool: ['is only for time-bound codes: give starts_at and ends_at'] },
    })
    expect(() => checkCodeKind(lock, { ...stay, use_backup_access_code_pool: false }, NOW)).not.toThrow()
  })
})

describe('lockAssignsPins', () => {
  it('only a lock with the cannot_specify_pin_code constraint', () => {
    expect(lockAssignsPins({ codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }] })).toBe(true)
    expect(lockAssignsPins({ codeConstraints: [{ constraint_type: 'no_zeros' }] })).toBe(false)
    expect(lockAssignsPins({ codeConstraints: [] })).toBe(false)
  })
})

describe('newCodeRow', () => {
  it('an ongoing online code with its PIN: `setting` now, defaults as Seam documents them', () => {
    const row = newCodeRow('ws_1', lock, { name: 'Cleaner' }, '1234', null, NOW)
    expect(row).toEqual({
      access_code_id: expect.any(String) as unknown,
      workspace_id: 'ws_1',
      device_id: 'dev_1',
      name: 'Cleaner',
      code: '1234',
      common_code_key: null,
      type: 'ongoing',
      starts_at: null,
      ends_at: null,
      status: 'setting',
      is_managed: 1,
      is_backup: 0,
      pulled_for_access_code_id: null,
      pulled_backup_access_code_id: null,
      use_backup_access_code_pool: 0,
      is_external_modification_allowed: 0,
      is_offline_access_code: 0,
      is_one_time_use: 0,
      max_time_rounding: null,
      prefer_native_scheduling: 1,
      attempt_for_offline_device: 1,
      is_scheduled_on_device: 0,
      is_waiting_for_code_assignment: 0,
      errors: '[]',
      warnings: '[]',
      created_at: NOW.toISOString(),
      updated_at: NOW.toISOString(),
      deleted_at: null,
      provider_code_id: null,
      programmed_code: null,
      programmed_starts_at: null,
      programmed_ends_at: null,
      pending_since: null,
      failed_attempts: 0,
      removed_from_device_at: null,
      lock_op_token: null,
      lock_op_expires_at: null,
      stay_id: null,
      row_version: 0,
    })
    expect(newCodeRow('ws_1', lock, {}, '1234', null, NOW).name).toBeNull()
    expect(newCodeRow('ws_1', lock, {}, '1234', null, NOW).access_code_id).not.toBe(row.access_code_id)
  })

  it('a future stay waits `unset`, with its exact times (online codes are not rounded)', () => {
    const times = { starts_at: '2030-05-01T13:17:00.000Z', ends_at: '2030-05-01T18:45:00.000Z' }
    const row = newCodeRow('ws_1', lock, times, '1234', 'ck_1', NOW)
    expect(row).toMatchObject({ type: 'time_bound', ...times, status: 'unset', common_code_key: 'ck_1' })
  })

  it('the caller’s choices are kept: pool, external changes (either name), native scheduling, offline locks', () => {
    const row = newCodeRow(
      'ws_1',
      lock,
      {
        ...stay,
        use_backup_access_code_pool: true,
        allow_external_modification: true,
        prefer_native_scheduling: false,
        attempt_for_offline_device: false,
      },
      '1234',
      null,
      NOW,
    )
    expect(row).toMatchObject({
      use_backup_access_code_pool: 1,
      is_external_modification_allowed: 1,
      prefer_native_scheduling: 0,
      attempt_for_offline_device: 0,
    })
    expect(newCodeRow('ws_1', lock, { is_external_modification_allowed: true }, '1', null, NOW)).toMatchObject({
      is_external_modification_allowed: 1,
    })
  })

  it('no PIN: stored empty, waiting for the lock to assign one', () => {
    expect(newCodeRow('ws_1', lock, {}, null, null, NOW)).toMatchObject({ code: '', is_waiting_for_code_assignment: 1 })
  })

  it('an offline code: rounded out to whole hours (or days) in the lock’s zone, one-time if asked', () => {
    const times = { starts_at: '2030-05-01T13:17:00.000Z', ends_at: '2030-05-01T18:45:00.000Z' }
    const hourly = newCodeRow(
      'ws_1',
      offlineLock,
      { ...times, is_offline_access_code: true, is_one_time_use: true },
      null,
      null,
      NOW,
    )
    expect(hourly).toMatchObject({
      starts_at: '2030-05-01T13:00:00.000Z',
      ends_at: '2030-05-01T19:00:00.000Z',
      is_offline_access_code: 1,
      is_one_time_use: 1,
      max_time_rounding: '1hour',
    })
    const daily = newCodeRow(
      'ws_1',
      { ...offlineLock, timezone: 'America/New_York' },
      { ...times, is_offline_access_code: true, max_time_rounding: '1d' },
      null,
      null,
      NOW,
    )
    expect(daily).toMatchObject({
      starts_at: '2030-05-01T04:00:00.000Z',
      ends_at: '2030-05-02T04:00:00.000Z',
      max_time_rounding: '1day',
      is_one_time_use: 0,
    })
    // One-time use means nothing on an online code.
    expect(newCodeRow('ws_1', lock, { ...times, is_one_time_use: true }, '1234', null, NOW).is_one_time_use).toBe(0)
  })
})

describe('codeWindow', () => {
  it('both times make a time-bound window; a missing one leaves the code ongoing', () => {
    expect(codeWindow(stay, undefined, 'UTC')).toEqual({ type: 'time_bound', ...stay })
    for (const times of [
      {},
      { starts_at: stay.starts_at },
      { ends_at: stay.ends_at },
      { starts_at: null, ends_at: null },
    ])
      expect(codeWindow(times, undefined, 'UTC'), JSON.stringify(times)).toEqual({
        type: 'ongoing',
        starts_at: null,
        ends_at: null,
      })
    expect(codeWindow({ starts_at: stay.starts_at, ends_at: null }, '1hour', 'UTC').type).toBe('ongoing')
    expect(codeWindow({ starts_at: null, ends_at: stay.ends_at }, '1hour', 'UTC').type).toBe('ongoing')
  })
})
