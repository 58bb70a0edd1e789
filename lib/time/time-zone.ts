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

export interface LocalDateTime {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
}

/** The wall-clock date and time in `timeZone` at `instant` (seconds dropped). */
export function utcToLocalTime(instant: Date, timeZone: string): LocalDateTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant)
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') }
}

const asUtcMs = (local: LocalDateTime) => Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)

/**
 * The instant at which the wall clock in `timeZone` shows `local`. A time skipped by a DST change resolves to the
 * instant after the gap (02:30 on a spring-forward night becomes 03:30); a repeated hour resolves to its first pass.
 */
export function localTimeToUtc(local: LocalDateTime, timeZone: string): Date {
  const wanted = asUtcMs(local)
  const offsetAt = (instantMs: number) =>
    asUtcMs(utcToLocalTime(new Date(instantMs), timeZone)) - Math.floor(instantMs / 60_000) * 60_000
  const before = offsetAt(wanted - 86_400_000)
  const after = offsetAt(wanted + 86_400_000)
  // Of the zone's offsets around that day, take the one under which the wall clock reads `local`.
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wanted - offset
    if (offsetAt(candidate) === offset) return new Date(candidate)
  }
  return new Date(wanted - before)
}
