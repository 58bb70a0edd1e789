'use client'

import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { Field, SelectInput, TextField } from '@/components/ui/field'
import {
  isFiltered,
  NO_FILTERS,
  type SortOrder,
  type StatusFilter,
  type StatusGroup,
  type TableFilters,
  type TypeFilter,
} from '@/lib/client/codes-table-model'

interface Option<T extends string> {
  value: T
  label: string
}

const statusOptions: Option<StatusFilter>[] = [
  { value: 'all', label: 'All statuses' },
  { value: 'set', label: 'Set on lock' },
  { value: 'setting', label: 'Setting on lock' },
  { value: 'unset', label: 'Scheduled / waiting' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'error', label: 'Error' },
]

const typeOptions: Option<TypeFilter>[] = [
  { value: 'all', label: 'All types' },
  { value: 'ongoing', label: 'Ongoing' },
  { value: 'time_bound', label: 'Time-bound' },
]

type SortValue = `${SortOrder['key']}:${SortOrder['direction']}`

/** Each sortable column, ascending then descending. */
const sortLabels: Record<SortOrder['key'], [ascending: string, descending: string]> = {
  name: ['Name, A to Z', 'Name, Z to A'],
  status: ['Status, needs attention first', 'Status, set first'],
  starts_at: ['Start, earliest first', 'Start, latest first'],
}

const sortOptions: Option<SortValue>[] = (Object.keys(sortLabels) as SortOrder['key'][]).flatMap((key) => [
  { value: `${key}:ascending`, label: sortLabels[key][0] },
  { value: `${key}:descending`, label: sortLabels[key][1] },
])

const sortOf = (value: SortValue): SortOrder => {
  const [key, direction] = value.split(':') as [SortOrder['key'], SortOrder['direction']]
  return { key, direction }
}

/** A labelled select over a fixed list: only values from the list ever reach `onChange`. */
function OptionSelect<T extends string>({
  label,
  className,
  value,
  options,
  onChange,
}: {
  label: string
  className?: string
  value: T
  options: readonly Option<T>[]
  onChange(value: T): void
}) {
  const id = useId()
  return (
    <Field id={id} label={label} className={className}>
      <SelectInput
        id={id}
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => option.value === event.target.value)
          if (chosen !== undefined) onChange(chosen.value)
        }}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectInput>
    </Field>
  )
}

/**
 * Search, filters, and (on a phone, where there are no column headers to click) the sort order. Each status says
 * how many codes have it, so an empty filter is never a surprise.
 */
export function CodesTableFilters({
  filters,
  sort,
  counts,
  onFiltersChange,
  onSortChange,
}: {
  filters: TableFilters
  sort: SortOrder
  counts: Record<StatusGroup, number>
  onFiltersChange(change: Partial<TableFilters>): void
  onSortChange(next: SortOrder): void
}) {
  const countedStatusOptions = statusOptions.map((option) =>
    option.value === 'all'
      ? option
      : { ...option, label: `${option.label} (${counts[option.value].toLocaleString('en-US')})` },
  )
  const searchId = useId()
  const sortValue: SortValue = `${sort.key}:${sort.direction}`
  const chooseStatus = (status: StatusFilter) => onFiltersChange({ status })
  const chooseType = (type: TypeFilter) => onFiltersChange({ type })
  const chooseSort = (value: SortValue) => onSortChange(sortOf(value))
  return (
    <div
      role="search"
      aria-label="Filter access codes"
      className="grid grid-cols-2 items-end gap-3 border-b border-slate-200 bg-slate-50/60 px-4 py-3 sm:px-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
    >
      <TextField
        id={searchId}
        label="Search"
        fieldClassName="col-span-2 lg:col-span-1"
        type="search"
        placeholder="Name or PIN"
        autoComplete="off"
        value={filters.search}
        onChange={(event) => onFiltersChange({ search: event.target.value })}
      />
      <OptionSelect label="Status" value={filters.status} options={countedStatusOptions} onChange={chooseStatus} />
      <OptionSelect label="Type" value={filters.type} options={typeOptions} onChange={chooseType} />
      <OptionSelect
        label="Sort by"
        className="sm:hidden"
        value={sortValue}
        options={sortOptions}
        onChange={chooseSort}
      />
      <div className="flex min-h-10 flex-wrap items-center justify-between gap-x-3 gap-y-1 sm:col-span-2 lg:col-span-1">
        <label className="inline-flex cursor-pointer items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 accent-brand-600"
            checked={filters.hasProblems}
            onChange={(event) => onFiltersChange({ hasProblems: event.target.checked })}
          />
          Has problems
        </label>
        {isFiltered(filters) && (
          <Button variant="ghost" size="sm" onClick={() => onFiltersChange(NO_FILTERS)}>
            Clear filters
          </Button>
        )}
      </div>
    </div>
  )
}
