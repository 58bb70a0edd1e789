'use client'

import { useSearchParams } from 'next/navigation'
import { useCallback, useMemo } from 'react'
import { lockFiltersOf, queryOf, type LockFilters } from '@/lib/client/lock-filters-model'

/**
 * The Locks page's filters, read from the page's address, and a setter that writes them back there (replaceState:
 * Next.js keeps useSearchParams in step without fetching the page again, and Back leaves the page rather than
 * stepping through every filter tried).
 */
export function useLockFilters(propertyIds: readonly string[]): [LockFilters, (next: LockFilters) => void] {
  const searchParams = useSearchParams()
  const filters = useMemo(() => lockFiltersOf(searchParams, propertyIds), [searchParams, propertyIds])
  const setFilters = useCallback((next: LockFilters): void => {
    window.history.replaceState(null, '', `${window.location.pathname}${queryOf(next)}`)
  }, [])
  return [filters, setFilters]
}
