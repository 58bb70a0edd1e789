import Link from 'next/link'
import { cx } from '@/components/ui/cx'
import type { ActivityRow } from '@/lib/shared/activity'
import type { EventTone } from '@/lib/shared/event-in-words'

const dots: Record<EventTone, string> = {
  neutral: 'bg-slate-400',
  success: 'bg-emerald-600',
  warning: 'bg-amber-500',
  danger: 'bg-red-600',
}

const toneWords: Record<EventTone, string | undefined> = {
  neutral: undefined,
  success: undefined,
  warning: 'Warning',
  danger: 'Problem',
}

const link = 'font-medium text-brand-700 hover:underline'

/** The code an event concerns: a link to its page when it has one, else its name and why there is none. */
function CodeCell({ code }: { code: NonNullable<ActivityRow['code']> }) {
  return (
    <>
      {code.href === null ? (
        <span className="font-medium text-slate-800">{code.name}</span>
      ) : (
        <Link href={code.href} className={link}>
          {code.name}
        </Link>
      )}
      {code.note !== null && <span className="text-slate-500"> ({code.note})</span>}
    </>
  )
}

function LockCell({ row }: { row: ActivityRow }) {
  if (row.lock === null) return <span className="text-slate-500">—</span>
  return (
    <>
      {row.lock.href === null ? (
        <span className="font-medium text-slate-800">{row.lock.name} (removed)</span>
      ) : (
        <Link href={row.lock.href} className={link}>
          {row.lock.name}
        </Link>
      )}
      {row.property !== null && <span className="block text-xs text-slate-500">{row.property}</span>}
    </>
  )
}

/**
 * Events newest first, each in words with its time (in its property's zone), its code and its lock. A list rather
 * than a table, so that a phone shows each event as a short block.
 */
export function ActivityList({ rows }: { rows: readonly ActivityRow[] }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      <div
        aria-hidden="true"
        className="hidden grid-cols-[12rem_minmax(0,1fr)_12rem_12rem] gap-4 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-500 md:grid"
      >
        <span>When</span>
        <span>What happened</span>
        <span>Code</span>
        <span>Lock</span>
      </div>
      <ol className="divide-y divide-slate-200">
        {rows.map((row) => (
          <li
            key={row.eventId}
            className="grid grid-cols-2 gap-x-3 gap-y-1 px-4 py-3 text-sm md:grid-cols-[12rem_minmax(0,1fr)_12rem_12rem] md:gap-4"
          >
            <time
              dateTime={row.occurredAt}
              className="order-2 col-span-2 text-xs text-slate-600 md:order-none md:col-span-1 md:text-sm"
            >
              {row.time}
            </time>
            <div className="order-1 col-span-2 min-w-0 md:order-none md:col-span-1">
              <p className="flex items-start gap-2">
                <span aria-hidden="true" className={cx('mt-1.5 size-2 shrink-0 rounded-full', dots[row.tone])} />
                <span
                  className={cx('font-medium break-words', row.tone === 'danger' ? 'text-red-800' : 'text-slate-900')}
                >
                  {toneWords[row.tone] !== undefined && <span className="sr-only">{toneWords[row.tone]}: </span>}
                  {row.summary}
                </span>
              </p>
              {row.detail !== null && <p className="mt-0.5 pl-4 text-xs text-slate-600">{row.detail}</p>}
            </div>
            <div className="order-3 min-w-0 break-words md:order-none">
              {row.code === null ? (
                <span className="hidden text-slate-500 md:inline">—</span>
              ) : (
                <>
                  <span className="text-slate-500 md:sr-only">Code: </span>
                  <CodeCell code={row.code} />
                </>
              )}
            </div>
            <div className="order-4 min-w-0 break-words md:order-none">
              <span className="text-slate-500 md:sr-only">Lock: </span>
              <LockCell row={row} />
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}
