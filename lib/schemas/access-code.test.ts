import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  createAccessCodeInput,
  createMultipleAccessCodesInput,
  reportDeviceConstraintsInput,
  updateAccessCodeInput,
  updateMultipleAccessCodesInput,
} from '@/lib/schemas/access-code'

const deviceId = '0b6a4c3e-54a4-4f57-9a53-2c1d7b0f2f11'
const otherDeviceId = '6f1f3a55-8a30-4a5e-bb0f-5a1c1b5f7a22'
const accessCodeId = '9d2d2f7e-1c0b-4e0a-8d35-3f5c0b6f9a33'
const start = '2030-05-01T15:00:00Z'
const end = '2030-05-04T11:00:00Z'

/** Paths of the issues a failed parse reports, e.g. ['ends_at']; [] when the input parses. */
function failedPaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input)
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'))
}

function parsed<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (!result.success) throw new Error(`expected ${JSON.stringify(input)} to parse: ${result.error.message}`)
  return result.data
}

describe('createAccessCodeInput: the time window', () => {
  it('accepts no times at all, and both times together', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId })).toEqual([])
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: start, ends_at: end })).toEqual([])
  })

  it('wants ends_at when starts_at is given, and starts_at when ends_at is given', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: start })).toEqual(['ends_at'])
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, ends_at: end })).toEqual(['starts_at'])
  })

  it('wants ends_at after starts_at, and says so on ends_at', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: end, ends_at: start })).toEqual([
      'ends_at',
    ])
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: start, ends_at: start })).toEqual([
      'ends_at',
    ])
    // The same instant written in two offsets is still not "after".
    expect(
      failedPaths(createAccessCodeInput, {
        device_id: deviceId,
        starts_at: '2030-05-01T15:00:00Z',
        ends_at: '2030-05-01T17:00:00+02:00',
      }),
    ).toEqual(['ends_at'])
  })

  it('requires ISO 8601 with an offset, on the field that lacks it', () => {
    expect(
      failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: '2030-05-01T15:00:00', ends_at: end }),
    ).toEqual(['starts_at'])
    expect(
      failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: start, ends_at: '2030-05-04T11:00:00' }),
    ).toEqual(['ends_at'])
    for (const bad of ['2030-05-01', 'May 1 2030 15:00 UTC', '1746111600', 'tomorrow', '2030-13-01T15:00:00Z']) {
      expect(failedPaths(createAccessCodeInput, { device_id: deviceId, starts_at: bad, ends_at: end }), bad).toContain(
        'starts_at',
      )
    }
    const message = createAccessCodeInput.safeParse({
      device_id: deviceId,
      starts_at: '2030-05-01T15:00:00',
      ends_at: end,
    })
    expect(message.success).toBe(false)
    expect(message.error?.issues[0]?.message).toMatch(/offset/)
  })

  it('accepts any offset and normalizes the times to UTC instants', () => {
    const input = parsed(createAccessCodeInput, {
      device_id: deviceId,
      starts_at: '2030-05-01T17:00:00+02:00',
      ends_at: '2030-05-04T07:00:00.000-04:00',
    })
    expect(input.starts_at).toBe('2030-05-01T15:00:00.000Z')
    expect(input.ends_at).toBe('2030-05-04T11:00:00.000Z')
  })
})

