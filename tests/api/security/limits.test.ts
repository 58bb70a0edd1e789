// Issue 13, point 5: no call asks for unbounded work. Lists have a documented largest page, offsets and id filters
// are bounded, and one lock holds a bounded number of codes; above each, a clear 400 invalid_input (409 for the lock).
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newCodeRow } from '@/lib/access-codes/new-access-code'
import type { Store } from '@/lib/db/connection'
import { loadDevice } from '@/lib/devices/load-device'
import { MAX_ACCESS_CODES_PAGE_SIZE, MAX_ACCESS_CODES_PER_DEVICE } from '@/lib/schemas/access-code'
import { MAX_IDS_PER_CALL, MAX_LIST_OFFSET } from '@/lib/schemas/common'
import { ManualClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { HttpClient, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const clock = new ManualClock('2026-03-02T09:00:00.000Z')
const SINCE = '2000-01-01T00:00:00Z'
let store: Store
let server: TestApiServer
let ws: CreatedWorkspace
let http: HttpClient

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock })
  ws = await createWorkspace(store.db, clock, { name: 'Limits', sandboxDevices: 3 })
  http = new HttpClient(server.endpoint, ws.api_key)
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

const ids = (count: number): string[] => Array.from({ length: count }, () => randomUUID())

/** Asserts 400 invalid_input naming `field`, and returns its message. */
async function refusedOn(path: string, body: Json, field: string): Promise<string> {
  const failure = await http.fail(path, body)
  expect({ path, field, status: failure.status, type: failure.type }).toEqual({
    path,
    field,
    status: 400,
    type: 'invalid_input',
  })
  expect(failure.message).toContain(field)
  return failure.message
}

describe('page sizes', () => {
  it('/access_codes/list and /access_codes/unmanaged/list take a limit up to the largest page, and no more', async () => {
    const deviceId = ws.device_ids[0] ?? ''
    await http.ok('/access_codes/list', { device_id: deviceId, limit: MAX_ACCESS_CODES_PAGE_SIZE })
    await http.ok('/access_codes/unmanaged/list', { device_id: deviceId, limit: MAX_ACCESS_CODES_PAGE_SIZE })
    const message = await refusedOn(
      '/access_codes/list',
      { device_id: deviceId, limit: MAX_ACCESS_CODES_PAGE_SIZE + 1 },
      'limit',
    )
    expect(message).toContain('5,000')
    // Seam's own default, 55,000, and the old unmanaged default, 300,000.
    await refusedOn('/access_codes/list', { device_id: deviceId, limit: 55_000 }, 'limit')
    await refusedOn('/access_codes/unmanaged/list', { device_id: deviceId, limit: 300_000 }, 'limit')
  })

  it("without a limit, a lock's list holds all its codes: the default page is as large as a lock's most codes", async () => {
    expect(MAX_ACCESS_CODES_PAGE_SIZE).toBeGreaterThanOrEqual(MAX_ACCESS_CODES_PER_DEVICE)
    const deviceId = ws.device_ids[1] ?? ''
    await http.ok('/access_codes/create', { device_id: deviceId, name: 'One' })
    const listed = await http.ok<{ access_codes: unknown[] }>('/access_codes/list', { device_id: deviceId })
    expect(listed.access_codes).toHaveLength(1)
  })

  it('/events/list refuses an unstable_offset beyond the deepest page', async () => {
    await http.ok('/events/list', { since: SINCE, unstable_offset: MAX_LIST_OFFSET })
    await refusedOn('/events/list', { since: SINCE, unstable_offset: MAX_LIST_OFFSET + 1 }, 'unstable_offset')
    await refusedOn('/events/list', { since: SINCE, unstable_offset: 10_000_000_000 }, 'unstable_offset')
  })
})

describe('id filters take at most a few hundred ids', () => {
  const filters: [string, string, Json][] = [
    ['/access_codes/list', 'access_code_ids', {}],
    ['/devices/list', 'device_ids', {}],
    ['/devices/list', 'connected_account_ids', {}],
    ['/events/list', 'device_ids', { since: SINCE }],
    ['/events/list', 'access_code_ids', { since: SINCE }],
    ['/events/list', 'event_ids', { since: SINCE }],
  ]

  it(`answers ${MAX_IDS_PER_CALL} ids, and refuses one more naming the field`, async () => {
    for (const [path, field, rest] of filters) {
      await http.ok(path, { ...rest, [field]: ids(MAX_IDS_PER_CALL) })
      const message = await refusedOn(path, { ...rest, [field]: ids(MAX_IDS_PER_CALL + 1) }, field)
      expect(message).toContain(String(MAX_IDS_PER_CALL))
    }
  })
  // (In a query string, 500 UUIDs already pass Node's 16 KB header limit: the server refuses them itself.)
})

describe('codes on one lock', () => {
  /** Puts `count` live codes on the lock straight into the store: creating thousands through the API is slow. */
  async function fill(deviceId: string, count: number): Promise<void> {
    const device = await loadDevice({ db: store.db, clock, workspaceId: ws.workspace_id }, deviceId)
    const rows = Array.from({ length: count }, (_, i) =>
      newCodeRow(ws.workspace_id, device, { name: `Filler ${i}` }, String(100_000 + i), null, clock.now()),
    )
    for (let i = 0; i < rows.length; i += 500)
      await store.db
        .insertInto('access_codes')
        .values(rows.slice(i, i + 500))
        .execute()
  }

  const countOn = async (deviceId: string): Promise<number> =>
    Number(
      (
        await store.db
          .selectFrom('access_codes')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('device_id', '=', deviceId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it(`refuses a code past ${MAX_ACCESS_CODES_PER_DEVICE.toLocaleString('en-US')} on one lock with 409, naming it, and writes nothing`, async () => {
    const [, , full] = ws.device_ids
    const [other] = ws.device_ids
    if (full === undefined || other === undefined) throw new Error('the workspace has too few locks')
    await fill(full, MAX_ACCESS_CODES_PER_DEVICE - 1)
    // The last place is taken through the API.
    await http.ok('/access_codes/create', { device_id: full, name: 'Last place' })
    const before = await countOn(full)

    const refused = await http.fail('/access_codes/create', { device_id: full, name: 'One too many' })
    expect({ status: refused.status, type: refused.type }).toEqual({ status: 409, type: 'too_many_access_codes' })
    expect(refused.message).toContain('5,000')
    expect(refused.body.error).toMatchObject({ device_id: full })

    const otherBefore = await countOn(other)
    const multiple = await http.fail('/access_codes/create_multiple', { device_ids: [other, full], name: 'Guest' })
    expect({ status: multiple.status, type: multiple.type }).toEqual({ status: 409, type: 'too_many_access_codes' })
    expect(await countOn(full)).toBe(before)
    expect(await countOn(other)).toBe(otherBefore)

    // A deleted code frees its place.
    await store.db
      .updateTable('access_codes')
      .set({ deleted_at: clock.now().toISOString() })
      .where('device_id', '=', full)
      .where('name', '=', 'Filler 0')
      .execute()
    await http.ok('/access_codes/create', { device_id: full, name: 'Now there is room' })
    const listed = await http.ok<{ access_codes: unknown[] }>('/access_codes/list', { device_id: full })
    expect(listed.access_codes).toHaveLength(MAX_ACCESS_CODES_PER_DEVICE)
  })
})
