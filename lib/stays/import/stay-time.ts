import 'server-only'
import { zonedInputToUtc } from '@/lib/time/zoned'

/**
 * A check-in or check-out as a stays CSV writes it: `YYYY-MM-DD HH:mm` on the property's wall clock (what a
 * property-management system exports), or ISO 8601 with an offset (`2026-04-01T16:00:00-06:00`, `…Z`).
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})$/
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)$/i

const pad = (n: number): string => String(n).padStart(2, '0')

function isCalendarDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** Minutes east of UTC for `Z`, `+05:30`, `-0600` or `+01`. */
function offsetMinutes(offset: string): number | undefined {
  if (offset.toUpperCase() === 'Z') return 0
  const sign = offset.startsWith('-') ? -1 : 1
  const digits = offset.slice(1).replace(':', '')
  const hours = Number(digits.slice(0, 2))
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0
  if (hours > 18 || minutes > 59) return undefined
  return sign * (hours * 60 + minutes)
}

/** `needsTimeZone`: a wall-clock time, and no zone to read it in. */
export type StayTime = { instant: string } | { error: string } | { needsTimeZone: true }

/**
 * The UTC instant (toISOString) of a CSV time, or why it is not one. A wall-clock time needs the property's zone:
 * with `timeZone` undefined (the property is unknown) only times with an offset can be read.
 */
export function parseStayTime(value: string, timeZone: string | undefined): StayTime {
  const local = LOCAL.exec(value)
  if (local !== null) {
    const [year, month, day, hour, minute] = local.slice(1).map(Number) as [number, number, number, number, number]
    if (!isCalendarDay(year, month, day)) return { error: 'is not a day of the calendar' }
    if (hour > 23 || minute > 59) return { error: 'is not a time of day (00:00 to 23:59)' }
    if (timeZone === undefined) return { needsTimeZone: true }
    const instant = zonedInputToUtc(`${local[1]}-${local[2]}-${local[3]}T${pad(hour)}:${local[5]}`, timeZone)
    return instant === undefined ? { error: `is not a time in ${timeZone}` } : { instant }
  }
  const zoned = WITH_OFFSET.exec(value)
  if (zoned !== null) {
    const [year, month, day, hour, minute] = zoned.slice(1, 6).map(Number) as [number, number, number, number, number]
    const second = Number(zoned[6] ?? 0)
    const ms = Math.floor(Number(`0${zoned[7] ?? ''}`) * 1000)
    const offset = offsetMinutes(zoned[8] ?? '')
    if (!isCalendarDay(year, month, day)) return { error: 'is not a day of the calendar' }
    if (hour > 23 || minute > 59 || second > 59) return { error: 'is not a time of day (00:00 to 23:59)' }
    if (offset === undefined) return { error: 'has an offset from UTC that does not exist' }
    const instant = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000
    return { instant: new Date(instant).toISOString() }
  }
  return {
    error:
      `is not a time: write YYYY-MM-DD HH:mm in ${timeZone === undefined ? "the property's time zone" : timeZone}` +
      ' (e.g. 2026-04-01 16:00), or ISO 8601 with an offset (e.g. 2026-04-01T16:00:00-06:00)',
  }
}
