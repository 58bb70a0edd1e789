import { describe, expect, it } from 'vitest'
import {
  batchedSecureRandom,
  chooseCodeLength,
  codeGenerator,
  codeProblems,
  describeLengths,
  deviceForbidsChosenPin,
  deviceRequiresFutureStart,
  generateCode,
  type CodeRulesDevice,
} from '@/lib/shared/code-rules'
import { profileFor } from '@/lib/locks/sandbox-profiles'
import type { CodeConstraintType } from '@/lib/schemas/device'

const anyLength = [4, 5, 6, 7, 8]

const lockWith = (types: CodeConstraintType[], lengths: number[] = anyLength): CodeRulesDevice => ({
  supportedCodeLengths: lengths,
  codeConstraints: types.map((constraint_type) => ({ constraint_type })),
})

const lockOfBrand = (provider: string): CodeRulesDevice => {
  const profile = profileFor(provider)
  if (profile === undefined) throw new Error(`no sandbox profile for ${provider}`)
  return { supportedCodeLengths: profile.supportedCodeLengths, codeConstraints: profile.codeConstraints }
}

/** A `random` for generateCode that plays back the digits of the given codes, one code per attempt. */
const playBack = (...codes: string[]) => {
  const digits = codes.join('').split('').map(Number)
  let i = 0
  return () => {
    const digit = digits[i % digits.length] ?? 0
    i++
    return digit
  }
}

describe('codeProblems: digits and lengths', () => {
  it('accepts a PIN of a supported length on a lock without constraints', () => {
    expect(codeProblems('4821', lockWith([]))).toEqual([])
    expect(codeProblems('48213579', lockWith([]))).toEqual([])
  })

  it('rejects anything but digits', () => {
    for (const code of ['12a4', '12 34', '-1234', '1234.5', '', '１２３４']) {
      expect(codeProblems(code, lockWith([])), code).toEqual(['must contain only digits 0-9'])
    }
  })

  it('rejects lengths the lock does not support, naming the supported ones', () => {
    const lockly = lockWith([], [6, 7, 8])
    expect(codeProblems('13579', lockly)).toEqual(['must be 6 to 8 digits long on this lock (got 5)'])
    expect(codeProblems('135791357', lockly)).toEqual(['must be 6 to 8 digits long on this lock (got 9)'])
    expect(codeProblems('135791', lockly)).toEqual([])
    expect(codeProblems('1357', lockWith([], [4, 6]))).toEqual([])
    expect(codeProblems('13579', lockWith([], [4, 6]))[0]).toContain('4 or 6 digits')
  })

  it('describes lengths as a range, a list or a single length', () => {
    expect(describeLengths([8, 6, 7])).toBe('6 to 8')
    expect(describeLengths([4, 6, 8])).toBe('4, 6 or 8')
    expect(describeLengths([6])).toBe('6')
    expect(describeLengths([])).toBe('no')
  })

  it('reports every broken constraint and the length at once', () => {
    const problems = codeProblems(
      '10000',
      lockWith(['no_zeros', 'no_all_same_digits', 'at_least_three_unique_digits'], [6]),
    )
    expect(problems).toHaveLength(3)
    expect(problems.join(' ')).toContain('6 digits long')
    expect(problems.join(' ')).toContain('digit 0')
    expect(problems.join(' ')).toContain('three different digits')
  })
})

