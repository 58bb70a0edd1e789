// /events/list's filters as the activity page uses them, under Seam's names: space_id(s) (a property), device_ids,
// access_code_ids, event_types, since and between (both ends left out), limit with unstable_offset; and the refusal
// reason a keypad entry's lock.access_denied carries. Other workspaces' ids match nothing; bad values are 400s.
import { describe, expect, it } from 'vitest'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import {
  DAY,
  SECOND,
  advance,
  at,
  clock,
  createCode,
  deviceOf,
  eventsWhere,
  failure,
  http,
  seam,
  settle,
  store,
  workspace,
  type EventView,
} from '@/tests/support/simulation-api'

const EPOCH = '2000-01-01T00:00:00.000Z'

/** A second property of the workspace, in another zone, with one lock of its own. */
async function secondProperty(): Promise<{ propertyId: string; deviceId: string }> {
  const propertyId = await createProperty(store.db, clock, workspace.workspace_id, 'Lakeside', 'Europe/Lisbon')
  const profile = sandboxLockProfiles.find((p) => p.provider === 'yale')
  if (profile === undefined) throw new Error('no yale profile')
  const deviceId = await addSandboxDevice(store.db, clock, {
    workspaceId: workspace.workspace_id,
    propertyId,
    profile,
    displayName: 'Boathouse',
  })
  return { propertyId, deviceId }
}

const ids = (events: EventView[]): string[] => events.map((e) => e.event_id).sort()

describe('space_id and space_ids: the events of a property’s locks', () => {
  it('lists only the events of the locks of the named properties, never an account’s', async () => {
    const lodgeLock = deviceOf('august')
    const { propertyId: lakeside, deviceId: boathouse } = await secondProperty()
    await createCode({ device_id: lodgeLock, name: 'Lodge guest', code: '4821' })
    await createCode({ device_id: boathouse, name: 'Lake guest', code: '7391' })
    await settle()
    const { device } = await http.ok<{ device: { connected_account_id: string } }>('/devices/get', {
      device_id: boathouse,
    })
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: device.connected_account_id })

    const all = await eventsWhere({})
    const lake = await eventsWhere({ space_id: lakeside })
    expect(lake.length).toBeGreaterThan(0)
    expect(lake.every((e) => e.device_id === boathouse)).toBe(true)
    expect(ids(lake)).toEqual(ids(all.filter((e) => e.device_id === boathouse)))
    // The account event concerns no lock: a property filter leaves it out, the whole workspace has it.
    expect(all.some((e) => e.event_type === 'connected_account.disconnected')).toBe(true)
    expect(lake.some((e) => e.event_type === 'connected_account.disconnected')).toBe(false)

    const lodge = await eventsWhere({ space_id: workspace.property_id })
    expect(lodge.some((e) => e.device_id === lodgeLock)).toBe(true)
    expect(lodge.some((e) => e.device_id === boathouse)).toBe(false)
    const both = await eventsWhere({ space_ids: [workspace.property_id, lakeside] })
    expect(ids(both)).toEqual(ids(all.filter((e) => e.device_id !== undefined)))
    // One value sent where Seam takes a list (a GET query string) is a list of one.
    expect(ids(await eventsWhere({ space_ids: lakeside }))).toEqual(ids(lake))
    // With another filter, both apply.
    const lakeCreated = await eventsWhere({ space_id: lakeside, event_type: 'access_code.created' })
    expect(lakeCreated.map((e) => [e.event_type, e.device_id])).toEqual([['access_code.created', boathouse]])
  })

  it('matches nothing for another workspace’s property, and refuses a value that is not an id', async () => {
    await createCode({ device_id: deviceOf('august'), name: 'Mine', code: '4821' })
    const other = await createWorkspace(store.db, clock, { name: 'Elsewhere', sandboxDevices: 1 })
    expect(await eventsWhere({ space_id: other.property_id })).toEqual([])
    expect(await eventsWhere({ space_ids: [other.property_id] })).toEqual([])
    expect(failure(await http.fail('/events/list', { since: EPOCH, space_id: 'lodge' }))).toEqual({
      status: 400,
      type: 'invalid_input',
    })
  })
})

