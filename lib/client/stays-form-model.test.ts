import { describe, expect, it } from 'vitest'
import { ApiClientError } from '@/lib/client/api-client'
import {
  applyStayErrorToForm,
  emptyStayFormValues,
  problemsOfError,
  stayFormSchema,
  toCreateStayBody,
  type StayFormValues,
} from '@/lib/client/stays-form-model'

const LODGE = '11111111-1111-4111-8111-111111111111'
const FRONT = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa'
const zones: Record<string, string> = { [LODGE]: 'America/Denver' }
const now = () => new Date('2026-03-01T00:00:00.000Z')
const schema = stayFormSchema((id) => zones[id], now)

const filled: StayFormValues = {
  propertyId: LODGE,
  deviceIds: [FRONT],
  guestName: '  Ada Smith ',
  reservationKey: 'HMA-1042',
  checkIn: '2026-03-06T15:00',
  checkOut: '2026-03-08T11:00',
  code: '',
}

const messages = (values: StayFormValues): Record<string, string[]> => {
  const result = schema.safeParse(values)
  if (result.success) return {}
  const out: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.join('.')
    out[key] = [...(out[key] ?? []), issue.message]
  }
  return out
}

describe('the new-stay form', () => {
  it('accepts a filled form and sends the times as instants of the property’s zone', () => {
    const parsed = schema.parse(filled)
    expect(toCreateStayBody(parsed, 'America/Denver', true)).toEqual({
      reservation_key: 'HMA-1042',
      guest_name: 'Ada Smith',
      property_id: LODGE,
      device_ids: [FRONT],
      check_in: '2026-03-06T22:00:00.000Z',
      // The 8th is daylight time in Denver.
      check_out: '2026-03-08T17:00:00.000Z',
      dry_run: true,
    })
    expect(toCreateStayBody(schema.parse({ ...filled, code: ' 4821 ' }), 'America/Denver', false)).toMatchObject({
      code: '4821',
      dry_run: false,
    })
  })

  it('puts each missing value on its field', () => {
    expect(messages({ ...emptyStayFormValues(LODGE) })).toEqual({
      deviceIds: ['Choose at least one door.'],
      guestName: ['Enter the guest’s name.'],
      reservationKey: ['Enter the reservation’s key, e.g. its number in your booking system.'],
      checkIn: ['Choose the check-in date and time.'],
      checkOut: ['Choose the check-out date and time.'],
    })
  })

  it('keeps the API’s own limits on names and PINs', () => {
    const result = messages({ ...filled, guestName: 'x'.repeat(201), code: '12a' })
    expect(result.guestName).toEqual(['must be at most 200 characters'])
    expect(result.code?.[0]).toMatch(/^Must contain only digits 0-9\./)
  })

  it('wants check-out after check-in, and in the future', () => {
    expect(messages({ ...filled, checkOut: '2026-03-06T14:00' })).toEqual({ checkOut: ['Must be after check-in.'] })
    expect(messages({ ...filled, checkIn: '2026-02-01T15:00', checkOut: '2026-02-03T11:00' })).toEqual({
      checkOut: ['Must be in the future.'],
    })
  })

  it('reads the problems a refused write carries', () => {
    const problems = [{ device_id: FRONT, problem: 'no_free_slot', severity: 'error', message: 'Front door is full.' }]
    expect(problemsOfError(new ApiClientError(400, 'stay_cannot_be_scheduled', 'No.', { problems }))).toEqual(problems)
    expect(problemsOfError(new ApiClientError(400, 'invalid_input', 'No.', {}))).toBeUndefined()
    expect(problemsOfError(new Error('network'))).toBeUndefined()
  })

  it('puts the API’s errors on the fields they are about', () => {
    const calls: [string, string | undefined][] = []
    const setError = (field: string, error: { message?: string }) => {
      calls.push([field, error.message])
    }
    const inUse = new ApiClientError(400, 'reservation_key_in_use', 'another stay has reservation key "R-1"', {})
    expect(applyStayErrorToForm(inUse, setError)).toBeUndefined()
    expect(calls).toEqual([['reservationKey', 'Another stay has reservation key "R-1".']])

    calls.length = 0
    const invalid = new ApiClientError(400, 'invalid_input', 'Invalid input.', {
      validation_errors: { check_out: { _errors: ['must be after check_in'] }, dry_run: { _errors: ['must be true'] } },
    })
    expect(applyStayErrorToForm(invalid, setError)).toBe('Dry run: must be true.')
    expect(calls).toEqual([['checkOut', 'Must be after check_in.']])

    calls.length = 0
    expect(applyStayErrorToForm(new ApiClientError(409, 'conflict', 'Try again.', {}), setError)).toBe('Try again.')
    expect(calls).toEqual([])
  })
})
