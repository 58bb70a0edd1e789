import { describe, expect, it } from 'vitest'
import { codeDisplayName } from '@/lib/shared/code-name'

describe('codeDisplayName', () => {
  it('names a code without a name', () => {
    expect(codeDisplayName({ name: null })).toBe('Unnamed code')
    expect(codeDisplayName({})).toBe('Unnamed code')
    expect(codeDisplayName({ name: '   ' })).toBe('Unnamed code')
    expect(codeDisplayName({ name: ' Guest – Smith ' })).toBe('Guest – Smith')
  })
})
