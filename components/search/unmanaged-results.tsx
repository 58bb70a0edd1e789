'use client'

import { useMemo } from 'react'
import { CodeSchedule } from '@/components/access-codes/code-schedule'
import { PinCell } from '@/components/access-codes/pin-cell'
import { LockCell, MobileLabel, ResultTable } from '@/components/search/result-table'
import { Alert } from '@/components/ui/alert'
import { Badge } from '@/components/ui/badge'
import { Button } from '@/components/ui/button'
import { useSearchUnmanagedAccessCodes } from '@/lib/client/use-search-unmanaged-access-codes'
import type { UnmanagedAccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'
import type { SearchLock } from '@/lib/shared/search-lock'

/**
 * The codes a search finds on keypads that Latchkey does not manage, across the workspace: each with an "Unmanaged"
 * label and its lock. Shown only when there are some; "Show more" reads the next page.
 */
export function UnmanagedResults({
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
  const query = useSearchUnmanagedAccessCodes(search)
  const codes = useMemo(() => query.data?.pages.flatMap((page) => page.access_codes) ?? [], [query.data])
  const now = useMemo(() => new Date(renderedAt).getTime(), [renderedAt])
  const headingId = 'unmanaged-codes-found'

  if (codes.length === 0) {
    // Nothing found is the usual case: the section stays out of the way, unless the search itself failed.
    return query.isError && query.data === undefined ? (
      <Alert tone="danger" title="Unmanaged codes could not be searched">
        <p>{query.error.message}</p>
      </Alert>
    ) : null
  }
  const more = query.hasNextPage
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div>
        <h2 id={headingId} className="text-lg font-semibold text-slate-900">
          Unmanaged codes{' '}
          <span className="text-slate-500">
            ({codes.length}
            {more ? '+' : ''})
          </span>
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-slate-600">
          Found on a lock&apos;s keypad but not created in Latchkey: set at the keypad or in the lock maker&apos;s app.
          Their PINs open the door, and Latchkey neither changes nor removes them.
        </p>
      </div>
      {query.isError && (
        <Alert tone="warning" title="Could not refresh the unmanaged codes">
          {query.error.message} Showing what was last read.
        </Alert>
      )}
      <ResultTable caption={`Unmanaged codes matching “${search}”`}>
        {codes.map((code) => (
          <UnmanagedResult
            key={code.access_code_id}
            code={code}
            place={places[code.device_id]}
            workspaceId={workspaceId}
            now={now}
          />
        ))}
      </ResultTable>
      {more && (
        <Button variant="secondary" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          {query.isFetchingNextPage ? 'Loading more…' : 'Show more unmanaged codes'}
        </Button>
      )}
    </section>
  )
}

function UnmanagedResult({
  code,
  place,
  workspaceId,
  now,
}: {
  code: UnmanagedAccessCode
  place: SearchLock | undefined
  workspaceId: string
  now: number
}) {
  const name = codeDisplayName(code)
  return (
    <tr className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 px-4 py-3 hover:bg-slate-50/70 sm:table-row sm:p-0 sm:align-top">
      <td className="min-w-0 font-medium break-words text-slate-900 sm:py-3 sm:pr-3 sm:pl-5">{name}</td>
      <td className="col-start-1 row-start-2 sm:px-3 sm:py-2">
        <PinCell pin={code.code} codeName={name} owner={{ access_code_id: code.access_code_id }} />
      </td>
      <LockCell
        place={place}
        workspaceId={workspaceId}
        linkClassName="break-words text-brand-700 hover:text-brand-800 hover:underline"
      />
      <td className="col-span-2 sm:px-3 sm:py-3">
        <MobileLabel>Window{place !== undefined && ` (${place.propertyName} time)`}</MobileLabel>
        {place === undefined ? (
          <span className="text-slate-600">—</span>
        ) : (
          <CodeSchedule code={code} timezone={place.timezone} now={now} />
        )}
      </td>
      <td className="col-start-2 row-start-1 justify-self-end sm:px-3 sm:py-3 sm:pr-5">
        <Badge tone="neutral">Unmanaged</Badge>
      </td>
    </tr>
  )
}
