'use client'

import Link from 'next/link'
import { useMemo } from 'react'
import { CodeSchedule } from '@/components/access-codes/code-schedule'
import { PinCell } from '@/components/access-codes/pin-cell'
import { MobileLabel } from '@/components/search/code-results'
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
      <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm sm:table-fixed">
          <caption className="sr-only">Unmanaged codes matching “{search}”</caption>
          <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
            <tr>
              <th scope="col" className="w-[20%] py-2.5 pr-3 pl-5">
                Code
              </th>
              <th scope="col" className="w-[15%] px-3 py-2.5">
                PIN
              </th>
              <th scope="col" className="w-[20%] px-3 py-2.5">
                Lock
              </th>
              <th scope="col" className="px-3 py-2.5">
                Window
              </th>
              <th scope="col" className="w-[16%] px-3 py-2.5 sm:pr-5">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200">
            {codes.map((code) => (
              <UnmanagedResult
                key={code.access_code_id}
                code={code}
                place={places[code.device_id]}
                workspaceId={workspaceId}
                now={now}
              />
            ))}
          </tbody>
        </table>
      </div>
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
        <PinCell pin={code.code} codeName={name} />
      </td>
      <td className="col-span-2 min-w-0 sm:px-3 sm:py-3">
        <MobileLabel>Lock</MobileLabel>
        {place === undefined ? (
          <span className="text-slate-600">A lock no longer in this workspace</span>
        ) : (
          <>
            <Link
              href={`/w/${workspaceId}/devices/${place.deviceId}`}
              className="break-words text-brand-700 hover:text-brand-800 hover:underline"
            >
              {place.name}
            </Link>
            <div className="text-xs text-slate-600">{place.propertyName}</div>
          </>
        )}
      </td>
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
