import { describe, expect, it } from 'vitest'
import { newApiKeyToken } from '@/lib/auth/api-keys'

/** Random bytes that start with `first` and are zero after it. */
const bytesStartingWith = (first: number[]) => (size: number) =>
  Buffer.from([...first, ...Array(size).fill(0)]).subarray(0, size)

describe('newApiKeyToken', () => {
  it('is seam_ and 32 base64url characters', () => {
    expect(newApiKeyToken()).toMatch(/^seam_[A-Za-z0-9_-]{32}$/)
  })

  it('never starts like a token the seam SDK refuses as an API key (seam_pk, seam_at, seam_cst)', () => {
    // 0xa6 0x40 encodes as "pk", 0x6a 0xd0 as "at", 0x72 0xcb 0x40 as "cst"; the next draw is plain.
    for (const reserved of [
      [0xa6, 0x40],
      [0x6a, 0xd0],
      [0x72, 0xcb, 0x40],
    ]) {
      const draws = [bytesStartingWith(reserved), bytesStartingWith([0x01])]
      let calls = 0
      const key = newApiKeyToken((size) => {
        const draw = draws[Math.min(calls++, draws.length - 1)]
        if (draw === undefined) throw new Error('no draw')
        return draw(size)
      })
      expect(calls).toBe(2)
      expect(key.startsWith('seam_AQ')).toBe(true)
    }
  })
})
