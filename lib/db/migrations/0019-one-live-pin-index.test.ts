import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import type { Store } from '@/lib/db/connection'
import type { DeviceRecord } from '@/lib/db/device-record'
import { isUniqueViolation } from '@/lib/db/errors'
import type { AccessCodeRow } from '@/lib/db/schema'
import { loadDevice } from '@/lib/devices/load-device'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openStoreAt } from '@/tests/support/store-at-migration'
import { openTestStore } from '@/tests/support/test-store'

// One index on a lock's live codes by PIN (migration 0019) keeps the rule the two it replaced kept: two live managed
// codes holding one PIN on one lock cannot both be stored; any other pair can.

const clock = new ManualClock('2030-07-01T12:00:00.000Z')

/** A new code row on `device` holding `pin`, with `change` over it. */
const codeRow = (
  workspaceId: string,
  device: DeviceRecord,
  pin: string,
  change: Partial<AccessCodeRow> = {},
): AccessCodeRow => ({
  ...newCodeRow(workspaceId, device, { name: `PIN ${pin}` }, pin, null, clock.now()),
  ...change,
})

describe('the live-PIN index', () => {
  let store: Store
  let workspaceId: string
  let lock: DeviceRecord
  let otherLock: DeviceRecord

  beforeAll(async () => {
    store = await openTestStore()
    const created = await createWorkspace(store.db, clock, { name: 'PIN index', sandboxDevices: 2 })
    workspaceId = created.workspace_id
    const ctx = { db: store.db, clock, workspaceId }
    lock = await loadDevice(ctx, created.device_ids[0] ?? '')
    otherLock = await loadDevice(ctx, created.device_ids[1] ?? '')
  })
  afterAll(async () => {
    await store.close()
  })

  const row = (device: DeviceRecord, pin: string, change: Partial<AccessCodeRow> = {}) =>
    codeRow(workspaceId, device, pin, change)

  /** Whether the store takes the rows, each in a statement of its own after the first. */
  async function stores(...rows: AccessCodeRow[]): Promise<boolean> {
    try {
      for (const r of rows) await store.db.insertInto('access_codes').values(r).execute()
      return true
    } catch (error) {
      if (isUniqueViolation(error)) return false
      throw error
    }
  }

  it('refuses a second live managed code holding the same PIN on the same lock', async () => {
    expect(await stores(row(lock, '7001'))).toBe(true)
    expect(await stores(row(lock, '7001'))).toBe(false)
    // Deleted, the PIN is free again.
    await store.db
      .updateTable('access_codes')
      .set({ deleted_at: clock.now().toISOString() })
      .where('device_id', '=', lock.deviceId)
      .where('code', '=', '7001')
      .execute()
    expect(await stores(row(lock, '7001'))).toBe(true)
  })

  it('takes the pairs that may share a PIN', async () => {
    // Another lock; a code found on the lock (unmanaged) beside a managed one, and two of those.
    expect(await stores(row(lock, '7002'), row(otherLock, '7002'))).toBe(true)
    expect(await stores(row(lock, '7002', { is_managed: 0 }), row(lock, '7002', { is_managed: 0 }))).toBe(true)
    // Codes waiting for the lock to assign their PIN, which all hold the empty one meanwhile.
    const waiting: Partial<AccessCodeRow> = { code: '', is_waiting_for_code_assignment: 1 }
    expect(await stores(row(lock, '', waiting), row(lock, '', waiting))).toBe(true)
    // A deleted code beside a live one.
    expect(await stores(row(lock, '7003', { deleted_at: clock.now().toISOString() }), row(lock, '7003'))).toBe(true)
  })

  it('refuses the move that would make two live managed codes share a PIN', async () => {
    const waiting = row(lock, '', { is_waiting_for_code_assignment: 1 })
    expect(await stores(row(lock, '7004'), waiting)).toBe(true)
    // The lock assigns the waiting code the PIN another code already holds.
    const assign = store.db
      .updateTable('access_codes')
      .set({ code: '7004', is_waiting_for_code_assignment: 0 })
      .where('access_code_id', '=', waiting.access_code_id)
      .execute()
    await expect(assign).rejects.toSatisfy(isUniqueViolation)
  })
})

describe('migration 0019 on a store that already holds codes', () => {
  it('keeps them and the rule', async () => {
    const old = await openStoreAt('0018-row-version-on-visible-change')
    try {
      const created = await createWorkspace(old.db, clock, { name: 'Older store', sandboxDevices: 1 })
      const ctx = { db: old.db, clock, workspaceId: created.workspace_id }
      const device = await loadDevice(ctx, created.device_ids[0] ?? '')
      const code = (pin: string, change: Partial<AccessCodeRow> = {}) => codeRow(ctx.workspaceId, device, pin, change)
      await old.db
        .insertInto('access_codes')
        .values([code('7101'), code('7101', { is_managed: 0 }), code('7102')])
        .execute()

      await old.migrateRest()
      const kept = await old.db.selectFrom('access_codes').select('code').orderBy('code').execute()
      expect(kept.map((r) => r.code)).toEqual(['7101', '7101', '7102'])
      await expect(old.db.insertInto('access_codes').values(code('7102')).execute()).rejects.toSatisfy(
        isUniqueViolation,
      )
    } finally {
      await old.close()
    }
  })
})
