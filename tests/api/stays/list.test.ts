// /stays/list over HTTP: filters (property, lock, window overlap, health, search on guest or key), keyset pagination
// in check-in order, and tenancy; /stays/get by id and by key; /access_codes/list's search finding a stay's doors by
// its reservation key.
import { describe, expect, it } from 'vitest'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { HttpClient } from '@/tests/support/http-client'
import { at, clock, DAY, deviceOf, http, HOUR, server, store } from '@/tests/support/simulation-api'
import { cancelStay, createStay, getStay, listStays, stayOf } from '@/tests/api/stays/stays-api'

/** Five stays, one a day from check-in in 1 to 5 days, each three nights, alternating two locks. */
async function fiveStays() {
  const stays = []
  for (let i = 1; i <= 5; i++)
    stays.push(
      stayOf(
        await createStay({
          reservation_key: `BK-${i}`,
          guest_name: i === 3 ? 'Zoë Ortega' : `Guest ${i}`,
          device_ids: [i % 2 === 0 ? deviceOf('yale') : deviceOf('august')],
          check_in: at(i * DAY),
          check_out: at(i * DAY + 3 * DAY),
        }),
      ),
    )
  return stays
}

const keys = (answer: { stays: { reservation_key: string }[] }) => answer.stays.map((s) => s.reservation_key)

describe('/stays/get', () => {
  it('finds a stay by id and by reservation key, and answers stay_not_found for anything else', async () => {
    const [stay] = await fiveStays()
    expect(await getStay({ stay_id: stay?.stay_id })).toEqual(await getStay({ reservation_key: 'BK-1' }))
    expect(await http.fail('/stays/get', { reservation_key: 'nope' })).toMatchObject({
      status: 404,
      type: 'stay_not_found',
    })
    expect(await http.fail('/stays/get', {})).toMatchObject({ status: 400, type: 'invalid_input' })
  })
})

describe('/stays/list', () => {
  it('pages through the stays in check-in order', async () => {
    await fiveStays()
    const first = await listStays({ limit: 2 })
    expect(keys(first)).toEqual(['BK-1', 'BK-2'])
    expect(first.pagination.has_next_page).toBe(true)
    const second = await listStays({ limit: 2, page_cursor: first.pagination.next_page_cursor })
    expect(keys(second)).toEqual(['BK-3', 'BK-4'])
    const third = await listStays({ limit: 2, page_cursor: second.pagination.next_page_cursor })
    expect(keys(third)).toEqual(['BK-5'])
    expect(third.pagination).toMatchObject({ has_next_page: false, next_page_cursor: null })
  })

  it('filters by property, by lock, by window and by a search on guest name or reservation key', async () => {
    await fiveStays()
    const property = (await getStay({ reservation_key: 'BK-1' })).property_id
    expect(keys(await listStays({ property_id: property }))).toHaveLength(5)
    expect(keys(await listStays({ property_id: '01a00000-0000-7000-8000-000000000000' }))).toEqual([])
    expect(keys(await listStays({ device_id: deviceOf('yale') }))).toEqual(['BK-2', 'BK-4'])
    // Stays overlapping [day 4.5, day 5.5): those in from day 2 to day 5.
    expect(keys(await listStays({ from: at(4 * DAY + 12 * HOUR), to: at(5 * DAY + 12 * HOUR) }))).toEqual([
      'BK-2',
      'BK-3',
      'BK-4',
      'BK-5',
    ])
    expect(keys(await listStays({ to: at(2 * DAY) }))).toEqual(['BK-1'])
    expect(keys(await listStays({ search: 'zoë' }))).toEqual(['BK-3'])
    expect(keys(await listStays({ search: 'bk-4' }))).toEqual(['BK-4'])
    expect(keys(await listStays({ search: '%' }))).toEqual([])
  })

  it('filters by health, also across pages', async () => {
    const stays = await fiveStays()
    await cancelStay({ stay_id: stays[1]?.stay_id })
    await cancelStay({ stay_id: stays[3]?.stay_id })
    expect(keys(await listStays({ health: 'cancelled' }))).toEqual(['BK-2', 'BK-4'])
    // Not programmed yet, upcoming: ready (the reconciler has nothing to do before their windows).
    const first = await listStays({ health: 'ready', limit: 2 })
    expect(keys(first)).toEqual(['BK-1', 'BK-3'])
    const rest = await listStays({ health: 'ready', limit: 2, page_cursor: first.pagination.next_page_cursor })
    expect(keys(rest)).toEqual(['BK-5'])
    expect(rest.pagination.has_next_page).toBe(false)
    expect(keys(await listStays({ health: 'problem' }))).toEqual([])
  })

  it('shows only the caller’s workspace', async () => {
    await fiveStays()
    const other = await createWorkspace(store.db, clock, { name: 'Other', sandboxDevices: 1 })
    const otherHttp = new HttpClient(server.endpoint, other.api_key)
    expect(keys(await listStays({}, otherHttp))).toEqual([])
    expect(keys(await listStays({ device_id: deviceOf('yale') }, otherHttp))).toEqual([])
  })

  it('refuses a cursor it did not give', async () => {
    expect(await http.fail('/stays/list', { page_cursor: 'garbage' })).toMatchObject({
      status: 400,
      type: 'invalid_input',
    })
  })
})

describe('/access_codes/list search', () => {
  it('finds the doors of a stay by its reservation key', async () => {
    await fiveStays()
    const { access_codes } = await http.ok<{ access_codes: { device_id: string }[] }>('/access_codes/list', {
      search: 'bk-2',
    })
    expect(access_codes.map((c) => c.device_id)).toEqual([deviceOf('yale')])
  })
})
