import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query'
import type { Metadata } from 'next'
import { cache, type ReactNode } from 'react'
import { CodeBreadcrumb } from '@/components/access-codes/code-breadcrumb'
import { CodesTable } from '@/components/access-codes/codes-table'
import { IssueList } from '@/components/access-codes/issue-list'
import { SlotsInUse } from '@/components/access-codes/slots-in-use'
import { LockSettings } from '@/components/devices/lock-settings'
import { SimulatePanel } from '@/components/devices/simulate-panel'
import { SeamConnectionNote } from '@/components/seam/seam-lock-note'
import { UnmanagedCodes } from '@/components/devices/unmanaged-codes'
import { Badge } from '@/components/ui/badge'
import { ButtonLink } from '@/components/ui/button'
import { slotsInUse } from '@/lib/client/codes-table-model'
import {
  accessCodesQueryOptions,
  deviceQueryOptions,
  pendingRemovalsQueryOptions,
  unmanagedAccessCodesQueryOptions,
} from '@/lib/client/query-options'
import { loadLockPage, type LockPage } from '@/lib/dashboard/lock-page'
import { lockSettingsOf } from '@/lib/devices/update-device'
import { pinsFor } from '@/lib/access-codes/mask-pins'
import { orNotFound, workspacePage, type RouteProps } from '@/lib/server/service-context'

type LockPageProps = RouteProps<{ workspaceId: string; deviceId: string }>

// Metadata and the page both need the lock: it is loaded once per request, with whether the member is an admin (the
// Simulate panel and Lock settings are for admins).
const load = cache(async (workspaceId: string, deviceId: string) => {
  const { ctx, workspace } = await workspacePage(workspaceId)
  const isAdmin = workspace.role === 'admin'
  return {
    ...pinsFor(workspace.role, await orNotFound(loadLockPage(ctx, deviceId))),
    isAdmin,
    settings: isAdmin ? await lockSettingsOf(ctx, deviceId) : null,
  }
})

export async function generateMetadata({ params }: LockPageProps): Promise<Metadata> {
  const { workspaceId, deviceId } = await params
  const { lock } = await load(workspaceId, deviceId)
  return { title: `${lock.displayName} – ${lock.propertyName}` }
}

function Battery({ battery }: { battery: LockPage['lock']['battery'] }) {
  if (battery === null) return <span className="text-slate-500">Not reported</span>
  if (battery.status === 'critical') {
    return <span className="font-semibold text-red-700">{battery.percent}% – replace now</span>
  }
  if (battery.status === 'low') return <span className="font-semibold text-amber-800">{battery.percent}% – low</span>
  return <>{battery.percent}%</>
}

function Fact({ term, children, className }: { term: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-1 text-sm text-slate-900">{children}</dd>
    </div>
  )
}

