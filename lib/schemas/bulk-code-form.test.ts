import { describe, expect, it } from 'vitest'
import { createMultipleAccessCodesInput } from '@/lib/schemas/access-code'
import {
  bulkCodeFormSchema,
  emptyBulkCodeFormValues,
  toCreateMultipleBody,
  type BulkCodeFormValues,
} from '@/lib/schemas/bulk-code-form'

const now = () => new Date('2030-01-10T12:00:00Z')
const LOCK_A = '3f1d2c4b-5a69-4788-9a0b-1c2d3e4f5a6b'
const LOCK_B = '4a2e3d5c-6b7a-4899-8b1c-2d3e4f5a6b7c'

const values = (change: Partial<BulkCodeFormValues> = {}): BulkCodeFormValues => ({
  ...emptyBulkCodeFormValues(),
  deviceIds: [LOCK_A, LOCK_B],
  name: 'Guest – Lee',
  timezone: 'America/Denver',
  startsAt: '2030-01-12T16:00',
  endsAt: '2030-01-15T11:00',
  ...change,
})

const issues = (v: BulkCodeFormValues): Record<string, string> => {
  const parsed = bulkCodeFormSchema(now).safeParse(v)
  if (parsed.success) return {}
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]))
}

describe('the bulk form schema', () => {
  it('takes a time-bound code with no PIN (the check picks one) or a typed one', () => {
    expect(issues(values())).toEqual({})
    expect(issues(values({ code: '4826' }))).toEqual({})
  })

  it('puts each message on the field it is about', () => {
    expect(issues(values({ deviceIds: [] }))).toEqual({ deviceIds: 'Choose at least one lock.' })
    expect(issues(values({ name: '   ' }))).toEqual({ name: 'Give the code a name, e.g. the guest’s.' })
    expect(issues(values({ code: '12a' }))).toEqual({
      code: 'Must contain only digits 0-9. Must be at least 4 digits.',
    })
    expect(issues(values({ startsAt: '' }))).toEqual({ startsAt: 'Choose the check-in date and time.' })
    expect(issues(values({ endsAt: 'soon' }))).toEqual({ endsAt: 'Enter a date and time, e.g. 2026-03-06 15:00.' })
    expect(issues(values({ endsAt: '2030-01-12T15:00' }))).toEqual({ endsAt: 'Must be after check-in.' })
    expect(issues(values({ startsAt: '2030-01-01T10:00', endsAt: '2030-01-10T04:00' }))).toEqual({
      endsAt: 'Must be in the future.',
    })
  })

  it('does not ask for times for an ongoing code', () => {
    expect(issues(values({ type: 'ongoing', startsAt: '', endsAt: '' }))).toEqual({})
  })
})

describe('the body it sends', () => {
  it('reads the times on the wall clock of the chosen zone and sends instants the API accepts', () => {
    const body = toCreateMultipleBody(values({ behavior: 'create_random_code' }))
    expect(body).toEqual({
      device_ids: [LOCK_A, LOCK_B],
      name: 'Guest – Lee',
      behavior_when_code_cannot_be_shared: 'create_random_code',
      // 16:00 and 11:00 in Denver (MST, UTC−7).
      starts_at: '2030-01-12T23:00:00.000Z',
      ends_at: '2030-01-15T18:00:00.000Z',
    })
    expect(createMultipleAccessCodesInput.safeParse(body).success).toBe(true)
    const lisbon = toCreateMultipleBody(values({ timezone: 'Europe/Lisbon' }))
    expect(lisbon.starts_at).toBe('2030-01-12T16:00:00.000Z')
  })

  it('sends the typed PIN, or the one the check picked, and native scheduling only when it is turned off', () => {
    expect(toCreateMultipleBody(values({ code: '4826' })).code).toBe('4826')
    expect(toCreateMultipleBody(values(), '735194').code).toBe('735194')
    expect(toCreateMultipleBody(values()).code).toBeUndefined()
    expect(toCreateMultipleBody(values({ preferNativeScheduling: false })).prefer_native_scheduling).toBe(false)
    const ongoing = toCreateMultipleBody(values({ type: 'ongoing' }))
    expect([ongoing.starts_at, ongoing.ends_at, ongoing.prefer_native_scheduling]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
  })
})
