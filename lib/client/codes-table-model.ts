import type { AccessCode } from '@/lib/schemas/access-code'
import { codeDisplayName } from '@/lib/shared/code-name'

/**
 * The lock page's codes table as pure data: which codes match the search and filters, in what order, and which
 * slice is on screen. Everything runs in the browser on the whole list (a lock holds at most a few thousand codes),
 * so typing in the search box never waits for the network.
 */

export type TableCode = Pick<
  AccessCode,
  'access_code_id' | 'name' | 'code' | 'type' | 'starts_at' | 'ends_at' | 'status' | 'errors' | 'warnings'
> &
  Partial<Pick<AccessCode, 'is_scheduled_on_device'>>

/** A code's status as the table shows it: any error outranks what the lifecycle says. */
export type StatusGroup = 'error' | 'unknown' | 'setting' | 'removing' | 'unset' | 'set'

/** Sorting by status puts what needs a person first and what is done last. */
export const STATUS_ORDER: readonly StatusGroup[] = ['error', 'unknown', 'setting', 'removing', 'unset', 'set']

export const statusGroup = (code: Pick<TableCode, 'status' | 'errors'>): StatusGroup =>
  code.errors.length > 0 ? 'error' : code.status

/** The PIN is on the keypad and still opens the door; only the lock itself is not answering (changes wait). */
export const isOnOfflineLock = (code: Pick<TableCode, 'status' | 'errors'>): boolean =>
  code.status === 'set' && code.errors.length > 0 && code.errors.every((e) => e.error_code === 'device_offline')

export const hasProblems = (code: Pick<TableCode, 'errors' | 'warnings'>): boolean =>
  code.errors.length > 0 || code.warnings.length > 0

export type StatusFilter = 'all' | StatusGroup
export type TypeFilter = 'all' | AccessCode['type']
export type SortKey = 'name' | 'status' | 'starts_at'
/** The values of `aria-sort`, so a column header can use them as they are. */
export type SortDirection = 'ascending' | 'descending'

export interface SortOrder {
  key: SortKey
  direction: SortDirection
}

export interface TableFilters {
  search: string
  status: StatusFilter
  type: TypeFilter
  hasProblems: boolean
}

export const NO_FILTERS: TableFilters = { search: '', status: 'all', type: 'all', hasProblems: false }
export const DEFAULT_SORT: SortOrder = { key: 'name', direction: 'ascending' }
export const PAGE_SIZE = 50

export const isFiltered = (filters: TableFilters): boolean =>
  filters.search.trim() !== '' || filters.status !== 'all' || filters.type !== 'all' || filters.hasProblems

/**
 * Name matches ignore case; a search made only of digits (spaces and dashes allowed, as people type PINs) also
 * matches PINs that contain it.
 */
export function matchesSearch(code: Pick<TableCode, 'name' | 'code'>, search: string): boolean {
  const needle = search.trim().toLowerCase()
  if (needle === '') return true
  if (codeDisplayName(code).toLowerCase().includes(needle)) return true
  const digits = needle.replace(/[\s-]/g, '')
  return /^\d+$/.test(digits) && code.code !== null && code.code.includes(digits)
}

export function filterCodes<T extends TableCode>(codes: readonly T[], filters: TableFilters): T[] {
  return codes.filter(
    (code) =>
      (filters.status === 'all' || statusGroup(code) === filters.status) &&
      (filters.type === 'all' || code.type === filters.type) &&
      (!filters.hasProblems || hasProblems(code)) &&
      matchesSearch(code, filters.search),
  )
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** Ongoing codes have no start: they count as having started before any time-bound code. */
const startTime = (code: Pick<TableCode, 'type' | 'starts_at'>): number =>
  code.type === 'ongoing' || code.starts_at == null ? Number.NEGATIVE_INFINITY : Date.parse(code.starts_at)

const compareNumbers = (a: number, b: number): number => (a === b ? 0 : a < b ? -1 : 1)
const compareIds = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1)

const compareBy: Record<SortKey, (a: TableCode, b: TableCode) => number> = {
  name: (a, b) => collator.compare(codeDisplayName(a), codeDisplayName(b)),
  status: (a, b) => compareNumbers(STATUS_ORDER.indexOf(statusGroup(a)), STATUS_ORDER.indexOf(statusGroup(b))),
  starts_at: (a, b) => compareNumbers(startTime(a), startTime(b)),
}