export default async function LockPage({ params }: LockPageProps) {
  const { workspaceId, deviceId } = await params
  const { lock, renderedAt, accessCodes, pendingRemovals, unmanagedCodes, sandboxDevice, isAdmin, settings } =
    await load(workspaceId, deviceId)
  // The table and the slot count read the lists through TanStack Query; seeding its cache with the API's own
  // answers puts the codes in the server-rendered HTML, so the first paint already shows them.
  const queryClient = new QueryClient()
  queryClient.setQueryData(accessCodesQueryOptions(workspaceId, deviceId).queryKey, accessCodes)
  queryClient.setQueryData(pendingRemovalsQueryOptions(workspaceId, deviceId).queryKey, pendingRemovals)
  queryClient.setQueryData(unmanagedAccessCodesQueryOptions(workspaceId, deviceId).queryKey, unmanagedCodes)
  const canSimulate = isAdmin && sandboxDevice !== null
  if (canSimulate) queryClient.setQueryData(deviceQueryOptions(workspaceId, deviceId).queryKey, sandboxDevice)
  const reachable = lock.online && lock.accountConnected

  return (
    <HydrationBoundary state={dehydrate(queryClient)}>
      <div className="space-y-6">
        <CodeBreadcrumb crumbs={[...lock.trail, { label: lock.displayName }]} />

        <header className="rounded-lg border border-slate-200 bg-white shadow-sm">
          <div className="flex flex-wrap items-start justify-between gap-4 px-4 py-4 sm:px-5">
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{lock.displayName}</h1>
                {reachable ? (
                  <Badge tone="success">
                    <span aria-hidden="true" className="size-1.5 rounded-full bg-emerald-600" />
                    Online
                  </Badge>
                ) : (
                  <Badge tone="danger">
                    <span aria-hidden="true" className="size-1.5 rounded-full bg-red-600" />
                    {lock.accountConnected ? 'Offline' : 'Account disconnected'}
                  </Badge>
                )}
                {lock.isSandbox ? <Badge tone="info">Sandbox</Badge> : <Badge tone="neutral">Seam lock</Badge>}
              </div>
              <p className="mt-1 text-sm text-slate-600">
                {lock.propertyName} · {lock.brandAndModel}
              </p>
            </div>
            <ButtonLink href={`${lock.href}/codes/new`}>
              <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4">
                <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
              New access code
            </ButtonLink>
          </div>
          {!reachable && (
            <p className="border-t border-red-200 bg-red-50 px-4 py-2.5 text-sm text-red-900 sm:px-5">
              {lock.accountConnected
                ? 'The lock is not reachable. Codes already on its keypad keep working; new codes, changes and removals wait until it is back online.'
                : 'The lock maker’s account is disconnected. Nothing can be programmed until it is reconnected.'}
            </p>
          )}
          {!lock.isSandbox && <SeamConnectionNote workspaceId={workspaceId} />}
          {lock.reports.errors.length + lock.reports.warnings.length > 0 && (
            <section aria-labelledby="lock-reports" className="border-t border-slate-200 px-4 py-4 sm:px-5">
              <h2 id="lock-reports" className="mb-3 text-sm font-semibold text-slate-900">
                What the lock reports
              </h2>
              <IssueList errors={lock.reports.errors} warnings={lock.reports.warnings} timezone={lock.timezone} />
            </section>
          )}
          <dl className="grid grid-cols-2 gap-x-6 gap-y-4 border-t border-slate-200 px-4 py-4 sm:grid-cols-4 sm:px-5">
            <Fact term="Battery">
              <Battery battery={lock.battery} />
            </Fact>
            <Fact term="Time zone">{lock.timezoneLabel}</Fact>
            <Fact term="PIN length">{lock.pinLengths}</Fact>
            <Fact term="Slots in use">
              <SlotsInUse
                deviceId={deviceId}
                maxActiveCodes={lock.maxActiveCodes}
                initialUsed={slotsInUse(accessCodes.access_codes, pendingRemovals.access_codes)}
                initialUnmanaged={unmanagedCodes.access_codes.length}
              />
            </Fact>
            <Fact term="PIN rules" className="col-span-2 sm:col-span-4">
              {lock.pinRules.length === 0 ? (
                'Any digits of a supported length'
              ) : (
                <ul className="flex flex-wrap gap-1.5">
                  {lock.pinRules.map((rule) => (
                    <li key={rule} className="rounded-md bg-slate-100 px-2 py-0.5 text-xs text-slate-700">
                      {rule}
                    </li>
                  ))}
                </ul>
              )}
            </Fact>
          </dl>
        </header>

        {settings !== null && <LockSettings deviceId={deviceId} settings={settings} />}

        {canSimulate && <SimulatePanel deviceId={deviceId} deviceName={lock.displayName} brand={lock.brand} />}

        <CodesTable
          deviceId={deviceId}
          deviceName={lock.displayName}
          timezone={lock.timezone}
          renderedAt={renderedAt}
        />

        <UnmanagedCodes
          deviceId={deviceId}
          lockName={lock.displayName}
          timezone={lock.timezone}
          renderedAt={renderedAt}
        />
      </div>
    </HydrationBoundary>
  )
}
