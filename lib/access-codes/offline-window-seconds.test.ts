import { describe, expect, it } from 'vitest'
import { roundDown, roundUp } from '@/lib/access-codes/offline-window'

// Times on the wire carry seconds and milliseconds: an offline code's window must still start and end on the hour
// (or midnight), or the lock maker's algorithm gets a window it cannot make a code for.
describe('offline windows from times with seconds and milliseconds', () => {
  it('rounds down to the start of the hour', () => {
    expect(roundDown('2030-01-05T15:20:45.678Z', 'hour', 'UTC')).toBe('2030-01-05T15:00:00.000Z')
    expect(roundDown('2030-01-05T15:00:00.001Z', 'hour', 'Asia/Kolkata')).toBe('2030-01-05T14:30:00.000Z')
  })

  it('rounds up to the next hour', () => {
    expect(roundUp('2030-01-05T15:20:45.678Z', 'hour', 'UTC')).toBe('2030-01-05T16:00:00.000Z')
    expect(roundUp('2030-01-05T15:59:59.999Z', 'hour', 'UTC')).toBe('2030-01-05T16:00:00.000Z')
  })

  it('rounds to midnight in the zone', () => {
    expect(roundDown('2030-01-05T15:20:45.678Z', 'day', 'America/New_York')).toBe('2030-01-05T05:00:00.000Z')
    expect(roundUp('2030-01-05T15:20:45.678Z', 'day', 'America/New_York')).toBe('2030-01-06T05:00:00.000Z')
  })
})
