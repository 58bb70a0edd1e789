'use client'

import { DeleteAccessCodeDialog } from '@/components/access-codes/delete-access-code-dialog'
import Link from 'next/link'
import { memo, useEffect, useId, useMemo, useRef, useState, type ReactNode, type Ref } from 'react'
import { AccessCodeStatusBadge } from '@/components/access-codes/access-code-status-badge'
import { IssueCounts } from '@/components/access-codes/issue-counts'
import { PinCell } from '@/components/access-codes/pin-cell'
import { Alert } from '@/components/ui/alert'
import { Button, ButtonLink } from '@/components/ui/button'
import { Card } from '@/components/ui/card'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import { Field, SelectInput, TextInput } from '@/components/ui/field'
import { LoadingBlock, Spinner } from '@/components/ui/spinner'
import {
  changesUnderway,
  countByStatus,
  DEFAULT_SORT,
  displayName,
  isFiltered,
  nextSort,
  NO_FILTERS,
  PAGE_SIZE,
  rangeLabel,
  scheduleTiming,
  viewCodes,
  type SortKey,
  type SortOrder,
  type StatusFilter,
  type TableFilters,
  type TypeFilter,
} from '@/lib/client/codes-table-model'
import { useAccessCodes, type DeviceCodes } from '@/lib/client/use-access-codes'
import { useDeleteAccessCode } from '@/lib/client/use-delete-access-code'
import { useWorkspaceId } from '@/lib/client/workspace-context'
import type { AccessCode } from '@/lib/schemas/access-code'
import { formatInZone, zoneLabel } from '@/lib/time/zoned'

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

const statusOptions: { value: StatusFilter; label: string }[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'set', label: 'Set on lock' },
  { value: 'setting', label: 'Setting on lock' },
  { value: 'unset', label: 'Scheduled / waiting' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'error', label: 'Error' },
]

const typeOptions: { value: TypeFilter; label: string }[] = [
  { value: 'all', label: 'All types' },
  { value: 'ongoing', label: 'Ongoing' },
  { value: 'time_bound', label: 'Time-bound' },
]

const sortOptions: { value: `${SortKey}:${SortOrder['direction']}`; label: string }[] = [
  { value: 'name:ascending', label: 'Name, A to Z' },
  { value: 'name:descending', label: 'Name, Z to A' },
  { value: 'status:ascending', label: 'Status, needs attention first' },
  { value: 'status:descending', label: 'Status, set first' },
  { value: 'starts_at:ascending', label: 'Start, earliest first' },
  { value: 'starts_at:descending', label: 'Start, latest first' },
]

const isSortValue = (value: string): value is (typeof sortOptions)[number]['value'] =>
  sortOptions.some((o) => o.value === value)
