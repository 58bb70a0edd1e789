'use client'

import { useEffect, useMemo, useRef, useState } from 'react'
import { CodeRow } from '@/components/access-codes/code-row'
import { CodesPagination } from '@/components/access-codes/codes-pagination'
import { CodesTableFilters } from '@/components/access-codes/codes-table-filters'
import { CodesTableHead } from '@/components/access-codes/codes-table-head'
import { CodesTableTitle } from '@/components/access-codes/codes-table-title'
import { DeleteAccessCodeDialog } from '@/components/access-codes/delete-access-code-dialog'
import { RemovalsList } from '@/components/access-codes/removals-list'
import { Alert } from '@/components/ui/alert'
import { Button, ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadingBlock } from '@/components/ui/spinner'
import {
  changesUnderway,
  countByStatus,
  DEFAULT_SORT,
  isFiltered,
  NO_FILTERS,
  PAGE_SIZE,
  rangeLabel,
  viewCodes,
  type SortOrder,
  type TableFilters,
} from '@/lib/client/codes-table-model'
import { useAccessCodes, type DeviceCodes } from '@/lib/client/use-access-codes'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'
import { zoneLabel } from '@/lib/time/zoned'

export interface CodesTableProps {
  deviceId: string
  deviceName: string
  timezone: string
  /** When the server rendered the page: the first "now" for schedule hints, so server and browser agree. */
  renderedAt: string
}

/** The codes on one lock, live: loading, failure and empty states around the table itself. */
export function CodesTable(props: CodesTableProps) {
  const workspaceId = useWorkspaceId()
  const codesQuery = useAccessCodes(props.deviceId)
  const newCodeHref = `/w/${workspaceId}/devices/${props.deviceId}/codes/new`

  if (codesQuery.data === undefined) {
    return (
      <Card>
        {codesQuery.isError ? (
          <div className="p-4 sm:p-5">
            <Alert tone="danger" title="The access codes could not be loaded">
              <p>{codesQuery.error.message}</p>
              <Button
                variant="secondary"
                size="sm"
                className="mt-3"
                onClick={() => void codesQuery.refetch()}
                disabled={codesQuery.isFetching}
              >
                {codesQuery.isFetching ? 'Retrying…' : 'Retry'}
              </Button>
            </Alert>
          </div>
        ) : (
          <LoadingBlock label="Loading access codes…" />
        )}
      </Card>
    )
  }

  return (
    <LoadedCodesTable
      {...props}
      data={codesQuery.data}
      newCodeHref={newCodeHref}
      workspaceId={workspaceId}
      refreshError={codesQuery.isError ? codesQuery.error.message : undefined}
      retry={() => void codesQuery.refetch()}
    />
  )
}

interface LoadedProps extends CodesTableProps {
  data: DeviceCodes
  newCodeHref: string
  workspaceId: string
  refreshError: string | undefined
  retry(): void
}

const SCHEDULE_REFRESH_MS = 30_000

function LoadedCodesTable({
  deviceName,
  timezone,
  renderedAt,
  data,
  newCodeHref,
  workspaceId,
  refreshError,
  retry,
}: LoadedProps) {
  const [filters, setFilters] = useState<TableFilters>(NO_FILTERS)
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT)
  const [page, setPage] = useState(1)
  const [now, setNow] = useState(() => Date.parse(renderedAt))
  const [toDelete, setToDelete] = useState<AccessCode | undefined>(undefined)
  const removalsHeading = useRef<HTMLHeadingElement>(null)
  const tableTop = useRef<HTMLDivElement>(null)

  // Schedule hints ("Active now", "Ended") follow the clock without refetching anything.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), SCHEDULE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const view = useMemo(() => viewCodes(data.codes, filters, sort, page, PAGE_SIZE), [data.codes, filters, sort, page])
  const counts = useMemo(() => countByStatus(data.codes), [data.codes])

  const updateFilters = (change: Partial<TableFilters>) => {
    setFilters((current) => ({ ...current, ...change }))
    setPage(1)
  }
  const changeSort = (next: SortOrder) => {
    setSort(next)
    setPage(1)
  }
  const goToPage = (next: number) => {
    setPage(next)
    tableTop.current?.scrollIntoView({ block: 'nearest' })
  }

  const deleted = () => {
    setToDelete(undefined)
    // The row has moved to "Being removed": take focus there rather than losing it with the row.
    setTimeout(() => removalsHeading.current?.focus(), 0)
  }

  const filtered = isFiltered(filters)

  return (
    <div className="space-y-6">
      {data.removals.length > 0 && (
        <RemovalsList removals={data.removals} workspaceId={workspaceId} headingRef={removalsHeading} />
      )}

      <Card>
        <CodesTableTitle
          ref={tableTop}
          codeCount={data.codes.length}
          zone={zoneLabel(timezone, new Date(now))}
          inFlight={changesUnderway(data.codes, data.removals)}
        />

        {refreshError !== undefined && (
          <div className="border-b border-slate-200 px-4 py-3 sm:px-5">
            <Alert tone="warning" title="The list could not be refreshed">
              <p>{refreshError} What you see may be out of date.</p>
              <Button variant="secondary" size="sm" className="mt-2" onClick={retry}>
                Retry
              </Button>
            </Alert>
          </div>
        )}

        {data.codes.length === 0 ? (
          <EmptyState
            title="No access codes on this lock yet"
            action={<ButtonLink href={newCodeHref}>New access code</ButtonLink>}
          >
            Create an ongoing code for staff and cleaners, or a time-bound code that works only during a guest’s stay.
          </EmptyState>
        ) : (
          <>
            <CodesTableFilters
              filters={filters}
              sort={sort}
              counts={counts}
              onFiltersChange={updateFilters}
              onSortChange={changeSort}
            />

            {view.total === 0 ? (
              <EmptyState
                title="No codes match these filters"
                action={
                  <Button variant="secondary" onClick={() => updateFilters(NO_FILTERS)}>
                    Clear filters
                  </Button>
                }
              >
                Try another name or PIN, or clear the filters to see all {data.codes.length.toLocaleString('en-US')}{' '}
                codes on this lock.
              </EmptyState>
            ) : (
              <div className="sm:overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">
                    Access codes on {deviceName}. {rangeLabel(view)}.
                  </caption>
                  <CodesTableHead sort={sort} onSort={changeSort} />
                  <tbody className="divide-y divide-slate-200">
                    {view.rows.map((code) => (
                      <CodeRow
                        key={code.access_code_id}
                        code={code}
                        href={`/w/${workspaceId}/access-codes/${code.access_code_id}`}
                        timezone={timezone}
                        now={now}
                        onDelete={setToDelete}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
            )}

            {view.total > 0 && (
              <CodesPagination view={view} filteredFrom={filtered ? data.codes.length : undefined} onPage={goToPage} />
            )}
          </>
        )}
      </Card>

      <DeleteAccessCodeDialog
        code={toDelete}
        codeName={toDelete === undefined ? undefined : codeDisplayName(toDelete)}
        lockName={deviceName}
        onDeleted={deleted}
        onClose={() => setToDelete(undefined)}
      />
    </div>
  )
}