describe('several ids and several types', () => {
  it('takes the union of access_code_id and access_code_ids, and of event_type and event_types', async () => {
    const deviceId = deviceOf('schlage')
    const a = (await createCode({ device_id: deviceId, name: 'A', code: '1357' })).access_code
    const b = (await createCode({ device_id: deviceId, name: 'B', code: '2468' })).access_code
    const c = (await createCode({ device_id: deviceId, name: 'C', code: '3579' })).access_code
    await settle()

    const two = await eventsWhere({ access_code_id: a.access_code_id, access_code_ids: [b.access_code_id] })
    expect(new Set(two.map((e) => e.access_code_id))).toEqual(new Set([a.access_code_id, b.access_code_id]))
    expect(two.some((e) => e.access_code_id === c.access_code_id)).toBe(false)

    const types = await eventsWhere({
      device_ids: [deviceId],
      event_type: 'access_code.created',
      event_types: ['access_code.set_on_device'],
    })
    expect(types.map((e) => e.event_type).sort()).toEqual([
      ...Array<string>(3).fill('access_code.created'),
      ...Array<string>(3).fill('access_code.set_on_device'),
    ])
    // Seam's SDK sends the lists as it likes; the answer is the same.
    const viaSdk = await seam.events.list({
      since: EPOCH,
      device_ids: [deviceId],
      event_types: ['access_code.created', 'access_code.set_on_device'],
    })
    expect(viaSdk.map((e) => e.event_id).sort()).toEqual(ids(types))
  })
})

describe('since and between', () => {
  it('includes an event at since, and leaves out events exactly at either end of between', async () => {
    const deviceId = deviceOf('kwikset')
    const first = at(0)
    const created = (await createCode({ device_id: deviceId, name: 'Timed', code: '8264' })).access_code
    await advance(10 * SECOND)
    const second = at(0)
    await http.ok('/access_codes/update', { access_code_id: created.access_code_id, name: 'Timed, renamed' })
    await advance(10 * SECOND)
    const third = at(0)
    await http.ok('/access_codes/delete', { access_code_id: created.access_code_id })

    const of = {
      access_code_id: created.access_code_id,
      event_types: ['access_code.created', 'access_code.changed', 'access_code.deleted'],
    }
    const types = async (filter: Record<string, unknown>) =>
      (await eventsWhere({ ...of, ...filter })).map((e) => e.event_type)
    expect(await types({ since: first })).toEqual(['access_code.created', 'access_code.changed', 'access_code.deleted'])
    expect(await types({ since: second })).toEqual(['access_code.changed', 'access_code.deleted'])
    expect(await types({ since: at(1) })).toEqual([])
    expect(await types({ since: undefined, between: [first, third] })).toEqual(['access_code.changed'])
    const justBefore = new Date(new Date(first).getTime() - 1).toISOString()
    const justAfter = new Date(new Date(third).getTime() + 1).toISOString()
    expect(await types({ since: undefined, between: [justBefore, justAfter] })).toEqual([
      'access_code.created',
      'access_code.changed',
      'access_code.deleted',
    ])
    // An empty or backward window matches nothing.
    expect(await types({ since: undefined, between: [second, second] })).toEqual([])
    expect(await types({ since: undefined, between: [third, first] })).toEqual([])
    // Any offset is read as the instant it names.
    expect(
      await types({ since: undefined, between: ['2026-03-02T04:59:59-07:00', '2026-03-02T13:00:01+01:00'] }),
    ).toEqual(['access_code.created'])
  })

  it('refuses a between without exactly two times, a time without an offset, and neither since nor between', async () => {
    const cases: Record<string, unknown>[] = [
      { between: [at(0)] },
      { between: [at(0), at(DAY), at(2 * DAY)] },
      { since: '2026-03-02T12:00:00' },
      { between: ['yesterday', at(0)] },
      {},
    ]
    for (const body of cases) {
      expect({ body, ...failure(await http.fail('/events/list', body)) }).toEqual({
        body,
        status: 400,
        type: 'invalid_input',
      })
    }
  })
})

