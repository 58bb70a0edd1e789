// /devices/update over HTTP (issue 14): a manager renames a lock and places it in another property of the workspace,
// for sandbox and Seam locks alike. Another workspace's property is as unknown as none, a lock holding live codes of
// stays of its property stays there, a member may not do it, what Latchkey does not support is refused by name, and a
// later Seam sync keeps the manager's placement and name. On the store TEST_STORE names.
import crypto from 'node:crypto'
import { Seam } from 'seam'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { addMembership, createUser } from '@/lib/auth/users'
import type { Store } from '@/lib/db/connection'
import { connectSeam } from '@/lib/seam/connections'
import { seamDb } from '@/lib/seam/seam-tables'
import { syncSeamLocks } from '@/lib/seam/sync-locks'
import { ManualClock } from '@/lib/time/clock'
import { createProperty, createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { startFakeSeam, type FakeSeam } from '@/tests/support/fake-seam'
import { HttpClient, isJson, type Json } from '@/tests/support/http-client'
import { openTestStore } from '@/tests/support/test-store'

const PASSWORD = 'correct horse battery'
const DAY = 24 * 60 * 60 * 1000

let store: Store
let clock: ManualClock
let server: TestApiServer
let mine: CreatedWorkspace
let theirs: CreatedWorkspace
let beach: string
let http: HttpClient

beforeEach(async () => {
  store = await openTestStore()
  clock = new ManualClock('2026-03-02T12:00:00.000Z')
  server = await startTestApiServer({ db: store.db, clock })
  mine = await createWorkspace(store.db, clock, { name: 'Mine', sandboxDevices: 2 })
  theirs = await createWorkspace(store.db, clock, { name: 'Theirs', sandboxDevices: 1 })
  beach = await createProperty(store.db, clock, mine.workspace_id, 'Beach house', 'America/New_York')
  http = new HttpClient(server.endpoint, mine.api_key)
})

afterEach(async () => {
  await server.close()
  await store.close()
})

const lockOf = (ws: CreatedWorkspace, index = 0): string => {
  const id = ws.device_ids[index]
  if (id === undefined) throw new Error(`no device ${index}`)
  return id
}

/** The lock as /devices/get shows it: name, property (space) and zone. */
async function shown(deviceId: string, client: HttpClient = http) {
  const { device } = await client.ok<{
    device: { display_name: string; space_ids: string[]; location: { location_name: string; timezone: string } }
  }>('/devices/get', { device_id: deviceId })
  return {
    name: device.display_name,
    property_id: device.space_ids[0],
    property: device.location.location_name,
    timezone: device.location.timezone,
  }
}

async function refusal(body: Json, client: HttpClient = http) {
  const answer = await client.call('/devices/update', body)
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`expected a refusal, got ${answer.status} ${JSON.stringify(answer.body)}`)
  const { request_id: _requestId, ...rest } = error
  return { status: answer.status, type: error.type, message: String(error.message), error: rest }
}

