// What a full keypad, a refused PIN and failing lock operations cause, produced through the simulate endpoints over
// HTTP and read back through the API.
import { describe, expect, it } from 'vitest'
import { describeIssue } from '@/lib/shared/issue-catalogue'
import {
  SECOND,
  HOUR,
  DAY,
  http,
  seam,
  deviceOf,
  profileOf,
  settle,
  advance,
  at,
  createCode,
  stateOf,
  codeEvents,
  actionAttempt,
  deleteCode,
  deleteUnmanaged,
  failure,
  sdkError,
} from '@/tests/support/simulation-api'

describe('a full keypad', () => {
  it.each([
    { provider: 'lockly', errorCode: 'no_space_for_access_code_on_device' },
    { provider: 'smartthings', errorCode: 'smartthings_no_free_slots_available' },
  ])(
    '$provider: $errorCode with access_code.failed_to_set_on_device, cleared once an unmanaged code is deleted',
    async ({ provider, errorCode }) => {
      const deviceId = deviceOf(provider)
      const slots = profileOf(provider).maxActiveCodes
      const filled = await http.ok<{ codes_added: number }>('/devices/simulate/fill_keypad', { device_id: deviceId })
      expect(filled.codes_added).toBe(slots)
      expect(
        (await http.ok<{ codes_added: number }>('/devices/simulate/fill_keypad', { device_id: deviceId })).codes_added,
      ).toBe(0)
      const unmanaged = await seam.accessCodes.unmanaged.list({ device_id: deviceId })
      expect(unmanaged).toHaveLength(slots)
      expect(unmanaged.every((c) => c.is_managed === false && c.status === 'set')).toBe(true)

      // No PIN given: Latchkey picks one that no code on the lock holds.
      const { access_code, action_attempt } = await createCode({ device_id: deviceId, name: 'New guest' })
      const id = access_code.access_code_id
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])
      // The create has failed (the code stays, and is retried): its action attempt ends with the error.
      expect(await actionAttempt(action_attempt.action_attempt_id)).toMatchObject({
        status: 'error',
        error: { type: errorCode, message: describeIssue('error', errorCode).message },
      })
      await advance(5 * SECOND) // the retry finds the keypad still full: same error, no second event
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

      const oldest = unmanaged[0]
      if (oldest === undefined) throw new Error('no unmanaged code')
      const removal = await deleteUnmanaged(oldest.access_code_id)
      expect(await sdkError(seam.accessCodes.unmanaged.get({ access_code_id: oldest.access_code_id }))).toEqual({
        status: 404,
        type: 'access_code_not_found',
      })
      await settle()
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual([
        'access_code.created',
        'access_code.failed_to_set_on_device',
        'access_code.set_on_device',
      ])
      expect((await actionAttempt(removal.action_attempt_id)).status).toBe('success')
      // An attempt that ended stays as it ended; the code's status tells the rest.
      expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('error')
      expect(await codeEvents(oldest.access_code_id, deviceId)).toEqual([
        'access_code.unmanaged.created',
        'access_code.unmanaged.removed',
      ])
      expect(await seam.accessCodes.unmanaged.list({ device_id: deviceId })).toHaveLength(slots - 1)
    },
  )
})

describe('a lock refusing the PIN', () => {
  it('gives duplicate_code_on_device when an unmanaged code holds the PIN of a time-bound code not yet programmed', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(DAY),
    })
    const id = access_code.access_code_id
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })

    const owner = await seam.accessCodes.simulate.createUnmanagedAccessCode({
      device_id: deviceId,
      code: '615243',
      name: 'Owner',
    })
    expect(owner).toMatchObject({ code: '615243', is_managed: false, status: 'set', device_id: deviceId })
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'unset', errors: [], warnings: [] })

    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'setting', errors: ['duplicate_code_on_device'], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])

    await deleteUnmanaged(owner.access_code_id)
    await settle()
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.failed_to_set_on_device',
      'access_code.set_on_device',
    ])
  })
})

