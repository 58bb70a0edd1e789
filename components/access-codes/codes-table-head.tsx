import { cx } from '@/components/ui/cx'
import { nextSort, type SortKey, type SortOrder } from '@/lib/client/codes-table-model'

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

function PlainHeader({ label }: { label: string }) {
  return (
    <th scope="col" className="px-3 py-2.5">
      {label}
    </th>
  )
}

/** The column headers, hidden on a phone (where each row reads as a card); three of them sort the table. */
export function CodesTableHead({ sort, onSort }: { sort: SortOrder; onSort(next: SortOrder): void }) {
  return (
    <thead className="hidden border-b border-slate-200 bg-slate-50 text-xs font-semibold text-slate-600 sm:table-header-group">
      <tr>
        <SortableHeader label="Name" sortKey="name" sort={sort} onSort={onSort} />
        <PlainHeader label="PIN" />
        <PlainHeader label="Type" />
        <SortableHeader label="Schedule" sortKey="starts_at" sort={sort} onSort={onSort} />
        <SortableHeader label="Status" sortKey="status" sort={sort} onSort={onSort} />
        <PlainHeader label="Problems" />
        <th scope="col" className="px-3 py-2.5 sm:pr-5">
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  )
}