describe('renaming and moving a sandbox lock', () => {
  it('renames it, as Seam does, with name or properties.name, and answers only ok', async () => {
    const lock = lockOf(mine)
    expect(await http.ok('/devices/update', { device_id: lock, name: '  Front door  ' })).toEqual({ ok: true })
    expect((await shown(lock)).name).toBe('Front door')
    const seam = new Seam({ endpoint: server.endpoint, apiKey: mine.api_key })
    await seam.devices.update({ device_id: lock, properties: { name: 'Back door' } })
    expect((await seam.devices.get({ device_id: lock })).display_name).toBe('Back door')
  })

  it('moves it to another property of the workspace: its zone follows, its codes keep their UTC instants', async () => {
    const lock = lockOf(mine)
    const startsAt = new Date(clock.now().getTime() + DAY).toISOString()
    const endsAt = new Date(clock.now().getTime() + 2 * DAY).toISOString()
    const { access_code } = await http.ok<{ access_code: { access_code_id: string } }>('/access_codes/create', {
      device_id: lock,
      name: 'Cleaner',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    const before = await store.db
      .selectFrom('devices')
      .select('access_codes_version')
      .where('device_id', '=', lock)
      .executeTakeFirstOrThrow()
    await http.ok('/devices/update', { device_id: lock, property_id: beach })
    expect(await shown(lock)).toEqual({
      name: expect.any(String),
      property_id: beach,
      property: 'Beach house',
      timezone: 'America/New_York',
    })
    const { access_code: code } = await http.ok<{ access_code: { starts_at: string; ends_at: string } }>(
      '/access_codes/get',
      { access_code_id: access_code.access_code_id },
    )
    expect([code.starts_at, code.ends_at]).toEqual([startsAt, endsAt])
    // Cached lists of the lock's codes are read again.
    const after = await store.db
      .selectFrom('devices')
      .select('access_codes_version')
      .where('device_id', '=', lock)
      .executeTakeFirstOrThrow()
    expect(Number(after.access_codes_version)).toBeGreaterThan(Number(before.access_codes_version))
    // The other lock stayed where it was.
    expect((await shown(lockOf(mine, 1))).property_id).toBe(mine.property_id)
  })

  it('renames and moves in one call, over PATCH too', async () => {
    const lock = lockOf(mine)
    const response = await fetch(`${server.endpoint}/devices/update`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${mine.api_key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ device_id: lock, name: 'Pool gate', property_id: beach }),
    })
    expect(response.status).toBe(200)
    expect(await shown(lock)).toMatchObject({ name: 'Pool gate', property_id: beach })
  })

  it("refuses another workspace's property exactly as an unknown one, and changes nothing", async () => {
    const lock = lockOf(mine)
    const unknown = await refusal({ device_id: lock, property_id: crypto.randomUUID(), name: 'Not kept' })
    const foreign = await refusal({ device_id: lock, property_id: theirs.property_id, name: 'Not kept' })
    expect(unknown).toMatchObject({ status: 400, type: 'invalid_input' })
    expect(unknown.message).toMatch(/property_id: is not a property of this workspace/)
    expect(foreign).toEqual(unknown)
    expect(await shown(lock)).toMatchObject({ property_id: mine.property_id, name: 'August lock' })
  })

  it("refuses another workspace's lock as not found", async () => {
    expect(await refusal({ device_id: lockOf(theirs), name: 'Mine now' })).toMatchObject({
      status: 404,
      type: 'device_not_found',
    })
    expect((await shown(lockOf(theirs), new HttpClient(server.endpoint, theirs.api_key))).name).not.toBe('Mine now')
  })

  it('refuses to move a lock holding live codes of stays of its property, naming how many; renaming is fine', async () => {
    const [first, second] = [lockOf(mine), lockOf(mine, 1)]
    const window = (days: number) => ({
      check_in: new Date(clock.now().getTime() + days * DAY).toISOString(),
      check_out: new Date(clock.now().getTime() + (days + 2) * DAY).toISOString(),
    })
    await http.ok('/stays/create', { reservation_key: 'R-1', guest_name: 'Ada', device_ids: [first], ...window(1) })
    await http.ok('/stays/create', {
      reservation_key: 'R-2',
      guest_name: 'Bo',
      device_ids: [first, second],
      ...window(5),
    })
    const refused = await refusal({ device_id: first, property_id: beach, name: 'Not kept' })
    expect(refused).toMatchObject({ status: 409, type: 'device_has_stay_codes' })
    expect(refused.message).toMatch(/live codes of 2 stays of its current property/)
    expect(refused.message).toMatch(/move .* or cancel them first/)
    expect(await shown(first)).toMatchObject({ property_id: mine.property_id, name: 'August lock' })
    expect((await refusal({ device_id: second, property_id: beach })).message).toMatch(/1 stay of/)

    await http.ok('/devices/update', { device_id: first, name: 'Renamed while held' })
    expect((await shown(first)).name).toBe('Renamed while held')
    // Once the stays are cancelled, the lock moves.
    const { stays } = await http.ok<{ stays: { stay_id: string }[] }>('/stays/list', {})
    for (const stay of stays) await http.ok('/stays/delete', { stay_id: stay.stay_id })
    await http.ok('/devices/update', { device_id: first, property_id: beach })
    expect((await shown(first)).property_id).toBe(beach)
  })

  it('refuses what Latchkey does not support by name, unknown fields, and a sandbox lock without a name', async () => {
    const lock = lockOf(mine)
    const cases: [Json, RegExp][] = [
      [{ is_managed: false }, /is_managed: must be true/],
      [{ custom_metadata: { unit: '4B' } }, /custom_metadata: is not supported/],
      [{ nickname: 'x' }, /nickname/],
      [{ properties: { name: 'A', online: false } }, /online/],
      [{ name: '' }, /name: must not be empty/],
      [{ name: 'A', properties: { name: 'B' } }, /name: differs from properties.name/],
      [{ name: null }, /name: cannot be null for a sandbox lock/],
      [{ property_id: 'beach' }, /property_id: must be a UUID/],
    ]
    for (const [body, message] of cases) {
      const answer = await refusal({ device_id: lock, ...body })
      expect({ body, status: answer.status, type: answer.type }).toEqual({ body, status: 400, type: 'invalid_input' })
      expect(answer.message).toMatch(message)
    }
    expect(await http.ok('/devices/update', { device_id: lock, is_managed: true })).toEqual({ ok: true })
    expect(await shown(lock)).toMatchObject({ name: 'August lock', property_id: mine.property_id })
  })
})