describe('createAccessCodeInput: the PIN and the rest', () => {
  it('takes a code made only of digits, 4 to 20 long', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, code: '0482' })).toEqual([])
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, code: '12345678901234567890' })).toEqual([])
    for (const code of ['12a4', '12 34', '+1234', '1234.0', '١٢٣٤', '123', '123456789012345678901', '']) {
      expect(failedPaths(createAccessCodeInput, { device_id: deviceId, code }), code).toContain('code')
    }
  })

  it('wants the code as a string, not a number', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, code: 4821 })).toEqual(['code'])
  })

  it('names a missing or malformed device_id', () => {
    expect(failedPaths(createAccessCodeInput, {})).toEqual(['device_id'])
    expect(failedPaths(createAccessCodeInput, { device_id: 'front-door' })).toEqual(['device_id'])
  })

  it('refuses parameters it does not know', () => {
    const result = createAccessCodeInput.safeParse({ device_id: deviceId, pin: '1234' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys')
  })

  it('keeps preferred_code_length a whole number between 4 and 20', () => {
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, preferred_code_length: 6 })).toEqual([])
    for (const n of [3, 21, 6.5, '6']) {
      expect(failedPaths(createAccessCodeInput, { device_id: deviceId, preferred_code_length: n }), String(n)).toEqual([
        'preferred_code_length',
      ])
    }
  })

  it('knows the max_time_rounding values of the spec', () => {
    for (const value of ['1hour', '1day', '1h', '1d']) {
      expect(failedPaths(createAccessCodeInput, { device_id: deviceId, max_time_rounding: value })).toEqual([])
    }
    expect(failedPaths(createAccessCodeInput, { device_id: deviceId, max_time_rounding: '2h' })).toEqual([
      'max_time_rounding',
    ])
  })
})

describe('createMultipleAccessCodesInput', () => {
  it('applies the same window rules as create', () => {
    const base = { device_ids: [deviceId, otherDeviceId] }
    expect(failedPaths(createMultipleAccessCodesInput, { ...base, starts_at: start })).toEqual(['ends_at'])
    expect(failedPaths(createMultipleAccessCodesInput, { ...base, ends_at: end })).toEqual(['starts_at'])
    expect(failedPaths(createMultipleAccessCodesInput, { ...base, starts_at: end, ends_at: start })).toEqual([
      'ends_at',
    ])
    expect(
      failedPaths(createMultipleAccessCodesInput, { ...base, starts_at: '2030-05-01T15:00:00', ends_at: end }),
    ).toEqual(['starts_at'])
    expect(failedPaths(createMultipleAccessCodesInput, { ...base, code: '12a4' })).toEqual(['code'])
  })

  it('defaults behavior_when_code_cannot_be_shared to throw and knows only the two behaviors', () => {
    expect(parsed(createMultipleAccessCodesInput, { device_ids: [deviceId] }).behavior_when_code_cannot_be_shared).toBe(
      'throw',
    )
    expect(
      parsed(createMultipleAccessCodesInput, {
        device_ids: [deviceId],
        behavior_when_code_cannot_be_shared: 'create_random_code',
      }).behavior_when_code_cannot_be_shared,
    ).toBe('create_random_code')
    expect(
      failedPaths(createMultipleAccessCodesInput, {
        device_ids: [deviceId],
        behavior_when_code_cannot_be_shared: 'skip',
      }),
    ).toEqual(['behavior_when_code_cannot_be_shared'])
  })

  it('wants at least one device, each named once, as UUIDs', () => {
    expect(failedPaths(createMultipleAccessCodesInput, { device_ids: [] })).toEqual(['device_ids'])
    expect(failedPaths(createMultipleAccessCodesInput, { device_ids: [deviceId, deviceId] })).toEqual(['device_ids'])
    expect(failedPaths(createMultipleAccessCodesInput, { device_ids: ['nope'] })).toEqual(['device_ids.0'])
  })

  it('has none of the single-device options (backup pool, offline codes)', () => {
    expect(
      failedPaths(createMultipleAccessCodesInput, { device_ids: [deviceId], use_backup_access_code_pool: true }),
    ).toEqual([''])
    expect(
      failedPaths(createMultipleAccessCodesInput, { device_ids: [deviceId], is_offline_access_code: true }),
    ).toEqual([''])
  })
})

