import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '@/lib/api/operations'
import type { ServiceContext } from '@/lib/context'
import { loadEditCodePage, loadNewCodePage } from '@/lib/dashboard/code-form-pages'
import { loadCodePage } from '@/lib/dashboard/code-page'
import { loadLockPage } from '@/lib/dashboard/lock-page'
import type { Store } from '@/lib/db/connection'
import { createProviderResolver } from '@/lib/locks/providers'
import { Reconciler } from '@/lib/sync/reconciler'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The pages seed the browser's cache with what the API would answer: these tests hold them to it.

const clock = new ManualClock('2026-03-01T12:00:00.000Z')
let store: Store
let ctx: ServiceContext
let otherCtx: ServiceContext
let deviceId: string
let ongoingId: string
let stayId: string
/** Deleted while the lock side has not run yet: still to come off the lock. */
let goneId: string

/** What an operation of the API's table answers (its body without `ok`), as the browser receives it. */
async function answer(context: ServiceContext, path: string, body: Record<string, unknown>): Promise<unknown> {
  const op = operations.find((o) => o.path === path)
  if (op === undefined) throw new Error(`no operation ${path}`)
  const result = await op.run(context, op.input.parse(body))
  const text = 'kind' in result && Buffer.isBuffer(result.body) ? result.body.toString() : JSON.stringify(result)
  const json: unknown = JSON.parse(text)
  const { ok: _ok, ...rest } = json as Record<string, unknown>
  return rest
}

const explanationOf = async (accessCodeId: string): Promise<unknown> =>
  ((await answer(ctx, '/access_codes/explain', { access_code_id: accessCodeId })) as { explanation: unknown })
    .explanation

const idOf = async (path: string, body: Record<string, unknown>): Promise<string> => {
  const created = (await answer(ctx, path, body)) as { access_code: { access_code_id: string } }
  return created.access_code.access_code_id
}

beforeAll(async () => {
  store = await openTestStore()
  // The first sandbox profile (August) has a backup pool and no constraints.
  const home = await createWorkspace(store.db, clock, { name: 'Home', sandboxDevices: 1, timezone: 'America/Denver' })
  const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
  const first = home.device_ids[0]
  if (first === undefined) throw new Error('no device')
  deviceId = first
  ctx = { db: store.db, clock, workspaceId: home.workspace_id }
  otherCtx = { db: store.db, clock, workspaceId: other.workspace_id }
  ongoingId = await idOf('/access_codes/create', { device_id: deviceId, name: 'Cleaner', code: '2580' })
  stayId = await idOf('/access_codes/create', {
    device_id: deviceId,
    name: '  ',
    starts_at: '2026-03-06T22:00:00.000Z',
    ends_at: '2026-03-07T18:00:00.000Z',
    use_backup_access_code_pool: true,
  })
  goneId = await idOf('/access_codes/create', { device_id: deviceId, name: 'Old guest', code: '7391' })
  await answer(ctx, '/access_codes/delete', { access_code_id: goneId })
})

afterAll(async () => {
  await store.close()
})

