import Link from 'next/link'
import { Badge } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import { CheckIcon } from '@/components/ui/icons'
import type { LockOverview } from '@/lib/shared/workspace-overview'
import { isLowBattery } from '@/lib/shared/battery'
import { brandAndModel } from '@/lib/shared/brand-and-model'

/** One lock on the overview: its health at a glance, and the way into its codes. */
export function LockCard({ lock, href }: { lock: LockOverview; href: string }) {
  const reachable = lock.online && lock.accountConnected
  return (
    <article
      className={cx(
        'relative flex flex-col rounded-lg border bg-white shadow-sm transition-shadow hover:shadow-md has-[a:focus-visible]:ring-2 has-[a:focus-visible]:ring-brand-600',
        reachable ? 'border-slate-200' : 'border-red-300 ring-1 ring-red-200',
      )}
    >
      <div className="flex items-start justify-between gap-3 px-4 pt-4">
        <div className="min-w-0">
          <h3 className="truncate text-base font-semibold text-slate-900">
            {/* The link stretches over the whole card, so anywhere on it opens the lock. */}
            <Link href={href} className="after:absolute after:inset-0 after:rounded-lg focus-visible:outline-none!">
              {lock.name}
            </Link>
          </h3>
          <p className="truncate text-sm text-slate-600">{brandAndModel(lock)}</p>
        </div>
        <ConnectionBadge lock={lock} />
      </div>

      <dl className="mt-4 grid grid-cols-3 border-y border-slate-100 text-center">
        <Stat label="Codes" value={lock.codeCount} />
        <Stat label="Problems" value={lock.problemCodeCount} tone={lock.problemCodeCount > 0 ? 'danger' : 'neutral'} />
        <Stat
          label="In progress"
          value={lock.inProgressCount}
          tone={lock.inProgressCount > 0 ? 'progress' : 'neutral'}
        />
      </dl>

      {/* Always two lines, so the cards in a row line up: the battery, then the one thing to know about the codes. */}
      <div className="flex flex-1 flex-col gap-2 px-4 py-3">
        <BatteryLine battery={lock.battery} />
        <HealthLine lock={lock} />
      </div>
    </article>
  )
}

function HealthLine({ lock }: { lock: LockOverview }) {
  // The problems queue's most urgent problem for the lock (it also knows arrivals at risk, a nearly full keypad and
  // old PINs still on the keypad); the codes' own most important issue when the queue has none.
  const top =
    lock.attention !== null
      ? { title: lock.attention.title, severity: lock.attention.severity, more: lock.attention.count - 1 }
      : lock.topProblems[0] !== undefined
        ? { ...lock.topProblems[0], more: lock.distinctProblemCount - 1 }
        : undefined
  if (top !== undefined) {
    return (
      <p className="flex min-w-0 items-center gap-2">
        <Badge tone={top.severity === 'notice' ? 'warning' : 'danger'} className="min-w-0">
          <WarningIcon />
          <span className="truncate">{top.title}</span>
        </Badge>
        {top.more > 0 && (
          <span className="shrink-0 text-xs text-slate-600">
            +{top.more} more<span className="sr-only"> {top.more === 1 ? 'problem' : 'problems'}</span>
          </span>
        )}
      </p>
    )
  }
  if (!lock.accountConnected || !lock.online) {
    return <p className="text-sm text-red-800">Changes wait until it is back online.</p>
  }
  if (lock.codeCount === 0) return <p className="text-sm text-slate-600">No codes yet.</p>
  return (
    <p className="flex items-center gap-1.5 text-sm text-emerald-800">
      <CheckIcon className="shrink-0" />
      No problems
    </p>
  )
}

function ConnectionBadge({ lock }: { lock: LockOverview }) {
  if (!lock.accountConnected) {
    return (
      <Badge tone="danger" className="shrink-0">
        <span aria-hidden="true" className="size-1.5 rounded-full bg-red-600" />
        Account disconnected
      </Badge>
    )
  }
  return lock.online ? (
    <Badge tone="success" className="shrink-0">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600" />
      Online
    </Badge>
  ) : (
    <Badge tone="danger" className="shrink-0">
      <span aria-hidden="true" className="size-1.5 rounded-full bg-red-600" />
      Offline
    </Badge>
  )
}

const statTones = { neutral: 'text-slate-900', danger: 'text-red-700', progress: 'text-sky-800' } as const

function Stat({ label, value, tone = 'neutral' }: { label: string; value: number; tone?: keyof typeof statTones }) {
  return (
    <div className="flex flex-col-reverse py-2.5 [&:not(:first-child)]:border-l [&:not(:first-child)]:border-slate-100">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className={cx('text-lg font-semibold tabular-nums', statTones[tone])}>{value}</dd>
    </div>
  )
}

function BatteryLine({ battery }: { battery: LockOverview['battery'] }) {
  if (battery === null) {
    return (
      <p className="flex items-center gap-1.5 text-sm text-slate-600">
        <BatteryIcon level={0} className="text-slate-400" />
        Battery not reported
      </p>
    )
  }
  const percent = Math.round(battery.level * 100)
  if (isLowBattery(battery.status)) {
    const critical = battery.status === 'critical'
    return (
      <p className={cx('flex items-center gap-1.5 text-sm font-medium', critical ? 'text-red-800' : 'text-amber-900')}>
        <BatteryIcon level={battery.level} className={critical ? 'text-red-600' : 'text-amber-600'} />
        {critical ? 'Battery critical' : 'Battery low'}: {percent}%
        <span className="font-normal text-slate-600">· replace soon</span>
      </p>
    )
  }
  return (
    <p className="flex items-center gap-1.5 text-sm text-slate-700">
      <BatteryIcon level={battery.level} className="text-emerald-600" />
      Battery {percent}%
    </p>
  )
}

function BatteryIcon({ level, className }: { level: number; className?: string }) {
  const width = Math.max(1.5, Math.min(1, level) * 13)
  return (
    <svg viewBox="0 0 20 12" aria-hidden="true" className={cx('h-3 w-5 shrink-0', className)}>
      <rect x="0.75" y="0.75" width="16" height="10.5" rx="2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <rect x="17.75" y="3.5" width="1.75" height="5" rx="0.75" fill="currentColor" />
      <rect x="2.25" y="2.25" width={width} height="7.5" rx="1" fill="currentColor" />
    </svg>
  )
}

function WarningIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true" className="size-3.5 shrink-0 fill-current">
      <path d="M8.87 1.5a1 1 0 0 0-1.74 0L.6 13a1 1 0 0 0 .87 1.5h13.06a1 1 0 0 0 .87-1.5zM8.75 11.75a.75.75 0 1 1-1.5 0 .75.75 0 0 1 1.5 0M8 5a.75.75 0 0 1 .75.75v3.5a.75.75 0 0 1-1.5 0v-3.5A.75.75 0 0 1 8 5" />
    </svg>
  )
}
