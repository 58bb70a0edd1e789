import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  accessCodeFormSchema,
  accessCodeFormValuesFrom,
  emptyAccessCodeFormValues,
  isEmptyUpdate,
  nameLengthLimit,
  sentence,
  toCreateAccessCodeBody,
  toUpdateAccessCodeBody,
  type AccessCodeFormOptions,
  type AccessCodeFormRules,
  type AccessCodeFormValues,
} from '@/lib/schemas/access-code-form'
import { createAccessCodeInput, updateAccessCodeInput, type AccessCode } from '@/lib/schemas/access-code'

const NOW = new Date('2026-03-01T12:00:00.000Z')
const now = () => NOW

const denverLock: AccessCodeFormRules = {
  supportedCodeLengths: [4, 5, 6, 7, 8],
  codeConstraints: [{ constraint_type: 'no_zeros' }],
  timezone: 'America/Denver',
  supportsBackupPool: true,
}

const values = (overrides: Partial<AccessCodeFormValues> = {}): AccessCodeFormValues => ({
  ...emptyAccessCodeFormValues(),
  name: 'Cleaner',
  ...overrides,
})

const stay = (overrides: Partial<AccessCodeFormValues> = {}): AccessCodeFormValues =>
  values({
    name: 'Guest Smith',
    type: 'time_bound',
    startsAt: '2026-03-06T15:00',
    endsAt: '2026-03-08T11:00',
    ...overrides,
  })

/** Messages per field, as react-hook-form's resolver would see them. */
function problems(
  input: AccessCodeFormValues,
  rules: AccessCodeFormRules = denverLock,
  options: AccessCodeFormOptions = { now },
) {
  const result = accessCodeFormSchema(rules, options).safeParse(input)
  const byField: Record<string, string[]> = {}
  for (const issue of result.error?.issues ?? []) (byField[String(issue.path[0])] ??= []).push(issue.message)
  return byField
}

// The machine's zone must not leak into the property's times: run everything as if the browser were in Tokyo.
let savedTz: string | undefined
beforeEach(() => {
  savedTz = process.env.TZ
  process.env.TZ = 'Asia/Tokyo'
})
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ
  else process.env.TZ = savedTz
})

