'use client'

import { useDeferredValue, useMemo, useState } from 'react'
import { LockCard } from '@/components/devices/lock-card'
import { LockFilters } from '@/components/devices/lock-filters'
import { Button } from '@/components/ui/button'
import { cx } from '@/components/ui/cx'
import { EmptyState } from '@/components/ui/empty-state'
import {
  filterProperties,
  isFiltered,
  isUnreachable,
  lockStates,
  matchesLockFilters,
  NO_LOCK_FILTERS,
  previewCount,
  type LockFilters as Filters,
  type LockState,
} from '@/lib/client/lock-filters-model'
import { useLockFilters } from '@/lib/client/use-lock-filters'
import type { PropertyOverview } from '@/lib/shared/workspace-overview'
import { formatInZone, zoneLabel } from '@/lib/time/zoned'

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`

/**
 * Every property with its lock cards, the locks that need attention first, and the filters above them. Filtering is
 * done here, on what the page loaded: typing a name answers at once, even with hundreds of locks.
 */
export function LocksOverview({
  properties,
  workspaceId,
  renderedAt,
}: {
  properties: PropertyOverview[]
  workspaceId: string
  /** When the server read the overview: the local times shown are of that moment, on the server and in the browser. */
  renderedAt: string
}) {
  const propertyIds = useMemo(() => properties.map((p) => p.propertyId), [properties])
  const [fromAddress, setFilters] = useLockFilters(propertyIds)
  // The name is typed here and written to the address as it changes; the cards follow a moment behind the keys.
  const [name, setName] = useState(fromAddress.name)
  const typedName = useDeferredValue(name)
  const filters = useMemo<Filters>(() => ({ ...fromAddress, name: typedName }), [fromAddress, typedName])
  const shown = useMemo(() => filterProperties(properties, filters), [properties, filters])
  const allLocks = useMemo(() => properties.flatMap((p) => p.locks), [properties])
  const stateCounts = useMemo(() => {
    const counts = {} as Record<LockState, number>
    for (const state of lockStates)
      counts[state] = allLocks.filter((lock) => matchesLockFilters(lock, { ...filters, state })).length
    return counts
  }, [allLocks, filters])
  const matching = shown.reduce((sum, p) => sum + p.locks.length, 0)
  const filtered = isFiltered(filters)

  const changeName = (next: string): void => {
    setName(next)
    setFilters({ ...fromAddress, name: next })
  }
  const clear = (): void => {
    setName('')
    setFilters(NO_LOCK_FILTERS)
  }

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <LockFilters
          filters={{ ...fromAddress, name }}
          properties={properties.map((p) => ({ propertyId: p.propertyId, name: p.name }))}
          stateCounts={stateCounts}
          onNameChange={changeName}
          onChange={(next) => setFilters({ ...next, name })}
          onClear={clear}
        />
        <p role="status" className="text-sm text-slate-700">
          {filtered
            ? `${matching} of ${count(allLocks.length, 'lock', 'locks')} ${matching === 1 ? 'matches' : 'match'}.`
            : ''}
        </p>
      </div>
      {shown.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white">
          <EmptyState
            title="No locks match these filters"
            action={
              <Button variant="secondary" onClick={clear}>
                Clear filters
              </Button>
            }
          >
            <p>Try part of the name only, or another property or state.</p>
          </EmptyState>
        </div>
      ) : (
        shown.map((property) => (
          <PropertySection
            // A new filter starts each property folded again.
            key={`${property.propertyId}|${filtered ? 'filtered' : 'all'}`}
            property={property}
            workspaceId={workspaceId}
            renderedAt={renderedAt}
            filtered={filtered}
          />
        ))
      )}
    </div>
  )
}

function PropertySection({
  property,
  workspaceId,
  renderedAt,
  filtered,
}: {
  property: PropertyOverview
  workspaceId: string
  renderedAt: string
  filtered: boolean
}) {
  const [showAll, setShowAll] = useState(false)
  const headingId = `property-${property.propertyId}`
  const gridId = `locks-${property.propertyId}`
  const now = new Date(renderedAt)
  const offline = property.locks.filter(isUnreachable).length
  const needAttention = property.locks.filter((l) => l.attention !== null).length
  const preview = filtered ? property.locks.length : previewCount(property.locks)
  const folded = !showAll && property.locks.length > preview
  const locks = folded ? property.locks.slice(0, preview) : property.locks
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 border-b border-slate-200 pb-2">
        <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-0.5">
          <h2 id={headingId} className="text-lg font-semibold text-slate-900">
            {property.name}
          </h2>
          <p className="text-sm text-slate-600">
            <span className="sr-only">Time zone: </span>
            {zoneLabel(property.timezone, now)}
            <span aria-hidden="true"> · </span>
            <span className="whitespace-nowrap">
              {formatInZone(renderedAt, property.timezone, { weekday: undefined, month: undefined, day: undefined })}{' '}
              local time
            </span>
          </p>
        </div>
        <p className="text-sm text-slate-600">
          {count(property.locks.length, filtered ? 'lock matches' : 'lock', filtered ? 'locks match' : 'locks')}
          {offline > 0 && (
            <>
              , <span className="font-semibold text-red-700">{offline} offline</span>
            </>
          )}
          {needAttention > 0 && (
            <>
              , <span className="font-semibold text-red-700">{needAttention} with problems</span>
            </>
          )}
        </p>
      </div>
      {property.locks.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No locks in this property yet.
        </p>
      ) : (
        <>
          <ul id={gridId} className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {locks.map((lock) => (
              <li key={lock.deviceId} className="grid">
                <LockCard lock={lock} href={`/w/${workspaceId}/devices/${lock.deviceId}`} />
              </li>
            ))}
          </ul>
          {property.locks.length > preview && (
            <div className={cx('flex flex-wrap items-center gap-3', folded && 'pt-1')}>
              <Button
                variant="secondary"
                aria-expanded={!folded}
                aria-controls={gridId}
                onClick={() => setShowAll((all) => !all)}
              >
                {folded ? `Show all ${property.locks.length} locks in ${property.name}` : 'Show fewer'}
              </Button>
              {folded && (
                <span className="text-sm text-slate-600">
                  {locks.length} shown{needAttention > 0 ? ', those with problems first' : ''}. Or find one by name
                  above.
                </span>
              )}
            </div>
          )}
        </>
      )}
    </section>
  )
}
