import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAccessCode } from '@/lib/access-codes/create-access-code'
import { createMultipleAccessCodes } from '@/lib/access-codes/create-multiple-access-codes'
import { deleteAccessCode } from '@/lib/access-codes/delete-access-code'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import type { ServiceContext } from '@/lib/context'
import type { Store } from '@/lib/db/connection'
import type { Database } from '@/lib/db/schema'
import { loadDevice } from '@/lib/devices/load-device'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openStoreAt } from '@/tests/support/store-at-migration'
import { openTestStore } from '@/tests/support/test-store'

// devices.live_access_codes is what the bound on a lock's codes reads (assertRoomForCodes): it must equal the number
// of the lock's rows with deleted_at null after any write, whoever makes it, on both stores.

const clock = new ManualClock('2030-06-01T12:00:00.000Z')

/** Each device's counter next to the count of its live rows. */
async function countersAndCounts(db: Kysely<Database>) {
  const devices = await db
    .selectFrom('devices')
    .select(['device_id', 'live_access_codes'])
    .orderBy('device_id')
    .execute()
  const counted = await db
    .selectFrom('access_codes')
    .select(['device_id', (eb) => eb.fn.countAll<number | string>().as('codes')])
    .where('deleted_at', 'is', null)
    .groupBy('device_id')
    .execute()
  const byDevice = new Map(counted.map((c) => [c.device_id, Number(c.codes)]))
  return {
    counters: devices.map((d) => [d.device_id, Number(d.live_access_codes)]),
    counts: devices.map((d) => [d.device_id, byDevice.get(d.device_id) ?? 0]),
  }
}

async function expectCountersRight(db: Kysely<Database>): Promise<void> {
  const { counters, counts } = await countersAndCounts(db)
  expect(counters).toEqual(counts)
}

describe('the live-code counter on a migrated store', () => {
  let store: Store
  let ctx: ServiceContext
  let deviceIds: string[]

  beforeAll(async () => {
    store = await openTestStore()
    const created = await createWorkspace(store.db, clock, { name: 'Counts', sandboxDevices: 3 })
    ctx = { db: store.db, clock, workspaceId: created.workspace_id }
    deviceIds = created.device_ids
  })
  afterAll(async () => {
    await store.close()
  })

  const counterOf = async (deviceId: string): Promise<number> =>
    Number(
      (
        await store.db
          .selectFrom('devices')
          .select('live_access_codes')
          .where('device_id', '=', deviceId)
          .executeTakeFirstOrThrow()
      ).live_access_codes,
    )

  it('follows creates, create_multiple and deletes through the API services', async () => {
    const [first = '', second = ''] = deviceIds
    const made = []
    for (let i = 0; i < 3; i++) made.push((await createAccessCode(ctx, { device_id: first })).access_code)
    await createMultipleAccessCodes(ctx, { device_ids: [first, second], behavior_when_code_cannot_be_shared: 'throw' })
    expect(await counterOf(first)).toBe(4)
    expect(await counterOf(second)).toBe(1)
    await deleteAccessCode(ctx, { access_code_id: made[0]?.access_code_id ?? '' })
    expect(await counterOf(first)).toBe(3)
    await expectCountersRight(store.db)
  })

  it('follows every kind of row write the store can take', async () => {
    const [first = '', second = '', third = ''] = deviceIds
    const device = await loadDevice(ctx, third)
    const now = clock.now().toISOString()
    const row = (pin: string, change: Record<string, unknown> = {}) => ({
      ...newCodeRow(ctx.workspaceId, device, { name: `Row ${pin}` }, pin, null, clock.now()),
      ...change,
    })
    const live = [row('4101'), row('4102'), row('4103'), row('4104', { is_managed: 0 })]
    // Rows written already deleted take no place; unmanaged ones do (as the count did).
    await store.db
      .insertInto('access_codes')
      .values([...live, row('4105', { deleted_at: now })])
      .execute()
    expect(await counterOf(third)).toBe(4)
    const [a, b, c, d] = live.map((r) => r.access_code_id)
    const update = (id: string | undefined, change: Record<string, unknown>) =>
      store.db
        .updateTable('access_codes')
        .set(change)
        .where('access_code_id', '=', id ?? '')
        .execute()
    // Bookkeeping that touches neither deleted_at nor device_id, and deleted_at written with the value it has.
    await update(a, { name: 'Renamed', lock_op_token: 'claim', updated_at: now })
    await update(a, { deleted_at: null })
    expect(await counterOf(third)).toBe(4)
    // Deleted, deleted again with another time, brought back.
    await update(b, { deleted_at: now })
    await update(b, { deleted_at: '2030-06-02T00:00:00.000Z' })
    expect(await counterOf(third)).toBe(3)
    await update(b, { deleted_at: null })
    expect(await counterOf(third)).toBe(4)
    // Moved to another lock, live and deleted.
    await update(c, { device_id: first })
    await update(b, { deleted_at: now })
    await update(b, { device_id: second })
    expect(await counterOf(third)).toBe(2)
    await expectCountersRight(store.db)
    // One statement deleting several rows, one of them already deleted.
    await store.db
      .updateTable('access_codes')
      .set({ deleted_at: now })
      .where('access_code_id', 'in', [a ?? '', b ?? '', d ?? ''])
      .execute()
    expect(await counterOf(third)).toBe(0)
    // Rows removed for good, live and deleted.
    await update(a, { deleted_at: null })
    await store.db
      .deleteFrom('access_codes')
      .where('access_code_id', 'in', [a ?? '', b ?? '', c ?? ''])
      .execute()
    await expectCountersRight(store.db)
  })
})

describe('migration 0019 on a store that already holds codes', () => {
  it('counts each lock’s live codes once, then keeps the count', async () => {
    const old = await openStoreAt('0018-row-version-on-visible-change')
    try {
      const created = await createWorkspace(old.db, clock, { name: 'Older store', sandboxDevices: 3 })
      const ctx: ServiceContext = { db: old.db, clock, workspaceId: created.workspace_id }
      const [first = '', second = ''] = created.device_ids
      const device = await loadDevice(ctx, first)
      const rows = ['5101', '5102', '5103', '5104'].map((pin, i) => ({
        ...newCodeRow(ctx.workspaceId, device, { name: `Old ${pin}` }, pin, null, clock.now()),
        ...(i === 3 ? { deleted_at: clock.now().toISOString() } : {}),
      }))
      await old.db.insertInto('access_codes').values(rows).execute()

      await old.migrateRest()
      const counters = await old.db.selectFrom('devices').select(['device_id', 'live_access_codes']).execute()
      const counterOf = (id: string) => Number(counters.find((d) => d.device_id === id)?.live_access_codes)
      expect(counterOf(first)).toBe(3)
      expect(counterOf(second)).toBe(0)
      // The triggers are in place from then on.
      await createAccessCode(ctx, { device_id: second })
      await expectCountersRight(old.db)
    } finally {
      await old.close()
    }
  })
})