const isStatusFilter = (value: string): value is StatusFilter => statusOptions.some((o) => o.value === value)
const isTypeFilter = (value: string): value is TypeFilter => typeOptions.some((o) => o.value === value)

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
  const ids = useId()
  const [filters, setFilters] = useState<TableFilters>(NO_FILTERS)
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT)
  const [page, setPage] = useState(1)
  const [now, setNow] = useState(() => Date.parse(renderedAt))
  const [toDelete, setToDelete] = useState<AccessCode | undefined>(undefined)
  const deleteCode = useDeleteAccessCode()
  const removalsHeading = useRef<HTMLHeadingElement>(null)
  const tableTop = useRef<HTMLDivElement>(null)

  // Schedule hints ("Active now", "Ended") follow the clock without refetching anything.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), SCHEDULE_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const view = useMemo(() => viewCodes(data.codes, filters, sort, page, PAGE_SIZE), [data.codes, filters, sort, page])
  const counts = useMemo(() => countByStatus(data.codes), [data.codes])
  const inFlight = changesUnderway(data.codes, data.removals)

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

  const confirmDelete = () => {
    if (toDelete === undefined) return
    deleteCode.mutate(toDelete, {
      onSuccess: () => {
        setToDelete(undefined)
        // The row has moved to "Being removed": take focus there rather than losing it with the row.
        setTimeout(() => removalsHeading.current?.focus(), 0)
      },
    })
  }
  const cancelDelete = () => {
    setToDelete(undefined)
    deleteCode.reset()
  }

  const filtered = isFiltered(filters)
  const zone = zoneLabel(timezone, new Date(now))

  return (
    <div className="space-y-6">
      {data.removals.length > 0 && <Removals removals={data.removals} headingRef={removalsHeading} />}

      <Card>
        <div
          ref={tableTop}
          className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-4 py-3 sm:px-5"
        >
          <div className="min-w-0">
            <h2 className="text-base font-semibold text-slate-900">Access codes</h2>
            <p className="mt-0.5 text-sm text-slate-600">
              {data.codes.length.toLocaleString('en-US')} {data.codes.length === 1 ? 'code' : 'codes'} · times in the
              property’s zone, {zone}
            </p>
          </div>
          {inFlight > 0 && (
            <p className="inline-flex items-center gap-2 rounded-full bg-sky-50 px-3 py-1 text-xs font-medium text-sky-800 ring-1 ring-inset ring-sky-200">
              <Spinner className="size-3" />
              {inFlight} {inFlight === 1 ? 'change' : 'changes'} on the way to the lock · updating live
            </p>
          )}
        </div>

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
            <div
              role="search"
              aria-label="Filter access codes"
              className="grid grid-cols-2 items-end gap-3 border-b border-slate-200 bg-slate-50/60 px-4 py-3 sm:px-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
            >
              <Field id={`${ids}-search`} label="Search" className="col-span-2 lg:col-span-1">
                <TextInput
                  id={`${ids}-search`}
                  type="search"
                  placeholder="Name or PIN"
                  autoComplete="off"
                  value={filters.search}
                  onChange={(event) => updateFilters({ search: event.target.value })}
                />
              </Field>
              <Field id={`${ids}-status`} label="Status">
                <SelectInput
                  id={`${ids}-status`}
                  value={filters.status}
                  onChange={(event) => {
                    const value = event.target.value
                    if (isStatusFilter(value)) updateFilters({ status: value })
                  }}
                >
                  {statusOptions.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.value === 'all'
                        ? option.label
                        : `${option.label} (${counts[option.value].toLocaleString('en-US')})`}
                    </option>
                  ))}
                </SelectInput>
              </Field>
              <Field id={`${ids}-type`} label="Type">
                <SelectInput
                  id={`${ids}-type`}
                  value={filters.type}
                  onChange={(event) => {
                    const value = event.target.value
                    if (isTypeFilter(value)) updateFilters({ type: value })
                  }}
                >
                  {typeOptions.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </SelectInput>
              </Field>
              <Field id={`${ids}-sort`} label="Sort by" className="sm:hidden">
                <SelectInput
                  id={`${ids}-sort`}
                  value={`${sort.key}:${sort.direction}`}
                  onChange={(event) => {
                    const value = event.target.value
                    if (!isSortValue(value)) return
                    const [key, direction] = value.split(':') as [SortKey, SortOrder['direction']]
                    changeSort({ key, direction })
                  }}
                >
                  {sortOptions.map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </SelectInput>
              </Field>
              <div className="flex min-h-10 flex-wrap items-center justify-between gap-x-3 gap-y-1 sm:col-span-2 lg:col-span-1">
                <label className="inline-flex cursor-pointer items-center gap-2 text-sm font-medium text-slate-800">
                  <input
                    type="checkbox"
                    className="size-4 rounded border-slate-300 accent-brand-600"
                    checked={filters.hasProblems}
                    onChange={(event) => updateFilters({ hasProblems: event.target.checked })}
                  />
                  Has problems
                </label>
                {filtered && (
                  <Button variant="ghost" size="sm" onClick={() => updateFilters(NO_FILTERS)}>
                    Clear filters
                  </Button>
                )}
              </div>
            </div>

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
                  <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
                    <tr>
                      <SortableHeader label="Name" sortKey="name" sort={sort} onSort={changeSort} />
                      <th scope="col" className="px-3 py-2.5">
                        PIN
                      </th>
                      <th scope="col" className="px-3 py-2.5">
                        Type
                      </th>
                      <SortableHeader label="Schedule" sortKey="starts_at" sort={sort} onSort={changeSort} />
                      <SortableHeader label="Status" sortKey="status" sort={sort} onSort={changeSort} />
                      <th scope="col" className="px-3 py-2.5">
                        Problems
                      </th>
                      <th scope="col" className="px-3 py-2.5 sm:pr-5">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
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
              <nav
                aria-label="Pages of access codes"
                className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-200 px-4 py-3 sm:px-5"
              >
                <p aria-live="polite" className="text-sm text-slate-600">
                  {rangeLabel(view)}
                  {filtered && (
                    <span className="text-slate-500"> (filtered from {data.codes.length.toLocaleString('en-US')})</span>
                  )}
                </p>
                {view.pageCount > 1 && (
                  <div className="flex items-center gap-2">
                    <span className="text-sm text-slate-600">
                      Page {view.page} of {view.pageCount}
                    </span>
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={view.page <= 1}
                      onClick={() => goToPage(view.page - 1)}
                    >
                      Previous
                    </Button>
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={view.page >= view.pageCount}
                      onClick={() => goToPage(view.page + 1)}
                    >
                      Next
                    </Button>
                  </div>
                )}
              </nav>
            )}
          </>
        )}
      </Card>

      <DeleteAccessCodeDialog
        open={toDelete !== undefined}
        codeName={toDelete === undefined ? undefined : displayName(toDelete)}
        lockName={deviceName}
        busy={deleteCode.isPending}
        error={deleteCode.error}
        onConfirm={confirmDelete}
        onCancel={cancelDelete}
      />
    </div>
  )
}

