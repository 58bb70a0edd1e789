'use client'

import { useId, useState, type FormEvent } from 'react'
import { Button } from '@/components/ui/button'
import { Field, SelectInput, TextInput } from '@/components/ui/field'
import { healthLooks, isStaysFiltered, stayWhens, whenLabels, type StaysFilter } from '@/lib/client/stays-model'
import { stayHealth } from '@/lib/schemas/stay'

export interface StaysFilterChoices {
  properties: { propertyId: string; name: string }[]
}

const ANY = ''

/**
 * Property, health, dates and a search by guest or reservation key. The choices apply at once; the search applies
 * with Enter or the button, so that typing does not reload the list at every letter.
 */
export function StaysFilters({
  filter,
  choices,
  onChange,
}: {
  filter: StaysFilter
  choices: StaysFilterChoices
  onChange(filter: StaysFilter): void
}) {
  const ids = { property: useId(), health: useId(), when: useId(), search: useId() }
  const [search, setSearch] = useState(filter.search ?? '')
  const [shownSearch, setShownSearch] = useState(filter.search)
  // The box follows the address when that changes (a link, Back, "Clear filters").
  if (shownSearch !== filter.search) {
    setShownSearch(filter.search)
    setSearch(filter.search ?? '')
  }
  const set = (changes: Partial<Record<keyof StaysFilter, string | undefined>>): void => {
    const merged = { ...filter, ...changes }
    const next: StaysFilter = {}
    if (merged.property_id) next.property_id = merged.property_id
    const health = stayHealth.options.find((h) => h === merged.health)
    if (health !== undefined) next.health = health
    const typed = merged.search?.trim()
    if (typed) next.search = typed
    if (merged.when === 'all') next.when = 'all'
    onChange(next)
  }
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    set({ search })
  }

  return (
    <form
      aria-label="Filter stays"
      onSubmit={onSubmit}
      className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[repeat(3,minmax(0,12rem))_minmax(0,1fr)]"
    >
      {choices.properties.length > 1 && (
        <Field id={ids.property} label="Property">
          <SelectInput
            id={ids.property}
            value={filter.property_id ?? ANY}
            onChange={(event) => set({ property_id: event.target.value })}
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
      <Field id={ids.health} label="Health">
        <SelectInput
          id={ids.health}
          value={filter.health ?? ANY}
          onChange={(event) => set({ health: event.target.value })}
        >
          <option value={ANY}>Any health</option>
          {stayHealth.options.map((health) => (
            <option key={health} value={health}>
              {healthLooks[health].filterLabel}
            </option>
          ))}
        </SelectInput>
      </Field>
      <Field id={ids.when} label="Dates">
        <SelectInput
          id={ids.when}
          value={filter.when ?? 'current'}
          onChange={(event) => set({ when: event.target.value === 'all' ? 'all' : undefined })}
        >
          {stayWhens.map((when) => (
            <option key={when} value={when}>
              {whenLabels[when]}
            </option>
          ))}
        </SelectInput>
      </Field>
      <div className="sm:col-span-2 lg:col-span-1">
        <label htmlFor={ids.search} className="block text-sm font-medium text-slate-800">
          Guest or reservation
        </label>
        <div className="mt-1 flex gap-2">
          <TextInput
            id={ids.search}
            type="search"
            value={search}
            maxLength={200}
            placeholder="e.g. Smith or HMA-1042"
            onChange={(event) => setSearch(event.target.value)}
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </div>
      </div>
      {isStaysFiltered(filter) && (
        <div className="sm:col-span-2 lg:col-span-4">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => onChange(filter.when === undefined ? {} : { when: filter.when })}
          >
            Clear filters
          </Button>
        </div>
      )}
    </form>
  )
}
