import { describe, expect, it } from 'vitest'
import { batteryStatus, isLowBattery } from '@/lib/shared/battery'

describe('batteryStatus', () => {
  it('puts each level in its band, each bound belonging to the band above', () => {
    expect(batteryStatus(0)).toBe('critical')
    expect(batteryStatus(0.09)).toBe('critical')
    expect(batteryStatus(0.1)).toBe('low')
    expect(batteryStatus(0.24)).toBe('low')
    expect(batteryStatus(0.25)).toBe('good')
    expect(batteryStatus(0.59)).toBe('good')
    expect(batteryStatus(0.6)).toBe('full')
    expect(batteryStatus(1)).toBe('full')
  })

  it('calls critical and low batteries low', () => {
    expect(isLowBattery('critical')).toBe(true)
    expect(isLowBattery('low')).toBe(true)
    expect(isLowBattery('good')).toBe(false)
    expect(isLowBattery('full')).toBe(false)
  })
})
