// A pass that read the lock's codes before a simulation wrote a keypad entry and its unmanaged code together, and the
// keypad after, takes the entry for new: storing it must not list the code twice (seen in a journey as one PIN
// shown twice on the lock page).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadDevice } from '@/lib/devices/load-device'
import { simulateCreateUnmanagedCode } from '@/lib/devices/simulate-keypad'
import { newId } from '@/lib/ids'
import { createProviderResolver } from '@/lib/locks/providers'
import { defaultReconcilerSettings } from '@/lib/sync/reconcile-env'
import { mirrorUnmanagedCodes, UnmanagedWrites } from '@/lib/sync/mirror-unmanaged'
import { storePass } from '@/lib/sync/store-pass'
import { openLockHarness, type LockHarness } from '@/tests/support/lock-harness'

let h: LockHarness

beforeAll(async () => {
  h = await openLockHarness({ devices: 1 })
})

afterAll(async () => {
  await h.close()
})

it('stores a keypad entry mirrored meanwhile once, with one created event, and still stores the rest of the pass', async () => {
  const deviceId = h.workspace.device_ids[0] ?? ''
  const device = await loadDevice(h.ctx, deviceId)
  const simulated = await simulateCreateUnmanagedCode(h.ctx, { device_id: deviceId, code: '482915', name: 'Installer' })
  const entryId = (
    await h.db
      .selectFrom('access_codes')
      .select('provider_code_id')
      .where('access_code_id', '=', simulated.access_code_id)
      .executeTakeFirstOrThrow()
  ).provider_code_id
  if (entryId === null) throw new Error('the simulated code has no keypad entry id')

  // What the stale pass decided: the simulated entry and one really new entry, both "found for the first time".
  const writes = new UnmanagedWrites()
  const entry = (providerCodeId: string, code: string, name: string) => ({
    providerCodeId,
    code,
    name,
    startsAt: null,
    endsAt: null,
    setByLatchkey: false,
  })
  mirrorUnmanagedCodes(
    device,
    [entry(entryId, '482915', 'Installer'), entry(newId(), '739146', 'Owner')],
    new Set(),
    [],
    writes,
    h.clock.now(),
  )
  expect(writes.inserts).toHaveLength(2)
  const env = {
    db: h.db,
    clock: h.clock,
    providerFor: createProviderResolver({ db: h.db, clock: h.clock, sandboxLatencyScale: 0 }),
    settings: defaultReconcilerSettings,
  }
  await storePass(env, device, [], writes)

  const rows = await h.db
    .selectFrom('access_codes')
    .select(['access_code_id', 'name'])
    .where('device_id', '=', deviceId)
    .where('is_managed', '=', 0)
    .where('deleted_at', 'is', null)
    .orderBy('name')
    .execute()
  expect(rows.map((r) => r.name)).toEqual(['Installer', 'Owner'])
  expect(rows.find((r) => r.name === 'Installer')?.access_code_id).toBe(simulated.access_code_id)
  const created = await h.db
    .selectFrom('events')
    .select('access_code_id')
    .where('device_id', '=', deviceId)
    .where('event_type', '=', 'access_code.unmanaged.created')
    .execute()
  // The simulation's own event and the new entry's: none for the stale duplicate.
  expect(created.map((e) => e.access_code_id).sort()).toEqual(rows.map((r) => r.access_code_id).sort())
})
