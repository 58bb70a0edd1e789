// /access_codes/pull_backup_access_code, report_device_constraints, /events/list and /events/get through the official
// SDK, and the Seam schema check the other endpoint files rely on.
import { beforeAll, describe, expect, it } from 'vitest'
import { expectSeamShape, expectSeamShapes, seamShapeProblems } from '@/tests/support/seam-schemas'
import { seam, workspaceId, startedAt, deviceOf, rawPost, field, clock } from '@/tests/support/endpoints-workspace'
import { inDays } from '@/tests/support/instants'
import { sdkError } from '@/tests/support/sdk-error'

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

  beforeAll(async () => {
    deviceId = deviceOf('ttlock')
    const created = await seam.accessCodes.create({ device_id: deviceId, name: 'Evented', code: '192837' })
    codeId = created.access_code_id
    clock.advance(1_000)
    afterCreate = clock.now().toISOString()
    clock.advance(1_000)
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
