import type { Metadata } from 'next'
import { LockCard } from '@/components/devices/lock-card'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import { getWorkspaceOverview } from '@/lib/dashboard/overview'
import type { OverviewTotals, PropertyOverview } from '@/lib/shared/workspace-overview'
import { workspacePage } from '@/lib/server/service-context'
import { formatInZone, zoneLabel } from '@/lib/time/zoned'

export const metadata: Metadata = { title: 'Locks' }

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

export default async function OverviewPage({ params }: { params: Promise<{ workspaceId: string }> }) {
  const { workspaceId } = await params
  const { ctx, workspace } = await workspacePage(workspaceId)
  const overview = await getWorkspaceOverview(ctx)
  const now = ctx.clock.now()

  return (
    <div className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{workspace.name}</h1>
        {overview.totals.locks > 0 && <Summary totals={overview.totals} properties={overview.properties.length} />}
      </header>

      {overview.totals.locks === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white">
          <EmptyState
            title={
              <span className="flex flex-col items-center gap-3">
                <LockIcon />
                No locks yet
              </span>
            }
          >
            <p>
              Locks appear here, grouped by property, as soon as a lock account is connected to this workspace. Each
              shows whether it is online, its battery, and how its access codes are doing.
            </p>
            <p className="mt-3">To try Latchkey with sandbox locks, create a workspace that has some:</p>
            <code className="mt-2 block rounded-md bg-slate-100 px-3 py-2 text-left font-mono text-xs break-words text-slate-800">
              npm run cli -- workspace create --name Demo --sandbox-devices 5
            </code>
          </EmptyState>
        </div>
      ) : (
        overview.properties.map((property) => (
          <PropertySection key={property.propertyId} property={property} workspaceId={workspaceId} now={now} />
        ))
      )}
    </div>
  )
}

function Summary({ totals, properties }: { totals: OverviewTotals; properties: number }) {
  const parts = [
    {
      text: `${count(totals.locks, 'lock', 'locks')}${properties > 1 ? ` in ${properties} properties` : ''}`,
      alert: false,
    },
    { text: `${totals.offline} offline`, alert: totals.offline > 0 },
    { text: count(totals.problemCodes, 'code with problems', 'codes with problems'), alert: totals.problemCodes > 0 },
    ...(totals.inProgress > 0 ? [{ text: `${totals.inProgress} in progress`, alert: false }] : []),
    ...(totals.lowBattery > 0 ? [{ text: count(totals.lowBattery, 'low battery', 'low batteries'), alert: true }] : []),
  ]
  // Prose with commas rather than a dotted list: it wraps cleanly on a phone.
  return (
    <p className="mt-1 text-sm text-slate-600">
      {parts.map((part, i) => (
        <span key={part.text}>
          {i > 0 && ', '}
          <span className={cx('whitespace-nowrap', part.alert && 'font-semibold text-red-700')}>{part.text}</span>
        </span>
      ))}
    </p>
  )
}

function PropertySection({
  property,
  workspaceId,
  now,
}: {
  property: PropertyOverview
  workspaceId: string
  now: Date
}) {
  const headingId = `property-${property.propertyId}`
  const offline = property.locks.filter((l) => !l.online || !l.accountConnected).length
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-slate-200 pb-2">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-0.5">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900">
            {property.name}
          </h2>
          <p className="text-sm text-slate-600">
            <span className="sr-only">Time zone: </span>
            {zoneLabel(property.timezone, now)}
            <span aria-hidden="true"> · </span>
            <span className="whitespace-nowrap">
              {formatInZone(now.toISOString(), property.timezone, {
                weekday: undefined,
                month: undefined,
                day: undefined,
              })}{' '}
              local time
            </span>
          </p>
        </div>
        <p className="text-sm text-slate-600">
          {count(property.locks.length, 'lock', 'locks')}
          {offline > 0 && (
            <>
              , <span className="font-semibold text-red-700">{offline} offline</span>
            </>
          )}
        </p>
      </div>
      {property.locks.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No locks in this property yet.
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
          {property.locks.map((lock) => (
            <li key={lock.deviceId} className="grid">
              <LockCard lock={lock} href={`/w/${workspaceId}/devices/${lock.deviceId}`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function LockIcon() {
  return (
    <span
      aria-hidden="true"
      className="flex size-12 items-center justify-center rounded-full bg-brand-50 text-brand-700"
    >
      <svg
        viewBox="0 0 24 24"
        className="size-6 fill-none stroke-current"
        strokeWidth="1.75"
        strokeLinecap="round"
        strokeLinejoin="round"
      >
        <rect x="4.5" y="10.5" width="15" height="10" rx="2" />
        <path d="M8 10.5V7.5a4 4 0 0 1 8 0v3" />
        <path d="M12 14.5v2.5" />
      </svg>
    </span>
  )
}
