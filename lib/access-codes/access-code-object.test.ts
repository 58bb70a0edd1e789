import { describe, expect, it } from 'vitest'
import { toAccessCodeObject } from '@/lib/access-codes/access-code-object'
import { at, codeRow, HOUR, issuesJson } from '@/tests/support/code-work-fixture'

// The stored row in Seam's shape: what every API answer and dashboard page shows of a code.

describe('toAccessCodeObject', () => {
  it('maps every field of a plain ongoing code', () => {
    const row = codeRow({ status: 'set', common_code_key: 'ck_1', errors: issuesJson('error', 'device_offline') })
    expect(toAccessCodeObject(row, false)).toEqual({
      access_code_id: 'ac_1',
      workspace_id: 'ws_1',
      device_id: 'dev_1',
      name: 'Front door',
      code: '1234',
      common_code_key: 'ck_1',
      type: 'ongoing',
      starts_at: null,
      ends_at: null,
      status: 'set',
      created_at: row.created_at,
      errors: JSON.parse(row.errors) as unknown,
      warnings: [],
      is_managed: true,
      is_backup: false,
      is_backup_access_code_available: false,
      is_external_modification_allowed: false,
      is_offline_access_code: false,
      is_one_time_use: false,
      is_scheduled_on_device: false,
      is_waiting_for_code_assignment: false,
      pulled_backup_access_code_id: null,
    })
  })

  it('turns each stored flag into its boolean', () => {
    const row = codeRow({
      is_managed: 0,
      is_backup: 1,
      is_external_modification_allowed: 1,
      is_offline_access_code: 1,
      is_one_time_use: 1,
      is_scheduled_on_device: 1,
    })
    expect(toAccessCodeObject(row, false)).toMatchObject({
      is_managed: false,
      is_backup: true,
      is_external_modification_allowed: true,
      is_offline_access_code: true,
      is_one_time_use: true,
      is_scheduled_on_device: true,
    })
  })

  it('a code waiting for the lock to assign its PIN has none', () => {
    const object = toAccessCodeObject(codeRow({ code: '', is_waiting_for_code_assignment: 1 }), false)
    expect(object.code).toBeNull()
    expect(object.is_waiting_for_code_assignment).toBe(true)
  })

  it('a deleted row reads as `removing` (the wire has no `deleted`)', () => {
    expect(toAccessCodeObject(codeRow({ status: 'deleted' }), false).status).toBe('removing')
    expect(toAccessCodeObject(codeRow({ status: 'unset' }), false).status).toBe('unset')
  })

  it('a backup is available only to a time-bound code using the pool: pulled already, or one free in the pool', () => {
    const pooled = codeRow({
      type: 'time_bound',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
      use_backup_access_code_pool: 1,
    })
    expect(toAccessCodeObject(pooled, true).is_backup_access_code_available).toBe(true)
    expect(toAccessCodeObject(pooled, false).is_backup_access_code_available).toBe(false)
    const pulled = { ...pooled, pulled_backup_access_code_id: 'ac_backup' }
    expect(toAccessCodeObject(pulled, false)).toMatchObject({
      is_backup_access_code_available: true,
      pulled_backup_access_code_id: 'ac_backup',
    })
    expect(
      toAccessCodeObject({ ...pooled, use_backup_access_code_pool: 0 }, true).is_backup_access_code_available,
    ).toBe(false)
    expect(toAccessCodeObject({ ...pulled, type: 'ongoing' }, true).is_backup_access_code_available).toBe(false)
  })

  it('empty stored issue lists read as none', () => {
    expect(toAccessCodeObject(codeRow({ errors: '', warnings: '' }), false)).toMatchObject({
      errors: [],
      warnings: [],
    })
  })
})
