import { cx } from '@/components/ui/cx'
import { scheduleTiming, type TableCode } from '@/lib/client/codes-table-model'
import { formatInZone } from '@/lib/time/zoned'

const timingLook = {
  upcoming: { label: 'Upcoming', className: 'text-sky-800' },
  active: { label: 'Active now', className: 'text-emerald-700' },
  ended: { label: 'Ended', className: 'text-slate-500' },
} as const

// Building an Intl formatter is the costly part of formatting a date: a table page shows a hundred of them and
// redraws them as people type, so each distinct date is formatted once.
const formatted = new Map<string, string>()
const FORMATTED_LIMIT = 10_000

function formatWhen(iso: string, timezone: string, withYear: boolean): string {
  const key = `${timezone}|${iso}|${withYear ? 'y' : ''}`
  let text = formatted.get(key)
  if (text === undefined) {
    text = formatInZone(iso, timezone, withYear ? { year: 'numeric' } : {})
    if (formatted.size >= FORMATTED_LIMIT) formatted.clear()
    formatted.set(key, text)
  }
  return text
}

function When({ iso, timezone, now }: { iso: string; timezone: string; now: number }) {
  const otherYear = new Date(iso).getUTCFullYear() !== new Date(now).getUTCFullYear()
  return <time dateTime={iso}>{formatWhen(iso, timezone, otherYear)}</time>
}

/** "Fri, Mar 6, 3:00 PM → Sun, Mar 8, 11:00 AM" with where `now` falls in it, or "Always" for an ongoing code. */
export function CodeSchedule({
  code,
  timezone,
  now,
}: {
  code: Pick<TableCode, 'type' | 'starts_at' | 'ends_at'>
  timezone: string
  now: number
}) {
  const timing = scheduleTiming(code, now)
  if (timing === 'always' || code.starts_at == null || code.ends_at == null) {
    return <span className="text-slate-700">Always</span>
  }
  const look = timingLook[timing]
  return (
    <div className="text-slate-700">
      <div className="flex flex-wrap gap-x-1">
        <span className="whitespace-nowrap">
          <When iso={code.starts_at} timezone={timezone} now={now} />
          <span aria-hidden="true"> →</span>
          <span className="sr-only"> to</span>
        </span>
        <span className="whitespace-nowrap">
          <When iso={code.ends_at} timezone={timezone} now={now} />
        </span>
      </div>
      <div className={cx('mt-0.5 text-xs font-medium', look.className)}>{look.label}</div>
    </div>
  )
}