describe('the access-code form schema', () => {
  it('accepts an ongoing code with a PIN that fits the lock, and trims the name', () => {
    const result = accessCodeFormSchema(denverLock, { now }).parse(values({ name: '  Cleaner  ', code: '4821' }))
    expect(result.name).toBe('Cleaner')
    expect(result.code).toBe('4821')
  })

  it('needs a name, with the message on the name field', () => {
    expect(problems(values({ name: '   ' }))).toEqual({ name: [expect.stringMatching(/name/i)] })
    expect(problems(values({ name: 'x'.repeat(201) })).name).toEqual(['must be at most 200 characters'])
  })

  it('lets Latchkey pick the PIN when it is left empty on create, but not on edit', () => {
    expect(problems(values({ code: '' }))).toEqual({})
    const original = values({ code: '4821' })
    expect(problems(values({ code: '' }), denverLock, { now, original })).toEqual({
      code: ['Enter a PIN, or press Generate.'],
    })
    // A code that has no PIN yet (the lock maker assigns it) can still be edited.
    expect(problems(values({ code: '' }), denverLock, { now, original: values({ code: '' }) })).toEqual({})
  })

  it('checks the PIN against the lock’s lengths and constraints, on the code field', () => {
    expect(problems(values({ code: '482' })).code).toEqual(['Must be 4 to 8 digits long on this lock (got 3).'])
    expect(problems(values({ code: '4820' })).code).toEqual(['Must not contain the digit 0 on this lock.'])
    expect(problems(values({ code: '48a1' })).code).toEqual(['Must contain only digits 0-9.'])
    // Every problem at once, so the person fixes it in one go.
    expect(problems(values({ code: '102' })).code).toEqual([
      'Must be 4 to 8 digits long on this lock (got 3). Must not contain the digit 0 on this lock.',
    ])
    const nuki: AccessCodeFormRules = {
      ...denverLock,
      supportedCodeLengths: [6],
      codeConstraints: [{ constraint_type: 'no_all_same_digits' }],
    }
    expect(problems(values({ code: '4821' }), nuki).code).toEqual(['Must be 6 digits long on this lock (got 4).'])
    expect(problems(values({ code: '111111' }), nuki).code).toEqual([
      expect.stringContaining('Must not repeat one digit'),
    ])
  })

  it('holds the PIN to the API’s own bounds too', () => {
    const odd: AccessCodeFormRules = { ...denverLock, supportedCodeLengths: [3, 4] }
    expect(problems(values({ code: '482' }), odd).code).toEqual(['Must be at least 4 digits.'])
  })

  it('refuses a typed PIN on a lock that picks its own', () => {
    const picky: AccessCodeFormRules = {
      ...denverLock,
      codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
    }
    expect(problems(values({ code: '4821' }), picky).code).toEqual(['This lock picks its own PINs: leave this empty.'])
    expect(problems(values({ code: '' }), picky)).toEqual({})
    // On edit the PIN the lock gave stays as it is.
    const original = values({ code: '739164' })
    expect(problems(values({ code: '739164' }), picky, { now, original })).toEqual({})
  })

  it('reports every field at once, not one at a time', () => {
    expect(Object.keys(problems(stay({ name: '', code: '12', startsAt: '', endsAt: '' })))).toEqual([
      'name',
      'code',
      'startsAt',
      'endsAt',
    ])
  })

  it('ignores the times of an ongoing code', () => {
    expect(problems(values({ type: 'ongoing', startsAt: 'nonsense', endsAt: '' }))).toEqual({})
  })

  it('needs both times of a time-bound code, each message on its own field', () => {
    expect(problems(stay({ startsAt: '', endsAt: '' }))).toEqual({
      startsAt: ['Choose the check-in date and time.'],
      endsAt: ['Choose the check-out date and time.'],
    })
    expect(problems(stay({ startsAt: '2026-13-06T15:00' }))).toEqual({
      startsAt: [expect.stringMatching(/^Enter a date and time/)],
    })
  })

  it('puts "after check-in" on check-out', () => {
    expect(problems(stay({ endsAt: '2026-03-06T15:00' }))).toEqual({ endsAt: ['Must be after check-in.'] })
    expect(problems(stay({ endsAt: '2026-03-05T11:00' }))).toEqual({ endsAt: ['Must be after check-in.'] })
  })

  it('needs check-out in the future, judged in the property’s zone against the given now', () => {
    // 04:59 in Denver on 1 March is 11:59Z: a minute before now.
    expect(problems(stay({ startsAt: '2026-02-28T15:00', endsAt: '2026-03-01T04:59' }))).toEqual({
      endsAt: ['Must be in the future.'],
    })
    // 05:01 in Denver is 12:01Z: a minute after now. (In Tokyo or UTC it would long have passed.)
    expect(problems(stay({ startsAt: '2026-02-28T15:00', endsAt: '2026-03-01T05:01' }))).toEqual({})
    // A start in the past is fine on most locks: the guest is already staying.
  })

  it('needs check-in in the future on a lock that says so', () => {
    const futureOnly: AccessCodeFormRules = {
      ...denverLock,
      codeConstraints: [{ constraint_type: 'start_date_in_future' }],
    }
    expect(problems(stay({ startsAt: '2026-03-01T04:00', endsAt: '2026-03-02T11:00' }), futureOnly)).toEqual({
      startsAt: ['Must be in the future on this lock.'],
    })
    expect(problems(stay(), futureOnly)).toEqual({})
  })

  it('on edit, leaves an untouched window alone even once it has passed, but checks a changed one', () => {
    const original = stay({ code: '4821', startsAt: '2026-02-01T15:00', endsAt: '2026-02-03T11:00' })
    expect(problems({ ...original, name: 'Renamed' }, denverLock, { now, original })).toEqual({})
    expect(problems({ ...original, endsAt: '2026-02-04T11:00' }, denverLock, { now, original })).toEqual({
      endsAt: ['Must be in the future.'],
    })
  })

  it('reads now each time it validates', () => {
    let current = new Date('2026-03-01T12:00:00.000Z')
    const schema = accessCodeFormSchema(denverLock, { now: () => current })
    const input = stay({ startsAt: '2026-03-01T06:00', endsAt: '2026-03-01T07:00' })
    expect(schema.safeParse(input).success).toBe(true)
    current = new Date('2026-03-01T15:00:00.000Z')
    expect(schema.safeParse(input).success).toBe(false)
  })

  it('offers the backup pool only on a lock that has one', () => {
    const noPool: AccessCodeFormRules = { ...denverLock, supportsBackupPool: false }
    expect(problems(stay({ useBackupPool: true }), noPool)).toEqual({
      useBackupPool: ['This lock has no backup codes.'],
    })
    expect(problems(stay({ useBackupPool: true }))).toEqual({})
  })
})

