// The activity page's loader and its CSV export, over the simulation fixture: every event in words, with its code
// and lock (linked when they have a page), in its property's time zone; filters read against the workspace (and
// its time zones); pages of 50; and an export that holds every matching event, read in batches.
import { describe, expect, it } from 'vitest'
import { loadActivityPage } from '@/lib/dashboard/activity-page'
import { addSandboxDevice } from '@/lib/devices/add-sandbox-device'
import { ACTIVITY_CSV_HEADER, exportActivity } from '@/lib/events/activity-csv'
import { countEvents, eventBatches, listEvents } from '@/lib/events/list-events'
import { recordEvents, type NewEvent } from '@/lib/events/record-event'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { listEventsInput } from '@/lib/schemas/event'
import type { ActivityRow } from '@/lib/shared/activity'
import { createProperty, createWorkspace } from '@/lib/workspaces/create-workspace'
import {
  DAY,
  HOUR,
  advance,
  at,
  clock,
  createCode,
  deleteCode,
  deviceOf,
  http,
  seam,
  settle,
  store,
  workspace,
} from '@/tests/support/simulation-api'

const ctx = () => ({ db: store.db, clock, workspaceId: workspace.workspace_id })
const base = () => `/w/${workspace.workspace_id}`

/** A second property, in Lisbon, with a lock of its own (the fixture's property is in New York). */
async function lakeside(): Promise<{ propertyId: string; deviceId: string }> {
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

const lockName = async (deviceId: string): Promise<string> =>
  (await http.ok<{ device: { display_name: string } }>('/devices/get', { device_id: deviceId })).device.display_name

const find = (rows: ActivityRow[], eventType: string, accessCodeId?: string): ActivityRow => {
  const row = rows.find(
    (r) => r.eventType === eventType && (accessCodeId === undefined || r.code?.accessCodeId === accessCodeId),
  )
  if (row === undefined)
    throw new Error(`no ${eventType} row${accessCodeId === undefined ? '' : ` for ${accessCodeId}`}`)
  return row
}

/** Splits CSV text (RFC 4180, CRLF) into records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += c
  }
  return rows
}

async function exportedCsv(
  address: Parameters<typeof exportActivity>[1],
): Promise<{ fileName: string; rows: string[][] }> {
  const { fileName, csv } = await exportActivity(ctx(), address)
  const bytes = new Uint8Array(await new Response(csv).arrayBuffer())
  // UTF-8 with a byte-order mark, for spreadsheet programs.
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  return { fileName, rows: parseCsv(new TextDecoder().decode(bytes.slice(3))) }
}

/** `count` events of one type on a lock, all at the same instant (ties are where paging goes wrong). */
async function manyEvents(deviceId: string, count: number): Promise<void> {
  const events: NewEvent[] = Array.from({ length: count }, () => ({
    workspaceId: workspace.workspace_id,
    eventType: 'device.battery_status_changed',
    deviceId,
  }))
  await recordEvents(store.db, clock, events)
}

describe('the rows', () => {
  it('say what happened in words, name the code and the lock with links, in the property’s time zone', async () => {
    const frontDoor = deviceOf('august')
    const front = await lockName(frontDoor)
    const { deviceId: boathouse } = await lakeside()
    const guest = (await createCode({ device_id: frontDoor, name: 'Okafor stay', code: '4821' })).access_code
    const lake = (await createCode({ device_id: boathouse, name: 'Lake guest', code: '7391' })).access_code
    await settle()

    const { rows, timezone } = await loadActivityPage(ctx(), {})
    // Two properties in two zones: times typed in the filters are read as UTC.
    expect(timezone).toBe('UTC')
    const set = find(rows, 'access_code.set_on_device', guest.access_code_id)
    expect(set).toMatchObject({
      summary: `PIN set on ${front}`,
      detail: 'It opens the door now.',
      tone: 'success',
      timezone: 'America/New_York',
      time: 'Mon, Mar 2, 7:00:00 AM EST',
      property: 'Simulations property',
      lock: { deviceId: frontDoor, name: front, href: `${base()}/devices/${frontDoor}` },
      code: {
        accessCodeId: guest.access_code_id,
        name: 'Okafor stay',
        href: `${base()}/access-codes/${guest.access_code_id}`,
        note: null,
      },
    })
    expect(find(rows, 'access_code.set_on_device', lake.access_code_id)).toMatchObject({
      summary: 'PIN set on Boathouse',
      timezone: 'Europe/Lisbon',
      time: 'Mon, Mar 2, 12:00:00 PM GMT+0',
      property: 'Lakeside',
    })
    expect(find(rows, 'access_code.created', guest.access_code_id).summary).toBe(`Code created for ${front}`)
  })

  it('name codes without a page (deleted, not set by Latchkey) without a link, and say why', async () => {
    const deviceId = deviceOf('schlage')
    const gone = (await createCode({ device_id: deviceId, name: 'Checked out', code: '1357' })).access_code
    await settle()
    await deleteCode(gone.access_code_id)
    await settle()
    const { access_code: found } = await http.ok<{ access_code: { access_code_id: string } }>(
      '/access_codes/simulate/create_unmanaged_access_code',
      { device_id: deviceId, code: '9753', name: 'Owner' },
    )

    const { rows } = await loadActivityPage(ctx(), { device_id: deviceId })
    expect(find(rows, 'access_code.deleted', gone.access_code_id).code).toEqual({
      accessCodeId: gone.access_code_id,
      name: 'Checked out',
      href: null,
      note: 'deleted',
    })
    expect(find(rows, 'access_code.unmanaged.created', found.access_code_id)).toMatchObject({
      summary: `Code found on ${await lockName(deviceId)} that Latchkey did not set`,
      code: { name: 'Owner', href: null, note: 'not set by Latchkey' },
    })
  })

  it('link a deleted code to its page while the lock still holds its PIN, and say so', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code: left } = await createCode({ device_id: deviceId, name: 'Left early', code: '864213' })
    await settle()
    await seam.devices.simulate.disconnect({ device_id: deviceId })
    await settle()
    await deleteCode(left.access_code_id)
    await settle()

    const offline = await loadActivityPage(ctx(), { access_code_id: left.access_code_id })
    expect(find(offline.rows, 'access_code.deleted', left.access_code_id).code).toEqual({
      accessCodeId: left.access_code_id,
      name: 'Left early',
      href: `${base()}/access-codes/${left.access_code_id}`,
      note: 'deleted, still on the lock',
    })
    expect(offline.codes.find((c) => c.accessCodeId === left.access_code_id)).toMatchObject({
      name: 'Left early',
      note: 'deleted, still on the lock',
    })

    await seam.devices.simulate.connect({ device_id: deviceId })
    await settle()
    const { rows } = await loadActivityPage(ctx(), { access_code_id: left.access_code_id })
    expect(find(rows, 'access_code.deleted', left.access_code_id).code).toMatchObject({ href: null, note: 'deleted' })
  })

  it('say why the door stayed locked, and show an account’s events in the page’s zone', async () => {
    const deviceId = deviceOf('yale')
    await createCode({
      device_id: deviceId,
      name: 'Next week',
      code: '5173',
      starts_at: at(7 * DAY),
      ends_at: at(8 * DAY),
    })
    await createCode({ device_id: deviceId, name: 'Cleaner', code: '8642' })
    await settle()
    await http.ok('/devices/simulate/keypad_code_entry', { device_id: deviceId, code: '8642' })
    await advance(1_000)
    await http.ok('/devices/simulate/keypad_code_entry', { device_id: deviceId, code: '5173' })
    await advance(1_000)
    await http.ok('/devices/simulate/keypad_code_entry', { device_id: deviceId, code: '0000' })
    const { device } = await http.ok<{ device: { connected_account_id: string } }>('/devices/get', {
      device_id: deviceId,
    })
    await http.ok('/connected_accounts/simulate/disconnect', { connected_account_id: device.connected_account_id })

    const door = await loadActivityPage(ctx(), { type: 'door' })
    expect(door.filter).toEqual({ type: 'door' })
    expect(door.rows.map((r) => [r.summary, r.code?.name ?? null])).toEqual([
      ['Refused at the door: a PIN the lock does not know', null],
      // The lock does not hold the code yet, so its report names none; the reason is Latchkey's.
      ['Refused at the door: not active yet', null],
      [`Door opened with a PIN at ${await lockName(deviceId)}`, 'Cleaner'],
    ])

    const { rows, timezone } = await loadActivityPage(ctx(), { type: 'connected_account.disconnected' })
    expect(timezone).toBe('America/New_York')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      summary: 'The Yale account is disconnected',
      tone: 'danger',
      lock: null,
      code: null,
      property: null,
      timezone: 'America/New_York',
    })
  })
})