// For each constraint: PINs it must reject, PINs it must let through, and proof that without the constraint the
// rejected PINs are fine (so a failure is the constraint's doing).
const constraintCases: { type: CodeConstraintType; rejects: string[]; accepts: string[]; message: RegExp }[] = [
  { type: 'no_zeros', rejects: ['1024', '0123', '1230', '100000'], accepts: ['1357', '987654'], message: /digit 0/ },
  {
    type: 'cannot_start_with_12',
    rejects: ['1234', '1299', '120000'],
    accepts: ['2134', '3124', '1324', '9912'],
    message: /start with 12/,
  },
  {
    type: 'no_triple_consecutive_ints',
    rejects: ['1234', '4123', '9876', '50789', '5987'],
    accepts: ['1357', '1243', '1290', '9753', '8989', '1212'],
    message: /three consecutive/,
  },
  {
    type: 'no_ascending_or_descending_sequence',
    rejects: ['1234', '4321', '56789', '987654', '0123'],
    accepts: ['1235', '4312', '1243', '7890', '1111', '2468'],
    message: /ascending or descending run/,
  },
  {
    type: 'at_least_three_unique_digits',
    rejects: ['1111', '1122', '121212', '9899'],
    accepts: ['1123', '1213', '987654'],
    message: /three different digits/,
  },
  {
    type: 'cannot_contain_089',
    rejects: ['1238', '9123', '0123', '4567890'],
    accepts: ['1234', '7777', '1567'],
    message: /0, 8 or 9/,
  },
  {
    type: 'cannot_contain_0789',
    rejects: ['7123', '1238', '9123', '0123'],
    accepts: ['1234', '6543', '123456'],
    message: /0, 7, 8 or 9/,
  },
  {
    type: 'no_all_same_digits',
    rejects: ['1111', '000000', '99999999'],
    accepts: ['1112', '2111', '123456'],
    message: /repeat one digit/,
  },
]

describe('codeProblems: each code constraint', () => {
  for (const { type, rejects, accepts, message } of constraintCases) {
    it(`${type} rejects ${rejects.join(', ')} and accepts ${accepts.join(', ')}`, () => {
      const lock = lockWith([type])
      for (const code of rejects) {
        const problems = codeProblems(code, lock)
        expect(problems, code).toHaveLength(1)
        expect(problems[0], code).toMatch(message)
        expect(codeProblems(code, lockWith([])), `${code} without ${type}`).toEqual([])
      }
      for (const code of accepts) expect(codeProblems(code, lock), code).toEqual([])
    })
  }

  it("unique_first_four_digits compares the first four digits with the lock's other codes", () => {
    const lock = lockWith(['unique_first_four_digits'], [6])
    expect(codeProblems('123456', lock, ['123499'])).toEqual([
      'must not share its first four digits with another code on this lock',
    ])
    expect(codeProblems('123456', lock, ['912345', '124456', '123356'])).toEqual([])
    expect(codeProblems('123456', lock, [])).toEqual([])
    expect(codeProblems('123456', lockWith([], [6]), ['123499'])).toEqual([])
  })

  it('ignores name constraints and the constraints about who picks the PIN when checking digits', () => {
    const lock: CodeRulesDevice = {
      supportedCodeLengths: anyLength,
      codeConstraints: [
        { constraint_type: 'name_length', max_length: 3 },
        { constraint_type: 'name_must_be_unique' },
        { constraint_type: 'cannot_specify_pin_code' },
        { constraint_type: 'start_date_in_future' },
      ],
    }
    expect(codeProblems('1111', lock)).toEqual([])
  })

  it('knows which locks assign their own PINs and which need a future start', () => {
    expect(deviceForbidsChosenPin(lockWith(['cannot_specify_pin_code']))).toBe(true)
    expect(deviceForbidsChosenPin(lockWith(['pin_code_matches_existing_set']))).toBe(true)
    expect(deviceForbidsChosenPin(lockWith(['no_zeros', 'start_date_in_future']))).toBe(false)
    expect(deviceRequiresFutureStart(lockWith(['start_date_in_future']))).toBe(true)
    expect(deviceRequiresFutureStart(lockWith(['cannot_specify_pin_code']))).toBe(false)
  })

  it('applies the brand profiles: Lockly, Nuki and Kwikset', () => {
    expect(codeProblems('135792', lockOfBrand('lockly'))).toEqual([])
    expect(codeProblems('1357', lockOfBrand('lockly'))).toHaveLength(1)
    expect(codeProblems('103579', lockOfBrand('lockly'))).toHaveLength(1)
    expect(codeProblems('123456', lockOfBrand('lockly'))).toHaveLength(1)
    expect(codeProblems('113311', lockOfBrand('lockly'))).toHaveLength(1)
    expect(codeProblems('124578', lockOfBrand('nuki'))).toHaveLength(1)
    expect(codeProblems('214578', lockOfBrand('nuki'))).toEqual([])
    expect(codeProblems('4444', lockOfBrand('kwikset'))).toHaveLength(1)
    expect(codeProblems('4444', lockOfBrand('august'))).toEqual([])
  })
})

