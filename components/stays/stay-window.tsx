import { formatInZone, zoneAbbreviation } from '@/lib/time/zoned'

/**
 * "Fri, Mar 6, 3:00 PM → Sun, Mar 8, 11:00 AM MDT": a window on the wall clock of `timezone`, the zone's name after
 * it (at check-out, so a stay across a DST change says which one it ends in). The year only when it is not `now`'s.
 */
export function StayWindow({
  checkIn,
  checkOut,
  timezone,
  now,
  showZone = true,
}: {
  checkIn: string
  checkOut: string
  timezone: string
  /** When the page was rendered, so that the server and the browser write the same. */
  now: string
  showZone?: boolean
}) {
  const year = new Date(now).getUTCFullYear()
  const options = (iso: string): Intl.DateTimeFormatOptions =>
    new Date(iso).getUTCFullYear() === year ? {} : { year: 'numeric' }
  const inAbbr = zoneAbbreviation(timezone, new Date(checkIn))
  const outAbbr = zoneAbbreviation(timezone, new Date(checkOut))
  return (
    <span className="inline-flex flex-wrap gap-x-1">
      <span className="whitespace-nowrap">
        <time dateTime={checkIn}>{formatInZone(checkIn, timezone, options(checkIn))}</time>
        {showZone && inAbbr !== outAbbr && ` ${inAbbr}`}
        <span aria-hidden="true"> →</span>
        <span className="sr-only"> to</span>
      </span>
      <span className="whitespace-nowrap">
        <time dateTime={checkOut}>{formatInZone(checkOut, timezone, options(checkOut))}</time>
        {showZone && ` ${outAbbr}`}
      </span>
    </span>
  )
}
