import { describe, expect, it } from 'vitest'
import { describeCodeRules, lockRulesInWords } from '@/lib/shared/pin-rules-in-words'

const denverLock = {
  supportedCodeLengths: [4, 5, 6, 7, 8],
  codeConstraints: [{ constraint_type: 'no_zeros' as const }],
}

describe('describeCodeRules (the hint under the PIN field)', () => {
  it('lists lengths and constraints', () => {
    expect(describeCodeRules(denverLock)).toBe('4 to 8 digits; no 0s')
    expect(describeCodeRules({ supportedCodeLengths: [6], codeConstraints: [] })).toBe('6 digits')
    expect(
      describeCodeRules({
        supportedCodeLengths: [4, 6, 8],
        codeConstraints: [
          { constraint_type: 'cannot_start_with_12' },
          { constraint_type: 'name_length', max_length: 9 },
          { constraint_type: 'start_date_in_future' },
        ],
      }),
    ).toBe('4, 6 or 8 digits; can’t start with 12')
    expect(
      describeCodeRules({
        supportedCodeLengths: [6],
        codeConstraints: [{ constraint_type: 'cannot_specify_pin_code' }],
      }),
    ).toBe('This lock picks its own PINs.')
  })

  it('says a rule once, however often the lock reports it', () => {
    expect(
      describeCodeRules({
        supportedCodeLengths: [6],
        codeConstraints: [{ constraint_type: 'no_zeros' }, { constraint_type: 'no_zeros' }],
      }),
    ).toBe('6 digits; no 0s')
  })
})

describe('lockRulesInWords (the lock page)', () => {
  it('says every rule the lock reports, in the same words as the form, capitalised', () => {
    expect(
      lockRulesInWords([
        { constraint_type: 'no_zeros' },
        { constraint_type: 'start_date_in_future' },
        { constraint_type: 'cannot_specify_pin_code' },
        { constraint_type: 'name_must_be_unique' },
      ]),
    ).toEqual([
      'No 0s',
      'Time-bound codes must start in the future',
      'The lock picks every PIN; you cannot choose one',
      'Each code needs a different name',
    ])
  })

  it('says the name lengths the lock allows', () => {
    expect(lockRulesInWords([{ constraint_type: 'name_length', min_length: 2, max_length: 9 }])).toEqual([
      'Names 2 to 9 characters',
    ])
    expect(lockRulesInWords([{ constraint_type: 'name_length', max_length: 9 }])).toEqual(['Names up to 9 characters'])
    expect(lockRulesInWords([{ constraint_type: 'name_length' }])).toEqual(['Names at least 1 characters'])
  })
})
