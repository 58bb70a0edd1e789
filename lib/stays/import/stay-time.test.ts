import { describe, expect, it } from 'vitest'
import { parseStayTime } from '@/lib/stays/import/stay-time'

describe('parseStayTime', () => {
  it('reads YYYY-MM-DD HH:mm on the property’s wall clock, across DST', () => {
    // Denver is UTC-7 in winter (MST), UTC-6 in summer (MDT).
    expect(parseStayTime('2026-01-10 16:00', 'America/Denver')).toEqual({ instant: '2026-01-10T23:00:00.000Z' })
    expect(parseStayTime('2026-07-10 16:00', 'America/Denver')).toEqual({ instant: '2026-07-10T22:00:00.000Z' })
    expect(parseStayTime('2026-07-10T16:00', 'Europe/Lisbon')).toEqual({ instant: '2026-07-10T15:00:00.000Z' })
    expect(parseStayTime('2026-07-10 9:05', 'Europe/Lisbon')).toEqual({ instant: '2026-07-10T08:05:00.000Z' })
  })

  it('reads ISO 8601 with an offset, whatever the property’s zone', () => {
    const utc = { instant: '2026-04-01T22:00:00.000Z' }
    expect(parseStayTime('2026-04-01T16:00:00-06:00', 'Europe/Lisbon')).toEqual(utc)
    expect(parseStayTime('2026-04-01T16:00-06:00', undefined)).toEqual(utc)
    expect(parseStayTime('2026-04-01 16:00:00-0600', undefined)).toEqual(utc)
    expect(parseStayTime('2026-04-01T22:00:00Z', undefined)).toEqual(utc)
    expect(parseStayTime('2026-04-01T22:00:00.250z', undefined)).toEqual({ instant: '2026-04-01T22:00:00.250Z' })
    expect(parseStayTime('2026-04-02T03:30:00+05:30', undefined)).toEqual(utc)
  })

  it('says why a value is not a time', () => {
    expect(parseStayTime('2026-02-30 16:00', 'America/Denver')).toEqual({ error: 'is not a day of the calendar' })
    expect(parseStayTime('2026-02-29T10:00:00Z', undefined)).toEqual({ error: 'is not a day of the calendar' })
    expect(parseStayTime('2028-02-29T10:00:00Z', undefined)).toEqual({ instant: '2028-02-29T10:00:00.000Z' })
    expect(parseStayTime('2026-04-01 24:00', 'America/Denver')).toEqual({
      error: 'is not a time of day (00:00 to 23:59)',
    })
    expect(parseStayTime('2026-04-01 16:00', undefined)).toEqual({ needsTimeZone: true })
    expect(parseStayTime('04/01/2026 4pm', 'America/Denver')).toEqual({
      error:
        'is not a time: write YYYY-MM-DD HH:mm in America/Denver (e.g. 2026-04-01 16:00), or ISO 8601 with an ' +
        'offset (e.g. 2026-04-01T16:00:00-06:00)',
    })
    expect(parseStayTime('2026-04-01T16:00:00+25:00', undefined)).toEqual({
      error: 'has an offset from UTC that does not exist',
    })
  })
})
