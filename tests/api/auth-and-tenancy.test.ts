import { Seam, SeamHttpUnauthorizedError } from 'seam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { operations } from '@/lib/api/operations'
import { createApiKey } from '@/lib/auth/api-keys'
import type { Store } from '@/lib/db/connection'
import { systemClock } from '@/lib/time/clock'
import { createWorkspace, type CreatedWorkspace } from '@/lib/workspaces/create-workspace'
import { startTestApiServer, type TestApiServer } from '@/tests/support/api-server'
import { openTestStore } from '@/tests/support/test-store'
import { type Json, isJson } from '@/tests/support/http-client'
import { inDays } from '@/tests/support/instants'
import { sdkError } from '@/tests/support/sdk-error'

// Who may call the API, and that a workspace sees only its own devices, codes, attempts and events.

let store: Store
let server: TestApiServer
let mine: CreatedWorkspace
let theirs: CreatedWorkspace
let seam: Seam
let theirSeam: Seam
const startedAt = new Date(Date.now() - 1000).toISOString()
const UNKNOWN_ID = '0b9e7a35-6f4c-4d8e-9a1b-2c3d4e5f6a7b'

interface Answer {
  status: number
  body: Json
}

/** One request with plain fetch, so the test sees the status and the envelope exactly as sent. */
async function call(
  path: string,
  options: { method?: string; body?: unknown; authorization?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (options.authorization !== null) headers.authorization = options.authorization ?? `Bearer ${mine.api_key}`
  const method = options.method ?? 'POST'
  const response = await fetch(`${server.endpoint}${path}`, {
    method,
    headers,
    body: method === 'GET' ? undefined : JSON.stringify(options.body ?? {}),
  })
  const text = await response.text()
  const body: unknown = text === '' ? {} : JSON.parse(text)
  if (!isJson(body)) throw new Error(`${path} answered with a non-object body: ${text}`)
  return { status: response.status, body }
}

function errorOf(answer: Answer): { type: unknown; message: unknown } {
  expect(answer.body.ok).toBe(false)
  const error = answer.body.error
  if (!isJson(error)) throw new Error(`expected an error envelope, got ${JSON.stringify(answer.body)}`)
  expect(typeof error.message).toBe('string')
  return { type: error.type, message: error.message }
}

/**
 * The status, type and message of a failed request, with the id it names replaced: a request for another
 * workspace's object must answer exactly like one for an id that exists nowhere.
 */
async function notFoundAnswer(
  path: string,
  body: Json,
  idInRequest: string,
): Promise<{ status: number; type: unknown; message: string }> {
  const answer = await call(path, { body })
  const { type, message } = errorOf(answer)
  return { status: answer.status, type, message: String(message).split(idInRequest).join('<id>') }
}

function first<T>(items: readonly T[]): T {
  const item = items[0]
  if (item === undefined) throw new Error('expected at least one item')
  return item
}

let theirDevice: string
let myDevice: string
let theirCodeId: string
let theirBackupCodeId: string
let theirCommonKey: string
let theirAttemptId: string
let theirUnmanagedCodeId: string
let theirUnmanagedAllowsChanges: number

/** The stored flag: Seam's unmanaged code object does not show it, and unmanaged/update is what sets it. */
async function storedModificationFlag(accessCodeId: string): Promise<number> {
  const row = await store.db
    .selectFrom('access_codes')
    .select('is_external_modification_allowed')
    .where('access_code_id', '=', accessCodeId)
    .executeTakeFirstOrThrow()
  return Number(row.is_external_modification_allowed)
}
let theirStayId: string
const THEIR_RESERVATION = 'THEIRS-0001'

beforeAll(async () => {
  store = await openTestStore()
  server = await startTestApiServer({ db: store.db, clock: systemClock })
  // Same brands, same device names: only the workspace tells them apart.
  mine = await createWorkspace(store.db, systemClock, {
    name: 'Mine',
    sandboxDevices: 3,
    propertyName: 'Seaside cottage',
  })
  theirs = await createWorkspace(store.db, systemClock, {
    name: 'Theirs',
    sandboxDevices: 3,
    propertyName: 'Mountain lodge',
  })
  seam = new Seam({ endpoint: server.endpoint, apiKey: mine.api_key })
  theirSeam = new Seam({ endpoint: server.endpoint, apiKey: theirs.api_key })
  myDevice = first(mine.device_ids)
  theirDevice = first(theirs.device_ids) // August: has a backup pool

  const theirCode = await call('/access_codes/create', {
    authorization: `Bearer ${theirs.api_key}`,
    body: {
      device_id: theirDevice,
      name: 'Their guest',
      code: '4711',
      starts_at: inDays(1),
      ends_at: inDays(2),
      use_backup_access_code_pool: true,
    },
  })
  expect(theirCode.status).toBe(200)
  const code = theirCode.body.access_code
  const attempt = theirCode.body.action_attempt
  if (!isJson(code) || !isJson(attempt)) throw new Error('create answered without access_code / action_attempt')
  theirCodeId = String(code.access_code_id)
  theirAttemptId = String(attempt.action_attempt_id)
  theirBackupCodeId = (await theirSeam.accessCodes.pullBackupAccessCode({ access_code_id: theirCodeId })).access_code_id
  const linked = await theirSeam.accessCodes.createMultiple({
    device_ids: theirs.device_ids.slice(0, 2),
    name: 'Their family',
  })
  theirCommonKey = String(first(linked).common_code_key)
  const unmanaged = await call('/access_codes/simulate/create_unmanaged_access_code', {
    authorization: `Bearer ${theirs.api_key}`,
    body: { device_id: theirDevice, code: '7319', name: 'Their old code' },
  })
  expect(unmanaged.status, JSON.stringify(unmanaged.body)).toBe(200)
  if (!isJson(unmanaged.body.access_code)) throw new Error('create_unmanaged_access_code answered without access_code')
  theirUnmanagedCodeId = String(unmanaged.body.access_code.access_code_id)
  theirUnmanagedAllowsChanges = await storedModificationFlag(theirUnmanagedCodeId)
  const stay = await call('/stays/create', {
    authorization: `Bearer ${theirs.api_key}`,
    body: {
      reservation_key: THEIR_RESERVATION,
      guest_name: 'Their guest',
      device_ids: theirs.device_ids.slice(0, 2),
      check_in: inDays(3),
      check_out: inDays(5),
    },
  })
  expect(stay.status, JSON.stringify(stay.body)).toBe(200)
  if (!isJson(stay.body.stay)) throw new Error('/stays/create answered without stay')
  theirStayId = String(stay.body.stay.stay_id)
})

afterAll(async () => {
  await server?.close()
  await store?.close()
})

describe('authentication', () => {
  const reads = ['/devices/list', '/access_codes/list']

  it('answers 401 unauthorized in the error envelope without an Authorization header', async () => {
    const answer = await call('/devices/list', { authorization: null })
    expect(answer.status).toBe(401)
    expect(errorOf(answer).type).toBe('unauthorized')
  })

  it('answers 401 unauthorized for a wrong seam_ key, a key without the seam_ prefix, and other schemes', async () => {
    const wrongKeys = [
      'Bearer seam_thisKeyWasNeverIssuedByLatchkey0000',
      `Bearer ${mine.api_key}x`,
      `Bearer ${mine.api_key.slice('seam_'.length)}`,
      'Bearer sk_live_0123456789abcdef',
      `Basic ${Buffer.from(`${mine.api_key}:`).toString('base64')}`,
      mine.api_key,
      'Bearer',
      '',
    ]
    for (const authorization of wrongKeys) {
      for (const path of reads) {
        const answer = await call(path, { authorization, body: { device_id: myDevice } })
        expect({ authorization, path, status: answer.status }).toEqual({ authorization, path, status: 401 })
        expect(errorOf(answer).type).toBe('unauthorized')
      }
    }
  })

  it('answers 401 on every endpoint before looking at the input', async () => {
    for (const operation of operations) {
      const method = operation.methods.includes('POST') ? 'POST' : (operation.methods[0] ?? 'POST')
      const answer = await call(operation.path, {
        method,
        authorization: 'Bearer seam_wrong',
        body: { device_id: 'not-a-uuid' },
      })
      expect({ path: operation.path, status: answer.status }).toEqual({ path: operation.path, status: 401 })
      expect(errorOf(answer).type).toBe('unauthorized')
    }
  })

  it("answers 401 for a revoked key, while the workspace's other keys keep working", async () => {
    const extra = await createApiKey(store.db, systemClock, mine.workspace_id, 'To revoke')
    expect((await call('/devices/list', { authorization: `Bearer ${extra.api_key}` })).status).toBe(200)
    await store.db
      .updateTable('api_keys')
      .set({ revoked_at: new Date().toISOString() })
      .where('api_key_id', '=', extra.api_key_id)
      .execute()
    const answer = await call('/devices/list', { authorization: `Bearer ${extra.api_key}` })
    expect(answer.status).toBe(401)
    expect(errorOf(answer).type).toBe('unauthorized')
    expect((await call('/devices/list')).status).toBe(200)
  })

  it('the SDK sees a wrong key as SeamHttpUnauthorizedError (401)', async () => {
    const stranger = new Seam({ endpoint: server.endpoint, apiKey: 'seam_thisKeyWasNeverIssuedByLatchkey0000' })
    const error = await sdkError(stranger.devices.list())
    expect(error).toBeInstanceOf(SeamHttpUnauthorizedError)
    expect(error.statusCode).toBe(401)
    expect(error.code).toBe('unauthorized')
  })

  it('a key with the right workspace reads that workspace', async () => {
    const devices = await seam.devices.list()
    expect(devices.map((d) => d.device_id).sort()).toEqual([...mine.device_ids].sort())
  })
})

describe("tenancy: another workspace's device answers like an unknown one", () => {
  const deviceCases: { path: string; body: (deviceId: string) => Json }[] = [
    { path: '/devices/get', body: (id) => ({ device_id: id }) },
    { path: '/access_codes/list', body: (id) => ({ device_id: id }) },
    { path: '/access_codes/create', body: (id) => ({ device_id: id, code: '8642' }) },
    { path: '/access_codes/create_multiple', body: (id) => ({ device_ids: [id] }) },
    { path: '/access_codes/generate_code', body: (id) => ({ device_id: id }) },
    { path: '/access_codes/report_device_constraints', body: (id) => ({ device_id: id, supported_code_lengths: [6] }) },
    { path: '/access_codes/pending_removals/list', body: (id) => ({ device_id: id }) },
    { path: '/access_codes/create_multiple/check', body: (id) => ({ device_ids: [id], code: '8642' }) },
  ]

  for (const { path, body } of deviceCases) {
    it(`${path}: 404 device_not_found, same as an unknown id`, async () => {
      const foreign = await notFoundAnswer(path, body(theirDevice), theirDevice)
      const unknown = await notFoundAnswer(path, body(UNKNOWN_ID), UNKNOWN_ID)
      expect(foreign).toEqual({ status: 404, type: 'device_not_found', message: foreign.message })
      expect(foreign).toEqual(unknown)
    })
  }

  it('/stays/create on their lock answers exactly as on a lock that exists nowhere', async () => {
    const stayOn = (deviceId: string): Json => ({
      reservation_key: 'MINE-0001',
      guest_name: 'Hijacker',
      device_ids: [deviceId],
      check_in: inDays(3),
      check_out: inDays(4),
    })
    const foreign = await notFoundAnswer('/stays/create', stayOn(theirDevice), theirDevice)
    const unknown = await notFoundAnswer('/stays/create', stayOn(UNKNOWN_ID), UNKNOWN_ID)
    expect(foreign).toEqual(unknown)
    expect((await call('/stays/list', { body: { search: 'MINE-0001' } })).body.stays).toEqual([])
  })

  it('create_multiple naming my device and theirs creates nothing on mine', async () => {
    const before = await seam.accessCodes.list({ device_id: myDevice })
    const error = await sdkError(seam.accessCodes.createMultiple({ device_ids: [myDevice, theirDevice], code: '9753' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
    expect(await seam.accessCodes.list({ device_id: myDevice })).toHaveLength(before.length)
  })

  it('their device is untouched by my failed writes', async () => {
    const device = await theirSeam.devices.get({ device_id: theirDevice })
    expect(device.properties.supported_code_lengths).toEqual([4, 5, 6, 7, 8])
    const codes = await theirSeam.accessCodes.list({ device_id: theirDevice })
    expect(codes.map((c) => c.code)).not.toContain('8642')
  })

  it('devices/list leaves out their devices, whatever the filter', async () => {
    expect((await seam.devices.list()).map((d) => d.workspace_id)).toEqual(mine.device_ids.map(() => mine.workspace_id))
    expect(await seam.devices.list({ device_ids: [theirDevice] })).toEqual([])
    expect(await seam.devices.list({ search: 'Mountain lodge' })).toEqual([])
    expect(await seam.devices.list({ search: theirDevice })).toEqual([])
    expect(await seam.devices.list({ space_id: theirs.property_id })).toEqual([])
  })

  it('devices/get by name finds my device, not their identically named one', async () => {
    const theirsNamed = await theirSeam.devices.get({ device_id: theirDevice })
    const byName = await seam.devices.get({ name: theirsNamed.display_name })
    expect(byName.device_id).toBe(myDevice)
  })

  it('a list they have cached is not served to me', async () => {
    // Their list of their device is now in the serialized-list cache; my request for it must still be a 404.
    expect((await theirSeam.accessCodes.list({ device_id: theirDevice })).length).toBeGreaterThan(0)
    const error = await sdkError(seam.accessCodes.list({ device_id: theirDevice }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('device_not_found')
  })
})

describe("tenancy: another workspace's access code answers like an unknown one", () => {
  const codeCases: { path: string; body: (codeId: string) => Json }[] = [
    { path: '/access_codes/get', body: (id) => ({ access_code_id: id }) },
    { path: '/access_codes/update', body: (id) => ({ access_code_id: id, name: 'Hijacked' }) },
    { path: '/access_codes/update', body: (id) => ({ access_code_id: id, code: '1593' }) },
    { path: '/access_codes/delete', body: (id) => ({ access_code_id: id }) },
    { path: '/access_codes/pull_backup_access_code', body: (id) => ({ access_code_id: id }) },
  ]

  for (const { path, body } of codeCases) {
    it(`${path} ${Object.keys(body('x')).join(', ')}: 404 access_code_not_found, same as an unknown id`, async () => {
      const foreign = await notFoundAnswer(path, body(theirCodeId), theirCodeId)
      const unknown = await notFoundAnswer(path, body(UNKNOWN_ID), UNKNOWN_ID)
      expect(foreign).toEqual({ status: 404, type: 'access_code_not_found', message: foreign.message })
      expect(foreign).toEqual(unknown)
    })
  }

  it('their pulled backup code is not mine to get either', async () => {
    const error = await sdkError(seam.accessCodes.get({ access_code_id: theirBackupCodeId }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('access_code_not_found')
  })

  it('get by device_id and code does not find their code', async () => {
    const error = await sdkError(seam.accessCodes.get({ device_id: theirDevice, code: '4711' }))
    expect(error.statusCode).toBe(404)
    expect(error.code).toBe('access_code_not_found')
    // The same PIN on my own device is free for me.
    const mineWithSamePin = await seam.accessCodes.create({ device_id: myDevice, code: '4711' })
    expect(mineWithSamePin.code).toBe('4711')
    const found = await seam.accessCodes.get({ device_id: myDevice, code: '4711' })
    expect(found.access_code_id).toBe(mineWithSamePin.access_code_id)
  })

  it('list by access_code_ids leaves their codes out', async () => {
    expect(await seam.accessCodes.list({ access_code_ids: [theirCodeId, theirBackupCodeId] })).toEqual([])
  })

  it('update_multiple with their common_code_key: 404 access_code_not_found, same as an unknown key', async () => {
    const foreign = await notFoundAnswer(
      '/access_codes/update_multiple',
      { common_code_key: theirCommonKey, name: 'Hijacked' },
      theirCommonKey,
    )
    const unknown = await notFoundAnswer(
      '/access_codes/update_multiple',
      { common_code_key: 'never-issued', name: 'Hijacked' },
      'never-issued',
    )
    expect(foreign).toEqual({ status: 404, type: 'access_code_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
  })

  it('create with their common_code_key does not join their group or learn their PIN', async () => {
    const theirLinked = await theirSeam.accessCodes.list({ device_id: theirs.device_ids[0] ?? '' })
    const theirPin = theirLinked.find((c) => c.common_code_key === theirCommonKey)?.code
    if (theirPin === undefined || theirPin === null) throw new Error('their linked code is missing')
    // Within one workspace a common_code_key forces the group's PIN; across workspaces it must not.
    const myPin = theirPin === '2580' ? '2581' : '2580'
    const created = await seam.accessCodes.create({ device_id: myDevice, common_code_key: theirCommonKey, code: myPin })
    expect(created.code).toBe(myPin)
    const generated = await seam.accessCodes.create({
      device_id: mine.device_ids[1] ?? '',
      common_code_key: theirCommonKey,
    })
    expect(generated.code).toBe(myPin)
    const theirGroup = await theirSeam.accessCodes.list({ device_id: theirs.device_ids[0] ?? '' })
    expect(theirGroup.filter((c) => c.common_code_key === theirCommonKey).map((c) => c.code)).toEqual([theirPin])
  })

  it('their code is untouched by my failed writes', async () => {
    const code = await theirSeam.accessCodes.get({ access_code_id: theirCodeId })
    expect(code).toMatchObject({ name: 'Their guest', code: '4711', type: 'time_bound' })
    const linked = await theirSeam.accessCodes.list({ device_id: theirs.device_ids[1] ?? '' })
    expect(linked.filter((c) => c.common_code_key === theirCommonKey).map((c) => c.name)).toEqual(['Their family'])
  })
})

describe("tenancy: another workspace's unmanaged code answers like an unknown one", () => {
  const unmanagedCases: { path: string; body: (codeId: string) => Json }[] = [
    { path: '/access_codes/unmanaged/get', body: (id) => ({ access_code_id: id }) },
    {
      path: '/access_codes/unmanaged/update',
      body: (id) => ({ access_code_id: id, is_managed: false, is_external_modification_allowed: true }),
    },
    { path: '/access_codes/unmanaged/update', body: (id) => ({ access_code_id: id, is_managed: true }) },
    { path: '/access_codes/unmanaged/convert_to_managed', body: (id) => ({ access_code_id: id }) },
    { path: '/access_codes/unmanaged/delete', body: (id) => ({ access_code_id: id }) },
  ]

  for (const { path, body } of unmanagedCases) {
    it(`${path} ${Object.keys(body('x')).join(', ')}: 404 access_code_not_found, same as an unknown id`, async () => {
      const foreign = await notFoundAnswer(path, body(theirUnmanagedCodeId), theirUnmanagedCodeId)
      const unknown = await notFoundAnswer(path, body(UNKNOWN_ID), UNKNOWN_ID)
      expect(foreign).toEqual({ status: 404, type: 'access_code_not_found', message: foreign.message })
      expect(foreign).toEqual(unknown)
    })
  }

  it('unmanaged/get by their device and PIN: 404, same as an unknown device', async () => {
    const foreign = await notFoundAnswer(
      '/access_codes/unmanaged/get',
      { device_id: theirDevice, code: '7319' },
      theirDevice,
    )
    const unknown = await notFoundAnswer(
      '/access_codes/unmanaged/get',
      { device_id: UNKNOWN_ID, code: '7319' },
      UNKNOWN_ID,
    )
    expect(foreign.status).toBe(404)
    expect(foreign).toEqual(unknown)
  })

  it('unmanaged/list leaves their codes out, whatever the filter', async () => {
    for (const search of ['7319', 'Their old code']) {
      const bySearch = await call('/access_codes/unmanaged/list', { body: { search } })
      expect(bySearch.status).toBe(200)
      expect(JSON.stringify(bySearch.body)).not.toContain(theirUnmanagedCodeId)
    }
    const foreign = await notFoundAnswer('/access_codes/unmanaged/list', { device_id: theirDevice }, theirDevice)
    const unknown = await notFoundAnswer('/access_codes/unmanaged/list', { device_id: UNKNOWN_ID }, UNKNOWN_ID)
    expect(foreign).toEqual({ status: 404, type: 'device_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
  })

  it('their unmanaged code is untouched by my failed writes', async () => {
    const answer = await call('/access_codes/unmanaged/get', {
      authorization: `Bearer ${theirs.api_key}`,
      body: { access_code_id: theirUnmanagedCodeId },
    })
    expect(answer.status).toBe(200)
    expect(answer.body.access_code).toMatchObject({
      code: '7319',
      is_managed: false,
    })
    expect(await storedModificationFlag(theirUnmanagedCodeId)).toBe(theirUnmanagedAllowsChanges)
    expect(theirUnmanagedAllowsChanges).toBe(0)
  })
})

describe("tenancy: another workspace's stay answers like an unknown one", () => {
  const stayCases: { path: string; body: (stayId: string) => Json }[] = [
    { path: '/stays/get', body: (id) => ({ stay_id: id }) },
    { path: '/stays/update', body: (id) => ({ stay_id: id, guest_name: 'Hijacked' }) },
    { path: '/stays/update', body: (id) => ({ stay_id: id, dry_run: true, code: '1593' }) },
    { path: '/stays/delete', body: (id) => ({ stay_id: id }) },
    { path: '/stays/delete', body: (id) => ({ stay_id: id, dry_run: true }) },
  ]

  for (const { path, body } of stayCases) {
    it(`${path} ${Object.keys(body('x')).join(', ')}: 404 stay_not_found, same as an unknown id`, async () => {
      const foreign = await notFoundAnswer(path, body(theirStayId), theirStayId)
      const unknown = await notFoundAnswer(path, body(UNKNOWN_ID), UNKNOWN_ID)
      expect(foreign).toEqual({ status: 404, type: 'stay_not_found', message: foreign.message })
      expect(foreign).toEqual(unknown)
    })
  }

  it('stays/get by their reservation_key: 404 stay_not_found, same as an unknown key', async () => {
    const foreign = await notFoundAnswer('/stays/get', { reservation_key: THEIR_RESERVATION }, THEIR_RESERVATION)
    const unknown = await notFoundAnswer('/stays/get', { reservation_key: 'NEVER-ISSUED' }, 'NEVER-ISSUED')
    expect(foreign).toEqual({ status: 404, type: 'stay_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
  })

  it('stays/list leaves their stays out, whatever the filter', async () => {
    for (const filter of [{}, { search: THEIR_RESERVATION }, { search: 'Their guest' }]) {
      const answer = await call('/stays/list', { body: filter })
      expect(answer.status).toBe(200)
      expect(JSON.stringify(answer.body)).not.toContain(theirStayId)
    }
    for (const [key, foreignId] of [
      ['device_id', theirDevice],
      ['property_id', theirs.property_id],
    ] as const) {
      const foreign = await call('/stays/list', { body: { [key]: foreignId } })
      const unknown = await call('/stays/list', { body: { [key]: UNKNOWN_ID } })
      expect({ key, status: foreign.status }).toEqual({ key, status: unknown.status })
      expect(JSON.stringify(foreign.body).split(foreignId).join('<id>')).toBe(
        JSON.stringify(unknown.body).split(UNKNOWN_ID).join('<id>'),
      )
    }
  })

  it('their reservation_key is free in my workspace: a stay of mine may use it', async () => {
    const mineWithTheirKey = await call('/stays/create', {
      body: {
        reservation_key: THEIR_RESERVATION,
        guest_name: 'My guest',
        device_ids: [myDevice],
        check_in: inDays(3),
        check_out: inDays(4),
        dry_run: true,
      },
    })
    expect(mineWithTheirKey.status, JSON.stringify(mineWithTheirKey.body)).toBe(200)
  })

  it('their stay is untouched by my failed writes', async () => {
    const answer = await call('/stays/get', {
      authorization: `Bearer ${theirs.api_key}`,
      body: { stay_id: theirStayId },
    })
    expect(answer.status).toBe(200)
    expect(answer.body.stay).toMatchObject({ guest_name: 'Their guest', reservation_key: THEIR_RESERVATION })
    expect(JSON.stringify(answer.body.stay)).not.toContain('cancelled_at":"')
  })
})

describe('tenancy: pending removals and the bulk check', () => {
  it('pending_removals/list of their device shows nothing of theirs, same answer as an unknown device', async () => {
    // Their code is deleted and on its way off their lock: only they may see it there.
    const deleted = await call('/access_codes/delete', {
      authorization: `Bearer ${theirs.api_key}`,
      body: { access_code_id: theirBackupCodeId },
    })
    expect(deleted.status).toBe(200)
    const theirView = await call('/access_codes/pending_removals/list', {
      authorization: `Bearer ${theirs.api_key}`,
      body: { device_id: theirDevice },
    })
    expect(JSON.stringify(theirView.body)).toContain(theirBackupCodeId)
    const foreign = await notFoundAnswer('/access_codes/pending_removals/list', { device_id: theirDevice }, theirDevice)
    const unknown = await notFoundAnswer('/access_codes/pending_removals/list', { device_id: UNKNOWN_ID }, UNKNOWN_ID)
    expect(foreign).toEqual({ status: 404, type: 'device_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
  })

  it('create_multiple/check naming my device and theirs tells me nothing about theirs', async () => {
    const answer = await call('/access_codes/create_multiple/check', { body: { device_ids: [myDevice, theirDevice] } })
    expect(answer.status).toBe(404)
    expect(errorOf(answer).type).toBe('device_not_found')
    expect(JSON.stringify(answer.body)).not.toContain('Mountain lodge')
  })
})

describe('tenancy: action attempts and events', () => {
  it('their action attempt answers 404 action_attempt_not_found, same as an unknown id', async () => {
    const foreign = await notFoundAnswer('/action_attempts/get', { action_attempt_id: theirAttemptId }, theirAttemptId)
    const unknown = await notFoundAnswer('/action_attempts/get', { action_attempt_id: UNKNOWN_ID }, UNKNOWN_ID)
    expect(foreign).toEqual({ status: 404, type: 'action_attempt_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
    const theirOwn = await theirSeam.actionAttempts.get(
      { action_attempt_id: theirAttemptId },
      { waitForActionAttempt: false },
    )
    expect(theirOwn.action_attempt_id).toBe(theirAttemptId)
  })

  it('events/list shows only my events, whatever the filter', async () => {
    const events = await seam.events.list({ since: startedAt })
    expect(events.length).toBeGreaterThan(0)
    expect(events.every((e) => e.workspace_id === mine.workspace_id)).toBe(true)
    expect(await seam.events.list({ since: startedAt, device_id: theirDevice })).toEqual([])
    expect(await seam.events.list({ since: startedAt, access_code_id: theirCodeId })).toEqual([])
    expect(await seam.events.list({ since: startedAt, space_id: theirs.property_id })).toEqual([])
    const theirEvents = await theirSeam.events.list({ since: startedAt, access_code_id: theirCodeId })
    expect(theirEvents.length).toBeGreaterThan(0)
  })

  it('events/get of their event answers 404 event_not_found, same as an unknown id', async () => {
    const theirEvent = first(await theirSeam.events.list({ since: startedAt, access_code_id: theirCodeId }))
    const foreign = await notFoundAnswer('/events/get', { event_id: theirEvent.event_id }, theirEvent.event_id)
    const unknown = await notFoundAnswer('/events/get', { event_id: UNKNOWN_ID }, UNKNOWN_ID)
    expect(foreign).toEqual({ status: 404, type: 'event_not_found', message: foreign.message })
    expect(foreign).toEqual(unknown)
    const byDevice = await sdkError(seam.events.get({ device_id: theirDevice }))
    expect(byDevice.statusCode).toBe(404)
    expect(byDevice.code).toBe('event_not_found')
  })
})
