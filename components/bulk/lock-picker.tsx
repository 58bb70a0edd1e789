'use client'

import { useEffect, useRef } from 'react'
import { Badge } from '@/components/ui/badge'
import { cx } from '@/components/ui/cx'
import type { BulkLock, BulkProperty } from '@/lib/schemas/bulk-code-form'

export interface LockPickerProps {
  properties: readonly BulkProperty[]
  value: readonly string[]
  onChange(deviceIds: string[]): void
  error?: string | undefined
  disabled?: boolean
}

/**
 * The locks to put the code on, property by property: each property has "All locks of …" (mixed while only some are
 * chosen), and each lock shows its brand, whether it is online and its free slots.
 */
export function LockPicker({ properties, value, onChange, error, disabled = false }: LockPickerProps) {
  const chosen = new Set(value)
  // Keep the order of the page (property by property, then by name), whatever order they were ticked in.
  const ordered = (ids: ReadonlySet<string>): string[] =>
    properties.flatMap((p) => p.locks.map((l) => l.deviceId)).filter((id) => ids.has(id))
  const toggle = (deviceIds: readonly string[], on: boolean) => {
    const next = new Set(chosen)
    for (const id of deviceIds) {
      if (on) next.add(id)
      else next.delete(id)
    }
    onChange(ordered(next))
  }

  return (
    <div aria-describedby={error === undefined ? undefined : 'deviceIds-error'} className="grid gap-5">
      {properties.map((property) => (
        <PropertyLocks
          key={property.propertyId}
          property={property}
          chosen={chosen}
          disabled={disabled}
          onToggle={toggle}
        />
      ))}
      {error !== undefined && (
        <p id="deviceIds-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  )
}

function PropertyLocks({
  property,
  chosen,
  disabled,
  onToggle,
}: {
  property: BulkProperty
  chosen: ReadonlySet<string>
  disabled: boolean
  onToggle(deviceIds: readonly string[], on: boolean): void
}) {
  const ids = property.locks.map((l) => l.deviceId)
  const count = ids.filter((id) => chosen.has(id)).length
  const all = ids.length > 0 && count === ids.length
  const allBox = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (allBox.current !== null) allBox.current.indeterminate = count > 0 && !all
  }, [count, all])
  const headingId = `property-${property.propertyId}`

  return (
    <fieldset aria-labelledby={headingId} className="min-w-0">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h3 id={headingId} className="text-sm font-semibold text-slate-900">
          {property.name}
          <span className="ml-2 font-normal text-slate-600">{property.timezoneLabel}</span>
        </h3>
        {ids.length > 0 && (
          <label className="flex cursor-pointer items-center gap-2 text-sm text-slate-800">
            <input
              ref={allBox}
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={all}
              disabled={disabled}
              onChange={(event) => onToggle(ids, event.target.checked)}
            />
            All locks of {property.name}
            <span className="text-slate-600">
              ({count} of {ids.length})
            </span>
          </label>
        )}
      </div>
      {ids.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">No locks in this property.</p>
      ) : (
        <ul className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
          {property.locks.map((lock) => (
            <li key={lock.deviceId}>
              <LockChoice
                lock={lock}
                checked={chosen.has(lock.deviceId)}
                disabled={disabled}
                onChange={(on) => onToggle([lock.deviceId], on)}
              />
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  )
}

function LockChoice({
  lock,
  checked,
  disabled,
  onChange,
}: {
  lock: BulkLock
  checked: boolean
  disabled: boolean
  onChange(on: boolean): void
}) {
  const detailsId = `lock-${lock.deviceId}-details`
  return (
    <label
      className={cx(
        'flex h-full cursor-pointer gap-3 rounded-lg border bg-white p-3 shadow-sm transition-colors hover:border-brand-600',
        checked ? 'border-brand-600 ring-1 ring-brand-600' : 'border-slate-300',
      )}
    >
      <input
        type="checkbox"
        className="mt-0.5 size-4 shrink-0 accent-brand-600"
        checked={checked}
        disabled={disabled}
        aria-describedby={detailsId}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span className="min-w-0 flex-1">
        <span className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
          <span className="text-sm font-medium text-slate-900">{lock.name}</span>
          <ReachBadge lock={lock} />
        </span>
        <span id={detailsId} className="mt-0.5 block text-xs text-slate-600">
          {lock.brand} · {freeSlots(lock)}
          {lock.choosesPin && ' · picks its own PINs'}
        </span>
      </span>
    </label>
  )
}

function ReachBadge({ lock }: { lock: BulkLock }) {
  if (!lock.accountConnected) return <Badge tone="danger">Account disconnected</Badge>
  if (!lock.online) return <Badge tone="danger">Offline</Badge>
  return <Badge tone="success">Online</Badge>
}

function freeSlots(lock: BulkLock): string {
  if (lock.maxActiveCodes <= 0) return 'slots not limited'
  const free = Math.max(0, lock.maxActiveCodes - lock.slotsInUse)
  return `${free} of ${lock.maxActiveCodes} slots free`
}