describe('form values → API bodies', () => {
  it('turns the property’s wall-clock times into UTC instants for create, whatever the machine’s zone', () => {
    expect(new Date('2026-03-01T00:00:00.000Z').getHours()).toBe(9) // the machine really is in Tokyo here
    const body = toCreateAccessCodeBody(stay({ code: '4821' }), denverLock, '0190c3b2-0000-7000-8000-000000000001')
    expect(body).toEqual({
      device_id: '0190c3b2-0000-7000-8000-000000000001',
      name: 'Guest Smith',
      code: '4821',
      starts_at: '2026-03-06T22:00:00.000Z', // 15:00 MST
      ends_at: '2026-03-08T17:00:00.000Z', // 11:00 MDT: clocks went forward that morning
    })
    expect(createAccessCodeInput.safeParse(body).success).toBe(true)
  })

  it('uses the zone of the property, not a fixed offset', () => {
    const kolkata: AccessCodeFormRules = { ...denverLock, timezone: 'Asia/Kolkata' }
    expect(toCreateAccessCodeBody(stay(), kolkata, 'd').starts_at).toBe('2026-03-06T09:30:00.000Z')
    const summer = toCreateAccessCodeBody(
      stay({ startsAt: '2026-07-06T15:00', endsAt: '2026-07-08T11:00' }),
      denverLock,
      'd',
    )
    expect(summer.starts_at).toBe('2026-07-06T21:00:00.000Z')
  })

  it('leaves out an empty PIN (the API generates one), the times of an ongoing code, and a pool the lock lacks', () => {
    expect(
      toCreateAccessCodeBody(values({ startsAt: '2026-03-06T15:00', useBackupPool: true }), denverLock, 'd'),
    ).toEqual({ device_id: 'd', name: 'Cleaner' })
    expect(toCreateAccessCodeBody(stay({ useBackupPool: true }), denverLock, 'd').use_backup_access_code_pool).toBe(
      true,
    )
    expect(
      toCreateAccessCodeBody(stay({ useBackupPool: true }), { ...denverLock, supportsBackupPool: false }, 'd'),
    ).not.toHaveProperty('use_backup_access_code_pool')
  })

  it('sends only what changed on update', () => {
    const original = stay({ code: '4821' })
    const id = '0190c3b2-0000-7000-8000-0000000000aa'
    expect(toUpdateAccessCodeBody(original, original, denverLock, id)).toEqual({ access_code_id: id })
    expect(isEmptyUpdate(toUpdateAccessCodeBody(original, original, denverLock, id))).toBe(true)

    const renamed = toUpdateAccessCodeBody({ ...original, name: ' Guest Jones ' }, original, denverLock, id)
    expect(renamed).toEqual({ access_code_id: id, name: 'Guest Jones' })

    const moved = toUpdateAccessCodeBody({ ...original, endsAt: '2026-03-09T11:00' }, original, denverLock, id)
    expect(moved).toEqual({
      access_code_id: id,
      type: 'time_bound',
      starts_at: '2026-03-06T22:00:00.000Z',
      ends_at: '2026-03-09T17:00:00.000Z',
    })
    expect(updateAccessCodeInput.safeParse(moved).success).toBe(true)
  })

  it('makes a code ongoing by type alone, and turns its backup pool off', () => {
    const id = '0190c3b2-0000-7000-8000-0000000000aa'
    const original = stay({ code: '4821', useBackupPool: true })
    const body = toUpdateAccessCodeBody({ ...original, type: 'ongoing' }, original, denverLock, id)
    expect(body).toEqual({ access_code_id: id, type: 'ongoing', use_backup_access_code_pool: false })
    expect(updateAccessCodeInput.safeParse(body).success).toBe(true)
  })

  it('makes an ongoing code time-bound with both times, and changes the PIN', () => {
    const id = '0190c3b2-0000-7000-8000-0000000000aa'
    const original = values({ code: '4821' })
    const body = toUpdateAccessCodeBody(
      stay({ name: 'Cleaner', code: '5931', useBackupPool: true }),
      original,
      denverLock,
      id,
    )
    expect(body).toEqual({
      access_code_id: id,
      code: '5931',
      type: 'time_bound',
      starts_at: '2026-03-06T22:00:00.000Z',
      ends_at: '2026-03-08T17:00:00.000Z',
      use_backup_access_code_pool: true,
    })
    expect(updateAccessCodeInput.safeParse(body).success).toBe(true)
  })
})