describe('updateAccessCodeInput', () => {
  it('refuses type ongoing together with times, on type', () => {
    expect(
      failedPaths(updateAccessCodeInput, {
        access_code_id: accessCodeId,
        type: 'ongoing',
        starts_at: start,
        ends_at: end,
      }),
    ).toEqual(['type'])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, type: 'ongoing', ends_at: end })).toEqual(
      ['type'],
    )
    expect(
      failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, type: 'ongoing', starts_at: start }),
    ).toEqual(['type'])
  })

  it('accepts type ongoing alone, both times, or a single bound (merged with the stored window later)', () => {
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, type: 'ongoing' })).toEqual([])
    expect(
      failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, starts_at: start, ends_at: end }),
    ).toEqual([])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, ends_at: end })).toEqual([])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, starts_at: start })).toEqual([])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, name: 'Cleaner' })).toEqual([])
  })

  it('wants ends_at after starts_at when both are given', () => {
    expect(
      failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, starts_at: end, ends_at: start }),
    ).toEqual(['ends_at'])
  })

  it('requires offsets and digits like create', () => {
    expect(
      failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, ends_at: '2030-05-04T11:00:00' }),
    ).toEqual(['ends_at'])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, code: '12ab' })).toEqual(['code'])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, type: 'temporary' })).toEqual(['type'])
  })

  it('needs the access_code_id and refuses is_managed: false', () => {
    expect(failedPaths(updateAccessCodeInput, { name: 'x' })).toEqual(['access_code_id'])
    expect(failedPaths(updateAccessCodeInput, { access_code_id: accessCodeId, is_managed: false })).toEqual([
      'is_managed',
    ])
  })
})

describe('updateMultipleAccessCodesInput', () => {
  it('wants a common_code_key; either time may move alone, and given both the end comes after the start', () => {
    expect(failedPaths(updateMultipleAccessCodesInput, { name: 'x' })).toEqual(['common_code_key'])
    expect(failedPaths(updateMultipleAccessCodesInput, { common_code_key: 'k', name: 'x' })).toEqual([])
    // A late checkout moves only the end; the service merges a lone bound with each code's window.
    expect(failedPaths(updateMultipleAccessCodesInput, { common_code_key: 'k', starts_at: start })).toEqual([])
    expect(failedPaths(updateMultipleAccessCodesInput, { common_code_key: 'k', ends_at: end })).toEqual([])
    expect(
      failedPaths(updateMultipleAccessCodesInput, { common_code_key: 'k', starts_at: end, ends_at: start }),
    ).toEqual(['ends_at'])
    expect(
      failedPaths(updateMultipleAccessCodesInput, { common_code_key: 'k', starts_at: start, ends_at: end }),
    ).toEqual([])
  })
})

describe('reportDeviceConstraintsInput', () => {
  it('takes supported_code_lengths, or min_code_length / max_code_length', () => {
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, supported_code_lengths: [4, 6] })).toEqual(
      [],
    )
    expect(
      failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, min_code_length: 4, max_code_length: 8 }),
    ).toEqual([])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, min_code_length: 6 })).toEqual([])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, max_code_length: 6 })).toEqual([])
  })

  it('refuses both kinds at once, and neither', () => {
    expect(
      failedPaths(reportDeviceConstraintsInput, {
        device_id: deviceId,
        supported_code_lengths: [6],
        min_code_length: 4,
      }),
    ).toEqual(['supported_code_lengths'])
    expect(
      failedPaths(reportDeviceConstraintsInput, {
        device_id: deviceId,
        supported_code_lengths: [6],
        max_code_length: 8,
      }),
    ).toEqual(['supported_code_lengths'])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId })).toEqual(['supported_code_lengths'])
  })

  it('keeps lengths whole numbers from 4 to 20 and min not above max', () => {
    expect(
      failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, min_code_length: 8, max_code_length: 6 }),
    ).toEqual(['max_code_length'])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, supported_code_lengths: [3] })).toEqual([
      'supported_code_lengths.0',
    ])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, supported_code_lengths: [21] })).toEqual([
      'supported_code_lengths.0',
    ])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, supported_code_lengths: [] })).toEqual([
      'supported_code_lengths',
    ])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, min_code_length: 4.5 })).toEqual([
      'min_code_length',
    ])
    expect(failedPaths(reportDeviceConstraintsInput, { device_id: deviceId, max_code_length: 21 })).toEqual([
      'max_code_length',
    ])
  })
})