describe('chooseCodeLength', () => {
  it('honours the preferred length when the lock supports it', () => {
    expect(chooseCodeLength([4, 5, 6, 7, 8], 6)).toBe(6)
    expect(chooseCodeLength([4, 5, 6, 7, 8], 8)).toBe(8)
  })

  it('falls back to the shortest supported length otherwise', () => {
    expect(chooseCodeLength([6, 7, 8], 4)).toBe(6)
    expect(chooseCodeLength([8, 6, 7], 9)).toBe(6)
    expect(chooseCodeLength([8, 6, 7])).toBe(6)
    expect(chooseCodeLength([4, 6], 5)).toBe(4)
  })

  it('has no answer when there is no length', () => {
    expect(chooseCodeLength([])).toBeUndefined()
    expect(chooseCodeLength([], 6)).toBeUndefined()
  })
})

describe('generateCode', () => {
  const brands = ['august', 'kwikset', 'lockly', 'nuki', 'ttlock'] as const
  const strictLocks = [
    lockWith(['cannot_start_with_12', 'no_triple_consecutive_ints', 'at_least_three_unique_digits'], [4, 5, 6]),
    lockWith(['cannot_contain_0789', 'no_all_same_digits', 'no_ascending_or_descending_sequence'], [6, 7]),
    ...brands.map(lockOfBrand),
  ]

  it('gives PINs that satisfy every constraint of every lock at once, over many runs', () => {
    const seen = new Set<string>()
    for (let run = 0; run < 500; run++) {
      const code = generateCode(
        strictLocks,
        strictLocks.map(() => []),
      )
      expect(code).toBeDefined()
      const pin = code ?? ''
      // 6 is the only length all of them share.
      expect(pin).toHaveLength(6)
      for (const [i, lock] of strictLocks.entries()) expect(codeProblems(pin, lock), `${pin} on lock ${i}`).toEqual([])
      seen.add(pin)
    }
    // Random, not one fixed PIN.
    expect(seen.size).toBeGreaterThan(400)
  })

  it('satisfies each brand profile on its own, at the shortest length', () => {
    for (const brand of [...brands, 'igloohome', 'yale', 'schlage', 'smartthings']) {
      const lock = lockOfBrand(brand)
      const shortest = Math.min(...lock.supportedCodeLengths)
      for (let run = 0; run < 200; run++) {
        const code = generateCode([lock], [[]]) ?? ''
        expect(code, brand).toHaveLength(shortest)
        expect(codeProblems(code, lock), `${brand}: ${code}`).toEqual([])
      }
    }
  })

  it('honours the preferred length when every lock supports it, else uses the shortest common one', () => {
    const lockly = lockOfBrand('lockly')
    const august = lockOfBrand('august')
    expect(generateCode([lockly, august], [[], []], 8)).toHaveLength(8)
    expect(generateCode([lockly, august], [[], []], 7)).toHaveLength(7)
    expect(generateCode([lockly, august], [[], []], 4)).toHaveLength(6)
    expect(generateCode([august], [[]], 4)).toHaveLength(4)
    expect(generateCode([august], [[]], 5)).toHaveLength(5)
  })

  it('skips PINs any of the locks already holds', () => {
    const a = lockWith([], [4])
    const b = lockWith([], [4])
    expect(generateCode([a, b], [['1357'], []], undefined, playBack('1357', '2468'))).toBe('2468')
    expect(generateCode([a, b], [[], new Set(['1357', '2468'])], undefined, playBack('1357', '2468', '3579'))).toBe(
      '3579',
    )
    // Without the taken list, the first candidate would have been used.
    expect(generateCode([a, b], [[], []], undefined, playBack('1357', '2468'))).toBe('1357')
  })

  it('skips PINs that break a constraint and keeps trying', () => {
    const lock = lockWith(['no_zeros', 'no_all_same_digits'], [4])
    expect(generateCode([lock], [[]], undefined, playBack('1024', '5555', '5556'))).toBe('5556')
  })

  it('checks unique_first_four_digits against the codes the lock holds', () => {
    const lock = lockWith(['unique_first_four_digits'], [6])
    expect(generateCode([lock], [['135700']], undefined, playBack('135799', '246899'))).toBe('246899')
  })

  it('never returns a taken PIN even when the random source keeps offering it', () => {
    const lock = lockWith([], [4])
    expect(generateCode([lock], [['1357']], undefined, playBack('1357'))).toBeUndefined()
  })

  it('returns undefined when the locks share no code length, or when there is no lock', () => {
    expect(generateCode([lockOfBrand('nuki'), lockWith([], [4, 5])], [[], []])).toBeUndefined()
    expect(generateCode([lockWith([], [])], [[]])).toBeUndefined()
    expect(generateCode([], [])).toBeUndefined()
  })
})

