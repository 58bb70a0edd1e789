import { describe, expect, it } from 'vitest'
import { canonicalTimeZone, localTimeToUtc, utcToLocalTime } from '@/lib/time/time-zone'

describe('canonicalTimeZone', () => {
  it('accepts IANA names in any case and returns their canonical spelling', () => {
    expect(canonicalTimeZone('america/denver')).toBe('America/Denver')
    expect(canonicalTimeZone('Europe/Lisbon')).toBe('Europe/Lisbon')
  })
  it('rejects names the time-zone database does not know', () => {
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeUndefined()
    expect(canonicalTimeZone('')).toBeUndefined()
    expect(canonicalTimeZone('  ')).toBeUndefined()
  })
})

describe('localTimeToUtc', () => {
  it('applies standard and summer offsets', () => {
    expect(localTimeToUtc({ year: 2026, month: 1, day: 15, hour: 16, minute: 0 }, 'America/Denver').toISOString()).toBe(
      '2026-01-15T23:00:00.000Z',
    )
    expect(localTimeToUtc({ year: 2026, month: 7, day: 15, hour: 16, minute: 0 }, 'America/Denver').toISOString()).toBe(
      '2026-07-15T22:00:00.000Z',
    )
    expect(localTimeToUtc({ year: 2026, month: 7, day: 15, hour: 11, minute: 30 }, 'Europe/Lisbon').toISOString()).toBe(
      '2026-07-15T10:30:00.000Z',
    )
  })
  it('moves a time skipped by spring-forward past the gap, and takes the first pass of a repeated hour', () => {
    // Denver skips 02:00–03:00 on 2026-03-08 and repeats 01:00–02:00 on 2026-11-01.
    expect(localTimeToUtc({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/Denver').toISOString()).toBe(
      '2026-03-08T09:30:00.000Z',
    )
    expect(localTimeToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/Denver').toISOString()).toBe(
      '2026-11-01T07:30:00.000Z',
    )
  })
  it('round-trips with utcToLocalTime', () => {
    const local = { year: 2026, month: 10, day: 25, hour: 9, minute: 45 }
    expect(utcToLocalTime(localTimeToUtc(local, 'Europe/Lisbon'), 'Europe/Lisbon')).toEqual(local)
  })
})