describe('loadLockPage', () => {
  it('seeds the lists with what /access_codes/list and /access_codes/pending_removals/list answer', async () => {
    const page = await loadLockPage(ctx, deviceId)
    expect(page.accessCodes).toEqual(await answer(ctx, '/access_codes/list', { device_id: deviceId }))
    expect(page.pendingRemovals).toEqual(
      await answer(ctx, '/access_codes/pending_removals/list', { device_id: deviceId }),
    )
    expect(page.accessCodes.access_codes.map((c) => c.access_code_id)).toEqual([ongoingId, stayId])
    expect(page.pendingRemovals.access_codes.map((c) => c.name)).toEqual(['Old guest'])
  })

  it('seeds the lock’s unmanaged codes with what /access_codes/unmanaged/list answers', async () => {
    expect((await loadLockPage(ctx, deviceId)).unmanagedCodes.access_codes).toEqual([])
    await answer(ctx, '/access_codes/simulate/create_unmanaged_access_code', {
      device_id: deviceId,
      code: '468213',
      name: 'Owner',
    })
    const page = await loadLockPage(ctx, deviceId)
    expect(page.unmanagedCodes).toEqual(await answer(ctx, '/access_codes/unmanaged/list', { device_id: deviceId }))
    expect(page.unmanagedCodes.access_codes.map((c) => [c.name, c.code])).toEqual([['Owner', '468213']])
    // Not among Latchkey's codes, nor among its removals.
    expect(page.accessCodes.access_codes.map((c) => c.name)).not.toContain('Owner')
    expect(page.pendingRemovals.access_codes.map((c) => c.name)).not.toContain('Owner')
  })

  it('says the lock’s facts in words', async () => {
    const { lock, renderedAt } = await loadLockPage(ctx, deviceId)
    expect(lock).toMatchObject({
      deviceId,
      brandAndModel: 'August Wi-Fi Smart Lock',
      timezoneLabel: 'America/Denver (MST)',
      pinLengths: '4 to 8 digits',
      pinRules: [],
      online: true,
      accountConnected: true,
      isSandbox: true,
    })
    expect(renderedAt).toBe(clock.now().toISOString())
  })

  it('seeds the Simulate panel of a sandbox lock with what /devices/get answers (none for a real lock)', async () => {
    await answer(ctx, '/devices/simulate/fault', { device_id: deviceId, fault: 'august_lock_missing_keypad' })
    const page = await loadLockPage(ctx, deviceId)
    expect(page.sandboxDevice).toEqual(await answer(ctx, '/devices/get', { device_id: deviceId }))
    expect(page.sandboxDevice?.device.properties.sandbox_faults?.filter((f) => f.active !== null)).toHaveLength(1)
    await answer(ctx, '/devices/simulate/clear_faults', { device_id: deviceId })
    await store.db.updateTable('devices').set({ is_sandbox: 0 }).where('device_id', '=', deviceId).execute()
    try {
      expect((await loadLockPage(ctx, deviceId)).sandboxDevice).toBeNull()
    } finally {
      await store.db.updateTable('devices').set({ is_sandbox: 1 }).where('device_id', '=', deviceId).execute()
    }
  })

  it('does not show another workspace’s lock', async () => {
    await expect(loadLockPage(otherCtx, deviceId)).rejects.toMatchObject({ type: 'device_not_found' })
  })
})

