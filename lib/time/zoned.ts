import { TZDate } from '@date-fns/tz'

/**
 * Wall-clock times in a property's time zone <-> UTC instants. Forms show and take times as the property keeps them
 * ("check-in 15:00 in Denver"), the API stores instants.
 */

const pad = (n: number): string => String(n).padStart(2, '0')

/** The `YYYY-MM-DDTHH:mm` a datetime-local input shows for this instant in the zone. */
export function toZonedInputValue(iso: string, timeZone: string): string {
  const d = new TZDate(new Date(iso).getTime(), timeZone)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

const INPUT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** The UTC instant of a wall-clock `YYYY-MM-DDTHH:mm` in the zone, or undefined when the text is not such a time. */
export function zonedInputToUtc(value: string, timeZone: string): string | undefined {
  const match = INPUT_PATTERN.exec(value)
  if (match === null) return undefined
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined
  const zoned = new TZDate(year, month - 1, day, hour, minute, timeZone)
  if (Number.isNaN(zoned.getTime())) return undefined
  return new Date(zoned.getTime()).toISOString()
}

/** "Fri, Mar 6, 3:00 PM" in the zone. */
export function formatInZone(iso: string, timeZone: string, options: Intl.DateTimeFormatOptions = {}): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...options,
  }).format(new Date(iso))
}

/** The zone's short name at that instant, e.g. "MST" or "GMT+1". */
export function zoneAbbreviation(timeZone: string, at: Date = new Date()): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')
  return part?.value ?? timeZone
}

/** "Fri, Mar 6, 3:00 PM MST": the time in the zone, followed by the zone's name at that instant. */
export const formatWithZone = (iso: string, timeZone: string, options: Intl.DateTimeFormatOptions = {}): string =>
  `${formatInZone(iso, timeZone, options)} ${zoneAbbreviation(timeZone, new Date(iso))}`

/** "America/Denver (MST)". */
export const zoneLabel = (timeZone: string, at: Date = new Date()): string =>
  `${timeZone} (${zoneAbbreviation(timeZone, at)})`

/**
 * The canonical IANA name of a time zone (`america/denver` → `America/Denver`), or undefined when the runtime's
 * time-zone database does not know it.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (name.trim() === '') return undefined
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone
  } catch {
    return undefined
  }
}
