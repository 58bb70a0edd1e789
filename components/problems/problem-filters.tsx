'use client'

import { useId } from 'react'
import { kindLabels } from '@/components/problems/problem-labels'
import { Button } from '@/components/ui/button'
import { Field, SelectInput } from '@/components/ui/field'
import { problemKinds, type ProblemKind, type ProblemsFilter } from '@/lib/schemas/problem'

export interface FilterChoices {
  properties: { propertyId: string; name: string }[]
  locks: { deviceId: string; name: string; propertyId: string }[]
}

const ANY = ''

/** Property, lock and kind. Choosing a property narrows the locks offered to its own. */
export function ProblemFilters({
  filter,
  choices,
  onChange,
}: {
  filter: ProblemsFilter
  choices: FilterChoices
  onChange(filter: ProblemsFilter): void
}) {
  const propertyId = useId()
  const lockId = useId()
  const kindId = useId()
  const locks =
    filter.property_id === undefined
      ? choices.locks
      : choices.locks.filter((lock) => lock.propertyId === filter.property_id)
  const filtered = filter.property_id !== undefined || filter.device_id !== undefined || filter.kind !== undefined
  const set = (changes: Partial<Record<keyof ProblemsFilter, string>>): void => {
    const next: ProblemsFilter = {}
    const merged = { ...filter, ...changes }
    if (merged.property_id) next.property_id = merged.property_id
    if (merged.device_id && (next.property_id === undefined || locks.some((l) => l.deviceId === merged.device_id)))
      next.device_id = merged.device_id
    const kind = problemKinds.find((k) => k === merged.kind)
    if (kind !== undefined) next.kind = kind
    onChange(next)
  }

  return (
    <form
      aria-label="Filter problems"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(event) => event.preventDefault()}
    >
      {choices.properties.length > 1 && (
        <Field id={propertyId} label="Property" className="w-full sm:w-56">
          <SelectInput
            id={propertyId}
            value={filter.property_id ?? ANY}
            onChange={(event) => set({ property_id: event.target.value, device_id: ANY })}
          >
            <option value={ANY}>All properties</option>
            {choices.properties.map((property) => (
              <option key={property.propertyId} value={property.propertyId}>
                {property.name}
              </option>
            ))}
          </SelectInput>
        </Field>
      )}
      <Field id={lockId} label="Lock" className="w-full sm:w-56">
        <SelectInput
          id={lockId}
          value={filter.device_id ?? ANY}
          onChange={(event) => set({ device_id: event.target.value })}
        >
          <option value={ANY}>All locks</option>
          {locks.map((lock) => (
            <option key={lock.deviceId} value={lock.deviceId}>
              {lock.name}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field id={kindId} label="Kind" className="w-full sm:w-56">
        <SelectInput
          id={kindId}
          value={filter.kind ?? ANY}
          onChange={(event) => set({ kind: event.target.value as ProblemKind | typeof ANY })}
        >
          <option value={ANY}>All kinds</option>
          {problemKinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabels[kind]}
            </option>
          ))}
        </SelectInput>
      </Field>
      {filtered && (
        <Button variant="ghost" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </form>
  )
}
