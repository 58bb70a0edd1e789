import { describe, expect, it } from 'vitest'
import { normalizeRounding, roundDown, roundOfflineWindow, roundUp } from '@/lib/access-codes/offline-window'

describe('roundOfflineWindow', () => {
  it('widens to whole hours by default: the start down, the end up', () => {
    const window = { starts_at: '2030-01-05T15:20:00.000Z', ends_at: '2030-01-08T11:05:00.000Z' }
    const hourly = { starts_at: '2030-01-05T15:00:00.000Z', ends_at: '2030-01-08T12:00:00.000Z' }
    expect(roundOfflineWindow(window, undefined, 'America/New_York')).toEqual(hourly)
    expect(roundOfflineWindow(window, '1hour', 'America/New_York')).toEqual(hourly)
    expect(roundOfflineWindow(window, '1h', 'America/New_York')).toEqual(hourly)
  })

  it('leaves times already on the boundary alone', () => {
    const window = { starts_at: '2030-01-05T15:00:00.000Z', ends_at: '2030-01-08T11:00:00.000Z' }
    expect(roundOfflineWindow(window, '1hour', 'Europe/Lisbon')).toEqual(window)
    const days = { starts_at: '2030-01-05T05:00:00.000Z', ends_at: '2030-01-08T05:00:00.000Z' }
    expect(roundOfflineWindow(days, '1day', 'America/New_York')).toEqual(days)
  })

  it('widens to whole days at midnight in the lock’s zone, not in UTC', () => {
    // 15:00 and 11:00 in New York (UTC-5): from midnight of the first day to midnight after the last.
    const window = { starts_at: '2030-01-05T20:00:00.000Z', ends_at: '2030-01-08T16:00:00.000Z' }
    const daily = { starts_at: '2030-01-05T05:00:00.000Z', ends_at: '2030-01-09T05:00:00.000Z' }
    expect(roundOfflineWindow(window, '1day', 'America/New_York')).toEqual(daily)
    expect(roundOfflineWindow(window, '1d', 'America/New_York')).toEqual(daily)
    expect(roundOfflineWindow(window, '1d', 'Asia/Tokyo')).toEqual({
      starts_at: '2030-01-05T15:00:00.000Z',
      ends_at: '2030-01-09T15:00:00.000Z',
    })
  })

  it('finds the hour in zones offset by half an hour', () => {
    // 10:50 in Kolkata (UTC+5:30) is 05:20 UTC; its hour began at 10:00 local, 04:30 UTC.
    expect(roundDown('2030-01-05T05:20:00.000Z', 'hour', 'Asia/Kolkata')).toBe('2030-01-05T04:30:00.000Z')
    expect(roundUp('2030-01-05T05:20:00.000Z', 'hour', 'Asia/Kolkata')).toBe('2030-01-05T05:30:00.000Z')
  })

  it('keeps wall-clock midnight across a DST change (a day of 23 hours)', () => {
    // New York springs forward on 2030-03-10: that day runs from 05:00 UTC to 04:00 UTC the next day.
    expect(roundUp('2030-03-10T12:00:00.000Z', 'day', 'America/New_York')).toBe('2030-03-11T04:00:00.000Z')
    expect(roundDown('2030-03-10T12:00:00.000Z', 'day', 'America/New_York')).toBe('2030-03-10T05:00:00.000Z')
  })

  it('stores the long spelling', () => {
    expect(['1h', '1hour', undefined, null].map(normalizeRounding)).toEqual(['1hour', '1hour', '1hour', '1hour'])
    expect(['1d', '1day'].map(normalizeRounding)).toEqual(['1day', '1day'])
  })
})
