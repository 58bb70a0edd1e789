import { describe, expect, it } from 'vitest'
import { brandAndModel } from '@/lib/shared/brand-and-model'

describe('brandAndModel', () => {
  it('keeps a model name that already names its maker', () => {
    expect(brandAndModel({ manufacturer: 'august', modelName: 'August Wi-Fi Smart Lock' })).toBe(
      'August Wi-Fi Smart Lock',
    )
    expect(brandAndModel({ manufacturer: 'august', modelName: 'Wi-Fi Smart Lock by August' })).toBe(
      'Wi-Fi Smart Lock by August',
    )
  })

  it('puts the maker, capitalised, in front of a bare model name', () => {
    expect(brandAndModel({ manufacturer: 'samsung', modelName: 'SmartThings Z-Wave Lock' })).toBe(
      'Samsung SmartThings Z-Wave Lock',
    )
  })

  it('names the maker alone when there is no model name, and the model alone when there is no maker', () => {
    expect(brandAndModel({ manufacturer: 'yale', modelName: '' })).toBe('Yale')
    expect(brandAndModel({ manufacturer: ' ', modelName: 'Keypad 2.0' })).toBe('Keypad 2.0')
  })
})
