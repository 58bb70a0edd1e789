'use client'

import { useId } from 'react'
import { Button } from '@/components/ui/button'
import { Field, SelectInput, TextInput } from '@/components/ui/field'
import {
  lockStateLabels,
  lockStates,
  type LockFilters as Filters,
  type LockState,
} from '@/lib/client/lock-filters-model'

/** Name, property and state. The state choices say how many locks each would show with the other filters. */
export function LockFilters({
  filters,
  properties,
  stateCounts,
  onNameChange,
  onChange,
  onClear,
}: {
  filters: Filters
  properties: { propertyId: string; name: string }[]
  stateCounts: Record<LockState, number>
  onNameChange(name: string): void
  onChange(filters: Filters): void
  onClear(): void
}) {
  const nameId = useId()
  const propertyId = useId()
  const stateId = useId()
  const filtered = filters.name.trim() !== '' || filters.propertyId !== null || filters.state !== 'all'
  return (
    <form
      aria-label="Filter locks"
      role="search"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => event.preventDefault()}
    >
      <Field id={nameId} label="Lock name" className="w-full sm:w-64">
        <TextInput
          id={nameId}
          type="search"
          value={filters.name}
          placeholder="e.g. Unit 2"
          autoComplete="off"
          maxLength={200}
          // The height of the selects beside it, so that the labels line up.
          className="h-9"
          onChange={(event) => onNameChange(event.target.value)}
        />
      </Field>
      {properties.length > 1 && (
        <Field id={propertyId} label="Property" className="w-full sm:w-56">
          <SelectInput
            id={propertyId}
            value={filters.propertyId ?? ''}
            onChange={(event) => onChange({ ...filters, propertyId: event.target.value || null })}
          >
            <option value="">All properties</option>
            {properties.map((property) => (
              <option key={property.propertyId} value={property.propertyId}>
                {property.name}
              </option>
            ))}
          </SelectInput>
        </Field>
      )}
      <Field id={stateId} label="State" className="w-full sm:w-56">
        <SelectInput
          id={stateId}
          value={filters.state}
          onChange={(event) =>
            onChange({ ...filters, state: lockStates.find((s) => s === event.target.value) ?? 'all' })
          }
        >
          {lockStates.map((state) => (
            <option key={state} value={state}>
              {lockStateLabels[state]} ({stateCounts[state]})
            </option>
          ))}
        </SelectInput>
      </Field>
      {filtered && (
        <Button variant="ghost" className="h-9" onClick={onClear}>
          Clear filters
        </Button>
      )}
    </form>
  )
}
