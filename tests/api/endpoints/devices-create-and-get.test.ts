// /devices/list, /devices/get, /access_codes/create, generate_code and get through the official SDK, every returned
// object checked against Seam's schemas.
import { describe, expect, it } from 'vitest'
import { expectSeamShape, expectSeamShapes } from '@/tests/support/seam-schemas'
import {
  ROUNDS,
  DEVICE_COUNT,
  seam,
  deviceIds,
  workspaceId,
  deviceOf,
  rawPost,
  field,
  list,
} from '@/tests/support/endpoints-workspace'
import { isJson } from '@/tests/support/http-client'
import { inDays } from '@/tests/support/instants'
import { sdkError } from '@/tests/support/sdk-error'

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
