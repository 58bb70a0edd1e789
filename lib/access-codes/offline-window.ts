import 'server-only'
import { TZDate } from '@date-fns/tz'
import type { MaxTimeRounding } from '@/lib/schemas/access-code'

/**
 * The window of an offline code as the lock maker's algorithm can express it: whole hours (`1hour`, the default) or
 * whole days (`1day`) on the lock's clock, that is in its property's time zone. Rounding widens the window, the start
 * down and the end up, by less than one unit each: the guest is never shut out of the time they were given, and the
 * answer shows the window the PIN really opens.
 */

export type RoundingUnit = 'hour' | 'day'

export const roundingUnitOf = (value: MaxTimeRounding | string | null | undefined): RoundingUnit =>
  value === '1day' || value === '1d' ? 'day' : 'hour'

/** The stored (long) spelling of a rounding: `1h` → `1hour`, `1d` → `1day`. */
export const normalizeRounding = (value: MaxTimeRounding | string | null | undefined): '1hour' | '1day' =>
  roundingUnitOf(value) === 'day' ? '1day' : '1hour'

/** The start of the hour or day (in the zone) holding `iso`. */
function floorInZone(iso: string, unit: RoundingUnit, timeZone: string): TZDate {
  const d = new TZDate(new Date(iso).getTime(), timeZone)
  // An hour starts where the zone's minutes are zero, also in zones offset by half or three quarters of an hour.
  const intoHour = (d.getMinutes() * 60 + d.getSeconds()) * 1000 + d.getMilliseconds()
  const hourStart = new TZDate(d.getTime() - intoHour, timeZone)
  if (unit === 'hour') return hourStart
  const midnight = new TZDate(d.getFullYear(), d.getMonth(), d.getDate(), 0, 0, 0, 0, timeZone)
  // Where a DST change skips midnight itself, the day starts at its first hour instead.
  return midnight.getTime() > d.getTime() ? hourStart : midnight
}

export function roundDown(iso: string, unit: RoundingUnit, timeZone: string): string {
  return new Date(floorInZone(iso, unit, timeZone).getTime()).toISOString()
}

export function roundUp(iso: string, unit: RoundingUnit, timeZone: string): string {
  const floor = floorInZone(iso, unit, timeZone)
  if (floor.getTime() === new Date(iso).getTime()) return new Date(iso).toISOString()
  // The next boundary by wall clock (the next local midnight, a day of 23 or 25 hours across a DST change).
  const next =
    unit === 'day'
      ? new TZDate(floor.getFullYear(), floor.getMonth(), floor.getDate() + 1, 0, 0, 0, 0, timeZone)
      : new TZDate(floor.getTime() + 3_600_000, timeZone)
  return new Date(next.getTime()).toISOString()
}

/** The offline code's window, widened to whole hours or days in the lock's zone. */
export function roundOfflineWindow(
  window: { starts_at: string; ends_at: string },
  rounding: MaxTimeRounding | string | null | undefined,
  timeZone: string,
): { starts_at: string; ends_at: string } {
  const unit = roundingUnitOf(rounding)
  return { starts_at: roundDown(window.starts_at, unit, timeZone), ends_at: roundUp(window.ends_at, unit, timeZone) }
}
