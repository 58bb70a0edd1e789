import type { Metadata } from 'next'
import { ActivityFilters } from '@/components/activity/activity-filters'
import { ActivityList } from '@/components/activity/activity-list'
import { ActivityPagination } from '@/components/activity/activity-pagination'
import { ButtonLink } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { loadActivityPage } from '@/lib/dashboard/activity-page'
import { loadPage } from '@/lib/server/service-context'
import { activityAddressProblem, activityQueryString, isFiltered, readActivityAddress } from '@/lib/shared/activity'

export const metadata: Metadata = { title: 'Activity' }

type SearchParams = Record<string, string | string[] | undefined>

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value)

// A plain link, not next/link: the browser downloads the file rather than the router fetching a page.
const downloadClasses =
  'inline-flex h-10 items-center justify-center gap-1.5 whitespace-nowrap rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50'

export default async function ActivityPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspaceId: string }>
  searchParams: Promise<SearchParams>
}) {
  const { workspaceId } = await params
  const query = await searchParams
  const address = readActivityAddress((key) => one(query[key]))
  const addressProblem = activityAddressProblem((key) => one(query[key]))
  const page = await loadPage(workspaceId, loadActivityPage, address)
  const base = `/w/${workspaceId}/activity`
  const hrefOf = (n: number): string => {
    const q = activityQueryString({ ...page.filter, page: n })
    return q === '' ? base : `${base}?${q}`
  }
  const filtered = isFiltered(page.filter)
  const exportCount = page.matchingIsCapped
    ? `the newest ${page.exportLimit.toLocaleString('en-US')}`
    : `${page.matching.toLocaleString('en-US')} event${page.matching === 1 ? '' : 's'}`

  return (
    <div className="space-y-5">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Activity</h1>
          <p className="mt-1 max-w-3xl text-sm text-slate-600">
            Everything that happened in the workspace, newest first: codes created, set on their locks, changed or
            removed, PINs tried at the door, locks going offline. Each time is shown in its property’s time zone.
          </p>
        </div>
        {page.matching > 0 && (
          <div className="flex flex-col items-start gap-1 sm:items-end">
            <a href={page.exportHref} download className={downloadClasses}>
              <svg viewBox="0 0 16 16" aria-hidden="true" className="size-4" fill="none" stroke="currentColor">
                <path d="M8 2v8M4.5 6.5 8 10l3.5-3.5M3 13h10" strokeWidth="1.75" strokeLinecap="round" />
              </svg>
              Download CSV
            </a>
            <p className="text-xs text-slate-600">
              {filtered ? 'Every event matching the filters' : 'Every event'}: {exportCount}.
            </p>
          </div>
        )}
      </header>

      <ActivityFilters
        filter={page.filter}
        choices={{ properties: page.properties, locks: page.locks, codes: page.codes }}
        timezoneLabel={page.timezoneLabel}
        timezoneHint={page.timezoneHint}
      />

      {addressProblem !== null && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          {addressProblem.startsWith('The list') ? addressProblem : `${addressProblem} Left out of the filters.`}
        </p>
      )}

      {page.matchingIsCapped && (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-950">
          More than {page.exportLimit.toLocaleString('en-US')} events match. The CSV holds the newest{' '}
          {page.exportLimit.toLocaleString('en-US')}; choose a shorter time, a lock or a kind of event to export the
          others.
        </p>
      )}

      {page.rows.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white">
          {page.matching > 0 ? (
            <EmptyState
              title="No events on this page"
              action={
                <ButtonLink variant="secondary" href={hrefOf(1)}>
                  Go to the newest events
                </ButtonLink>
              }
            />
          ) : filtered ? (
            <EmptyState
              title="No events match these filters"
              action={
                <ButtonLink variant="secondary" href={base}>
                  Clear filters
                </ButtonLink>
              }
            >
              <p>Try a wider time range, or another lock or kind of event.</p>
            </EmptyState>
          ) : (
            <EmptyState title="Nothing has happened yet">
              <p>Events appear here as codes are created and the locks take them.</p>
            </EmptyState>
          )}
        </div>
      ) : (
        <>
          <ActivityList rows={page.rows} />
          <ActivityPagination
            page={page.page}
            pageSize={page.pageSize}
            shown={page.rows.length}
            matching={page.matching}
            matchingIsCapped={page.matchingIsCapped}
            hasNextPage={page.hasNextPage}
            hrefOf={hrefOf}
          />
        </>
      )}
    </div>
  )
}
