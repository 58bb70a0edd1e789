'use client'

import Link from 'next/link'
import { useMemo } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { CodeSchedule } from '@/components/access-codes/code-schedule'
import { IssueCounts } from '@/components/access-codes/issue-counts'
import { PinCell } from '@/components/access-codes/pin-cell'
import { LockCell, MobileLabel, ResultTable } from '@/components/search/result-table'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock } from '@/components/ui/spinner'
import { useSearchAccessCodes } from '@/lib/client/use-search-access-codes'
import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'
import type { SearchLock } from '@/lib/shared/search-lock'
import { zoneAbbreviation } from '@/lib/time/zoned'

/**
 * The codes a search finds, across the workspace, with their live status, lock, property and window in the
 * property's time zone; "Show more" reads the next page.
 */
export function CodeResults({
  search,
  places,
  workspaceId,
  renderedAt,
}: {
  search: string
  places: Record<string, SearchLock>
  workspaceId: string
  renderedAt: string
}) {
  const query = useSearchAccessCodes(search)
  const codes = useMemo(() => query.data?.pages.flatMap((page) => page.access_codes) ?? [], [query.data])
  const now = useMemo(() => new Date(renderedAt).getTime(), [renderedAt])
  const headingId = 'codes-found'

  if (query.data === undefined) {
    return query.isError ? (
      <Alert tone="danger" title="The search could not be run">
        <p>{query.error.message}</p>
      </Alert>
    ) : (
      <LoadingBlock label="Searching…" />
    )
  }
  const more = query.hasNextPage
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-lg font-semibold text-slate-900">
        Access codes{' '}
        <span className="text-slate-500">
          ({codes.length}
          {more ? '+' : ''})
        </span>
      </h2>
      {query.isError && (
        <Alert tone="warning" title="Could not refresh the results">
          {query.error.message} Showing what was last read.
        </Alert>
      )}
      {codes.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white">
          <EmptyState title="No access codes match">
            <p>
              Codes are found by part of their name, their PIN digits, their id (8 characters or more), or the name of
              their lock.
            </p>
          </EmptyState>
        </div>
      ) : (
        <ResultTable caption={`Access codes matching “${search}”`}>
          {codes.map((code) => (
            <CodeResult
              key={code.access_code_id}
              code={code}
              place={places[code.device_id]}
              workspaceId={workspaceId}
              now={now}
            />
          ))}
        </ResultTable>
      )}
      {more && (
        <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading more…' : 'Show more codes'}
        </Button>
      )}
    </section>
  )
}

function CodeResult({
  code,
  place,
  workspaceId,
  now,
}: {
  code: AccessCode
  place: SearchLock | undefined
  workspaceId: string
  now: number
}) {
  const name = codeDisplayName(code)
  const problems = code.errors.length + code.warnings.length > 0
  return (
    <tr className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 px-4 py-3 hover:bg-slate-50/70 sm:table-row sm:p-0 sm:align-top">
      <td className="min-w-0 sm:py-3 sm:pr-3 sm:pl-5">
        <Link
          href={`/w/${workspaceId}/access-codes/${code.access_code_id}`}
          className="font-medium break-words text-brand-700 hover:text-brand-800 hover:underline"
        >
          {name}
        </Link>
        {problems && (
          <div className="mt-1">
            <IssueCounts errors={code.errors} warnings={code.warnings} />
          </div>
        )}
      </td>
      <td className="col-start-1 row-start-2 sm:px-3 sm:py-2">
        <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
      </td>
      <LockCell
        place={place}
        workspaceId={workspaceId}
        linkClassName="break-words text-slate-800 hover:text-brand-800 hover:underline"
      />
      <td className="col-span-2 sm:px-3 sm:py-3">
        <MobileLabel>Window{place !== undefined && ` (${place.propertyName} time)`}</MobileLabel>
        {place === undefined ? (
          <span className="text-slate-600">—</span>
        ) : (
          <div className={cx(code.type === 'time_bound' && 'flex flex-col gap-0.5')}>
            <CodeSchedule code={code} timezone={place.timezone} now={now} />
            {code.type === 'time_bound' && (
              <span className="text-xs text-slate-500">
                {zoneAbbreviation(place.timezone, new Date(code.starts_at ?? now))} ({place.timezone})
              </span>
            )}
          </div>
        )}
      </td>
      <td className="col-start-2 row-start-1 justify-self-end sm:px-3 sm:py-3 sm:pr-5">
        <AccessCodeStatusBadge code={code} />
      </td>
    </tr>
  )
}