describe('codeGenerator', () => {
  it('gives one fitting PIN a call, from where the random source left off', () => {
    const strict = lockWith(['no_zeros'], [4])
    const next = codeGenerator(
      [strict, lockWith([], [4]), strict],
      [[], ['2468'], []],
      undefined,
      playBack('1357', '1024', '2468', '3579'),
    )
    expect(next()).toBe('1357')
    // 1024 breaks the first (and third) lock's rule, 2468 is held by the second.
    expect(next()).toBe('3579')
  })

  it('checks a lock holding codes on its own, though another lock has the same rules', () => {
    const plain = lockWith([], [4])
    const next = codeGenerator([plain, plain, plain], [[], [], ['1357']], undefined, playBack('1357', '2468'))
    expect(next()).toBe('2468')
  })

  it('has nothing to give where generateCode has nothing', () => {
    const next = codeGenerator([lockOfBrand('nuki'), lockWith([], [4, 5])], [[], []])
    expect(next()).toBeUndefined()
    expect(codeGenerator([], [])()).toBeUndefined()
  })
})

describe('batchedSecureRandom', () => {
  it('draws every value below the bound, and only those, across batch refills', () => {
    for (const max of [1, 2, 7, 10, 256]) {
      const random = batchedSecureRandom(8)
      const seen = new Map<number, number>()
      for (let i = 0; i < 400 * max; i++) {
        const value = random(max)
        expect(Number.isInteger(value) && value >= 0 && value < max).toBe(true)
        seen.set(value, (seen.get(value) ?? 0) + 1)
      }
      expect(seen.size).toBe(max)
    }
  })

  it('spreads digits evenly (each within 5 standard deviations of 1,000 in 10,000 draws)', () => {
    const random = batchedSecureRandom()
    const counts = Array.from({ length: 10 }, () => 0)
    for (let i = 0; i < 10_000; i++) {
      const digit = random(10)
      counts[digit] = (counts[digit] ?? 0) + 1
    }
    for (const count of counts) expect(Math.abs(count - 1_000)).toBeLessThan(150)
  })

  it('falls back to 32-bit draws for bounds above a byte', () => {
    const random = batchedSecureRandom()
    const values = Array.from({ length: 200 }, () => random(100_000))
    expect(values.every((v) => v >= 0 && v < 100_000)).toBe(true)
    expect(values.some((v) => v >= 256)).toBe(true)
  })
})
