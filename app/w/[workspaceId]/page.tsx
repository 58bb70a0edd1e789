import type { Metadata } from 'next'
import { LocksOverview } from '@/components/devices/locks-overview'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import { getWorkspaceOverview } from '@/lib/dashboard/overview'
import type { OverviewTotals } from '@/lib/shared/workspace-overview'
import { workspacePage } from '@/lib/server/service-context'

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
        <LocksOverview properties={overview.properties} workspaceId={workspaceId} renderedAt={now.toISOString()} />
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
    ...(totals.needAttention > 0
      ? [{ text: count(totals.needAttention, 'lock with problems', 'locks with problems'), alert: true }]
      : []),
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
