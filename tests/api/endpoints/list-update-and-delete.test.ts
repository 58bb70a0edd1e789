// /access_codes/list, update, create_multiple, update_multiple, delete and /action_attempts/get through the official
// SDK, every returned object checked against Seam's schemas.
import { beforeAll, describe, expect, it } from 'vitest'
import { expectSeamShape, expectSeamShapes } from '@/tests/support/seam-schemas'
import { seam, deviceOf, rawPost, field, list } from '@/tests/support/endpoints-workspace'
import { isJson } from '@/tests/support/http-client'
import { inDays } from '@/tests/support/instants'
import { sdkError } from '@/tests/support/sdk-error'

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
    // Not yale's second lock: the /access_codes/list tests above expect exactly their own codes on it.
    const devices = [deviceOf('igloohome', 1), deviceOf('lockly', 1)]
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
    // No reconciler runs here: the lock side has not taken the code off yet.
    expect(attempt).toMatchObject({ action_type: 'DELETE_ACCESS_CODE', status: 'pending', error: null })

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
