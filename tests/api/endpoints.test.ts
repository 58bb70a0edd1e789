import { Seam, SeamHttpApiError } from 'seam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '@/lib/db/connection'
import { sandboxLockProfiles } from '@/lib/locks/sandbox-profiles'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { expectSeamShape, expectSeamShapes, seamShapeProblems } from '@/tests/support/seam-schemas'
import { openTestStore } from '@/tests/support/test-store'

// Every endpoint of the API through the official SDK, every returned object checked against Seam's schemas.

const ROUNDS = 2
const DEVICE_COUNT = sandboxLockProfiles.length * ROUNDS

let store: Store
let server: TestApiServer
let seam: Seam
let deviceIds: string[]
let workspaceId: string
const startedAt = new Date(Date.now() - 1000).toISOString()

/** The sandbox device of that brand; `round` picks the 1st, 2nd, … one, so tests that change a device don't share it. */
function deviceOf(provider: string, round = 0): string {
  const index = sandboxLockProfiles.findIndex((p) => p.provider === provider)
  const id = deviceIds[round * sandboxLockProfiles.length + index]
  if (index < 0 || id === undefined) throw new Error(`no sandbox ${provider} device in round ${round}`)
  return id
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString()

type Json = Record<string, unknown>

const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The whole response body, through the SDK's own HTTP client: the SDK's methods return only the main key
 * (`access_code`), and some responses carry more (`action_attempt`, `pagination`, `backup_access_code`).
 */
async function rawPost(path: string, body: Json): Promise<Json> {
  const response = await seam.client.post<unknown>(path, body)
  if (!isJson(response.data)) throw new Error(`${path} answered with a non-object body`)
  expect(response.data.ok).toBe(true)
  return response.data
}

function field(object: Json, key: string): Json {
  const value = object[key]
  if (!isJson(value)) throw new Error(`expected "${key}" to be an object, got ${JSON.stringify(value)}`)
  return value
}

function list(object: Json, key: string): unknown[] {
  const value = object[key]
  if (!Array.isArray(value)) throw new Error(`expected "${key}" to be an array, got ${JSON.stringify(value)}`)
  return value as unknown[]
}

/** The SDK error a request ended with; fails the test when it succeeded or failed some other way. */
async function sdkError(request: PromiseLike<unknown>): Promise<SeamHttpApiError> {
  try {
    await request
  } catch (error) {
    if (error instanceof SeamHttpApiError) return error
    throw error
  }
  throw new Error('expected the request to fail, but it succeeded')
}

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  const ws = await createWorkspace(store.db, systemClock, { name: 'Endpoints', sandboxDevices: DEVICE_COUNT })
  deviceIds = ws.device_ids
  workspaceId = ws.workspace_id
  seam = new Seam({ endpoint: server.endpoint, apiKey: ws.api_key })
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

describe('/devices/list', () => {
  it('lists every device of the workspace in Seam device shape, with a pagination object', async () => {
    const devices = await seam.devices.list()
    expect(devices).toHaveLength(DEVICE_COUNT)
    expectSeamShapes('device', devices)
    expect(new Set(devices.map((d) => d.device_id))).toEqual(new Set(deviceIds))
    for (const device of devices) {
      expect(device.workspace_id).toBe(workspaceId)
      expect(device.location?.timezone).toBe('America/New_York')
      expect(device.properties.online).toBe(true)
    }
    const raw = await rawPost('/devices/list', {})
    expectSeamShape('pagination', raw.pagination)
    expect(field(raw, 'pagination').has_next_page).toBe(false)
  })

  it('carries what the rules read: code lengths, constraints, capacity, backup pool and offline capability', async () => {
    const lockly = await seam.devices.get({ device_id: deviceOf('lockly') })
    expect(lockly.device_type).toBe('lockly_lock')
    expect(lockly.properties.supported_code_lengths).toEqual([6, 7, 8])
    expect(lockly.properties.code_constraints?.map((c) => c.constraint_type)).toEqual([
      'no_zeros',
      'at_least_three_unique_digits',
      'no_ascending_or_descending_sequence',
    ])
    expect(lockly.properties.max_active_codes_supported).toBe(64)
    expect(lockly.can_program_offline_access_codes).toBe(true)
    const august = await seam.devices.get({ device_id: deviceOf('august') })
    expect(august.properties.supports_backup_access_code_pool).toBe(true)
    expect(august.can_program_offline_access_codes).toBe(false)
    expect(august.can_program_online_access_codes).toBe(true)
  })

  it('filters by device_type, device_types, manufacturer, device_ids, search and created_before', async () => {
    const kwiksets = await seam.devices.list({ device_type: 'kwikset_lock' })
    expect(kwiksets.map((d) => d.device_id).sort()).toEqual([deviceOf('kwikset', 0), deviceOf('kwikset', 1)].sort())
    expectSeamShapes('device', kwiksets)

    const two = await seam.devices.list({ device_types: ['nuki_lock', 'yale_lock'] })
    expect(new Set(two.map((d) => d.device_type))).toEqual(new Set(['nuki_lock', 'yale_lock']))
    expect(two).toHaveLength(2 * ROUNDS)

    const schlages = await seam.devices.list({ manufacturer: 'schlage' })
    expect(schlages).toHaveLength(ROUNDS)
    expect(schlages.every((d) => d.device_type === 'schlage_lock')).toBe(true)

    const picked = [deviceOf('august'), deviceOf('ttlock', 1)]
    const byIds = await seam.devices.list({ device_ids: picked })
    expect(byIds.map((d) => d.device_id).sort()).toEqual([...picked].sort())

    const searched = await seam.devices.list({ search: 'Lockly' })
    expect(searched.map((d) => d.device_id).sort()).toEqual([deviceOf('lockly', 0), deviceOf('lockly', 1)].sort())

    expect(await seam.devices.list({ created_before: new Date('2000-01-01T00:00:00Z') })).toEqual([])
    expect(await seam.devices.list({ created_before: new Date(inDays(1)) })).toHaveLength(DEVICE_COUNT)
  })

  it('pages with limit and page_cursor: every device exactly once, in the unpaged order', async () => {
    const all = (await seam.devices.list()).map((d) => d.device_id)
    const seen: string[] = []
    let cursor: string | undefined
    let pages = 0
    do {
      const page = await rawPost(
        '/devices/list',
        cursor === undefined ? { limit: 5 } : { limit: 5, page_cursor: cursor },
      )
      const devices = list(page, 'devices')
      expectSeamShapes('device', devices)
      expectSeamShape('pagination', page.pagination)
      const pagination = field(page, 'pagination')
      expect(devices.length).toBeLessThanOrEqual(5)
      for (const d of devices) if (isJson(d)) seen.push(String(d.device_id))
      pages++
      if (pagination.has_next_page === true) {
        expect(typeof pagination.next_page_cursor).toBe('string')
        cursor = String(pagination.next_page_cursor)
      } else {
        expect(pagination.next_page_cursor).toBeNull()
        cursor = undefined
      }
    } while (cursor !== undefined && pages < 20)
    expect(pages).toBe(Math.ceil(DEVICE_COUNT / 5))
    expect(seen).toEqual(all)

    // The SDK's own paginator walks the same pages.
    const viaPaginator = await seam.createPaginator(seam.devices.list({ limit: 4 })).flattenToArray()
    expect(viaPaginator.map((d) => d.device_id)).toEqual(all)
  })
})

describe('/devices/get', () => {
  it('gets a device by device_id and by name', async () => {
    const id = deviceOf('yale')
    const byId = await seam.devices.get({ device_id: id })
    expectSeamShape('device', byId)
    expect(byId.device_id).toBe(id)
    const byName = await seam.devices.get({ name: byId.display_name })
    expectSeamShape('device', byName)
    expect(byName.device_id).toBe(id)
  })

  it('answers 404 device_not_found for an unknown device', async () => {
    const error = await sdkError(seam.devices.get({ device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
    const byName = await sdkError(seam.devices.get({ name: 'No such lock' }))
    expect(byName.statusCode).toBe(404)
    expect(byName.code).toBe('device_not_found')
  })
})

describe('/access_codes/create', () => {
  it('creates an ongoing code with a chosen PIN and answers with the code and a CREATE_ACCESS_CODE attempt', async () => {
    const deviceId = deviceOf('august')
    const raw = await rawPost('/access_codes/create', { device_id: deviceId, name: 'Cleaner', code: '4821' })
    expectSeamShape('access_code', raw.access_code)
    expectSeamShape('action_attempt', raw.action_attempt)
    const code = field(raw, 'access_code')
    expect(code).toMatchObject({
      device_id: deviceId,
      name: 'Cleaner',
      code: '4821',
      type: 'ongoing',
      workspace_id: workspaceId,
      is_managed: true,
    })
    expect(code.common_code_key).toBeNull()
    expect(field(raw, 'action_attempt')).toMatchObject({ action_type: 'CREATE_ACCESS_CODE' })

    const fetched = await seam.accessCodes.get({ access_code_id: String(code.access_code_id) })
    expectSeamShape('access_code', fetched)
    expect(fetched.code).toBe('4821')
  })

  it('creates a time-bound code through the SDK, generating a PIN the device accepts', async () => {
    const deviceId = deviceOf('lockly')
    const startsAt = inDays(1)
    const endsAt = inDays(3)
    const created = await seam.accessCodes.create({
      device_id: deviceId,
      name: 'Guest',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expectSeamShape('access_code', created)
    expect(created.type).toBe('time_bound')
    expect(created.starts_at).toBe(startsAt)
    expect(created.ends_at).toBe(endsAt)
    expect(created.status).toBe('unset')
    const pin = created.code ?? ''
    expect(pin).toMatch(/^[1-9]{6,8}$/) // Lockly: 6-8 digits, no zeros
    expect(new Set(pin).size).toBeGreaterThanOrEqual(3)
  })

  it('honours preferred_code_length where the device supports it', async () => {
    const created = await seam.accessCodes.create({ device_id: deviceOf('yale'), preferred_code_length: 7 })
    expectSeamShape('access_code', created)
    expect(created.code).toMatch(/^\d{7}$/)
  })

  it('answers 404 device_not_found for an unknown device and 409 duplicate_access_code for a PIN in use', async () => {
    const missing = await sdkError(
      seam.accessCodes.create({ device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b', code: '1357' }),
    )
    expect(missing.statusCode).toBe(404)
    expect(missing.code).toBe('device_not_found')

    const deviceId = deviceOf('yale')
    const first = await seam.accessCodes.create({ device_id: deviceId, name: 'Owner', code: '2468' })
    const duplicate = await sdkError(seam.accessCodes.create({ device_id: deviceId, name: 'Other', code: '2468' }))
    expect(duplicate.statusCode).toBe(409)
    expect(duplicate.code).toBe('duplicate_access_code')
    expect(duplicate.message).toContain(first.access_code_id)
  })
})

describe('/access_codes/generate_code', () => {
  it('generates a PIN that obeys the device lengths and constraints', async () => {
    for (let i = 0; i < 10; i++) {
      const generated = await seam.accessCodes.generateCode({ device_id: deviceOf('nuki') })
      expect(generated.device_id).toBe(deviceOf('nuki'))
      expect(generated.code).toMatch(/^[1-9]{6}$/) // Nuki: exactly 6 digits, no zeros, not starting with 12
      expect(generated.code.startsWith('12')).toBe(false)
    }
    const kwikset = await seam.accessCodes.generateCode({ device_id: deviceOf('kwikset') })
    expect(new Set(kwikset.code).size).toBeGreaterThan(1)
  })

  it('answers 404 device_not_found for an unknown device', async () => {
    const error = await sdkError(seam.accessCodes.generateCode({ device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
  })
})

describe('/access_codes/get', () => {
  it('gets a code by access_code_id, and by device_id and code', async () => {
    const deviceId = deviceOf('ttlock')
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Get me', code: '735194' })
    const byId = await seam.accessCodes.get({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', byId)
    expect(byId).toEqual(created)
    const byPin = await seam.accessCodes.get({ device_id: deviceId, code: '735194' })
    expectSeamShape('access_code', byPin)
    expect(byPin.access_code_id).toBe(created.access_code_id)
  })

  it('answers 404 access_code_not_found for an unknown code', async () => {
    const error = await sdkError(seam.accessCodes.get({ access_code_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('access_code_not_found')
    const byPin = await sdkError(seam.accessCodes.get({ device_id: deviceOf('ttlock'), code: '999999' }))
    expect(byPin.statusCode).toBe(404)
    expect(byPin.code).toBe('access_code_not_found')
  })
})

describe('/access_codes/list', () => {
  let deviceId: string
  let createdIds: string[]

  beforeAll(async () => {
    deviceId = deviceOf('yale', 1)
    createdIds = []
    for (let i = 0; i < 5; i++) {
      const code = await seam.accessCodes.create({ device_id: deviceId, name: `Listed ${i}`, code: `${3100 + i * 7}` })
      createdIds.push(code.access_code_id)
    }
  })

  it('lists the codes of one device and nothing else', async () => {
    const codes = await seam.accessCodes.list({ device_id: deviceId })
    expectSeamShapes('access_code', codes)
    expect(codes.map((c) => c.access_code_id).sort()).toEqual([...createdIds].sort())
    expect(codes.every((c) => c.device_id === deviceId)).toBe(true)
    const raw = await rawPost('/access_codes/list', { device_id: deviceId })
    expectSeamShape('pagination', raw.pagination)
    expect(field(raw, 'pagination')).toEqual({ has_next_page: false, next_page_cursor: null, next_page_url: null })
  })

  it('pages with limit and page_cursor: every code exactly once, in the unpaged order', async () => {
    const all = (await seam.accessCodes.list({ device_id: deviceId })).map((c) => c.access_code_id)
    const first = await rawPost('/access_codes/list', { device_id: deviceId, limit: 2 })
    expectSeamShape('pagination', first.pagination)
    expectSeamShapes('access_code', list(first, 'access_codes'))
    const p1 = field(first, 'pagination')
    expect(p1.has_next_page).toBe(true)
    expect(typeof p1.next_page_cursor).toBe('string')

    const second = await rawPost('/access_codes/list', {
      device_id: deviceId,
      limit: 2,
      page_cursor: p1.next_page_cursor,
    })
    const p2 = field(second, 'pagination')
    expect(p2.has_next_page).toBe(true)
    const third = await rawPost('/access_codes/list', {
      device_id: deviceId,
      limit: 2,
      page_cursor: p2.next_page_cursor,
    })
    expectSeamShape('pagination', third.pagination)
    const p3 = field(third, 'pagination')
    expect(p3.has_next_page).toBe(false)
    expect(p3.next_page_cursor).toBeNull()

    const pages = [first, second, third].map((page) => list(page, 'access_codes'))
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
    const paged = pages.flat().map((c) => (isJson(c) ? c.access_code_id : undefined))
    expect(paged).toEqual(all)

    const viaPaginator = await seam
      .createPaginator(seam.accessCodes.list({ device_id: deviceId, limit: 2 }))
      .flattenToArray()
    expect(viaPaginator.map((c) => c.access_code_id)).toEqual(all)
  })

  it('filters by access_code_ids', async () => {
    const wanted = createdIds.slice(1, 3)
    const codes = await seam.accessCodes.list({ access_code_ids: wanted })
    expectSeamShapes('access_code', codes)
    expect(codes.map((c) => c.access_code_id).sort()).toEqual([...wanted].sort())
  })

  it('answers 404 device_not_found for an unknown device', async () => {
    const error = await sdkError(seam.accessCodes.list({ device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
  })
})

describe('/access_codes/update', () => {
  it('renames a code (SDK sends PUT): the type and times stay, the attempt completes at once', async () => {
    const created = await seam.accessCodes.create({
      device_id: deviceOf('schlage'),
      name: 'Before',
      code: '48213',
      starts_at: inDays(1),
      ends_at: inDays(2),
    })
    await seam.accessCodes.update({ access_code_id: created.access_code_id, name: 'After' })
    const updated = await seam.accessCodes.get({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', updated)
    expect(updated.name).toBe('After')
    expect(updated.type).toBe('time_bound')
    expect(updated.starts_at).toBe(created.starts_at)
    expect(updated.ends_at).toBe(created.ends_at)

    const raw = await rawPost('/access_codes/update', { access_code_id: created.access_code_id, name: 'Again' })
    expectSeamShape('action_attempt', raw.action_attempt)
    expect(field(raw, 'action_attempt')).toMatchObject({
      action_type: 'UPDATE_ACCESS_CODE',
      status: 'success',
      error: null,
    })
  })

  it('changes the PIN and the window, answering with a pending UPDATE_ACCESS_CODE attempt', async () => {
    const created = await seam.accessCodes.create({ device_id: deviceOf('schlage'), name: 'Mover', code: '5928' })
    const startsAt = inDays(2)
    const endsAt = inDays(4)
    const raw = await rawPost('/access_codes/update', {
      access_code_id: created.access_code_id,
      code: '6039',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    expectSeamShape('action_attempt', raw.action_attempt)
    expect(field(raw, 'action_attempt')).toMatchObject({
      action_type: 'UPDATE_ACCESS_CODE',
      status: 'pending',
      result: null,
      error: null,
    })
    const updated = await seam.accessCodes.get({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', updated)
    expect(updated).toMatchObject({ code: '6039', type: 'time_bound', starts_at: startsAt, ends_at: endsAt })

    await seam.accessCodes.update({ access_code_id: created.access_code_id, type: 'ongoing' })
    const ongoing = await seam.accessCodes.get({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', ongoing)
    expect(ongoing.type).toBe('ongoing')
    expect(ongoing.starts_at ?? null).toBeNull()
    expect(ongoing.ends_at ?? null).toBeNull()
  })

  it('answers 404 access_code_not_found for an unknown code and 409 for a PIN held by another code', async () => {
    const missing = await sdkError(
      seam.accessCodes.update({ access_code_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b', name: 'x' }),
    )
    expect(missing.statusCode).toBe(404)
    expect(missing.code).toBe('access_code_not_found')

    const deviceId = deviceOf('schlage')
    const a = await seam.accessCodes.create({ device_id: deviceId, code: '7152' })
    const b = await seam.accessCodes.create({ device_id: deviceId, code: '7163' })
    const clash = await sdkError(seam.accessCodes.update({ access_code_id: b.access_code_id, code: '7152' }))
    expect(clash.statusCode).toBe(409)
    expect(clash.code).toBe('duplicate_access_code')
    expect(clash.message).toContain(a.access_code_id)
  })
})

describe('/access_codes/create_multiple and /access_codes/update_multiple', () => {
  it('gives every device the same generated PIN, linked by a common_code_key', async () => {
    const devices = [deviceOf('august', 1), deviceOf('schlage', 1), deviceOf('smartthings', 1)]
    const codes = await seam.accessCodes.createMultiple({ device_ids: devices, name: 'Family' })
    expectSeamShapes('access_code', codes)
    expect(codes.map((c) => c.device_id).sort()).toEqual([...devices].sort())
    const pins = new Set(codes.map((c) => c.code))
    expect(pins.size).toBe(1)
    const keys = new Set(codes.map((c) => c.common_code_key))
    expect(keys.size).toBe(1)
    const key = codes[0]?.common_code_key
    expect(typeof key).toBe('string')
  })

  it('uses a given PIN on every device, with no common_code_key', async () => {
    const devices = [deviceOf('igloohome', 1), deviceOf('yale', 1)]
    const codes = await seam.accessCodes.createMultiple({ device_ids: devices, code: '864213', name: 'Given' })
    expectSeamShapes('access_code', codes)
    expect(codes.map((c) => c.code)).toEqual(['864213', '864213'])
    expect(codes.every((c) => c.common_code_key === null)).toBe(true)
  })

  it('answers 404 device_not_found when one of the devices is unknown, and creates nothing', async () => {
    const known = deviceOf('ttlock', 1)
    const before = await seam.accessCodes.list({ device_id: known })
    const error = await sdkError(
      seam.accessCodes.createMultiple({ device_ids: [known, '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'] }),
    )
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
    expect(await seam.accessCodes.list({ device_id: known })).toHaveLength(before.length)
  })

  it('renames and reschedules every linked code (SDK sends PATCH)', async () => {
    const devices = [deviceOf('kwikset', 1), deviceOf('nuki', 1)]
    const codes = await seam.accessCodes.createMultiple({ device_ids: devices, name: 'Stay' })
    const key = codes[0]?.common_code_key
    if (typeof key !== 'string') throw new Error('create_multiple gave no common_code_key')
    const startsAt = inDays(5)
    const endsAt = inDays(8)
    await seam.accessCodes.updateMultiple({
      common_code_key: key,
      name: 'Longer stay',
      starts_at: startsAt,
      ends_at: endsAt,
    })
    const updated = await seam.accessCodes.list({ access_code_ids: codes.map((c) => c.access_code_id) })
    expectSeamShapes('access_code', updated)
    expect(updated).toHaveLength(2)
    for (const code of updated) {
      expect(code).toMatchObject({
        name: 'Longer stay',
        type: 'time_bound',
        starts_at: startsAt,
        ends_at: endsAt,
        common_code_key: key,
      })
    }
    const missing = await sdkError(seam.accessCodes.updateMultiple({ common_code_key: 'no-such-key', name: 'x' }))
    expect(missing.statusCode).toBe(404)
    expect(missing.code).toBe('access_code_not_found')
  })
})

describe('/access_codes/delete and /action_attempts/get', () => {
  it('deletes through the SDK: the code is gone from get and list at once', async () => {
    const deviceId = deviceOf('igloohome')
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Temp', code: '918273' })
    await seam.accessCodes.delete({ access_code_id: created.access_code_id })
    const error = await sdkError(seam.accessCodes.get({ access_code_id: created.access_code_id }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('access_code_not_found')
    const remaining = await seam.accessCodes.list({ device_id: deviceId })
    expect(remaining.map((c) => c.access_code_id)).not.toContain(created.access_code_id)
    const again = await sdkError(seam.accessCodes.delete({ access_code_id: created.access_code_id }))
    expect(again.statusCode).toBe(404)
    expect(again.code).toBe('access_code_not_found')
  })

  it('answers with a DELETE_ACCESS_CODE attempt that /action_attempts/get returns', async () => {
    const deviceId = deviceOf('igloohome')
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Temp 2', code: '546372' })
    const raw = await rawPost('/access_codes/delete', { access_code_id: created.access_code_id, device_id: deviceId })
    expectSeamShape('action_attempt', raw.action_attempt)
    const attempt = field(raw, 'action_attempt')
    expect(attempt.action_type).toBe('DELETE_ACCESS_CODE')
    expect(['pending', 'success']).toContain(attempt.status)

    const fetched = await seam.actionAttempts.get(
      { action_attempt_id: String(attempt.action_attempt_id) },
      { waitForActionAttempt: false },
    )
    expectSeamShape('action_attempt', fetched)
    expect(fetched.action_attempt_id).toBe(attempt.action_attempt_id)
    expect(fetched.action_type).toBe('DELETE_ACCESS_CODE')
  })

  it('returns the CREATE_ACCESS_CODE attempt of a create', async () => {
    const raw = await rawPost('/access_codes/create', { device_id: deviceOf('igloohome'), code: '615243' })
    const attempt = field(raw, 'action_attempt')
    const fetched = await seam.actionAttempts.get(
      { action_attempt_id: String(attempt.action_attempt_id) },
      { waitForActionAttempt: false },
    )
    expectSeamShape('action_attempt', fetched)
    expect(fetched).toMatchObject({ action_attempt_id: attempt.action_attempt_id, action_type: 'CREATE_ACCESS_CODE' })
  })

  it('answers 404 action_attempt_not_found for an unknown attempt', async () => {
    const error = await sdkError(
      seam.actionAttempts.get(
        { action_attempt_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' },
        { waitForActionAttempt: false },
      ),
    )
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('action_attempt_not_found')
  })
})

describe('/access_codes/pull_backup_access_code', () => {
  it('hands a time-bound code a backup, the same one every time, and links it', async () => {
    const deviceId = deviceOf('august')
    const created = await seam.accessCodes.create({
      device_id: deviceId,
      name: 'Guest with backup',
      starts_at: inDays(1),
      ends_at: inDays(2),
      use_backup_access_code_pool: true,
    })
    expectSeamShape('access_code', created)
    expect(created.is_backup_access_code_available).toBe(true)

    const raw = await rawPost('/access_codes/pull_backup_access_code', { access_code_id: created.access_code_id })
    expectSeamShape('access_code', raw.access_code)
    expectSeamShape('access_code', raw.backup_access_code)
    const backup = field(raw, 'backup_access_code')
    expect(backup.access_code_id).not.toBe(created.access_code_id)
    expect(backup.device_id).toBe(deviceId)
    expect(backup.is_backup).toBe(true)
    expect(backup.code).not.toBe(created.code)

    const again = await seam.accessCodes.pullBackupAccessCode({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', again)
    expect(again.access_code_id).toBe(backup.access_code_id)

    const original = await seam.accessCodes.get({ access_code_id: created.access_code_id })
    expectSeamShape('access_code', original)
    expect(original.pulled_backup_access_code_id).toBe(backup.access_code_id)

    const other = await seam.accessCodes.create({
      device_id: deviceId,
      starts_at: inDays(1),
      ends_at: inDays(2),
      use_backup_access_code_pool: true,
    })
    const otherBackup = await seam.accessCodes.pullBackupAccessCode({ access_code_id: other.access_code_id })
    expect(otherBackup.access_code_id).not.toBe(backup.access_code_id)
  })

  it('refuses a code that was not created for the backup pool, and an unknown code', async () => {
    const plain = await seam.accessCodes.create({
      device_id: deviceOf('august'),
      starts_at: inDays(1),
      ends_at: inDays(2),
    })
    const notEnabled = await sdkError(seam.accessCodes.pullBackupAccessCode({ access_code_id: plain.access_code_id }))
    expect(notEnabled.statusCode).toBe(400)
    expect(notEnabled.code).toBe('backup_access_code_pool_not_enabled')
    const missing = await sdkError(
      seam.accessCodes.pullBackupAccessCode({ access_code_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }),
    )
    expect(missing.statusCode).toBe(404)
    expect(missing.code).toBe('access_code_not_found')
  })
})

describe('/access_codes/report_device_constraints', () => {
  it('stores supported_code_lengths, and later creates and generated codes obey them', async () => {
    const deviceId = deviceOf('smartthings')
    await seam.accessCodes.reportDeviceConstraints({ device_id: deviceId, supported_code_lengths: [6] })
    const device = await seam.devices.get({ device_id: deviceId })
    expectSeamShape('device', device)
    expect(device.properties.supported_code_lengths).toEqual([6])

    const created = await seam.accessCodes.create({ device_id: deviceId })
    expectSeamShape('access_code', created)
    expect(created.code).toMatch(/^\d{6}$/)
    const generated = await seam.accessCodes.generateCode({ device_id: deviceId })
    expect(generated.code).toMatch(/^\d{6}$/)

    const tooShort = await sdkError(seam.accessCodes.create({ device_id: deviceId, code: '4826' }))
    expect(tooShort.statusCode).toBe(400)
    expect(tooShort.code).toBe('invalid_input')
  })

  it('stores a min_code_length / max_code_length range', async () => {
    const deviceId = deviceOf('smartthings')
    await seam.accessCodes.reportDeviceConstraints({ device_id: deviceId, min_code_length: 7, max_code_length: 8 })
    const device = await seam.devices.get({ device_id: deviceId })
    expect(device.properties.supported_code_lengths).toEqual([7, 8])
    const created = await seam.accessCodes.create({ device_id: deviceId, code: '8264937' })
    expect(created.code).toBe('8264937')
  })

  it('answers 404 device_not_found for an unknown device', async () => {
    const error = await sdkError(
      seam.accessCodes.reportDeviceConstraints({
        device_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b',
        supported_code_lengths: [4],
      }),
    )
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
  })
})

describe('/events/list and /events/get', () => {
  let codeId: string
  let deviceId: string
  let afterCreate: string
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  beforeAll(async () => {
    deviceId = deviceOf('ttlock')
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Evented', code: '192837' })
    codeId = created.access_code_id
    await sleep(10)
    afterCreate = new Date().toISOString()
    await sleep(10)
    await seam.accessCodes.update({ access_code_id: codeId, name: 'Evented, renamed' })
    await seam.accessCodes.delete({ access_code_id: codeId })
  })

  it('lists the workspace events since a time, each in Seam event shape', async () => {
    const events = await seam.events.list({ since: startedAt })
    expect(events.length).toBeGreaterThan(0)
    expectSeamShapes('event', events)
    expect(events.every((e) => e.workspace_id === workspaceId)).toBe(true)
    const types = new Set(events.map((e) => e.event_type))
    for (const type of ['device.added', 'access_code.created', 'access_code.changed', 'access_code.deleted'])
      expect(types).toContain(type)
  })

  it('records created, changed and deleted for one code, and filters by access_code_id', async () => {
    const events = await seam.events.list({ since: startedAt, access_code_id: codeId })
    expectSeamShapes('event', events)
    // Exactly one of each API-side event (lock-side events such as set_on_device may come on top).
    const types = events.map((e) => e.event_type)
    for (const type of ['access_code.created', 'access_code.changed', 'access_code.deleted']) {
      expect({ type, count: types.filter((t) => t === type).length }).toEqual({ type, count: 1 })
    }
    for (const event of events) {
      expect(event).toMatchObject({ access_code_id: codeId, device_id: deviceId })
    }
    const deleted = events.find((e) => e.event_type === 'access_code.deleted')
    expect(deleted).toMatchObject({ code: '192837' })
  })

  it('filters by device_id, event_type, event_types and between', async () => {
    const byDevice = await seam.events.list({ since: startedAt, device_id: deviceId })
    expectSeamShapes('event', byDevice)
    expect(byDevice.length).toBeGreaterThanOrEqual(4) // device.added + the three above
    expect(byDevice.every((e) => 'device_id' in e && e.device_id === deviceId)).toBe(true)

    const created = await seam.events.list({ since: startedAt, device_id: deviceId, event_type: 'access_code.created' })
    expect(created.length).toBeGreaterThan(0)
    expect(created.every((e) => e.event_type === 'access_code.created')).toBe(true)

    const two = await seam.events.list({
      since: startedAt,
      access_code_id: codeId,
      event_types: ['access_code.created', 'access_code.deleted'],
    })
    expect(two.map((e) => e.event_type).sort()).toEqual(['access_code.created', 'access_code.deleted'])

    const all = await seam.events.list({ since: startedAt, access_code_id: codeId })
    const inWindow = await seam.events.list({ between: [startedAt, inDays(1)], access_code_id: codeId })
    expect(inWindow.map((e) => e.event_id)).toEqual(all.map((e) => e.event_id))
    expect(inWindow.length).toBeGreaterThanOrEqual(3)
    const beforeRename = await seam.events.list({ between: [startedAt, afterCreate], access_code_id: codeId })
    expect(beforeRename.map((e) => e.event_type)).toEqual(['access_code.created'])
    const afterRename = await seam.events.list({ between: [afterCreate, inDays(1)], access_code_id: codeId })
    expect(afterRename.map((e) => e.event_type)).toContain('access_code.deleted')
    expect(afterRename.map((e) => e.event_type)).not.toContain('access_code.created')
    const sinceRename = await seam.events.list({ since: afterCreate, access_code_id: codeId })
    expect(sinceRename.map((e) => e.event_id)).toEqual(afterRename.map((e) => e.event_id))
    const past = await seam.events.list({ between: ['2000-01-01T00:00:00Z', '2000-01-02T00:00:00Z'] })
    expect(past).toEqual([])
    const future = await seam.events.list({ since: inDays(1) })
    expect(future).toEqual([])
  })

  it('gets one event by event_id', async () => {
    const [first] = await seam.events.list({
      since: startedAt,
      access_code_id: codeId,
      event_type: 'access_code.created',
    })
    if (first === undefined) throw new Error('no access_code.created event')
    const event = await seam.events.get({ event_id: first.event_id })
    expectSeamShape('event', event)
    expect(event).toEqual(first)
  })

  it('answers 404 event_not_found for an unknown event', async () => {
    const error = await sdkError(seam.events.get({ event_id: '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('event_not_found')
  })
})

describe('the Seam schema check itself', () => {
  it("rejects objects that break Seam's schemas, so the checks above can fail", async () => {
    const code = await seam.accessCodes.create({ device_id: deviceOf('yale'), code: '9182' })
    expect(seamShapeProblems('access_code', code)).toEqual([])
    const { workspace_id: _dropped, ...withoutWorkspace } = code
    expect(seamShapeProblems('access_code', withoutWorkspace).join()).toContain('workspace_id')
    expect(seamShapeProblems('access_code', { ...code, status: 'active' }).join()).toContain('/status')
    expect(seamShapeProblems('access_code', { ...code, device_id: 'lock-1' }).join()).toContain('/device_id')
    expect(seamShapeProblems('access_code', { ...code, created_at: 'yesterday' }).join()).toContain('/created_at')
    expect(seamShapeProblems('access_code', { ...code, is_managed: 'yes' }).join()).toContain('/is_managed')
    expect(seamShapeProblems('access_code', { ...code, pin: '9182' }).join()).toContain('/pin')
    expect(() => expectSeamShape('access_code', { ...code, type: 'temporary' })).toThrow(/Not a valid Seam access_code/)

    const attempt = {
      action_attempt_id: code.access_code_id,
      action_type: 'DELETE_ACCESS_CODE',
      status: 'pending',
      result: null,
      error: null,
    }
    expect(seamShapeProblems('action_attempt', attempt)).toEqual([])
    expect(seamShapeProblems('action_attempt', { ...attempt, result: {} }).join()).toContain('/result')
    expect(seamShapeProblems('action_attempt', { ...attempt, action_type: 'REMOVE_CODE' }).join()).toContain(
      'no Seam action_attempt variant',
    )

    expect(seamShapeProblems('pagination', { has_next_page: false, next_page_cursor: null })).not.toEqual([])
    const [event] = await seam.events.list({ since: startedAt, access_code_id: code.access_code_id })
    expect(seamShapeProblems('event', event)).toEqual([])
    expect(seamShapeProblems('event', { ...event, event_type: 'access_code.exploded' })).not.toEqual([])
    const device = await seam.devices.get({ device_id: deviceOf('yale') })
    expect(seamShapeProblems('device', { ...device, device_type: 'garage_door' }).join()).toContain('/device_type')
  })
})
