import 'server-only'
import { formatInZone, zoneAbbreviation } from '@/lib/time/zoned'

/**
 * Moments as an explanation says them, in the property's time zone: "today at 3:00 PM MST", "tomorrow at 11:00 AM
 * MST", "Fri, Mar 6 at 3:00 PM MST", with the year only when it is not the current one there.
 */
export interface Moments {
  /** "today at 3:00 PM MST". */
  at(iso: string): string
  /** "today at 3:00 PM MST (in 3 hours)": for the moments a guest's arrival hangs on. */
  atFromNow(iso: string): string
}

const HOUR = 3_600_000
const DAY = 24 * HOUR

const dayKey = (iso: string | Date, timeZone: string): string =>
  formatInZone(typeof iso === 'string' ? iso : iso.toISOString(), timeZone, {
    weekday: undefined,
    hour: undefined,
    minute: undefined,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })

/** "in 30 seconds", "in 3 hours", "in 2 days", "5 minutes ago". */
export function fromNow(iso: string, now: Date): string {
  const ms = new Date(iso).getTime() - now.getTime()
  const abs = Math.abs(ms)
  const seconds = Math.round(abs / 1_000)
  const minutes = Math.round(abs / 60_000)
  const hours = Math.round(abs / HOUR)
  const span =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : minutes < 60
        ? `${minutes} minute${minutes === 1 ? '' : 's'}`
        : hours < 48
          ? `${hours} hour${hours === 1 ? '' : 's'}`
          : `${Math.round(abs / DAY)} days`
  return ms >= 0 ? `in ${span}` : `${span} ago`
}

export function momentsIn(timeZone: string, now: Date): Moments {
  const today = dayKey(now, timeZone)
  const tomorrow = dayKey(new Date(now.getTime() + DAY), timeZone)
  const yesterday = dayKey(new Date(now.getTime() - DAY), timeZone)
  const thisYear = formatInZone(now.toISOString(), timeZone, {
    weekday: undefined,
    month: undefined,
    day: undefined,
    hour: undefined,
    minute: undefined,
    year: 'numeric',
  })
  const at = (iso: string): string => {
    const time = formatInZone(iso, timeZone, { weekday: undefined, month: undefined, day: undefined })
    const zone = zoneAbbreviation(timeZone, new Date(iso))
    const day = dayKey(iso, timeZone)
    const date =
      day === today
        ? 'today'
        : day === tomorrow
          ? 'tomorrow'
          : day === yesterday
            ? 'yesterday'
            : formatInZone(iso, timeZone, {
                hour: undefined,
                minute: undefined,
                ...(day.endsWith(thisYear) ? {} : { year: 'numeric' }),
              })
    // Some ICU versions put a narrow no-break space before AM/PM: plain spaces read and search the same everywhere.
    return `${date} at ${time} ${zone}`.replace(/\u202f/g, ' ')
  }
  return { at, atFromNow: (iso) => `${at(iso)} (${fromNow(iso, now)})` }
}
