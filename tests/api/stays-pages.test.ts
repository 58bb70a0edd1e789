import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '@/lib/api/operations'
import type { ServiceContext } from '@/lib/context'
import { loadNewStayPage, loadStaysImportPage } from '@/lib/dashboard/stay-form-page'
import { loadCodePage } from '@/lib/dashboard/code-page'
import { loadStayPage } from '@/lib/dashboard/stay-page'
import { loadStaysPage } from '@/lib/dashboard/stays-page'
import type { Store } from '@/lib/db/connection'
import { DomainError } from '@/lib/errors/domain-error'
import type { StayWriteResponse } from '@/lib/schemas/stay'
import { ManualClock } from '@/lib/time/clock'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import { openTestStore } from '@/tests/support/test-store'

// The stays pages seed the browser's cache with what the API would answer, under the filters of their address:
// these tests hold them to it.

const clock = new ManualClock('2026-03-01T12:00:00.000Z')
let store: Store
let ctx: ServiceContext
let otherCtx: ServiceContext
let deviceIds: string[]
let lodgeId: string
let cabinId: string
let upcomingId: string
let endedId: string
let otherStayId: string

/** What an operation of the API's table answers (its body without `ok`), as the browser receives it. */
async function answer(context: ServiceContext, path: string, body: Record<string, unknown>): Promise<unknown> {
  const op = operations.find((o) => o.path === path)
  if (op === undefined) throw new Error(`no operation ${path}`)
  const result = await op.run(context, op.input.parse(body))
  const { ok: _ok, ...rest } = JSON.parse(JSON.stringify(result)) as Record<string, unknown>
  return rest
}

const createStay = async (context: ServiceContext, body: Record<string, unknown>): Promise<string> => {
  const created = (await answer(context, '/stays/create', body)) as StayWriteResponse
  if (created.stay === null) throw new Error('no stay')
  return created.stay.stay_id
}

beforeAll(async () => {
  store = await openTestStore()
  const home = await createWorkspace(store.db, clock, { name: 'Home', sandboxDevices: 2, timezone: 'America/Denver' })
  const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
  ctx = { db: store.db, clock, workspaceId: home.workspace_id }
  otherCtx = { db: store.db, clock, workspaceId: other.workspace_id }
  deviceIds = home.device_ids
  const lodge = await store.db
    .selectFrom('devices')
    .select('property_id')
    .where('device_id', '=', deviceIds[0] ?? '')
    .executeTakeFirstOrThrow()
  lodgeId = lodge.property_id
  cabinId = await createProperty(store.db, clock, home.workspace_id, 'Cabin', 'Europe/Lisbon')
  // Ends tomorrow: once the clock has moved on three days, it has ended.
  endedId = await createStay(ctx, {
    reservation_key: 'R-ENDED',
    guest_name: 'Early Guest',
    device_ids: deviceIds,
    check_in: '2026-03-01T13:00:00Z',
    check_out: '2026-03-02T18:00:00Z',
  })
  clock.set('2026-03-04T12:00:00.000Z')
  upcomingId = await createStay(ctx, {
    reservation_key: 'R-NEXT',
    guest_name: 'Ada Smith',
    device_ids: deviceIds,
    check_in: '2026-03-06T22:00:00Z',
    check_out: '2026-03-08T17:00:00Z',
  })
  otherStayId = await createStay(otherCtx, {
    reservation_key: 'R-NEXT',
    guest_name: 'Someone Else',
    device_ids: other.device_ids,
    check_in: '2026-03-06T22:00:00Z',
    check_out: '2026-03-08T17:00:00Z',
  })
})

afterAll(async () => {
  await store.close()
})

