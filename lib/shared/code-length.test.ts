import { describe, expect, it } from 'vitest'
import { chooseCodeLength, sharedLength } from '@/lib/shared/code-rules'

// The length a generated PIN gets: a wrong one is a PIN the lock refuses, or no PIN at all (cannot_generate_code).
describe('chooseCodeLength', () => {
  it('takes the preferred length when the lock supports it', () => {
    expect(chooseCodeLength([4, 6, 8], 6)).toBe(6)
  })

  it('otherwise takes the shortest supported length, in whatever order the lock lists them', () => {
    expect(chooseCodeLength([8, 6, 4])).toBe(4)
    expect(chooseCodeLength([8, 6], 5)).toBe(6)
  })

  it('has none for a lock that supports no length', () => {
    expect(chooseCodeLength([])).toBeUndefined()
    expect(chooseCodeLength([], 4)).toBeUndefined()
  })
})

describe('sharedLength: one length for a set of locks', () => {
  it('has none without locks', () => {
    expect(sharedLength([])).toBeUndefined()
    expect(sharedLength([], 4)).toBeUndefined()
  })

  it('takes the preferred length only when every lock supports it', () => {
    expect(sharedLength([[4, 6], [6, 8]], 6)).toBe(6)
    expect(sharedLength([[4, 6], [4, 8]], 6)).toBe(4)
    // Without the preference the tie between 4 and 6 would go to 4.
    expect(sharedLength([[4, 6], [6, 4]], 6)).toBe(6)
  })

  it('takes the length most locks accept, counting each lock once', () => {
    expect(sharedLength([[6, 8], [8], [4, 8], [4]])).toBe(8)
    // A lock listing a length twice still counts once: 4 (two locks) beats 6 (one lock, listed twice).
    expect(sharedLength([[6, 6, 4], [4]])).toBe(4)
  })

  it('breaks a tie with the shorter length', () => {
    expect(sharedLength([[8, 6], [6, 8]])).toBe(6)
    expect(sharedLength([[8], [6]])).toBe(6)
  })
})
