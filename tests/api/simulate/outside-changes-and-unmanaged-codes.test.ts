// Changes made on the keypad outside Latchkey, and unmanaged codes, produced through the simulate endpoints over HTTP
// and read back through the API.
import { describe, expect, it } from 'vitest'
import {
  SECOND,
  MINUTE,
  DAY,
  type AccessCodeView,
  http,
  seam,
  deviceOf,
  settle,
  advance,
  at,
  createCode,
  getCode,
  stateOf,
  codeEvents,
  actionAttempt,
  deleteUnmanaged,
  failure,
  sdkError,
  codeChangedOnKeypad,
} from '@/tests/support/simulation-api'

describe('changes made on the keypad outside Latchkey', () => {
  it('restores a PIN changed in the maker’s app (code_modified_external_to_seam error while it is being restored)', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()

    expect(await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9999' })).toEqual({
      ok: true,
    })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect((await getCode(id)).code).toBe('615243')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
    expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toEqual([])

    // The lock refuses the first restore: the error is there while Latchkey keeps at it (a Lockly, so that no
    // brand-specific warning joins in).
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '9998' })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['code_modified_external_to_seam'], warnings: [] })
    expect((await getCode(id)).code).toBe('615243')
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.set_on_device',
    ])
  })

  it('keeps an allowed change with a code_modified_external_to_seam warning (is_external_modification_allowed)', async () => {
    const deviceId = deviceOf('smartthings')
    const id = await codeChangedOnKeypad()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: ['code_modified_external_to_seam'] })
    const now = await getCode(id)
    expect(now.code).toBe('9137')
    expect(now.is_external_modification_allowed).toBe(true)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
    ])
    await advance(20 * MINUTE) // later keypad polls find the PIN Latchkey now knows: nothing new
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
    ])

    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: ['code_modified_external_to_seam'] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.modified_external_to_seam',
      'access_code.deleted_external_to_seam',
    ])
  })

  it('puts back a code deleted in the maker’s app, with access_code.deleted_external_to_seam', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    expect(await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })).toEqual({ ok: true })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
    ])

    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 1 })
    await http.ok('/access_codes/simulate/remove_from_keypad', { access_code_id: id })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['code_modified_external_to_seam'], warnings: [] })
    // Not on the keypad now: nothing to change or remove there.
    expect(failure(await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: id }))).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
      'access_code.deleted_external_to_seam',
      'access_code.set_on_device',
    ])
  })

  it('refuses to change a code that is not on the keypad yet', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(DAY),
      ends_at: at(2 * DAY),
    })
    await settle()
    const id = access_code.access_code_id
    expect(
      failure(await http.fail('/access_codes/simulate/modify_on_keypad', { access_code_id: id, code: '975318' })),
    ).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
    expect(failure(await http.fail('/access_codes/simulate/remove_from_keypad', { access_code_id: id }))).toEqual({
      status: 409,
      type: 'access_code_not_on_device',
    })
  })
})

describe('unmanaged codes', () => {
  it('are listed with is_managed false, can be converted to managed, and deleted from the keypad', async () => {
    const deviceId = deviceOf('kwikset')
    const owner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '4826',
      name: 'Owner',
    })
    expect(owner).toMatchObject({ device_id: deviceId, code: '4826', name: 'Owner', is_managed: false, status: 'set' })
    expect(
      await sdkError(
        seam.accessCodes.simulate.createUnmanagedAccessCode({ device_id: deviceId, code: '4826', name: 'Again' }),
      ),
    ).toEqual({
      status: 409,
      type: 'duplicate_access_code',
    })
    const cleaner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '7391',
      name: 'Cleaner',
    })
    await settle()

    const unmanaged = await seam.accessCodes.unmanaged.list({ device_id: deviceId })
    expect(unmanaged.map((c) => [c.code, c.is_managed])).toEqual([
      ['4826', false],
      ['7391', false],
    ])
    expect(await seam.accessCodes.unmanaged.get({ access_code_id: owner.access_code_id })).toMatchObject({
      code: '4826',
      is_managed: false,
    })
    expect(
      (await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/list', { device_id: deviceId })).access_codes,
    ).toEqual([])
    expect(failure(await http.fail('/access_codes/get', { access_code_id: owner.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })

    await seam.accessCodes.unmanaged.convertToManaged({ access_code_id: owner.access_code_id })
    const managed = await http.ok<{ access_codes: AccessCodeView[] }>('/access_codes/list', { device_id: deviceId })
    expect(managed.access_codes.map((c) => [c.access_code_id, c.code, c.is_managed])).toEqual([
      [owner.access_code_id, '4826', true],
    ])
    expect((await seam.accessCodes.unmanaged.list({ device_id: deviceId })).map((c) => c.access_code_id)).toEqual([
      cleaner.access_code_id,
    ])
    await settle()
    expect(await stateOf(owner.access_code_id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(owner.access_code_id, deviceId)).toEqual([
      'access_code.unmanaged.created',
      'access_code.unmanaged.converted_to_managed',
    ])
    // Converted codes are Latchkey's from now on: a change on the keypad is put right.
    await http.ok('/access_codes/simulate/modify_on_keypad', { access_code_id: owner.access_code_id, code: '5555' })
    await settle()
    expect((await getCode(owner.access_code_id)).code).toBe('4826')

    const removal = await deleteUnmanaged(cleaner.access_code_id)
    expect(await sdkError(seam.accessCodes.unmanaged.get({ access_code_id: cleaner.access_code_id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    expect((await actionAttempt(removal.action_attempt_id)).status).toBe('pending')
    await settle()
    expect((await actionAttempt(removal.action_attempt_id)).status).toBe('success')
    expect(await codeEvents(cleaner.access_code_id, deviceId)).toEqual([
      'access_code.unmanaged.created',
      'access_code.unmanaged.removed',
    ])
    expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toEqual([])
  })
})