describe('loadStaysPage', () => {
  it('seeds the list with what /stays/list answers for stays now and upcoming', async () => {
    const page = await loadStaysPage(ctx, {})
    expect(page.filter).toEqual({})
    expect(page.stays).toEqual(await answer(ctx, '/stays/list', { from: clock.now().toISOString(), limit: 50 }))
    expect(page.stays.stays.map((s) => s.stay_id)).toEqual([upcomingId])
    expect(page.properties.map((p) => p.name)).toEqual(['Cabin', expect.any(String)])
  })

  it('keeps the filters the workspace can match, and reads every date when asked', async () => {
    const page = await loadStaysPage(ctx, { property_id: lodgeId, health: 'ended', search: ' early ', when: 'all' })
    expect(page.filter).toEqual({ property_id: lodgeId, health: 'ended', search: 'early', when: 'all' })
    expect(page.stays.stays.map((s) => s.stay_id)).toEqual([endedId])

    const all = await loadStaysPage(ctx, { when: 'all' })
    expect(all.stays.stays.map((s) => s.stay_id)).toEqual([endedId, upcomingId])

    const stale = await loadStaysPage(ctx, { property_id: otherStayId, health: 'sleepy' })
    expect(stale.filter).toEqual({})
    expect((await loadStaysPage(ctx, { property_id: cabinId })).stays.stays).toEqual([])
  })

  it('lists only the workspace’s own stays', async () => {
    const page = await loadStaysPage(otherCtx, { search: 'R-NEXT' })
    expect(page.stays.stays.map((s) => s.stay_id)).toEqual([otherStayId])
  })
})

describe('loadStayPage', () => {
  it('seeds the stay with what /stays/get answers, with every lock by name', async () => {
    const page = await loadStayPage(ctx, upcomingId)
    expect({ stay: page.stay }).toEqual(await answer(ctx, '/stays/get', { stay_id: upcomingId }))
    expect(page.locks.map((l) => l.deviceId).sort()).toEqual([...deviceIds].sort())
    expect(page.locks.every((l) => l.timezone === 'America/Denver' && !l.removed)).toBe(true)
  })

  it('answers "not found" for another workspace’s stay and for an address that is no stay id', async () => {
    for (const stayId of [otherStayId, 'not-a-stay', '00000000-0000-4000-8000-000000000000']) {
      const failure = await loadStayPage(ctx, stayId).catch((error: unknown) => error)
      expect(failure).toBeInstanceOf(DomainError)
      expect((failure as DomainError).isNotFound).toBe(true)
    }
  })
})

describe('the new-stay and import pages', () => {
  it('offer the properties with their zones, the chosen one first in the form', async () => {
    const page = await loadNewStayPage(ctx, cabinId)
    expect(page.propertyId).toBe(cabinId)
    expect(page.properties.find((p) => p.propertyId === cabinId)?.timezone).toBe('Europe/Lisbon')
    expect(page.locks).toHaveLength(2)
    // An unknown property falls back to the first, by name.
    expect((await loadNewStayPage(ctx, 'elsewhere')).propertyId).toBe(page.properties[0]?.propertyId)
  })

  it('name each lock for the import preview', async () => {
    const { lockNames } = await loadStaysImportPage(ctx)
    expect(Object.keys(lockNames).sort()).toEqual([...deviceIds].sort())
  })
})

describe('the code page of a stay’s door', () => {
  it('names the stay the code is one door of; a code of no stay names none', async () => {
    const stay = (await answer(ctx, '/stays/get', { stay_id: upcomingId })) as {
      stay: { access_codes: { access_code_id: string }[] }
    }
    const doorCode = stay.stay.access_codes[0]?.access_code_id ?? ''
    const page = await loadCodePage(ctx, doorCode)
    expect(page.kind === 'live' && page.stay).toEqual({
      stayId: upcomingId,
      guestName: 'Ada Smith',
      reservationKey: 'R-NEXT',
      cancelled: false,
    })
    const loose = (await answer(ctx, '/access_codes/create', { device_id: deviceIds[0], name: 'Cleaner' })) as {
      access_code: { access_code_id: string }
    }
    const loosePage = await loadCodePage(ctx, loose.access_code.access_code_id)
    expect(loosePage.kind === 'live' && loosePage.stay).toBeNull()
  })
})