describe('a lock failing operations', () => {
  it.each([
    { provider: 'lockly', code: '615243', errorCode: 'failed_to_set_on_device', warnings: [] },
    {
      provider: 'smartthings',
      code: '4821',
      errorCode: 'smartthings_failed_to_set_after_multiple_retries',
      warnings: ['smartthings_failed_to_set_access_code'],
    },
  ])(
    '$provider: $errorCode after three failed attempts 5 s and 10 s apart, cleared by the 4th 20 s later',
    async ({ provider, code, errorCode, warnings }) => {
      const deviceId = deviceOf(provider)
      expect(await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, set: 3 })).toEqual({
        ok: true,
      })
      const { access_code, action_attempt } = await createCode({ device_id: deviceId, code })
      const id = access_code.access_code_id
      await settle() // attempt 1
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      await advance(5 * SECOND) // attempt 2
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      await advance(10 * SECOND - 1)
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [], warnings })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created'])
      await advance(1) // attempt 3
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings })
      expect(await codeEvents(id, deviceId)).toEqual(['access_code.created', 'access_code.failed_to_set_on_device'])
      expect(await actionAttempt(action_attempt.action_attempt_id)).toMatchObject({
        status: 'error',
        error: { type: errorCode, message: describeIssue('error', errorCode).message },
      })
      await advance(20 * SECOND - 1)
      expect(await stateOf(id)).toEqual({ status: 'setting', errors: [errorCode], warnings })
      await advance(1) // attempt 4: the lock takes it
      expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
      expect(await codeEvents(id, deviceId)).toEqual([
        'access_code.created',
        'access_code.failed_to_set_on_device',
        'access_code.set_on_device',
      ])
      expect((await actionAttempt(action_attempt.action_attempt_id)).status).toBe('error')
    },
  )

  it('gives access_code.failed_to_remove_from_device and ends the delete in error when removals keep failing, and removes the code after', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({ device_id: deviceId, code: '615243' })
    const id = access_code.access_code_id
    await settle()
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 3 })
    const attempt = await deleteCode(id)
    await settle()
    await advance(5 * SECOND)
    await advance(10 * SECOND - 1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
    ])
    await advance(1)
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.failed_to_remove_from_device',
    ])
    expect(await actionAttempt(attempt.action_attempt_id)).toMatchObject({
      status: 'error',
      error: {
        type: 'failed_to_remove_from_device',
        message: describeIssue('error', 'failed_to_remove_from_device').message,
      },
    })
    await advance(20 * SECOND)
    expect((await actionAttempt(attempt.action_attempt_id)).status).toBe('error')
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.deleted',
      'access_code.failed_to_remove_from_device',
      'access_code.removed_from_device',
    ])
  })

  it('shows failed_to_remove_from_device on a code whose stay ended while removals fail', async () => {
    const deviceId = deviceOf('lockly')
    const { access_code } = await createCode({
      device_id: deviceId,
      code: '615243',
      starts_at: at(HOUR),
      ends_at: at(2 * HOUR),
    })
    const id = access_code.access_code_id
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'set', errors: [], warnings: [] })
    await http.ok('/devices/simulate/fail_next_operations', { device_id: deviceId, remove: 3 })
    await advance(HOUR)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: [], warnings: [] })
    await advance(5 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: [], warnings: [] })
    await advance(10 * SECOND)
    expect(await stateOf(id)).toEqual({ status: 'removing', errors: ['failed_to_remove_from_device'], warnings: [] })
    await advance(20 * SECOND)
    expect(failure(await http.fail('/access_codes/get', { access_code_id: id }))).toEqual({
      status: 404,
      type: 'access_code_not_found',
    })
    expect(await codeEvents(id, deviceId)).toEqual([
      'access_code.created',
      'access_code.set_on_device',
      'access_code.failed_to_remove_from_device',
      'access_code.removed_from_device',
      'access_code.deleted',
    ])
  })
})