describe('limit and unstable_offset', () => {
  it('pages through the events newest first, without a gap or an overlap, events of one instant included', async () => {
    const deviceId = deviceOf('ttlock')
    // Three codes created at the same instant, and more later: ties are ordered too.
    for (const name of ['One', 'Two', 'Three']) await createCode({ device_id: deviceId, name })
    await advance(SECOND)
    for (const name of ['Four', 'Five']) await createCode({ device_id: deviceId, name })
    const filter = { device_id: deviceId, event_type: 'access_code.created' }

    const all = (await eventsWhere(filter)).reverse()
    expect(all).toHaveLength(5)
    const pages: EventView[][] = []
    for (let offset = 0; offset < 6; offset += 2) {
      const { events } = await http.ok<{ events: EventView[] }>('/events/list', {
        since: EPOCH,
        ...filter,
        limit: 2,
        unstable_offset: offset,
      })
      pages.push(events)
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
    expect(pages.flat().map((e) => e.event_id)).toEqual(all.map((e) => e.event_id))
    const { events: beyond } = await http.ok<{ events: EventView[] }>('/events/list', {
      since: EPOCH,
      ...filter,
      unstable_offset: 5,
    })
    expect(beyond).toEqual([])
  })

  it('refuses a limit out of 1 to 10,000 and a negative or fractional offset', async () => {
    for (const paging of [{ limit: 0 }, { limit: 10_001 }, { unstable_offset: -1 }, { unstable_offset: 1.5 }]) {
      const answer = await http.fail('/events/list', { since: EPOCH, ...paging })
      expect({ paging, ...failure(answer) }).toEqual({ paging, status: 400, type: 'invalid_input' })
    }
  })
})

describe('lock.access_denied keeps why, for Latchkey’s pages only', () => {
  it('records the refusal reason with the event, and the API’s event (Seam’s shape) leaves it out', async () => {
    const deviceId = deviceOf('yale')
    const enter = async (code: string) =>
      (
        await http.ok<{ keypad_code_entry: { reason: string | null; event_id: string | null } }>(
          '/devices/simulate/keypad_code_entry',
          { device_id: deviceId, code },
        )
      ).keypad_code_entry
    await createCode({
      device_id: deviceId,
      name: 'Next week',
      code: '5173',
      starts_at: at(7 * DAY),
      ends_at: at(8 * DAY),
    })
    await settle()
    const unknown = await enter('0000')
    const early = await enter('5173')
    expect([unknown.reason, early.reason]).toEqual(['unknown_code', 'not_active_yet'])

    // eventsWhere checks each event against Seam's schema, which has no such field.
    const denied = await eventsWhere({ device_id: deviceId, event_type: 'lock.access_denied' })
    expect(denied.map((e) => e.event_id)).toEqual([unknown.event_id, early.event_id])
    expect(denied.every((e) => !('access_denied_reason' in e))).toBe(true)
    const stored = await store.db
      .selectFrom('events')
      .select(['event_id', 'payload'])
      .where('event_id', 'in', [unknown.event_id ?? '', early.event_id ?? ''])
      .execute()
    const reasons = new Map(stored.map((r) => [r.event_id, JSON.parse(r.payload) as { access_denied_reason?: string }]))
    expect(reasons.get(unknown.event_id ?? '')?.access_denied_reason).toBe('unknown_code')
    expect(reasons.get(early.event_id ?? '')?.access_denied_reason).toBe('not_active_yet')
  })
})
