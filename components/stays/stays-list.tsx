'use client'

import Link from 'next/link'
import { useSearchParams } from 'next/navigation'
import { useMemo } from 'react'
import { StayHealthBadge } from '@/components/stays/stay-health-badge'
import { StaysFilters, type StaysFilterChoices } from '@/components/stays/stays-filters'
import { StayWindow } from '@/components/stays/stay-window'
import { Alert } from '@/components/ui/alert'
import { Button, ButtonLink } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock } from '@/components/ui/spinner'
import {
  doorCount,
  isStaysFiltered,
  showsCurrentOnly,
  staysFilterOf,
  staysQueryString,
  statusLabels,
  type StaysFilter,
} from '@/lib/client/stays-model'
import { useStays } from '@/lib/client/use-stays'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { Stay } from '@/lib/schemas/stay'

const statusClasses: Record<Stay['status'], string> = {
  in_progress: 'text-emerald-700',
  upcoming: 'text-sky-800',
  ended: 'text-slate-500',
  cancelled: 'text-slate-500',
}

/**
 * The workspace's stays, live: the filters live in the page's address (read as the server read it), the list reads
 * /stays/list a page at a time, and each stay's health follows its doors.
 */
export function StaysList({ choices, renderedAt }: { choices: StaysFilterChoices; renderedAt: string }) {
  const workspaceId = useWorkspaceId()
  const searchParams = useSearchParams()
  const filter = useMemo(
    () =>
      staysFilterOf(
        {
          property_id: searchParams.get('property_id'),
          health: searchParams.get('health'),
          search: searchParams.get('search'),
          when: searchParams.get('when'),
        },
        choices.properties.map((p) => p.propertyId),
      ),
    [searchParams, choices],
  )
  const query = useStays(filter)
  const stays = useMemo(() => query.data?.pages.flatMap((page) => page.stays) ?? [], [query.data])
  // Next.js keeps useSearchParams in step with replaceState, without fetching the page again.
  const changeFilter = (next: StaysFilter): void => {
    const q = staysQueryString(next)
    window.history.replaceState(null, '', `${window.location.pathname}${q === '' ? '' : `?${q}`}`)
  }
  const filtered = isStaysFiltered(filter)

  return (
    <div className="space-y-5">
      <StaysFilters filter={filter} choices={choices} onChange={changeFilter} />
      {query.data === undefined ? (
        query.isError ? (
          <Alert tone="danger" title="The stays could not be loaded">
            <p>{query.error.message}</p>
            <Button variant="secondary" size="sm" className="mt-3" onClick={() => void query.refetch()}>
              Retry
            </Button>
          </Alert>
        ) : (
          <LoadingBlock label="Loading stays…" />
        )
      ) : (
        <div aria-busy={query.isPlaceholderData} className={cx('space-y-3', query.isPlaceholderData && 'opacity-50')}>
          <p role="status" className="text-sm text-slate-700">
            {stays.length === 0
              ? ''
              : `${stays.length}${query.hasNextPage ? '+' : ''} ${stays.length === 1 ? 'stay' : 'stays'}${
                  showsCurrentOnly(filter) ? ' in progress and upcoming' : ''
                }${filtered ? ' matching the filters' : ''}, by check-in.`}
          </p>
          {query.isError && (
            <Alert tone="warning" title="Could not refresh the list">
              {query.error.message} Showing what was last read; it is tried again by itself.
            </Alert>
          )}
          {stays.length === 0 ? (
            <div className="rounded-lg border border-dashed border-slate-300 bg-white">
              {filtered ? (
                <EmptyState
                  title="No stays match these filters"
                  action={
                    <Button variant="secondary" onClick={() => changeFilter({})}>
                      Clear filters
                    </Button>
                  }
                >
                  {showsCurrentOnly(filter) && <p>Ended stays are listed under Dates: All dates.</p>}
                </EmptyState>
              ) : showsCurrentOnly(filter) ? (
                <EmptyState
                  title="No stays in progress or upcoming"
                  action={
                    <div className="flex flex-wrap justify-center gap-2">
                      <ButtonLink href={`/w/${workspaceId}/stays/new`}>New stay</ButtonLink>
                      <ButtonLink href={`/w/${workspaceId}/stays/import`} variant="secondary">
                        Import CSV
                      </ButtonLink>
                    </div>
                  }
                >
                  <p>Create a stay for a guest, or import next month’s reservations from your booking system.</p>
                </EmptyState>
              ) : (
                <EmptyState title="No stays yet">
                  <p>A stay gives one guest the same PIN on every door they need, from check-in to check-out.</p>
                </EmptyState>
              )}
            </div>
          ) : (
            <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Stays</caption>
                <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
                  <tr>
                    <th scope="col" className="py-2.5 pr-3 pl-5">
                      Guest
                    </th>
                    <th scope="col" className="px-3 py-2.5">
                      Check-in → check-out
                    </th>
                    <th scope="col" className="px-3 py-2.5 whitespace-nowrap">
                      Doors
                    </th>
                    <th scope="col" className="px-3 py-2.5 sm:pr-5">
                      Health
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-200">
                  {stays.map((stay) => (
                    <StayRow key={stay.stay_id} stay={stay} workspaceId={workspaceId} now={renderedAt} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {query.hasNextPage && (
            <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading more…' : 'Show more stays'}
            </Button>
          )}
        </div>
      )}
    </div>
  )
}

function StayRow({ stay, workspaceId, now }: { stay: Stay; workspaceId: string; now: string }) {
  return (
    <tr className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-1.5 px-4 py-3 hover:bg-slate-50/70 sm:table-row sm:p-0 sm:align-top">
      <td className="min-w-0 sm:py-3 sm:pr-3 sm:pl-5">
        <Link
          href={`/w/${workspaceId}/stays/${stay.stay_id}`}
          className="font-medium break-words text-brand-700 hover:text-brand-800 hover:underline"
        >
          {stay.guest_name}
        </Link>
        <div className="text-xs text-slate-600">
          <span className="font-mono">{stay.reservation_key}</span> · {stay.property_name}
        </div>
      </td>
      <td className="col-span-2 text-slate-700 sm:px-3 sm:py-3">
        <span className="sr-only sm:hidden">Check-in to check-out: </span>
        <StayWindow checkIn={stay.check_in} checkOut={stay.check_out} timezone={stay.property_timezone} now={now} />
        <div className="mt-0.5 text-xs">
          <span className={cx('font-medium', statusClasses[stay.status])}>{statusLabels[stay.status]}</span>
          {/* On a phone the doors share this line; a wide table has their own column. */}
          <span className="text-slate-600 sm:hidden"> · {doorCount(stay.device_ids.length)}</span>
        </div>
      </td>
      <td className="hidden whitespace-nowrap text-slate-700 sm:table-cell sm:px-3 sm:py-3">
        {doorCount(stay.device_ids.length)}
      </td>
      <td className="col-span-2 sm:px-3 sm:py-3 sm:pr-5">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1 sm:flex-col sm:items-start">
          <StayHealthBadge health={stay.health} />
          <span className="text-xs text-slate-700">{stay.health_summary}</span>
        </div>
      </td>
    </tr>
  )
}
