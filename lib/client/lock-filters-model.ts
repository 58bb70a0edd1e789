import { isLowBattery } from '@/lib/shared/battery'
import type { LockOverview, PropertyOverview } from '@/lib/shared/workspace-overview'

/**
 * The Locks page's filters as pure data: which locks match, which sections show, and how many cards a section shows
 * before "Show all". The filters live in the page's address (`?lock=…&property=…&state=…`), so a filtered view can be
 * shared or reloaded, and the server and the browser read an address the same way.
 */

export const lockStates = ['all', 'problems', 'offline', 'low_battery'] as const
export type LockState = (typeof lockStates)[number]

export const lockStateLabels: Record<LockState, string> = {
  all: 'All locks',
  problems: 'With problems',
  offline: 'Offline',
  low_battery: 'Low battery',
}

export interface LockFilters {
  /** Part of the lock's name, as typed. */
  name: string
  propertyId: string | null
  state: LockState
}

export const NO_LOCK_FILTERS: LockFilters = { name: '', propertyId: null, state: 'all' }

/** Without a filter, a property shows this many cards (and every lock that needs attention) until "Show all". */
export const PREVIEW_LOCKS = 12

export const isFiltered = (filters: LockFilters): boolean =>
  filters.name.trim() !== '' || filters.propertyId !== null || filters.state !== 'all'

/** The filters an address asks for that the workspace can match: an unknown property or state is left out. */
export function lockFiltersOf(
  params: { get(name: string): string | null },
  propertyIds: readonly string[],
): LockFilters {
  const property = params.get('property')
  const state = lockStates.find((s) => s === params.get('state'))
  return {
    name: params.get('lock') ?? '',
    propertyId: property !== null && propertyIds.includes(property) ? property : null,
    state: state ?? 'all',
  }
}

/** The query string of the filters (empty when none), in a stable order. */
export function queryOf(filters: LockFilters): string {
  const params = new URLSearchParams()
  if (filters.name.trim() !== '') params.set('lock', filters.name)
  if (filters.propertyId !== null) params.set('property', filters.propertyId)
  if (filters.state !== 'all') params.set('state', filters.state)
  const query = params.toString()
  return query === '' ? '' : `?${query}`
}

/** Offline as far as changes go: the lock does not answer, or its maker's account is disconnected. */
export const isUnreachable = (lock: Pick<LockOverview, 'online' | 'accountConnected'>): boolean =>
  !lock.online || !lock.accountConnected

export function matchesState(lock: LockOverview, state: LockState): boolean {
  switch (state) {
    case 'all':
      return true
    case 'problems':
      return lock.attention !== null
    case 'offline':
      return isUnreachable(lock)
    case 'low_battery':
      return lock.battery !== null && isLowBattery(lock.battery.status)
  }
}

export function matchesLockFilters(lock: LockOverview, filters: LockFilters): boolean {
  const name = filters.name.trim().toLocaleLowerCase()
  return (
    (filters.propertyId === null || lock.propertyId === filters.propertyId) &&
    matchesState(lock, filters.state) &&
    (name === '' || lock.name.toLocaleLowerCase().includes(name))
  )
}

/**
 * The properties to show, each with its matching locks in the order given (those that need attention first). Without
 * filters every property shows, empty ones too; with filters, only those with a match.
 */
export function filterProperties(properties: readonly PropertyOverview[], filters: LockFilters): PropertyOverview[] {
  if (!isFiltered(filters)) return [...properties]
  return properties
    .map((property) => ({ ...property, locks: property.locks.filter((lock) => matchesLockFilters(lock, filters)) }))
    .filter((property) => property.locks.length > 0)
}

/** How many of a property's locks show before "Show all": the first PREVIEW_LOCKS, or every lock that needs attention. */
export const previewCount = (locks: readonly LockOverview[]): number =>
  Math.max(PREVIEW_LOCKS, locks.filter((lock) => lock.attention !== null).length)