function SortIcon({ direction }: { direction: SortOrder['direction'] | undefined }) {
  return (
    <svg
      viewBox="0 0 12 12"
      aria-hidden="true"
      className={cx('size-3', direction === undefined ? 'text-slate-400' : 'text-slate-700')}
    >
      {direction !== 'descending' && (
        <path
          d="M3 5l3-3 3 3"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
      {direction !== 'ascending' && (
        <path
          d="M3 7l3 3 3-3"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      )}
    </svg>
  )
}

function SortableHeader({
  label,
  sortKey,
  sort,
  onSort,
}: {
  label: string
  sortKey: SortKey
  sort: SortOrder
  onSort(next: SortOrder): void
}) {
  const active = sort.key === sortKey
  return (
    <th
      scope="col"
      aria-sort={active ? sort.direction : 'none'}
      className={cx('px-1.5 py-1.5', sortKey === 'name' && 'sm:pl-3.5')}
    >
      <button
        type="button"
        onClick={() => onSort(nextSort(sort, sortKey))}
        className={cx(
          'inline-flex items-center gap-1 rounded px-1.5 py-1 hover:bg-slate-200/70 hover:text-slate-900',
          active && 'text-slate-900',
        )}
      >
        {label}
        <SortIcon direction={active ? sort.direction : undefined} />
      </button>
    </th>
  )
}

/** A small label that names a cell on a phone, where the table reads as a stack of cards without column headers. */
function MobileLabel({ children }: { children: ReactNode }) {
  return <span className="mb-0.5 block text-xs font-medium text-slate-500 sm:hidden">{children}</span>
}

const typeLabel = (type: AccessCode['type']): string => (type === 'ongoing' ? 'Ongoing' : 'Time-bound')

// Rows only re-render when their code changes: a live refetch that moves one code from Setting to Set redraws one row.
const CodeRow = memo(function CodeRow({
  code,
  href,
  timezone,
  now,
  onDelete,
}: {
  code: AccessCode
  href: string
  timezone: string
  now: number
  onDelete(code: AccessCode): void
}) {
  const name = displayName(code)
  const problems = code.errors.length + code.warnings.length > 0
  return (
    <tr className="grid grid-cols-[minmax(0,1fr)_auto] items-start gap-x-3 gap-y-2 px-4 py-3 hover:bg-slate-50/70 sm:table-row sm:p-0 sm:align-top">
      <td className="min-w-0 sm:py-3 sm:pl-5 sm:pr-3">
        <Link href={href} className="font-medium break-words text-brand-700 hover:text-brand-800 hover:underline">
          {name}
        </Link>
      </td>
      <td className="col-start-1 row-start-2 sm:px-3 sm:py-2">
        <PinCell pin={code.code} codeName={name} />
      </td>
      <td className="hidden px-3 py-3 whitespace-nowrap text-slate-700 sm:table-cell">{typeLabel(code.type)}</td>
      <td className="col-span-2 sm:px-3 sm:py-3">
        <MobileLabel>Schedule</MobileLabel>
        <Schedule code={code} timezone={timezone} now={now} />
      </td>
      {/* On a phone the badge sits top right of the card, beside the name. */}
      <td className="col-start-2 row-start-1 justify-self-end sm:px-3 sm:py-3">
        <AccessCodeStatusBadge code={code} />
      </td>
      <td className={cx('col-span-2 sm:px-3 sm:py-3', !problems && 'hidden sm:table-cell')}>
        <MobileLabel>Problems</MobileLabel>
        <IssueCounts errors={code.errors} warnings={code.warnings} />
      </td>
      <td className="col-start-2 row-start-2 self-center justify-self-end sm:py-2 sm:pl-3 sm:pr-5 sm:text-right">
        <Button variant="ghost" size="sm" aria-label={`Delete ${name}`} onClick={() => onDelete(code)}>
          Delete
        </Button>
      </td>
    </tr>
  )
})

const timingLook = {
  upcoming: { label: 'Upcoming', className: 'text-sky-800' },
  active: { label: 'Active now', className: 'text-emerald-700' },
  ended: { label: 'Ended', className: 'text-slate-500' },
} as const

// Building an Intl formatter is the costly part of formatting a date: a table page shows a hundred of them and
// redraws them as people type, so each distinct date is formatted once.
const formatted = new Map<string, string>()
const FORMATTED_LIMIT = 10_000

function formatWhen(iso: string, timezone: string, withYear: boolean): string {
  const key = `${timezone}|${iso}|${withYear ? 'y' : ''}`
  let text = formatted.get(key)
  if (text === undefined) {
    text = formatInZone(iso, timezone, withYear ? { year: 'numeric' } : {})
    if (formatted.size >= FORMATTED_LIMIT) formatted.clear()
    formatted.set(key, text)
  }
  return text
}

function When({ iso, timezone, now }: { iso: string; timezone: string; now: number }) {
  const otherYear = new Date(iso).getUTCFullYear() !== new Date(now).getUTCFullYear()
  return <time dateTime={iso}>{formatWhen(iso, timezone, otherYear)}</time>
}

function Schedule({ code, timezone, now }: { code: AccessCode; timezone: string; now: number }) {
  const timing = scheduleTiming(code, now)
  if (timing === 'always' || code.starts_at == null || code.ends_at == null) {
    return <span className="text-slate-700">Always</span>
  }
  const look = timingLook[timing]
  return (
    <div className="text-slate-700">
      <div className="flex flex-wrap gap-x-1">
        <span className="whitespace-nowrap">
          <When iso={code.starts_at} timezone={timezone} now={now} />
          <span aria-hidden="true"> →</span>
          <span className="sr-only"> to</span>
        </span>
        <span className="whitespace-nowrap">
          <When iso={code.ends_at} timezone={timezone} now={now} />
        </span>
      </div>
      <div className={cx('mt-0.5 text-xs font-medium', look.className)}>{look.label}</div>
    </div>
  )
}

function Removals({ removals, headingRef }: { removals: AccessCode[]; headingRef: Ref<HTMLHeadingElement> }) {
  return (
    <section aria-labelledby="removals-heading" className="rounded-lg border border-amber-300 bg-amber-50/60 shadow-sm">
      <div className="border-b border-amber-200 px-4 py-3 sm:px-5">
        <h2 id="removals-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-amber-950">
          Being removed from the lock ({removals.length})
        </h2>
        <p className="mt-0.5 text-sm text-amber-950">
          Until the lock confirms the removal, these old PINs may still open the door.
        </p>
      </div>
      <ul className="divide-y divide-amber-200">
        {removals.map((code) => {
          const name = displayName(code)
          return (
            <li key={code.access_code_id} className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2.5 sm:px-5">
              <span className="min-w-0 flex-1 font-medium text-slate-900">{name}</span>
              <PinCell pin={code.code} codeName={name} />
              <AccessCodeStatusBadge code={code} />
              {code.errors.length + code.warnings.length > 0 && (
                <IssueCounts errors={code.errors} warnings={code.warnings} />
              )}
            </li>
          )
        })}
      </ul>
    </section>
  )
}