describe('the filters', () => {
  it('narrow to a property, in its time zone, and read From and To as its wall-clock times', async () => {
    const { propertyId, deviceId: boathouse } = await lakeside()
    await createCode({ device_id: deviceOf('august'), name: 'Lodge', code: '4821' })
    await createCode({ device_id: boathouse, name: 'Morning', code: '7391' })
    await advance(2 * HOUR)
    await createCode({ device_id: boathouse, name: 'Afternoon', code: '7392' })
    await settle()

    const lake = await loadActivityPage(ctx(), { property_id: propertyId, type: 'access_code.created' })
    expect(lake.timezone).toBe('Europe/Lisbon')
    expect(lake.timezoneLabel).toBe('Europe/Lisbon (GMT+0)')
    expect(lake.rows.map((r) => r.code?.name)).toEqual(['Afternoon', 'Morning'])
    // Choosing the property narrows the locks offered to its own.
    expect(lake.locks.map((l) => l.name)).toContain('Boathouse')

    // 12:00 in Lisbon in March is 12:00 UTC: "Morning" was created then, "Afternoon" at 14:00.
    const fromNoon = await loadActivityPage(ctx(), {
      property_id: propertyId,
      type: 'access_code.created',
      from: '2026-03-02T12:00',
    })
    expect(fromNoon.rows.map((r) => r.code?.name)).toEqual(['Afternoon', 'Morning'])
    const beforeOne = await loadActivityPage(ctx(), {
      property_id: propertyId,
      type: 'access_code.created',
      from: '2026-03-02T12:00',
      to: '2026-03-02T13:00',
    })
    expect(beforeOne.rows.map((r) => r.code?.name)).toEqual(['Morning'])
    expect(beforeOne.filter).toEqual({
      property_id: propertyId,
      type: 'access_code.created',
      from: '2026-03-02T12:00',
      to: '2026-03-02T13:00',
    })
    const afterOne = await loadActivityPage(ctx(), {
      property_id: propertyId,
      type: 'access_code.created',
      from: '2026-03-02T13:00',
    })
    expect(afterOne.rows.map((r) => r.code?.name)).toEqual(['Afternoon'])
  })

  it('bring a code’s lock into the filter, and offer that lock’s codes', async () => {
    const deviceId = deviceOf('kwikset')
    const one = (await createCode({ device_id: deviceId, name: 'One', code: '1470' })).access_code
    await createCode({ device_id: deviceId, name: 'Two', code: '2581' })
    await createCode({ device_id: deviceOf('august'), name: 'Elsewhere', code: '3692' })
    await settle()

    const page = await loadActivityPage(ctx(), { access_code_id: one.access_code_id })
    expect(page.filter).toEqual({ device_id: deviceId, access_code_id: one.access_code_id })
    expect(page.codes.map((c) => c.name)).toEqual(['Two', 'One'])
    expect(page.rows.length).toBeGreaterThan(0)
    expect(page.rows.every((r) => r.code?.accessCodeId === one.access_code_id)).toBe(true)
    // A code of another lock than the one chosen is dropped, the lock stays.
    const mismatch = await loadActivityPage(ctx(), {
      device_id: deviceOf('august'),
      access_code_id: one.access_code_id,
    })
    expect(mismatch.filter).toEqual({ device_id: deviceOf('august') })
  })

  it('leave out what names nothing of the workspace, and times that are not times', async () => {
    const other = await createWorkspace(store.db, clock, { name: 'Elsewhere', sandboxDevices: 1 })
    await createCode({ device_id: deviceOf('august'), name: 'Mine', code: '4821' })
    const page = await loadActivityPage(ctx(), {
      property_id: other.property_id,
      device_id: other.device_ids[0],
      access_code_id: 'not-an-id',
      type: 'everything',
      from: 'yesterday',
      to: '2026-13-45T99:00',
    })
    expect(page.filter).toEqual({})
    expect(page.rows.length).toBeGreaterThan(0)
    // Only this workspace's events, whatever the filters said.
    const mine = await listEvents(ctx(), listEventsInput.parse({ since: '2000-01-01T00:00:00Z', limit: 1_000 }))
    expect(page.rows.map((r) => r.eventId)).toEqual(mine.slice(0, 50).map((e) => e.event_id))
    expect(page.matching).toBe(mine.length)
    expect(page.rows.some((r) => r.lock?.deviceId === other.device_ids[0])).toBe(false)
    expect(page.exportHref).toBe(`${base()}/activity/export`)
    const narrowed = await loadActivityPage(ctx(), { device_id: deviceOf('august'), type: 'codes' })
    expect(narrowed.exportHref).toBe(`${base()}/activity/export?device_id=${deviceOf('august')}&type=codes`)
  })
})

