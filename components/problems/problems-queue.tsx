'use client'

import { useSearchParams } from 'next/navigation'
import { useEffect, useMemo, useRef, useState } from 'react'
import { ProblemCard } from '@/components/problems/problem-card'
import { ProblemFilters, type FilterChoices } from '@/components/problems/problem-filters'
import { severityLooks } from '@/components/problems/problem-labels'
import { Alert } from '@/components/ui/alert'
import { cx } from '@/components/ui/cx'
import { Button } from '@/components/ui/button'
import { CheckIcon } from '@/components/ui/icons'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock } from '@/components/ui/spinner'
import { useProblems } from '@/lib/client/use-problems'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import {
  problemsFilterOf,
  type ListProblemsResponse,
  type ProblemSeverity,
  type ProblemsFilter,
} from '@/lib/schemas/problem'

/** How long the queue looks every second after a fix, to show its effect as the lock side makes it. */
const WATCH_AFTER_FIX_MS = 20_000

const severities: ProblemSeverity[] = ['critical', 'problem', 'notice']

/** The filters in the page's address, so that a filtered queue can be shared or reloaded. */
function addressOf(filter: ProblemsFilter): string {
  const params = new URLSearchParams()
  if (filter.property_id !== undefined) params.set('property_id', filter.property_id)
  if (filter.device_id !== undefined) params.set('device_id', filter.device_id)
  if (filter.kind !== undefined) params.set('kind', filter.kind)
  const query = params.toString()
  return `${window.location.pathname}${query === '' ? '' : `?${query}`}`
}

/**
 * The workspace's problems, live, grouped by severity, most urgent first in each group. The filters live in the page's
 * address, read as the server read it.
 */
export function ProblemsQueue({ choices }: { choices: FilterChoices }) {
  const workspaceId = useWorkspaceId()
  const searchParams = useSearchParams()
  const filter = useMemo(
    () =>
      problemsFilterOf(
        {
          property_id: searchParams.get('property_id'),
          device_id: searchParams.get('device_id'),
          kind: searchParams.get('kind'),
        },
        { propertyIds: choices.properties.map((p) => p.propertyId), deviceIds: choices.locks.map((l) => l.deviceId) },
      ),
    [searchParams, choices],
  )
  const [watching, setWatching] = useState(false)
  const watchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(watchTimer.current), [])
  const watchAfterFix = (): void => {
    setWatching(true)
    clearTimeout(watchTimer.current)
    watchTimer.current = setTimeout(() => setWatching(false), WATCH_AFTER_FIX_MS)
  }
  const query = useProblems(filter, { watching })
  const filtered = filter.property_id !== undefined || filter.device_id !== undefined || filter.kind !== undefined

  // Next.js keeps useSearchParams in step with replaceState, without fetching the page again.
  const changeFilter = (next: ProblemsFilter): void => window.history.replaceState(null, '', addressOf(next))

  return (
    <div className="space-y-5">
      <ProblemFilters filter={filter} choices={choices} onChange={changeFilter} />
      {query.data === undefined ? (
        query.isError ? (
          <Alert tone="danger" title="The problems could not be loaded">
            <p>{query.error.message}</p>
            <Button
              variant="secondary"
              size="sm"
              className="mt-3"
              onClick={() => void query.refetch()}
              disabled={query.isFetching}
            >
              {query.isFetching ? 'Retrying…' : 'Retry'}
            </Button>
          </Alert>
        ) : (
          <LoadingBlock label="Loading problems…" />
        )
      ) : (
        <Loaded
          data={query.data}
          // The list of the filters chosen before, while that of the new ones is on its way.
          stale={query.isPlaceholderData}
          workspaceId={workspaceId}
          filtered={filtered}
          clearFilters={() => changeFilter({})}
          refreshError={query.isError ? query.error.message : undefined}
          onActed={watchAfterFix}
        />
      )}
    </div>
  )
}

function Loaded({
  data,
  stale,
  workspaceId,
  filtered,
  clearFilters,
  refreshError,
  onActed,
}: {
  data: ListProblemsResponse
  stale: boolean
  workspaceId: string
  filtered: boolean
  clearFilters(): void
  refreshError: string | undefined
  onActed(): void
}) {
  const { problems, counts } = data
  return (
    <div aria-busy={stale} className={cx('space-y-5 transition-opacity', stale && 'opacity-50')}>
      <p role="status" className="text-sm text-slate-700">
        {counts.total === 0
          ? filtered
            ? 'No problems match these filters.'
            : 'No problems.'
          : `${counts.total} ${filtered ? (counts.total === 1 ? 'matches these filters' : 'match these filters') : 'in all'}: ` +
            severities
              .filter((s) => counts[s] > 0)
              .map(
                (s) =>
                  `${counts[s]} ${(counts[s] === 1 ? severityLooks[s].label : severityLooks[s].heading).toLowerCase()}`,
              )
              .join(', ') +
            '.'}
      </p>
      {refreshError !== undefined && (
        <Alert tone="warning" title="Could not refresh the list">
          {refreshError} Showing what was last read; it is tried again by itself.
        </Alert>
      )}
      {counts.total === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white">
          {filtered ? (
            <EmptyState
              title="Nothing matches these filters"
              action={
                <Button variant="secondary" onClick={clearFilters}>
                  Clear filters
                </Button>
              }
            >
              <p>Other locks or kinds of problem may still need attention.</p>
            </EmptyState>
          ) : (
            <EmptyState
              title={
                <span className="flex flex-col items-center gap-3">
                  <span
                    aria-hidden="true"
                    className="flex size-12 items-center justify-center rounded-full bg-emerald-50 text-emerald-700"
                  >
                    <CheckIcon className="size-6" />
                  </span>
                  All is well
                </span>
              }
            >
              <p>
                Every lock is online, and every code due in the next three days is on its lock or on its way there. This
                page keeps watching: a problem shows here as soon as Latchkey sees it.
              </p>
            </EmptyState>
          )}
        </div>
      ) : (
        severities
          .filter((severity) => problems.some((p) => p.severity === severity))
          .map((severity) => {
            const look = severityLooks[severity]
            const headingId = `problems-${severity}`
            const shown = problems.filter((p) => p.severity === severity)
            return (
              <section key={severity} aria-labelledby={headingId} className="space-y-3">
                <div>
                  <h2 id={headingId} className="text-lg font-semibold text-slate-900">
                    {look.heading} <span className="text-slate-500">({counts[severity]})</span>
                  </h2>
                  <p className="text-sm text-slate-600">{look.description}</p>
                </div>
                <ul className="space-y-3">
                  {shown.map((problem) => (
                    <li key={problem.problem_id}>
                      <ProblemCard problem={problem} workspaceId={workspaceId} onActed={onActed} />
                    </li>
                  ))}
                </ul>
              </section>
            )
          })
      )}
      {data.pagination.has_next_page && (
        <p className="text-sm text-slate-600">
          Showing the {problems.length} most urgent of {counts.total} problems. Choose a property, a lock or a kind to
          see the others.
        </p>
      )}
    </div>
  )
}
