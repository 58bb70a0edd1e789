import { describe, expect, it } from 'vitest'
import {
  canonicalTimeZone,
  formatInZone,
  formatWithZone,
  toZonedInputValue,
  zonedInputToUtc,
  zoneAbbreviation,
} from '@/lib/time/zoned'

describe('zoned times', () => {
  it('reads a wall-clock time in the property’s zone as the right UTC instant', () => {
    expect(zonedInputToUtc('2026-03-06T15:00', 'America/Denver')).toBe('2026-03-06T22:00:00.000Z')
    expect(zonedInputToUtc('2026-07-06T15:00', 'America/Denver')).toBe('2026-07-06T21:00:00.000Z')
    expect(zonedInputToUtc('2026-07-06T15:00', 'Europe/Lisbon')).toBe('2026-07-06T14:00:00.000Z')
    expect(zonedInputToUtc('2026-01-06T15:00', 'Asia/Kolkata')).toBe('2026-01-06T09:30:00.000Z')
  })

  it('shows an instant as the property’s wall-clock time', () => {
    expect(toZonedInputValue('2026-03-06T22:00:00.000Z', 'America/Denver')).toBe('2026-03-06T15:00')
    expect(toZonedInputValue('2026-07-06T14:00:00.000Z', 'Europe/Lisbon')).toBe('2026-07-06T15:00')
  })

  it('round-trips', () => {
    for (const zone of ['America/New_York', 'Europe/Lisbon', 'Australia/Sydney', 'UTC']) {
      const iso = '2026-11-03T06:30:00.000Z'
      const wall = toZonedInputValue(iso, zone)
      expect(zonedInputToUtc(wall, zone)).toBe(iso)
    }
  })

  it('takes the first of two wall-clock times that occur twice when clocks go back', () => {
    // 01:30 happens twice in New York on 2026-11-01: first in EDT (05:30Z), then in EST (06:30Z).
    expect(zonedInputToUtc('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z')
  })

  it('rejects text that is not a wall-clock time', () => {
    expect(zonedInputToUtc('2026-13-06T15:00', 'UTC')).toBeUndefined()
    expect(zonedInputToUtc('tomorrow', 'UTC')).toBeUndefined()
    expect(zonedInputToUtc('2026-03-06 15:00', 'UTC')).toBeUndefined()
  })

  it('formats in the zone with its abbreviation', () => {
    expect(formatInZone('2026-03-06T22:00:00.000Z', 'America/Denver')).toBe('Fri, Mar 6, 3:00 PM')
    expect(zoneAbbreviation('America/Denver', new Date('2026-03-06T22:00:00.000Z'))).toBe('MST')
  })

  it('labels a time with the zone’s name at that instant, not now', () => {
    expect(formatWithZone('2026-03-06T22:00:00.000Z', 'America/Denver')).toBe('Fri, Mar 6, 3:00 PM MST')
    expect(formatWithZone('2026-07-06T21:00:00.000Z', 'America/Denver', { year: 'numeric' })).toBe(
      'Mon, Jul 6, 2026, 3:00 PM MDT',
    )
    expect(formatWithZone('2026-07-06T21:00:05.000Z', 'America/Denver', { second: '2-digit' })).toBe(
      'Mon, Jul 6, 3:00:05 PM MDT',
    )
  })
})

describe('canonicalTimeZone', () => {
  it('accepts IANA names in any case and returns their canonical spelling', () => {
    expect(canonicalTimeZone('america/denver')).toBe('America/Denver')
    expect(canonicalTimeZone('Europe/Lisbon')).toBe('Europe/Lisbon')
  })

  it('rejects names the time-zone database does not know', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined()
    expect(canonicalTimeZone('')).toBeUndefined()
  })
})
