import { cx } from '@/components/ui/cx'
import type { TimelineEntry } from '@/lib/schemas/explanation'
import { formatWithZone } from '@/lib/time/zoned'

type Tone = 'neutral' | 'success' | 'danger'

const BAD_EVENTS = /failed|external|disconnected|removed\b|access_denied|delay/
const GOOD_EVENTS = /set_on_device|scheduled_on_device|unlocked|\.connected$/

function toneOf(entry: TimelineEntry): Tone {
  if (entry.kind === 'action_attempt')
    return entry.status === 'error' ? 'danger' : entry.status === 'success' ? 'success' : 'neutral'
  if (entry.event_type === 'access_code.removed_from_device') return 'neutral'
  if (BAD_EVENTS.test(entry.event_type)) return 'danger'
  return GOOD_EVENTS.test(entry.event_type) ? 'success' : 'neutral'
}

const dots: Record<Tone, string> = { neutral: 'bg-slate-400', success: 'bg-emerald-600', danger: 'bg-red-600' }

/** The code's events, its lock's connection events and its action attempts, newest first, in the property's time. */
export function WhyTimeline({ entries, timezone }: { entries: readonly TimelineEntry[]; timezone: string }) {
  if (entries.length === 0) return <p className="text-sm text-slate-600">Nothing has happened to this code yet.</p>
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-5">
      {entries.map((entry) => (
        <li key={entry.kind === 'event' ? entry.event_id : entry.action_attempt_id} className="relative">
          <span
            aria-hidden="true"
            className={cx('absolute top-1.5 -left-[25px] size-2.5 rounded-full ring-4 ring-white', dots[toneOf(entry)])}
          />
          <p className="text-sm text-slate-900">{entry.text}</p>
          <p className="text-xs text-slate-600">
            <time dateTime={entry.at}>{formatWithZone(entry.at, timezone, { second: '2-digit' })}</time>
            {' · '}
            {entry.kind === 'event'
              ? entry.about_code
                ? 'event'
                : 'lock event'
              : `action attempt${entry.ended_at === null ? '' : `, ended ${formatWithZone(entry.ended_at, timezone, { second: '2-digit' })}`}`}
          </p>
        </li>
      ))}
    </ol>
  )
}