describe('loadCodePage', () => {
  it('shows the code as /access_codes/get answers with it', async () => {
    for (const id of [ongoingId, stayId]) {
      const page = await loadCodePage(ctx, id)
      expect({ access_code: page.code }).toEqual(await answer(ctx, '/access_codes/get', { access_code_id: id }))
    }
  })

  it('names the code, and offers a backup only for a time-bound code that asked for the pool', async () => {
    const ongoing = await loadCodePage(ctx, ongoingId)
    expect(ongoing).toMatchObject({ name: 'Cleaner', offersBackup: false })
    const stay = await loadCodePage(ctx, stayId)
    expect(stay).toMatchObject({ name: 'Unnamed code', offersBackup: true })
    expect(stay.lock).toMatchObject({
      deviceId,
      href: `/w/${ctx.workspaceId}/devices/${deviceId}`,
      timezone: 'America/Denver',
      timezoneLabel: 'America/Denver (MST)',
    })
    expect(stay.lock.trail).toEqual([
      { label: 'Locks', href: `/w/${ctx.workspaceId}` },
      { label: stay.lock.propertyName },
    ])
  })

  it('does not show another workspace’s code', async () => {
    await expect(loadCodePage(otherCtx, ongoingId)).rejects.toMatchObject({ type: 'access_code_not_found' })
    await expect(loadCodePage(otherCtx, goneId)).rejects.toMatchObject({ type: 'access_code_not_found' })
  })

  it('shows a deleted code not yet taken off the lock, as the pending removals and the explanation answer', async () => {
    const page = await loadCodePage(ctx, goneId)
    if (page.kind !== 'removing') throw new Error(`expected the removing page, got ${page.kind}`)
    const removals = (await answer(ctx, '/access_codes/pending_removals/list', { device_id: deviceId })) as {
      access_codes: unknown[]
    }
    expect(removals.access_codes).toContainEqual(page.code)
    expect(page.code).toMatchObject({ access_code_id: goneId, status: 'removing', code: '7391' })
    expect(page.explanation).toEqual(await explanationOf(goneId))
    expect(page).toMatchObject({
      name: 'Old guest',
      deletedAt: clock.now().toISOString(),
      renderedAt: clock.now().toISOString(),
      lock: { deviceId, timezone: 'America/Denver', href: `/w/${ctx.workspaceId}/devices/${deviceId}` },
    })
    // The API no longer has it, as Seam's does not.
    await expect(answer(ctx, '/access_codes/get', { access_code_id: goneId })).rejects.toMatchObject({
      type: 'access_code_not_found',
    })
    expect((await loadCodePage(ctx, ongoingId)).kind).toBe('live')
  })

  it('says a code deleted while its lock is offline still opens the door, and 404s once the lock lets go of it', async () => {
    const reconciler = new Reconciler({
      db: store.db,
      engine: store.engine,
      clock,
      providerFor: createProviderResolver({ db: store.db, clock, sandboxLatencyScale: 0 }),
      owner: 'page-loaders',
    })
    const departedId = await idOf('/access_codes/create', { device_id: deviceId, name: 'Departed', code: '8642' })
    await reconciler.runUntilIdle()
    // Meanwhile the lock side took "Old guest", never on the keypad, off Latchkey's books.
    await expect(loadCodePage(ctx, goneId)).rejects.toMatchObject({ type: 'access_code_not_found' })
    await answer(ctx, '/devices/simulate/disconnect', { device_id: deviceId })
    clock.advance(60_000)
    await answer(ctx, '/access_codes/delete', { access_code_id: departedId })
    clock.advance(60_000)
    await reconciler.runUntilIdle()
    try {
      const page = await loadCodePage(ctx, departedId)
      expect(page.kind).toBe('removing')
      expect(page.explanation).toEqual(await explanationOf(departedId))
      expect(page.explanation).toMatchObject({ situation: 'being_removed', opens_door_now: true })
    } finally {
      await answer(ctx, '/devices/simulate/connect', { device_id: deviceId })
      await reconciler.runUntilIdle()
    }
    await expect(loadCodePage(ctx, departedId)).rejects.toMatchObject({ type: 'access_code_not_found' })
  })
})

describe('the form pages', () => {
  it('give the form the lock’s rules and the code’s values on the property’s wall clock', async () => {
    const edit = await loadEditCodePage(ctx, stayId)
    expect(edit.name).toBe('Unnamed code')
    expect(edit.defaultValues).toEqual({
      name: '',
      code: expect.stringMatching(/^\d+$/),
      type: 'time_bound',
      startsAt: '2026-03-06T15:00',
      endsAt: '2026-03-07T11:00',
      useBackupPool: true,
    })
    expect(edit.formLock).toMatchObject({ timezone: 'America/Denver', supportsBackupPool: true })
    const created = await loadNewCodePage(ctx, deviceId)
    expect(created.formLock).toEqual(edit.formLock)
    expect(created.lock).toEqual(edit.lock)
  })
})

// Last: it removes the fixture's lock.
describe('a code whose lock was removed from its account', () => {
  it('still has its page (the API still lists it), and can still be deleted', async () => {
    await answer(ctx, '/devices/simulate/remove', { device_id: deviceId })
    const page = await loadCodePage(ctx, ongoingId)
    expect(page.kind).toBe('live')
    expect({ access_code: page.code }).toEqual(await answer(ctx, '/access_codes/get', { access_code_id: ongoingId }))
    expect(page.lock.deviceId).toBe(deviceId)
    await answer(ctx, '/access_codes/delete', { access_code_id: ongoingId })
  })
})