describe('form values from an existing code', () => {
  const code: AccessCode = {
    access_code_id: 'a',
    workspace_id: 'w',
    device_id: 'd',
    name: 'Guest Smith',
    code: '4821',
    common_code_key: null,
    type: 'time_bound',
    starts_at: '2026-03-06T22:00:00.000Z',
    ends_at: '2026-03-08T17:00:00.000Z',
    status: 'set',
    created_at: '2026-03-01T12:00:00.000Z',
    errors: [],
    warnings: [],
    is_managed: true,
    is_backup: false,
    is_backup_access_code_available: true,
    is_external_modification_allowed: false,
    is_offline_access_code: false,
    is_one_time_use: false,
    pulled_backup_access_code_id: null,
  }

  it('shows the stored instants as the property’s wall clock', () => {
    expect(accessCodeFormValuesFrom(code, 'America/Denver', true)).toEqual({
      name: 'Guest Smith',
      code: '4821',
      type: 'time_bound',
      startsAt: '2026-03-06T15:00',
      endsAt: '2026-03-08T11:00',
      useBackupPool: true,
    })
    expect(accessCodeFormValuesFrom(code, 'Europe/Lisbon').startsAt).toBe('2026-03-06T22:00')
  })

  it('round-trips through the form unchanged', () => {
    const defaults = accessCodeFormValuesFrom(code, 'America/Denver')
    expect(toUpdateAccessCodeBody(defaults, defaults, denverLock, 'a')).toEqual({ access_code_id: 'a' })
    const created = toCreateAccessCodeBody(defaults, denverLock, 'd')
    expect([created.starts_at, created.ends_at]).toEqual([code.starts_at, code.ends_at])
  })

  it('gives an ongoing code empty times and no pool, and a nameless code an empty name', () => {
    expect(
      accessCodeFormValuesFrom(
        { ...code, type: 'ongoing', starts_at: null, ends_at: null, name: null },
        'America/Denver',
        true,
      ),
    ).toEqual({
      name: '',
      code: '4821',
      type: 'ongoing',
      startsAt: '',
      endsAt: '',
      useBackupPool: false,
    })
  })
})

describe('the lock’s rules in plain words', () => {
  it('knows the name length a lock shows', () => {
    expect(
      nameLengthLimit({
        supportedCodeLengths: [4],
        codeConstraints: [{ constraint_type: 'name_length', max_length: 9 }],
      }),
    ).toBe(9)
    expect(nameLengthLimit(denverLock)).toBeUndefined()
  })

  it('turns API fragments into sentences', () => {
    expect(sentence('must be in the future')).toBe('Must be in the future.')
    expect(sentence('Already a sentence.')).toBe('Already a sentence.')
    expect(sentence('')).toBe('')
  })
})