describe('pages and the export', () => {
  it('shows 50 events a page, newest first, and counts them all', async () => {
    const deviceId = deviceOf('ttlock')
    await manyEvents(deviceId, 120)
    const first = await loadActivityPage(ctx(), { device_id: deviceId })
    const third = await loadActivityPage(ctx(), { device_id: deviceId, page: 3 })
    // device.added of the lock, and the 120.
    expect([first.matching, first.matchingIsCapped, first.rows.length, first.hasNextPage]).toEqual([
      121,
      false,
      50,
      true,
    ])
    expect([third.page, third.rows.length, third.hasNextPage]).toEqual([3, 21, false])
    const all = await listEvents(
      ctx(),
      listEventsInput.parse({ since: '2000-01-01T00:00:00Z', device_id: deviceId, limit: 200 }),
    )
    const second = await loadActivityPage(ctx(), { device_id: deviceId, page: 2 })
    expect([...first.rows, ...second.rows, ...third.rows].map((r) => r.eventId)).toEqual(all.map((e) => e.event_id))
    expect((await loadActivityPage(ctx(), { device_id: deviceId, page: 9 })).rows).toEqual([])
  })

  it('exports every matching event, past a batch, in the page’s order, with the header first', async () => {
    const deviceId = deviceOf('lockly')
    await manyEvents(deviceId, 1_204)
    await advance(HOUR)
    await createCode({ device_id: deviceId, name: 'Late, "quoted" guest', code: '246813' })
    await settle()

    const { fileName, rows } = await exportedCsv({ device_id: deviceId })
    expect(fileName).toBe('latchkey-activity-2026-03-02.csv')
    const [header, ...records] = rows
    expect(header).toEqual([...ACTIVITY_CSV_HEADER])
    const all = await listEvents(
      ctx(),
      listEventsInput.parse({ since: '2000-01-01T00:00:00Z', device_id: deviceId, limit: 10_000 }),
    )
    expect(all.length).toBeGreaterThan(1_205)
    expect(records.map((r) => r[10])).toEqual(all.map((e) => e.event_id))
    const set = records.find((r) => r[9] === 'access_code.set_on_device')
    expect(set?.slice(0, 9)).toEqual([
      '2026-03-02 08:00:00',
      'America/New_York',
      '2026-03-02T13:00:00.000Z',
      `PIN set on ${await lockName(deviceId)}`,
      'It opens the door now.',
      'Simulations property',
      await lockName(deviceId),
      'Late, "quoted" guest',
      '',
    ])
    // The export follows the filters too.
    const created = await exportedCsv({ device_id: deviceId, type: 'access_code.created' })
    expect(created.rows.slice(1).map((r) => r[7])).toEqual(['Late, "quoted" guest'])
  })

  it('counts and reads no further than asked, without repeating an event across batches', async () => {
    const deviceId = deviceOf('smartthings')
    await manyEvents(deviceId, 260)
    const filter = { since: '2000-01-01T00:00:00.000Z', device_id: deviceId }
    expect(await countEvents(ctx(), filter, 100)).toBe(100)
    expect(await countEvents(ctx(), filter, 1_000)).toBe(261)
    const batches: string[][] = []
    for await (const batch of eventBatches(ctx(), filter, { batchSize: 100, atMost: 250 })) {
      batches.push(batch.map((e) => e.event_id))
    }
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50])
    expect(new Set(batches.flat()).size).toBe(250)
    const all = await listEvents(ctx(), listEventsInput.parse({ ...filter, limit: 1_000 }))
    expect(batches.flat()).toEqual(all.slice(0, 250).map((e) => e.event_id))
  })
})