/** A new array in the requested order; ties fall back to name, then id, so the order never jumps between renders. */
export function sortCodes<T extends TableCode>(codes: readonly T[], sort: SortOrder): T[] {
  const sign = sort.direction === 'ascending' ? 1 : -1
  const primary = compareBy[sort.key]
  return [...codes].sort(
    (a, b) => sign * primary(a, b) || compareBy.name(a, b) || compareIds(a.access_code_id, b.access_code_id),
  )
}

/** Clicking the sorted column flips it; clicking another sorts by it, ascending. */
export const nextSort = (current: SortOrder, key: SortKey): SortOrder =>
  current.key === key
    ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
    : { key, direction: 'ascending' }

export interface PageSlice<T> {
  rows: T[]
  /** 1-based, clamped to the pages there are. */
  page: number
  pageCount: number
  total: number
  /** 1-based position of the first and last row shown; 0 and 0 when there are none. */
  from: number
  to: number
}

export function paginate<T>(rows: readonly T[], page: number, pageSize: number = PAGE_SIZE): PageSlice<T> {
  const total = rows.length
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const current = Math.min(Math.max(1, Math.floor(Number.isFinite(page) ? page : 1)), pageCount)
  const start = (current - 1) * pageSize
  const shown = rows.slice(start, start + pageSize)
  return {
    rows: shown,
    page: current,
    pageCount,
    total,
    from: shown.length === 0 ? 0 : start + 1,
    to: start + shown.length,
  }
}

const count = new Intl.NumberFormat('en-US')

/** "Showing 1–50 of 1,000 codes". */
export function rangeLabel(slice: Pick<PageSlice<unknown>, 'from' | 'to' | 'total'>): string {
  if (slice.total === 0) return 'No codes to show'
  const noun = slice.total === 1 ? 'code' : 'codes'
  return `Showing ${count.format(slice.from)}–${count.format(slice.to)} of ${count.format(slice.total)} ${noun}`
}

/** Filter, sort and cut one page: everything the table renders. */
export function viewCodes<T extends TableCode>(
  codes: readonly T[],
  filters: TableFilters,
  sort: SortOrder,
  page: number,
  pageSize: number = PAGE_SIZE,
): PageSlice<T> {
  return paginate(sortCodes(filterCodes(codes, filters), sort), page, pageSize)
}

export function countByStatus(codes: readonly TableCode[]): Record<StatusGroup, number> {
  const counts: Record<StatusGroup, number> = { error: 0, unknown: 0, setting: 0, removing: 0, unset: 0, set: 0 }
  for (const code of codes) counts[statusGroup(code)] += 1
  return counts
}

export type ScheduleTiming = 'always' | 'upcoming' | 'active' | 'ended'

/** Where `now` falls in a code's window: an ongoing code always works; a time-bound one before, during or after. */
export function scheduleTiming(code: Pick<TableCode, 'type' | 'starts_at' | 'ends_at'>, now: number): ScheduleTiming {
  if (code.type === 'ongoing') return 'always'
  if (code.starts_at != null && now < Date.parse(code.starts_at)) return 'upcoming'
  if (code.ends_at != null && now >= Date.parse(code.ends_at)) return 'ended'
  return 'active'
}

/**
 * Keypad slots taken: codes the lock holds or is about to be given, plus deleted codes it has not yet let go of.
 * A code waiting for its start holds a slot only when the lock keeps its own schedule; a code that failed to go on
 * (an error while setting, e.g. the lock is full) holds none.
 */
export function slotsInUse(codes: readonly TableCode[], removals: readonly TableCode[]): number {
  const holdsSlot = (code: TableCode): boolean => {
    switch (code.status) {
      case 'set':
      case 'removing':
      case 'unknown':
        return true
      case 'setting':
        return code.errors.length === 0
      case 'unset':
        return code.is_scheduled_on_device === true
    }
  }
  return codes.filter(holdsSlot).length + removals.length
}

/** Changes the lock is still working through without a problem (errored ones are shown as errors instead). */
export const changesUnderway = (codes: readonly TableCode[], removals: readonly TableCode[]): number =>
  codes.filter((code) => (code.status === 'setting' || code.status === 'removing') && code.errors.length === 0).length +
  removals.filter((code) => code.errors.length === 0).length