describe('who may update a lock', () => {
  const DASHBOARD = { 'latchkey-client': 'dashboard', 'content-type': 'application/json' }

  async function cookieOf(email: string, role: 'admin' | 'member'): Promise<string> {
    const user = await createUser(store.db, clock, { email, password: PASSWORD })
    await addMembership(store.db, clock, user.user_id, mine.workspace_id, role)
    const response = await fetch(`${server.endpoint}/auth/sign_in`, {
      method: 'POST',
      headers: DASHBOARD,
      body: JSON.stringify({ email, password: PASSWORD }),
    })
    expect(response.status).toBe(200)
    return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  }

  const asSession = async (cookie: string, body: Json) => {
    const response = await fetch(`${server.endpoint}/devices/update`, {
      method: 'POST',
      headers: { ...DASHBOARD, cookie, 'latchkey-workspace-id': mine.workspace_id },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as Json }
  }

  it('a signed-in admin may; a member is refused and nothing changes', async () => {
    const lock = lockOf(mine)
    const member = await asSession(await cookieOf('max@example.com', 'member'), { device_id: lock, name: 'Nope' })
    expect(member.status).toBe(403)
    expect(member.body.error).toMatchObject({ type: 'forbidden' })
    expect((await shown(lock)).name).toBe('August lock')
    const admin = await asSession(await cookieOf('ana@example.com', 'admin'), { device_id: lock, name: 'Yes' })
    expect(admin).toEqual({ status: 200, body: { ok: true } })
    expect((await shown(lock)).name).toBe('Yes')
  })
})

describe('a Seam lock', () => {
  let fake: FakeSeam
  const secretKey = crypto.randomBytes(32)
  let seamLockIds: string[]

  beforeAll(async () => {
    fake = await startFakeSeam()
  })
  afterAll(async () => {
    await fake?.close()
  })

  const addSeamLock = (name: string) =>
    fake.fake.database.addDevice({
      workspace_id: fake.workspaceId,
      connected_account_id: fake.connectedAccountId,
      device_type: 'august_lock',
      name,
      display_name: name,
      can_program_online_access_codes: true,
      properties: { online: true } as never,
    }).device_id

  const sync = () => syncSeamLocks(store.db, clock, mine.workspace_id, secretKey)

  /** The Latchkey id of a Seam device. */
  const latchkeyIdOf = async (seamId: string) =>
    (
      await seamDb(store.db)
        .selectFrom('seam_objects')
        .select('latchkey_id')
        .where('seam_id', '=', seamId)
        .where('workspace_id', '=', mine.workspace_id)
        .executeTakeFirstOrThrow()
    ).latchkey_id

  beforeEach(async () => {
    seamLockIds = [addSeamLock(`Side door ${seamLockIds?.length ?? 0}`), addSeamLock('Garage')]
    await connectSeam(
      { db: store.db, clock, workspaceId: mine.workspace_id },
      { api_key: fake.apiKey, endpoint: fake.endpoint },
      { secretKey, sync: () => sync() },
    )
  })
  afterEach(() => {
    for (const id of seamLockIds) fake.fake.database.deleteDevice(id)
  })

  it('keeps the property and name its manager gave it through later syncs; an unnamed one follows Seam', async () => {
    const [renamedSeamId, otherSeamId] = seamLockIds as [string, string]
    const renamed = await latchkeyIdOf(renamedSeamId)
    const other = await latchkeyIdOf(otherSeamId)
    const seamProperty = (await shown(renamed)).property_id
    expect((await shown(renamed)).property).toBe('Seam — UTC')

    await http.ok('/devices/update', { device_id: renamed, property_id: beach, name: 'Kitchen door' })
    fake.fake.database.updateDevice({ device_id: renamedSeamId, display_name: 'Renamed in Seam' } as never)
    fake.fake.database.updateDevice({ device_id: otherSeamId, display_name: 'Garage (Seam)' } as never)
    expect(await sync()).toMatchObject({ updated: 2 })
    expect(await shown(renamed)).toEqual({
      name: 'Kitchen door',
      property_id: beach,
      property: 'Beach house',
      timezone: 'America/New_York',
    })
    expect(await shown(other)).toMatchObject({ name: 'Garage (Seam)', property_id: seamProperty })

    // name: null gives it Seam's name back at the next sync; it stays where the manager put it.
    await http.ok('/devices/update', { device_id: renamed, name: null })
    await sync()
    expect(await shown(renamed)).toMatchObject({ name: 'Renamed in Seam', property_id: beach })
  })
})
